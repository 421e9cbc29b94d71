"""Shared fixtures: the project's rubric with a small indicator set, and text builders."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorer.rubric import load_rubric

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MINI_INDICATORS = ROOT / "tests" / "fixtures" / "indicators_mini"


@pytest.fixture(scope="session")
def mini_rubric():
    """The real rubric/ (areas, levels, weights) with four hand-written indicators."""
    return load_rubric(ROOT / "rubric", MINI_INDICATORS)


@pytest.fixture(scope="session")
def project_rubric():
    return load_rubric(ROOT / "rubric")


def write_submission(folder: Path, name: str, body: str, **meta) -> Path:
    """A submission file with YAML front matter."""
    head = "".join(f"{k}: {v}\n" for k, v in meta.items())
    path = folder / name
    path.write_text(f"---\n{head}---\n{body}" if meta else body, encoding="utf-8")
    return path
