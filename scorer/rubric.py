"""The rubric: areas, codes, levels, groups, weights and indicator rules, loaded and validated.

Loading is strict: any problem is a RubricError naming the file and line, because rubric owners
edit these files by hand and must be told exactly where they went wrong.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Literal

import re2
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator

from .models import GROUPS, LEVEL_NAMES, Group, Level
from .yamlio import LineDict, RubricError, check_weight, check_weight_sections, describe_validation_error, line_of, load_yaml

DEFAULT_RUBRIC_DIR = Path(__file__).resolve().parent.parent / "rubric"
ID_RE = re.compile(r"^([A-J]\d)\.(\d+)$")
# RE2 logs its own complaints to stderr from C++; we report them ourselves, with file and line.
RE2_OPTIONS = re2.Options()
RE2_OPTIONS.log_errors = False


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class LevelSpec(Strict):
    credit: float = Field(ge=0, le=1)
    name: str


class GroupSpec(Strict):
    name: str


class BandSpec(Strict):
    """One 等次: the lowest written-review total (or composite, when components rank) that earns it."""

    name: str = Field(min_length=1)
    total: float = Field(ge=0, le=100)
    composite: float = Field(ge=0, le=100)
    meaning: str = ""  # what the band says to an office, shown beside it


class AreaSpec(Strict):
    name: str
    codes: dict[str, str]


class RubricSpec(Strict):
    version: str
    name: str
    levels: dict[Literal["none", "mention", "substantive", "quantified"], LevelSpec]
    groups: dict[Group, GroupSpec]
    areas: dict[str, AreaSpec]
    bands: list[BandSpec] = Field(default_factory=list)
    # The part of an indicator's points credited by the strongest level of its second-level code
    # rather than by its own: reviewers judge a code by its best evidence, breadth across the
    # code's third-level indicators refines that (rubric/README.md, "How points are earned").
    code_share: float = Field(default=0.0, ge=0, le=1)

    @model_validator(mode="after")
    def _bands_descend(self):
        # Best band first, thresholds falling, the last at 0: every submission gets exactly one band.
        for basis in ("total", "composite"):
            values = [getattr(b, basis) for b in self.bands]
            if any(a <= b for a, b in zip(values, values[1:])):
                raise ValueError(f"bands 应从高到低排列，{basis} 阈值逐个递减（现为 {values}）")
            if values and values[-1] != 0:
                raise ValueError(f"bands 最后一个等次的 {basis} 阈值应为 0，使每份材料都有等次")
        if len({b.name for b in self.bands}) != len(self.bands):
            raise ValueError("bands 的等次名称重复")
        return self

    @model_validator(mode="after")
    def _complete(self):
        missing = set(LEVEL_NAMES) - set(self.levels)
        if missing:
            raise ValueError(f"levels 缺少 {sorted(missing)}")
        # Every peer group a submission can be put in needs its Chinese name for the reports.
        missing_groups = [g for g in GROUPS if g not in self.groups]
        if missing_groups:
            raise ValueError(f"groups 缺少 {missing_groups}（每个同级组都要有 name，见 rubric/README.md）")
        credits = [self.levels[n].credit for n in LEVEL_NAMES]
        if credits != sorted(credits):
            raise ValueError("levels 的 credit 必须随等级递增（none ≤ mention ≤ substantive ≤ quantified）")
        return self


class Clause(Strict):
    """One way a passage can be about the indicator's topic."""

    all: list[list[str]] = Field(default_factory=list)
    not_: list[str] = Field(default_factory=list, alias="not")
    regex: str | None = None
    scope: Literal["sentence", "paragraph"] = "sentence"

    @field_validator("all", mode="before")
    @classmethod
    def _groups(cls, value):
        # A group may be written as a single term: all: [复议, [办结, 审结]]
        if isinstance(value, list):
            return [[g] if isinstance(g, str) else g for g in value]
        return value

    @field_validator("all")
    @classmethod
    def _non_empty_terms(cls, value):
        for group in value:
            if not group or any(not t.strip() for t in group):
                raise ValueError("词组不能为空")
        return value

    @field_validator("regex")
    @classmethod
    def _re2(cls, value):
        if value is None:
            return value
        try:
            re2.compile(value, options=RE2_OPTIONS)
        except re2.error as exc:
            reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else exc
            raise ValueError(f"正则表达式无效（RE2 语法，不支持后行断言与反向引用）：{reason}") from None
        return value

    @model_validator(mode="after")
    def _something(self):
        if not self.all and not self.regex:
            raise ValueError("match 条目至少需要 all 或 regex 之一")
        return self


