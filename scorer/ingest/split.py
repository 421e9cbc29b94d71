"""Cut a compilation of many reports into one submission per report.

A compilation (like the shared seed) is a web page or document with a preamble, a contents list
and then the reports, each starting with its own title followed by a date line “（2025年12月30日）”
or an author line “澜州市司法局局长 周明远”. The body decides: a report starts at a title line
that such a date or author line follows. The contents list is only a hint, because compilations
are edited carelessly and their contents disagree with the body: it supplies the peer group of
its section (一、省级 …) and a place name when the body title has none, and it helps find a report
whose title has neither a date nor an author line. Where contents and body disagree, the body
wins and a note says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from .identify import infer_group, infer_region
from .normalise import IDEO, NUMBERED

# --- line kinds ---------------------------------------------------------------------------

_DATE_LINE = re.compile(
    r"^[（(]?\s*(?P<y>(?:19|20)\d\d)\s*(?:年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"|[-./](?P<m2>\d{1,2})[-./](?P<d2>\d{1,2}))\s*[)）]?$"
)
_POSITION = r"(?:副?(?:局长|厅长|主任|书记|市长|县长|区长|省长|州长|部长|院长|校长|处长|科长|所长|委员)|教授|讲师|研究员|记者|通讯员)"
_ORG = r"(?:党校|学院|大学|研究院|研究所|研究中心|政府|法院|检察院|司法局|局|厅|委|办|中心|部|处|所)"
_AUTHOR_LINE = re.compile(
    rf"^(?:(?:作者|撰稿|文)\s*[：/｜|]\s*.{{1,30}}"
    rf"|[{IDEO}（）]{{2,30}}?(?:{_POSITION}|{_ORG})\s+[{IDEO}·]{{1,5}}(?:\s+[{IDEO}·]{{2,5}})*)$"
)
_SIGNATURE_ORG = re.compile(rf"{_ORG}$|委员会$|办公室$")
_TOC_HEAD = re.compile(r"^目\s*[录次]$")
_TOC_SECTION = re.compile(r"^[一二三四五六七八九十]{1,3}\s*[、.．]\s*(\S{1,10})$")
_TOC_ENTRY = re.compile(r"^(\d{1,3})\s*[.、．]\s*(.+)$")
_TOC_PAGE = re.compile(r"^(.*?)(?:\s+|[.·…]+|(?<=[\u4e00-\u9fff）》”]))(\d{1,3})$")
# Web-page leftovers after the last report.
_TRAILER = re.compile(r"^(?:推荐访问|相关推荐|相关阅读|相关文章|猜你喜欢|上一篇|下一篇|本文链接|版权声明|免责声明|原文链接)")
MAX_TITLE = 60
_SECTION_GROUPS = (("部门", "department"), ("其他", "other"), ("乡镇", "township"), ("街道", "township"), ("县", "county"), ("区", "county"),
                   ("市", "city"), ("州", "city"), ("省", "province"))


def date_of(line: str) -> str:
    """ISO date of a date line, or ""."""
    m = _DATE_LINE.match(line.strip())
    if not m:
        return ""
    month, day = int(m.group("m") or m.group("m2")), int(m.group("d") or m.group("d2"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{int(m.group('y')):04d}-{month:02d}-{day:02d}"


def is_author_line(line: str) -> bool:
    return len(line) <= 40 and bool(_AUTHOR_LINE.match(line.strip()))


def _title_like(line: str) -> bool:
    s = line.strip()
    return (0 < len(s) <= MAX_TITLE and s[-1] not in "。；;：:，," and not NUMBERED.match(s)
            and not date_of(s) and not is_author_line(s))


# --- contents list ------------------------------------------------------------------------


@dataclass
class TocEntry:
    number: int
    title: str
    section: str = ""


def parse_toc(lines: list[str]) -> tuple[list[TocEntry], int]:
    """Entries of the contents list, and the index of the first line after it (0 if none)."""
    head = next((i for i, ln in enumerate(lines) if _TOC_HEAD.match(ln.strip())), None)
    if head is None:
        return [], 0
    entries: list[TocEntry] = []
    section, pending, i = "", False, head + 1
    while i < len(lines):
        line = lines[i].strip()
        entry, sect = _TOC_ENTRY.match(line), _TOC_SECTION.match(line)
        if entry:
            entries.append(TocEntry(int(entry.group(1)), entry.group(2), section))
        elif sect and len(line) <= 12:
            section = sect.group(1)
        elif pending:
            entries[-1].title += line
        else:
            break
        if entry or pending:
            title, page = _strip_page(entries[-1].title)
            entries[-1].title = title
            pending = page is None and title.endswith(("：", ":"))
        i += 1
    return entries, i


def _strip_page(title: str) -> tuple[str, int | None]:
    m = _TOC_PAGE.match(title)
    if not m:
        return title.strip(), None
    return m.group(1).strip().rstrip("·.… "), int(m.group(2))


# --- similarity of titles -----------------------------------------------------------------


def _bigrams(text: str) -> set[str]:
    s = re.sub(r"[^\w]", "", text)
    return {s[i : i + 2] for i in range(len(s) - 1)} or {s}


def title_similarity(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def _stem(region: str) -> str:
    return re.sub(r"(特别行政区|自治区|自治州|自治县|省|市|州|盟|县|区|旗)$", "", region)


def align(toc: list[TocEntry], titles: list[str]) -> dict[int, int]:
    """Report index -> contents index: the monotone matching with the most similarity."""
    n, m = len(titles), len(toc)
    if not n or not m:
        return {}
    if n == m:
        return {i: i for i in range(n)}
    sim = [[title_similarity(t, e.title) for e in toc] for t in titles]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1], sim[i][j] + best[i + 1][j + 1])
    out, i, j = {}, 0, 0
    while i < n and j < m:
        if best[i][j] == sim[i][j] + best[i + 1][j + 1] and sim[i][j] > 0:
            out[i], i, j = j, i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return out


# --- the split ----------------------------------------------------------------------------


@dataclass
class Report:
    title: str
    lines: list[str]  # the report's text, title first; date and author lines are in the metadata
    position: int = 0
    date: str = ""
    author: str = ""
    region: str = ""
    group: str = "other"

    def front_matter(self) -> dict:
        meta = {"title": self.title, "date": self.date, "region": self.region, "group": self.group,
                "author": self.author, "position": self.position}
        return {k: v for k, v in meta.items() if v not in ("", None)}

    def to_text(self) -> str:
        head = yaml.safe_dump(self.front_matter(), allow_unicode=True, sort_keys=False, width=1000)
        return f"---\n{head}---\n" + "\n".join(self.lines) + "\n"


@dataclass
class Split:
    reports: list[Report]
    toc: list[TocEntry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Start:
    title: int  # line index of the title
    meta: list[int]  # line indices of its date and author lines


def _starts(lines: list[str], begin: int) -> list[_Start]:
    """Reports begin at a title line followed by date and/or author lines."""
    starts: list[_Start] = []
    used: set[int] = set()  # date and author lines already given to a report
    i = begin
    while i < len(lines):
        line = lines[i].strip()
        date, author = date_of(line), is_author_line(line)
        if not (date or author):
            i += 1
            continue
        meta = [i]
        j = i + 1  # the date and author lines of one report may both be there, in either order
        while j < len(lines) and j - i < 2 and (date_of(lines[j]) or is_author_line(lines[j])):
            meta.append(j)
            j += 1
        t = i - 1
        while t >= begin and t in used:
            t -= 1
        title = lines[t].strip() if t >= begin else ""
        if t >= begin and _title_like(title) and not (starts and starts[-1].title == t):
            signature = date and not line.startswith(("（", "(")) and _SIGNATURE_ORG.search(title)
            if not signature:
                starts.append(_Start(t, meta))
                used.update(meta)
        i = j
    return starts


def _toc_starts(lines: list[str], begin: int, toc: list[TocEntry], starts: list[_Start]) -> list[_Start]:
    """Title lines that match a contents entry no report was found for."""
    taken = {s.title for s in starts}
    matched = align(toc, [lines[s.title] for s in starts])
    missing = [e for k, e in enumerate(toc) if k not in matched.values()]
    extra = []
    for entry in missing:
        best, where = 0.6, None
        for i in range(begin, len(lines)):
            if i in taken or not _title_like(lines[i]) or i + 1 >= len(lines) or _title_like(lines[i + 1]):
                continue
            score = title_similarity(lines[i], entry.title)
            if score > best:
                best, where = score, i
        if where is not None:
            extra.append(_Start(where, []))
            taken.add(where)
    return sorted(starts + extra, key=lambda s: s.title)


def _section_group(section: str) -> str:
    return next((g for key, g in _SECTION_GROUPS if key in section), "other")


def split_compilation(text: str) -> Split:
    """`text` is normalised (one paragraph per line)."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    toc, begin = parse_toc(lines)
    starts = _starts(lines, begin)
    notes: list[str] = []
    if toc and len(starts) < len(toc):
        starts = _toc_starts(lines, begin, toc, starts)
    if not starts:
        return Split([], toc, ["没有找到任何报告的开头（标题后跟日期行或作者行）"])
    if starts[0].title > begin:
        notes.append(f"第一篇报告之前的 {starts[0].title - begin} 段文字不属于任何报告，已略去")
    reports = []
    for k, start in enumerate(starts):
        end = starts[k + 1].title if k + 1 < len(starts) else len(lines)
        body = [lines[i] for i in range(start.title, end) if i not in start.meta]
        cut = next((n for n, ln in enumerate(body) if n and _TRAILER.match(ln)), None)
        if cut is not None:
            body = body[:cut]
        title = lines[start.title].strip()
        meta_lines = [lines[i].strip() for i in start.meta]
        reports.append(Report(
            title=title, lines=body, position=k + 1,
            date=next((d for ln in meta_lines if (d := date_of(ln))), ""),
            author=next((ln for ln in meta_lines if is_author_line(ln)), ""),
        ))
    _metadata(reports, toc, notes)
    if toc and len(toc) != len(reports):
        notes.append(f"目录列出 {len(toc)} 篇，正文找到 {len(reports)} 篇，以正文为准")
    return Split(reports, toc, notes)


