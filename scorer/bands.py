"""等次 (bands): the rubric's thresholds turned into one word per submission."""

from __future__ import annotations

from .results import Record, SubmissionResult
from .rubric import BandSpec


def band_of(bands: list[BandSpec], result: SubmissionResult) -> BandSpec | None:
    """The first band (best first) whose threshold the result reaches: on the composite when the
    run is ranked by one, else on the written-review total. None when the rubric has no bands."""
    basis, value = ("composite", result.composite) if result.composite is not None else ("total", result.total)
    # Totals are rounded once, in scoring; the rubric guarantees a last band at 0.
    return next((band for band in bands if value >= getattr(band, basis)), None)


def set_bands(results: list[Record], bands: list[BandSpec]) -> list[Record]:
    """Each result's band name, filled in place (nothing when the rubric has no bands)."""
    for r in results if bands else ():
        r["band"] = band_of(bands, r).name
    return results
