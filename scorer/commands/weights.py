"""`scorer weights`: show, compare and edit weight profiles.

    scorer weights show [--profile P] [--json] [--depth N]
    scorer weights diff P Q
    scorer weights set ID VALUE --profile FILE

Weights are relative within their parent: an area's share of the 100 points is its weight over
the sum of the area weights, a code's share of its area is its weight over its siblings', and
so on. `set` edits a profile file in place keeping its comments, and creates it (extending the
default) when it does not exist; the result is validated before it is kept.
"""

from __future__ import annotations

import io
import json
import math
import sys
import unicodedata
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from ..profiles import (DEFAULT_PROFILE, SECTION_ZH, Weights, kind_of, load_weights,
                        profile_path)
from ..rubric import Rubric
from ..yamlio import RubricError
from .common import load_rubric_from


def add_parser(sub):
    p = sub.add_parser("weights", help="查看、比较、修改权重配置",
                       description="查看、比较、修改权重配置。权重都相对于同级：提高一级指标 F 的权重会提高 F 在 100 分中的份额，"
                                   "并按比例降低其他一级指标的份额。")
    actions = p.add_subparsers(dest="action", metavar="ACTION", parser_class=type(p))
    actions.required = True

    def rubric_opts(q):
        q.add_argument("--rubric", metavar="DIR", help="评分方案目录（默认：项目的 rubric/）")
        q.add_argument("--indicators", metavar="DIR", help="指标规则目录（默认：rubric 目录同级的 indicators/）")

    show = actions.add_parser("show", help="以树状显示生效的权重及其份额",
                              description="以树状显示一个权重配置生效后的权重：每项在同级中的份额及其在 100 分中的分值。")
    show.add_argument("--profile", metavar="NAME_OR_FILE", help="权重配置（默认 default）")
    show.add_argument("--json", action="store_true", help="输出 {编号: 权重}（全部一级、二级、三级指标）")
    show.add_argument("--depth", type=int, choices=(1, 2, 3), default=3, help="显示到第几级（默认 3）")
    rubric_opts(show)

    diff = actions.add_parser("diff", help="比较两个权重配置",
                              description="列出两个权重配置中不同的权重，以及每个一级指标的分值如何变化。")
    diff.add_argument("first", metavar="P", help="配置名称或文件（default 为默认权重）")
    diff.add_argument("second", metavar="Q", help="配置名称或文件")
    diff.add_argument("--json", action="store_true", help="输出 {编号: [P 的权重, Q 的权重]}（仅列出不同的）")
    rubric_opts(diff)

    set_ = actions.add_parser("set", help="在配置文件中设置一个权重（保留注释；文件不存在时新建，继承 default）",
                              description="在权重配置文件中设置一个一级、二级或三级指标的权重，保留文件中的注释；文件不存在时新建"
                                          "（继承 default）。修改后立即校验，不合法时撤销修改。")
    set_.add_argument("item", metavar="ID", help="一级指标字母（F）、二级指标代码（F1）或三级指标编号（F1.2）")
    set_.add_argument("value", metavar="VALUE", help="非负数字，相对于同级；0 表示关闭")
    set_.add_argument("--profile", metavar="FILE", required=True, help="要修改的配置文件（或 rubric/profiles/ 中的名称）")
    set_.add_argument("--why", metavar="TEXT", help="同时写入 description：为何这样调整")
    rubric_opts(set_)
    return p


def run(args) -> int:
    rubric = load_rubric_from(args)
    return {"show": _show, "diff": _diff, "set": _set}[args.action](rubric, args)


# --- show --------------------------------------------------------------------------------


