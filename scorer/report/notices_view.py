"""The run's notices about things that were scored but need a person's eye, for the pages.

Two kinds, both read from results.json so that a page says nothing the results do not:
- an id claimed by more than one file: every file was scored, the later ones under new ids;
- a review written for another version of a text: set aside, not applied.
Failures (files not scored at all) are listed elsewhere on the index; these are not failures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..results import Results
from ..rubric import Rubric
from .view import href, level_names


@dataclass(frozen=True)
class ClaimedBy:
    file: str
    assigned: str  # the id the file was scored as
    href: str  # its page, "" when it has none


@dataclass(frozen=True)
class DuplicateNotice:
    id: str
    files: list[ClaimedBy]


@dataclass(frozen=True)
class StaleNotice:
    submission: str
    title: str
    href: str
    indicator: str
    indicator_name: str
    level: str  # the level the reviewer gave, in the rubric's words
    reviewer: str
    where: str  # file:line of the review
    written_for: str  # the first digits of the text's sha256 the review was written for
    current: str


@dataclass
class Notices:
    duplicates: list[DuplicateNotice] = field(default_factory=list)
    stale: list[StaleNotice] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.duplicates) + len(self.stale)

    def for_submission(self, sid: str) -> Notices:
        """The notices that concern one submission's page."""
        return Notices([d for d in self.duplicates if any(c.assigned == sid for c in d.files)],
                       [s for s in self.stale if s.submission == sid])


def build_notices(results: Results, rubric: Rubric, names: dict[str, str]) -> Notices:
    """`names`: each submission's page name (view.page_names)."""
    titles = {s.id: s.title for s in results.submissions}
    levels = level_names(rubric)

    def page(sid: str) -> str:
        return href(names[sid]) if sid in names else ""

    def indicator_name(ind: str) -> str:
        try:
            return rubric.indicator(ind).name
        except KeyError:
            return ""

    duplicates = [DuplicateNotice(d.id, [ClaimedBy(f, a, page(a)) for f, a in zip(d.files, d.assigned)])
                  for d in results.duplicate_ids]
    stale = [StaleNotice(s.submission, titles.get(s.submission, s.submission), page(s.submission), s.indicator,
                         indicator_name(s.indicator), levels.get(s.level, s.level), s.reviewer, f"{s.file}:{s.line}",
                         s.text_sha256[:12], s.current_sha256[:12])
             for s in results.stale_reviews]
    return Notices(duplicates, stale)
