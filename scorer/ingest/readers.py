"""Bytes from a file to text. One function per format; the encoding is detected, not assumed."""

from __future__ import annotations

from pathlib import Path

SUPPORTED_SUFFIXES = {".txt", ".md"}


class ReadError(Exception):
    """A submission that cannot be read, with a plain-language reason."""


def decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        raise ReadError("无法识别文本编码（既不是 UTF-8 也不是 GB18030）") from None


def read_text(path: Path, *, max_bytes: int) -> tuple[bytes, str, str]:
    """Return the raw bytes, the decoded text and the format name."""
    size = path.stat().st_size
    if size == 0:
        raise ReadError("文件为空")
    if size > max_bytes:
        raise ReadError(f"文件过大（{size / 1048576:.1f} MB，上限 {max_bytes / 1048576:.1f} MB，可用 --max-mb 调整）")
    raw = path.read_bytes()
    text = decode(raw)
    if not text.strip():
        raise ReadError("文件没有文字内容")
    return raw, text, path.suffix.lower().lstrip(".")
