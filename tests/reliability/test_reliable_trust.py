"""Evidence you can trust: a cache entry is used only for the text, rules and judging code it was made from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import scorer.pipeline as pipeline
from scorer.ingest import read_inputs
from scorer.pipeline import EvidenceCache, extract_all
from tests.reliability.kit import results_of, run_scorer


def totals(out: Path) -> dict[str, float]:
    return {s["id"]: s["total"] for s in results_of(out)["submissions"]}


def quotes(out: Path) -> dict[str, list[str]]:
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    return {e["submission_id"]: [p["quote"] for i in e["indicators"] for p in i["passages"]] for e in run["evidence"]}


def test_cache_entries_swapped_by_hand_are_not_believed(tmp_path, inputs):
    out = tmp_path / "out"
    assert run_scorer("score", inputs, "--out", out, cwd=tmp_path).returncode == 0
    first, first_quotes = totals(out), quotes(out)
    # the two reports score and quote differently, so a swap would show
    assert len(set(first.values())) == 2 and all(first_quotes.values())
    a, b = sorted((out / ".cache" / "evidence").glob("*.json"))
    a_text, b_text = a.read_bytes(), b.read_bytes()
    a.write_bytes(b_text)
    b.write_bytes(a_text)
    res = run_scorer("score", inputs, "--out", out, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert totals(out) == first and quotes(out) == first_quotes


def test_a_damaged_cache_entry_is_recomputed(tmp_path, inputs):
    out = tmp_path / "out"
    assert run_scorer("score", inputs, "--out", out, cwd=tmp_path).returncode == 0
    first = totals(out)
    for entry in (out / ".cache" / "evidence").glob("*.json"):
        entry.write_text('{"evidence_version": "x", "evidence": [', encoding="utf-8")
    assert run_scorer("score", inputs, "--out", out, cwd=tmp_path).returncode == 0
    assert totals(out) == first


@pytest.mark.parametrize("module", ["extract.py", "segment.py", "match.py", "detectors.py", "ingest/normalise.py",
                                    "ingest/furniture.py"])
def test_a_change_to_any_judging_module_changes_the_cache_key(module, monkeypatch):
    pipeline.evidence_version.cache_clear()
    before = pipeline.evidence_version()
    real = Path.read_bytes
    changed = Path(pipeline.__file__).parent / module
    monkeypatch.setattr(Path, "read_bytes", lambda self: real(self) + b"\n# MAX_PASSAGES = 99" if self == changed
                        else real(self))
    pipeline.evidence_version.cache_clear()
    try:
        assert pipeline.evidence_version() != before
    finally:
        monkeypatch.undo()
        pipeline.evidence_version.cache_clear()


def test_an_entry_from_other_judging_code_is_not_used(tmp_path, inputs, mini_rubric, monkeypatch):
    subs, _ = read_inputs([inputs])
    cache = EvidenceCache(tmp_path / "cache")
    fresh = extract_all(subs, mini_rubric, cache=cache)
    entry = next((tmp_path / "cache").glob("*.json"))
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["evidence_version"] = "0" * 64  # written by an older extract.py under today's name
    data["evidence"]["indicators"] = []
    entry.write_text(json.dumps(data), encoding="utf-8")
    again = extract_all(subs, mini_rubric, cache=cache)
    assert again == fresh


def test_concurrent_writers_of_one_cache_use_unique_temporary_names(tmp_path, inputs, mini_rubric, monkeypatch):
    subs, _ = read_inputs([inputs])
    cache = EvidenceCache(tmp_path / "cache")
    seen: list[str] = []
    real = pipeline.tempfile.mkstemp

    def spy(*args, **kwargs):
        fd, name = real(*args, **kwargs)
        seen.append(name)
        return fd, name

    monkeypatch.setattr(pipeline.tempfile, "mkstemp", spy)
    extract_all(subs, mini_rubric, cache=cache)
    extract_all(subs, mini_rubric, cache=EvidenceCache(tmp_path / "cache2"))
    assert len(seen) == len(set(seen)) == 4
    assert not list((tmp_path / "cache").glob("*.tmp"))
