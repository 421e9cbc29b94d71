"""Near-duplicates across a run: copies are found, different reports on the same subject are not."""

from __future__ import annotations

import hashlib
import random
import subprocess
import sys
import time

import numpy as np
import pytest

from scorer.bench.seed import SEED, split_seed
from scorer.ingest.duplicates import _candidates, fingerprint, near_duplicates, shingles, signature
from scorer.models import Submission
from scorer.pipeline import EvidenceCache, extract_all, extract_run
from scorer.results_file import read_results
from tests.conftest import MINI_INDICATORS, write_submission

# Invented sentences in the register of the reports; a "report" is a random draw of them.
SUBJECTS = ["行政复议", "行政执法", "政务公开", "合法性审查", "法治宣传", "矛盾纠纷化解", "公共法律服务", "重大行政决策"]
VERBS = ["全面推行", "深入开展", "建立健全", "持续推进", "率先探索", "扎实做好"]
RESULTS = ["办结案件{n}件", "培训{n}人次", "公开信息{n}条", "审查文件{n}件", "化解纠纷{n}起", "覆盖{n}个乡镇"]


def sentences(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return [f"{rng.choice(['全市', '全县', '全区', '市政府'])}{rng.choice(VERBS)}{rng.choice(SUBJECTS)}工作，"
            f"{rng.choice(RESULTS).format(n=rng.randint(10, 99999))}，同比增长{rng.randint(1, 60)}.{rng.randint(0, 9)}%。"
            for _ in range(count)]


def sub(id_: str, text: str) -> Submission:
    return Submission(id=id_, title=id_, text=text)


def test_shingles_ignore_layout_and_punctuation():
    a = shingles("全市办结行政复议案件326件，纠错率12.4%。")
    b = shingles("全市办结行政复议案件 326 件,\n纠错率 12.4 % .")
    assert np.array_equal(a, b) and len(a) > 10
    assert len(shingles("四个字")) == 0


def test_signature_is_the_smallest_hash_in_each_slice():
    hashes = np.unique(np.random.default_rng(1).integers(0, 2**63, 500, dtype=np.int64).astype(np.uint64) * 2)
    sig = signature(hashes)
    width = 2**64 // len(sig)
    for k in range(0, len(sig), 17):
        inside = [h for h in hashes.tolist() if k * width <= h < (k + 1) * width]
        assert (int(sig[k]) == min(inside)) if inside else sig[k] == np.uint64(2**64 - 1)


def test_a_copy_with_changes_is_found_and_different_reports_are_not():
    base = sentences(1, 40)
    copy = list(base)
    copy[3], copy[17] = "全县新建法治文化公园3个。", "全县聘请法律顾问58名。"  # a few sentences changed
    copy.insert(10, "另外补充一句新的内容。")
    text = "".join(base)
    subs = [sub("original", text), sub("other-a", "".join(sentences(2, 40))), sub("copy", "".join(copy)),
            sub("other-b", "".join(sentences(3, 40))), sub("same-again", text)]
    pairs = near_duplicates(subs)
    assert [(p.a, p.b) for p in pairs] == [("original", "same-again"), ("original", "copy"), ("copy", "same-again")]
    assert pairs[0].similarity == 1.0 and 0.8 <= pairs[1].similarity < 1.0


def test_a_report_copied_inside_a_longer_one_counts():
    short = "".join(sentences(4, 30))
    longer = short + "".join(sentences(5, 12))
    (pair,) = near_duplicates([sub("short", short), sub("longer", longer)])
    assert (pair.a, pair.b) == ("short", "longer") and pair.similarity > 0.95


def test_tiny_texts_are_never_called_copies():
    assert near_duplicates([sub("a", "报告。"), sub("b", "报告。")]) == []


def test_thousands_of_submissions_take_seconds():
    rng = random.Random(7)
    pool = sentences(8, 3000)
    subs = [sub(f"r{n:04d}", "".join(rng.sample(pool, 60))) for n in range(2000)]
    subs.append(sub("copy-of-r1234", subs[1234].text[:-200] + "最后改写了一句话。"))
    start = time.perf_counter()
    pairs = near_duplicates(subs)
    elapsed = time.perf_counter() - start
    assert [(p.a, p.b) for p in pairs] == [("r1234", "copy-of-r1234")]
    assert elapsed < 20, elapsed  # about 3 s on the development machine (2000 × 2,600 characters)


def test_score_reports_near_duplicates_in_results_json(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = "\n".join(sentences(9, 30)) + "\n"
    write_submission(folder, "jiangyu.txt", "江屿区法治政府建设报告\n" + text, group="county")
    write_submission(folder, "songlan.txt", "松岚区法治政府建设报告\n" + text.replace("全县", "全区"), group="county")
    write_submission(folder, "other.txt", "青川市法治政府建设报告\n" + "\n".join(sentences(10, 30)), group="city")
    out = tmp_path / "out"
    res = subprocess.run([sys.executable, "-m", "scorer.cli", "score", str(folder), "--out", str(out),
                          "--indicators", str(MINI_INDICATORS), "--quiet"], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    data = read_results(out / "results.json")
    (dup,) = data["near_duplicates"]
    assert (dup["a"], dup["b"]) == ("jiangyu", "songlan") and dup["similarity"] > 0.8
    assert "疑似重复" in res.stderr


def test_shingles_are_each_distinct_shingle_once_in_order():
    text = "青川市全年办结行政复议案件326件，" * 3 + "云岭县，推行行政执法公示！松溪镇 2025 年"
    clean = "".join(ch for ch in text if ch.isalnum())
    h = shingles(text)
    assert h.dtype == np.uint64 and (h[1:] > h[:-1]).all()  # sorted, no value twice
    assert len(h) == len({clean[i:i + 5] for i in range(len(clean) - 4)})  # 64-bit hashes do not collide here
    assert len(shingles("青川市")) == 0


def hashed(id_: str, text: str) -> Submission:
    """A submission as read from a file: with its text's hash (the evidence cache's key)."""
    return Submission(id=id_, title=id_, text=text, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())


def copies_of(texts: dict[str, str], seed: int) -> list[Submission]:
    """The texts, and of each copies with a few lines replaced, with many replaced (below the
    threshold) and cut short: copies at every similarity around the threshold."""
    rng = random.Random(seed)
    out = []
    for name, text in texts.items():
        out.append(hashed(name, text))
        lines = text.split("\n")
        for changed in (1, 3, len(lines) // 4, len(lines) // 2):
            copy = list(lines)
            for k in rng.sample(range(len(copy)), min(changed, len(copy))):
                copy[k] = f"松溪镇补充说明第{k}项情况。"
            out.append(hashed(f"{name}-{changed}", "\n".join(copy)))
        out.append(hashed(f"{name}-cut", "\n".join(lines[: len(lines) * 3 // 4])))
    return out


def fictional_reports() -> dict[str, str]:
    return {f"f{n}": "\n".join(sentences(100 + n, 30 + n)) for n in range(12)}


def check_workers_find_the_serial_pairs(subs, rubric, tmp_path):
    serial = near_duplicates(subs)
    assert len(serial) > 3  # copies to find, not only an empty list twice
    for jobs in (1, 2):
        assert extract_run(subs, rubric, jobs=jobs).near_duplicates == serial
    # with half the evidence cached, the cached texts' fingerprints are still taken (by the workers)
    cache = EvidenceCache(tmp_path / "cache")
    extract_all(subs[::2], rubric, cache=cache)
    for jobs in (1, 2):
        found = extract_run(subs, rubric, cache=cache, jobs=jobs)
        assert found.near_duplicates == serial
        assert found.evidence == extract_all(subs, rubric)


def test_the_extraction_workers_find_exactly_the_serial_pairs_on_fictional_texts(mini_rubric, tmp_path):
    check_workers_find_the_serial_pairs(copies_of(fictional_reports(), 1), mini_rubric, tmp_path)


@pytest.mark.seed
@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds 不存在")
def test_the_extraction_workers_find_exactly_the_serial_pairs_on_the_seed_reports(project_rubric, tmp_path):
    reports = split_seed(tmp_path / "split")
    check_workers_find_the_serial_pairs(copies_of({s.id: s.text for s in reports}, 2), project_rubric, tmp_path)


def test_bands_are_joined_as_a_dictionary_of_buckets_would_join_them():
    """The join sorts each band's values; the pairs are those of texts sharing a complete band."""
    rng = np.random.default_rng(5)
    # few distinct values per slot, so that many texts share bands; some slots empty
    sigs = rng.integers(0, 3, (300, 128)).astype(np.uint64)
    sigs[rng.random((300, 128)) < 0.02] = np.uint64(2**64 - 1)
    usable = rng.random(300) < 0.9
    expected = set()
    for band in range(32):
        buckets: dict[bytes, list[int]] = {}
        for i in np.flatnonzero(usable):
            row = sigs[i, band * 4 : band * 4 + 4]
            if not (row == np.uint64(2**64 - 1)).any():
                buckets.setdefault(row.tobytes(), []).append(int(i))
        expected |= {(a, b) for members in buckets.values() for a in members for b in members if a < b}
    pairs = _candidates(sigs, usable)
    assert len(expected) > 100 and sorted(map(tuple, pairs.tolist())) == sorted(expected)


def test_a_fingerprint_is_the_size_and_signature_of_the_shingles():
    text = "\n".join(sentences(11, 20))
    fp = fingerprint(text)
    assert fp.size == len(shingles(text)) and np.array_equal(fp.signature, signature(shingles(text)))
    assert fingerprint("青川市").size == 0 and (fingerprint("青川市").signature == np.uint64(2**64 - 1)).all()
