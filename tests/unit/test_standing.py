"""A submission page depends on the submission alone; what the weights make of it is in the run's
standing/ shards, so a re-weighting rewrites those and keeps every page whose sources did not change
(scorer/report/standing.py). Kept only when safe: the previous run wrote the page and its recorded
digest is today's."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scorer.outputs import MARKER, OutputError, run_files, write_atomically
from tests.conftest import ROOT
from tests.fixtures.report.page_data import run_indicators, shard_maxima

ENV = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")  # the standing carries the render time


def _cli(*args) -> subprocess.CompletedProcess:
    res = subprocess.run([sys.executable, "-m", "scorer.cli", *map(str, args)], capture_output=True, text=True, env=ENV)
    assert res.returncode == 0, res.stderr
    return res


def _pages(folder: Path) -> dict[str, Path]:
    """The submission pages of a run folder (its top-level .html files but the index and weights page)."""
    return {p.name: p for p in sorted(folder.glob("*.html")) if p.name not in ("index.html", "weights.html")}


def _stamps(folder: Path) -> dict[str, tuple[int, int]]:
    # a kept page is the very file the previous run wrote: same inode and modification time
    return {name: (p.stat().st_ino, p.stat().st_mtime_ns) for name, p in _pages(folder).items()}


def _folder(folder: Path) -> dict[str, Path]:
    return {p.name: p for p in sorted(folder.iterdir())}


def _folder_stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    """The shipped samples scored with the default weights (copied by each test that changes it)."""
    out = tmp_path_factory.mktemp("standing") / "run"
    _cli("score", ROOT / "submissions", "--out", out, "--no-cache", "--jobs", "1")
    return out


def _copy(scored: Path, tmp_path: Path) -> Path:
    out = tmp_path / "run"
    shutil.copytree(scored, out)
    return out


def test_a_page_is_byte_identical_under_two_weight_profiles(scored, tmp_path):
    other = tmp_path / "disputes"
    _cli("score", ROOT / "submissions", "--out", other, "--no-cache", "--jobs", "1", "--profile", "disputes")
    a, b = _pages(scored), _pages(other)
    assert len(a) >= 8 and sorted(a) == sorted(b)
    assert [name for name in a if a[name].read_bytes() != b[name].read_bytes()] == []
    # while what the weights decide did change, in the results and in the standing
    assert (scored / "results.json").read_bytes() != (other / "results.json").read_bytes()
    shards = sorted((scored / "standing").glob("*.js"))
    assert shards and any(s.read_bytes() != (other / "standing" / s.name).read_bytes() for s in shards)
    assert (scored / "standing" / "pages.json").read_bytes() == (other / "standing" / "pages.json").read_bytes()
    # the exemplar pages too: their choice and citations never read a rank, nor their audit the weights
    a, b = _folder(scored / "exemplars"), _folder(other / "exemplars")
    assert len(a) >= 10 and sorted(a) == sorted(b)
    assert [name for name in a if a[name].read_bytes() != b[name].read_bytes()] == []
    page = next(iter(a.values())).read_text(encoding="utf-8")
    assert " 名</span>" not in page and "权重配置" not in page and 'class="lv ' in page.split('class="cite"')[1]
    # and assets/: the weights' maxima, which the review preview reads, are in each shard instead
    a, b = _folder(scored / "assets"), _folder(other / "assets")
    assert sorted(a) == sorted(b) == ["indicators.js", "report.css", "submission.js"]
    assert all(a[name].read_bytes() == b[name].read_bytes() for name in a)
    assert "max" not in run_indicators(scored)
    maxima = [shard_maxima(f) for f in (scored / "standing").glob("*.js")] + [shard_maxima(f) for f in (other / "standing").glob("*.js")]
    assert len(set(map(tuple, maxima))) == 2 and len(maxima[0]) == len(run_indicators(scored)["order"])


def test_assets_changed_since_the_run_wrote_them_are_written_again(scored, tmp_path):
    out = _copy(scored, tmp_path)
    (out / "assets" / "report.css").write_text("body{color:red}", encoding="utf-8")
    said = _cli("rescore", out, "--profile", "disputes", "--jobs", "1").stdout
    assert "范例页 exemplars/ 未变" in said and "共用样式与脚本" not in said  # not among the kept
    assert (out / "assets" / "report.css").read_bytes() == (scored / "assets" / "report.css").read_bytes()


def test_rescore_keeps_every_page_and_rewrites_what_the_weights_decide(scored, tmp_path):
    out = _copy(scored, tmp_path)
    before, exemplars, assets = _stamps(out), _folder_stamps(out / "exemplars"), _folder_stamps(out / "assets")
    shard = next((out / "standing").glob("*.js"))
    old_shard, old_results = shard.read_bytes(), (out / "results.json").read_bytes()
    said = _cli("rescore", out, "--profile", "disputes", "--jobs", "2").stdout
    assert _stamps(out) == before  # not one page written again
    assert len(exemplars) >= 10 and _folder_stamps(out / "exemplars") == exemplars  # nor an exemplar page
    assert len(assets) == 3 and _folder_stamps(out / "assets") == assets  # nor the shared style and scripts
    # and the summary says they were kept, not written
    assert f"{len(before)} 份报告网页内容未变，保留原样" in said
    others = {"run.json": "运行记录 run.json", "exemplars": "范例页 exemplars/", "assets": "共用样式与脚本 assets/"}
    assert f"等 {len(run_files(out)) - len(before) - len(others)} 个文件" in said
    assert f"；{'、'.join(others.values())} 未变，保留原样" in said
    assert shard.read_bytes() != old_shard and (out / "results.json").read_bytes() != old_results
    assert set(before) <= set(run_files(out))  # still the run's own files: the next run may replace them


def test_a_review_of_one_indicator_renders_exactly_that_page_again(scored, tmp_path):
    out = _copy(scored, tmp_path)
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    sub = results["submissions"][0]
    k = next(k for k, level in enumerate(sub["levels"]) if level in ("none", "mention"))
    review = tmp_path / "r.yaml"
    review.write_text(f"reviews:\n  - submission: {sub['id']}\n    indicator: {results['indicators'][k]['id']}\n"
                      "    level: quantified\n    reason: 附件写明了全年的办理数量\n    reviewer: 评审组一\n", encoding="utf-8")
    before = _stamps(out)
    _cli("rescore", out, "--reviews", review, "--jobs", "1")
    after = _stamps(out)
    assert sorted(name for name in before if after[name] != before[name]) == [f"{sub['id']}.html"]


def test_a_page_is_rendered_again_when_its_record_does_not_match_or_it_was_changed_or_is_gone(scored, tmp_path):
    out = _copy(scored, tmp_path)
    record = out / "standing" / "pages.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    tampered, removed, edited, *_ = sorted(_pages(out))
    data["pages"][tampered][0] = "0" * 64
    record.write_text(json.dumps(data), encoding="utf-8")
    (out / removed).unlink()
    with open(out / edited, "ab") as fh:  # changed since the run wrote it: not trusted
        fh.write("<!-- 手工修改 -->".encode())
    before = _stamps(out)
    _cli("rescore", out, "--profile", "disputes", "--jobs", "1")
    after = _stamps(out)
    assert sorted(name for name in after if after[name] != before.get(name)) == sorted([tampered, removed, edited])
    fresh = tmp_path / "fresh"
    _cli("score", ROOT / "submissions", "--out", fresh, "--no-cache", "--jobs", "1", "--profile", "disputes")
    assert record.read_bytes() == (fresh / "standing" / "pages.json").read_bytes()
    for name in (tampered, removed, edited):
        assert (out / name).read_bytes() == (fresh / name).read_bytes()


def test_a_kept_file_stays_listed_and_untouched_and_an_interrupted_run_changes_nothing(tmp_path):
    out = tmp_path / "run"

    def first(folder: Path) -> None:
        (folder / "a.html").write_text("甲", encoding="utf-8")
        (folder / "b.html").write_text("乙", encoding="utf-8")

    write_atomically(out, first)
    stamp = (out / "a.html").stat().st_ino

    def second(folder: Path) -> None:
        (folder / "b.html").write_text("乙二", encoding="utf-8")
        kept.add("a.html")

    kept: set[str] = set()
    write_atomically(out, second, kept=kept)
    assert (out / "a.html").stat().st_ino == stamp and run_files(out) == ["a.html", "b.html"]

    def broken(folder: Path) -> None:
        (folder / "b.html").write_text("乙三", encoding="utf-8")
        kept.add("a.html")
        raise RuntimeError("interrupted")

    marker = (out / MARKER).read_bytes()
    with pytest.raises(RuntimeError):
        write_atomically(out, broken, kept=set())
    assert (out / "b.html").read_text(encoding="utf-8") == "乙二" and (out / MARKER).read_bytes() == marker

    # a name the previous run did not write is never "kept": nothing is moved
    (out / "notes.txt").write_text("用户的笔记", encoding="utf-8")

    def claims(folder: Path) -> None:
        (folder / "b.html").write_text("乙四", encoding="utf-8")
        kept.add("notes.txt")

    with pytest.raises(OutputError, match="notes.txt"):
        write_atomically(out, claims, kept=kept)
    assert (out / "b.html").read_text(encoding="utf-8") == "乙二" and (out / MARKER).read_bytes() == marker
    assert (out / "notes.txt").read_text(encoding="utf-8") == "用户的笔记"


def _file_stamp(path: Path) -> tuple[int, int]:
    return path.stat().st_ino, path.stat().st_mtime_ns


def test_rescore_keeps_the_run_json_it_read_which_is_what_a_fresh_score_writes(scored, tmp_path):
    out = _copy(scored, tmp_path)
    before = _file_stamp(out / "run.json")
    _cli("rescore", out, "--profile", "disputes", "--jobs", "1")
    assert _file_stamp(out / "run.json") == before and "run.json" in run_files(out)
    fresh = tmp_path / "fresh"
    _cli("score", ROOT / "submissions", "--out", fresh, "--no-cache", "--jobs", "1", "--profile", "disputes")
    assert (out / "run.json").read_bytes() == (fresh / "run.json").read_bytes()
    # sensitivity re-scores the run it read as well
    _cli("sensitivity", out, "--draws", "20")
    assert _file_stamp(out / "run.json") == before


def test_a_run_json_edited_before_the_rescore_is_what_it_scores_and_keeps(scored, tmp_path):
    out = _copy(scored, tmp_path)
    data = json.loads((out / "run.json").read_text(encoding="utf-8"))
    data["submissions"][0]["title"] = "松溪镇2025年法治政府建设情况报告（修订）"
    (out / "run.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    edited = (out / "run.json").read_bytes()
    _cli("rescore", out, "--jobs", "1")
    assert (out / "run.json").read_bytes() == edited
    assert "松溪镇2025年法治政府建设情况报告（修订）" in (out / "results.json").read_text(encoding="utf-8")


def test_a_run_json_changed_while_the_rescore_works_is_left_to_the_user_and_nothing_is_written(scored, tmp_path,
                                                                                                monkeypatch, capsys):
    """Another program changed run.json after the rescore read it: writing what was read over it
    would undo that change unasked, keeping it would leave results of other data beside it. The
    rescore writes nothing and says so; run again, it scores the file as it is now."""
    from scorer import cli
    from scorer.commands import common
    from scorer.pipeline import load_run

    out = _copy(scored, tmp_path)

    def read_then_touched(path):
        run = load_run(path)
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
        return run

    monkeypatch.setattr(common, "load_run", read_then_touched)  # (saved_run reads it)
    marker, results = (out / MARKER).read_bytes(), (out / "results.json").read_bytes()
    assert cli.main(["rescore", str(out), "--profile", "disputes", "--jobs", "1"]) == 2
    assert f"{out / 'run.json'}: 在本次运行读取之后被改动或替换过" in capsys.readouterr().err
    assert (out / MARKER).read_bytes() == marker and (out / "results.json").read_bytes() == results
    monkeypatch.undo()
    assert cli.main(["rescore", str(out), "--profile", "disputes", "--jobs", "1"]) == 0
    assert (out / "results.json").read_bytes() != results


def test_exemplar_pages_are_rendered_again_when_one_was_changed_or_their_sources_did(scored, tmp_path):
    out = _copy(scored, tmp_path)
    fresh = tmp_path / "fresh"
    _cli("score", ROOT / "submissions", "--out", fresh, "--no-cache", "--jobs", "1", "--profile", "disputes")
    # the page quoting most submissions: it stays when one of them is lowered below
    first = max(sorted((out / "exemplars").iterdir()), key=lambda f: f.read_text(encoding="utf-8").count("<blockquote"))
    with open(first, "ab") as fh:  # changed since the run wrote it: none is trusted
        fh.write("<!-- 手工修改 -->".encode())
    (out / "exemplars" / "notes.txt").write_text("笔记", encoding="utf-8")
    before = _folder_stamps(out / "exemplars")
    said = _cli("rescore", out, "--profile", "disputes", "--jobs", "1").stdout
    assert "范例页" not in said
    after = _folder_stamps(out / "exemplars")
    assert sorted(after) == sorted(_folder(fresh / "exemplars")) and all(after[n] != before[n] for n in after)
    assert all((out / "exemplars" / n).read_bytes() == (fresh / "exemplars" / n).read_bytes() for n in after)
    assert (out / "standing" / "pages.json").read_bytes() == (fresh / "standing" / "pages.json").read_bytes()

    # an expert lowering the level of a passage that an exemplar page shows changes that page
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    page = (out / "exemplars" / first.name).read_text(encoding="utf-8")
    sid = next(s["id"] for s in results["submissions"] if f'href="../{s["id"]}.html#ind-{first.stem}"' in page)
    review = tmp_path / "r.yaml"
    review.write_text(f"reviews:\n  - submission: {sid}\n    indicator: {first.stem}\n    level: none\n"
                      "    reason: 所述举措不属于本项\n    reviewer: 评审组一\n", encoding="utf-8")
    before = (out / "exemplars" / first.name).read_bytes()
    said = _cli("rescore", out, "--profile", "disputes", "--jobs", "1", "--reviews", review).stdout
    assert "范例页" not in said and (out / "exemplars" / first.name).read_bytes() != before
    assert f'href="../{sid}.html#ind-{first.stem}"' not in (out / "exemplars" / first.name).read_text(encoding="utf-8")
