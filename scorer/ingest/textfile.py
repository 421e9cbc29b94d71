"""Bytes of a plain-text file to str. The encoding is detected from the bytes, never from the name.

Strict checks first, each of which either proves an encoding or rules it out: a byte-order mark;
UTF-16 recognised by its NUL bytes; valid UTF-8; valid GB18030 (a superset of GBK and GB2312) whose
characters look like ordinary mainland text. Only when all of them fail is charset-normalizer asked,
and its answer is still checked for looking like text.
"""

from __future__ import annotations

import codecs
import re

from .errors import ReadError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control bytes that no text encoding in use here produces (tab, newlines and form feed aside).
_C0_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
# What a wrong decoding produces: controls, private-use characters, replacement characters.
_BAD = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd]")
_CJK = re.compile(r"[\u3400-\u9fff]")
# What Chinese documents are written with: ASCII, ideographs, CJK and full-width punctuation.
_USUAL = re.compile(r"[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2460-\u24ff\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
NOT_TEXT = "不是文本文件（含有大量二进制数据），可能是图片、压缩包或其他格式"


def _looks_like_text(text: str) -> bool:
    """Hardly any control, private-use or replacement characters."""
    return bool(text) and len(_BAD.findall(text)) <= max(2, len(text) // 200)


def _gb2312_share(text: str) -> float:
    """Share of the non-ASCII characters that GB2312 has: ~1.0 for mainland text, low for mis-decodings."""
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return 1.0
    kept = "".join(wide).encode("gb2312", errors="ignore").decode("gb2312")
    return len(kept) / len(wide)


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 from where its NUL bytes sit: ASCII characters put NULs in the high byte."""
    if len(raw) % 2:
        return None
    even, odd = raw[0::2].count(0), raw[1::2].count(0)
    order = ["utf-16-le", "utf-16-be"] if odd >= even else ["utf-16-be", "utf-16-le"]
    for enc in order:
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and len(_USUAL.findall(text)) >= 0.95 * len(text):
            return text
    return None


def _mostly_cjk(text: str) -> bool:
    return len(text) > 0 and len(_CJK.findall(text)) / len(text) > 0.6


def _charset_normalizer(raw: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None or best.chaos > 0.2:
        return None
    text = str(best)
    return text if _looks_like_text(text) else None


def decode(raw: bytes) -> str:
    """Text of `raw`, or ReadError saying why it is not text."""
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(enc)
            except UnicodeDecodeError:
                raise ReadError(f"文件开头标明为 {enc.upper()} 编码，但内容无法按此解码（文件可能已损坏）") from None
    if b"\x00" in raw:
        text = _utf16_without_bom(raw)
        if text is None:
            raise ReadError(NOT_TEXT)
        return text
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not _looks_like_text(text):
            raise ReadError(NOT_TEXT)
        return text
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _looks_like_text(text) and _gb2312_share(text) >= 0.9:
        return text
    # Neither proved: UTF-16 with no ASCII at all, or another legacy encoding (Big5, ...).
    guess = _utf16_without_bom(raw)
    if guess is not None and _mostly_cjk(guess):
        return guess
    guess = _charset_normalizer(raw)
    if guess is not None:
        return guess
    if len(_C0_BYTES.findall(raw)) > len(raw) // 50:
        raise ReadError(NOT_TEXT)
    raise ReadError("无法识别文本编码（不是 UTF-8、GB18030/GBK 或 UTF-16），请另存为 UTF-8 文本后再试")
