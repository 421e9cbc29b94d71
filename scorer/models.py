"""Typed edges between the pipeline stages.

Only data lives here; each stage module owns the behaviour that produces its model.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

Group = Literal["province", "city", "county", "township", "department", "other"]
GROUPS: tuple[Group, ...] = ("province", "city", "county", "township", "department", "other")


class Level(IntEnum):
    """Evidence level of one third-level indicator, ordered by strength."""

    none = 0
    mention = 1
    substantive = 2
    quantified = 3

    @property
    def catalogue_level(self) -> int:
        """The catalogue's 0/1/2 scale: quantified counts as substantive."""
        return min(int(self), 2)


LEVEL_NAMES = tuple(lv.name for lv in Level)  # a level's name by its value (an enum's .name is a descriptor call)


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --- read --------------------------------------------------------------------------------


class Submission(Frozen):
    """One report as normalised text plus its metadata. Formats and encodings end here."""

    id: str
    title: str
    text: str
    region: str = ""
    group: Group = "other"
    year: int | None = None
    date: str = ""
    author: str = ""
    source_path: str = ""
    source_format: str = "txt"
    sha256: str = ""  # of the normalised text: the evidence cache key, equal across formats
    file_sha256: str = ""  # of the file as received, for the audit trail


class Failure(Frozen):
    path: str
    error: str


class DuplicateId(Frozen):
    """An id more than one file claimed. Every file was scored; `assigned` is the id each one
    was scored as (the first keeps the id, later ones get `<id>-2`, ...), in `files`' order."""

    id: str
    files: list[str]
    assigned: list[str]


# --- segment -----------------------------------------------------------------------------


# Segmentation's types are internal to a run (no file holds them) and a document makes hundreds:
# light read-only tuples, not validated models, which cost several times more to make and read.


class Sentence(NamedTuple):
    start: int
    end: int
    paragraph: int  # index into Document.paragraphs


class Paragraph(NamedTuple):
    start: int
    end: int
    heading: str  # the nearest heading above (empty at the top)
    is_heading: bool = False


@dataclass(frozen=True, slots=True)
class Document:
    submission_id: str
    text: str
    paragraphs: list[Paragraph]
    sentences: list[Sentence]


# --- extract -----------------------------------------------------------------------------


class Passage(Frozen):
    """A quoted span of the submission that justifies a level."""

    quote: str
    start: int
    end: int
    level: Level = Level.mention
    terms: list[str] = Field(default_factory=list)  # the matched terms, for highlighting
    heading: str = ""
    paragraph: int = 0
    why: str = ""  # which detectors decided the level, in Chinese, for the reviewer


class IndicatorEvidence(Frozen):
    id: str
    code: str
    level: Level
    passages: list[Passage] = Field(default_factory=list)


class Review(Frozen):
    """An expert's decision on one indicator's level, with the reason and who took it."""

    indicator: str
    machine_level: Level  # what the engine found: kept so the page and `scorer reviews` can compare
    level: Level
    reason: str
    reviewer: str
    date: str = ""


class Problem(Frozen):
    quote: str
    start: int
    end: int
    code: str | None = None


class Evidence(Frozen):
    """What the text shows, independent of any weights: this is what gets cached."""

    submission_id: str
    text_sha256: str
    rules_sha256: str
    indicators: list[IndicatorEvidence]
    problems: list[Problem] = Field(default_factory=list)
    reviews: list[Review] = Field(default_factory=list)  # applied by scorer/reviews.py, never cached

    def by_id(self) -> dict[str, IndicatorEvidence]:
        return {ev.id: ev for ev in self.indicators}
