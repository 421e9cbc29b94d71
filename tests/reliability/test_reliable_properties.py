"""Properties over generated inputs: front matter never escapes as anything but a ReadError, and every
quote's offsets point at the quoted text in the normalised text, whatever the spacing and newlines."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorer.extract import extract
from scorer.ingest.errors import ReadError
from scorer.ingest.limits import MAX_TITLE_CHARS
from scorer.ingest.metadata import build_submission

# HYPOTHESIS_EXAMPLES=2000 searches harder (a local soak, not a CI setting).
SETTINGS = settings(max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
BODY = "我市建成行政执法公示平台。\n"
FIELDS = ["id", "title", "date", "year", "group", "region", "author", "tags"]

# Pieces of YAML that have broken front matter before: anchors and aliases, tags, flow brackets,
# impossible dates, special floats, block scalars, comments, odd keys.
YAML_TOKENS = st.sampled_from([
    "&a ", "*a", "[", "]", "{", "}", ": ", "- ", ", ", "\n", "  ", "'", '"', "|\n  ", ">\n  ", "# ", "? ",
    "!!str ", "!!int ", "!!binary ", "!!python/object:os.system ", "!!timestamp ", "2025-02-30", "2025-13-01",
    "2025-03-31T10:00:00Z", ".nan", ".inf", "-.inf", "~", "null", "true", "no", "0x1F", "1e400", "9" * 30,
    "=HYPERLINK(\"x\")", "\x07", "\t", "\u3000", "青川市", *(f + ": " for f in FIELDS),
])

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30),
                    st.dates().map(str), st.sampled_from(["2025-02-30", "2024-02-29", "city", "department"]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                      max_leaves=20)


def read(block: str) -> None:
    """Build a submission from `block` as front matter; only ReadError may escape."""
    try:
        sub = build_submission(Path("材料.txt"), b"raw", f"---\n{block}\n---\n{BODY}", "txt")
    except ReadError as exc:
        assert str(exc) and any("\u4e00" <= ch <= "\u9fff" for ch in str(exc))
        return
    for value in (sub.id, sub.title):
        assert value and "\n" not in value and not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in value)
    assert len(sub.title) <= MAX_TITLE_CHARS


@SETTINGS
@given(st.lists(YAML_TOKENS, max_size=40).map("".join))
def test_front_matter_from_yaml_fragments_is_read_or_one_read_error(block):
    read(block)


@SETTINGS
@given(st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=6))
def test_front_matter_of_any_type_and_depth_is_read_or_one_read_error(meta):
    read(yaml.safe_dump(meta, allow_unicode=True))


@SETTINGS
@given(st.text(max_size=200))
def test_front_matter_of_any_text_is_read_or_one_read_error(block):
    read(block)


# Sentences with evidence for the mini indicators, and the noise real files carry between them.
SENTENCES = st.sampled_from([
    "我市建成行政执法公示平台。", "今年通过执法公示平台公示执法信息3200条。", "要全面推行行政执法公示制度。",
    "全年办结行政复议案件326件，纠错率12.4%。", "市司法局印发《青川市行政裁量权基准制定办法》。",
    "行政复议工作仍存在案件积压问题。", "云岭县设立行政复议委员会，", "松溪镇持续开展城市绿化。",
    "一、行政执法", "（二）复议", "全年办结行政复议案件３２６件", "执法 公示", "行政执法公示\n平台上线",
])
NOISE = st.sampled_from(["", " ", "  ", "\u3000", "\t", "\u00a0", "\u200b", "\n", "\r\n", "\n\n", "\r", "\x0c",
                         "\ufeff", ",", ":", "(", ")", "Ａ", "１２％", "\x07", "⼈", "﹐"])


@SETTINGS
@given(st.lists(st.tuples(NOISE, SENTENCES, NOISE), min_size=1, max_size=12), st.sampled_from(["txt", "md"]))
def test_every_quote_points_at_its_text_in_the_normalised_text(mini_rubric, parts, fmt):
    raw = "".join(a + s + b for a, s, b in parts)
    try:
        sub = build_submission(Path(f"材料.{fmt}"), raw.encode(), raw, fmt)
    except ReadError:
        return  # nothing but noise: no body
    ev = extract(sub, mini_rubric)
    for ind in ev.indicators:
        for p in ind.passages:
            assert sub.text[p.start:p.end] == p.quote, (ind.id, p)
    for p in ev.problems:
        assert sub.text[p.start:p.end] == p.quote
