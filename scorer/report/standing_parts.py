"""What the weights make of one submission, as the HTML of its page's placeholders, in plain Python.

render.standing_entry writes these into the run's standing/NNN.js (standing.py); the page's
script inserts each into its <template data-st="…"> (templates/submission.html). They were jinja
macros, called 8 times per submission for every page of every rescore: the macro calls and the
escaping of every value cost more than the parts' own work (2.8 s of a 2,000-page rescore).

The output is what those macros printed (autoescaped, trim_blocks): every text and attribute
escaped as markupsafe escapes it, the long parts from sections.py as they were.
"""

from __future__ import annotations

from markupsafe import escape

from . import sections
from .sections import esc, pts


def _text(value) -> str:
    """A value printed into the page (text seen once: not worth esc's cache)."""
    return str(escape(value))


def nav(v) -> str:
    """The masthead's neighbours in the ranking."""
    out = ""
    if v.prev:
        out += f'<a href="{esc(v.prev[1])}" title="{_text(v.prev[0])}">‹ 上一名</a>'
    if v.next:
        out += f'<a href="{esc(v.next[1])}" title="{_text(v.next[0])}">下一名 ›</a>'
    return out


def facts(v) -> str:
    out = ""
    if v.rank_interval:
        out += f"<div><dt>名次区间</dt><dd>{_text(v.rank_interval)}</dd></div>"
    if v.components:
        parts = " · ".join(f"{esc(name)} {pts(value)}" for name, value in v.components)
        out += f"<div><dt>综合分构成</dt><dd>{parts}</dd></div>"
    return out


def score(v) -> str:
    a = v.assessment
    band = (f'<div><span class="big band-word">{esc(a.band)}</span><span class="lbl">等次</span></div>'
            if a.band else "")
    composite = (f'<div><span class="big">{pts(v.composite)}</span><span class="lbl">综合分</span></div>'
                 if v.composite is not None else "")
    # round(2): jinja's `round` filter, which the page printed the maximum through
    return (f'<div class="scorebox">\n{band}<div><span class="big" id="total">{pts(v.total)}</span><span class="lbl">'
            f'总分 <span class="of">/ {_text(round(v.total_max, 2))}</span></span></div>\n{composite}'
            f'<div><span class="big" id="rank">{_text(v.rank)}</span><span class="lbl">总名次 <span class="of">/ '
            f'{_text(v.count)}</span></span></div>\n'
            f'<div><span class="big" id="group-rank">{_text(v.group_rank)}</span><span class="lbl">{esc(v.group_name)}'
            f'组内 <span class="of">/ {_text(v.group_size)}</span></span></div>\n</div>')


def assess(v) -> str:
    """总体评价: the results said in words (assessment.py)."""
    a = v.assessment
    band = (f' <span class="band" id="band" title="{esc(a.band_meaning)}">{esc(a.band)}</span>' if a.band else "")
    paragraphs = "".join(f"<p>{_text(p)}</p>" for p in a.paragraphs)
    return (f'<section class="card first assessment" id="assessment">\n<div class="section-head"><h2>总体评价{band}'
            f'</h2><p>根据本次评分结果自动生成，对比对象为{esc(a.reference)}；评审组可据此形成书面意见。</p></div>\n'
            f'<div class="verdict">{paragraphs}</div>\n</section>')


def chart(v) -> str:
    c = v.chart
    w, h = _text(c.width), _text(c.height)
    return (f'<svg class="chart" id="area-chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
            f'aria-label="各领域得分率与本批中位数、最高水平对比">\n{sections.area_chart(c)}</svg>')


def gaps(v) -> str:
    """The 整改清单: the leading gaps in full, each with a peer exemplar; the rest folded, one line
    each in data the page's script lays out (closed <details> do not print)."""
    n = len(v.gaps)
    if not n:
        return ('<section class="card" id="gaps">\n<div class="section-head"><h2>整改清单</h2><p>所有指标均已得满分。'
                '</p></div>\n</section>')
    top = v.top_gaps
    order = (f"以下为失分最多的 {_text(top)} 项，其余折叠在后。" if n > top else "按失分从多到少排列。")
    areas = "".join(f'<a href="#area-{esc(a)}" title="{esc(name)}"><b>{esc(a)}</b> {esc(name)}<span>{_text(k)} 项 · '
                    f"−{pts(lost)}</span></a>" for a, name, k, lost in v.gap_areas)
    # (the level's name goes in as it is, as the template passed it)
    no_exemplar = f"本批其他材料中暂无达到“{v.level_names['substantive']}”且高于本材料等级的表述。"
    out = [f'<section class="card" id="gaps">\n<div class="section-head"><h2>整改清单</h2><p>共 {n} 项未得满分，'
           f"合计失分 {pts(v.points_lost)} 分；{order}</p></div>\n"
           f'<div class="gap-areas" aria-label="按领域汇总">{areas}</div>\n<ol class="gaps">\n'
           f"{sections.leading_gaps(v.gaps[:top], no_exemplar)}</ol>\n"]
    rest = v.gaps[top:]
    if rest:
        out.append(f'<details class="more-gaps" id="more-gaps">\n<summary>其余 {len(rest)} 项（合计失分 '
                   f"{pts(v.folded_lost)} 分）</summary>\n<table class=\"gap-list\">\n<thead><tr><th>序号</th><th>指标</th>"
                   "<th>当前等级</th><th>失分</th><th>需要的证据</th></tr></thead>\n<tbody></tbody>\n</table>\n"
                   f'<script type="application/json" id="gap-data">{sections.folded_gaps_data(rest, top)}</script>\n'
                   "</details>\n")
    out.append("</section>")
    return "".join(out)


def review_total(r) -> str:
    """The review panel's figures: the page's total, from which the preview starts."""
    return (f'<b id="review-total" data-total="{_text(r.total)}">{pts(r.total)}</b><span class="muted">（本页评分 '
            f"{pts(r.total)}）</span>")
