"""`scorer score`: read submissions, extract evidence, score, rank and write the reports."""

from __future__ import annotations

import sys
from pathlib import Path

from ..components import for_run as components_for_run
from ..ingest import DEFAULT_MAX_BYTES, duplicate_notes, duplicate_records, read_submissions
from ..ingest.duplicates import similarity_label
from ..outputs import check_out_dir, check_target_file, run_lock
from ..pipeline import EvidenceCache, Run, extract_run
from ..profiles import load_weights
from ..workers import keep_for_the_run
from .common import (Progress, add_jobs_option, add_report_options, add_review_option, add_rubric_options,
                     check_docx_dir, finish, jobs_from,
                     load_rubric_from, print_summary, refuse_ambiguous_components, reviews_from)


def add_parser(sub):
    p = sub.add_parser("score", help="为材料评分并生成报告", description="读取材料、提取证据、评分、排名并生成报告")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="材料文件或文件夹（默认 submissions/）")
    p.add_argument("--out", type=Path, default=Path("reports_out"), metavar="DIR", help="输出目录（默认 reports_out/）")
    add_rubric_options(p)
    add_report_options(p)
    p.add_argument("--max-mb", type=float, metavar="MB", default=DEFAULT_MAX_BYTES / 1048576, help="单个文件大小上限（MB）")
    p.add_argument("--no-cache", action="store_true", help="不使用证据缓存")
    p.add_argument("--components", type=Path, metavar="FILE.csv",
                   help="其他组成部分的成绩（id 加每个组成部分一列，0–100），与书面评审按配置的 components 权重合成综合成绩并据此排名")
    add_review_option(p)
    p.add_argument("--xlsx", type=Path, metavar="FILE", help="同时写出 Excel 工作簿（得分、差距、证据）")
    p.add_argument("--quiet", action="store_true", help="不显示进度")
    add_jobs_option(p)
    return p


def run(args) -> int:
    rubric = load_rubric_from(args)
    paths = args.paths or [Path("submissions")]
    check_out_dir(args.out, paths)  # before any work: a refused folder costs the user nothing
    if args.xlsx:
        check_target_file(args.xlsx, paths)
    check_docx_dir(args.docx, args.out, paths)
    inputs = read_submissions(paths, max_bytes=int(args.max_mb * 1048576))
    submissions, failures = inputs.submissions, inputs.failures
    if not submissions and not failures:
        print("scorer: 没有找到材料（支持 .txt .md .docx .pdf）")
        return 2
    for note in duplicate_notes(duplicate_records(inputs.duplicate_ids, submissions)):
        print(f"注意：{note}", file=sys.stderr)
    if not submissions:  # a mistyped path must not replace a finished run with an empty one
        for f in failures:
            print(f"无法读取：{f.path}：{f.error}", file=sys.stderr)
        print(f"scorer: 没有一份材料可以评分，未写入任何输出（{args.out} 中原有的结果保持不变）", file=sys.stderr)
        return 1
    refuse_ambiguous_components(args, inputs.duplicate_ids)  # at once, before the slow extraction
    if args.components:  # missing component scores: exit 2 before extracting (finish checks again, with notices)
        components_for_run(args.components, [s.id for s in submissions], load_weights(rubric, args.profile))
    reviews = reviews_from(args, rubric, submissions)  # a bad review file: exit 2 before extracting
    with run_lock(args.out):
        cache = None if args.no_cache else EvidenceCache(args.out / ".cache" / "evidence")
        evidence, near = extract_run(submissions, rubric, cache=cache, progress=Progress("提取证据", args.quiet),
                                     jobs=jobs_from(args))
        keep_for_the_run()
        run_ = Run(submissions=submissions, evidence=evidence, failures=failures,
                   near_duplicates=near, duplicate_ids=inputs.duplicate_ids)
        done = finish(run_, rubric, args, args.out, reviews=reviews)
    results = done.results
    print_summary(done, args.out)
    for d in results.near_duplicates:
        print(f"疑似重复：{d.a} 与 {d.b}（{similarity_label(d.similarity)}）", file=sys.stderr)
    return 1 if failures else 0

