"""Text normalisation that keeps offsets meaningful: reports quote the normalised text.

Every reader's text goes through `normalise`, so the same report read from txt, md, docx or pdf,
in any encoding, comes out as the same string. It is deterministic and idempotent:
normalise(normalise(t)) == normalise(t).

What it does, in order:
- one kind of newline; no byte-order marks, zero-width or control characters;
- full-width digits, letters and number signs to ASCII (１２３％ → 123%); Kangxi radicals and
  compatibility ideographs (what some PDFs carry) to the ordinary characters;
- ASCII , ; : ? ! ( ) next to Chinese to the full-width ，；：？！（） (1,234 and 18:15 stay);
- every kind of space (NBSP, ideographic, tab, ...) to ASCII spaces; no spaces around Chinese
  punctuation or between Chinese and digits; a run of two or more spaces (a deliberate gap, as in
  a two-part title) becomes exactly two, a single one stays single; no indentation;
- page furniture goes (scorer/ingest/furniture.py: the 来源/发布时间 rows, breadcrumbs and
  打印/关闭 bars of a copied web page), before joining, so that no row is glued to the title or
  the first paragraph; the normalised text is what offsets point into, so they need no mapping;
- one paragraph per line: blank lines go, and a line hard-wrapped in the middle of a sentence is
  joined to the line that continues it.
"""

from __future__ import annotations

import re
import unicodedata

from .furniture import strip_furniture

_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")

# Ideographs, and the Chinese punctuation that needs no space around it.
IDEO = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CN_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201f\u2026\u2014\u2015\u00b7"
_CN = f"{IDEO}{CN_PUNCT}"


def _width_table() -> dict[int, str]:
    table: dict[int, str] = {}
    # Full-width digits and letters, and the signs that belong to numbers.
    for ch in "０１２３４５６７８９％＋－．／＝＜＞＠＃＆＊＿":
        table[ord(ch)] = unicodedata.normalize("NFKC", ch)
    for start, end in ((0xFF21, 0xFF3A), (0xFF41, 0xFF5A)):
        for cp in range(start, end + 1):
            table[cp] = chr(cp - 0xFEE0)
    # Kangxi radicals, CJK radicals and compatibility ideographs that stand for ordinary characters.
    for start, end in ((0x2E80, 0x2FDF), (0xF900, 0xFAFF)):
        for cp in range(start, end + 1):
            n = unicodedata.normalize("NFKC", chr(cp))
            if n != chr(cp) and len(n) == 1:
                table[cp] = n
    table[0x0C] = "\n"  # form feed: a page break in text exports
    table[0x0B] = "\n"
    return table


_WIDTH = _width_table()
_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_ASCII_PUNCT = re.compile(r" *([,;:?!]) *")
_PAIRED_PARENS = re.compile(r"\(([^()\n]*)\)")
_IS_CN = re.compile(f"[{_CN}]")


def _is_cn(ch: str) -> bool:
    return bool(ch) and bool(_IS_CN.match(ch))


def _punct(m: re.Match) -> str:
    s, a, b = m.string, m.start(), m.end()
    before = s[a - 1] if a else ""
    after = s[b] if b < len(s) else ""
    if _is_cn(before) or _is_cn(after):
        return _TO_FULL[m.group(1)]
    return m.group(0)


def _parens(m: re.Match) -> str:
    s, a, b = m.string, m.start(), m.end()
    inner = m.group(1)
    if _IS_CN.search(inner) or _is_cn(s[a - 1] if a else "") or _is_cn(s[b] if b < len(s) else ""):
        return f"（{inner.strip()}）"
    return m.group(0)


def _chinese_punctuation(text: str) -> str:
    text = _ASCII_PUNCT.sub(_punct, text)
    for _ in range(4):  # innermost pairs first, then the pairs around them
        new = _PAIRED_PARENS.sub(_parens, text)
        if new == text:
            break
        text = new
    text = re.sub(f"\\((?=[{_CN}])", "（", text)
    return re.sub(f"(?<=[{_CN}])\\)", "）", text)


