"""Ranks overall and within peer groups. Ties share a rank (1, 2, 2, 4)."""

from __future__ import annotations

import numpy as np

from .kernel import competition_ranks, group_ranks
from .results import SubmissionResult


def rank(results: list[SubmissionResult], key: str = "total") -> list[SubmissionResult]:
    """Return the results ordered by rank, with rank and group_rank filled in.

    `key` is the field ranked on: the written-review total, or the composite when components
    were given; values are compared at the reported precision (4 decimals). Order among equals
    is by id, so output is deterministic.
    """
    if not results:
        return []
    values = np.round(np.array([getattr(r, key) if getattr(r, key) is not None else r.total for r in results],
                               dtype=float), 4)
    overall = competition_ranks(values).tolist()
    in_group = group_ranks(values, [r.group for r in results]).tolist()
    order = sorted(range(len(results)), key=lambda k: (overall[k], results[k].id))
    return [results[k].model_copy(update={"rank": overall[k], "group_rank": in_group[k]}) for k in order]
