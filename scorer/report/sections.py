"""The long, repeated sections of a submission page written in plain Python: the evidence of
every indicator, the folded gaps and the marked full text.

They are most of a page's bytes and, through jinja, most of its rendering time: a template
escapes and looks up every value of every indicator (1.2 million escapes for 200 pages). Here
each value goes through one escape, the markup is written once per element with no whitespace
between elements, and what every page shares (indicator names, level tags) is made safe once.

The output is what the templates would print: every text and attribute escaped as jinja's
autoescape escapes it (markupsafe, so `"` becomes `&#34;`), never markup from the input.
"""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup, escape

from .highlight import Piece, flat_term_spans, sweep
from .review_view import ReviewPanel
from .weights_page import _json_for_html


@lru_cache(maxsize=65536)
def esc(text: str) -> str:
    """`text` made safe for HTML text and attributes. Cached: headings, names, levels and reasons
    recur on page after page."""
    return str(escape(text))


def pts(x: float | None) -> str:
    return "" if x is None else f"{x:.2f}"


def pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.0f}%"


def px(x: float) -> str:
    return f"{x:.1f}"


def pieces_html(pieces: list[Piece]) -> str:
    """Text pieces as HTML: plain, or in a <mark> (classes, anchor, tooltip) or an anchored <span>."""
    out = []
    for pc in pieces:
        text = esc(pc.text)
        if pc.cls:
            anchor = f' id="{esc(pc.anchor)}"' if pc.anchor else ""
            title = f' title="{esc(pc.title)}"' if pc.title else ""
            out.append(f'<mark class="{pc.cls}"{anchor}{title}>{text}</mark>')
        elif pc.anchor:
            out.append(f'<span id="{esc(pc.anchor)}">{text}</span>')
        else:
            out.append(text)
    return "".join(out)


@lru_cache(maxsize=256)  # a handful of levels, tagged under every indicator of every page
def level_tag(name: str, label: str) -> Markup:
    return Markup(f'<span class="lv {esc(name)}">{esc(label)}</span>')


def where(heading: str, paragraph: int) -> Markup:
    return Markup((f"<span>{esc(heading)}</span>" if heading else "") + (f"<span>第 {paragraph} 段</span>" if paragraph else ""))


def passage(p) -> str:
    """One quoted passage with its level, place and reason, and a link to it in the full text."""
    why = f"<span>判定：{esc(p.why)}</span>" if p.why else ""
    # The link sits in the cite itself: print hides a.locate, so no wrapper is needed for that.
    link = f'<a class="locate" href="#{esc(p.anchor)}">在原文中查看</a>' if p.anchor else ""
    return (f'<blockquote class="quote lv-{p.level}">{pieces_html(p.pieces)}<span class="cite">'
            f"{level_tag(p.level, p.level_name)}{where(p.heading, p.paragraph)}{why}{link}</span></blockquote>")


def _indicator_level(ind, rv: ReviewPanel) -> str:
    """The engine's level struck through beside the expert's when a review changed it."""
    x = rv.indicators[ind.id]
    tag = level_tag(ind.level, ind.level_name)
    if not x.reviewed:
        return tag
    return (f'<s class="lv machine {x.machine_level}" title="引擎判定">{esc(rv.level_names[x.machine_level])}</s> '
            f'{tag}<span class="reviewed-tag">专家复核</span>')


def _review_note(ind, rv: ReviewPanel) -> str:
    x = rv.indicators[ind.id]
    if not x.reviewed:
        return ""
    date = f"，{esc(x.date)}" if x.date else ""
    return (f'<p class="review-note">专家复核：由“{esc(rv.level_names[x.machine_level])}”改为“'
            f'{esc(rv.level_names[x.level])}”。理由：{esc(x.reason)}<span class="who">—— {esc(x.reviewer)}{date}</span></p>')


