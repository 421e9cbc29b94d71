"""Near-duplicate submissions across a run: one copied from another, or the same report twice.

Each text becomes the set of its 5-character shingles (letters, digits and ideographs only, so
layout and punctuation do not matter), hashed to 64 bits with numpy. A one-permutation MinHash
signature (the smallest hash in each of 128 slices of the hash range: the hashes are sorted, so
that is 128 binary searches) goes into 32 LSH bands of 4; submissions that share a band are
candidates. Candidates are filtered by the Jaccard index their signatures estimate (vectorised),
and only the survivors are compared exactly. The work grows with the total length of the texts,
not with the number of pairs: 2000 submissions take about two seconds.

The work per text (shingles, signature: a Fingerprint) is separate from the join over the run,
so that extraction's worker processes take each text's fingerprint while they read it
(pipeline.extract_run) and the main process only joins them; the few texts that reach the exact
comparison have their shingles taken again there.

The similarity reported is the share of the shorter text's shingles found in the other: 1.0 for
the same report twice, about 0.9 for a copy with a few sentences and names changed, under 0.2
for two different reports on the same subject. The banding finds pairs whose shingle sets
overlap (Jaccard) from about 0.5 on with near certainty.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import numpy as np

from ..models import Submission
from ..results import NearDuplicate
from ..workers import paused_gc

SHINGLE = 5
SLOTS = 128
BANDS = 32
ROWS = SLOTS // BANDS
THRESHOLD = 0.8
MIN_SHINGLES = 20  # shorter texts say too little to call them copies
_NOISE = re.compile(r"[\W_]+")
_EMPTY = np.uint64(0xFFFFFFFFFFFFFFFF)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads a polynomial hash over all 64 bits (numpy wraps on overflow)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def shingles(text: str, k: int = SHINGLE) -> np.ndarray:
    """Sorted unique 64-bit hashes of the text's k-character shingles."""
    clean = _NOISE.sub("", text)
    codes = np.frombuffer(clean.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < k:
        return np.empty(0, dtype=np.uint64)
    n = len(codes) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            h = h * np.uint64(0x100000001B3) + codes[j : j + n]
        # Sorted, then each value once: numpy 2's np.unique hashes first and took 2.6 times as long.
        h = np.sort(_mix(h))
        keep = np.empty(len(h), dtype=bool)
        keep[:1] = True
        np.not_equal(h[1:], h[:-1], out=keep[1:])
        return h[keep]


def signature(hashes: np.ndarray) -> np.ndarray:
    """The smallest hash in each of SLOTS equal slices of the 64-bit range (_EMPTY where none)."""
    edges = np.arange(SLOTS + 1, dtype=np.uint64) * np.uint64(2**64 // SLOTS)
    edges[-1] = _EMPTY
    at = np.searchsorted(hashes, edges[:-1])
    sig = np.full(SLOTS, _EMPTY, dtype=np.uint64)
    ok = at < len(hashes)
    sig[ok] = hashes[at[ok]]
    upper = np.append(edges[1:-1], _EMPTY)
    sig[sig >= upper] = _EMPTY  # the next hash lies in a later slice: this one is empty
    return sig


def containment(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the smaller set found in the other."""
    if not len(a) or not len(b):
        return 0.0
    return len(np.intersect1d(a, b, assume_unique=True)) / min(len(a), len(b))


class Fingerprint(NamedTuple):
    """What the join needs of one text: how many distinct shingles it has and its signature."""

    size: int
    signature: np.ndarray  # SLOTS uint64, _EMPTY in empty slices


def fingerprint(text: str) -> Fingerprint:
    hashes = shingles(text)
    return Fingerprint(len(hashes), signature(hashes) if len(hashes) else np.full(SLOTS, _EMPTY, dtype=np.uint64))


def _candidates(sigs: np.ndarray, usable: np.ndarray) -> np.ndarray:
    """(a, b) index pairs, a < b, that share at least one complete LSH band. Band by band, the
    texts whose band is complete are sorted by its bytes and runs of equal bands give the pairs:
    32 sorts, not a dictionary entry per text and band."""
    n = len(sigs)
    bands = np.ascontiguousarray(sigs.reshape(n, BANDS, ROWS))
    keys = bands.view(np.dtype((np.void, ROWS * 8))).reshape(n, BANDS)  # one band as one comparable value
    complete = ~(bands == _EMPTY).any(axis=2) & usable[:, None]
    chunks = []
    for band in range(BANDS):
        members = np.flatnonzero(complete[:, band])
        if len(members) < 2:
            continue
        order = members[np.argsort(keys[members, band], kind="stable")]
        sorted_keys = keys[order, band]
        # runs of equal keys: each member paired with every later member of its run
        starts = np.flatnonzero(np.concatenate(([True], sorted_keys[1:] != sorted_keys[:-1])))
        lengths = np.diff(np.append(starts, len(order)))
        for start, length in zip(starts[lengths > 1].tolist(), lengths[lengths > 1].tolist()):
            m = order[start : start + length]  # ascending already: a stable sort of ascending members
            a, b = np.triu_indices(length, k=1)
            chunks.append(m[a] * n + m[b])
    if not chunks:
        return np.empty((0, 2), dtype=np.int64)
    codes = np.unique(np.concatenate(chunks))
    return np.stack([codes // n, codes % n], axis=1)


def similarity_label(similarity: float) -> str:
    """The one way a similarity is stated, so that the CLI, the pages and the workbook agree."""
    return f"相似度 {similarity:.1%}"


def near_duplicates(submissions: list[Submission], *, threshold: float = THRESHOLD,
                    fingerprints: list[Fingerprint] | None = None) -> list[NearDuplicate]:
    """Pairs whose similarity is at least `threshold`, most similar first; `a` precedes `b` in the run.

    `fingerprints`, one per submission in their order, are the texts' fingerprints already taken
    (by extraction's workers); without them they are taken here, one text after another."""
    if len(submissions) < 2:
        return []
    # Nothing made here refers back to itself, and a run's evidence may be in memory: the cyclic
    # collector would re-scan all of it again and again (0.73 s of 0.95 s at 1,000 submissions).
    with paused_gc():
        if fingerprints is None:
            fingerprints = [fingerprint(s.text) for s in submissions]
        return _join(submissions, fingerprints, threshold)


def _join(submissions: list[Submission], fingerprints: list[Fingerprint], threshold: float) -> list[NearDuplicate]:
    sizes = np.array([f.size for f in fingerprints], dtype=np.float64)
    sigs = np.stack([f.signature for f in fingerprints])
    pairs = _candidates(sigs, sizes >= MIN_SHINGLES)
    if len(pairs):
        # Cheap filter first: the signatures estimate the Jaccard index; a pair can only reach the
        # threshold on the shorter text if J >= t / (r + 1 - t), r the ratio of the sizes.
        a, b = sigs[pairs[:, 0]], sigs[pairs[:, 1]]
        filled = (a != _EMPTY) | (b != _EMPTY)
        jaccard = ((a == b) & filled).sum(axis=1) / np.maximum(filled.sum(axis=1), 1)
        ratio = np.maximum(sizes[pairs[:, 0]], sizes[pairs[:, 1]]) / np.minimum(sizes[pairs[:, 0]], sizes[pairs[:, 1]])
        pairs = pairs[jaccard >= threshold / (ratio + 1 - threshold) - 0.15]
    sets: dict[int, np.ndarray] = {}  # the shingles of the texts still in a pair, taken once each
    found = []
    for i, j in pairs.tolist():
        for k in (i, j):
            if k not in sets:
                sets[k] = shingles(submissions[k].text)
        sim = containment(sets[i], sets[j])
        if sim >= threshold:
            found.append(NearDuplicate(a=submissions[i].id, b=submissions[j].id, similarity=round(sim, 3)))
    order = {s.id: n for n, s in enumerate(submissions)}
    return sorted(found, key=lambda p: (-p.similarity, order[p.a], order[p.b]))
