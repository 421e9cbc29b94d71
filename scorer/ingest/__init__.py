"""Reading submissions: paths in, Submissions (and Failures) out.

Formats and encodings end here; everything after sees only normalised text with metadata.
"""

from __future__ import annotations

from pathlib import Path

from ..models import Failure, Submission
from .errors import ReadError
from .metadata import build_submission
from .readers import SUPPORTED_SUFFIXES, read_text

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# A folder's own notes are not submissions (submissions/README.md explains the samples).
_NOT_SUBMISSIONS = {"readme.md", "readme.txt"}

__all__ = ["DEFAULT_MAX_BYTES", "ReadError", "SUPPORTED_SUFFIXES", "iter_input_files", "read_inputs", "read_path"]


def iter_input_files(paths: list[Path]) -> tuple[list[Path], list[Failure]]:
    """Expand folders (recursively, sorted) and report paths that do not exist."""
    files: list[Path] = []
    failures: list[Failure] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (child.is_file() and child.name.lower() not in _NOT_SUBMISSIONS
                        and not any(part.startswith(".") for part in child.relative_to(path).parts)):
                    files.append(child)
        elif path.is_file():
            files.append(path)
        else:
            failures.append(Failure(path=str(path), error="文件或文件夹不存在"))
    return files, failures


def read_inputs(paths: list[Path], *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Submission], list[Failure]]:
    """Read every submission under `paths`. One bad file never stops the others."""
    files, failures = iter_input_files(paths)
    submissions: list[Submission] = []
    used_ids: set[str] = set()
    for path in files:
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            failures.append(Failure(path=str(path), error=f"不支持的文件类型 {path.suffix or '（无扩展名）'}，"
                                    f"支持 {'、'.join(sorted(SUPPORTED_SUFFIXES))}"))
            continue
        try:
            sub = read_path(path, max_bytes=max_bytes)
        except ReadError as exc:
            failures.append(Failure(path=str(path), error=str(exc)))
            continue
        sub = _unique(sub, used_ids)
        submissions.append(sub)
    return submissions, failures


def read_path(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Submission:
    """One file to a Submission, or ReadError with the reason."""
    raw, text, fmt = read_text(path, max_bytes=max_bytes)
    return build_submission(path, raw, text, fmt)


def _unique(sub: Submission, used: set[str]) -> Submission:
    new_id, n = sub.id, 2
    while new_id in used:
        new_id = f"{sub.id}-{n}"
        n += 1
    used.add(new_id)
    return sub if new_id == sub.id else sub.model_copy(update={"id": new_id})
