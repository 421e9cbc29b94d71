"""`scorer check`: validate the rubric and run every indicator's examples as tests."""

from __future__ import annotations

from ..profiles import available_profiles, load_weights
from ..selftest import run_examples
from .common import add_rubric_options, load_rubric_from


def add_parser(sub):
    p = sub.add_parser("check", help="校验评分方案并运行全部指标示例",
                       description="校验评分方案（rubric/）和指标规则（indicators/）：每个问题以“文件:行: 说明”报告；"
                                   "再把每条指标的示例当作测试逐一评分，判定与示例等级不符时指出指标、示例和实际等级。")
    add_rubric_options(p)
    return p


def run(args) -> int:
    rubric = load_rubric_from(args)
    load_weights(rubric, args.profile)
    for name in available_profiles(rubric):  # a broken profile is found now, not when someone scores with it
        load_weights(rubric, name)
    codes = set(rubric.code_area())
    covered = {ind.code for ind in rubric.indicators}
    count, failures = run_examples(rubric)
    for f in failures:
        print(f)
    missing = sorted(codes - covered)
    if missing:
        print(f"以下二级指标没有任何三级指标：{'、'.join(missing)}")
    ok = not failures and not missing
    print(f"{'通过' if ok else '未通过'}：{len(rubric.indicators)} 个指标，覆盖 {len(covered)}/{len(codes)} 个二级指标，"
          f"{count} 个示例，{len(failures)} 个失败")
    return 0 if ok else 1
