"""A compact JSON document written a list element at a time, byte for byte what one serializer
call gives.

run.json is one document of a few hundred MB at 10,000 submissions; built in one call, the
serializer's growing buffer and the bytes it hands back hold two to three times the file at once.
Here the document is serialized with its long lists empty (the envelope) and each element on its
own, then spliced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator


def spliced(envelope: bytes, lists: list[tuple[str, Iterable, Callable[[object], bytes]]]) -> Iterator[bytes]:
    """The pieces of the compact `envelope` with each named top-level list (empty in it) filled
    with its elements, each serialized by its function."""
    rest = envelope
    for key, items, dump in lists:
        empty = f'"{key}":[]'.encode()
        at = rest.find(empty)
        if at < 0:
            raise ValueError(f"{key} is not an empty top-level list of the envelope")
        cut = at + len(empty) - 1  # just before the closing bracket
        yield rest[:cut]
        rest = rest[cut:]
        first = True
        for item in items:
            piece = dump(item)
            yield piece if first else b"," + piece
            first = False
    yield rest