def evidence(areas, rv: ReviewPanel) -> Markup:
    """Areas → codes → indicators with their level; their points are the weights', so they come
    from standing/NNN.js (`evidence_points`, filled into each `data-pts` in document order) and
    the page stays as it is under other weights. Their quoted passages, the
    indicator's id before its name (it is in the block's id) and the link to its gap are added
    by static/submission.js, the passages from `evidence_data` (a passage serves several indicators: its quote,
    heading and reason are written once there, where the markup of each quote, the largest part
    of a page, was written again under every indicator)."""
    out = []
    for a in areas:
        if not a.codes:
            continue
        out.append(f'<div class="area-block" id="area-{esc(a.code)}"><h3><span>{esc(a.code)} {esc(a.name)}</span>'
                   f'{_POINTS}</h3>')
        for c in a.codes:
            out.append(f'<div class="code-block" id="code-{esc(c.code)}"><h4><span>{esc(c.code)} {esc(c.name)}</span>'
                       f'<span class="num">目录等级 {c.catalogue_level} · <span data-pts></span></span></h4>')
            for ind in c.indicators:
                # 无证据 says it already; a level without a passage (set by an expert) says so in words
                unquoted = not ind.passages and ind.level != "none"
                if not rv.indicators[ind.id].reviewed:
                    block = ind.html
                    if block is None:
                        block = ind.html = _unreviewed(ind.id, ind.name, ind.level, ind.level_name, unquoted)
                    out.append(block)
                    continue
                out.append(_indicator_block(ind.id, ind.name, ind.level, _indicator_level(ind, rv),
                                            _review_note(ind, rv) + (_NO_PASSAGE if unquoted else "")))
            out.append("</div>")
        out.append("</div>\n")
    return Markup("".join(out))


_POINTS = '<span class="num" data-pts></span>'


@lru_cache(maxsize=65536)  # an indicator at one level is the same block on page after page
def _unreviewed(iid: str, name: str, level: str, level_name: str, unquoted: bool) -> str:
    """An indicator's block in 逐项证据 when no expert changed it."""
    return _indicator_block(iid, name, level, level_tag(level, level_name), _NO_PASSAGE if unquoted else "")


def _indicator_block(iid: str, name: str, level: str, level_html: str, notes: str) -> str:
    """An indicator's block in 逐项证据: its head (name, level, a place for its points) and the notes under it."""
    return (f'<div class="ind" id="ind-{esc(iid)}" data-level="{level}"><div class="ind-head">'
            f'<span class="name">{esc(name)}</span>{level_html}<span class="pts" data-pts></span></div>{notes}</div>\n')


def evidence_points(areas) -> str:
    """The points `evidence` leaves out, for standing/NNN.js: "score/max" per area, code and
    indicator in the order their `data-pts` places appear, space-separated (a string of figures
    is a quarter of the same as HTML per indicator, and formatted here, as the page showed them)."""
    out = []
    for a in areas:
        if not a.codes:
            continue
        out.append(f"{pts(a.score)}/{pts(a.max)}")
        for c in a.codes:
            out.append(f"{pts(c.score)}/{pts(c.max)}")
            for ind in c.indicators:
                # kept on the view: most indicators' views are shared by the pages (SubmissionViews.build)
                points = ind.points
                if points is None:
                    points = ind.points = f"{pts(ind.score)}/{pts(ind.max)}"
                out.append(points)
    return " ".join(out)


def evidence_data(areas, level_names: dict[str, str], paragraphs) -> Markup:
    """Every indicator's passages for static/submission.js, as compact JSON: distinct headings
    and reasons once each (`h`, `w`), and per indicator a list of
    [quote, level, heading, paragraph, reason, start, term spans, length] by index, the term
    spans as flat character offsets into the quote (counted in code points, as the script
    reads them). A quote is read from its paragraph in the full text (`ps`: where each starts),
    which the page carries anyway; only a quote that is not there verbatim comes in `q`."""
    quotes: dict[str, int] = {}
    headings: dict[str, int] = {}
    reasons: dict[str, int] = {}
    texts = {p.number: (p.start, p.text[p.start : p.end]) for p in paragraphs}
    levels = {name: k for k, name in enumerate(level_names)}
    by_indicator = {}
    for a in areas:
        for c in a.codes:
            for ind in c.indicators:
                if not ind.passages:
                    continue
                rows = []
                for p in ind.passages:
                    quote = p.quote
                    para_start, para_text = texts.get(p.paragraph, (0, ""))
                    at = p.start - para_start
                    in_text = at >= 0 and para_text[at : at + len(quote)] == quote
                    # the spans `p.pieces` marks (highlight.marked), without cutting them
                    rows.append([-1 if in_text else quotes.setdefault(quote, len(quotes)), levels[p.level],
                                 headings.setdefault(p.heading, len(headings)), p.paragraph,
                                 reasons.setdefault(p.why, len(reasons)), p.start, flat_term_spans(quote, p.terms),
                                 len(quote)])
                by_indicator[ind.id] = rows
    return Markup(_json_for_html({"lv": list(level_names), "ln": list(level_names.values()),
                                  "ps": {n: start for n, (start, _) in texts.items()},
                                  "q": list(quotes), "h": list(headings), "w": list(reasons), "p": by_indicator}))


