"""The results contract (`results.json`): what later stages and outside tools rely on."""

from __future__ import annotations

import functools

from pydantic import BaseModel, Field
from pydantic_core import SchemaSerializer

from .models import DuplicateId, Failure, Group


class EvidenceQuote(BaseModel):
    quote: str
    start: int
    end: int


class ReviewResult(BaseModel):
    level: str
    reason: str
    reviewer: str
    date: str | None = None


class IndicatorResult(BaseModel):
    id: str
    code: str
    level: str  # none | mention | substantive | quantified; an expert's level when reviewed
    score: float
    max: float
    evidence: list[EvidenceQuote] = Field(default_factory=list)
    machine_level: str | None = None  # only when a review changed the level
    review: ReviewResult | None = None


class AreaResult(BaseModel):
    score: float
    max: float


class SecondaryResult(BaseModel):
    level: int  # the catalogue's 0/1/2
    score: float
    max: float


class ProblemResult(BaseModel):
    quote: str
    start: int
    end: int
    code: str | None = None


class Gap(BaseModel):
    indicator: str
    code: str
    points_lost: float
    expects: str


class SubmissionResult(BaseModel):
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


class Results(BaseModel):
    rubric: RubricInfo
    submissions: list[SubmissionResult]
    failures: list[Failure] = Field(default_factory=list)
    near_duplicates: list[NearDuplicate] = Field(default_factory=list)
    # files that claimed one id (all scored, the later ones under new ids) and reviews set aside
    duplicate_ids: list[DuplicateId] = Field(default_factory=list)
    stale_reviews: list[StaleReview] = Field(default_factory=list)
    engine_version: str = ""

    def to_json_bytes(self) -> bytes:
        # Byte-identical for identical inputs: fixed key order, no timestamps in the contract.
        # model_dump_json's serializer, as UTF-8 bytes: at 10,000 submissions the contract is
        # about 670 MB, and decoding it to a str only to encode it again for the file cost a
        # quarter of writing it.
        return self.__pydantic_serializer__.to_json(self, indent=1, exclude_none=True) + b"\n"

    def to_json(self) -> str:
        return self.to_json_bytes().decode("utf-8")


class Record(dict):
    """A results record as plain data: a dict in the contract's key order whose fields also read
    as attributes (a missing optional field reads as None), so every reader of `Results` reads it
    unchanged.

    Building one pydantic model per indicator, gap and quote cost 0.3 ms per submission; scoring
    builds records, and `Results.model_validate(record)` is the checked form of the same data
    (tests/unit/test_tables.py: the same bytes everywhere).
    """

    __slots__ = ()

    def __getattr__(self, name: str):
        if name.startswith("__"):  # copy, pickle and friends ask for these: not fields
            raise AttributeError(name)
        return self.get(name)

    def __reduce__(self):  # pickled for page workers under spawn: a Record again
        return (type(self), (dict(self),))


# The order of SubmissionResult's fields: a record keeps every one of them (None when absent) so
# that filling rank, band or components later keeps its place in results.json.
SUBMISSION_FIELDS = tuple(SubmissionResult.model_fields)
RESULTS_FIELDS = tuple(Results.model_fields)


class ResultsRecord(Record):
    """The whole contract as records: submissions are Records, the few top-level entries
    (rubric, failures, near-duplicates, duplicate ids, stale reviews) stay models."""

    __slots__ = ()

    def to_json_bytes(self) -> bytes:
        """What `Results.model_validate(self).to_json_bytes()` writes (the same field types,
        None left out, the same indentation), without building the models."""
        return _records_serializer().to_json(self, indent=1, exclude_none=True) + b"\n"

    def to_json(self) -> str:
        return self.to_json_bytes().decode("utf-8")


_AS_RECORDS = (Results, SubmissionResult, IndicatorResult, EvidenceQuote, ReviewResult, AreaResult, SecondaryResult,
               ProblemResult, Gap)


@functools.cache
def _records_serializer() -> SchemaSerializer:
    """The models' own serializer with each model that is built as a record read as a typed dict:
    the same fields, types and order, so the bytes are the models' (a dict serialized by inferring
    each value's type took 2.5 times as long)."""

    def convert(node):
        if isinstance(node, list):
            return [convert(x) for x in node]
        if not isinstance(node, dict):
            return node
        if node.get("type") == "model" and node.get("cls") in _AS_RECORDS:
            fields = node["schema"]["fields"]
            return {"type": "typed-dict", "fields": {
                name: {"type": "typed-dict-field", "schema": convert(f["schema"]), "required": True}
                for name, f in fields.items()}}
        return {k: convert(v) for k, v in node.items()}

    return SchemaSerializer(convert(Results.__pydantic_core_schema__))