class Examples(Strict):
    none: list[str] = Field(default_factory=list)
    mention: list[str] = Field(default_factory=list)
    substantive: list[str] = Field(default_factory=list)
    quantified: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _required(self):
        if not self.none or not self.mention or not (self.substantive or self.quantified):
            raise ValueError("examples 至少需要 none、mention，以及 substantive 或 quantified 之一")
        return self

    def items(self):
        """(level, index within the level's list, text) for every example."""
        for level in Level:
            for index, text in enumerate(getattr(self, level.name)):
                yield level, index, text


class Indicator(Strict):
    id: str
    code: str
    name: str = Field(min_length=2)
    expects: str = Field(min_length=4)
    weight: float = Field(ge=0)
    match: list[Clause] = Field(min_length=1)
    concrete: list[str] = Field(default_factory=list)
    examples: Examples
    # Where each example was written, "file:line" by (level name, index), for `scorer check` to
    # point at a failing one (set by load_indicator_files; not part of the rules or their hash).
    _example_lines: dict[tuple[str, int], str] = PrivateAttr(default_factory=dict)

    def example_location(self, level: Level, index: int) -> str:
        """Where the example was written ("file:line"), or the indicator's id when unknown."""
        return self._example_lines.get((level.name, index), self.id)

    @model_validator(mode="after")
    def _id_under_code(self):
        m = ID_RE.match(self.id)
        if not m:
            raise ValueError(f"id {self.id!r} 格式应为 <二级代码>.<序号>，如 D2.1")
        if m.group(1) != self.code:
            raise ValueError(f"id {self.id} 不属于 code {self.code}")
        return self

    def terms(self) -> set[str]:
        out = set(self.concrete)
        for clause in self.match:
            out.update(clause.not_)
            for group in clause.all:
                out.update(group)
        return out


class IndicatorFile(Strict):
    area: str
    indicators: list[Indicator]


class WeightsSpec(Strict):
    areas: dict[str, float] = Field(default_factory=dict)
    codes: dict[str, float] = Field(default_factory=dict)
    indicators: dict[str, float] = Field(default_factory=dict)
    components: dict[str, float] = Field(default_factory=dict)

    @field_validator("areas", "codes", "indicators", "components")
    @classmethod
    def _non_negative(cls, value):
        for key, w in value.items():
            if w < 0:
                raise ValueError(f"{key} 的权重为负数（{w}）")
        return value


class Rubric(BaseModel):
    """Everything loaded from rubric/ and indicators/, with cross-references checked."""

    model_config = ConfigDict(frozen=True)

    spec: RubricSpec
    indicators: list[Indicator]
    weights: WeightsSpec
    rubric_dir: str
    indicators_dir: str
    sha256: str  # of every file that shapes scores: rubric, weights, indicators
    rules_sha256: str  # of what shapes evidence only (no weights): the cache key

    @property
    def version(self) -> str:
        return self.spec.version

    def code_area(self) -> dict[str, str]:
        return {code: a for a, area in self.spec.areas.items() for code in area.codes}

    def group_names(self) -> dict[str, str]:
        """Chinese names of the peer groups, as the rubric owner wrote them."""
        return {key: spec.name for key, spec in self.spec.groups.items()}

    def code_names(self) -> dict[str, str]:
        return {code: name for area in self.spec.areas.values() for code, name in area.codes.items()}

    def indicator(self, indicator_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)

    def credit(self, level: Level) -> float:
        return self.spec.levels[level.name].credit

    def credit_matrix(self) -> list[list[float]]:
        """Credit of an indicator by [its own level][the best level of its code], as fractions of
        its points: (1 - code_share) × credit(own) + code_share × credit(best). The one place this
        blend is computed; the kernel, the weights page and the review preview all read it."""
        share = self.spec.code_share
        return [[(1.0 - share) * self.credit(own) + share * self.credit(best) for best in Level] for own in Level]


def _validate(model, path: Path, data):
    if not isinstance(data, dict):
        raise RubricError(path, getattr(data, "line", None), "顶层应为映射（键: 值）")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise describe_validation_error(path, data, exc) from None


