"""The tables and results.json are written from the run's ScoreTable (arrays), the pages and
documents from scorecards built from it. The CSVs must be byte for byte what pandas (text cells
through csv_cell) writes for rows taken from the checked scorecard models, and results.json, read
back per indicator, must be those models' figures: on hand-made edge cases, on the seed under
every profile with components, reviewed levels and rank intervals, and on a synthetic run. Every
page and document written from records must be what the checked models give."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from scorer.bench.seed import SEED, split_seed
from scorer.components import Components
from scorer.models import Level
from scorer.pipeline import Run, extract_all, score_records_run, score_run, score_table_run
from scorer.profiles import load_weights
from scorer.report.weights_page import SENSITIVITY_COLUMNS, write_weight_outputs
from scorer.results import Results
from scorer.results_file import read_results
from scorer.sensitivity import analyse, attach, attach_records
from scorer.tables import GAP_COLUMNS, INDICATOR_COLUMNS, csv_cell, csv_text, write_indicator_tables, write_scores

PROFILES = [None] + sorted(p.stem for p in (Path(__file__).parents[2] / "rubric" / "profiles").glob("*.yaml"))


def write_tables(heads, table, rubric, folder):
    """Every table of one weighting, as a run writes them (in two processes)."""
    write_indicator_tables(heads, table, rubric, folder)
    write_scores(heads, table, folder)


def pandas_csv(rows, columns=None) -> bytes:
    """What the tables were before they were built as text: text columns through csv_cell, numbers
    as pandas writes them (the pandas string dtype is not "object", so it is tested by kind)."""
    frame = pd.DataFrame(rows, columns=columns)
    frame = frame.apply(lambda col: col if pd.api.types.is_numeric_dtype(col) else col.map(csv_cell))
    return frame.to_csv(index=False).encode("utf-8-sig")


def gaps_rows(results, rubric) -> list[dict]:
    """gaps.csv's rows, taken from the scorecard models."""
    names = {ind.id: ind.name for ind in rubric.indicators}
    rows = []
    for s in results.submissions:
        levels = {i.id: i.level for i in s.indicators}
        rows.extend({"id": s.id, "rank": s.rank, "indicator": g.indicator, "name": names.get(g.indicator, ""),
                     "code": g.code, "level": levels[g.indicator], "points_lost": g.points_lost} for g in s.gaps)
    return rows


def scores_rows(results, rubric) -> list[dict]:
    """scores.csv's rows, taken from the scorecard models."""
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
    return rows


def figures_only(results: Results) -> Results:
    """The scorecards without their quotes: results.json leaves those to run.json."""
    subs = [s.model_copy(update={"problems": [], "indicators": [i.model_copy(update={"evidence": []}) for i in s.indicators]})
            for s in results.submissions]
    return results.model_copy(update={"submissions": subs})


def ours(rows, columns=None) -> bytes:
    return csv_text(rows, columns).encode("utf-8-sig")


@pytest.mark.parametrize("rows,columns", [
    ([{"id": "=1+1", "title": '青川市"法治"报告,2025', "total": 12.5, "rank": 1},
      {"id": "s2", "title": "云岭县\n报告\x07", "total": 3.0, "rank": 2}], None),
    ([{"id": "a", "composite": 50.0, "component_field": 100},
      {"id": "b", "composite": 20.25, "component_survey": 7}], None),  # missing cells: float columns
    ([{"id": "a", "rank_lo": 1, "rank_hi": 3}, {"id": "b", "rank_lo": 2, "rank_hi": 2}], None),
    ([{"id": "a", "x": 1e-05, "y": 123456789012345.67, "z": -0.0}], None),
    ([{"id": "@SUM(A1)", "expects": "+1 条", "name": "\t松溪镇"}], None),
    ([{"id": "a\rb", "title": "c,d", "name": " e", "code": "", "x": None}, {"id": "f\ng", "x": 2}], None),
    ([{"only": ""}, {"only": "青川"}, {}], None),  # one column: an empty cell is written ""
    ([{"n": 1}, {"n": 2}], None),
    ([], GAP_COLUMNS),  # no gaps at all: the header alone
    ([], None),
])
def test_csv_text_is_what_pandas_wrote(rows, columns):
    assert ours(rows, columns) == pandas_csv(rows, columns)


