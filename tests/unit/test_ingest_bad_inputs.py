"""Bad input never loses work: each bad file is one failure with a plain reason; the rest are read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scorer.ingest import read_inputs
from scorer.results_file import read_results
from tests.conftest import MINI_INDICATORS, write_submission
from tests.helpers_fixtures import make_docx, make_pdf, make_scanned_pdf

GOOD = "青川市法治政府建设报告\n全年办结行政复议案件326件，纠错率12.4%。\n"


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_submission(folder, "good.txt", GOOD, title="青川市法治政府建设报告", group="city")
    make_docx(folder / "good2.docx", ["云岭县法治政府建设报告", "全县建成行政执法公示平台。"])
    bad = {
        "empty.txt": b"",
        "blank.md": "  \n\u3000\n".encode(),
        "binary.txt": os.urandom(3000),
        "nul.md": b"\x00\x01\x02\x03" * 100,
        # two files pasted together: UTF-8 then GBK
        "undecodable.txt": ("这段文字是UTF-8。" * 20).encode("utf-8") + ("而这段是GBK编码的文字。" * 20).encode("gbk"),
        "corrupt.docx": b"PK\x03\x04" + b"\x00broken" * 50,
        "corrupt.pdf": b"%PDF-1.7\n" + b"\x00garbage" * 50,
        "front-matter-only.txt": "---\ntitle: 空的\n---\n".encode(),
        "bad-front-matter.txt": "---\ntitle: [未闭合\n---\n正文。\n".encode(),
        "table.xlsx": b"PK\x03\x04",
    }
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    make_scanned_pdf(folder / "scan.pdf")
    (folder / "README.md").write_text("本目录说明：不是材料。", encoding="utf-8")
    return folder


REASONS = {
    "empty.txt": "文件为空",
    "blank.md": "没有文字",
    "binary.txt": "不是文本文件",
    "nul.md": "不是文本文件",
    "undecodable.txt": "编码",
    "corrupt.docx": "Word 文档",
    "corrupt.pdf": "PDF 文件已损坏",
    "scan.pdf": "扫描件，没有文字层",
    "front-matter-only.txt": "没有正文",
    "bad-front-matter.txt": "YAML",
    "table.xlsx": "不支持的文件类型",
}


def test_each_bad_file_is_one_failure_naming_the_problem(folder):
    subs, failures = read_inputs([folder])
    assert sorted(s.id for s in subs) == ["good", "good2"]
    by_name = {f.path.rsplit("/", 1)[-1]: f.error for f in failures}
    assert set(by_name) == set(REASONS)
    for name, reason in REASONS.items():
        assert reason in by_name[name], (name, by_name[name])
        assert _is_chinese(by_name[name])


def test_the_size_limit_is_the_users_to_change(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(GOOD * 2000, encoding="utf-8")  # about 160 KB
    subs, failures = read_inputs([path], max_bytes=100_000)
    assert not subs and "文件过大" in failures[0].error and "--max-mb" in failures[0].error
    subs, failures = read_inputs([path], max_bytes=1_000_000)
    assert len(subs) == 1 and not failures


def test_a_missing_path_and_an_unreadable_file(tmp_path):
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    try:
        subs, failures = read_inputs([tmp_path / "nowhere", locked])
    finally:
        locked.chmod(0o644)
    assert "不存在" in failures[0].error
    if os.geteuid() != 0:  # root reads anything
        assert "无法打开文件" in failures[1].error


def test_score_reports_failures_scores_the_rest_and_exits_1(folder, tmp_path):
    out = tmp_path / "out"
    (folder / "big.txt").write_text(GOOD * 20000, encoding="utf-8")  # about 1.6 MB
    res = subprocess.run([sys.executable, "-m", "scorer.cli", "score", str(folder), "--out", str(out),
                          "--indicators", str(MINI_INDICATORS), "--max-mb", "1", "--quiet"],
                         capture_output=True, text=True)
    assert res.returncode == 1, res.stderr
    data = read_results(out / "results.json")
    assert sorted(s["id"] for s in data["submissions"]) == ["good", "good2"]
    failed = {f["path"].rsplit("/", 1)[-1]: f["error"] for f in data["failures"]}
    assert set(failed) == set(REASONS) | {"big.txt"}
    assert "上限 1.0 MB" in failed["big.txt"]
    assert "无法读取" in res.stderr and "scan.pdf" in res.stderr


def test_pdf_fixture_helper_builds_real_text_pdfs(tmp_path):
    # The failures above must be about the bad files, not about fixtures that cannot be read.
    path = make_pdf(tmp_path / "ok.pdf", ["全年办结行政复议案件326件。"], title="青川市报告")
    subs, failures = read_inputs([path])
    assert not failures and subs[0].text == "青川市报告\n全年办结行政复议案件326件。\n"


def test_duplicate_ids_record_the_id_each_file_was_actually_scored_as(tmp_path):
    """A later clash skips an id another file already holds, so `assigned` is read, not recomputed."""
    from scorer.ingest import duplicate_notes, duplicate_records, read_submissions

    for name, sid in (("a.txt", "songxi"), ("b.txt", "songxi-2"), ("c.txt", "songxi")):
        (tmp_path / name).write_text(f"---\nid: {sid}\n---\n松溪镇建成行政执法公示平台。\n", encoding="utf-8")
    inputs = read_submissions([tmp_path])
    [record] = duplicate_records(inputs.duplicate_ids, inputs.submissions)
    assert record.id == "songxi"
    assert [Path(f).name for f in record.files] == ["a.txt", "c.txt"]
    assert record.assigned == ["songxi", "songxi-3"]
    assert sorted(s.id for s in inputs.submissions) == ["songxi", "songxi-2", "songxi-3"]
    [note] = duplicate_notes([record])
    assert "a.txt" in note and "c.txt" in note and "songxi-3" in note


def test_pdf_inflation_is_bounded_on_pdfminers_damaged_stream_path_too(tmp_path):
    """pdfminer re-reads a stream with a bad checksum through zlib.decompressobj: same budget."""
    import zlib

    from pdfminer import pdftypes

    from scorer.ingest.limits import PdfLimit, bounded_pdf_reading

    damaged = zlib.compress(b" " * (4 << 20))[:-4]  # the checksum cut off
    assert pdftypes.decompress_corrupted(damaged) == b" " * (4 << 20)  # pdfminer's own recovery path
    with bounded_pdf_reading(inflated=1 << 20):
        with pytest.raises(PdfLimit, match="解压后过大"):
            pdftypes.decompress_corrupted(damaged)
    assert pdftypes.zlib is zlib  # restored for whatever reads next
