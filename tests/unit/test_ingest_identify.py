"""Titles and peer groups: the report's own title line, and the level of the body that reports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scorer.ingest import read_path
from scorer.ingest.identify import find_title, infer_group, infer_region, infer_year
from scorer.ingest.normalise import normalise
from scorer.models import GROUPS
from scorer.rubric import load_group_names
from tests.helpers_fixtures import web_page_copy

OPENING = "2025年，松溪镇坚持依法行政，全面推进法治政府建设。现将有关情况报告如下："
BODY = ["一、行政复议", "全年办结行政复议案件32件。"]


def title_of(*lines: str) -> str | None:
    return find_title(normalise("\n".join(lines)))


@pytest.mark.parametrize("lines, title", [
    # the title line, not the document number, addressee or column name above it
    (["青政呈〔2026〕3号", "青川市人民政府关于2025年法治政府建设情况的报告", "沧澜省人民政府：", OPENING],
     "青川市人民政府关于2025年法治政府建设情况的报告"),
    (["政务信息", "工作报告", "2025年云岭县法治政府建设情况", OPENING], "2025年云岭县法治政府建设情况"),
    (["青川市司法局2025年度法治政府建设工作总结", OPENING], "青川市司法局2025年度法治政府建设工作总结"),
    (["青川市审计局局长2025年度述法报告", OPENING], "青川市审计局局长2025年度述法报告"),
    # the body's name on one line and the rest of the title on the next
    (["中共青川市交通运输局党组", "2025年度法治政府建设报告", OPENING], "中共青川市交通运输局党组2025年度法治政府建设报告"),
    # a title cut in the middle of a word
    (["关于青川市松岚区2025年度法治政府", "建设情况的报告", OPENING], "关于青川市松岚区2025年度法治政府建设情况的报告"),
    # a title pasted onto the addressee and the first paragraph
    (["松溪镇人民政府关于报送2025年度法治政府建设的报告 青川市人民政府：" + OPENING],
     "松溪镇人民政府关于报送2025年度法治政府建设的报告"),
    # a site's slogan above the title is not the title
    (["• 坚持依法行政，建设人民满意的法治政府，为高质量发展提供坚实法治保障。", "青川市2025年法治政府建设情况报告",
      OPENING], "青川市2025年法治政府建设情况报告"),
])
def test_the_title_is_the_reports_own_title_line(lines, title):
    assert title_of(*lines, *BODY) == title


@pytest.mark.parametrize("opening, title", [
    ("根据《青川市法治政府建设实施方案》要求，现将我镇2025年度法治政府建设情况报告如下。", "我镇2025年度法治政府建设情况报告（据正文）"),
    ("2025年，在市委、市政府的坚强领导下，青川市司法局坚持依法行政，各项工作取得新成效。", "青川市司法局2025年法治政府建设情况报告（据正文）"),
    ("2025年，区政府坚持依法行政。现将2025年度法治政府建设工作情况报告如下。", "区政府2025年度法治政府建设工作情况报告（据正文）"),
    ("根据督察工作规定等文件要求，云岭县应急管理局对2025年度工作完成情况进行了自查，现将有关情况报告如下。",
     "云岭县应急管理局2025年法治政府建设情况报告（据正文）"),
])
def test_without_a_title_line_the_title_is_made_from_the_opening_and_marked(opening, title):
    assert title_of(opening, *BODY) == title


def test_without_a_title_or_a_reporter_there_is_none():
    assert title_of("法治是最好的营商环境。", *BODY) is None


def test_a_page_copys_title_is_the_report_title_not_its_furniture():
    title = "云岭县人民政府2025年度法治政府建设情况报告"
    assert find_title(normalise(web_page_copy(title, [OPENING, *BODY]))) == title


@pytest.mark.parametrize("title, group", [
    ("沧澜省人民政府关于2025年法治政府建设情况的报告", "province"),
    ("广西壮族自治区2025年法治政府建设情况报告", "province"),
    ("北京市2025年法治政府建设情况报告", "province"),
    ("全省2025年法治政府建设情况报告（据正文）", "province"),
    ("青川市2025年法治政府建设年度报告", "city"),
    ("云澜州人民政府关于2025年度法治政府建设情况的报告", "city"),
    ("松岭自治州2025年法治政府建设情况报告", "city"),
    ("青山盟2025年法治政府建设情况报告", "city"),
    ("青川地区2025年法治政府建设情况报告", "city"),
    ("中共青川市委青川市人民政府关于2025年法治政府建设情况的报告", "city"),
    ("我市2025年法治政府建设情况报告（据正文）", "city"),
    ("云岭县2025年法治政府建设年度报告", "county"),
    ("青川市松岚区人民政府2025年度法治政府建设情况报告", "county"),
    ("上海市松岚区人民政府2025年度法治政府建设情况报告", "county"),
    ("青山旗2025年法治政府建设情况报告", "county"),
    ("松岭自治县2025年法治政府建设情况报告", "county"),
    ("云澜州澜溪市2025年法治政府建设情况报告", "county"),
    ("区政府2025年法治政府建设情况报告（据正文）", "county"),
    ("松溪镇人民政府关于2025年度法治政府建设情况的报告", "township"),
    ("青川市云岭县松溪镇2025年法治政府建设情况报告", "township"),
    ("青川市松岚区青石街道办事处2025年法治政府建设年度报告", "township"),
    ("松岚区人民政府青石街道办事处关于2025年度法治政府建设情况的报告", "township"),
    ("中共松溪镇委员会松溪镇人民政府关于报送2025年度法治政府建设的报告", "township"),
    ("云岭乡2025年法治政府建设情况报告（据正文）", "township"),
    ("我镇2025年度法治政府建设情况报告（据正文）", "township"),
    ("青川市司法局关于2025年度法治政府建设情况的报告", "department"),
    ("沧澜省司法厅2025年法治政府建设情况报告", "department"),
    ("中共青川市交通运输局党组2025年度法治政府建设报告", "department"),
    ("青川市发展和改革委员会2025年法治政府建设年度报告", "department"),
    ("司法部2025年法治政府建设情况报告（据正文）", "department"),
    ("国家松林总局2025年法治政府建设情况报告", "department"),
    ("市市场监管局2025年法治政府建设情况报告（据正文）", "department"),
    ("我局2025年法治政府建设情况报告（据正文）", "department"),
    ("青川市委党校关于法治政府建设的几点思考", "other"),
    ("奋力开创法治建设新局面", "other"),
])
def test_peer_group_of_every_level(title, group):
    assert infer_group(title) == group


@pytest.mark.parametrize("title, region", [
    ("青川市云岭县松溪镇2025年法治政府建设情况报告", "青川市云岭县松溪镇"),
    ("青川市市场监管局2025年法治政府建设年度报告", "青川市"),
    ("中共青川市委青川市人民政府关于2025年法治政府建设情况的报告", "青川市"),
    ("青川市城乡建设局2025年法治政府建设年度报告", "青川市"),
])
def test_region_reaches_down_to_the_township(title, region):
    assert infer_region(title) == region


def test_the_year_comes_from_the_title():
    assert infer_year("关于青川市2025年度法治政府建设情况的报告") == 2025
    assert infer_year("奋力开创法治建设新局面") is None


def test_a_pasted_page_is_read_with_its_title_year_and_group(tmp_path):
    path = tmp_path / "p.txt"
    path.write_text(web_page_copy("松溪镇人民政府关于2025年度法治政府建设情况的报告", [OPENING, *BODY]), encoding="utf-8")
    sub = read_path(path)
    assert (sub.title, sub.group, sub.region, sub.year) == (
        "松溪镇人民政府关于2025年度法治政府建设情况的报告", "township", "松溪镇", 2025)
    assert sub.text.startswith(sub.title + "\n" + OPENING)


def test_every_group_has_a_chinese_name_in_the_rubric():
    names = load_group_names()
    assert set(names) == set(GROUPS) and names["township"] == "乡镇（街道）"


# --- the real published openings in ../shared/wild ---------------------------------------

WILD = Path(__file__).resolve().parents[2].parent / "shared" / "wild"
FURNITURE = re.compile(r"首页|来源|发布时间|字体|打印|无障碍|今天是|索引号|浏览|当前位置|搜索")
REPORT_TITLE = re.compile(r"(?:报告|总结|汇报|情况)(?:（据正文）)?$")


@pytest.mark.seed
def test_real_openings_get_report_titles_and_their_peer_groups():
    if not (WILD / "manifest.json").exists():
        pytest.skip("../shared/wild 不存在")
    manifest = {m["id"]: m for m in json.loads((WILD / "manifest.json").read_text(encoding="utf-8"))}
    subs = [read_path(WILD / "texts" / f"{key}.txt") for key in manifest]
    assert len(subs) >= 50
    assert not [s.title for s in subs if FURNITURE.search(s.title) or not REPORT_TITLE.search(s.title)]
    agree = sum(s.group == manifest[s.id]["level"] for s in subs)
    assert agree >= 0.9 * len(subs)
