"""Metadata: front matter wins; otherwise title, place and peer group come from the text."""

from __future__ import annotations

import pytest

from scorer.ingest import read_inputs, read_path
from scorer.ingest.markdown import strip_markdown
from scorer.ingest.metadata import infer_region
from tests.conftest import write_submission


@pytest.mark.parametrize("title, region", [
    ("青川市2025年法治政府建设年度报告", "青川市"),
    ("沧澜省鹭湾市人民政府关于2025年法治政府建设情况的报告", "沧澜省鹭湾市"),
    ("沧澜省青川市松岚区深化依法行政工作情况汇报", "沧澜省青川市松岚区"),
    ("澜州市深化法治政府示范创建情况报告", "澜州市"),
    ("云澜州高水平打造依法行政综合示范区", "云澜州"),
    ("云岭县参与省级法治政府示范地区评选工作情况", "云岭县"),
    ("青石区司法局获“沧澜省依法行政工作先进集体”称号", "青石区"),
    ("广西壮族自治区人民政府2025年法治政府建设情况报告", "广西壮族自治区"),
    ("中共青澜市委全面依法治市委员会办公室", "青澜市"),
    ("关于2025年度云岭县法治政府建设情况的报告", "云岭县"),
    ("北京法治政府建设再上新台阶", "北京市"),
    ("全市法治政府建设工作总结", ""),
    ("我区2025年法治政府建设情况", ""),
    ("坚持依法行政  谱写法治政府建设新篇章", ""),
    ("交出让鹭湾群众满意的法治答卷", ""),
])
def test_region_is_the_place_a_title_starts_with(title, region):
    assert infer_region(title) == region


def test_region_falls_back_to_the_author_line():
    assert infer_region("走出率先建成法治政府的澜州路径", "澜州市司法局局长 周明远") == "澜州市"


def test_front_matter_wins_over_what_the_text_suggests(tmp_path):
    path = write_submission(tmp_path, "r.txt", "青川市法治政府建设报告\n正文。\n", id="qc", title="另一个标题",
                            region="云岭县", group="county", date="2025-12-30", author="某某")
    sub = read_path(path)
    assert (sub.id, sub.title, sub.region, sub.group, sub.date, sub.author, sub.year) == (
        "qc", "另一个标题", "云岭县", "county", "2025-12-30", "某某", 2025)


def test_without_front_matter_everything_is_inferred(tmp_path):
    (tmp_path / "r.txt").write_text("青川市法治政府建设报告\n正文。\n", encoding="utf-8")
    sub = read_path(tmp_path / "r.txt")
    assert (sub.id, sub.title, sub.region, sub.group, sub.year) == ("r", "青川市法治政府建设报告", "青川市", "city", None)


def test_unknown_group_stays_other(tmp_path):
    (tmp_path / "r.txt").write_text("关于法治政府建设的几点思考\n正文。\n", encoding="utf-8")
    assert read_path(tmp_path / "r.txt").group == "other"


def test_front_matter_with_windows_newlines(tmp_path):
    (tmp_path / "r.txt").write_bytes("---\r\ntitle: 标题甲\r\ngroup: city\r\n---\r\n正文。\r\n".encode("gb18030"))
    sub = read_path(tmp_path / "r.txt")
    assert (sub.title, sub.group, sub.text) == ("标题甲", "city", "正文。\n")


def test_markdown_markup_goes_and_the_words_stay():
    md = ("# 青川市报告\n\n## 一、行政复议\n\n**全年**办结案件[326件](http://x.org)。\n\n> 引用一句。\n\n---\n\n"
          "| 指标 | 数量 |\n|---|---|\n| 案件 | 326 |\n\n以***法治思想为指导，`代码`。\n")
    assert strip_markdown(md).split() == ["青川市报告", "一、行政复议", "全年办结案件326件。", "引用一句。",
                                          "|", "指标", "|", "数量", "|", "|", "案件", "|", "326", "|",
                                          "以***法治思想为指导，代码。"]


def test_a_folders_readme_is_not_a_submission(tmp_path):
    (tmp_path / "README.md").write_text("# 样例说明\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("青川市报告\n正文。\n", encoding="utf-8")
    subs, failures = read_inputs([tmp_path])
    assert [s.id for s in subs] == ["a"] and not failures


def test_an_office_without_a_place_is_still_a_department():
    from scorer.ingest.metadata import infer_group

    assert infer_group("司法局2025年法治政府建设工作报告") == "department"
    assert infer_group("交通运输局关于法治政府建设的报告") == "department"
    assert infer_group("奋力开创法治建设新局面") == "other"