def load_indicator_files(indicators_dir: Path, spec: RubricSpec) -> list[Indicator]:
    code_area = {code: a for a, area in spec.areas.items() for code in area.codes}
    files = sorted(indicators_dir.glob("*.yaml")) + sorted(indicators_dir.glob("*.yml"))
    if not files:
        raise RubricError(indicators_dir, None, "没有找到指标文件（*.yaml）")
    seen: dict[str, str] = {}
    indicators: list[Indicator] = []
    for path in files:
        data = load_yaml(path)
        _check_indicator_weights(path, data)
        parsed = _validate(IndicatorFile, path, data)
        if parsed.area not in spec.areas:
            raise RubricError(path, line_of(data, ("area",)), f"未知的一级指标 {parsed.area}")
        for i, ind in enumerate(parsed.indicators):
            line = line_of(data, ("indicators", i))
            if ind.code not in code_area:
                raise RubricError(path, line_of(data, ("indicators", i, "code")), f"未知的二级指标代码 {ind.code}")
            if code_area[ind.code] != parsed.area:
                raise RubricError(path, line, f"{ind.id} 的代码 {ind.code} 不属于本文件的一级指标 {parsed.area}")
            if ind.id in seen:
                raise RubricError(path, line, f"指标 id {ind.id} 重复（已在 {seen[ind.id]} 中定义）")
            seen[ind.id] = f"{path.name}:{line}"
            ind._example_lines.update(
                {(level.name, k): f"{_shown_path(path)}:{line_of(data, ('indicators', i, 'examples', level.name, k))}"
                 for level, k, _ in ind.examples.items()})
            indicators.append(ind)
    indicators.sort(key=lambda ind: (ind.code, int(ID_RE.match(ind.id).group(2))))
    return indicators


def _shown_path(path: Path) -> str:
    """The path as a user typing commands here would write it: relative to the working folder when
    under it (indicators/D.yaml), else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _check_indicator_weights(path: Path, data) -> None:
    items = data.get("indicators") if isinstance(data, dict) else None
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and "weight" in item:
            check_weight(path, line_of(data, ("indicators", i, "weight")), f"{item.get('id', '')} 的 weight ", item["weight"])


def _check_weights(path: Path, data, weights: WeightsSpec, spec: RubricSpec, indicators: list[Indicator]):
    codes = {c for a in spec.areas.values() for c in a.codes}
    ids = {ind.id for ind in indicators}
    for section, known in (("areas", set(spec.areas)), ("codes", codes), ("indicators", ids)):
        for key in getattr(weights, section):
            if key not in known:
                raise RubricError(path, line_of(data, (section, key)), f"{section} 中的 {key} 不存在")


def _sha256(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_group_names(rubric_dir: str | Path | None = None) -> dict[str, str]:
    """Peer-group names from rubric.yaml alone, for commands that need no indicators."""
    spec_path = Path(rubric_dir or DEFAULT_RUBRIC_DIR) / "rubric.yaml"
    spec = _validate(RubricSpec, spec_path, load_yaml(spec_path))
    return {key: g.name for key, g in spec.groups.items()}


def load_rubric(rubric_dir: str | Path | None = None, indicators_dir: str | Path | None = None) -> Rubric:
    """Load rubric/ and indicators/ (the sibling of rubric/ unless given)."""
    rubric_dir = Path(rubric_dir) if rubric_dir else DEFAULT_RUBRIC_DIR
    indicators_dir = Path(indicators_dir) if indicators_dir else rubric_dir.parent / "indicators"
    spec_path = rubric_dir / "rubric.yaml"
    spec_data = load_yaml(spec_path)
    levels = spec_data.get("levels") if isinstance(spec_data, dict) else None
    for name, level in (levels.items() if isinstance(levels, dict) else ()):
        if isinstance(level, dict) and "credit" in level:
            check_weight(spec_path, line_of(spec_data, ("levels", name, "credit")), f"levels.{name} 的 credit ", level["credit"])
    spec = _validate(RubricSpec, spec_path, spec_data)
    indicators = load_indicator_files(indicators_dir, spec)
    weights_path = rubric_dir / "weights.yaml"
    weights_data = load_yaml(weights_path) if weights_path.exists() else LineDict()
    check_weight_sections(weights_path, weights_data, ("areas", "codes", "indicators", "components"))
    weights = _validate(WeightsSpec, weights_path, weights_data or LineDict())
    _check_weights(weights_path, weights_data, weights, spec, indicators)

    files = [spec_path] + sorted(indicators_dir.glob("*.y*ml"))
    # The rules hash leaves weights out so that re-weighting reuses cached evidence.
    rules_doc = [ind.model_dump(exclude={"weight", "examples"}, by_alias=True) for ind in indicators]
    from . import detectors  # the detectors shape evidence too

    rules_digest = hashlib.sha256(json.dumps(rules_doc, ensure_ascii=False, sort_keys=True).encode())
    rules_digest.update(Path(detectors.__file__).read_bytes())
    return Rubric(
        spec=spec,
        indicators=indicators,
        weights=weights,
        rubric_dir=str(rubric_dir),
        indicators_dir=str(indicators_dir),
        sha256=_sha256(files + ([weights_path] if weights_path.exists() else [])),
        rules_sha256=rules_digest.hexdigest(),
    )
