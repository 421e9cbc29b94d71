"""Options and helpers shared by the commands that score."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NamedTuple

from ..outputs import OutputError, check_out_dir, run_files, run_lock, write_atomically
from ..pipeline import Run, load_run, save_run, score_table_run
from ..profiles import load_weights
from ..report import write_html
from ..report.naming import ASSET_FOLDER, EXEMPLAR_FOLDER
from ..report.standing import previous_pages
from ..report.view import TOP_GAPS
from ..results import ResultsRecord
from ..reviews import REVIEWS_FILE, ReviewSet, apply_reviews, load_reviews, reviews_yaml, stale_records
from ..rubric import Rubric, load_rubric
from ..score import add_details
from ..tables import write_indicator_tables, write_scores
from ..workers import alongside, keep_for_the_run, paused_gc


def add_rubric_options(parser) -> None:
    parser.add_argument("--rubric", metavar="DIR", help="评分方案目录（默认：项目的 rubric/，指标读取其同级 indicators/）")
    parser.add_argument("--indicators", metavar="DIR", help="指标规则目录（默认：rubric 目录同级的 indicators/）")
    parser.add_argument("--profile", metavar="NAME_OR_FILE", help="权重配置：rubric/profiles/ 中的名称或 YAML 文件路径")


def add_report_options(parser) -> None:
    """Options shaping the written reports, shared by score and rescore."""
    parser.add_argument("--top-gaps", type=_positive_int, default=TOP_GAPS, metavar="N",
                        help=f"整改清单完整列出失分最多的 N 项（默认 {TOP_GAPS}），其余折叠")
    parser.add_argument("--docx", type=Path, metavar="DIR", help="同时为每份材料写出 Word 书面评审意见（DIR/<编号>.docx）")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为正整数，而不是 {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为正整数，而不是 {text}")
    return value


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为正整数，而不是 {text!r}")
    return value


def add_jobs_option(parser) -> None:
    parser.add_argument("--jobs", type=_jobs, default=None, metavar="N",
                        help="并行进程数（默认：本机核数）；结果与 --jobs 1 完全相同")


def jobs_from(args) -> int:
    from ..workers import default_jobs

    return getattr(args, "jobs", None) or default_jobs()


def add_review_option(parser) -> None:
    parser.add_argument("--reviews", type=Path, metavar="FILE_OR_DIR",
                        help="专家评审意见（YAML 文件或文件夹）：按专家认定的等级评分，报告中同时显示引擎的等级")


def reviews_from(args, rubric: Rubric, submissions, results_dir: Path | None = None) -> ReviewSet:
    """The run's reviews, checked (errors exit 2 with file:line); stale ones are said on stderr.

    Re-scoring a finished run (`results_dir`) without --reviews keeps the reviews it applied
    (its reviews.yaml): a rerun must not silently undo an expert's decisions.
    """
    path = getattr(args, "reviews", None)
    if path is None and results_dir is not None and (results_dir / REVIEWS_FILE).is_file():
        path = results_dir / REVIEWS_FILE
        print(f"沿用本次运行已采用的评审意见 {path}（另给 --reviews 可替换）", file=sys.stderr)
    reviews = load_reviews(path, rubric, submissions)
    if reviews.entries:
        print(f"采用专家评审意见 {len(reviews.entries)} 条（{path}）", file=sys.stderr)
    for st in reviews.stale:
        e = st.entry
        print(f"注意：{e.where}：{e.submission} 的 {e.indicator} 评审意见是针对另一版本的正文写的"
              f"（意见记录 {e.text_sha256[:12]}…，现在的正文 {st.text_sha256[:12]}…），未采用；请对照新正文重新评审",
              file=sys.stderr)
    return reviews


def load_rubric_from(args) -> Rubric:
    return load_rubric(args.rubric, getattr(args, "indicators", None))


class Progress:
    """A one-line progress indicator on stderr, shown only for long runs on a terminal."""

    def __init__(self, label: str, quiet: bool = False):
        self.label, self.quiet = label, quiet or not sys.stderr.isatty()

    def __call__(self, n: int, total: int, item: str) -> None:
        if self.quiet or total < 5:
            return
        end = "\n" if n == total else ""
        print(f"\r{self.label} {n}/{total} {item[:40]:<40}", end=end, file=sys.stderr, flush=True)


class Finished(NamedTuple):
    results: ResultsRecord
    kept: int  # submission pages the previous run wrote and this one kept as they were (report/standing.py)
    kept_files: list[str]  # the run folder's other files and folders kept as they were (KEPT_NAMES)

    def kept_labels(self) -> list[str]:
        """The other files and folders kept, as the summary names them, in KEPT_NAMES' order."""
        return [label for name, label in KEPT_NAMES.items() if name in self.kept_files]


