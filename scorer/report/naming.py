"""File names and links of a run's pages: safe, unique, readable."""

from __future__ import annotations

import re
from urllib.parse import quote as urlquote

from ..outputs import cap_name

_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f#%]')
_RESERVED = {"index", "weights"}  # pages every run writes besides the reports


def page_names(ids: list[str]) -> dict[str, str]:
    """File name (without .html) of each submission's report: its id, made safe and unique.

    Only ids that would clash with index.html, hide the file or break a path are changed.
    """
    out: dict[str, str] = {}
    used: set[str] = set()
    for sid in ids:
        base = cap_name(_UNSAFE_NAME.sub("_", sid).strip()) or "submission"  # a 251-byte id is a valid id
        if base.startswith("."):
            base = "_" + base
        name, n = base, 2
        while name.lower() in _RESERVED or name.lower() in used:
            name = f"{base}-{n}"
            n += 1
        used.add(name.lower())
        out[sid] = name
    return out


# Percent-encode what would break a relative URL; leave other characters (Chinese ids) as they
# are: valid in an HTML href, readable, and a third of the bytes. One table for the 128 ASCII
# characters: every page links hundreds of times.
_ASCII_QUOTED = str.maketrans({chr(c): urlquote(chr(c), safe="") for c in range(128)})


def _url_part(text: str) -> str:
    return text.translate(_ASCII_QUOTED)


def href(name: str, anchor: str = "") -> str:
    return _url_part(f"{name}.html") + (f"#{_url_part(anchor)}" if anchor else "")


EXEMPLAR_FOLDER = "exemplars"  # a folder: no submission's page name can clash with these pages
# The style and scripts every submission and exemplar page shares, written once per run folder.
ASSET_FOLDER = "assets"


def exemplar_href(indicator: str) -> str:
    """Link from a submission page to an indicator's page of exemplars."""
    return f"{EXEMPLAR_FOLDER}/" + href(indicator)
