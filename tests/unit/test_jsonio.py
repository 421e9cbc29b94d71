"""run.json is written an element at a time: every byte as one serializer call writes it, whatever
the strings hold (line breaks, quotes, text that looks like the layout); results.json, written a
submission at a time in columns, reads back as the scorecards' figures."""

from __future__ import annotations

import hashlib

import pytest

from scorer.models import Failure, Submission
from scorer.pipeline import Run, extract_all, save_run, score_run, score_table_run
from scorer.profiles import load_weights
from scorer.results import NearDuplicate, Results
from scorer.results_file import read_results, write_results

# Text that looks like the documents' own layout, in ids, titles and texts.
TRICKY = ['青川市\n "submissions": [],\n报告', '云岭县"submissions":[],"evidence":[]', "松溪镇\\n\t\"引号\"\r\n"]


def _run(rubric) -> Run:
    texts = {f"s{k}": f"{title}\n全年办结行政复议案件{326 + k}件，纠错率12.4%。\n要推行行政执法公示制度。"
             for k, title in enumerate(TRICKY)}
    subs = [Submission(id=sid, title=TRICKY[k], text=text, region=TRICKY[k], group="county",
                       sha256=hashlib.sha256(text.encode()).hexdigest()) for k, (sid, text) in enumerate(texts.items())]
    return Run(submissions=subs, evidence=extract_all(subs, rubric),
               failures=[Failure(path='坏\n "submissions": [].txt', error="无法读取")],
               near_duplicates=[NearDuplicate(a="s0", b="s1", similarity=0.93)],
               duplicate_ids={"s0": ["a.txt", "b\n.txt"]})


@pytest.mark.parametrize("empty", [False, True])
def test_run_json_written_in_pieces_is_what_one_call_writes(mini_rubric, tmp_path, empty):
    run = _run(mini_rubric)
    if empty:
        run = Run(failures=run.failures, submissions=[], evidence=[])
    save_run(run, tmp_path / "run.json")
    assert (tmp_path / "run.json").read_bytes() == run.model_dump_json().encode("utf-8")


@pytest.mark.parametrize("empty", [False, True])
def test_results_json_read_back_is_the_scorecards_figures(mini_rubric, empty, tmp_path):
    """results.json is written a submission at a time in columns; read back per indicator it is
    every figure of the checked scorecards (the quotes are run.json's), for tricky texts and for
    a run with nothing scored."""
    run = _run(mini_rubric)
    if empty:
        run = Run(failures=run.failures, submissions=[], evidence=[])
    weights = load_weights(mini_rubric)
    models = score_run(run, mini_rubric, weights)
    heads, table = score_table_run(run, mini_rubric, weights)
    write_results(tmp_path / "results.json", heads, table, mini_rubric)
    subs = [s.model_copy(update={"problems": [], "indicators": [i.model_copy(update={"evidence": []}) for i in s.indicators]})
            for s in models.submissions]
    assert Results.model_validate(read_results(tmp_path / "results.json")) == models.model_copy(update={"submissions": subs})
    assert len(models.submissions) == (0 if empty else len(TRICKY))