RUN_FILE = "run.json"
# The run's other files a run may keep, as the summary names them.
KEPT_NAMES = {RUN_FILE: "运行记录 run.json", EXEMPLAR_FOLDER: "范例页 exemplars/", ASSET_FOLDER: "共用样式与脚本 assets/"}


def saved_run(results_dir: Path, rubric: Rubric) -> Run | None:
    """The run `scorer score` saved in results_dir/run.json, for rescore and sensitivity; None, said
    on stderr, when the rubric's rules have changed since: evidence is what the rules found, so
    scoring it against other rules would mislead, and only `scorer score` extracts it again."""
    path = results_dir / RUN_FILE
    run = load_run(path)
    keep_for_the_run()
    if run.evidence and run.evidence[0].rules_sha256 != rubric.rules_sha256:
        print(f"scorer: {path}: 其中的证据是按另一版指标规则提取的（规则已改变），不能据此重新评分；"
              "请重新运行 scorer score 重新提取证据", file=sys.stderr)
        return None
    return run


def finish(run: Run, rubric: Rubric, args, out_dir: Path, *, sensitivity=None,
           reviews: ReviewSet | None = None) -> Finished:
    """Score the run's evidence with the chosen weights and write every output, whole or not at all.

    `sensitivity(results, run, rubric, weights, components)` -> Sensitivity, when given, adds
    rank intervals (scorer/sensitivity.py). `reviews` replace the engine's levels in everything
    scored and shown; run.json keeps the engine's evidence, so a rescore starts from it again.
    """
    from ..components import for_run
    from ..report.weights_page import write_weight_outputs

    refuse_ambiguous_components(args, run.duplicate_ids)
    saved = run
    if reviews:
        run = run.model_copy(update={"evidence": apply_reviews(run.evidence, reviews)})
    weights = load_weights(rubric, args.profile)
    components, notices = for_run(getattr(args, "components", None), [s.id for s in run.submissions], weights,
                                  getattr(args, "results_dir", None))
    for notice in notices:
        print(notice, file=sys.stderr)
    results, table = score_table_run(run, rubric, weights, components)
    if reviews is not None and reviews.stale:
        results["stale_reviews"] = stale_records(reviews)
    sens = sensitivity(results, run, rubric, weights, components) if sensitivity else None
    if sens is not None:
        from ..sensitivity import attach_records

        attach_records(results, sens)

    top_gaps = getattr(args, "top_gaps", TOP_GAPS)
    docx_dir = getattr(args, "docx", None)
    docx_inside = check_docx_dir(docx_dir, out_dir)  # refused before the run folder is rewritten
    if docx_dir is not None:
        from ..opinion_docx import write_opinion_folder, write_opinions  # python-docx only when Word is asked for

    def data_files(folder: Path) -> None:
        if RUN_FILE not in unchanged:  # else the previous run's file, which holds this very run, stays
            save_run(saved, folder / RUN_FILE)
        write_indicator_tables(results, table, rubric, folder)

    kept: set[str] = set()  # the previous run's files this one keeps: filled by fill (below)

    def fill(folder: Path) -> None:
        # run.json, results.json, gaps.csv and indicators.csv by a second process while this one
        # writes scores.csv, the index, the weights page and the pages from the table: each page's
        # scorecard is built in full by the process rendering it, unless the documents, which
        # read them all, had them built here first (the pages then use those).
        jobs = jobs_from(args)
        with alongside(lambda: data_files(folder), jobs > 1, " run.json、results.json 与表格"):
            write_scores(results, table, folder)
            write_weight_outputs(folder, results, run, rubric, weights, components, sens, table)
            if docx_dir is not None or getattr(args, "xlsx", None):
                add_details(results["submissions"], table, run.evidence, rubric)
            write_html(results, run, rubric, folder, weights=weights, jobs=jobs, top_gaps=top_gaps, table=table,
                       pages=pages)
        if reviews is not None and (reviews.entries or reviews.stale):
            (folder / REVIEWS_FILE).write_text(reviews_yaml(reviews, header=(
                "本次评分采用的专家评审意见，由 scorer 写出；scorer rescore 默认沿用，也可直接用作 --reviews。\n"
                "text_sha256 与现在的正文不同的意见是针对另一版本正文写的，未采用，仅作记录。")),
                encoding="utf-8")
        if docx_inside:
            write_opinions(results, run, rubric, folder / docx_dir.resolve().relative_to(out_dir.resolve()),
                           top_gaps=top_gaps)
        kept.update(pages.kept, pages.folders)

    # paused_gc: millions of acyclic objects written out (scorer/workers.py)
    with run_lock(out_dir), paused_gc():  # rescore and sensitivity write into a run folder too
        pages = previous_pages(out_dir)  # read under the lock: no other run changes them meanwhile
        # rescore and sensitivity write the run they read: the run.json the previous run wrote stays,
        # and the run is refused if that file was changed after it was read
        stamp = saved.read_from(out_dir / RUN_FILE) if RUN_FILE in run_files(out_dir) else None
        unchanged = {RUN_FILE: stamp} if stamp is not None else {}
        # pages whose sources did not change stay as they are
        write_atomically(out_dir, fill, kept=kept, unchanged=unchanged)
    if docx_dir is not None and not docx_inside:
        write_opinion_folder(results, run, rubric, docx_dir, top_gaps=top_gaps)
    if getattr(args, "xlsx", None):
        from ..xlsx import write_xlsx

        write_xlsx(results, run, rubric, args.xlsx)
    return Finished(results, len(pages.kept), sorted(unchanged) + sorted(pages.folders))


