"""Weight profiles: the default weights plus tailoring files that override what they name.

A profile file (rubric/profiles/NAME.yaml, or any path) looks like:

    extends: default          # or another profile's name or file; default when absent
    name: 复议调解加权         # optional display name (default: the file name)
    description: 为何这样调整
    areas: {F: 20}            # overrides, relative to siblings
    codes: {F1: 2}
    indicators: {D2.1: 1.5}
    off: [D2.3]               # switch indicators (or codes, or areas) off
    components: {written: 0.6, field: 0.25, survey: 0.15}

Every weight is relative to its siblings (see `Weights.indicator_max`). A profile names only
what it changes; everything else comes from the profile it extends, and in the end from
rubric/weights.yaml and the indicator files' own `weight`. Every mistake is a RubricError with
the file and line: unknown ids, negative or non-numeric weights, a profile extending itself
(or a cycle), a missing parent, a profile that switches everything off.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .rubric import ID_RE, Rubric
from .yamlio import LineDict, RubricError, check_weight_sections, describe_validation_error, line_of, load_yaml

DEFAULT_PROFILE = "default"
WRITTEN = "written"  # the component this engine computes: the written-review total
SECTIONS = ("areas", "codes", "indicators")
SECTION_ZH = {"areas": "一级指标", "codes": "二级指标", "indicators": "三级指标", "components": "评估组成部分"}


class ProfileFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    extends: str = DEFAULT_PROFILE
    name: str | None = None
    description: str = ""
    areas: dict[str, float] = Field(default_factory=dict)
    codes: dict[str, float] = Field(default_factory=dict)
    indicators: dict[str, float] = Field(default_factory=dict)
    off: list[str] = Field(default_factory=list)
    components: dict[str, float] = Field(default_factory=dict)


class Weights(BaseModel):
    """Effective relative weights for every area, code and indicator, after tailoring."""

    model_config = ConfigDict(frozen=True)

    profile: str
    areas: dict[str, float]
    codes: dict[str, float]
    indicators: dict[str, float]
    components: dict[str, float] = Field(default_factory=dict)
    description: str = ""
    extends: str = ""  # the parent profile's name, empty for the default
    source: str = ""  # the profile file, empty for the default

    def indicator_max(self, rubric: Rubric) -> dict[str, float]:
        """Each indicator's share of the 100 points.

        A node whose children are all switched off weighs nothing, so its share flows to its
        siblings instead of vanishing from the total.

        The arithmetic is the scoring kernel's (scorer/kernel.py), which the live weights page
        repeats in JavaScript and a test checks against it.
        """
        from .kernel import Kernel

        return dict(zip((ind.id for ind in rubric.indicators), Kernel(rubric, self).maxima()[0].tolist()))

    def points(self, rubric: Rubric) -> dict[str, float]:
        """Points out of 100 of every area, code and indicator (the sums of indicator_max)."""
        maxima = self.indicator_max(rubric)
        code_area = rubric.code_area()
        out = {a: 0.0 for a in rubric.spec.areas}
        out.update({c: 0.0 for c in code_area})
        for ind in rubric.indicators:
            out[ind.id] = maxima[ind.id]
            out[ind.code] += maxima[ind.id]
            out[code_area[ind.code]] += maxima[ind.id]
        return out

    def flat(self) -> dict[str, float]:
        """{id: weight} for every area, code and indicator."""
        return {**self.areas, **self.codes, **self.indicators}


def default_weights(rubric: Rubric) -> Weights:
    w = rubric.weights
    return Weights(
        profile=DEFAULT_PROFILE,
        areas={a: w.areas.get(a, 1.0) for a in rubric.spec.areas},
        codes={c: w.codes.get(c, 1.0) for c in rubric.code_area()},
        indicators={ind.id: w.indicators.get(ind.id, ind.weight) for ind in rubric.indicators},
        components=dict(w.components),
        description="默认权重（rubric/weights.yaml 与指标文件中的 weight）",
    )


def profiles_dir(rubric: Rubric) -> Path:
    return Path(rubric.rubric_dir) / "profiles"


def available_profiles(rubric: Rubric) -> list[str]:
    folder = profiles_dir(rubric)
    return [DEFAULT_PROFILE] + sorted(p.stem for p in folder.glob("*.y*ml")) if folder.is_dir() else [DEFAULT_PROFILE]


def profile_path(rubric: Rubric, name_or_file: str) -> Path:
    """A profile's file: a path as given (anything ending in .yaml/.yml, or existing), else a name
    looked up in rubric/profiles/."""
    candidate = Path(name_or_file)
    if candidate.suffix in {".yaml", ".yml"} or candidate.exists():
        return candidate
    return profiles_dir(rubric) / f"{name_or_file}.yaml"


def _parent_path(rubric: Rubric, child: Path, ref: str) -> Path:
    """Where `extends: ref` of the profile `child` points: a file relative to the child, else a
    profile of that name beside the child, else one in rubric/profiles/."""
    ref_path = Path(ref)
    if ref_path.suffix in {".yaml", ".yml"} or "/" in ref:
        return ref_path if ref_path.is_absolute() else child.parent / ref_path
    sibling = child.parent / f"{ref}.yaml"
    return sibling if sibling.exists() else profiles_dir(rubric) / f"{ref}.yaml"


def _key_line(data, key: str) -> int | None:
    """The line of a top-level key itself (line_of gives the line where its value starts)."""
    return getattr(data, "key_lines", {}).get(key) or line_of(data, (key,))


def _check_values(path: Path, data: LineDict) -> None:
    """Weights must be finite non-negative numbers; located before pydantic sees (and coerces) them."""
    check_weight_sections(path, data, (*SECTIONS, "components"), negative_hint="；关闭请写 0 或列入 off")
    off = data.get("off")
    if off is not None:
        if not isinstance(off, list):
            raise RubricError(path, _key_line(data, "off"), "off 应为列表，如 off: [D2.3, F4]")
        for i, item in enumerate(off):
            if not isinstance(item, str):
                raise RubricError(path, line_of(data, ("off", i)), f"off 中的 {item!r} 应为指标编号（字符串）")
    for key in ("extends", "name", "description"):
        if key in data and not isinstance(data[key], str):
            raise RubricError(path, _key_line(data, key), f"{key} 应为字符串")


def _where_else(key: str, known: dict[str, set[str]], section: str) -> str:
    for other, ids in known.items():
        if other != section and key in ids:
            return f"；{key} 是{SECTION_ZH[other]}，应写在 {other} 下"
    return ""


def load_weights(rubric: Rubric, name_or_file: str | None = None, _chain: tuple[str, ...] = ()) -> Weights:
    """Resolve a profile (a name in rubric/profiles/ or a file path) into effective weights."""
    if not name_or_file or name_or_file == DEFAULT_PROFILE:
        return default_weights(rubric)
    path = profile_path(rubric, name_or_file)
    if not path.exists():
        known = "、".join(available_profiles(rubric))
        raise RubricError(path, None, f"找不到权重配置 {name_or_file}（可用的配置：{known}）")
    return _load_file(rubric, path, _chain)


def _load_file(rubric: Rubric, path: Path, chain: tuple[str, ...]) -> Weights:
    key = str(path.resolve())
    data = load_yaml(path)
    if data is None:
        data = LineDict()
    if not isinstance(data, dict):
        raise RubricError(path, getattr(data, "line", None), "顶层应为映射（键: 值）")
    if False in data and "off" not in data:
        # YAML 1.1 reads a bare `off:` key as the boolean false: it is our `off` list.
        data["off"] = data.pop(False)
        data.key_lines["off"] = data.key_lines.pop(False, None)
    _check_values(path, data)
    try:
        prof = ProfileFile.model_validate(data)
    except ValidationError as exc:
        raise describe_validation_error(path, data, exc) from None

    extends_line = _key_line(data, "extends")
    if prof.extends in (DEFAULT_PROFILE, ""):
        parent = default_weights(rubric)
    else:
        parent_path = _parent_path(rubric, path, prof.extends)
        parent_key = str(parent_path.resolve())
        if parent_key == key:
            raise RubricError(path, extends_line, f"配置不能继承自己（extends: {prof.extends}）")
        if parent_key in chain:
            names = " → ".join(Path(p).stem for p in (*chain, key, parent_key))
            raise RubricError(path, extends_line, f"配置循环继承：{names}")
        if not parent_path.exists():
            raise RubricError(path, extends_line,
                              f"extends 指向的配置 {prof.extends} 不存在（查找了 {parent_path}）")
        parent = _load_file(rubric, parent_path, chain + (key,))

    areas, codes, inds = dict(parent.areas), dict(parent.codes), dict(parent.indicators)
    known = {"areas": set(areas), "codes": set(codes), "indicators": set(inds)}
    for section, target in (("areas", areas), ("codes", codes), ("indicators", inds)):
        for k, v in getattr(prof, section).items():
            if k not in target:
                hint = _where_else(k, known, section)
                raise RubricError(path, line_of(data, (section, k)), f"{section} 中的 {k} 不是已知的{SECTION_ZH[section]}{hint}")
            target[k] = float(v)
    code_area = rubric.code_area()
    for i, name in enumerate(prof.off):
        if name in inds:
            inds[name] = 0.0
        elif name in codes or name in areas:
            for ind in rubric.indicators:
                if ind.code == name or code_area[ind.code] == name:
                    inds[ind.id] = 0.0
        else:
            raise RubricError(path, line_of(data, ("off", i)),
                              f"off 中的 {name} 不是已知的一级指标、二级指标或三级指标编号")
    components = {**parent.components, **{k: float(v) for k, v in prof.components.items()}}
    if prof.components:
        line = _key_line(data, "components")
        if WRITTEN not in components:
            raise RubricError(path, line, f"components 必须包含 {WRITTEN}（本工具的书面评审总分）的权重")
        if sum(components.values()) <= 0:
            raise RubricError(path, line, "components 的权重之和必须大于 0")
    weights = Weights(profile=prof.name or path.stem, areas=areas, codes=codes, indicators=inds,
                      components=components, description=prof.description or parent.description,
                      extends=parent.profile, source=str(path))
    if sum(weights.indicator_max(rubric).values()) <= 0:
        line = next((_key_line(data, s) for s in ("off", *SECTIONS) if s in data), None)
        raise RubricError(path, line, "所有指标都被关闭或权重为 0，无法评分")
    return weights


def kind_of(rubric: Rubric, item_id: str) -> str | None:
    """Which section an id belongs to: areas (A), codes (A1) or indicators (A1.1)."""
    if item_id in rubric.spec.areas:
        return "areas"
    if item_id in rubric.code_area():
        return "codes"
    if ID_RE.match(item_id) and any(ind.id == item_id for ind in rubric.indicators):
        return "indicators"
    return None


def profile_yaml(rubric: Rubric, weights: Weights, *, name: str | None = None, header: str = "",
                 all_indicators: bool = True) -> str:
    """The effective weights as a self-contained profile file (extends the default).

    With all_indicators every indicator weight is written, so the file reproduces the weights
    even if the default changes later; otherwise only those that differ from the default.
    """
    default = default_weights(rubric)
    inds = {i: w for i, w in weights.indicators.items() if all_indicators or w != default.indicators[i]}
    doc = {"extends": DEFAULT_PROFILE, "name": name or weights.profile,
           "description": weights.description or "", "areas": dict(weights.areas), "codes": dict(weights.codes),
           "indicators": inds}
    if weights.components:
        doc["components"] = dict(weights.components)
    body = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=False, width=200)
    head = "".join(f"# {line}\n" for line in header.splitlines()) if header else ""
    return head + body
