"""`scorer reviews`: how often experts changed the engine's levels in a finished run, per
indicator and direction: the indicators whose rules most need another look come first."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from ..models import Level
from ..results import Results
from ..results_file import read_results
from ..reviews import tally
from .common import load_rubric_from
from .weights import _pad

REASONS_SHOWN = 3  # per indicator: enough to see why experts disagree, short enough to scan


def add_parser(sub):
    p = sub.add_parser("reviews", help="统计专家复核改动引擎等级的情况（按指标和方向）",
                       description="读取一次评分的 results.json，按三级指标统计专家复核把引擎的等级上调、下调了多少次，"
                                   "改动最多的指标排在前面：这是评分规则最需要修订之处。")
    p.add_argument("results_dir", type=Path, metavar="RESULTS_DIR", help="scorer score 或 rescore 的输出目录")
    p.add_argument("--rubric", metavar="DIR", help="评分方案目录（用于显示指标名称；默认：项目的 rubric/）")
    p.add_argument("--indicators", metavar="DIR", help="指标规则目录（默认：rubric 目录同级的 indicators/）")
    return p


def _load(path: Path) -> Results:
    try:
        return Results.model_validate(read_results(path))
    except ValidationError as exc:
        raise ValueError(f"{path}: 评分结果已损坏：{str(exc).splitlines()[0]}") from None


def run(args) -> int:
    results = _load(args.results_dir / "results.json")
    rubric = load_rubric_from(args)
    names = {ind.id: ind.name for ind in rubric.indicators}
    level_names = {name: spec.name for name, spec in rubric.spec.levels.items()}
    rows = tally(results)
    changed = sum(t.changed for t in rows)
    subs = {sid for t in rows for sid in t.submissions}
    n = len(results.submissions)
    if not rows:
        print(f"{n} 份材料中没有专家改动引擎的等级（用 scorer score/rescore --reviews 文件 采用评审意见）。")
        return 0
    indicators = sum(len(s.indicators) for s in results.submissions)
    print(f"{n} 份材料中 {len(subs)} 份经专家复核，改动 {changed} 项指标等级（占全部 {indicators} 项的 "
          f"{changed / indicators:.1%}）：上调 {sum(t.raised for t in rows)} 项，下调 {sum(t.lowered for t in rows)} 项。")
    print(_pad("指标", 8) + _pad("改动", 6, True) + _pad("上调", 6, True) + _pad("下调", 6, True) + "  名称 / 引擎 → 专家")
    for t in rows:
        print(_pad(t.indicator, 8) + _pad(str(t.changed), 6, True) + _pad(str(t.raised), 6, True)
              + _pad(str(t.lowered), 6, True) + "  " + names.get(t.indicator, "（评分方案中已无此指标）"))
        for (machine, expert), count in sorted(t.moves.items(), key=lambda m: (-m[1], -Level[m[0][1]], m[0])):
            direction = "上调" if Level[expert] > Level[machine] else "下调"
            print(" " * 28 + f"{direction}：{level_names.get(machine, machine)} → {level_names.get(expert, expert)}"
                  f" × {count}")
        for sid, reason in t.reasons[:REASONS_SHOWN]:
            print(" " * 28 + f"理由（{sid}）：{' '.join(reason.split())}")
        if len(t.reasons) > REASONS_SHOWN:
            print(" " * 28 + f"…… 另有 {len(t.reasons) - REASONS_SHOWN} 条理由，见 results.json")
    return 0