_GAP = "\x00"  # a run of two or more spaces, while single spaces are being decided


def _spaces(text: str) -> str:
    text = _SPACES.sub(" ", text)
    text = re.sub(r" {2,}", _GAP, text)
    # A single space between an ideograph and a digit or letter is a typesetting artefact.
    text = re.sub(f"(?<=[{IDEO}]) (?=[0-9A-Za-z])|(?<=[0-9A-Za-z%]) (?=[{IDEO}])", "", text)
    # No space of any kind next to Chinese punctuation.
    text = re.sub(f"[ {_GAP}]+(?=[{CN_PUNCT}])|(?<=[{CN_PUNCT}])[ {_GAP}]+", "", text)
    return text.replace(_GAP, "  ")


# --- joining hard-wrapped lines ------------------------------------------------------------

# Lines that start a block of their own: numbered headings, list items, a line in parentheses
# (a date line, "（24篇）"), a subtitle.
NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|第[一二三四五六七八九十\d]{1,3}[章节条部分篇]"
    r"|\d{1,3}\s*[、．.](?!\d))"
)
_BLOCK_START = re.compile(f"{NUMBERED.pattern}|^[①-⑳•·\\-—#>|]")
_WHOLLY_PARENTHESISED = re.compile(r"^[（(][^（）()]*[)）]$")
_STOPS = "。！？!?；;：:…"
_CLOSERS = "”’」』）)】》〕]"
_CONTINUES = "，,、“‘《（(【—"
_STARTS_MID = "，,。、；;：:！!？?）)》”’」』】"
_INNER_PUNCT = re.compile("[，、；：。]")
_WRAP_MIN = 30  # a wrapped line is a full line of its source; shorter open lines are titles
_HEADING_MAX = 60


def _unbalanced(line: str) -> bool:
    return any(line.count(a) > line.count(b) for a, b in ("“”", "《》", "（）", "‘’"))


def _continues(prev: str, nxt: str) -> bool:
    """Whether `nxt` continues the sentence that `prev` breaks off."""
    if nxt[0] in _STARTS_MID:
        return True
    if _BLOCK_START.match(nxt) or _WHOLLY_PARENTHESISED.match(nxt):
        return False
    if _BLOCK_START.match(prev) and "。" not in prev and len(prev) < _HEADING_MAX:
        return False  # a numbered heading; a numbered paragraph has a full stop or is long
    if prev[-1] in _CONTINUES:
        return True
    core = prev.rstrip(_CLOSERS)
    if not core or core[-1] in _STOPS or prev[-1] == "】":
        return False
    if _unbalanced(prev):
        return True
    return len(prev) >= _WRAP_MIN and bool(_INNER_PUNCT.search(prev))


def glue(prev: str, nxt: str) -> str:
    """Join two pieces of one paragraph. Chinese text wraps anywhere, even inside a number or a
    Latin word, so a space goes in only where Latin text (which wraps at spaces) was wrapped."""
    a, b = prev[-1:], nxt[:1]
    if a.isascii() and a.isalnum() and b.isascii() and b.isalnum() and not _IS_CN.search(prev[-40:]):
        return f"{prev} {nxt}"
    return prev + nxt


def join_wrapped(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if out and _continues(out[-1], line):
            out[-1] = glue(out[-1], line)
        else:
            out.append(line)
    return out


def _characters(text: str) -> str:
    return _spaces(_chinese_punctuation(_spaces(text)))


def normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", text).translate(_WIDTH)
    text = _characters(_CONTROLS.sub("", text))
    lines = [ln.strip(" ") for ln in text.split("\n")]
    lines = join_wrapped(strip_furniture([ln for ln in lines if ln]))
    # Joining makes new neighbours (a comma that ended a line now sits before Chinese): once more.
    return _characters("\n".join(lines)) + "\n" if lines else ""
