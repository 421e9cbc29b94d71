"""Near-duplicate submissions across a run: one copied from another, or the same report twice.

Each text becomes the set of its 5-character shingles (letters, digits and ideographs only, so
layout and punctuation do not matter), hashed to 64 bits with numpy. A one-permutation MinHash
signature (the smallest hash in each of 128 slices of the hash range: the hashes are sorted, so
that is 128 binary searches) goes into 32 LSH bands of 4; submissions that share a band are
candidates, and only candidates are compared exactly. The work grows with the total length of
the texts, not with the number of pairs, so thousands of submissions take seconds.

The similarity reported is the share of the shorter text's shingles found in the other: 1.0 for
the same report twice, about 0.9 for a copy with a few sentences and names changed, under 0.2
for two different reports on the same subject. The banding finds pairs whose shingle sets
overlap (Jaccard) from about 0.5 on with near certainty.
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np

from ..models import Submission
from ..results import NearDuplicate

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
        return np.unique(_mix(h))


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


def near_duplicates(submissions: list[Submission], *, threshold: float = THRESHOLD) -> list[NearDuplicate]:
    """Pairs whose similarity is at least `threshold`, most similar first; `a` precedes `b` in the run."""
    sets = [shingles(s.text) for s in submissions]
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    for i, hashes in enumerate(sets):
        if len(hashes) < MIN_SHINGLES:
            continue
        bands = signature(hashes).reshape(BANDS, ROWS)
        for band in np.flatnonzero(~(bands == _EMPTY).any(axis=1)):
            buckets[(int(band), bands[band].tobytes())].append(i)
    candidates = {(a, b) for members in buckets.values() if len(members) > 1
                  for n, a in enumerate(members) for b in members[n + 1 :]}
    pairs = []
    for a, b in candidates:
        sim = containment(sets[a], sets[b])
        if sim >= threshold:
            pairs.append(NearDuplicate(a=submissions[a].id, b=submissions[b].id, similarity=round(sim, 3)))
    order = {s.id: n for n, s in enumerate(submissions)}
    return sorted(pairs, key=lambda p: (-p.similarity, order[p.a], order[p.b]))