def check_docx_dir(docx_dir: Path | None, out_dir: Path, inputs=()) -> bool:
    """Refuse (OutputError, exit 2) a --docx folder the run must not write into; say whether it lies
    inside the run folder, where the opinions are written with the run's own files."""
    if docx_dir is None:
        return False
    if not docx_dir.resolve().is_relative_to(out_dir.resolve()):
        check_out_dir(docx_dir, inputs)
        return False
    top = docx_dir.resolve().relative_to(out_dir.resolve()).parts
    if not top:
        raise OutputError(f"{docx_dir}: 书面意见不能直接写在输出目录本身；请指定其中的子文件夹，如 {out_dir}/书面意见")
    if (out_dir / top[0]).exists() and top[0] not in run_files(out_dir):
        raise OutputError(f"{out_dir / top[0]}: 已存在且不是本工具写入的；为免覆盖，请为 --docx 换一个文件夹")
    return True


def print_summary(done: Finished, out_dir: Path) -> None:
    results, kept = done.results, done.kept
    for s in results.submissions[:10]:
        print(f"{s.rank:>3}. {s.total if s.composite is None else s.composite:6.2f}  {s.title}")
    if len(results.submissions) > 10:
        print(f"     …… 共 {len(results.submissions)} 份")
    for f in results.failures:
        print(f"无法读取：{f.path}：{f.error}", file=sys.stderr)
    written = len(run_files(out_dir))  # the run's own files, not what else the folder holds
    # A re-weighting keeps the pages and files it need not change: say so, rather than count them as written.
    others = "、".join(done.kept_labels())
    print(f"已写入 {out_dir}/index.html 等 {written - kept - len(done.kept_files)} 个文件"
          + (f"；{kept} 份报告网页内容未变，保留原样" if kept else "")
          + (f"；{others} 未变，保留原样" if others else ""))


def refuse_ambiguous_components(args, duplicate_ids: dict[str, list[str]]) -> None:
    """A component row for an id two files claimed could land on the wrong report: exit 2."""
    if not getattr(args, "components", None) or not duplicate_ids:
        return
    from ..components import ComponentsError, read_components

    clash = sorted(set(read_components(args.components).scores) & set(duplicate_ids))
    if clash:
        listed = "；".join(f"“{sid}”：{'、'.join(duplicate_ids[sid])}" for sid in clash)
        raise ComponentsError(f"{args.components}: 编号 {'、'.join(clash)} 对应不止一份材料（{listed}），"
                              "无法确定成绩属于哪一份；请在这些材料的文件头写 id: 使编号唯一")
