"""Compare the engine's second-level levels with the reviewers' (../shared/gold/dev.json).

    python -m scorer.bench.accuracy [--profile P]

Prints quadratic-weighted kappa, presence F1 (level > 0), exact agreement, the confusion
matrix, the codes that disagree most, the Spearman correlation of totals, and where the
non-report articles rank. It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd

from ..ingest import read_inputs
from ..pipeline import Run, extract_all, score_run
from ..profiles import load_weights
from ..rubric import load_rubric
from .seed import GOLD, split_seed


def quadratic_kappa(a: list[int], b: list[int], k: int = 3) -> float:
    observed = np.zeros((k, k))
    for x, y in zip(a, b):
        observed[x, y] += 1
    expected = np.outer(observed.sum(1), observed.sum(0)) / observed.sum()
    weights = np.array([[(i - j) ** 2 for j in range(k)] for i in range(k)]) / (k - 1) ** 2
    return 1 - (weights * observed).sum() / (weights * expected).sum()


def _norm(title: str) -> str:
    return re.sub(r"\s+", "", title)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile")
    parser.add_argument("--split-dir", help="已切分好的材料目录（默认现场用 scorer split 切分）")
    args = parser.parse_args(argv)
    rubric = load_rubric()
    weights = load_weights(rubric, args.profile)
    t0 = time.perf_counter()
    if args.split_dir:
        subs, _ = read_inputs([Path(args.split_dir)])
        subs.sort(key=lambda s: s.id)
    else:
        subs = split_seed()
    t1 = time.perf_counter()
    evidence = extract_all(subs, rubric)
    results = score_run(Run(submissions=subs, evidence=evidence), rubric, weights)
    t2 = time.perf_counter()
    by_title = {_norm(s.title): s for s in results.submissions}
    ordered = sorted(results.submissions, key=lambda s: s.id)
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["reports"]
    print(f"切分 {len(subs)} 份，用时 {t1 - t0:.2f}s；提取并评分用时 {t2 - t1:.2f}s")

    pairs, rows = [], []
    code_max = {c: 0.0 for c in rubric.code_area()}
    for s in results.submissions[:1]:
        code_max = {c: v.max for c, v in s.secondary.items()}
    credit = {0: 0.0, 1: rubric.spec.levels["mention"].credit, 2: rubric.spec.levels["substantive"].credit}
    for report in gold:
        sub = by_title.get(_norm(report["title"]))
        if sub is None and report["position"] <= len(ordered):
            sub = ordered[report["position"] - 1]
        if sub is None:
            print(f"找不到金标准报告：{report['title']}")
            continue
        implied = sum(code_max[c] * credit[lv] for c, lv in report["levels"].items())
        rows.append({"id": report["id"], "engine_total": sub.total, "gold_total": implied})
        for code, lv in report["levels"].items():
            pairs.append({"report": report["id"], "code": code, "gold": lv, "engine": sub.secondary[code].level})
    df = pd.DataFrame(pairs)
    totals = pd.DataFrame(rows)
    kappa = quadratic_kappa(df.gold.tolist(), df.engine.tolist())
    tp = ((df.gold > 0) & (df.engine > 0)).sum()
    precision = tp / max((df.engine > 0).sum(), 1)
    recall = tp / max((df.gold > 0).sum(), 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    exact = (df.gold == df.engine).mean()
    spearman = totals.engine_total.rank().corr(totals.gold_total.rank())
    print(f"报告 {totals.shape[0]} 份，二级指标判定 {len(df)} 个")
    print(f"quadratic-weighted kappa  {kappa:.3f}")
    print(f"presence F1 (level>0)     {f1:.3f}  (precision {precision:.3f}, recall {recall:.3f})")
    print(f"exact agreement           {exact:.3f}")
    print(f"Spearman of totals        {spearman:.3f}")
    print("\nconfusion matrix (rows gold 0/1/2, columns engine 0/1/2):")
    print(pd.crosstab(df.gold, df.engine).reindex(index=[0, 1, 2], columns=[0, 1, 2], fill_value=0).to_string())
    agree = df.assign(same=df.gold == df.engine).groupby("code")["same"].mean()
    print("\nexact agreement per code:")
    items = [f"{code} {value:.2f}" for code, value in agree.items()]
    for k in range(0, len(items), 9):
        print("  " + "   ".join(items[k:k + 9]))
    per_code = df.assign(diff=(df.gold - df.engine).abs()).groupby("code")["diff"].agg(["sum", "mean"])
    worst = per_code.sort_values("sum", ascending=False).head(8)
    print("\ncodes that disagree most (sum |gold-engine|, mean):")
    for code, row in worst.iterrows():
        g = df[df.code == code]
        print(f"  {code}  {int(row['sum']):2d}  {row['mean']:.2f}   gold {g.gold.tolist()}  engine {g.engine.tolist()}")
    print("\ntotals:")
    print(totals.to_string(index=False))
    print("\nranking of all reports:")
    for s in results.submissions:
        print(f"  {s.rank:>2}. {s.total:6.2f}  [{s.group}] {s.title}")


if __name__ == "__main__":
    main()
