"""Weight profiles: the default weights plus tailoring files that override what they name.

A profile file (rubric/profiles/NAME.yaml, or any path) looks like:

    extends: default          # or another profile's name; default when absent
    description: 为何这样调整
    areas: {F: 20}            # overrides, relative to siblings
    codes: {F1: 2}
    indicators: {D2.1: 1.5}
    off: [D2.3]               # switch indicators (or codes, or areas) off
    components: {written: 0.6, field: 0.25, survey: 0.15}
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .rubric import Rubric
from .yamlio import RubricError, describe_validation_error, line_of, load_yaml

DEFAULT_PROFILE = "default"


class ProfileFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    extends: str = DEFAULT_PROFILE
    description: str = ""
    areas: dict[str, float] = Field(default_factory=dict)
    codes: dict[str, float] = Field(default_factory=dict)
    indicators: dict[str, float] = Field(default_factory=dict)
    off: list[str] = Field(default_factory=list)
    components: dict[str, float] = Field(default_factory=dict)

    @field_validator("areas", "codes", "indicators", "components")
    @classmethod
    def _non_negative(cls, value):
        for key, w in value.items():
            if w < 0:
                raise ValueError(f"{key} 的权重为负数（{w}）")
        return value


class Weights(BaseModel):
    """Effective relative weights for every area, code and indicator, after tailoring."""

    model_config = ConfigDict(frozen=True)

    profile: str
    areas: dict[str, float]
    codes: dict[str, float]
    indicators: dict[str, float]
    components: dict[str, float] = Field(default_factory=dict)

    def indicator_max(self, rubric: Rubric) -> dict[str, float]:
        """Each indicator's share of the 100 points.

        A node whose children are all switched off weighs nothing, so its share flows to its
        siblings instead of vanishing from the total.
        """
        code_area = rubric.code_area()
        by_code: dict[str, list[str]] = {}
        for ind in rubric.indicators:
            by_code.setdefault(ind.code, []).append(ind.id)
        code_sum = {c: sum(self.indicators[i] for i in ids) for c, ids in by_code.items()}
        eff_code = {c: (self.codes.get(c, 1.0) if code_sum.get(c, 0) > 0 else 0.0) for c in code_area}
        area_sum = {a: 0.0 for a in rubric.spec.areas}
        for c, w in eff_code.items():
            area_sum[code_area[c]] += w
        eff_area = {a: (self.areas.get(a, 1.0) if area_sum[a] > 0 else 0.0) for a in rubric.spec.areas}
        total = sum(eff_area.values())
        out: dict[str, float] = {}
        for ind in rubric.indicators:
            c, a = ind.code, code_area[ind.code]
            w = self.indicators[ind.id]
            if w == 0 or total == 0:
                out[ind.id] = 0.0
                continue
            out[ind.id] = 100.0 * eff_area[a] / total * eff_code[c] / area_sum[a] * w / code_sum[c]
        return out


def default_weights(rubric: Rubric) -> Weights:
    w = rubric.weights
    return Weights(
        profile=DEFAULT_PROFILE,
        areas={a: w.areas.get(a, 1.0) for a in rubric.spec.areas},
        codes={c: w.codes.get(c, 1.0) for c in rubric.code_area()},
        indicators={ind.id: w.indicators.get(ind.id, ind.weight) for ind in rubric.indicators},
        components=dict(w.components),
    )


def profile_path(rubric: Rubric, name_or_file: str) -> Path:
    candidate = Path(name_or_file)
    if candidate.suffix in {".yaml", ".yml"} or candidate.exists():
        return candidate
    return Path(rubric.rubric_dir) / "profiles" / f"{name_or_file}.yaml"


def load_weights(rubric: Rubric, name_or_file: str | None = None, _chain: tuple[str, ...] = ()) -> Weights:
    """Resolve a profile (a name in rubric/profiles/ or a file path) into effective weights."""
    if not name_or_file or name_or_file == DEFAULT_PROFILE:
        return default_weights(rubric)
    path = profile_path(rubric, name_or_file)
    key = str(path.resolve())
    if key in _chain:
        raise RubricError(path, None, "配置文件循环继承（extends 指向了自己或形成环）")
    if not path.exists():
        where = _chain[-1] if _chain else None
        raise RubricError(where or path, None, f"找不到权重配置 {name_or_file}（{path}）")
    data = load_yaml(path) or {}
    if not isinstance(data, dict):
        raise RubricError(path, getattr(data, "line", None), "顶层应为映射（键: 值）")
    try:
        prof = ProfileFile.model_validate(data)
    except ValidationError as exc:
        raise describe_validation_error(path, data, exc) from None
    parent_ref = prof.extends
    if parent_ref not in (DEFAULT_PROFILE, "") and not Path(parent_ref).is_absolute():
        sibling = path.parent / f"{parent_ref}.yaml"
        if sibling.exists() or not Path(parent_ref).suffix:
            parent_ref = str(sibling) if sibling.exists() else parent_ref
    try:
        parent = load_weights(rubric, parent_ref, _chain + (key,))
    except RubricError as exc:
        if exc.path == str(path) or exc.line is not None:
            raise
        raise RubricError(path, line_of(data, ("extends",)), exc.message) from None

    areas, codes, inds = dict(parent.areas), dict(parent.codes), dict(parent.indicators)
    for section, target in (("areas", areas), ("codes", codes), ("indicators", inds)):
        for k, v in getattr(prof, section).items():
            if k not in target:
                raise RubricError(path, line_of(data, (section, k)), f"{section} 中的 {k} 不存在")
            target[k] = v
    for i, name in enumerate(prof.off):
        line = line_of(data, ("off", i))
        if name in inds:
            inds[name] = 0.0
        elif name in codes:
            for ind in rubric.indicators:
                if ind.code == name:
                    inds[ind.id] = 0.0
        elif name in areas:
            code_area = rubric.code_area()
            for ind in rubric.indicators:
                if code_area[ind.code] == name:
                    inds[ind.id] = 0.0
        else:
            raise RubricError(path, line, f"off 中的 {name} 不是已知的一级指标、二级指标或指标 id")
    components = {**parent.components, **prof.components}
    weights = Weights(profile=path.stem, areas=areas, codes=codes, indicators=inds, components=components)
    if sum(weights.indicator_max(rubric).values()) <= 0:
        raise RubricError(path, None, "所有指标都被关闭或权重为 0，无法评分")
    return weights