def check_run(run, rubric, tmp_path, profile, *, components=None, sensitivity=False):
    weights = load_weights(rubric, profile)
    if components is not None:
        weights = weights.model_copy(update={"components": {"written": 0.6, "field": 0.4}})
    results = score_run(run, rubric, weights, components)
    heads, table = score_table_run(run, rubric, weights, components)
    if sensitivity:
        sens = analyse(results, run, rubric, weights, draws=20, components=components)
        results = attach(results, sens)
        attach_records(heads, sens)
        write_weight_outputs(tmp_path, results, run, rubric, weights, components, sens)
        assert (tmp_path / "sensitivity.csv").read_bytes() == pandas_csv(sens.rows(), SENSITIVITY_COLUMNS)
    write_tables(heads, table, rubric, tmp_path)
    assert Results.model_validate(read_results(tmp_path / "results.json")) == figures_only(results)
    # What an indicator expects is written once per run, in results.json and indicators.csv.
    data = read_results(tmp_path / "results.json")
    assert [(i["id"], i["expects"]) for i in data["indicators"]] == [(i.id, i.expects) for i in rubric.indicators]
    maxima = {i.id: i.max for i in results.submissions[0].indicators}
    assert (tmp_path / "indicators.csv").read_bytes() == pandas_csv(
        [{"indicator": i.id, "name": i.name, "code": i.code, "max": maxima[i.id], "expects": i.expects}
         for i in rubric.indicators], INDICATOR_COLUMNS)
    assert (tmp_path / "scores.csv").read_bytes() == pandas_csv(scores_rows(results, rubric))
    assert (tmp_path / "gaps.csv").read_bytes() == pandas_csv(gaps_rows(results, rubric), GAP_COLUMNS)
    assert len(gaps_rows(results, rubric)) == sum(len(s.gaps) for s in results.submissions) > 0


def reviewed(run: Run) -> Run:
    """Every submission's first indicator raised to quantified, as an expert's review would."""
    evidence = []
    for ev in run.evidence:
        first = ev.indicators[0].model_copy(update={"level": Level.quantified})
        evidence.append(ev.model_copy(update={"indicators": [first, *ev.indicators[1:]]}))
    return run.model_copy(update={"evidence": evidence})


def some_components(run: Run) -> Components:
    ids = [s.id for s in run.submissions]
    return Components(names=["field"], scores={sid: {"field": None if k % 3 == 0 else 40.0 + k % 7 * 7.5}
                                               for k, sid in enumerate(ids)})


