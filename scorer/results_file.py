"""results.json: one weighting of a run, its figures in columns; and the reader that lays them out
per indicator again.

The file holds every number a report shows and what it is computed from, and nothing that does not
depend on the weights twice: the passages and reasons each level rests on are the run's evidence
(run.json), written once by `scorer score` and never by a re-weighting. Layout (schema 2):

- `rubric`, `engine_version`, `level_names` (a level's name by its value), `credits` (an
  indicator's share of its maximum by [its own level][the best level of its second-level code]);
- `areas`, `codes`, `indicators`: the rubric's order, each with its `max` under this weighting
  (indicators also with `code`, `name` and what they `expect`);
- `submissions`, in rank order, one per line: id, title, group, region, year, total, rank,
  group_rank, band (composite, components, rank_interval when made); `areas`, `codes`,
  `code_levels`, `levels` and `scores` as lists in the order of the lists above; `gaps` (indicator
  ids, most points lost first) with `points_lost` beside them; `reviews` by indicator, when an
  expert's level replaced the engine's (`machine_level`); source_path, sha256;
- `failures`, `near_duplicates`, `duplicate_ids`, `stale_reviews`.

A score is `max × credits[level][best level of its code]` rounded to 4 decimals; a total the sum
of its scores (scorer/kernel.py says it operation by operation). Columns instead of a record per
indicator make the file about a twentieth of the size and let a re-weighting of 10,000
submissions write it in well under a second.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from pydantic_core import to_json

from .results import ResultsRecord
from .rubric import Rubric
from .models import LEVEL_NAMES
from .score import ScoreTable

SCHEMA = 2
_HEAD = ("id", "title", "group", "region", "year", "total", "rank", "group_rank", "band", "composite", "components",
         "rank_interval")


def results_chunks(results: ResultsRecord, table: ScoreTable, rubric: Rubric) -> Iterator[bytes]:
    """results.json's bytes, a submission at a time."""
    code_area = rubric.code_area()
    top = {  # the top-level entries are models (rubric, failures, ...): dumped as JSON data
        "schema": SCHEMA,
        "rubric": results["rubric"].model_dump(),
        "engine_version": results["engine_version"],
        "level_names": list(LEVEL_NAMES),
        "credits": rubric.credit_matrix(),
        "areas": [{"id": a, "max": m} for a, m in zip(table.areas, table.area_max.tolist())],
        "codes": [{"id": c, "area": code_area[c], "max": m} for c, m in zip(table.code_ids, table.code_max.tolist())],
        "indicators": [{"id": i.id, "code": i.code, "name": i.name, "expects": i.expects, "max": m}
                       for i, m in zip(results["indicators"], table.maxima.tolist())],
    }
    yield to_json(top)[:-1] + b',"submissions":['
    names = np.array(LEVEL_NAMES, dtype=object)[table.levels].tolist()
    ids = np.array(table.indicator_ids, dtype=object)
    scores, area, code, code_level = (table.scores.tolist(), table.area.tolist(), table.code.tolist(),
                                      table.code_level.tolist())
    sep = b"\n"
    for s in results["submissions"]:
        k = table.row[s["id"]]
        cols = table.gaps(k)
        out = {key: s[key] for key in _HEAD if s[key] is not None}
        out.update(areas=area[k], codes=code[k], code_levels=code_level[k], levels=names[k], scores=scores[k],
                   gaps=ids[cols].tolist(), points_lost=table.lost[k, cols].tolist())
        reviewed = table.reviews.get(k)
        if reviewed:
            out["reviews"] = {ind: _review(r) for ind, r in reviewed.items()}
        out["source_path"], out["sha256"] = s["source_path"], s["sha256"]
        yield sep + to_json(out)
        sep = b",\n"
    tail = {key: [m.model_dump() for m in results[key]] for key in ("failures", "near_duplicates", "duplicate_ids",
                                                                   "stale_reviews")}
    yield b"\n]," + to_json(tail)[1:] + b"\n"


def _review(r) -> dict:
    out = {"level": r.level.name, "machine_level": r.machine_level.name, "reason": r.reason, "reviewer": r.reviewer}
    if r.date:
        out["date"] = r.date
    return out


def write_results(path: Path, results: ResultsRecord, table: ScoreTable, rubric: Rubric) -> None:
    with open(path, "wb") as fh:
        fh.writelines(results_chunks(results, table, rubric))


def read_results(path: Path) -> dict:
    """results.json laid out per indicator, as the scorecards are in memory (scorer/results.py's
    Results validates it): each submission's `areas` and `secondary` by code with their maxima,
    `indicators` as records (id, code, level, score, max; machine_level and review when reviewed)
    and `gaps` as records (indicator, code, points_lost). The passages are run.json's."""
    try:
        data = json.loads(Path(path).read_bytes())
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: 找不到评分结果 results.json（请先运行 scorer score）") from None
    except ValueError as exc:
        raise ValueError(f"{path}: 评分结果已损坏（{exc}）；请重新运行 scorer score 或 scorer rescore") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ValueError(f"{path}: 不是本版本写出的评分结果（应为 schema {SCHEMA}）；请用 scorer rescore 重新写出")
    areas, codes, inds = data["areas"], data["codes"], data["indicators"]
    code_of = {i["id"]: i["code"] for i in inds}
    for s in data["submissions"]:
        s["areas"] = {a["id"]: {"score": v, "max": a["max"]} for a, v in zip(areas, s["areas"])}
        s["secondary"] = {c["id"]: {"level": lv, "score": v, "max": c["max"]}
                          for c, v, lv in zip(codes, s.pop("codes"), s.pop("code_levels"))}
        reviews = s.pop("reviews", {})
        rows = []
        for ind, level, score in zip(inds, s.pop("levels"), s.pop("scores")):
            row = {"id": ind["id"], "code": ind["code"], "level": level, "score": score, "max": ind["max"]}
            r = reviews.get(ind["id"])
            if r is not None:
                row["machine_level"] = r["machine_level"]
                row["review"] = {k: v for k, v in r.items() if k != "machine_level"}
            rows.append(row)
        s["indicators"] = rows
        s["gaps"] = [{"indicator": i, "code": code_of[i], "points_lost": p} for i, p in zip(s["gaps"], s.pop("points_lost"))]
    return data
