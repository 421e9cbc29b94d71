"""Plain text in any common encoding: detected from the bytes, the same text whatever it was."""

from __future__ import annotations

import codecs
import os

import pytest

from scorer.ingest import read_path
from scorer.ingest.errors import ReadError
from scorer.ingest.textfile import decode

REPORT = ("青川市2025年法治政府建设年度报告\n"
          "一、行政复议\n"
          "全年办结行政复议案件326件，纠错率12.4%。市政府成立行政复议委员会，聘请专家委员12名。\n"
          "二、行政执法\n"
          "我市建成行政执法公示平台，公开执法信息5600条。\n")

ENCODINGS = {
    "utf-8": REPORT.encode("utf-8"),
    "utf-8 with BOM": codecs.BOM_UTF8 + REPORT.encode("utf-8"),
    "gb18030": REPORT.encode("gb18030"),
    "gbk": REPORT.encode("gbk"),
    "gb2312": REPORT.encode("gb2312"),
    "utf-16 with BOM": REPORT.encode("utf-16"),
    "utf-16-le without BOM": REPORT.encode("utf-16-le"),
    "utf-16-be without BOM": REPORT.encode("utf-16-be"),
    "utf-16-be with BOM": codecs.BOM_UTF16_BE + REPORT.encode("utf-16-be"),
    "utf-32 with BOM": REPORT.encode("utf-32"),
    "utf-8 with CRLF": REPORT.replace("\n", "\r\n").encode("utf-8"),
}


@pytest.mark.parametrize("name", ENCODINGS)
def test_every_encoding_decodes_to_the_same_text(name):
    assert decode(ENCODINGS[name]).replace("\r\n", "\n") == REPORT


@pytest.mark.parametrize("name", ENCODINGS)
def test_every_encoding_reads_to_the_same_submission(tmp_path, name):
    reference = tmp_path / "ref.txt"
    reference.write_text(REPORT, encoding="utf-8")
    path = tmp_path / "report.txt"
    path.write_bytes(ENCODINGS[name])
    sub, ref = read_path(path), read_path(reference)
    assert (sub.text, sub.title, sub.group, sub.region, sub.sha256) == (ref.text, ref.title, ref.group, ref.region,
                                                                        ref.sha256)
    assert sub.source_format == "txt"


def test_utf16_of_pure_chinese_without_newlines_or_bom():
    text = "法治政府建设年度报告全年办结行政复议案件"
    assert decode(text.encode("utf-16-le")) == text


def test_traditional_chinese_in_big5_is_still_read():
    text = "法治政府建設年度報告。全年辦結行政復議案件412件，糾錯率11.3%。市政府成立行政復議委員會。" * 3
    assert decode(text.encode("big5")) == text


def test_the_extension_does_not_decide_the_encoding(tmp_path):
    path = tmp_path / "report.md"
    path.write_bytes(REPORT.encode("gb18030"))
    assert read_path(path).title == "青川市2025年法治政府建设年度报告"


@pytest.mark.parametrize("data", [os.urandom(4000), bytes(range(256)) * 20, b"\x00" * 64, b"abc\x00\x01\x02" * 50],
                         ids=["random", "all-bytes", "nul", "controls"])
def test_binary_data_is_not_text(data):
    with pytest.raises(ReadError, match="不是文本文件"):
        decode(data)


def test_a_damaged_bom_file_says_so():
    with pytest.raises(ReadError, match="UTF-16"):
        decode(codecs.BOM_UTF16_LE + "报告".encode("utf-16-le") + b"\x00\xd8")  # a lone surrogate
