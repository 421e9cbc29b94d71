"""What the pages show of expert reviews, and what a submission page needs to write new ones.

Reviews are already in the results (a reviewed indicator's `level` is the expert's, with
`machine_level` and `review` beside it); this module only gathers them for the templates
(templates/reviews.html) and for static/reviews.js. The script recomputes the page's total as
a reviewer changes levels with the scoring kernel's own JavaScript (static/kernel.js) from each
indicator's unrounded maximum and the rubric's credit matrix: a change of one level can move
its code's best level and so its siblings' points, exactly as scoring the downloaded file will.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import LEVEL_NAMES, Level
from ..results import Results, SubmissionResult
from ..rubric import Rubric
from .weights_page import _json_for_html


@dataclass
class IndicatorReview:
    level: str  # the level scored (the expert's, when reviewed)
    machine_level: str  # the engine's
    reviewed: bool
    reason: str = ""
    reviewer: str = ""
    date: str = ""


@dataclass
class ReviewPanel:
    submission: str
    title: str
    text_sha256: str
    total: float
    level_names: dict[str, str]
    indicators: dict[str, IndicatorReview]
    data: str = field(default="")  # JSON for static/reviews.js, safe inside <script type="application/json">
    # what the weights decide, for the page's standing (render.standing_entry): the maxima when the
    # run's (RUN_MAXIMA in the page's standing shard, standing.shard_js) are not this submission's
    standing: dict = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(1 for r in self.indicators.values() if r.reviewed)


# An indicator no expert changed: the engine's level, nothing else (read-only, shared by the pages).
_UNREVIEWED = {lv.name: IndicatorReview(level=lv.name, machine_level=lv.name, reviewed=False) for lv in Level}


_LEVEL_INDEX = {name: k for k, name in enumerate(LEVEL_NAMES)}  # a level's value by its name


def review_panel(s: SubmissionResult, text_sha256: str, rubric: Rubric, maxima: dict[str, float] | None,
                 level_names: dict[str, str], order: list[tuple[str, str]] | None = None,
                 run_tops: list[float] | None = None, page: bool = True) -> ReviewPanel:
    """`maxima` are the unrounded indicator maxima of the weights scored with; without them the
    rounded maxima in the results stand in (the page's preview can then differ in the fourth decimal).

    The page's data (for static/reviews.js) holds per indicator, in the results' order, its
    level (`level`, an index into `levels`), and the applied reviews by indicator ([engine's
    level, reason, reviewer, date]); nothing the weights decide, so a re-weighting keeps the page.
    The indicators' ids and codes are the run's `order` ([id, code], in assets/indicators.js) and
    their maxima the run's `run_tops` (RUN_MAXIMA in each standing shard, standing.shard_js), written
    only when this submission's differ: the
    ids into the page (`ids`), the maxima into its standing (`standing["max"]`, standing.py).
    Without `page` (a page a re-weighting keeps as it is) the page's data is left empty: only its
    standing is written."""
    indicators = {}
    tops, levels, reviews, ids = [], [], {}, []
    index = _LEVEL_INDEX
    for ind in s["indicators"]:  # items: results are records, whose attributes cost a call
        iid, level, review = ind["id"], ind["level"], ind["review"]
        if review is None:
            indicators[iid] = _UNREVIEWED[level]
        else:
            machine = ind["machine_level"] or level
            indicators[iid] = x = IndicatorReview(level=level, machine_level=machine, reviewed=True,
                                                  reason=review["reason"], reviewer=review["reviewer"],
                                                  date=review["date"] or "")
            reviews[iid] = [index[machine], x.reason, x.reviewer, x.date]
        tops.append(maxima[iid] if maxima is not None and iid in maxima else ind["max"])
        levels.append(index[level])
        ids.append((iid, ind["code"]))
    panel = ReviewPanel(s.id, s.title, text_sha256, s.total, level_names, indicators)
    if ids != order or tops != run_tops:
        panel.standing["max"] = tops
    if not page:
        return panel
    data = {
        "submission": s.id, "title": s.title, "text_sha256": text_sha256,
        "levels": list(index), "level_names": level_names, "credits": rubric.credit_matrix(),
        "level": levels, "reviews": reviews,
    }
    if ids != order:
        data["ids"] = [list(x) for x in ids]
    panel.data = _json_for_html(data)
    return panel


def reviewed_counts(results: Results, table=None) -> dict[str, int]:
    """How many indicators experts changed, per submission (the index shows it); from the run's
    ScoreTable when given (scorer/score.py), else from the scorecards."""
    if table is not None:
        return {s["id"]: len(table.reviews.get(table.row[s["id"]], ())) for s in results["submissions"]}
    return {s.id: sum(1 for i in s["indicators"] if i["review"] is not None) for s in results.submissions}  # items: records
