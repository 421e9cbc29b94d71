"""Word (.docx) to text: paragraphs, headings, lists and tables, in document order.

python-docx opens the package; the body is then walked as XML so that everything a reader sees
comes out once and in order: paragraphs (with the labels of automatic numbering such as “一、”
or “（二）”, which Word does not store as text), tables row by row, content controls, text boxes,
tracked insertions. Deleted revisions, field codes and the fallback copies of drawings are left
out. Page headers and footers are page furniture and are not read.
"""

from __future__ import annotations

import io

from .errors import ReadError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
CELL_SEP = " | "

_SKIP = {f"{W}pPr", f"{W}rPr", f"{W}del", f"{W}moveFrom", f"{W}instrText", f"{W}delText", f"{MC}Fallback",
         f"{W}sectPr", f"{W}tblPr", f"{W}tblGrid", f"{W}trPr", f"{W}tcPr", f"{W}sdtPr", f"{W}sdtEndPr"}


# --- automatic numbering -------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_STEMS = "甲乙丙丁戊己庚辛壬癸"


def _chinese(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "japaneseCounting",
               "taiwaneseCounting", "taiwaneseCountingThousand", "ideographLegalTraditional"):
        return _chinese(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _STEMS[n - 1]
    if fmt == "ideographDigital":
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    return str(n)


class Numbering:
    """Labels of automatically numbered paragraphs, counted in document order."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # numId -> ilvl -> (start, fmt, text)
        self.styles: dict[str, tuple[str, int] | None] = {}
        self.counters: dict[str, list[int]] = {}
        self._document = document
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for an in root.findall(f"{W}abstractNum"):
            abstract[an.get(f"{W}abstractNumId")] = {
                int(lvl.get(f"{W}ilvl", "0")): self._level(lvl) for lvl in an.findall(f"{W}lvl")}
        for num in root.findall(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            levels = dict(abstract.get(ref.get(f"{W}val") if ref is not None else "", {}))
            for override in num.findall(f"{W}lvlOverride"):
                ilvl = int(override.get(f"{W}ilvl", "0"))
                start = override.find(f"{W}startOverride")
                if ilvl in levels and start is not None:
                    _, fmt, text = levels[ilvl]
                    levels[ilvl] = (int(start.get(f"{W}val", "1")), fmt, text)
            self.levels[num.get(f"{W}numId")] = levels

    @staticmethod
    def _level(lvl) -> tuple[int, str, str]:
        def val(tag, default):
            el = lvl.find(f"{W}{tag}")
            return el.get(f"{W}val", default) if el is not None else default

        return int(val("start", "1")), val("numFmt", "decimal"), val("lvlText", "")

    def _num_pr(self, p) -> tuple[str, int] | None:
        ppr = p.find(f"{W}pPr")
        num_pr = ppr.find(f"{W}numPr") if ppr is not None else None
        if num_pr is not None:
            num_id, ilvl = num_pr.find(f"{W}numId"), num_pr.find(f"{W}ilvl")
            if num_id is not None:
                return num_id.get(f"{W}val"), int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0
        style = ppr.find(f"{W}pStyle") if ppr is not None else None
        return self._style_num(style.get(f"{W}val") if style is not None else None)

    def _style_num(self, style_id: str | None, depth: int = 0) -> tuple[str, int] | None:
        if not style_id or depth > 8:
            return None
        if style_id not in self.styles:
            found = None
            try:
                style = self._document.styles.element.get_by_id(style_id)
            except (KeyError, NotImplementedError, AttributeError):
                style = None
            if style is not None:
                num_pr = style.find(f"{W}pPr/{W}numPr")
                num_id = num_pr.find(f"{W}numId") if num_pr is not None else None
                if num_id is not None:
                    ilvl = num_pr.find(f"{W}ilvl")
                    found = (num_id.get(f"{W}val"), int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0)
                else:
                    based = style.find(f"{W}basedOn")
                    found = self._style_num(based.get(f"{W}val") if based is not None else None, depth + 1)
            self.styles[style_id] = found
        return self.styles[style_id]

    def label(self, p) -> str:
        pr = self._num_pr(p)
        if pr is None or pr[0] not in self.levels or pr[1] not in self.levels[pr[0]]:
            return ""
        num_id, ilvl = pr
        levels = self.levels[num_id]
        counts = self.counters.setdefault(num_id, [0] * 9)
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, len(counts)):
            counts[deeper] = 0
        _, fmt, text = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""
        for k in range(ilvl, -1, -1):
            if f"%{k + 1}" in text:
                start, kfmt, _ = levels.get(k, (1, "decimal", ""))
                value = counts[k] + start - 1 if counts[k] else start
                text = text.replace(f"%{k + 1}", format_number(value, kfmt))
        return text


# --- the walk -----------------------------------------------------------------------------


class _Walker:
    def __init__(self, numbering: Numbering):
        self.numbering = numbering
        self.lines: list[str] = []

    def block(self, el) -> None:
        tag = el.tag
        if tag == f"{W}p":
            self.paragraph(el)
        elif tag == f"{W}tbl":
            self.table(el)
        elif tag in _SKIP:
            return
        else:  # content controls, custom XML, anything else that wraps blocks
            for child in el:
                self.block(child)

    def paragraph(self, p) -> None:
        parts: list[str] = []
        boxes: list = []
        self._inline(p, parts, boxes)
        text = "".join(parts)
        if text.strip():
            self.lines.append(self.numbering.label(p) + text)
        for box in boxes:
            for child in box:
                self.block(child)

    def _inline(self, el, parts: list[str], boxes: list) -> None:
        for child in el:
            tag = child.tag
            if tag in _SKIP:
                continue
            if tag == f"{W}t":
                parts.append(child.text or "")
            elif tag == f"{W}tab":
                parts.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
            elif tag == f"{W}noBreakHyphen":
                parts.append("-")
            elif tag == f"{W}txbxContent":
                boxes.append(child)
            else:
                self._inline(child, parts, boxes)

    def table(self, tbl) -> None:
        for tr in tbl.findall(f"{W}tr"):  # nested tables' rows are read with their cell
            cells = []
            for tc in tr.findall(f"{W}tc"):
                inner = _Walker(self.numbering)
                for child in tc:
                    inner.block(child)
                if inner.lines:
                    cells.append(inner.lines)
            if len(cells) == 1:  # a layout table: its one cell is ordinary text
                self.lines.extend(cells[0])
            elif cells:
                self.lines.append(CELL_SEP.join(" ".join(cell) for cell in cells))


def read_docx(raw: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception:  # python-docx raises many kinds for a damaged package
        raise ReadError("Word 文档（.docx）已损坏或不完整，无法打开") from None
    try:
        walker = _Walker(Numbering(document))
        for child in document.element.body:
            walker.block(child)
    except (ValueError, TypeError, AttributeError, KeyError):  # malformed numbering or structure
        raise ReadError("Word 文档内部结构异常，无法读取") from None
    text = "\n".join(walker.lines)
    if not text.strip():
        raise ReadError("Word 文档中没有文字")
    return text
