"""The command line speaks Chinese: argparse's own words, every command's description, one way of
stating similarity."""

from __future__ import annotations

import argparse
import re

import pytest

from scorer.cli import build_parser, main, translate_error
from scorer.ingest.duplicates import similarity_label

ENGLISH = re.compile(r"usage:|positional arguments|options:|optional arguments|show this help|show program")


def _parsers(parser, path=()):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, (*path, name))


def test_every_command_has_a_description_and_chinese_help():
    found = list(_parsers(build_parser()))
    assert len(found) > 6
    for path, parser in found:
        assert parser.description, path
        text = parser.format_help()
        assert not ENGLISH.search(text), (path, ENGLISH.search(text).group())
        assert text.startswith("用法：") and "选项" in text, path


def test_usage_errors_are_translated(capsys):
    with pytest.raises(SystemExit) as err:
        main(["split"])
    assert err.value.code == 2
    out = capsys.readouterr().err
    assert "用法：scorer split" in out and "缺少必需的参数：COMPILATION, --out" in out
    assert translate_error("unrecognized arguments: --foo") == "无法识别的参数：--foo"
    assert translate_error("argument --top-gaps: expected one argument") == "参数 --top-gaps 需要一个值"


def test_top_gaps_must_be_a_positive_integer(capsys):
    with pytest.raises(SystemExit):
        main(["score", "--top-gaps", "0"])
    assert "参数 --top-gaps：应为正整数，而不是 0" in capsys.readouterr().err


def test_similarity_is_stated_one_way():
    assert similarity_label(0.948) == "相似度 94.8%"
    assert similarity_label(1.0) == "相似度 100.0%"
