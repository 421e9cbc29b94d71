"""Page furniture: a report copied from a web page reads as the report alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorer.ingest import furniture
from scorer.ingest import normalise as normalise_module
from scorer.ingest.furniture import is_furniture
from scorer.ingest.normalise import normalise
from tests.helpers_fixtures import PAGE_FOOTER, PAGE_HEADER, PAGE_META, web_page_copy

TITLE = "青川市松岚区人民政府关于2025年度法治政府建设情况的报告"
BODY = [
    "2025年，松岚区坚持依法行政，全面推进法治政府建设。现将有关情况报告如下：",
    "一、行政复议",
    "全年办结行政复议案件132件，纠错率10.6%。",
    "二、行政执法",
    "区司法局组织执法案卷评查420卷，发现问题31个，已全部整改。",
]


def page(body=BODY):
    return web_page_copy(TITLE, body)


def clean(body=BODY):
    return "\n".join([TITLE, *body]) + "\n"


def test_a_page_copy_normalises_to_the_report_typed_clean():
    assert normalise(page()) == normalise(clean())


@pytest.mark.parametrize("line", PAGE_HEADER + PAGE_META + PAGE_FOOTER)
def test_each_kind_of_furniture_is_recognised(line):
    assert is_furniture(normalise(line).strip())


@pytest.mark.parametrize("line", [
    TITLE, "中共松岚区司法局党组", "2025年度法治政府建设报告", "2026年1月20日", "青川市松岚区人民政府",
    "（一）强化组织领导", "满意度>95%", "一、行政复议", "市委全面依法治市委员会：", *BODY,
    "来源：本区统计，全年受理案件132件。", "时间紧、任务重，区政府按期完成清理工作。",
])
def test_the_reports_own_lines_are_not_furniture(line):
    assert not is_furniture(line)


def test_a_source_row_glued_to_the_first_paragraph_is_cut_off_and_the_paragraph_stays():
    text = normalise(f"{TITLE}\n来源：松岚区司法局 发布时间：2026-01-21 09:18 {BODY[0]}\n" + "\n".join(BODY[1:]))
    assert text == normalise(clean())


def test_a_row_glued_to_prose_without_a_clear_end_stays_whole():
    # No gap and no time stamp marks where the source's name ends: nothing is cut.
    line = "来源：松岚区司法局2025年，松岚区坚持依法行政。"
    assert normalise(line) == line + "\n"


def test_a_sites_slogan_above_the_title_does_not_shield_the_rows_below_it():
    slogan = "• 坚持依法行政，建设人民满意的法治政府，为松岚高质量发展提供坚实法治保障"
    text = normalise("\n".join([slogan, "政务信息", TITLE, "时间：2026-02-25  来源：法制科", *BODY]))
    assert "来源" not in text and "时间：" not in text and BODY[2] in text


def test_lines_between_paragraphs_are_never_touched():
    # A row of labels inside the report is the report's own (a table, a note): it stays.
    body = [BODY[0], "来源：区统计局 发布时间：2026-01-10", *BODY[1:]]
    assert "来源：区统计局" in normalise("\n".join([TITLE, *body]))


def test_a_repeated_title_above_the_report_is_kept_once():
    assert normalise(f"{TITLE}\n{TITLE}\n" + "\n".join(BODY)) == normalise(clean())


SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


@pytest.mark.seed
def test_no_sentence_of_the_seed_is_lost(monkeypatch):
    seeds = sorted(SEED.glob("*.txt")) if SEED.exists() else []
    if not seeds:
        pytest.skip("../shared/seeds 不存在")
    raw = seeds[0].read_text(encoding="utf-8")
    stripped = normalise(raw)
    monkeypatch.setattr(normalise_module, "strip_furniture", lambda lines: lines)
    kept = normalise(raw)
    sentences = [ln for ln in kept.splitlines() if "。" in ln]
    # Every paragraph with a sentence survives whole, and only page rows went.
    assert [ln for ln in stripped.splitlines() if "。" in ln] == sentences
    gone = set(kept.splitlines()) - set(stripped.splitlines())
    assert gone and all(furniture.is_furniture(ln) for ln in gone)