@pytest.mark.seed
@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds 不存在")
def test_seed_tables_under_every_profile(project_rubric, tmp_path_factory):
    subs = split_seed(tmp_path_factory.mktemp("split"))
    run = Run(submissions=subs, evidence=extract_all(subs, project_rubric))
    for profile in PROFILES:
        check_run(run, project_rubric, tmp_path_factory.mktemp("plain"), profile)
        check_run(run, project_rubric, tmp_path_factory.mktemp("comp"), profile, components=some_components(run),
                  sensitivity=True)
        check_run(reviewed(run), project_rubric, tmp_path_factory.mktemp("rev"), profile)


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds 不存在")
def test_synthetic_tables(project_rubric, tmp_path_factory):
    from scorer.bench.scale import paragraphs_of, synthesise

    subs = synthesise(40, paragraphs_of(split_seed(tmp_path_factory.mktemp("split"))))
    run = Run(submissions=subs, evidence=extract_all(subs, project_rubric))
    for profile in PROFILES:
        check_run(run, project_rubric, tmp_path_factory.mktemp("syn"), profile, components=some_components(run),
                  sensitivity=True)


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds 不存在")
def test_records_write_every_page_the_models_write(project_rubric, tmp_path_factory, monkeypatch):
    """Pages, index, weights page, workbook and Word opinions read records as they read models:
    a synthetic run with reviews (dated and not), a stale review, components, bands and rank
    intervals gives the same bytes either way."""
    from scorer.bench.scale import paragraphs_of, synthesise
    from scorer.opinion_docx import write_opinions
    from scorer.report import write_html
    from scorer.report.render import write_index
    from scorer.reviews import apply_reviews, load_reviews, stale_records
    from scorer.xlsx import write_xlsx

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    subs = synthesise(12, paragraphs_of(split_seed(tmp_path_factory.mktemp("split"))))
    base = Run(submissions=subs, evidence=extract_all(subs, project_rubric))
    found = [{e.id for e in ev.indicators if e.level > Level.none} for ev in base.evidence]
    missing = next(i.id for i in project_rubric.indicators if i.id not in found[0])
    review_path = tmp_path_factory.mktemp("rev") / "r.yaml"
    review_path.write_text(
        "reviews:\n"
        f"  - {{submission: {subs[0].id}, indicator: {missing}, level: quantified, reason: 附件写明案件数, reviewer: 评审组一, date: 2026-03-02}}\n"
        f"  - {{submission: {subs[1].id}, indicator: {sorted(found[1])[0]}, level: none, reason: 是上级的工作, reviewer: 评审组二}}\n"
        f"  - {{submission: {subs[2].id}, indicator: {missing}, level: mention, reason: 旧稿, reviewer: 评审组二, text_sha256: {'0' * 64}}}\n",
        encoding="utf-8")
    reviews = load_reviews(review_path, project_rubric, subs)
    assert reviews.entries and reviews.stale
    run = base.model_copy(update={"evidence": apply_reviews(base.evidence, reviews)})
    weights = load_weights(project_rubric).model_copy(update={"components": {"written": 0.6, "field": 0.4}})
    components = some_components(run)
    results = score_run(run, project_rubric, weights, components)
    records = score_records_run(run, project_rubric, weights, components)
    sens = analyse(results, run, project_rubric, weights, draws=20, components=components)
    results = attach(results, sens).model_copy(update={"stale_reviews": stale_records(reviews)})
    attach_records(records, sens)
    records["stale_reviews"] = stale_records(reviews)
    assert sum(i.review is not None for s in results.submissions for i in s.indicators) == 2
    assert all(s.band and s.rank_interval and s.composite is not None for s in results.submissions)
    written = {}
    for label, res in (("models", results), ("records", records)):
        folder = tmp_path_factory.mktemp(label)
        write_html(res, run, project_rubric, folder, generated="T", weights=weights, jobs=1)
        write_weight_outputs(folder, res, run, project_rubric, weights, components, sens)
        write_xlsx(res, run, project_rubric, folder / "评估.xlsx")
        write_opinions(res, run, project_rubric, folder / "opinions")
        written[label] = {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    # A re-weighting writes the index and the weights page from the run's arrays, before any
    # scorecard is built in full: the same bytes.
    heads, table = score_table_run(run, project_rubric, weights, components)
    attach_records(heads, sens)
    heads["stale_reviews"] = stale_records(reviews)
    folder = tmp_path_factory.mktemp("table")
    write_index(heads, run, project_rubric, folder, "T", table)
    write_weight_outputs(folder, heads, run, project_rubric, weights, components, sens, table)
    for name in ("index.html", "weights.html", "profile.yaml", "sensitivity.csv"):
        assert (folder / name).read_bytes() == written["models"][Path(name)], name
    assert len(written["models"]) > len(subs) + 5
    assert written["records"].keys() == written["models"].keys()
    differ = [str(name) for name, data in written["models"].items()
              if data != written["records"][name] and name.suffix not in (".xlsx", ".docx")]
    assert not differ
    for name in written["models"]:  # zip archives carry their times: compare what they hold, but the clock
        if name.suffix in (".xlsx", ".docx"):
            assert _zip_members(written["models"][name]) == _zip_members(written["records"][name]), name


def _zip_members(data: bytes) -> dict[str, bytes]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def test_gaps_csv_is_what_pandas_wrote_for_hostile_ids_and_for_no_gaps(mini_rubric, tmp_path):
    import hashlib

    from scorer.models import Submission

    texts = {"=HYPERLINK(\"x\")": "青川市全年办结行政复议案件326件，纠错率12.4%。", "@云岭,县\"": "要推行行政执法公示制度。"}
    subs = [Submission(id=sid, title=f"{sid}报告", text=text, sha256=hashlib.sha256(text.encode()).hexdigest())
            for sid, text in texts.items()]
    run = Run(submissions=subs, evidence=extract_all(subs, mini_rubric))
    results = score_run(run, mini_rubric, load_weights(mini_rubric))
    heads, table = score_table_run(run, mini_rubric, load_weights(mini_rubric))
    write_tables(heads, table, mini_rubric, tmp_path)
    assert (tmp_path / "gaps.csv").read_bytes() == pandas_csv(gaps_rows(results, mini_rubric), GAP_COLUMNS)
    assert "'=HYPERLINK" in (tmp_path / "gaps.csv").read_text(encoding="utf-8-sig")
    table.gap_count[:] = 0  # a run where every submission earned every point
    write_tables(heads, table, mini_rubric, tmp_path)
    assert (tmp_path / "gaps.csv").read_bytes() == pandas_csv([], GAP_COLUMNS)
    assert Results.model_validate(read_results(tmp_path / "results.json")).submissions[0].gaps == []
