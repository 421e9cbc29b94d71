"""Ranks overall and within peer groups. Ties share a rank (1, 2, 2, 4)."""

from __future__ import annotations

import numpy as np

from .kernel import competition_ranks, group_ranks
from .results import Record, SubmissionResult


def _ranks(results, key: str) -> tuple[list[int], list[int], list[int]]:
    """Overall and in-group ranks of `results` (models or records) and the order by rank.

    `key` is the field ranked on: the written-review total, or the composite when components
    were given; values are compared at the reported precision (4 decimals). Order among equals
    is by id, so output is deterministic.
    """
    values = np.round(np.array([getattr(r, key) if getattr(r, key) is not None else r.total for r in results],
                               dtype=float), 4)
    overall = competition_ranks(values).tolist()
    in_group = group_ranks(values, [r.group for r in results]).tolist()
    order = sorted(range(len(results)), key=lambda k: (overall[k], results[k].id))
    return overall, in_group, order


def rank(results: list[SubmissionResult], key: str = "total") -> list[SubmissionResult]:
    """Return the results ordered by rank, with rank and group_rank filled in (see _ranks)."""
    if not results:
        return []
    overall, in_group, order = _ranks(results, key)
    return [results[k].model_copy(update={"rank": overall[k], "group_rank": in_group[k]}) for k in order]


def rank_records(results: list[Record], key: str = "total") -> list[Record]:
    """rank() for records: filled in place, returned in rank order."""
    if not results:
        return []
    overall, in_group, order = _ranks(results, key)
    for k, r in enumerate(results):
        r["rank"], r["group_rank"] = overall[k], in_group[k]
    return [results[k] for k in order]