_NO_PASSAGE = '<p class="none-note">未发现相关表述。</p>'


def needed_parts(g) -> tuple[str, int]:
    """What a gap needs (`needed`) as its lead and 1 when the indicator's expectation follows it:
    the expectations are the run's, in assets/indicators.js (render.indicators_js), and the page's
    script adds them, as every gap of a run repeated them."""
    follows = bool(g.expects) and g.needed.endswith(g.expects)
    return (g.needed[: len(g.needed) - len(g.expects)] if follows else g.needed), int(follows)


def folded_gaps_data(gaps, first: int) -> Markup:
    """The gaps after the leading ones, as JSON: static/submission.js makes a table row of each
    (its number, its indicator's name and level from the indicator's head in 逐项证据, points lost
    and what is needed); an empty row per gap written as HTML was a seventh of the standing. The
    lead sentences come once each (`k`; most gaps share 「材料未涉及本项。需要：」) and per gap
    [indicator, lead, 1 when the indicator's expectation follows it, points lost]. The
    expectations are the run's, in assets/indicators.js (render.indicators_js): written into
    every page they were most of this data."""
    leads: dict[str, int] = {}
    rows = []
    for g in gaps:
        row = g.row
        if row is None:
            row = g.row = (*needed_parts(g), pts(g.points_lost))
        rows.append([g.indicator, leads.setdefault(row[0], len(leads)), row[1], row[2]])
    return Markup(_json_for_html({"first": first, "k": list(leads), "r": rows}))


def paragraph_html(text: str, start: int, end: int, spans) -> str:
    """A paragraph of the full text: text[start:end] cut as highlight.sweep cut it (`spans`; None
    when nothing marks it). Consecutive pieces under the same evidence and problem marks share
    one <mark> carrying the classes and the tooltip once, with the matched terms as
    <mark class="term"> inside it; a new mark starts where a passage or problem starts (its
    anchor) or the covering marks change. Writing the tooltip on every piece made the full text
    two thirds tooltips."""
    if spans is None:
        return esc(text[start:end])
    out = []
    open_key: tuple[str, str] | None = None
    for a, b, cls, title, anchor in spans:
        term, outer = _term_and_outer(cls)
        key = (outer, title) if outer else None
        if open_key is not None and (key != open_key or anchor):
            out.append("</mark>")
            open_key = None
        if key is not None and open_key is None:
            at = f' id="{esc(anchor)}"' if anchor else ""
            tip = f' title="{esc(title)}"' if title else ""
            out.append(f'<mark class="{outer}"{at}{tip}>')
            open_key = key
        elif key is None and anchor:
            out.append(f'<span id="{esc(anchor)}"></span>')
        piece = esc(text[a:b])
        out.append(f'<mark class="term">{piece}</mark>' if term else piece)
    if open_key is not None:
        out.append("</mark>")
    return "".join(out)


@lru_cache(maxsize=1024)
def _term_and_outer(cls: str) -> tuple[bool, str]:
    """Whether a piece's classes mark a term, and its other classes (a few dozen combinations
    recur across all pages' pieces)."""
    classes = cls.split()
    return "term" in classes, " ".join(c for c in classes if c != "term")


def full_text(paragraphs) -> Markup:
    """The paragraphs under the page's layers (the one list they share: view.ParagraphView), cut
    in one sweep (highlight.sweep). Numbered by CSS (a counter), not by an attribute per paragraph."""
    cut = sweep([(p.start, p.end) for p in paragraphs], paragraphs[0].layers if paragraphs else [])
    return Markup("".join(f'<p id="p-{p.number}"{_HEADING if p.heading else ""}>'
                          f"{paragraph_html(p.text, p.start, p.end, spans)}</p>\n"
                          for p, spans in zip(paragraphs, cut)))


_HEADING = ' class="hd"'



