"""Text normalisation that keeps offsets meaningful: reports quote the normalised text."""

from __future__ import annotations

import re

_SPACES = re.compile(r"[\u00a0\u3000\u2002\u2003\u2009\t]+")


def normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = _SPACES.sub(" ", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n") + "\n"
