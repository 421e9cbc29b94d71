"""Cut a submission's text into paragraphs and sentences with offsets and headings.

Offsets always point into Submission.text, the same normalised text the reports quote.
"""

from __future__ import annotations

import re

from .models import Document, Paragraph, Sentence, Submission

# 一、 （一） 1. 第一， and short lines without closing punctuation are headings.
HEADING_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十]{1,3}[)）]|第[一二三四五六七八九十]{1,3}[章节部分]|\d{1,2}\s*[、．.](?!\d))"
)
_SENTENCE_END = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”’」』）)]*|$)")
_CLOSING = "。！？!?；;：:，,"
_INNER_STOP = re.compile(r"[。！？!?；;]")


def _is_heading(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    if HEADING_RE.match(stripped) and len(stripped) <= 60:
        # A numbered line that goes on after a full stop is a paragraph whose first sentence is
        # the heading (（一）优化营商环境。出台…): its sentences are judged, the lead frames them.
        return not _INNER_STOP.search(stripped.rstrip("。；;！!？?"))
    # A short line that does not end like a sentence: a title or a subheading.
    return len(stripped) <= 30 and stripped[-1] not in _CLOSING and not stripped.startswith(("（20", "(20"))


def paragraphs(text: str) -> list[Paragraph]:
    """The text's paragraphs as segment() finds them, without its sentences (a page shows
    paragraphs only, and cutting sentences was most of segmenting)."""
    out: list[Paragraph] = []
    heading = ""
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        trail = len(line) - len(line.rstrip())
        is_heading = _is_heading(stripped)
        if is_heading:
            heading = stripped
        out.append(Paragraph(start + lead, end - trail, heading, is_heading))
    return out


def segment(submission: Submission) -> Document:
    text = submission.text
    found = paragraphs(text)
    sentences: list[Sentence] = []
    for index, (p_start, p_end, _, _) in enumerate(found):
        for m in _SENTENCE_END.finditer(text, p_start, p_end):
            s, e = m.span()
            chunk = text[s:e]
            if not chunk.strip():
                continue
            s += len(chunk) - len(chunk.lstrip())
            e -= len(chunk) - len(chunk.rstrip())
            sentences.append(Sentence(s, e, index))
    return Document(submission_id=submission.id, text=text, paragraphs=found, sentences=sentences)
