"""Normalisation: one deterministic text whatever the typing habits, with wrapped lines rejoined."""

from __future__ import annotations

import pytest

from scorer.ingest.normalise import glue, normalise
from tests.conftest import SHARED

SEED = SHARED / "seeds" / "000_e4f711ee96b42b0a.txt"


@pytest.mark.parametrize("raw, want", [
    ("全年办结案件３２６件，纠错率１２．４％。", "全年办结案件326件，纠错率12.4%。"),
    ("使用ＡＰＰ办理", "使用APP办理"),
    ("法治兴则民族兴,法治强则国家强.", "法治兴则民族兴，法治强则国家强."),
    ("主要做法:一是立法;二是执法?三是!", "主要做法：一是立法；二是执法？三是！"),
    ("(2022年10月21日)", "（2022年10月21日）"),
    ("示范市(县、区)与项目", "示范市（县、区）与项目"),
    ("共1,234件,其中", "共1,234件，其中"),
    ("时间:2023-11-18 18:15:02", "时间：2023-11-18 18:15:02"),
    ("see http://example.org/a?b=1, ok", "see http://example.org/a?b=1, ok"),
    ("(A) and (B)", "(A) and (B)"),
    ("此前,\u00a0第一批", "此前，第一批"),
    ("自2021\u00a0年8月", "自2021年8月"),
    ("设立“警民联调室”127\u00a0个", "设立“警民联调室”127个"),
    ("\u3000\u3000今年以来，全市", "今年以来，全市"),
    ("扎实推进依法行政  不断开创新局面", "扎实推进依法行政  不断开创新局面"),
    ("北京市司法局局长\u00a0崔杨", "北京市司法局局长 崔杨"),
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
    ("旬阳市法院赵湾法庭庭长田拓说：“党的报告提出，在法治轨道上", "全面建设社会主义现代化国家，这让我深受鼓舞。", True),
    ("推进政务公开，做好政府信息主动公开和依申请公开，依法满足人民", "群众合理信息需求。", True),
    ("二是完善制度保障。朝阳县针对深入企业走访调研收集的涉企矛盾纠纷案", "（事）件，结合工作实际。", True),
    ("北京市推进法治政府建设，必须以《法治政府建设实施纲要（2021—2025年）》", "（以下简称《实施纲要》）为遵循。", True),
    ("在全市建立“百姓评理说事点”407个，建立“枫桥式税务", "分局（所）”11个。", True),
    ("全市共办结案件", "，同比增长12%。", True),
    ("本年度共受理复议申请，", "办结率达100%。", True),
    ("拉萨市推进法治政府建设总结", "（2022年7月6日）", False),
    ("一、示范创建激发内生动力，法治政府建设氛围浓厚", "长风万里，征程在前。", False),
    ("五、积极构建“两全两快”公共法律服务体系持续提升群众法治获得感、幸福感和满意度", "公共法律服务是政府职能。", False),
    ("探索基本建成法治政府的北京路径", "北京市司法局局长 崔杨", False),
    ("示范创建重在树立标杆，自下而上激发内生动力；", "督察则重在压实主体责任。", False),
    ("主要做法如下：", "一是加强领导。", False),
    ("全市法治政府建设取得明显成效，群众满意度持续提高，各项工作走在前列", "一、加强组织领导", False),
    ("素材汇编【优秀范文】", "2022年法治政府建设工作总结、述法报告、履行推进法治建设第一责任人职责述职报告", False),
]


@pytest.mark.parametrize("line, nxt, joined", WRAPPED)
def test_lines_wrapped_mid_sentence_are_joined_and_others_are_not(line, nxt, joined):
    for gap in ("\n", "\n\n"):  # hard wraps in the seed often have a blank line in between
        out = normalise(line + gap + nxt)
        assert (out == line + nxt + "\n") is joined, out


def test_glue_puts_a_space_only_between_wrapped_latin_words():
    assert glue("the rule of", "law") == "the rule of law"
    assert glue("共废止3", "7件") == "共废止37件"
    assert glue("爱南宁AP", "P应用") == "爱南宁APP应用"


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
    # The seed's mid-sentence wraps are rejoined.
    assert "在法治轨道上全面建设社会主义现代化国家" in once
    assert "建立“枫桥式税务分局（所）”11个" in once
