"""One bad file is one failure naming it, with a Chinese reason; the rest is scored and nothing hangs."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from tests.helpers_fixtures import make_docx
from tests.reliability.kit import assert_kept, assert_scored_with_failure, results_of, run_scorer, snapshot


def score_with(tmp_path: Path, inputs: Path, name: str, content: str | bytes, *, exit_code: int = 1) -> dict:
    path = inputs / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = snapshot(inputs)
    out = tmp_path / "out"
    res = run_scorer("score", inputs, "--out", out, cwd=tmp_path)
    results = assert_scored_with_failure(res, out, name, exit_code=exit_code)
    assert_kept(before, inputs)
    return results


def failure_of(results: dict, name: str) -> str:
    return next(f["error"] for f in results["failures"] if Path(f["path"]).name == name)


BODY = "我市建成行政执法公示平台。\n"


def test_an_impossible_date_is_one_failure(tmp_path, inputs):
    results = score_with(tmp_path, inputs, "日期.txt", f"---\ntitle: 松溪镇报告\ndate: 2025-02-30\n---\n{BODY}")
    assert "2025-02-30" in failure_of(results, "日期.txt")


def test_yaml_aliases_expanding_to_a_billion_items_are_refused_at_once(tmp_path, inputs):
    lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for n in range(1, 10):
        prev = chr(ord("a") + n - 1)
        cur = chr(ord("a") + n)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 10)}]")
    results = score_with(tmp_path, inputs, "laughs.md", "---\n" + "\n".join(lines) + f"\n---\n{BODY}")
    assert "别名" in failure_of(results, "laughs.md")


def test_front_matter_nested_a_thousand_deep_is_one_failure(tmp_path, inputs):
    results = score_with(tmp_path, inputs, "deep.txt", "---\ntags: " + "[" * 1000 + "]" * 1000 + f"\n---\n{BODY}")
    assert "嵌套" in failure_of(results, "deep.txt")


@pytest.mark.parametrize("header, word", [
    ("title: [青川市, 报告]", "title"), ("id: {a: 1}", "id"), ("year: .inf", "year"), ("group: [city]", "group"),
    ("year: true", "year"), ("- 只是\n- 列表", "键: 值"),
])
def test_front_matter_values_of_the_wrong_type_are_one_failure(tmp_path, inputs, header, word):
    results = score_with(tmp_path, inputs, "bad-header.txt", f"---\n{header}\n---\n{BODY}")
    assert word in failure_of(results, "bad-header.txt")


def test_a_file_name_too_long_for_a_page_keeps_its_id_and_gets_a_short_page_name(tmp_path, inputs):
    name = "青" * 82 + ".txt"  # 250 bytes: with ".html" instead of ".txt" the page name would be too long
    assert len(name.encode()) == 250
    (inputs / name).write_text(f"---\ntitle: 云岭县松溪镇报告\n---\n{BODY}", encoding="utf-8")
    out = tmp_path / "out"
    res = run_scorer("score", inputs, "--out", out, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    ids = [s["id"] for s in results_of(out)["submissions"]]
    assert "青" * 82 in ids and len(ids) == 3
    pages = [p.name for p in out.glob("*.html")]
    assert len(pages) == 2 + 3 and all(len(p.encode()) < 200 for p in pages)
    assert any(p.startswith("青青") for p in pages)


def _bomb(unpacked_mb: int) -> bytes:
    """A .docx whose document.xml unpacks to `unpacked_mb` MB of XML (a few hundred KB packed)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml'
                     b'/2006/main"><w:body>')
            chunk = b"<w:p><w:r><w:t>" + b"A" * 1000 + b"</w:t></w:r></w:p>"
            block = chunk * 1024
            for _ in range(unpacked_mb):
                fh.write(block)
            fh.write(b"</w:body></w:document>")
    return buf.getvalue()


def test_a_docx_that_unpacks_to_a_gigabyte_is_refused_before_parsing(tmp_path, inputs):
    results = score_with(tmp_path, inputs, "bomb.docx", _bomb(1000))
    assert "压缩" in failure_of(results, "bomb.docx")


def test_a_real_docx_still_reads(tmp_path, inputs):
    make_docx(inputs / "云岭县.docx", ["云岭县松溪镇法治政府建设报告", "全县建成行政执法公示平台。"])
    res = run_scorer("score", inputs, "--out", tmp_path / "out", cwd=tmp_path)
    assert res.returncode == 0 and len(results_of(tmp_path / "out")["submissions"]) == 3


def test_a_five_megabyte_line_is_not_copied_into_every_page_as_a_title(tmp_path, inputs):
    (inputs / "long.txt").write_text("青川市" * (5 * 1024 * 1024 // 9) + "\n" + BODY, encoding="utf-8")
    out = tmp_path / "out"
    res = run_scorer("score", inputs, "--out", out, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    titles = [s["title"] for s in results_of(out)["submissions"]]
    assert max(len(t) for t in titles) <= 200
    assert (out / "index.html").stat().st_size < 1024 * 1024


def test_a_dangling_link_is_listed_as_a_failure(tmp_path, inputs):
    os.symlink(tmp_path / "gone.txt", inputs / "快捷方式.txt")
    out = tmp_path / "out"
    res = run_scorer("score", inputs, "--out", out, cwd=tmp_path)
    results = assert_scored_with_failure(res, out, "快捷方式.txt")
    assert "链接" in failure_of(results, "快捷方式.txt")


def test_an_unreadable_folder_is_listed_as_a_failure(tmp_path, inputs, monkeypatch, capsys):
    """Root reads any folder, so the refusal is simulated where the walk asks the system."""
    from scorer import cli
    import scorer.ingest as ingest

    locked = inputs / "locked"
    locked.mkdir()
    (locked / "hidden-report.txt").write_text(BODY, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(*args):
        if args and isinstance(args[0], (str, os.PathLike)) and Path(args[0]) == locked:
            raise PermissionError(13, "Permission denied", str(locked))
        return real_scandir(*args)

    monkeypatch.setattr(ingest.os, "scandir", scandir)
    out = tmp_path / "out"
    code = cli.main(["score", str(inputs), "--out", str(out), "--indicators",
                     str(Path(__file__).parents[1] / "fixtures" / "indicators_mini"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1 and "locked" in err, err
    results = results_of(out)
    assert [f["path"] for f in results["failures"]] == [str(locked)] and "权限" in results["failures"][0]["error"]
    assert len(results["submissions"]) == 2
