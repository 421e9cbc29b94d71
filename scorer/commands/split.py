"""`scorer split`: cut a compilation of many reports into one file per report, with front matter."""

from __future__ import annotations

import sys
from pathlib import Path

from ..ingest import DEFAULT_MAX_BYTES, ReadError
from ..ingest.markdown import strip_markdown
from ..ingest.normalise import normalise
from ..ingest.readers import read_text
from ..ingest.split import filename, split_compilation
from ..rubric import load_group_names
from ..outputs import write_atomically


def add_parser(sub):
    p = sub.add_parser("split", help="把汇编材料切分为每篇报告一个文件",
                       description="按正文的标题、日期行和作者行把汇编切分为单篇报告（目录仅作参考），"
                                   "每篇写成带文件头（title/date/region/group/author）的 .txt 文件")
    p.add_argument("compilation", type=Path, metavar="COMPILATION", help="汇编文件（.txt .md .docx .pdf）")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="输出目录")
    p.add_argument("--force", action="store_true", help="输出目录已有文件时覆盖")
    p.add_argument("--max-mb", type=float, metavar="MB", default=DEFAULT_MAX_BYTES / 1048576, help="文件大小上限（MB）")
    return p


def run(args) -> int:
    out: Path = args.out
    if out.exists() and (not out.is_dir() or any(out.iterdir())) and not args.force:
        print(f"scorer: 输出目录 {out} 已存在且不为空；确认覆盖请加 --force", file=sys.stderr)
        return 2
    if not args.compilation.is_file():
        raise FileNotFoundError(f"{args.compilation}: 找不到汇编文件")
    try:
        _, text, fmt = read_text(args.compilation, max_bytes=int(args.max_mb * 1048576))
    except ReadError as exc:
        print(f"scorer: 无法读取 {args.compilation}：{exc}", file=sys.stderr)
        return 1
    result = split_compilation(normalise(strip_markdown(text) if fmt == "md" else text))
    for note in result.notes:
        print(f"注意：{note}", file=sys.stderr)
    if not result.reports:
        return 1
    width = max(2, len(str(len(result.reports))))

    def fill(folder: Path) -> None:
        for report in result.reports:
            (folder / filename(report, width)).write_text(report.to_text(), encoding="utf-8")

    write_atomically(out, fill, force=args.force)
    group_names = load_group_names()
    for r in result.reports:
        print(f"{r.position:>{width}}  {r.title}  {r.date or '—'}  {r.region or '—'}  {group_names[r.group]}")
    print(f"已写入 {out}/：{len(result.reports)} 篇" + (f"（目录列出 {len(result.toc)} 篇）" if result.toc else ""))
    return 0
