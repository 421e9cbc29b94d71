"""How fast the engine reads, extracts and scores: prints figures, asserts nothing.

    python -m scorer.bench.speed [--copies N] [--split-dir DIR]

Scores the 24 reports of the shared compilation, then N copies of them (each a distinct
submission) to show how extraction and scoring scale with the number of submissions.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from pathlib import Path

from ..extract import extract
from ..ingest import read_inputs
from ..match import CompiledRules
from ..pipeline import Run, score_run
from ..profiles import load_weights
from ..rubric import load_rubric
from .seed import split_seed


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--split-dir")
    parser.add_argument("--profile", action="store_true", help="print the hottest functions")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    rubric = load_rubric()
    rules = CompiledRules(rubric.indicators)
    t1 = time.perf_counter()
    if args.split_dir:
        subs, _ = read_inputs([Path(args.split_dir)])
    else:
        subs = split_seed()
    t2 = time.perf_counter()
    chars = sum(len(s.text) for s in subs)
    prof = cProfile.Profile() if args.profile else None
    if prof:
        prof.enable()
    evidence = [extract(s, rubric, rules) for s in subs]
    if prof:
        prof.disable()
    t3 = time.perf_counter()
    weights = load_weights(rubric)
    score_run(Run(submissions=subs, evidence=evidence), rubric, weights)
    t4 = time.perf_counter()
    print(f"规则加载与编译 {t1 - t0:.2f}s（{len(rubric.indicators)} 个指标）")
    print(f"读取/切分 {len(subs)} 份 {t2 - t1:.2f}s")
    print(f"证据提取 {t3 - t2:.2f}s，{chars / (t3 - t2) / 1000:.0f} 千字/秒，{(t3 - t2) / len(subs) * 1000:.0f} ms/份")
    print(f"评分与排名 {t4 - t3:.3f}s")
    many = [s.model_copy(update={"id": f"{s.id}-{k}"}) for k in range(args.copies) for s in subs]
    ev_many = [e.model_copy(update={"submission_id": f"{e.submission_id}-{k}"}) for k in range(args.copies) for e in evidence]
    t5 = time.perf_counter()
    score_run(Run(submissions=many, evidence=ev_many), rubric, weights)
    t6 = time.perf_counter()
    print(f"重新评分 {len(many)} 份（不重新读取）{t6 - t5:.2f}s")
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(12)


if __name__ == "__main__":
    main()
