"""Cut text into pieces to be shown plain or marked, from character offsets.

Nothing here produces HTML: the templates print each piece's text through jinja2's autoescape
and wrap marked pieces in a fixed `<mark>` tag. Submission text therefore can never become
markup, whatever it contains.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple


class Piece(NamedTuple):
    """Immutable (its lists are cached and shared across pages); a tuple, not a frozen dataclass,
    because a page cuts thousands of them and a frozen dataclass costs twice as much to make."""

    text: str
    cls: str = ""  # CSS classes; empty for plain text
    anchor: str = ""  # an element id at the piece's start (evidence located in the full text)
    title: str = ""  # tooltip


def term_spans(text: str, terms: Iterable[str]) -> tuple[tuple[int, int], ...]:
    """Every occurrence of the terms in `text`, longest terms first, never overlapping, in order
    (cached and shared: a tuple)."""
    return _term_spans(text, tuple(terms))


def flat_term_spans(text: str, terms: Iterable[str]) -> tuple[int, ...]:
    """term_spans as one flat run of offsets (from, to, from, to, …), as the pages' data carries them."""
    return _flat_term_spans(text, tuple(terms))


@lru_cache(maxsize=8192)  # a passage serves several indicators and recurs as other pages' exemplar
def _flat_term_spans(text: str, terms: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(x for span in _term_spans(text, terms) for x in span)


@lru_cache(maxsize=8192)  # a passage is marked under every indicator it serves and in the full text
def _term_spans(text: str, terms: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
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
    return tuple(sorted(spans))


def marked(text: str, terms: Iterable[str], cls: str = "term") -> list[Piece]:
    """`text` with the terms marked."""
    return list(_marked(text, tuple(terms), cls))


@lru_cache(maxsize=8192)
def _marked(text: str, terms: tuple[str, ...], cls: str) -> tuple[Piece, ...]:
    # A passage is quoted under each indicator it serves, as a gap's own passage and as other
    # pages' exemplar: its pieces are cut once (pieces are immutable).
    pieces, pos = [], 0
    for a, b in term_spans(text, terms):
        if a > pos:
            pieces.append(Piece(text[pos:a]))
        pieces.append(Piece(text[a:b], cls))
        pos = b
    if pos < len(text) or not pieces:
        pieces.append(Piece(text[pos:]))
    return tuple(pieces)


class Layer(NamedTuple):
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
    `t-<offset>` at its first piece, for "show in the full text" links. (A page's full text is cut
    in one sweep over all its layers instead: sections.full_text.)
    """
    spans = next(sweep([(start, end)], layers))
    if spans is None:
        return [Piece(text[start:end])]
    return [Piece(text[a:b], cls, anchor, title) for a, b, cls, title, anchor in spans] or [Piece("")]


def sweep(spans: list[tuple[int, int]], layers: list[Layer]) -> Iterator[list[tuple[int, int, str, str, str]] | None]:
    """For each of `spans` (sorted, not overlapping: a text's paragraphs), its pieces as offsets
    ((from, to, classes, title, anchor) each; None when no layer reaches into the span: one plain
    piece), in one sweep over
    all the layers: the page's full text is written from these (sections.full_text), without a
    Piece per cut and without sorting the layers out to each paragraph first.

    The layers covering a piece are those opened and not yet closed. A piece's classes and title
    depend on the evidence covering it (a bit per layer) and on whether a term or a problem does,
    so those are counted, and each combination is styled once. What changes at each point is
    gathered first: the evidence closing and opening there (bit sets) and the change in the terms
    and problems covering it. A span is cut at its own ends and at every point inside it; an
    evidence or problem layer's start is an anchor in the span it starts in."""
    change: dict[int, list[int]] = {}
    anchors = set()
    evidence_layers = []
    for ly in layers:
        if ly.end <= ly.start:
            continue  # an empty layer marks nothing and cuts nothing
        at, to = change.get(ly.start), change.get(ly.end)
        if at is None:
            at = change[ly.start] = [0, 0, 0, 0]
        if to is None:
            to = change[ly.end] = [0, 0, 0, 0]
        kind = ly.kind
        if kind == "ev":
            bit = 1 << len(evidence_layers)
            evidence_layers.append(ly)
            to[0] |= bit
            at[1] |= bit
        elif kind == "term":
            at[2] += 1
            to[2] -= 1
        else:
            at[3] += 1
            to[3] -= 1
        if kind != "term":
            anchors.add(ly.start)
    points = sorted(change)
    styles: dict[tuple, tuple[str, str]] = {}
    evidence = terms = problems = 0
    i, n = 0, len(points)
    for start, end in spans:
        while i < n and points[i] <= start:  # the state at the span's start
            closing, opening, d_terms, d_problems = change[points[i]]
            evidence = (evidence & ~closing) | opening
            terms += d_terms
            problems += d_problems
            i += 1
        if start >= end:
            yield None  # an empty span is one empty piece
            continue
        if not (evidence or terms or problems) and not (i < n and points[i] < end):
            yield None  # no layer reaches into it
            continue
        out: list[tuple[int, int, str, str, str]] = []
        a = start
        while True:
            b = points[i] if i < n and points[i] < end else end
            key = (evidence, terms > 0, problems > 0)
            style = styles.get(key)
            if style is None:
                style = styles[key] = _styled(evidence, evidence_layers, key[1], key[2])
            out.append((a, b, style[0], style[1], f"t-{a}" if a in anchors else ""))
            if b == end:
                break
            closing, opening, d_terms, d_problems = change[b]
            evidence = (evidence & ~closing) | opening
            terms += d_terms
            problems += d_problems
            i += 1
            a = b
        yield out


def _styled(evidence: int, layers: list[Layer], term: bool, problem: bool) -> tuple[str, str]:
    """The classes and title of a piece under the evidence layers whose bits `evidence` sets."""
    if evidence and not evidence & (evidence - 1):  # most pieces lie under one passage
        ly = layers[evidence.bit_length() - 1]
        return _style_one(ly.level, ly.label, term, problem)
    covering = []
    while evidence:
        low = evidence & -evidence
        covering.append(layers[low.bit_length() - 1])
        evidence ^= low
    return _style(covering, term, problem)


@lru_cache(maxsize=4096)  # a level and an indicator recur on page after page
def _style_one(level: int, label: str, term: bool, problem: bool) -> tuple[str, str]:
    return _style([Layer(0, 0, "ev", level, label)], term, problem)


def _style(evidence: list[Layer], term: bool, problem: bool) -> tuple[str, str]:
    classes, labels = [], []
    if evidence:
        classes += ["ev", f"lv{max(ly.level for ly in evidence)}"]
        labels += sorted({ly.label for ly in evidence if ly.label})
    if term:
        classes.append("term")
    if problem:
        classes.append("prob")
        labels.append("自述问题")
    return " ".join(classes), "；".join(labels)