def shares(rubric: Rubric, weights: Weights) -> dict[str, float]:
    """Each node's share of its parent (areas: of the whole), as a fraction; 0 when switched off."""
    points = weights.points(rubric)
    code_area = rubric.code_area()
    out: dict[str, float] = {}
    for a in rubric.spec.areas:
        out[a] = points[a] / 100.0
    for c, a in code_area.items():
        out[c] = points[c] / points[a] if points[a] > 0 else 0.0
    for ind in rubric.indicators:
        out[ind.id] = points[ind.id] / points[ind.code] if points[ind.code] > 0 else 0.0
    return out


def _fmt(w: float) -> str:
    return f"{w:g}"


def _pad(text: str, width: int, right: bool = False) -> str:
    """Pad to a display width: CJK characters take two columns in a terminal."""
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    fill = " " * max(0, width - shown)
    return fill + text if right else text + fill


def _show(rubric: Rubric, args) -> int:
    weights = load_weights(rubric, args.profile)
    if args.json:
        print(json.dumps(weights.flat(), ensure_ascii=False, indent=1))
        return 0
    points, share = weights.points(rubric), shares(rubric, weights)
    parent = f"，继承 {weights.extends}" if weights.extends else ""
    print(f"权重配置 {weights.profile}{parent}" + (f"（{weights.source}）" if weights.source else ""))
    if weights.description:
        print(f"说明：{weights.description}")
    print(_pad("编号", 10) + _pad("权重", 7, True) + _pad("同级占比", 9, True) + _pad("分值/100", 10, True) + "  名称")
    code_names = rubric.code_names()
    by_code: dict[str, list] = {}
    for ind in rubric.indicators:
        by_code.setdefault(ind.code, []).append(ind)

    def line(indent: int, item: str, w: float, name: str) -> None:
        off = "  （关闭）" if points[item] == 0 else ""
        label = " " * indent + item
        print(f"{label:<10}{_fmt(w):>7}{share[item] * 100:>8.1f}%{points[item]:>10.2f}  {name}{off}")

    for a, spec in rubric.spec.areas.items():
        line(0, a, weights.areas[a], spec.name)
        if args.depth < 2:
            continue
        for c in spec.codes:
            line(2, c, weights.codes[c], code_names[c] + ("" if c in by_code else "（无三级指标）"))
            if args.depth < 3:
                continue
            for ind in by_code.get(c, []):
                line(4, ind.id, weights.indicators[ind.id], ind.name)
    print(_pad("合计", 26) + f"{sum(points[a] for a in rubric.spec.areas):>10.2f}")
    if weights.components:
        total = sum(weights.components.values())
        print("综合成绩组成部分：" + "，".join(f"{k} {_fmt(w)}（{w / total * 100:.1f}%）" for k, w in weights.components.items()))
    return 0


# --- diff --------------------------------------------------------------------------------


def _diff(rubric: Rubric, args) -> int:
    p, q = load_weights(rubric, args.first), load_weights(rubric, args.second)
    pp, qp = p.points(rubric), q.points(rubric)
    fp, fq = p.flat(), q.flat()
    changed = [k for k in fp if fp[k] != fq[k]]
    comp_keys = list(dict.fromkeys([*p.components, *q.components]))
    comp_changed = [k for k in comp_keys if p.components.get(k) != q.components.get(k)]
    if args.json:
        out = {k: [fp[k], fq[k]] for k in changed}
        out.update({f"components.{k}": [p.components.get(k), q.components.get(k)] for k in comp_changed})
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    print(f"权重配置 {p.profile} → {q.profile}")
    if not changed and not comp_changed:
        print("两者的权重完全相同。")
        return 0
    if changed:
        print(_pad("编号", 10) + _pad("权重", 16, True) + _pad("分值/100", 20, True))
        for k in changed:
            print(f"{k:<10}{_fmt(fp[k]):>7} → {_fmt(fq[k]):<7}{pp[k]:>10.2f} → {qp[k]:<8.2f}({qp[k] - pp[k]:+.2f})")
    moved = [a for a in rubric.spec.areas if abs(pp[a] - qp[a]) >= 0.005]
    if moved:
        print("各一级指标在 100 分中的分值：")
        for a in moved:
            print(f"  {a} {rubric.spec.areas[a].name}：{pp[a]:.2f} → {qp[a]:.2f}（{qp[a] - pp[a]:+.2f}）")
    for k in comp_changed:
        print(f"组成部分 {k}：{p.components.get(k, '—')} → {q.components.get(k, '—')}")
    return 0


