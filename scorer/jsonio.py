"""JSON documents written a list element at a time, byte for byte what one serializer call gives.

results.json and run.json are each one document of a few hundred MB at 10,000 submissions; built
in one call, the serializer's growing buffer and the bytes it hands back hold two to three times
the file at once. Here the document is serialized with its long lists empty (the envelope) and
each element on its own, then spliced: the serializer writes every string's line breaks as \\n,
so a raw line break is only ever layout, and an element's own lines are shifted to its depth.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator


def spliced(envelope: bytes, lists: list[tuple[str, Iterable, Callable[[object], bytes]]],
            indent: int | None) -> Iterator[bytes]:
    """The pieces of `envelope` with each named top-level list (empty in it) filled with its
    elements, each serialized by its function: compact (indent None) or indented by `indent`
    spaces per level, as the serializer lays out a list one level below the top."""
    rest = envelope
    for key, items, dump in lists:
        empty = f'"{key}":[]' if indent is None else f'\n{" " * indent}"{key}": []'
        at = rest.find(empty.encode())
        if at < 0:
            raise ValueError(f"{key} is not an empty top-level list of the envelope")
        cut = at + len(empty) - 1  # just before the closing bracket
        yield rest[:cut]
        rest = rest[cut:]
        inner = b"\n" + b" " * (2 * indent) if indent is not None else b""
        first = True
        for item in items:
            piece = dump(item)
            if indent is not None:
                piece = inner + piece.replace(b"\n", inner)
            yield piece if first else b"," + piece
            first = False
        if not first and indent is not None:
            yield b"\n" + b" " * indent
    yield rest
