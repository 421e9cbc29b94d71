"""How the engine scales with the number of submissions: prints figures, asserts nothing.

    python -m scorer.bench.scale N [--jobs J] [--out DIR] [--keep]

Makes N synthetic submissions from the paragraphs of the shared compilation (each about 2,900
characters, drawn with a fixed seed, so two runs see the same texts), then runs every stage of
`scorer score` cold (no evidence cache) and prints, per stage, CPU (user+sys, this process and
its workers) and wall time; extraction's characters per second and its ratio to a plain scan of
the same texts (the extraction stage takes the texts' near-duplicate fingerprints too, as
`scorer score` does: their cost, timed apart, is left out of the ratio), and the ratio of matching
alone (segmenting and applying every rule, as issue 12 item 3 measures it) to the same scan; peak RSS; the output's
size; and the cost per submission. Timings taken while other work shares the machine are noisy:
compare CPU, not wall.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import ahocorasick

from ..commands.common import finish
from ..ingest.duplicates import fingerprint, near_duplicates
from ..kernel import Kernel, level_matrix
from ..match import CompiledRules
from ..models import Submission
from ..outputs import write_atomically
from ..pipeline import Run, extract_fingerprinted, load_run, save_run, score_table_run
from ..profiles import load_weights
from ..report import write_html
from ..report.render import write_index
from ..report.standing import STANDING_FOLDER
from ..report.weights_page import write_weight_outputs
from ..rubric import load_rubric
from ..segment import segment
from ..tables import write_indicator_tables, write_scores
from ..sensitivity import analyse
from ..workers import alongside, default_jobs, fresh_context, keep_for_the_run, paused_gc
from .seed import split_seed

TARGET_CHARS = 2900
GROUPS = ("county", "county", "county", "city", "department")  # roughly a national round's mix
PLACES = ("青川", "云岭", "松溪", "白石", "临江", "望山", "清河", "南屏")


def _cpu() -> float:
    """User+sys seconds of this process and of its finished children (pool workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _system_cpu() -> float:
    """The sys part of _cpu: the kernel's work for us (creating and writing files above all)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_stime + kids.ru_stime


class Stages:
    def __init__(self):
        self.rows: list[tuple[str, float, float]] = []

    @contextmanager
    def __call__(self, name: str):
        c0, w0 = _cpu(), time.perf_counter()
        yield
        self.rows.append((name, _cpu() - c0, time.perf_counter() - w0))

    def get(self, name: str) -> tuple[float, float]:
        return next((c, w) for n, c, w in self.rows if n == name)


def paragraphs_of(reports: list[Submission]) -> list[str]:
    """Every non-empty line of the reports: the material synthetic submissions are made of."""
    return [line.strip() for s in reports for line in s.text.split("\n") if line.strip()]


def synthesise(n: int, paragraphs: list[str], seed: int = 12) -> list[Submission]:
    """N submissions, each a fictional body's report of random paragraphs (about TARGET_CHARS)."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        group = GROUPS[k % len(GROUPS)]
        place = f"{PLACES[k % len(PLACES)]}{k:05d}" + {"county": "县", "city": "市", "department": "市司法局"}[group]
        title = f"{place}2025年法治政府建设情况报告"
        body, size = [title], len(title)
        while size < TARGET_CHARS:
            para = rng.choice(paragraphs)
            body.append(para)
            size += len(para) + 1
        text = "\n".join(body)
        out.append(Submission(id=f"s{k:05d}", title=title, text=text, region=place, group=group, year=2025,
                              sha256=hashlib.sha256(text.encode("utf-8")).hexdigest()))
    return out


def plain_scan(texts: list[str], indicators) -> tuple[float, int]:
    """CPU seconds of the floor: every catalogue term found once by one automaton over the same
    texts, with nothing else done; and the number of term occurrences found."""
    automaton = ahocorasick.Automaton()
    for t in sorted({t for ind in indicators for t in ind.terms()}):
        automaton.add_word(t, t)
    automaton.make_automaton()
    c0 = time.process_time()
    hits = sum(1 for text in texts for _ in automaton.iter(text))
    return time.process_time() - c0, hits


def matching_cpu(submissions: list[Submission], rules: CompiledRules) -> float:
    """CPU seconds of matching alone, one text after another: each text segmented into sentences
    and every indicator's rules applied (match.CompiledRules.apply), with no judgement, passage or
    serialisation: the part of extraction the issue's "matching within 10x of a plain scan" names.
    apply() also names every matched sentence's terms and spans, which extraction (find) does only
    for the sentences that need them: an upper bound of matching's share."""
    c0 = time.process_time()
    for sub in submissions:
        rules.apply(segment(sub))
    return time.process_time() - c0


def fingerprint_cpu(texts: list[str]) -> float:
    """CPU seconds of taking every text's near-duplicate fingerprint, one after another: the part
    of the extraction stage that is not extraction."""
    c0 = time.process_time()
    for text in texts:
        fingerprint(text)
    return time.process_time() - c0


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    """Every output file under `folder` by its path there (not the hidden marker and lock): its
    inode and modification time."""
    return {p.relative_to(folder).as_posix(): (st.st_ino, st.st_mtime_ns)
            for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".") for st in [p.stat()]}


