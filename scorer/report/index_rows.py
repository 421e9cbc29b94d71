"""The index's ranking and heat-map rows, in plain Python: a run of 10,000 submissions has 20,000
rows of about twenty cells, and a jinja macro per row took most of a re-weighting's second.
The cells follow the header rows of templates/index.html; every text is escaped as {{ }} would."""

from __future__ import annotations

from markupsafe import Markup

from .sections import esc as escape
from .sections import pct as _pct
from .sections import pts as _pts

_NO_MAX = '<span class="muted">—</span>'  # an area with no weight


def _head(r) -> str:
    return f'data-group="{escape(r.group)}" data-search="{escape(r.title)} {escape(r.region)} {escape(r.id)}">\n'


def ranking(rows, view, reviewed: dict[str, int]) -> Markup:
    """The ranking table's rows; `view` says whether composite and rank-interval columns are shown."""
    out = []
    for r in rows:
        title, n = escape(r.title), reviewed.get(r.id, 0)
        cells = [
            f'<tr data-id="{escape(r.id)}" {_head(r)}',
            f'<td class="num rank" data-v="{r.rank}">{r.rank}</td>\n',
            f'<td class="num" data-v="{r.group_rank}">{r.group_rank}<small> / {r.group_size}</small></td>\n',
            f'<td class="title" data-v="{title}"><a href="{escape(r.href)}">{title}</a>',
            ' <span class="tag dup" title="与其他材料高度相似">疑似重复</span>' if r.duplicate else "",
            f' <span class="tag reviewed" title="专家复核改动的指标数">复核 {n} 项</span>' if n else "",
            f'<span class="sub">{escape(r.region or "地区未知")}', f" · {r.year} 年" if r.year else "", "</span></td>\n",
            f'<td data-v="{escape(r.group_name)}"><span class="tag">{escape(r.group_name)}</span></td>\n',
            f'<td class="num" data-v="{r.total}"><b>{_pts(r.total)}</b></td>\n',
            f'<td data-v="{escape(r.band)}">', f'<span class="tag">{escape(r.band)}</span>' if r.band else "", "</td>\n",
        ]
        if view.has_composite:
            cells.append(f'<td class="num" data-v="{"" if r.composite is None else r.composite}">{_pts(r.composite)}</td>')
        if view.has_interval:
            cells.append(f'<td class="num" data-v="{r.rank}">{escape(r.rank_interval)}</td>')
        cells += [f'<td class="num" data-v="{c.score}">{_pts(c.score) if c.max > 0 else _NO_MAX}</td>' for c in r.areas]
        cells.append(f'<td class="num" data-v="{r.gaps}">{r.gaps}</td>\n</tr>\n')
        out.append("".join(cells))
    return Markup("".join(out))


def heat(rows) -> Markup:
    """The heat map's rows: each area's share of its maximum."""
    out = []
    heads: dict[tuple[str, float], tuple[str, str]] = {}  # an area's code and maximum, the same on every row
    for r in rows:
        cells = [f"<tr {_head(r)}", f'<td class="num rank">{r.rank}</td>\n',
                 f'<td class="title"><a href="{escape(r.href)}">{escape(r.title)}</a></td>\n']
        for c in r.areas:
            code, top = heads.get((c.code, c.max)) or heads.setdefault((c.code, c.max), (escape(c.code), _pts(c.max)))
            pct = _pct(c.pct)
            cells.append(f'<td class="h {c.heat}" title="{code}：{_pts(c.score)} / {top}'
                         f'{"" if c.pct is None else f"（{pct}）"}">{pct}</td>')
        cells.append("</tr>\n")
        out.append("".join(cells))
    return Markup("".join(out))
