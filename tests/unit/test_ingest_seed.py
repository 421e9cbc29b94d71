"""The issue's proof: the seed splits into its reports, and converting any of them to Word, PDF or
GB18030 leaves its text, and so its score, unchanged."""

from __future__ import annotations

import pytest

from scorer.ingest import read_inputs, read_path
from scorer.ingest.normalise import normalise
from scorer.ingest.split import filename, split_compilation
from scorer.pipeline import Run, extract_all, score_run
from scorer.profiles import load_weights
from scorer.rubric import load_rubric
from tests.conftest import SHARED
from tests.helpers_fixtures import body_of, make_docx, make_pdf, missing_glyphs

SEED = SHARED / "seeds" / "000_e4f711ee96b42b0a.txt"

pytestmark = [pytest.mark.seed, pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds 不存在")]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The seed's reports as split files, the way `scorer split` writes them."""
    folder = tmp_path_factory.mktemp("seed")
    for report in split_compilation(normalise(SEED.read_text(encoding="utf-8"))).reports:
        (folder / filename(report)).write_text(report.to_text(), encoding="utf-8")
    return sorted(folder.glob("*.txt"))


def _scores(subs, rubric):
    results = score_run(Run(submissions=subs, evidence=extract_all(subs, rubric)), rubric, load_weights(rubric, None))
    return {s.id: (s.total, [(i.id, i.level) for i in s.indicators]) for s in results.submissions}


def _same_metadata(sub, like):
    """A Word or PDF file has no front matter: give it the split file's, so only the text differs."""
    keep = ("id", "title", "group", "region", "year", "date", "author")
    return sub.model_copy(update={k: getattr(like, k) for k in keep})


def test_every_seed_report_scores_the_same_as_txt_gb18030_docx_and_pdf(reports, tmp_path):
    assert len(reports) == 24
    rubric = load_rubric()
    seed_chars = SEED.read_text(encoding="utf-8")
    unprintable = missing_glyphs(seed_chars)  # a PDF cannot carry what its font lacks
    txt, versions = [], {"gb18030": [], "docx": [], "pdf": []}
    (tmp_path / "gb").mkdir()
    for path in reports:
        original = read_path(path)
        txt.append(original)
        gb = tmp_path / "gb" / path.name  # the same name, so the same id
        gb.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
        versions["gb18030"].append(read_path(gb))
        lines = body_of(path).splitlines()
        docx = make_docx(tmp_path / f"{path.stem}.docx", lines, headings={0: 0})
        versions["docx"].append(_same_metadata(read_path(docx), original))
        printable = [ln.translate({ord(ch): None for ch in unprintable}) for ln in lines]
        pdf = make_pdf(tmp_path / f"{path.stem}.pdf", printable[1:], title=printable[0], header="法治政府建设材料汇编",
                       font_chars=seed_chars)
        versions["pdf"].append(_same_metadata(read_path(pdf), original))

    for kind, subs in versions.items():
        for a, b in zip(txt, subs):
            if kind == "pdf":  # a line break at a space loses the space: compare without spaces
                want = a.text.translate({ord(ch): None for ch in unprintable})
                assert b.text.count("\n") == want.count("\n") and "".join(b.text.split()) == "".join(want.split()), a.id
            else:
                assert b.text == a.text, (kind, a.id)
    reference = _scores(txt, rubric)
    assert any(total > 0 for total, _ in reference.values())
    for kind, subs in versions.items():
        assert _scores(subs, rubric) == reference, kind


def test_split_files_read_back_to_exactly_the_split_text(reports):
    subs, failures = read_inputs([reports[0].parent])
    assert not failures and len(subs) == 24
    for path, sub in zip(reports, subs):
        assert sub.text == body_of(path)
