"""Normalisation: one deterministic text whatever the typing habits, with wrapped lines rejoined."""

from __future__ import annotations

import pytest

from scorer.ingest.normalise import glue, normalise
from tests.conftest import SHARED

SEED = SHARED / "seeds" / "000_e4f711ee96b42b0a.txt"


@pytest.mark.parametrize("raw, want", [
    ("全年办结案件３２６件，纠错率１２．４％。", "全年办结案件326件，纠错率12.4%。"),
    ("使用ＡＰＰ办理", "使用APP办理"),
    ("制度管人,流程管事.", "制度管人，流程管事."),
    ("主要做法:一是立法;二是执法?三是!", "主要做法：一是立法；二是执法？三是！"),
    ("(2025年11月18日)", "（2025年11月18日）"),
    ("示范市(县、区)与项目", "示范市（县、区）与项目"),
    ("共1,234件,其中", "共1,234件，其中"),
    ("时间:2023-11-18 18:15:02", "时间：2023-11-18 18:15:02"),
    ("see http://example.org/a?b=1, ok", "see http://example.org/a?b=1, ok"),
    ("(A) and (B)", "(A) and (B)"),
    ("此前,\u00a0第一批", "此前，第一批"),
    ("自2021\u00a0年8月", "自2021年8月"),
    ("设立“邻里调解室”86\u00a0个", "设立“邻里调解室”86个"),
    ("\u3000\u3000今年以来，全市", "今年以来，全市"),
    ("扎实推进依法行政  不断开创新局面", "扎实推进依法行政  不断开创新局面"),
    ("澜州市司法局局长\u00a0周明远", "澜州市司法局局长 周明远"),
    ("零\u200b宽\ufeff字符", "零宽字符"),
])
def test_characters(raw, want):
    assert normalise(raw) == want + "\n"


def test_kangxi_radicals_from_pdfs_become_ordinary_characters():
    assert normalise("\u2f8f政执法") == "行政执法\n"  # ⾏ KANGXI RADICAL WALK is how some PDFs carry 行


def test_one_paragraph_per_line_without_blank_lines_or_indentation():
    assert normalise("\r\n\r\n  标题\r\n\r\n\r\n   第一段。\r\n\r\n第二段。  \r\n\r\n") == "标题\n第一段。\n第二段。\n"


def test_an_empty_text_stays_empty():
    assert normalise(" \n\u3000\n") == ""


WRAPPED = [
    # (line, next line, joined?)
    ("云岭县法院石桥法庭庭长郑远航说：“报告提出，要在法治轨道上", "推进基层治理现代化，这让我们倍感振奋。", True),
    ("深化政务公开，完善主动公开目录和依申请公开办理流程，切实保障人民", "群众的知情权和监督权。", True),
    ("三是健全工作机制。云岭县针对入户走访排查中收集的邻里矛盾纠纷案", "（事）件，建立分类化解台账。", True),
    ("澜州市深化依法行政工作，始终以《法治政府建设实施纲要（2021—2025年）》", "（以下简称《纲要》）为总遵循。", True),
    ("在全县设立“邻里议事厅”215个，组建“枫桥式调解", "工作室（站）”18个。", True),
    ("全市共办结案件", "，同比增长12%。", True),
    ("本年度共受理复议申请，", "办结率达100%。", True),
    ("鹭湾市深化依法行政工作情况报告", "（2025年3月16日）", False),
    ("一、示范引领凝聚工作合力，依法行政氛围日益浓厚", "春华秋实，砥砺前行。", False),
    ("五、着力打造“一站通办”公共法律服务平台不断增强群众法治获得感、安全感和认同感", "公共法律服务是基本公共服务。", False),
    ("走出率先建成法治政府的澜州路径", "澜州市司法局局长 周明远", False),
    ("考核评价重在发挥导向作用，以评促建形成工作闭环；", "专项督察则重在传导工作压力。", False),
    ("主要做法如下：", "一是加强领导。", False),
    ("全市法治政府建设取得明显成效，群众满意度持续提高，各项工作走在前列", "一、加强组织领导", False),
    ("资料选编【参考范文】", "2025年依法行政工作总结、述法报告、年度考核报告", False),
]


@pytest.mark.parametrize("line, nxt, joined", WRAPPED)
def test_lines_wrapped_mid_sentence_are_joined_and_others_are_not(line, nxt, joined):
    for gap in ("\n", "\n\n"):  # hard wraps in the seed often have a blank line in between
        out = normalise(line + gap + nxt)
        assert (out == line + nxt + "\n") is joined, out


def test_glue_puts_a_space_only_between_wrapped_latin_words():
    assert glue("the rule of", "law") == "the rule of law"
    assert glue("共废止3", "7件") == "共废止37件"
    assert glue("爱青川AP", "P应用") == "爱青川APP应用"


def test_normalising_twice_changes_nothing():
    text = ("  标题 (2022年)\n\n正文第一段,有1,234件 ;\n\n全年办结案件\n\n，同比增长。\nrule of\nlaw, ok?\n"
            "共　３２６　件　，以《纲要》\n（以下简称《纲要》）为遵循。")
    once = normalise(text)
    assert normalise(once) == once


@pytest.mark.seed
def test_the_seed_normalises_idempotently_and_fast():
    if not SEED.exists():
        pytest.skip("../shared/seeds 不存在")
    import time

    raw = SEED.read_text(encoding="utf-8")
    start = time.perf_counter()
    once = normalise(raw)
    assert time.perf_counter() - start < 2.0
    assert normalise(once) == once
    assert "\u00a0" not in once and "\n\n" not in once
    # The seed's mid-sentence wraps are rejoined: a line that leaves a quotation mark open without
    # ending its sentence comes out joined to the line that continues it.
    lines = [ln.strip() for ln in raw.splitlines() if ln.strip()]
    wrapped = [(a, b) for a, b in zip(lines, lines[1:]) if a.count("“") > a.count("”") and a[-1] not in "。；;！？!?"]
    assert len(wrapped) >= 2
    for a, b in wrapped:
        assert normalise(a).rstrip("\n") + normalise(b).rstrip("\n") in once, a
