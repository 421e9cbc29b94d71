"""Ranks overall and within peer groups. Ties share a rank (1, 2, 2, 4)."""

from __future__ import annotations

import pandas as pd

from .results import SubmissionResult


def competition_ranks(values: pd.Series) -> pd.Series:
    """Standard competition ranking on values rounded to the reported precision."""
    return values.round(4).rank(method="min", ascending=False).astype(int)


def rank(results: list[SubmissionResult], key: str = "total") -> list[SubmissionResult]:
    """Return the results ordered by rank, with rank and group_rank filled in.

    `key` is the field ranked on: the written-review total, or the composite when components
    were given. Order among equals is by id, so output is deterministic.
    """
    if not results:
        return []
    frame = pd.DataFrame(
        {"id": [r.id for r in results], "group": [r.group for r in results],
         "value": [getattr(r, key) if getattr(r, key) is not None else r.total for r in results]}
    )
    frame["rank"] = competition_ranks(frame["value"])
    frame["group_rank"] = frame.groupby("group")["value"].transform(competition_ranks)
    by_id = {r.id: r for r in results}
    ordered = frame.sort_values(["rank", "id"])
    return [
        by_id[row.id].model_copy(update={"rank": int(row.rank), "group_rank": int(row.group_rank)})
        for row in ordered.itertuples()
    ]
