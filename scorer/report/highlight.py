"""Cut text into pieces to be shown plain or marked, from character offsets.

Nothing here produces HTML: the templates print each piece's text through jinja2's autoescape
and wrap marked pieces in a fixed `<mark>` tag. Submission text therefore can never become
markup, whatever it contains.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Piece:
    text: str
    cls: str = ""  # CSS classes; empty for plain text
    anchor: str = ""  # an element id at the piece's start (evidence located in the full text)
    title: str = ""  # tooltip


def term_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Every occurrence of the terms in `text`, longest terms first, never overlapping."""
    taken = bytearray(len(text))
    spans: list[tuple[int, int]] = []
    for term in sorted({t for t in terms if t}, key=lambda t: (-len(t), t)):
        i = text.find(term)
        while i != -1:
            j = i + len(term)
            if not any(taken[i:j]):
                taken[i:j] = b"\x01" * len(term)
                spans.append((i, j))
                i = text.find(term, j)
            else:
                i = text.find(term, i + 1)
    return sorted(spans)


def marked(text: str, terms: Iterable[str], cls: str = "term") -> list[Piece]:
    """`text` with the terms marked."""
    pieces, pos = [], 0
    for a, b in term_spans(text, terms):
        if a > pos:
            pieces.append(Piece(text[pos:a]))
        pieces.append(Piece(text[a:b], cls))
        pos = b
    if pos < len(text) or not pieces:
        pieces.append(Piece(text[pos:]))
    return pieces


@dataclass(frozen=True)
class Layer:
    """A span of the full text to mark: evidence, a matched term, or a stated problem."""

    start: int
    end: int
    kind: str  # "ev" | "term" | "prob"
    level: int = 0  # evidence level (for colouring)
    label: str = ""  # e.g. "A1.1 行政审批事项精简"


def layered(text: str, start: int, end: int, layers: list[Layer]) -> list[Piece]:
    """Pieces of text[start:end], each carrying the classes of every layer covering it.

    Layers may overlap freely (one sentence is often evidence for several indicators); the
    result is flat, so the markup never nests. Each evidence or problem span gets an anchor
    `t-<offset>` at its first piece, for "show in the full text" links.
    """
    inside = [ly for ly in layers if ly.end > start and ly.start < end and ly.end > ly.start]
    cuts = {start, end}
    for ly in inside:
        cuts.add(max(ly.start, start))
        cuts.add(min(ly.end, end))
    points = sorted(cuts)
    anchors = {ly.start for ly in inside if ly.kind in ("ev", "prob") and start <= ly.start < end}
    pieces: list[Piece] = []
    for a, b in zip(points, points[1:]):
        cover = [ly for ly in inside if ly.start <= a and b <= ly.end]
        classes, labels = [], []
        evidence = [ly for ly in cover if ly.kind == "ev"]
        if evidence:
            classes += ["ev", f"lv{max(ly.level for ly in evidence)}"]
            labels += sorted({ly.label for ly in evidence if ly.label})
        if any(ly.kind == "term" for ly in cover):
            classes.append("term")
        if any(ly.kind == "prob" for ly in cover):
            classes.append("prob")
            labels.append("自述问题")
        pieces.append(Piece(text[a:b], " ".join(classes), f"t-{a}" if a in anchors else "", "；".join(labels)))
    return pieces or [Piece("")]
