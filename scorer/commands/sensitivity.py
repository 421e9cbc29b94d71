"""`scorer sensitivity`: how stable is each rank when the area and code weights are perturbed?

Reads a finished run (no submission is read again), draws random perturbations of the weights
(scorer/sensitivity.py documents the distribution), and rewrites the run's outputs with each
submission's `rank_interval` (5th–95th percentile of its ranks) plus sensitivity.csv/json, which
also give the share of draws in which each submission keeps its rank.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..report.weights_page import PROFILE_FILE
from ..sensitivity import DEFAULT_DRAWS, DEFAULT_SEED, DEFAULT_SIGMA, analyse
from .common import add_review_option, add_rubric_options, finish, load_rubric_from, reviews_from, saved_run


def add_parser(sub):
    p = sub.add_parser(
        "sensitivity", help="权重随机扰动下的名次稳定性（名次区间）",
        description="对一级、二级指标权重做随机扰动（每个权重乘以 exp(σ·Z)，Z 为标准正态），统计每份材料名次的 "
                    "5%–95% 分位区间和保持原名次的比例，并写回 RESULTS_DIR 的各项输出。不重新读取材料。")
    p.add_argument("results_dir", type=Path, metavar="RESULTS_DIR", help="scorer score 的输出目录")
    p.add_argument("--draws", type=int, default=DEFAULT_DRAWS, metavar="N", help=f"扰动次数（默认 {DEFAULT_DRAWS}）")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S", help=f"随机种子，相同种子结果相同（默认 {DEFAULT_SEED}）")
    p.add_argument("--sigma", type=float, default=DEFAULT_SIGMA, metavar="X",
                   help=f"对数尺度上的扰动幅度 σ（默认 {DEFAULT_SIGMA}，约 ±20%%）")
    add_rubric_options(p)
    p.add_argument("--components", type=Path, metavar="FILE.csv", help="组成部分成绩（默认沿用 RESULTS_DIR 中的 components.csv）")
    add_review_option(p)
    p.add_argument("--top", type=int, default=20, metavar="K", help="屏幕上列出前 K 名（默认 20）")
    return p


def run(args) -> int:
    if args.draws < 1:
        print("scorer: --draws 至少为 1", file=sys.stderr)
        return 2
    if args.sigma < 0:
        print("scorer: --sigma 不能为负数", file=sys.stderr)
        return 2
    rubric = load_rubric_from(args)
    run_ = saved_run(args.results_dir, rubric)
    if run_ is None:
        return 2
    if not args.profile and (args.results_dir / PROFILE_FILE).exists():
        args.profile = str(args.results_dir / PROFILE_FILE)  # the weights this run was scored with
    measured = {}

    def measure(results, run__, rubric_, weights, components):
        sens = analyse(results, run__, rubric_, weights, draws=args.draws, seed=args.seed, sigma=args.sigma,
                       components=components)
        measured["sens"] = sens
        return sens

    results = finish(run_, rubric, args, args.results_dir, sensitivity=measure,
                     reviews=reviews_from(args, rubric, run_.submissions, args.results_dir)).results
    sens = measured["sens"]
    n = len(results.submissions)
    print(f"权重配置 {results.rubric.profile}：{sens.draws} 次扰动（σ = {sens.sigma}，种子 {sens.seed}），"
          f"{n} 份材料，按{'综合成绩' if sens.by == 'composite' else '书面评审总分'}排名，"
          f"用时 {sens.seconds:.2f} 秒")
    keep = dict(zip(sens.ids, sens.keep))
    print(" 名次  区间(5%–95%)  保持名次  材料")
    for s in results.submissions[:args.top]:
        lo, hi = s.rank_interval
        print(f"{s.rank:>4}  {lo:>5}–{hi:<7} {keep[s.id] * 100:6.1f}%   {s.title}")
    if n > args.top:
        print(f"      …… 共 {n} 份，全部见 {args.results_dir}/sensitivity.csv")
    stable = sum(1 for s in results.submissions if s.rank_interval[0] == s.rank_interval[1])
    print(f"{stable}/{n} 份材料在 90% 的扰动中名次不变；结果已写入 {args.results_dir}（results.json 的 rank_interval）")
    return 0
