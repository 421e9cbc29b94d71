"""The scorecards, as checked models and as plain records: what the pages, documents and outside
tools read. results.json holds their figures in columns (scorer/results_file.py writes it and
reads it back into this shape)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from .models import DuplicateId, Failure, Group


class Fields(BaseModel):
    """A results model whose fields also read as items (`s["total"]`), as a Record's do: readers
    that go over every gap of every submission read items, which a Record serves at dict speed
    (an attribute of a Record costs a Python call, 20 times as much)."""

    def __getitem__(self, name: str):
        return getattr(self, name)


class EvidenceQuote(Fields):
    quote: str
    start: int
    end: int


class ReviewResult(Fields):
    level: str
    reason: str
    reviewer: str
    date: str | None = None


class IndicatorResult(Fields):
    id: str
    code: str
    level: str  # none | mention | substantive | quantified; an expert's level when reviewed
    score: float
    max: float
    evidence: list[EvidenceQuote] = Field(default_factory=list)
    machine_level: str | None = None  # only when a review changed the level
    review: ReviewResult | None = None


class AreaResult(Fields):
    score: float
    max: float


class SecondaryResult(Fields):
    level: int  # the catalogue's 0/1/2
    score: float
    max: float


class ProblemResult(Fields):
    quote: str
    start: int
    end: int
    code: str | None = None


class Gap(Fields):
    indicator: str  # its name and what it expects: Results.indicators
    code: str
    points_lost: float


class SubmissionResult(Fields):
    id: str
    title: str
    group: Group
    region: str = ""
    year: int | None = None
    total: float
    rank: int = 0
    group_rank: int = 0
    band: str | None = None  # 等次 from the rubric's bands (scorer/bands.py)
    areas: dict[str, AreaResult]
    secondary: dict[str, SecondaryResult]
    indicators: list[IndicatorResult]
    problems: list[ProblemResult] = Field(default_factory=list)
    gaps: list[Gap] = Field(default_factory=list)
    source_path: str = ""
    sha256: str = ""
    rank_interval: list[int] | None = None
    components: dict[str, float] | None = None
    composite: float | None = None


class IndicatorInfo(BaseModel):
    """A third-level indicator as the run's gaps refer to it: written once per run, not per gap
    (what an indicator expects is about 200 bytes, and a run of 10,000 has a million gaps)."""

    id: str
    code: str
    name: str
    expects: str


class RubricInfo(BaseModel):
    version: str
    sha256: str
    profile: str


class NearDuplicate(BaseModel):
    a: str
    b: str
    similarity: float


class StaleReview(BaseModel):
    """A review written for another version of a submission's text: reported, not applied."""

    submission: str
    indicator: str
    level: str
    reviewer: str
    file: str
    line: int
    text_sha256: str  # the text the review was written for
    current_sha256: str  # the text scored now


class Results(Fields):
    rubric: RubricInfo
    indicators: list[IndicatorInfo] = Field(default_factory=list)  # in the rubric's order
    submissions: list[SubmissionResult]
    failures: list[Failure] = Field(default_factory=list)
    near_duplicates: list[NearDuplicate] = Field(default_factory=list)
    # files that claimed one id (all scored, the later ones under new ids) and reviews set aside
    duplicate_ids: list[DuplicateId] = Field(default_factory=list)
    stale_reviews: list[StaleReview] = Field(default_factory=list)
    engine_version: str = ""

    def expects(self) -> dict[str, str]:
        """What each indicator expects, by id (the gaps' wording)."""
        return {i.id: i.expects for i in self.indicators}


class Record(dict):
    """A results record as plain data: a dict holding every field of its model (None where the
    model has None).

    Scoring builds records: one pydantic model per indicator, gap and quote cost 0.5 ms per
    submission, more than writing them. `Results.model_validate(record)` is the checked form of
    the same data, and tests/unit/test_tables.py checks that every file written from records is
    the one written from models. Fields read as attributes too, so the readers of `Results` read
    records unchanged; readers that go over every gap or indicator of a run read items (`g["code"]`,
    which models serve as well: `Fields`), as an attribute costs a Python call here.
    """

    __slots__ = ()

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


class ResultsRecord(Record):
    """The whole contract as records: submissions are Records, the few top-level entries
    (rubric, failures, near-duplicates, duplicate ids, stale reviews) stay models. Written to
    results.json by scorer/results_file.py."""

    __slots__ = ()

    expects = Results.expects