# --- set ---------------------------------------------------------------------------------


def _yaml() -> YAML:
    y = YAML()  # round-trip: comments, order and quoting are kept
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def parse_value(text: str) -> int | float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"权重应为数字，而不是 {text!r}") from None
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"权重应为有限的数字，而不是 {text}")
    if value < 0:
        raise ValueError(f"权重不能为负数（{text}）；关闭请设为 0")
    return int(value) if value.is_integer() and "." not in text and "e" not in text.lower() else value


def _new_profile(path: Path) -> CommentedMap:
    doc = CommentedMap()
    doc["extends"] = DEFAULT_PROFILE
    doc["description"] = ""
    doc.yaml_set_start_comment(
        f"权重配置 {path.stem}：只写与所继承配置不同的权重，其余沿用 extends 指向的配置。\n"
        "每个权重都相对于同级；0 表示关闭。description 请写明为何这样调整。\n"
        "由 scorer weights set 创建。")
    return doc


def _set(rubric: Rubric, args) -> int:
    if args.profile == DEFAULT_PROFILE:
        print("scorer: 默认权重在 rubric/weights.yaml 中，请直接编辑该文件；weights set 用于配置文件", file=sys.stderr)
        return 2
    section = kind_of(rubric, args.item)
    if section is None:
        print(f"scorer: {args.item} 不是已知的一级指标字母、二级指标代码或三级指标编号", file=sys.stderr)
        return 2
    value = parse_value(args.value)
    path = profile_path(rubric, args.profile)
    y = _yaml()
    original = path.read_text(encoding="utf-8") if path.exists() else None
    before = load_weights(rubric, str(path)) if original is not None else load_weights(rubric)
    if original is None:
        doc = _new_profile(path)
    else:
        doc = y.load(original)
        if doc is None:
            doc = _new_profile(path)
        elif not isinstance(doc, dict):
            raise RubricError(path, 1, "顶层应为映射（键: 值）")
    block = doc.get(section)
    if block is None:
        block = CommentedMap()
        doc[section] = block
    elif not isinstance(block, dict):
        raise RubricError(path, doc.lc.key(section)[0] + 1 if hasattr(doc, "lc") else None,
                          f"{section} 应为映射（编号: 权重）")
    block[args.item] = value
    if args.why:
        doc["description"] = args.why
    buf = io.StringIO()
    y.dump(doc, buf)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buf.getvalue(), encoding="utf-8")
    try:
        after = load_weights(rubric, str(path))
    except RubricError:
        if original is None:
            path.unlink()
        else:
            path.write_text(original, encoding="utf-8")
        raise
    pb, pa = before.points(rubric), after.points(rubric)
    old = before.flat()[args.item]
    print(f"{'新建' if original is None else '已修改'} {path}：{SECTION_ZH[section]} {args.item} 的权重 "
          f"{_fmt(old)} → {_fmt(float(value))}；占 100 分中的 {pb[args.item]:.2f} → {pa[args.item]:.2f} 分")
    off = [str(x) for x in (doc.get("off") or [])]
    code_area = rubric.code_area()
    ancestors = {args.item}
    if section == "indicators":
        code = rubric.indicator(args.item).code
        ancestors |= {code, code_area[code]}
    elif section == "codes":
        ancestors.add(code_area[args.item])
    blocked = [x for x in off if x in ancestors]
    if blocked and value > 0:
        print(f"注意：{'、'.join(blocked)} 仍列在 off 中，{args.item} 依然关闭", file=sys.stderr)
    return 0



