"""File names and links of a run's pages: safe, unique, readable."""

from __future__ import annotations

import re
from urllib.parse import quote as urlquote

_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f#%]')
_RESERVED = {"index", "weights"}  # pages every run writes besides the reports


def page_names(ids: list[str]) -> dict[str, str]:
    """File name (without .html) of each submission's report: its id, made safe and unique.

    Only ids that would clash with index.html, hide the file or break a path are changed.
    """
    out: dict[str, str] = {}
    used: set[str] = set()
    for sid in ids:
        base = _UNSAFE_NAME.sub("_", sid).strip() or "submission"
        if base.startswith("."):
            base = "_" + base
        name, n = base, 2
        while name.lower() in _RESERVED or name.lower() in used:
            name = f"{base}-{n}"
            n += 1
        used.add(name.lower())
        out[sid] = name
    return out


def _url_part(text: str) -> str:
    # Percent-encode what would break a relative URL; leave other characters (Chinese ids) as they
    # are: valid in an HTML href, readable, and a third of the bytes.
    return "".join(ch if ord(ch) > 127 else urlquote(ch, safe="") for ch in text)


def href(name: str, anchor: str = "") -> str:
    return _url_part(f"{name}.html") + (f"#{_url_part(anchor)}" if anchor else "")
