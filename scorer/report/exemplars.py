"""Peer exemplars: for each gap, what earning the points looks like in other submissions.

The pool is built once per run (every submission's strongest passage per indicator, strongest
first); each gap then reads the head of one indicator's list, so the cost per gap does not grow
with the size of the run.
"""

from __future__ import annotations

from typing import NamedTuple

from ..models import Level, Passage
from ..results import Results
from .assessment import best_passage

# A gap shows the strongest passage another submission offers and links to its indicator's page
# of exemplars for more: copying three passages into every gap of every page made the pages of a
# national round several gigabytes, two thirds of it the same passages again and again.
EXEMPLARS_PER_GAP = 1
EXEMPLARS_PER_LEVEL = 10  # on an indicator's page of exemplars
MIN_EXEMPLAR_LEVEL = Level.substantive

class Candidate(NamedTuple):
    """One submission's strongest passage for one indicator. Immutable; a tuple, not a frozen
    dataclass: a run makes one per submission and quoted indicator, before the pages start, and a
    frozen dataclass costs three times as much to make."""

    submission: str
    indicator: str
    passage: Passage


def exemplar_pool(results: Results, run) -> dict[str, list[Candidate]]:
    """For each indicator, every scored submission's strongest passage, strongest first.

    Strength is the passage's evidence level; among equals, the passage of the submission whose
    evidence is stronger as a whole comes first (more indicators at the highest level, then at
    the next, and so on), then the id, so the choice is deterministic. Never the rank: the
    exemplars, and the pages that show them, then stay the same under any weights (a rescore
    keeps the exemplar pages: report/standing.py).
    """
    scored = {s["id"] for s in results["submissions"]}  # items: results are records
    levels = sorted(Level, reverse=True)
    keyed: dict[str, list[tuple[tuple, Candidate]]] = {}
    for ev in run.evidence:
        sid = ev.submission_id
        if sid not in scored:
            continue
        counts: dict[Level, int] = {}
        for ind in ev.indicators:
            counts[ind.level] = counts.get(ind.level, 0) + 1
        strength = tuple(-counts.get(lv, 0) for lv in levels)
        for ind in ev.indicators:
            best = best_passage(ind.passages)
            if best is None:
                continue
            if best.level > ind.level:
                continue  # an expert lowered this level (scorer/reviews.py): no example for others
            # sorted by this key, unique within an indicator (a submission has one candidate there)
            key = (-int(best.level), strength, sid, best.start)
            keyed.setdefault(ind.id, []).append((key, Candidate(sid, ind.id, best)))
    return {ind_id: [c for _, c in sorted(items)] for ind_id, items in keyed.items()}


def shown_by_level(candidates: list[Candidate]) -> list[tuple[Level, int, list[Candidate]]]:
    """What an indicator's page of exemplars shows, from its pool (strongest first): per level at or
    above MIN_EXEMPLAR_LEVEL that some submission reaches, strongest first, how many reach it and
    the first EXEMPLARS_PER_LEVEL of them. The one rule for the page (view.exemplar_page), the
    count gaps link with, and the digest that decides whether a run keeps the page
    (standing.exemplars_digest)."""
    by_level: dict[Level, list] = {}
    for c in candidates:
        if c.passage.level < MIN_EXEMPLAR_LEVEL:
            break  # strongest first: none of the rest is shown
        at = by_level.setdefault(c.passage.level, [0, []])
        at[0] += 1
        if len(at[1]) < EXEMPLARS_PER_LEVEL:
            at[1].append(c)
    return [(lv, n, chosen) for lv, (n, chosen) in sorted(by_level.items(), reverse=True)]


def duplicate_partners(results: Results) -> dict[str, set[str]]:
    partners: dict[str, set[str]] = {}
    for d in results.near_duplicates:
        partners.setdefault(d.a, set()).add(d.b)
        partners.setdefault(d.b, set()).add(d.a)
    return partners


def exemplars_for(pool: dict[str, list[Candidate]], indicator: str, submission: str, own_level: Level,
                  exclude: set[str] = frozenset(), limit: int = EXEMPLARS_PER_GAP) -> list[Candidate]:
    """The strongest passages for `indicator` from other submissions: what earning the points looks like.

    Only passages above `own_level` and at least substantive count (a slogan is no example);
    near-duplicates of the submission (`exclude`) are left out: a copy of one's own text is no
    example to follow.
    """
    floor = max(own_level + 1, MIN_EXEMPLAR_LEVEL)
    out: list[Candidate] = []
    # The pool is strongest first: stop at the first passage below the floor or when enough are
    # found, so a gap costs `limit` plus the skipped near-duplicates, not the size of the run.
    for c in pool.get(indicator, ()):
        if len(out) >= limit or c.passage.level < floor:
            break
        if c.submission != submission and c.submission not in exclude:
            out.append(c)
    return out