def _rewritten(folder: Path, before: dict[str, tuple[int, int]]) -> dict[str, int]:
    """The files under `folder` written since `before` (_files), with their sizes in bytes."""
    return {name: (folder / name).stat().st_size for name, stamp in _files(folder).items() if before.get(name) != stamp}


def _by_part(files: dict[str, int]) -> dict[str, tuple[int, int]]:
    """Files and bytes by the part of the run folder they belong to (a folder, or a top-level file;
    the submission pages together)."""
    out: dict[str, list[int]] = {}
    for name, size in sorted(files.items()):
        top = name.split("/")[0] + "/" if "/" in name else name
        if top.endswith(".html") and top not in ("index.html", "weights.html"):
            top = "报告网页"
        part = out.setdefault(top, [0, 0])
        part[0] += 1
        part[1] += size
    return {name: (n, size) for name, (n, size) in out.items()}


def _time_load(path: Path) -> tuple[float, float]:
    """Wall seconds of reading run.json back, and this (fresh) process's peak RSS in MB after."""
    start = time.perf_counter()
    load_run(path)
    return time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rescore_in_place(out: Path, run: Run, rubric, profile: str, jobs: int, stages: Stages):
    """`scorer rescore`'s writing (commands/common.py finish) into the run folder under another
    profile, of the run this process wrote there (as if read back from its run.json): scores and
    ranks, results.json, the CSVs, the index, the weights page and every submission's standing
    (report/standing.py), keeping each page, and run.json, exemplars/ and assets/, whose sources did
    not change. Returns finish's Finished (what it kept)."""
    args = argparse.Namespace(profile=profile, jobs=jobs, components=None, results_dir=out)
    with stages("rescore in place"):
        return finish(run, rubric, args, out)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of synthetic submissions")
    parser.add_argument("--jobs", type=int, default=default_jobs(), help="worker processes (default: the cores)")
    parser.add_argument("--out", type=Path, help="output folder (default: a temporary folder, removed after)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary output folder")
    args = parser.parse_args(argv)
    stages = Stages()
    wall0 = time.perf_counter()
    with stages("rubric"):
        rubric = load_rubric()
        weights = load_weights(rubric)
    with stages("synthesise"):
        subs = synthesise(args.n, paragraphs_of(split_seed()))
    chars = sum(len(s.text) for s in subs)
    setup = time.perf_counter() - wall0

    cpu0, sys0, w0 = _cpu(), _system_cpu(), time.perf_counter()
    # As `scorer score` (pipeline.extract_run): the extraction workers take each text's
    # near-duplicate fingerprint too, and the main process joins them.
    with stages("extract+fingerprint"):
        evidence, prints = extract_fingerprinted(subs, rubric, jobs=args.jobs)
        keep_for_the_run()  # as the commands do once the run is in memory
    with stages("near-duplicates"):
        run = Run(submissions=subs, evidence=evidence, near_duplicates=near_duplicates(subs, fingerprints=prints))
    with stages("score+rank"):
        results, table = score_table_run(run, rubric, weights)
    out = args.out or Path(tempfile.mkdtemp(prefix="scale-")) / "out"

    page_worker_mb: list[float | None] = []

    def data_files(folder: Path) -> None:
        save_run(run, folder / "run.json")
        write_indicator_tables(results, table, rubric, folder)

    def fill(folder: Path) -> None:
        # As `scorer score` writes (commands/common.py finish): run.json, results.json and the CSVs
        # by a second process alongside the rest (its CPU shows when it is waited for).
        with stages("all, data files alongside"), alongside(
                lambda: data_files(folder), args.jobs > 1, " run.json、results.json 与表格"):
            with stages("write weights"):
                write_scores(results, table, folder)
                write_weight_outputs(folder, results, run, rubric, weights, table=table)
            with stages("write pages"):  # each page's scorecard built by the process rendering it
                page_worker_mb.append(write_html(results, run, rubric, folder, weights=weights, jobs=args.jobs,
                                                 table=table))

    with paused_gc():  # as `scorer score` writes (commands/common.py finish)
        write_atomically(out, fill)
    cpu_total, wall_total, sys_total = _cpu() - cpu0, time.perf_counter() - w0, _system_cpu() - sys0

    # What `scorer rescore` reads first (not part of the re-weighting's figures), timed in a fresh
    # process so that this one's peak memory stays the run's.
    with ProcessPoolExecutor(1, mp_context=fresh_context()) as pool:
        load_wall, load_mb = pool.submit(_time_load, out / "run.json").result()
    with stages("rescore"):
        results2, table2 = score_table_run(run, rubric, weights)
    rescore_cpu, rescore_wall = stages.get("rescore")
    again = Path(tempfile.mkdtemp(prefix="scale-rescore-"))
    with stages("rescore outputs"), paused_gc(), alongside(  # results.json, CSVs, index and weights page
            lambda: write_indicator_tables(results2, table2, rubric, again), args.jobs > 1, " results.json 与表格"):
        write_scores(results2, table2, again)
        write_index(results2, run, rubric, again, "—", table2)
        write_weight_outputs(again, results2, run, rubric, weights, table=table2)
    shutil.rmtree(again, ignore_errors=True)
    run.saved_at(out / "run.json")  # what `scorer rescore` would read back from the run folder
    before = _files(out)
    done = rescore_in_place(out, run, rubric, "disputes", args.jobs, stages)
    rewritten = _rewritten(out, before)
    kernel = Kernel(rubric, weights)
    with stages("level matrix"):  # read from the evidence objects: part of score+rank above
        levels = level_matrix({e.submission_id: e for e in evidence}, [s.id for s in subs], kernel.indicator_ids)
    with stages("kernel"):  # the arithmetic alone
        kernel.score(levels)
    with stages("sensitivity 1000"):
        analyse(results, run, rubric, weights, draws=1000)

    floor, hits = plain_scan([s.text for s in subs], rubric.indicators)
    prints_cpu = fingerprint_cpu([s.text for s in subs])
    with paused_gc():
        match_cpu = matching_cpu(subs, CompiledRules(rubric.indicators))
    ex_cpu, ex_wall = stages.get("extract+fingerprint")
    ex_cpu -= prints_cpu  # extraction's own share, for the ratio to the plain scan
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    size = _size(out)
    index = (out / "index.html").stat().st_size

    print(f"{args.n} 份合成材料，共 {chars / 1e6:.1f} 百万字（平均 {chars / max(1, args.n):.0f} 字/份），"
          f"--jobs {args.jobs}，本机 {os.cpu_count()} 核（准备 {setup:.1f}s 不计入）")
    print(f"{'阶段':<18}{'CPU(用户+系统)':>14}{'墙钟':>10}")
    for name, c, w in stages.rows:
        print(f"{name:<20}{c:>12.2f}s{w:>9.2f}s")
    print(f"{'合计（提取至写出）':<15}{cpu_total:>12.2f}s{wall_total:>9.2f}s")
    print(f"其中系统 CPU（内核为本进程及其子进程所做，主要是建立与写入文件）{sys_total:.2f}s")
    print(f"每份成本：CPU {cpu_total / args.n * 1000:.1f} ms，墙钟 {wall_total / args.n * 1000:.1f} ms")
    print(f"提取：{chars / ex_wall / 1e6:.2f} 百万字/秒（墙钟），{chars / ex_cpu / 1e6:.2f} 百万字/秒（CPU）")
    print(f"朴素扫描（一个自动机找出全部目录词）：CPU {floor:.2f}s，{hits} 处命中；"
          f"提取 CPU 是它的 {ex_cpu / floor:.1f} 倍（提取阶段 CPU 减去查重指纹 {prints_cpu:.2f}s，"
          f"指纹在本进程中另行逐份计时）")
    print(f"其中匹配（切分句子并套用全部指标规则，不含判断等级、摘录段落与序列化；本进程逐份计时）："
          f"CPU {match_cpu:.2f}s，是朴素扫描的 {match_cpu / floor:.1f} 倍")
    # A forked page worker's ru_maxrss and VmHWM count the pages it shares with this process: what
    # it holds of its own is its private memory.
    pages_mb = next((m for m in page_worker_mb if m is not None), None)
    print(f"峰值内存：主进程 {me:.0f} MB，最大的子进程 {kids:.0f} MB（ru_maxrss）"
          + (f"；写页面子进程自有内存 {pages_mb:.0f} MB（Private，与主进程共享的页不计）" if pages_mb is not None else "")
          + f"；另起进程读回 run.json 峰值 {load_mb:.0f} MB")
    print(f"输出：{size / 1e6:.0f} MB（index.html {index / 1e6:.2f} MB），{sum(1 for _ in out.iterdir())} 个文件")
    per = "，".join(f"{name} {(out / name).stat().st_size / max(1, args.n) / 1e3:.1f} KB"
                    for name in ("results.json", "run.json", "gaps.csv") if (out / name).exists())
    print(f"每份材料在数据文件中占：{per}")
    out_cpu, out_wall = stages.get("rescore outputs")
    print(f"重新评分（评分与排名，不写出）：CPU {rescore_cpu:.2f}s，墙钟 {rescore_wall:.2f}s；"
          f"再写出 results.json、CSV、index.html 与 weights.html 共 CPU {out_cpu:.2f}s，墙钟 {out_wall:.2f}s"
          f"（合计墙钟 {rescore_wall + out_wall:.2f}s；此前读入 run.json 墙钟 {load_wall:.2f}s）；"
          f"其中评分核心（矩阵运算）CPU {stages.get('kernel')[0]:.3f}s（从证据读出等级矩阵另需 {stages.get('level matrix')[0]:.2f}s）；敏感性分析 1000 次抽样 CPU {stages.get('sensitivity 1000')[0]:.2f}s")
    in_cpu, in_wall = stages.get("rescore in place")
    shards = sum(size for name, size in rewritten.items() if name.startswith(f"{STANDING_FOLDER}/"))
    print(f"实际的 scorer rescore（另一权重配置，写回输出目录，不含读入 run.json）：CPU {in_cpu:.2f}s，墙钟 {in_wall:.2f}s；"
          f"写出 {len(rewritten)} 个文件共 {sum(rewritten.values()) / 1e6:.0f} MB："
          + "、".join(f"{name} {n} 个 {size / 1e6:.1f} MB" for name, (n, size) in _by_part(rewritten).items())
          + f"（其中各材料的得分与整改清单 standing/ 每份 {shards / max(1, args.n) / 1e3:.1f} KB）；"
          f"沿用未变的报告网页 {done.kept}/{args.n} 份"
          + "".join(f"、{label}" for label in done.kept_labels()))
    if args.out is None and not args.keep:
        shutil.rmtree(out.parent, ignore_errors=True)
    elif args.out is None:
        print(f"输出保留在 {out}")


if __name__ == "__main__":
    main()
