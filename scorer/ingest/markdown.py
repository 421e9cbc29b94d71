"""Markdown to the plain text it shows: heading marks, emphasis, links and rules go; words stay.

Deliberately small: submissions written in Markdown are prose with headings and lists, and
Chinese reports use asterisks as text (“***法治思想” in the shared seed), so only unambiguous
markup is removed.
"""

from __future__ import annotations

import re

_RULES = [
    (re.compile(r"^ {0,3}(?:[-*_] *){3,}$", re.M), ""),  # horizontal rules
    (re.compile(r"^ {0,3}(?:=+|-+) *$", re.M), ""),  # setext underlines
    (re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.M), r"\1"),  # ATX headings
    (re.compile(r"^ {0,3}>[ \t]?", re.M), ""),  # block quotes
    (re.compile(r"^ {0,3}\|?(?: *:?-{3,}:? *\|)+ *:?-{3,}:? *\|? *$", re.M), ""),  # table rules
    (re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"), ""),  # images
    (re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)"), r"\1"),  # links keep their words
    (re.compile(r"(?<!\*)\*\*([^*\n]+?)\*\*(?!\*)"), r"\1"),  # **bold**
    (re.compile(r"(?<![_\w])__([^_\n]+?)__(?![_\w])"), r"\1"),  # __bold__
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # inline code
    (re.compile(r"<!--.*?-->", re.S), ""),  # comments
]


def strip_markdown(text: str) -> str:
    for pattern, repl in _RULES:
        text = pattern.sub(repl, text)
    return text
