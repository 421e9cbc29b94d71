"""Page furniture: what a web page puts around a report, which a user copies along with it.

A report copied from a government site arrives with the site's header (its name and the date of
the day), 无障碍 and 简体|繁体 switches, a breadcrumb (首页 > 政务公开 > …), a line of 来源/发布时间/
作者/浏览次数, an 索引号/发文机关 table, a 【字体：大 中 小】打印 收藏 分享 关闭 bar, a search box,
and 扫一扫/分享到 lines at the bottom. None of it is the report, and all of it would otherwise be
read as the title or quoted as evidence.

Kept conservative so that a sentence of the report is never removed:
- only lines above the report's first paragraph and below its last one are looked at (the head
  and the tail of the page); the report between them is never touched (a site's slogan above the
  title is prose too, so a prose line followed by a title-like line and a 来源/发布时间 row is not
  yet the report);
- a line goes only when the whole of it is furniture: made of the page's own labels (来源：…,
  【打印】, 首页 > …) with short values and no sentence in it;
- the one exception is a 来源/发布时间 line glued to the front of the first paragraph, which is cut
  off at the end of its last value, so the paragraph itself stays whole.

Patterns describe the kinds of furniture, never one site's wording. Stripping runs inside
`normalise`, so `Submission.text` holds the report without its page, and every offset that
evidence and reports carry points into that text.
"""

from __future__ import annotations

import re

# Labels of a page's metadata rows: 来源：…  [ 索引号 ]…  | 发文机关：| …
_STRONG_KEYS = (
    "信息来源", "文章来源", "稿件来源", "来源", "发布时间", "发布日期", "更新时间", "更新日期", "发稿时间", "上传时间",
    "作者", "责任编辑", "编辑", "审核", "浏览次数", "点击数", "点击量", "点击率", "访问量", "浏览量", "阅读量", "阅读数",
    "索引号", "发文机关", "发布机构", "发文日期", "发文字号", "主题分类", "体裁分类", "组配分类", "服务对象分类",
    "成文日期", "生成日期", "公开方式", "公开范围", "公开时限", "有效性", "信息分类", "信息名称", "栏目",
)
# Labels that a report could also use for a line of its own: furniture only beside a strong label
# or where nothing but labels stands (| 名称：| |||).
_WEAK_KEYS = ("时间", "日期", "阅读", "名称", "文号", "分类", "字号", "字体大小", "字体", "视力保护色", "分享")
# Buttons and switches: printed as words on the page, with nothing after them.
_TOOLS = (
    "无障碍浏览", "无障碍", "简体中文", "繁體中文", "简体版", "繁体版", "繁體", "简体", "繁体", "长者模式", "关怀版",
    "适老化", "English", "手机版", "网站地图", "设为首页", "加入收藏", "站内搜索", "全站搜索", "高级搜索", "搜索",
    "打印本页", "打印此页", "打印内容", "打印文章", "打印正文", "打印", "收藏本页", "收藏", "分享到", "分享",
    "关闭本页", "关闭窗口", "关闭", "返回顶部", "纠错", "保存", "默认", "微信", "微博", "QQ空间", "朋友圈",
    "大", "中", "小",
)
_ALT = lambda words: "|".join(sorted(map(re.escape, words), key=len, reverse=True))  # noqa: E731
_KEY = rf"(?:{_ALT(_STRONG_KEYS + _WEAK_KEYS)})"
_STRONG_KEY = rf"(?:{_ALT(_STRONG_KEYS)})"
# Separators of a row: brackets, pipes, spaces.
_SEP = r"[\s|\[\]【】「」]*"
_NUMERIC_DATE = r"(?:19|20)\d\d[-/.](?:1[0-2]|0?[1-9])[-/.](?:[12]\d|3[01]|0?[1-9])(?!\d)"
_DATE = rf"(?:{_NUMERIC_DATE}|(?:19|20)\d\d年\d{{1,2}}月\d{{1,2}}日)"
_TIME = r"\d{1,2}[:：]\d\d(?:[:：]\d\d)?(?!\d)"
_DATETIME = rf"{_DATE}(?:\s*{_TIME})?"
# A time stamp standing alone: a report's own date line (2025年3月1日) has neither form.
_BARE_STAMP = rf"(?:{_NUMERIC_DATE}(?:\s*{_TIME})?|{_DATE}\s*{_TIME})"
# A label ends with a colon or a closing bracket ([ 索引号 ]…), or stands alone before a gap or a
# date (发布时间2026年1月21日: normalising took out the space between the words and the digits).
_LABEL = rf"{_KEY}\s*(?:[\]】]\s*[：:]?|[：:]|(?=[\s|\[【])|(?={_DATE})|$)"
# A value: a time stamp, or a short run of words without sentence punctuation up to a gap.
_WORDS = rf"(?!{_KEY})[^\s|\[\]【】。；！？，：:]{{1,40}}?(?=[\s|\[\]【】]|$|{_KEY}|{_BARE_STAMP})"
_TOOL = rf"(?:(?:{_ALT(_TOOLS)})|手机扫一扫|扫一扫[^\s|\[\]【】。；！？，]{{0,15}})(?=[\s|\[\]【】：:]|$|{_KEY}|{_ALT(_TOOLS)})"
# Each item and each gap is matched once and never taken apart again (atomic groups): rows of
# many time stamps or labels could otherwise be split in exponentially many ways before failing.
_ITEM = rf"(?>{_LABEL}{_SEP}(?:{_DATETIME}|{_WORDS})?|{_BARE_STAMP}|{_TOOL})"
_GAP = r"(?>[\s|\[\]【】「」：:]*)"
_ITEMS = rf"{_GAP}(?:{_ITEM}{_GAP})+"
_ROW = re.compile(_ITEMS)
_STRONG_ROW = re.compile(rf"{_STRONG_KEY}\s*(?:[\]】]|[：:])|[\[【|]\s*{_STRONG_KEY}")