def area_chart(c) -> Markup:
    """The rows of the 领域得分概况 chart (charts.area_chart's geometry) as SVG."""
    out = []
    for x, label in c.ticks:
        out.append(f'<line class="grid" x1="{px(x)}" x2="{px(x)}" y1="20" y2="{c.height - 6}"/>'
                   f'<text class="tick" x="{px(x)}" y="14" text-anchor="middle">{esc(label)}</text>')
    for r in c.rows:
        y = r.y
        out.append(f'<g class="area-row" data-area="{esc(r.code)}">\n<text class="lbl" x="{c.left - 10}" y="{px(y + 15)}" '
                   f'text-anchor="end">{esc(r.code)} {esc(r.name)}</text>\n')
        if r.pct is not None:
            out.append(
                f'<rect class="bar-bg" x="{c.left}" y="{px(y + 4)}" width="{c.span}" height="16" rx="2"/>\n'
                f'<rect class="bar" x="{c.left}" y="{px(y + 4)}" width="{px(r.bar)}" height="16" rx="2"><title>本材料 '
                f'{pct(r.pct)}</title></rect>\n'
                f'<line class="median" x1="{px(r.median_x)}" x2="{px(r.median_x)}" y1="{px(y + 1)}" y2="{px(y + 23)}">'
                f'<title>本批中位数 {pct(r.median_pct)}</title></line>\n'
                f'<path class="best" d="M{px(r.best_x)} {px(y + 6)} l6 6 l-6 6 l-6 -6 z"><title>本批最高 {pct(r.best_pct)}'
                f'</title></path>\n'
                f'<text class="val" x="{c.left + c.span + 12}" y="{px(y + 15)}">{pts(r.score)} / {pts(r.max)}（{pct(r.pct)}）'
                f'</text>\n')
        else:
            out.append(f'<text class="lbl-muted" x="{c.left}" y="{px(y + 15)}">本评分方案暂未设置该领域的指标</text>\n')
        out.append("</g>\n")
    return Markup("".join(out))


def leading_gaps(gaps, no_exemplar: str) -> Markup:
    """The gaps shown in full: what is needed, the page's own best passage, a peer's exemplar."""
    out = []
    for k, g in enumerate(gaps, start=1):
        gid = esc(g.indicator)
        lead, follows = needed_parts(g)  # the expectation added by the page's script
        own = passage(g.own) if g.own else '<span class="none-note">未发现相关表述。</span>'
        peers = "".join([e.html or _exemplar_html(e) for e in g.exemplars]) or f'<span class="none-note">{no_exemplar}</span>\n'
        more = (f'<a class="more-exemplars" href="{esc(g.more)}">本指标的同批范例（{g.more_count} 份材料）→</a>'
                if g.more else "")
        out.append(
            f'<li class="gap" id="gap-{gid}" data-indicator="{gid}" data-points-lost="{g.points_lost}">\n'
            f'<div class="gap-head">\n<span class="gap-no">{k}</span>\n<div class="gap-title"><h3><a href="#ind-{gid}">'
            f'{gid}</a> {esc(g.name)}</h3><span class="code">{esc(g.code)} {esc(g.code_name)} · 当前 '
            f"{level_tag(g.level, g.level_name)} · 得分 {pts(g.score)} / {pts(g.max)}</span></div>\n"
            f'<div class="gap-lost"><b>−{pts(g.points_lost)}</b><span>失分</span></div>\n</div>\n<dl>\n'
            f'<dt>需要的证据</dt><dd class="expects"{" data-expects" if follows else ""}>{esc(lead)}</dd>\n<dt>本材料现有表述</dt><dd>{own}</dd>\n'
            f'<dt>同批范例</dt><dd class="exemplars">\n{peers}{more}</dd>\n</dl>\n</li>\n')
    return Markup("".join(out))


def _exemplar_html(e) -> str:
    """A peer's exemplar quoted under a gap, kept on its view: the run's views of exemplars are
    shared (view.SubmissionViews._exemplar), and the same passages are quoted by hundreds of pages."""
    e.html = (f'<blockquote class="quote exemplar lv-{e.level}">{pieces_html(e.pieces)}<span class="cite"><span>'
              f'<a href="{esc(e.href)}">{esc(e.title)}</a></span><span>{esc(e.group_name)}</span>'
              f"{where(e.heading, e.paragraph)}{level_tag(e.level, e.level_name)}</span></blockquote>\n")
    return e.html
