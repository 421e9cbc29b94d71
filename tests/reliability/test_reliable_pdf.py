"""A hostile PDF is one failure naming it, bounded in memory and time; the rest is scored.

The PDFs are written here by hand (a few objects and an xref table), so each test controls
exactly what pdfminer will be asked to inflate or walk.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from scorer.ingest.limits import MAX_PDF_INFLATED_BYTES, MAX_PDF_PAGES
from tests.reliability.kit import assert_kept, assert_scored_with_failure, results_of, run_scorer, snapshot

_TEXT = b"BT /F1 12 Tf 72 720 Td (Songxi town report: 326 cases closed.) Tj ET"


def _assemble(objects: list[bytes]) -> bytes:
    """Objects 1..n (1 is the catalogue) as a PDF file with a correct xref table."""
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for num, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _pdf(page_streams: list[bytes], *, flate: bool = False) -> bytes:
    """A PDF with one page per content stream (Helvetica text), with a correct xref table."""
    n = len(page_streams)
    font, first_page = 3, 4
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(n))
               + b"] /Count %d >>" % n,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i, stream in enumerate(page_streams):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >>"
                       b" /Contents %d 0 R >>" % (font, first_page + 2 * i + 1))
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(stream), b" /Filter /FlateDecode" if flate else b"")
                       + stream + b"\nendstream")
    return _assemble(objects)


def _inflating_to(megabytes: int) -> bytes:
    """A content stream of text followed by `megabytes` MB of spaces, deflated (about 1/1000 the size)."""
    z = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    parts = [z.compress(_TEXT)] + [z.compress(chunk) for _ in range(megabytes)] + [z.flush()]
    return b"".join(parts)


def _score(tmp_path: Path, inputs: Path, name: str, pdf: bytes):
    (inputs / name).write_bytes(pdf)
    before = snapshot(inputs)
    out = tmp_path / "out"
    res = run_scorer("score", inputs, "--out", out, cwd=tmp_path)
    assert_kept(before, inputs)
    return res, out


def test_a_pdf_whose_stream_inflates_to_a_gigabyte_is_one_failure(tmp_path, inputs):
    assert 1024 * 1048576 > MAX_PDF_INFLATED_BYTES
    bomb = _pdf([_inflating_to(1024)], flate=True)
    assert len(bomb) < 2 * 1048576  # small on disk: --max-mb cannot catch it
    res, out = _score(tmp_path, inputs, "炸弹.pdf", bomb)
    results = assert_scored_with_failure(res, out, "炸弹.pdf")
    error = next(f["error"] for f in results["failures"] if Path(f["path"]).name == "炸弹.pdf")
    assert "解压后过大" in error


def test_a_pdf_with_more_pages_than_any_report_is_one_failure(tmp_path, inputs):
    res, out = _score(tmp_path, inputs, "页数.pdf", _pdf([_TEXT] * (MAX_PDF_PAGES + 1)))
    results = assert_scored_with_failure(res, out, "页数.pdf")
    error = next(f["error"] for f in results["failures"] if Path(f["path"]).name == "页数.pdf")
    assert "页数过多" in error


def test_a_compressed_pdf_within_the_limits_is_scored(tmp_path, inputs):
    """The bounds refuse bombs, not compression: the same PDF inflating to 2 MB reads as usual."""
    res, out = _score(tmp_path, inputs, "松溪镇.pdf", _pdf([_inflating_to(2)] * 3, flate=True))
    assert res.returncode == 0, res.stderr
    titles = [s["title"] for s in results_of(out)["submissions"]]
    assert len(titles) == 3 and any("Songxi" in t for t in titles)


def _drawing_a_form(times: int) -> bytes:
    """One page that draws a small form of text `times` times: a few KB that draw millions of characters."""
    form = b"BT /F1 12 Tf 72 720 Td (Qingchuan city administrative review report.) Tj ET"
    page = b"q /X1 Do Q\n" * times
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >>"
               b" /XObject << /X1 6 0 R >> >> /Contents 5 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(zlib.compress(page)) + zlib.compress(page)
               + b"\nendstream",
               b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
               b" /Length %d >>\nstream\n" % len(form) + form + b"\nendstream"]
    return _assemble(objects)


def test_a_pdf_page_that_draws_millions_of_characters_is_one_failure(tmp_path, inputs):
    """Within the inflation budget (the page's stream is a few KB), but each draw of the form
    costs pdfplumber time and memory: 100,000 draws are 4.6 million characters."""
    bomb = _drawing_a_form(100_000)
    assert len(bomb) < 64 * 1024
    res, out = _score(tmp_path, inputs, "绘制.pdf", bomb)
    results = assert_scored_with_failure(res, out, "绘制.pdf")
    error = next(f["error"] for f in results["failures"] if Path(f["path"]).name == "绘制.pdf")
    assert "第 1 页" in error and "超过" in error