def _metadata(reports: list[Report], toc: list[TocEntry], notes: list[str]) -> None:
    matched = align(toc, [r.title for r in reports])
    for k, report in enumerate(reports):
        entry = toc[matched[k]] if k in matched else None
        head = "\n".join(report.lines[:4])
        report.region = infer_region(report.title, report.author)
        if not report.region and entry:
            hinted = infer_region(entry.title)
            if hinted and _stem(hinted) in head:
                report.region = hinted
        group = infer_group(report.title)
        if group == "other" and report.author:
            group = infer_group(report.author)
        elif group == "other" and entry:
            group = _section_group(entry.section)
        report.group = group
        toc_region = infer_region(entry.title) if entry else ""
        if toc_region and _stem(toc_region) not in f"{report.title}\n{report.author}\n{head}":
            notes.append(f"目录第 {entry.number} 篇“{entry.title}”与正文标题“{report.title}”不一致，以正文为准")


def filename(report: Report, width: int = 2) -> str:
    """“07-青川市法治政府建设展现新气象.txt”: the position keeps the body's order when sorted."""
    slug = re.sub(r"[\\/:*?\"<>|\s“”‘’'`《》「」（）()，,。、：；！？·]+", "", report.title)[:24] or "report"
    return f"{report.position:0{width}d}-{slug}.txt"
