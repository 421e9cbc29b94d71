"""The index's view model: the ranking, the heat map by area, the groups, the distribution and the
near-duplicates of a run, as plain data (templates/index.html and index_rows.py lay it out).

Read from `Results` and, on a re-weighting, from the run's ScoreTable (scorer/score.py), so the
index is written before any scorecard is built in full.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import GROUPS
from ..results import Results
from ..rubric import Rubric
from .charts import Distribution, distribution, heat, share
from .exemplars import duplicate_partners
from .naming import href
from .view import Audit, area_maxima, audit_of, total_max

# Rows of the index laid out at once: a run of 10,000 opens as fast as one of 200.
INDEX_PAGE_ROWS = 200


@dataclass
class AreaHead:
    code: str
    name: str
    max: float


def area_heads(rubric: Rubric, maxima: dict[str, float]) -> list[AreaHead]:
    return [AreaHead(a, spec.name, maxima.get(a, 0.0)) for a, spec in rubric.spec.areas.items()]


def index_figures(results: Results, table=None) -> tuple[dict[str, float], dict[str, tuple[list[float], int]]]:
    """The areas' maxima and, per submission, its area scores (in the maxima's order) and number
    of gaps: from the run's ScoreTable (scorer/score.py) when given, as a
    re-weighting writes the index before any scorecard is built in full; else from the scorecards."""
    if table is not None and results["submissions"]:
        area = table.area.tolist()
        return (area_maxima(results, table),
                {s["id"]: (area[k], int(table.gap_count[k])) for s in results["submissions"]
                 for k in (table.row[s["id"]],)})
    maxima = area_maxima(results)
    return maxima, {s.id: ([s.areas[a].score if a in s.areas else 0.0 for a in maxima], len(s.gaps))
                    for s in results.submissions}


@dataclass
class AreaCell:
    code: str
    score: float
    max: float
    pct: float | None
    heat: str


@dataclass
class Row:
    id: str
    href: str
    title: str
    region: str
    group: str
    group_name: str
    year: int | None
    total: float
    rank: int
    group_rank: int
    group_size: int
    areas: list[AreaCell]
    gaps: int
    composite: float | None = None
    rank_interval: str = ""
    duplicate: bool = False
    band: str = ""  # 等次


@dataclass
class GroupTable:
    group: str
    name: str
    rows: list[Row]


@dataclass
class NearDup:
    a: str
    a_title: str
    a_href: str
    b: str
    b_title: str
    b_href: str
    similarity: float


@dataclass
class IndexView:
    title: str
    areas: list[AreaHead]
    rows: list[Row]
    groups: list[GroupTable]
    distribution: Distribution | None
    failures: list
    near_duplicates: list[NearDup]
    audit: Audit
    total_max: float
    has_composite: bool
    has_interval: bool
    group_options: list[tuple[str, str, int]]
    count: int
    page: int  # rows laid out when the page opens; the others wait in a <template>


def build_index(results: Results, run, rubric: Rubric, names: dict[str, str], generated: str, table=None) -> IndexView:
    maxima, figures = index_figures(results, table)
    areas = area_heads(rubric, maxima)
    column = {a: j for j, a in enumerate(maxima)}
    sizes: dict[str, int] = {}
    for s in results.submissions:
        sizes[s.group] = sizes.get(s.group, 0) + 1
    dups = duplicate_partners(results)
    group_names = rubric.group_names()
    rows = []
    at = [(a.code, column[a.code], a.max) if a.code in column else (a.code, None, 0.0) for a in areas]
    for s in results.submissions:
        sid, group, interval = s["id"], s["group"], s["rank_interval"]  # items: records, models alike
        scores, gaps = figures[sid]
        cells = []
        for code, j, top in at:
            score = scores[j] if j is not None else 0.0
            pct = share(score, top)
            cells.append(AreaCell(code, score, top, pct, heat(pct)))
        rows.append(Row(
            id=sid, href=href(names[sid]), title=s["title"], region=s["region"], group=group,
            group_name=group_names.get(group, group), year=s["year"], total=s["total"], rank=s["rank"],
            group_rank=s["group_rank"], group_size=sizes[group], areas=cells, gaps=gaps, composite=s["composite"],
            rank_interval=f"{interval[0]}–{interval[1]}" if interval else "",
            duplicate=sid in dups, band=s["band"] or "",
        ))
    groups = [GroupTable(g, group_names[g], sorted((r for r in rows if r.group == g), key=lambda r: (r.group_rank, r.id)))
              for g in GROUPS if g in sizes]
    titles = {s.id: s.title for s in results.submissions}
    near = [NearDup(d.a, titles.get(d.a, d.a), href(names[d.a]) if d.a in names else "",
                    d.b, titles.get(d.b, d.b), href(names[d.b]) if d.b in names else "", d.similarity)
            for d in sorted(results.near_duplicates, key=lambda d: (-d.similarity, d.a, d.b))]
    top = total_max(maxima)
    return IndexView(
        title="法治政府建设书面材料评估", areas=areas, rows=rows, groups=groups,
        distribution=distribution(results, rows, top, group_names, dots=len(rows) <= INDEX_PAGE_ROWS), failures=list(results.failures), near_duplicates=near,
        audit=audit_of(rubric, results, generated), total_max=top,
        has_composite=any(r.composite is not None for r in rows), has_interval=any(r.rank_interval for r in rows),
        group_options=[(g.group, g.name, len(g.rows)) for g in groups], count=len(rows),
        page=min(len(rows), INDEX_PAGE_ROWS),
    )