# 首页 > 政务公开 > 通知公告, 您当前的位置：…, 当前位置：首页
_WHERE = re.compile(r"^(?:您?(?:当前|现在|所在)(?:所在)?的?)位置\s*[：:]?")
_CRUMB = r"[^\s>»›＞→。；！？，]{1,20}"
_CRUMBS = re.compile(rf"^(?P<lead>[>»›＞→]+\s*)?{_CRUMB}(?:\s*(?:>>|[>»›＞→])\s*{_CRUMB})+\s*[>»›＞→]*$")
_SEPARATOR = re.compile(r">>|[>»›＞→]")
# 天津市青川区人民政府 2019年12月3日星期二, 今天是：2019年10月31日 星期三 农历十月初七
_DAY = re.compile(rf"^(?:今天是.*|[^。；！？，]{{0,30}}{_DATE}\s*(?:星期|周|礼拜)[一二三四五六日天].*)$")
# 2022-03-30 15:59, or a time stamp and the site's name: 2021-04-12 青川市人民政府网
_STAMP = re.compile(rf"^{_BARE_STAMP}(?:\s*[^\s。；！？，]{{1,20}})?$")
_ONLY_SEPARATORS = re.compile(r"^[\s|\[\]【】「」:：\-_=*·•>»]+$")
_PROSE = re.compile(r"[。；！？]")
_MAX_ROW = 200  # longer lines are never a page's row of labels


def is_prose(line: str) -> bool:
    """A paragraph of the report: a sentence, or a long run of clauses."""
    return bool(_PROSE.search(line)) or (len(line) >= 40 and "，" in line)


def _is_breadcrumb(line: str) -> bool:
    if _WHERE.match(line):
        return True
    m = _CRUMBS.match(line)
    # Two steps or more, or a path from 首页 or one that starts with its separator: a comparison
    # such as 满意度>95% is not a path.
    return bool(m) and (bool(m.group("lead")) or line.startswith("首页") or len(_SEPARATOR.findall(line)) >= 2)


def is_furniture(line: str) -> bool:
    """Whether a whole line (stripped, normalised) is page furniture."""
    if len(line) > _MAX_ROW or is_prose(line):
        return False
    return bool(_ONLY_SEPARATORS.match(line) or _DAY.match(line) or _is_breadcrumb(line)
                or _STAMP.match(line) or _ROW.fullmatch(line))


def _is_page_marker(line: str) -> bool:
    """Furniture that only a web page has (a 来源/发布时间 row, a breadcrumb, the date of the day)."""
    return is_furniture(line) and bool(_STRONG_ROW.search(line) or _DAY.match(line) or _is_breadcrumb(line))


_GLUED = re.compile(_ITEMS)
# Where a glued row provably ends: at a gap, or right after a time stamp.
_ROW_END = re.compile(rf"(?:\s|{_DATETIME})$")
_LOOK_AHEAD = 5  # a page's rows may follow a first line of prose (a site's slogan) this closely


def _peel(line: str) -> str:
    """A paragraph without the 来源/发布时间 row glued to its front (the row needs a strong label)."""
    m = _GLUED.match(line)
    if not m or not _STRONG_ROW.search(m.group(0)) or not _ROW_END.search(m.group(0)):
        return line
    rest = line[m.end():]
    return rest if is_prose(rest) else line


def _head_end(lines: list[str], prose: list[int]) -> int:
    """Index of the first paragraph of the report: the first prose line that is not a site's
    slogan. A slogan is prose standing above the title: a line that is not prose (the title) and
    then a page row (来源：…) follow it closely. A report's own paragraph is followed by its text."""
    for i in prose:
        after = lines[i + 1:i + 1 + _LOOK_AHEAD]
        marker = next((k for k, line in enumerate(after) if _is_page_marker(line)), None)
        if marker is None or not any(not is_prose(line) and not is_furniture(line) for line in after[:marker]):
            return i
    return prose[-1]


def strip_furniture(lines: list[str]) -> list[str]:
    """The report's lines without the page around it. `lines` are stripped and non-empty."""
    prose = [i for i, line in enumerate(lines) if is_prose(line)]
    if not prose:
        return [line for line in lines if not is_furniture(line)] or lines
    first, last = _head_end(lines, prose), prose[-1]
    head: list[str] = []
    for line in lines[:first]:
        # The page repeats the report's title above the document's own: keep one.
        if not is_furniture(line) and line not in head:
            head.append(line)
    tail = [line for line in lines[last + 1:] if not is_furniture(line)]
    return [*head, _peel(lines[first]), *lines[first + 1:last + 1], *tail]
