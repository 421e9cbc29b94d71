"""`scorer split`: a compilation becomes one file per report, cut where the body says."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from scorer.ingest import read_inputs
from scorer.ingest.metadata import infer_region
from scorer.ingest.normalise import normalise
from scorer.ingest.split import date_of, is_author_line, parse_toc, split_compilation
from tests.conftest import SHARED

SEED = SHARED / "seeds" / "000_e4f711ee96b42b0a.txt"
GOLD = SHARED / "gold" / "dev.json"

# An invented compilation shaped like the seed: web preamble, contents with sections (one entry
# over two lines, one that disagrees with the body), reports with date or author lines, one with
# neither, a signature block, and web leftovers at the end.
COMPILATION = """2026年法治政府建设工作总结汇编【精选】
时间:2026-01-05 09:00:00 浏览量:
下面是小编整理的汇编，供大家参考。
目  录
一、市级
1.青川市法治政府建设工作总结  1
2.云岭县法治政府建设工作总结  4
二、部门
3.澜溪市司法局法治政府建设工作总结  6
三、其他
4.沧澜省委党校许明远:
法治政府建设的几点思考  8
5.鹭湾市法治政府建设工作总结  10

青川市法治政府建设展现新气象

(2025年12月30日)

一、行政复议

全年办结行政复议案件326件,纠错率12.4%。

二、行政执法

全市建成行政执法公示平台,公开执法信息5600条。
青川市人民政府
2025年12月30日

松岚区推进法治政府建设总结

(2025年11月2日)

全区全面推行行政执法“三项制度”,评查案卷1200卷。

走出率先建成法治政府的澜溪之路

澜溪市司法局局长　王明

澜溪市推进法治政府建设,必须坚持守正创新。

法治政府建设的几点思考

沧澜省委党校  许明远

法治政府建设是推进依法治省的关键环节。

鹭湾市法治政府建设工作总结

鹭湾市聚焦营商环境,推出“十项承诺”举措。

