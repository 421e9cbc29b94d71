"""Compare the engine's second-level levels with the reviewers' on both labelled sets.

    python -m scorer.bench.accuracy [--profile P] [--set compilation|wild|both] [--show N]
    python -m scorer.bench.accuracy --labelled GOLD TEXTS [--show N]

Sets: the compilation's labelled half (../shared/gold/dev.json) and the labelled half of the real
published openings (../shared/gold/wild-dev.json, texts in ../shared/wild/texts). For each set it
prints quadratic-weighted kappa, presence F1 (level > 0), exact agreement, Spearman of totals,
the confusion matrix, agreement per code, false gaps (codes the reviewers put at level 2 that the
engine leaves below), and every disagreement sorted into the kinds of error issue 9 names, with
the engine's passage beside the reviewers' quote. It prints figures; it asserts nothing.
--labelled measures another set labelled the same way instead (e.g. openings collected and
labelled after the rules were written: the figure that says how the rules carry over).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..ingest import read_inputs
from ..models import Evidence, Level, Submission
from ..pipeline import Run, extract_all, score_run
from ..profiles import load_weights
from ..rubric import Rubric, load_rubric
from .seed import GOLD, SHARED, split_seed

WILD_GOLD = SHARED / "gold" / "wild-dev.json"
WILD_TEXTS = SHARED / "wild" / "texts"


def quadratic_kappa(a: list[int], b: list[int], k: int = 3) -> float:
    observed = np.zeros((k, k))
    for x, y in zip(a, b):
        observed[x, y] += 1
    expected = np.outer(observed.sum(1), observed.sum(0)) / observed.sum()
    weights = np.array([[(i - j) ** 2 for j in range(k)] for i in range(k)]) / (k - 1) ** 2
    return 1 - (weights * observed).sum() / (weights * expected).sum()


def _norm(title: str) -> str:
    return re.sub(r"\s+", "", title)


# --- kinds of error (issue 9) ---------------------------------------------------------------
# Heuristics over the engine's passage; they sort disagreements for reading, they judge nothing.
_FURNITURE = re.compile(r"来源[:：]|发布时间|索引号|发文机关|发文日期|首页\s*[>＞»]|字体[:：]?\s*[【\[]?大|打印|收藏|浏览次数|无障碍|今天是")
_SUMMARY = re.compile(r"^(?:\d{4}年(?:以来|，|,)?)?[^。]{0,40}坚持以[^。]{0,40}为指导|取得[了]?(?:新|明显|显著|积极|重要)?(?:成效|进展|成绩)|"
                      r"迈出新步伐|开创新局面|提供[^。]{0,10}法治保障")
_OTHER = re.compile(r"据悉|据了解|据报道|据介绍|人民法院|检察院|法院|上级|省政府(?!常务)|国务院|中央")


@dataclass
class Row:
    set: str
    report: str
    code: str
    gold: int
    engine: int
    quote: str  # the reviewers'
    passage: str  # the engine's best passage for the code
    why: str
    heading: bool


def _kind(r: Row) -> str:
    if r.engine > 0 and _FURNITURE.search(r.passage):
        return "1 furniture scored"
    if r.engine > 0 and r.heading:
        return "6 heading or title as the quote"
    if r.engine > r.gold and _SUMMARY.search(r.passage):
        return "2 preamble or summary credited"
    if r.engine > r.gold and _OTHER.search(r.passage):
        return "5 other actor or hearsay credited"
    if r.engine > r.gold:
        return "3 sentence lent to a topic / over-credited"
    if r.engine == 0:
        return "4 topic missed (vocabulary)"
    return "7 under-credited (found, level too low)"


def _best_passages(ev: Evidence, rubric: Rubric) -> dict[str, tuple[int, str, str, bool]]:
    """Per code: the catalogue level, and the strongest passage with its reason."""
    out: dict[str, tuple[int, str, str, bool]] = {c: (0, "", "", False) for c in rubric.code_area()}
    for ind in ev.indicators:
        if not ind.passages:
            continue
        p = ind.passages[0]
        lv = Level(ind.level).catalogue_level
        if lv > out[ind.code][0]:
            out[ind.code] = (lv, p.quote, p.why, p.why == "标题")
    return out


def _score(subs: list[Submission], rubric: Rubric, weights):
    evidence = extract_all(subs, rubric)
    results = score_run(Run(submissions=subs, evidence=evidence), rubric, weights)
    return evidence, results


def _measure(name: str, gold_reports: list[dict], matched: list[tuple[dict, Submission]], evidence, results,
             rubric: Rubric) -> tuple[pd.DataFrame, dict]:
    res_by_id = {s.id: s for s in results.submissions}
    ev_by_id = {e.submission_id: e for e in evidence}
    code_max = {c: v.max for c, v in results.submissions[0].secondary.items()}
    credit = {0: 0.0, 1: rubric.spec.levels["mention"].credit, 2: rubric.spec.levels["substantive"].credit}
    rows, totals = [], []
    for report, sub in matched:
        best = _best_passages(ev_by_id[sub.id], rubric)
        res = res_by_id[sub.id]
        quotes = report.get("quotes", {})
        totals.append({"id": report["id"], "engine_total": res.total,
                       "gold_total": sum(code_max[c] * credit[lv] for c, lv in report["levels"].items()),
                       # the engine's own code levels priced as the gold total is: what the
                       # ranking would be if breadth within a code did not count
                       "engine_code_total": sum(code_max[c] * credit[res.secondary[c].level] for c in report["levels"])})
        for code, lv in report["levels"].items():
            e_lv, passage, why, heading = best[code]
            rows.append(Row(name, report["id"], code, lv, res.secondary[code].level, quotes.get(code, ""),
                            passage, why, heading))
    df = pd.DataFrame([r.__dict__ for r in rows])
    tot = pd.DataFrame(totals)
    tp = ((df.gold > 0) & (df.engine > 0)).sum()
    precision = tp / max((df.engine > 0).sum(), 1)
    recall = tp / max((df.gold > 0).sum(), 1)
    figures = {
        "reports": len(tot), "levels": len(df),
        "qwk": quadratic_kappa(df.gold.tolist(), df.engine.tolist()),
        "f1": 2 * precision * recall / max(precision + recall, 1e-9), "precision": precision, "recall": recall,
        "exact": (df.gold == df.engine).mean(),
        "spearman": tot.engine_total.rank().corr(tot.gold_total.rank()),
        "spearman_codes": tot.engine_code_total.rank().corr(tot.gold_total.rank()),
        "false_gaps": int(((df.gold == 2) & (df.engine < 2)).sum()),
        "totals": tot,
    }
    return df, figures


def _print_set(name: str, df: pd.DataFrame, fig: dict, show: int) -> None:
    print(f"\n=== {name}: {fig['reports']} reports, {fig['levels']} levels ===")
    print(f"quadratic-weighted kappa  {fig['qwk']:.3f}")
    print(f"presence F1 (level>0)     {fig['f1']:.3f}  (precision {fig['precision']:.3f}, recall {fig['recall']:.3f})")
    print(f"exact agreement           {fig['exact']:.3f}")
    print(f"Spearman of totals        {fig['spearman']:.3f}  (engine's code levels priced as the gold: "
          f"{fig['spearman_codes']:.3f}; the difference is breadth within codes, i.e. the arithmetic)")
    print(f"false gaps (gold 2, engine <2)  {fig['false_gaps']}")
    print("confusion matrix (rows gold 0/1/2, columns engine 0/1/2):")
    print(pd.crosstab(df.gold, df.engine).reindex(index=[0, 1, 2], columns=[0, 1, 2], fill_value=0).to_string())
    agree = df.assign(same=df.gold == df.engine).groupby("code")["same"].mean()
    print("exact agreement per code:")
    items = [f"{code} {value:.2f}" for code, value in agree.items()]
    for k in range(0, len(items), 9):
        print("  " + "   ".join(items[k:k + 9]))
    wrong = df[df.gold != df.engine].copy()
    wrong["kind"] = [_kind(Row(**r)) for r in wrong.drop(columns=[]).to_dict("records")]
    print("disagreements by kind:")
    for kind, n in wrong.kind.value_counts().sort_index().items():
        print(f"  {kind:45s} {n}")
    if show:
        for kind, group in wrong.groupby("kind"):
            print(f"\n  -- {kind}")
            for r in group.head(show).itertuples():
                print(f"  {r.report} {r.code} gold {r.gold} engine {r.engine}  [{r.why}]")
                print(f"      reviewers: {r.quote[:60]}")
                print(f"      engine:    {r.passage[:90]}")


def compilation(rubric, weights) -> tuple[pd.DataFrame, dict] | None:
    if not GOLD.exists():
        return None
    subs = split_seed()
    evidence, results = _score(subs, rubric, weights)
    by_title = {_norm(s.title): s for s in subs}
    ordered = sorted(subs, key=lambda s: s.id)
    matched = []
    for report in json.loads(GOLD.read_text(encoding="utf-8"))["reports"]:
        sub = by_title.get(_norm(report["title"]))
        if sub is None and report["position"] <= len(ordered):
            sub = ordered[report["position"] - 1]
        if sub is not None:
            matched.append((report, sub))
    return _measure("compilation", [], matched, evidence, results, rubric)


def labelled_folder(name: str, gold: Path, texts: Path, rubric, weights) -> tuple[pd.DataFrame, dict] | None:
    """A folder of texts and its reviewers' levels in gold/wild-dev.json's shape (each report's id
    is its file's name without the suffix): the wild openings, or any set labelled the same way."""
    if not gold.exists():
        return None
    subs, _ = read_inputs([texts])
    evidence, results = _score(subs, rubric, weights)
    by_stem = {Path(s.source_path).stem: s for s in subs}
    matched = [(r, by_stem[r["id"]]) for r in json.loads(gold.read_text(encoding="utf-8"))["reports"]
               if r["id"] in by_stem]
    return _measure(name, [], matched, evidence, results, rubric)


def wild(rubric, weights) -> tuple[pd.DataFrame, dict] | None:
    return labelled_folder("wild openings", WILD_GOLD, WILD_TEXTS, rubric, weights)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile")
    parser.add_argument("--set", choices=["compilation", "wild", "both"], default="both")
    parser.add_argument("--show", type=int, default=0, help="每类错误列出的例子数（默认 0：只计数）")
    parser.add_argument("--labelled", nargs=2, type=Path, metavar=("GOLD", "TEXTS"),
                        help="另测一组已标注的材料：标注文件（与 gold/wild-dev.json 同一格式）与材料文件夹；"
                             "只测这一组")
    args = parser.parse_args(argv)
    rubric = load_rubric()
    weights = load_weights(rubric, args.profile)
    summary = []
    sets = [("compilation", compilation), ("wild", wild)]
    if args.labelled:
        gold, texts = args.labelled
        sets = [(gold.stem, lambda r, w: labelled_folder(gold.stem, gold, texts, r, w))]
    for name, fn in sets:
        if not args.labelled and args.set not in (name, "both"):
            continue
        t0 = time.perf_counter()
        out = fn(rubric, weights)
        if out is None:
            print(f"{name}: 共享材料缺失，跳过")
            continue
        df, fig = out
        _print_set(name, df, fig, args.show)
        print(f"({time.perf_counter() - t0:.1f}s)")
        summary.append((name, fig))
    print("\nsummary                QWK    F1     exact  Spearman  false gaps")
    for name, fig in summary:
        print(f"  {name:18s}  {fig['qwk']:.3f}  {fig['f1']:.3f}  {fig['exact']:.3f}  {fig['spearman']:.3f}     {fig['false_gaps']}")


if __name__ == "__main__":
    main()
