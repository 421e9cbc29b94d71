"""The Excel workbook (`scorer score … --xlsx FILE`): scores, gaps and evidence for reviewers.

Sheets 得分 / 差距 / 证据 / 自述问题 / 说明, Chinese headers, frozen header rows, filters and
column widths fitted to the content. Every text cell is stored as text: a quote that starts
with "=" stays a quote, never a formula.
"""

from __future__ import annotations

import os
from copy import copy
import tempfile
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .ingest.duplicates import similarity_label
from .models import Level
from .outputs import file_mode
from .report.assessment import best_passage, evidence_needed
from .report.clock import generated_at
from .report.exemplars import duplicate_partners, exemplar_pool, exemplars_for
from .report.view import level_names
from .results import Results
from .rubric import Rubric

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
MIN_WIDTH, MAX_WIDTH, WRAP_WIDTH, HEADER_WIDTH = 6, 60, 48, 14


def _display_width(value) -> int:
    """Width in Excel's character units: CJK characters count two."""
    if value is None:
        return 0
    text = f"{value:.2f}" if isinstance(value, float) else str(value)
    if "\n" in text:
        text = max(text.split("\n"), key=len)
    if len(text) > 2 * MAX_WIDTH:
        return 2 * MAX_WIDTH  # capped by the caller anyway
    # UTF-8 length is a fast proxy: ASCII 1 byte → 1, CJK 3 bytes → 2.
    return (len(text.encode("utf-8")) + len(text)) // 2