推荐访问:法治政府建设工作总结汇编
"""


def test_line_kinds():
    assert date_of("（2025年10月12日）") == "2025-10-12" and date_of("2022年3月1日") == "2022-03-01"
    assert date_of("(2025.12.30)") == "2025-12-30" and not date_of("2022年13月1日") and not date_of("全年办结")
    for line in ("澜州市司法局局长 周明远", "沧澜省委党校  林晓岚", "岚溪市委党校 沈", "中共沧澜省委党校法学教研部讲师 许明远",
                 "作者：张三"):
        assert is_author_line(line), line
    for line in ("坚持依法行政  谱写法治政府建设新篇章", "一、加强组织领导", "全年办结行政复议案件326件。"):
        assert not is_author_line(line), line


def test_contents_list():
    entries, end = parse_toc(normalise(COMPILATION).splitlines())
    assert [(e.number, e.title, e.section) for e in entries] == [
        (1, "青川市法治政府建设工作总结", "市级"), (2, "云岭县法治政府建设工作总结", "市级"),
        (3, "澜溪市司法局法治政府建设工作总结", "部门"), (4, "沧澜省委党校许明远：法治政府建设的几点思考", "其他"),
        (5, "鹭湾市法治政府建设工作总结", "其他")]
    assert normalise(COMPILATION).splitlines()[end] == "青川市法治政府建设展现新气象"


def test_split_uses_the_body_and_the_contents_only_as_a_hint():
    result = split_compilation(normalise(COMPILATION))
    got = [(r.title, r.date, r.author, r.region, r.group) for r in result.reports]
    assert got == [
        ("青川市法治政府建设展现新气象", "2025-12-30", "", "青川市", "city"),
        ("松岚区推进法治政府建设总结", "2025-11-02", "", "松岚区", "county"),
        ("走出率先建成法治政府的澜溪之路", "", "澜溪市司法局局长 王明", "澜溪市", "department"),
        ("法治政府建设的几点思考", "", "沧澜省委党校  许明远", "沧澜省", "other"),
        ("鹭湾市法治政府建设工作总结", "", "", "鹭湾市", "city"),  # no date or author: found by the contents
    ]
    first, last = result.reports[0], result.reports[-1]
    # the signature block stays with its report and does not start another one
    assert first.lines[-2:] == ["青川市人民政府", "2025年12月30日"]
    assert last.lines == ["鹭湾市法治政府建设工作总结", "鹭湾市聚焦营商环境，推出“十项承诺”举措。"]
    assert any("目录第 2 篇" in n and "松岚区" in n for n in result.notes)
    assert [r.position for r in result.reports] == [1, 2, 3, 4, 5]


def test_a_report_file_has_front_matter_and_reads_back_as_written():
    report = split_compilation(normalise(COMPILATION)).reports[2]
    text = report.to_text()
    assert text.startswith("---\ntitle: 走出率先建成法治政府的澜溪之路\nregion: 澜溪市\ngroup: department\n"
                           "author: 澜溪市司法局局长 王明\nposition: 3\n---\n走出率先建成法治政府的澜溪之路\n")


def test_a_text_without_any_report_start():
    result = split_compilation(normalise("只是一段普通的文字。\n没有标题和日期。\n"))
    assert not result.reports and result.notes


def run(*args):
    return subprocess.run([sys.executable, "-m", "scorer.cli", *args], capture_output=True, text=True)


def test_the_command_writes_one_file_per_report_and_refuses_to_overwrite(tmp_path):
    source = tmp_path / "汇编.txt"
    source.write_bytes(COMPILATION.encode("gb18030"))
    out = tmp_path / "out"
    res = run("split", str(source), "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "01-青川市法治政府建设展现新气象.txt", "02-松岚区推进法治政府建设总结.txt", "03-走出率先建成法治政府的澜溪之路.txt",
        "04-法治政府建设的几点思考.txt", "05-鹭湾市法治政府建设工作总结.txt"]
    subs, failures = read_inputs([out])
    assert not failures and [s.title for s in subs][:2] == ["青川市法治政府建设展现新气象", "松岚区推进法治政府建设总结"]
    assert subs[2].group == "department" and subs[2].author == "澜溪市司法局局长 王明" and subs[0].year == 2025
    assert "目录第 2 篇" in res.stderr and "5 篇" in res.stdout

    marker = out / "keep.txt"
    marker.write_text("我的文件", encoding="utf-8")
    res = run("split", str(source), "--out", str(out))
    assert res.returncode == 2 and "--force" in res.stderr and marker.exists()
    res = run("split", str(source), "--out", str(out), "--force")
    # --force replaces the files split wrote; a file the user put there stays.
    assert res.returncode == 0 and marker.exists() and len(list(out.glob("0*.txt"))) == 5


def test_the_command_on_unreadable_input(tmp_path):
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4\n\x00broken")
    res = run("split", str(tmp_path / "bad.pdf"), "--out", str(tmp_path / "out"))
    assert res.returncode == 1 and "PDF" in res.stderr and not (tmp_path / "out").exists()
    res = run("split", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "out"))
    assert res.returncode == 2 and "找不到" in res.stderr


# --- the shared seed -------------------------------------------------------------------------

needs_seed = pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds 不存在")


def _squash(text: str) -> str:
    return "".join(text.split())


@pytest.mark.seed
@needs_seed
def test_the_seed_splits_into_its_24_reports_with_their_body_titles():
    result = split_compilation(normalise(SEED.read_text(encoding="utf-8")))
    reports = result.reports
    assert len(reports) == 24 and len(result.toc) == 24
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["reports"]
    for g in gold:
        assert _squash(reports[g["position"] - 1].title) == _squash(g["title"]), g["id"]
    # The body wins where the contents disagree (the contents name another place as no. 17).
    assert _squash(reports[16].title) != _squash(result.toc[16].title)
    assert "县" in reports[16].title and reports[16].group == "county"
    assert any("目录第 17 篇" in n for n in result.notes)
    assert sum(bool(r.date) for r in reports) == 21
    authors = [r.author for r in reports if r.author]
    assert len(authors) == 3 and "局长" in authors[0] and all("党校" in a for a in authors[1:])
    assert all(is_author_line(a) for a in authors)
    assert [r.group for r in reports[19:]] == ["department", "department", "department", "other", "other"]
    # A title without a leading place: the region comes from the contents, confirmed by the title.
    sixth = reports[5]
    assert not infer_region(sixth.title) and sixth.region == infer_region(result.toc[5].title)
    assert sixth.region.endswith("市") and sixth.region[:-1] in sixth.title and sixth.group == "city"
    # Nothing of the body is lost: every report line is a line of the normalised seed, in order.
    lines = normalise(SEED.read_text(encoding="utf-8")).splitlines()
    body = [ln for r in reports for ln in r.lines]
    assert len(body) + sum(len([x for x in (r.date, r.author) if x]) for r in reports) + 1 == \
        len(lines) - lines.index(reports[0].title)  # +1: the “推荐访问” web leftover at the end


@pytest.mark.seed
@needs_seed
def test_the_seed_split_command_round_trips(tmp_path):
    out = tmp_path / "seed"
    res = run("split", str(SEED), "--out", str(out))
    assert res.returncode == 0, res.stderr
    subs, failures = read_inputs([out])
    assert not failures and len(subs) == 24
    assert [s.id[:3] for s in subs] == [f"{n:02d}-" for n in range(1, 25)]
    # A department report whose title names no place takes its region from the author line.
    assert subs[19].group == "department" and subs[19].region and subs[19].author.startswith(subs[19].region)


@pytest.mark.seed
@needs_seed
def test_the_seed_as_a_word_file_splits_the_same(tmp_path):
    from tests.helpers_fixtures import make_docx

    raw = SEED.read_text(encoding="utf-8")
    path = make_docx(tmp_path / "seed.docx", [ln for ln in raw.splitlines() if ln.strip()])
    res = run("split", str(path), "--out", str(tmp_path / "out"))
    assert res.returncode == 0, res.stderr
    from_word = [s.title for s in read_inputs([tmp_path / "out"])[0]]
    assert from_word == [r.title for r in split_compilation(normalise(raw)).reports]
