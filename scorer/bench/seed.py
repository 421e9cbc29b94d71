"""Load the shared compilation as separate submissions, for benchmarks and seed tests."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from ..ingest import read_inputs
from ..models import Submission

PROJECT = Path(__file__).resolve().parents[2]
SHARED = PROJECT.parent / "shared"
SEED = SHARED / "seeds" / "000_e4f711ee96b42b0a.txt"
GOLD = SHARED / "gold" / "dev.json"


def split_seed(out_dir: Path | None = None) -> list[Submission]:
    """Split the compilation with `scorer split` and read the pieces back, in body order."""
    if not SEED.exists():
        raise FileNotFoundError(f"{SEED}: 共享的汇编材料不存在")
    if out_dir is None:  # the pieces are read into memory: a temporary folder is removed after
        with tempfile.TemporaryDirectory(prefix="seed-split-") as folder:
            return split_seed(Path(folder))
    subprocess.run([sys.executable, "-m", "scorer.cli", "split", str(SEED), "--out", str(out_dir), "--force"],
                   check=True, capture_output=True)
    submissions, failures = read_inputs([out_dir])
    if failures:
        raise RuntimeError(f"切分后的材料无法读取：{failures}")
    return sorted(submissions, key=lambda s: s.id)