def _clean(value):
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _sheet(wb: Workbook, title: str, headers: list[str], rows: Iterable[list], *, freeze: str = "A2",
           number_cols: set[int] = frozenset(), wrap_cols: set[int] = frozenset()):
    ws = wb.create_sheet(title)
    ws.append(headers)
    for cell in ws[1]:
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, Alignment(vertical="center", wrap_text=True)
    # A long header wraps onto a second line rather than widening a column of short numbers.
    widths = [min(_display_width(h), HEADER_WIDTH) for h in headers]
    if any(_display_width(h) > HEADER_WIDTH for h in headers):
        ws.row_dimensions[1].height = 32
    n = 1
    styled: dict[tuple[int, bool], object] = {}  # a column's style, set once and copied (much faster)
    for row in rows:
        n += 1
        for col, value in enumerate(row):
            cell = ws.cell(row=n, column=col + 1, value=_clean(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even when it looks like a formula
            key = (col, col in number_cols and isinstance(cell.value, float))
            if key in styled:
                cell._style = copy(styled[key])
            else:
                if key[1]:
                    cell.number_format = "0.00"
                cell.alignment = WRAP if col in wrap_cols else TOP
                styled[key] = copy(cell._style)
            widths[col] = max(widths[col], _display_width(cell.value))
    for col, w in enumerate(widths):
        cap = WRAP_WIDTH if col in wrap_cols else MAX_WIDTH
        ws.column_dimensions[get_column_letter(col + 1)].width = max(MIN_WIDTH, min(cap, w + 2))
    ws.freeze_panes = freeze
    if n > 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{n}"
    return ws


def build_workbook(results: Results, run, rubric: Rubric, *, generated: str = "") -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    areas = list(rubric.spec.areas.items())
    names = {ind.id: ind.name for ind in rubric.indicators}
    code_names = rubric.code_names()
    lv = level_names(rubric)
    subs = {s.id: s for s in results.submissions}
    group = rubric.group_names().get

    # 得分
    extra = []
    if any(s.composite is not None for s in results.submissions):
        extra.append("综合分")
    if any(s.rank_interval for s in results.submissions):
        extra.append("名次区间")
    headers = ["名次", "组内名次", "编号", "材料", "地区", "组别", "年度", "总分", "等次", *extra,
               *[f"{a} {spec.name}" for a, spec in areas], "差距项数", "失分合计"]
    rows = []
    for s in results.submissions:
        row = [s.rank, s.group_rank, s.id, s.title, s.region, group(s.group), s.year, s.total, s.band or ""]
        if "综合分" in extra:
            row.append(s.composite)
        if "名次区间" in extra:
            row.append(f"{s.rank_interval[0]}–{s.rank_interval[1]}" if s.rank_interval else "")
        row += [s.areas[a].score if a in s.areas else None for a, _ in areas]
        row += [len(s.gaps), round(sum(g.points_lost for g in s.gaps), 4)]
        rows.append(row)
    first_num = 7
    _sheet(wb, "得分", headers, rows, freeze="E2",
           number_cols=set(range(first_num, len(headers))), wrap_cols={3})

    # 差距 (with the strongest peer exemplar, as in the HTML report)
    pool = exemplar_pool(results, run)
    dups = duplicate_partners(results)
    evidence = {e.submission_id: e.by_id() for e in run.evidence}
    expects = results.expects()
    rows = []
    for s in results.submissions:
        levels = {i.id: i for i in s.indicators}
        own = evidence.get(s.id, {})
        for g in s.gaps:
            ind = levels.get(g.indicator)
            level = ind.level if ind else "none"
            peers = exemplars_for(pool, g.indicator, s.id, Level[level], dups.get(s.id, set()), limit=1)
            peer = peers[0] if peers else None
            rows.append([
                s.id, s.title, s.rank, g.indicator, names.get(g.indicator, ""), g.code, code_names.get(g.code, ""),
                lv[level], ind.score if ind else 0.0, ind.max if ind else None, g.points_lost,
                evidence_needed(level, best_passage(own[g.indicator].passages) if g.indicator in own else None,
                                expects[g.indicator], lv),
                peer.passage.quote if peer else "", subs[peer.submission].title if peer else "",
            ])
    # Filtering 编号 leaves one submission's 整改清单, which prints on A4 landscape with its header.
    gap_sheet = _sheet(wb, "差距", ["编号", "材料", "名次", "指标", "指标名称", "二级指标", "二级指标名称", "当前等级", "得分",
                       "满分", "失分", "需要的证据", "同批范例", "范例来源"], rows, freeze="C2",
           number_cols={8, 9, 10}, wrap_cols={1, 4, 11, 12, 13})
    gap_sheet.page_setup.orientation, gap_sheet.page_setup.paperSize = "landscape", gap_sheet.PAPERSIZE_A4
    gap_sheet.sheet_properties.pageSetUpPr.fitToPage = True
    gap_sheet.page_setup.fitToWidth, gap_sheet.page_setup.fitToHeight = 1, 0
    gap_sheet.print_title_rows = "1:1"
    gap_sheet.oddFooter.center.text = "第 &P 页，共 &N 页"

    # 证据
    evidence = {e.submission_id: e for e in run.evidence}
    rows = []
    for s in results.submissions:
        ev = evidence.get(s.id)
        if ev is None:
            continue
        levels = {i.id: i.level for i in s.indicators}
        for ind in ev.indicators:
            for p in ind.passages:
                rows.append([
                    s.id, s.title, ind.id, names.get(ind.id, ""), lv[levels.get(ind.id, Level(ind.level).name)],
                    lv[Level(p.level).name], p.quote, "、".join(p.terms), p.heading, p.paragraph, p.why, p.start, p.end,
                ])
    _sheet(wb, "证据", ["编号", "材料", "指标", "指标名称", "指标等级", "引文等级", "引文", "命中关键词", "所在标题",
                       "段落", "判定依据", "起始位置", "结束位置"], rows, freeze="C2", wrap_cols={1, 3, 6, 8})

    # 自述问题
    rows = [[s.id, s.title, p.code or "", code_names.get(p.code or "", ""), p.quote, p.start, p.end]
            for s in results.submissions for p in s.problems]
    _sheet(wb, "自述问题", ["编号", "材料", "二级指标", "二级指标名称", "引文", "起始位置", "结束位置"], rows,
           freeze="C2", wrap_cols={1, 4})

    # 说明
    info = [
        ["评分方案", rubric.spec.name], ["规则版本", results.rubric.version], ["规则 sha256", results.rubric.sha256],
        ["权重配置", results.rubric.profile], ["引擎版本", f"fazhi-scorer {results.engine_version}"],
        ["生成时间", generated], ["参评材料", len(results.submissions)],
    ]
    info += [["无法读取", f"{f.path}：{f.error}"] for f in results.failures]
    info += [["疑似重复", f"{d.a} ~ {d.b}（{similarity_label(d.similarity)}）"] for d in results.near_duplicates]
    info += [["等级说明", f"{spec.name}：等级系数 {spec.credit:.0%}"] for spec in rubric.spec.levels.values()]
    share = rubric.spec.code_share
    info.append(["计分方式", f"三级指标得分 = 分值 ×（{1 - share:.0%} × 本指标等级系数 + {share:.0%} × 所属二级指标最高等级系数）"])
    _sheet(wb, "说明", ["项目", "内容"], info, wrap_cols={1})
    return wb


def write_xlsx(results: Results, run, rubric: Rubric, path: Path, *, generated: str = "") -> Path:
    """Write the workbook whole or not at all (a temporary file beside it, then a rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = build_workbook(results, run, rubric, generated=generated or generated_at())
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.close(fd)
    try:
        os.chmod(tmp, file_mode())  # mkstemp makes it private (0600); a workbook is shared like any file
        wb.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
