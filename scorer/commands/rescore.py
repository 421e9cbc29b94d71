"""`scorer rescore`: re-weight a finished run from its saved evidence; no submission is read."""

from __future__ import annotations

from pathlib import Path

from .common import (add_jobs_option, add_report_options, add_review_option, add_rubric_options, finish,
                     load_rubric_from, print_summary, reviews_from, saved_run)


def add_parser(sub):
    p = sub.add_parser("rescore", help="用新的权重或专家评审意见重新评分（不重新读取材料）",
                       description="读取 scorer score 输出目录中保存的证据（run.json），按新的权重配置、组成部分成绩或专家评审意见"
                                   "重新评分、排名，重写结果、表格、排名总览、权重页和各报告的得分与整改清单（standing/）；"
                                   "内容不受影响的报告网页保留原样。不重新读取任何材料。")
    p.add_argument("results_dir", type=Path, metavar="RESULTS_DIR", help="scorer score 的输出目录")
    add_rubric_options(p)
    add_report_options(p)
    p.add_argument("--components", type=Path, metavar="FILE.csv",
                   help="其他组成部分的成绩（id 加每个组成部分一列，0–100），与书面评审按配置的 components 权重合成综合成绩并据此排名")
    add_review_option(p)
    add_jobs_option(p)
    return p


def run(args) -> int:
    rubric = load_rubric_from(args)
    run_ = saved_run(args.results_dir, rubric)
    if run_ is None:
        return 2
    done = finish(run_, rubric, args, args.results_dir,
                  reviews=reviews_from(args, rubric, run_.submissions, args.results_dir))
    results = done.results
    print_summary(done, args.results_dir)
    return 1 if results.failures else 0
