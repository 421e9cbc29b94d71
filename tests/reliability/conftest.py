from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.kit import write_good


@pytest.fixture
def inputs(tmp_path) -> Path:
    folder = tmp_path / "in"
    write_good(folder)
    return folder
