"""The standing's HTML (scorer/report/standing_parts.py) is written in plain Python: every text it
prints from a submission, the rubric or the results is escaped as the templates' autoescape would,
and a part prints nothing it has no facts for."""

from __future__ import annotations

from types import SimpleNamespace

from scorer.report import standing_parts
from scorer.report.charts import area_chart

MARKUP = '<b onclick="x()">&</b>'
ESCAPED = "&lt;b onclick=&#34;x()&#34;&gt;&amp;&lt;/b&gt;"


def _view(**changes):
    """A fictional submission's view, with markup in every text a page shows of it."""
    assessment = SimpleNamespace(band=MARKUP, band_meaning=MARKUP, reference=f"{MARKUP}组（3 份）",
                                 paragraphs=[f"松溪镇{MARKUP}。", "第二句。"])
    view = SimpleNamespace(
        prev=(f"青川市{MARKUP}", "qingchuan.html"), next=None, rank_interval="2–5",
        components=[(MARKUP, 81.5)], assessment=assessment, total=71.25, total_max=100.0, composite=None,
        rank=3, count=12, group_rank=2, group_name=MARKUP, group_size=4,
        chart=area_chart([("A", MARKUP, 5.0, 10.0, 40.0, 60.0)]), gaps=[], points_lost=0.0, top_gaps=10,
        gap_areas=[], level_names={"substantive": "具体举措"}, folded_lost=0.0)
    view.__dict__.update(changes)
    return view


def test_every_text_from_the_submission_and_rubric_is_escaped():
    view = _view()
    parts = [standing_parts.nav(view), standing_parts.facts(view), standing_parts.score(view),
             standing_parts.assess(view), standing_parts.chart(view)]
    for html in parts:
        assert MARKUP not in html and 'onclick="' not in html
    assert f'title="青川市{ESCAPED}">‹ 上一名</a>' in parts[0] and "下一名" not in parts[0]
    assert f"<dd>{ESCAPED} 81.50</dd>" in parts[1]
    assert f'<span class="big band-word">{ESCAPED}</span>' in parts[2] and "综合分" not in parts[2]
    assert f"<p>松溪镇{ESCAPED}。</p><p>第二句。</p>" in parts[3] and f'title="{ESCAPED}"' in parts[3]
    assert f"A {ESCAPED}</text>" in parts[4]


def test_a_part_without_its_facts_prints_none_of_its_markup():
    view = _view(prev=None, rank_interval="", components=[], assessment=SimpleNamespace(
        band="", band_meaning="", reference="本批全部材料（2 份）", paragraphs=[]), composite=64.5)
    assert standing_parts.nav(view) == "" and standing_parts.facts(view) == ""
    score = standing_parts.score(view)
    assert "等次" not in score and '<span class="big">64.50</span><span class="lbl">综合分</span>' in score
    assert 'id="band"' not in standing_parts.assess(view)
    gaps = standing_parts.gaps(view)
    assert "所有指标均已得满分。" in gaps and "<ol" not in gaps and "more-gaps" not in gaps
