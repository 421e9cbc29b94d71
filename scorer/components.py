"""Composite ranking: the written review combined with scores assessed elsewhere.

The demonstration assessment ranks by several components: the written review this engine
performs (component `written`, the 0–100 total), 实地评估 (field assessment) and
人民群众满意度测评 (satisfaction survey), whose scores come from elsewhere. They arrive as a CSV:

    id,field,survey
    qinglan,86.5,91
    yunling,78,88.2

`id` is the submission id (front matter `id`, else the file name); then one column per
component, each 0–100 (headers may also be the Chinese names 实地评估, 群众满意度测评 / 满意度).
The profile's `components:` section weighs them, `written` included:

    components: {written: 0.5, field: 0.3, survey: 0.2}

composite = Σ weight × score / Σ weight, rounded to 4 decimals like every total.

Missing data is never scored as zero. A submission of the run without a row, or with an empty
cell (or NA, -) in a component that has a weight, stops the command with exit code 2 and a
list of every missing id and value; nothing is written. Rows whose id is not in the run are
reported as a notice and ignored. Values outside 0–100, non-numbers and duplicate ids are errors
with file and line.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

from pydantic import BaseModel

from .profiles import WRITTEN, Weights
from .results import Record

COMPONENT_NAMES_ZH = {WRITTEN: "书面评审", "field": "实地评估", "survey": "群众满意度测评"}
_ALIASES = {"实地评估": "field", "实地": "field", "群众满意度测评": "survey", "满意度测评": "survey",
            "满意度": "survey", "书面评审": WRITTEN}
_ID_HEADERS = {"id", "编号", "材料编号"}
_MISSING = {"", "na", "n/a", "nan", "-", "—", "缺", "缺失"}
FILE_NAME = "components.csv"  # the copy kept with a run's outputs, reused by rescore


class ComponentsError(ValueError):
    """Components that cannot be combined; the CLI prints it and exits 2."""


class Components(BaseModel):
    """Scores from elsewhere: {submission id: {component: score or None when missing}}."""

    names: list[str]
    scores: dict[str, dict[str, float | None]]
    source: str = ""
    lines: dict[str, int] = {}
    used: bool = True  # False: kept with the outputs, but the profile has no component weights


def display_name(name: str) -> str:
    zh = COMPONENT_NAMES_ZH.get(name)
    return f"{zh}（{name}）" if zh else name


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in Chinese locales saves CSV as GBK
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ComponentsError(f"{path}: 无法识别的编码（请保存为 UTF-8 或 GBK 的 CSV）")


def read_components(path: str | Path) -> Components:
    path = Path(path)
    if not path.exists():
        raise ComponentsError(f"{path}: 找不到组成部分成绩文件")
    rows = list(csv.reader(_read_text(path).splitlines()))
    rows = [(n, r) for n, r in enumerate(rows, 1) if any(cell.strip() for cell in r)]
    if not rows:
        raise ComponentsError(f"{path}: 文件为空，应有表头 id,<组成部分>...")
    header_line, header = rows[0]
    header = [h.strip() for h in header]
    if not header or header[0] not in _ID_HEADERS:
        raise ComponentsError(f"{path}:{header_line}: 第一列应为 id（材料编号），而不是 {header[0] if header else '（空）'!r}")
    names = [_ALIASES.get(h, h) for h in header[1:]]
    if not names:
        raise ComponentsError(f"{path}:{header_line}: 除 id 外至少需要一列组成部分成绩（如 field、survey）")
    for i, name in enumerate(names):
        if not name:
            raise ComponentsError(f"{path}:{header_line}: 第 {i + 2} 列没有列名")
        if name == WRITTEN:
            raise ComponentsError(f"{path}:{header_line}: {WRITTEN}（书面评审）由本工具计算，不应出现在文件中")
        if names.index(name) != i:
            raise ComponentsError(f"{path}:{header_line}: 列 {header[i + 1]} 重复")
    scores: dict[str, dict[str, float | None]] = {}
    lines: dict[str, int] = {}
    for line, row in rows[1:]:
        cells = [c.strip() for c in row] + [""] * (len(header) - len(row))
        if len(row) > len(header) and any(c.strip() for c in row[len(header):]):
            raise ComponentsError(f"{path}:{line}: 列数（{len(row)}）多于表头（{len(header)}）")
        sub_id = cells[0]
        if not sub_id:
            raise ComponentsError(f"{path}:{line}: 缺少 id")
        if sub_id in scores:
            raise ComponentsError(f"{path}:{line}: id {sub_id} 重复（第 {lines[sub_id]} 行已出现）")
        values: dict[str, float | None] = {}
        for name, cell in zip(names, cells[1:len(header)]):
            if cell.lower() in _MISSING:
                values[name] = None
                continue
            try:
                value = float(cell.rstrip("分"))
            except ValueError:
                raise ComponentsError(f"{path}:{line}: {sub_id} 的 {name} 应为 0–100 的数字，而不是 {cell!r}") from None
            if math.isnan(value) or not 0 <= value <= 100:
                raise ComponentsError(f"{path}:{line}: {sub_id} 的 {name} 为 {cell}，应在 0–100 之间")
            values[name] = value
        scores[sub_id] = values
        lines[sub_id] = line
    return Components(names=names, scores=scores, source=str(path), lines=lines)


def check(components: Components, ids: list[str], weights: Weights) -> list[str]:
    """Raise ComponentsError listing everything missing; return notices (ignored rows)."""
    where = components.source or "组成部分成绩"
    if not weights.components:
        raise ComponentsError(
            f"权重配置 {weights.profile} 没有 components: 段，不知道如何合成综合成绩；请在配置中写明各组成部分的权重，"
            f"如 components: {{written: 0.5, {', '.join(f'{n}: …' for n in components.names)}}}，"
            f"或用 --profile 选择含 components 的配置（如 rubric/profiles/demonstration.yaml）")
    weighted = [n for n in weights.components if n != WRITTEN]
    unweighted = [n for n in components.names if n not in weights.components]
    problems = []
    if unweighted:
        problems.append(f"文件中的列 {'、'.join(unweighted)} 在权重配置 {weights.profile} 的 components 中没有权重"
                        f"（已有：{'、'.join(weights.components)}）")
    absent = [n for n in weighted if n not in components.names]
    if absent:
        problems.append(f"权重配置要求的组成部分 {'、'.join(display_name(n) for n in absent)} 在文件中没有对应的列")
    if problems:
        raise ComponentsError(f"{where}: " + "；".join(problems))
    missing_ids = [i for i in ids if i not in components.scores]
    missing_values = [
        f"{i} 的 {n}（第 {components.lines.get(i, '?')} 行）"
        for i in ids if i in components.scores
        for n in weighted if weights.components[n] > 0 and components.scores[i].get(n) is None
    ]
    if missing_ids or missing_values:
        parts = [f"{where}: 组成部分成绩不完整，未写入任何输出（缺失不会按 0 分处理）："]
        if missing_ids:
            parts.append(f"  缺少 {len(missing_ids)} 份材料的行：{'、'.join(missing_ids)}")
        if missing_values:
            parts.append(f"  缺少 {len(missing_values)} 个分数：{'、'.join(missing_values)}")
        parts.append("请补齐后重试。")
        raise ComponentsError("\n".join(parts))
    known = set(ids)
    extra = [i for i in components.scores if i not in known]
    return [f"注意：{where} 中的 {'、'.join(extra)} 不是本次评分的材料，已忽略"] if extra else []


def composite(total: float, scores: dict[str, float | None], weights: dict[str, float]) -> float:
    """Σ weight × score / Σ weight in the profile's order (the weights page repeats it exactly)."""
    num = 0.0
    den = 0.0
    for name, w in weights.items():
        x = total if name == WRITTEN else scores.get(name)
        if w == 0 or x is None:
            continue
        num += w * x
        den += w
    return round(num / den + 0.0, 4)


