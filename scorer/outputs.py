"""Writing a run's outputs: whole or not at all.

Everything is written into a fresh temporary folder beside the target; only when every file is
complete does it replace the target folder. Hidden entries of the old folder (its evidence
cache, a .gitkeep) are carried over, so an interrupted run leaves the previous outputs intact.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .results import Results
from .rubric import Rubric

Writer = Callable[[Path], None]


def write_atomically(out_dir: Path, fill: Writer) -> None:
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.partial-", dir=out_dir.parent))
    try:
        fill(tmp)
        if out_dir.exists():
            for hidden in out_dir.glob(".*"):
                target = tmp / hidden.name
                if not target.exists():
                    hidden.rename(target)
            old = out_dir.with_name(f".{out_dir.name}.old-{tmp.name[-8:]}")
            out_dir.rename(old)
            tmp.rename(out_dir)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def scores_frame(results: Results, rubric: Rubric) -> pd.DataFrame:
    rows = []
    for s in results.submissions:
        row = {"id": s.id, "title": s.title, "group": s.group, "region": s.region, "total": s.total,
               "rank": s.rank, "group_rank": s.group_rank, "band": s.band or ""}
        if s.composite is not None:
            row["composite"] = s.composite
            row.update({f"component_{k}": v for k, v in (s.components or {}).items()})
        if s.rank_interval:
            row["rank_lo"], row["rank_hi"] = s.rank_interval
        row.update({f"area_{a}": s.areas[a].score for a in rubric.spec.areas})
        row.update({f"level_{c}": s.secondary[c].level for c in rubric.code_area()})
        rows.append(row)
    return pd.DataFrame(rows)


def gaps_frame(results: Results, rubric: Rubric) -> pd.DataFrame:
    names = {ind.id: ind.name for ind in rubric.indicators}
    levels = {(s.id, i.id): i.level for s in results.submissions for i in s.indicators}
    rows = [
        {"id": s.id, "rank": s.rank, "indicator": g.indicator, "name": names.get(g.indicator, ""), "code": g.code,
         "level": levels[(s.id, g.indicator)], "points_lost": g.points_lost, "expects": g.expects}
        for s in results.submissions for g in s.gaps
    ]
    return pd.DataFrame(rows, columns=["id", "rank", "indicator", "name", "code", "level", "points_lost", "expects"])


def write_tables(results: Results, rubric: Rubric, folder: Path) -> None:
    (folder / "results.json").write_text(results.to_json(), encoding="utf-8")
    # utf-8-sig so that Excel opens the Chinese columns correctly on a double click.
    scores_frame(results, rubric).to_csv(folder / "scores.csv", index=False, encoding="utf-8-sig")
    gaps_frame(results, rubric).to_csv(folder / "gaps.csv", index=False, encoding="utf-8-sig")