def apply_records(results: list[Record], components: Components, weights: Weights) -> list[Record]:
    """Fill `components` and `composite` of every result in place (check() must have passed)."""
    for r in results:
        scores = components.scores[r.id]
        shown = {name: (r.total if name == WRITTEN else scores.get(name)) for name in weights.components}
        r["components"] = {k: v for k, v in shown.items() if v is not None}
        r["composite"] = composite(r.total, scores, weights.components)
    return results


def write_copy(components: Components, folder: Path, ids: list[str] | None = None) -> None:
    """Keep the components of the run's submissions (`ids`, default all) with its outputs, so that
    rescore and sensitivity reuse them."""
    keep = set(ids) if ids is not None else None
    with (folder / FILE_NAME).open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", *components.names])
        for sub_id, values in components.scores.items():
            if keep is not None and sub_id not in keep:
                continue
            writer.writerow([sub_id, *("" if values.get(n) is None else repr(values[n]) for n in components.names)])


def for_run(given: Path | None, ids: list[str], weights: Weights,
            results_dir: Path | None = None) -> tuple[Components | None, list[str]]:
    """The components a command should combine, and the notices to show about them: `given`
    (`--components FILE`), else (rescore, sensitivity) the copy kept in RESULTS_DIR. Missing data
    raises ComponentsError (exit code 2)."""
    if given:
        comps = read_components(given)
    elif results_dir is not None and (Path(results_dir) / FILE_NAME).exists():
        comps = read_components(Path(results_dir) / FILE_NAME)
        if not weights.components:
            return comps.model_copy(update={"used": False}), [
                f"注意：权重配置 {weights.profile} 没有 components: 段，本次按书面评审总分排名，"
                f"未使用 {comps.source} 中的组成部分成绩（文件仍保留在输出目录中）"]
    else:
        if set(weights.components) - {WRITTEN}:
            return None, [f"注意：权重配置 {weights.profile} 设有组成部分权重（{'、'.join(map(display_name, weights.components))}），"
                          f"但没有提供 --components 成绩文件；本次按书面评审总分排名，未计算综合分"]
        return None, []
    return comps, check(comps, ids, weights)
