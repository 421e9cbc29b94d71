"""The rendered pages: complete, self-contained, safe, deterministic, printable."""

import base64
import hashlib
import html as htmllib
import re
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures" / "report"))
from htmltree import parse  # noqa: E402
from page_data import composed, shard_src  # noqa: E402
from sample_run import GENERATED, build, build_run  # noqa: E402

from scorer.models import Level  # noqa: E402
from scorer.report import write_html  # noqa: E402
from scorer.report.exemplars import exemplar_pool, exemplars_for  # noqa: E402
from scorer.report.naming import page_names  # noqa: E402
from scorer.results import Results  # noqa: E402


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return build(tmp_path_factory.mktemp("report"))


def page(sample, sid: str):
    """The page as its script shows it, with its standing in place (page_data.composed)."""
    name = page_names([s.id for s in sample.results.submissions])[sid]
    return composed(sample.folder, (sample.folder / f"{name}.html").read_text(encoding="utf-8"))


def all_pages(sample):
    return sorted(sample.folder.glob("*.html"))


def test_one_page_per_submission_and_an_index(sample):
    names = {p.name for p in all_pages(sample)}
    assert names == {"index.html"} | {f"{s.id}.html" for s in sample.results.submissions}


def test_script_in_a_submission_is_shown_as_text(sample):
    html = page(sample, "sifaju")
    assert '<script>alert("boom")</script>' not in html and "alert(&#34;boom&#34;)" in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;资料&lt;/b&gt;" in html and "&amp; 更多" in html
    title = parse(html).by_id("title")
    assert title.text == '青川市司法局法治建设工作总结 <script>alert("x")</script>'
    for path in all_pages(sample):
        text = path.read_text(encoding="utf-8")
        # our own scripts only (the index's inline, a submission page's from the run's assets/);
        # page data is JSON, which a browser never runs
        scripts = re.findall(r"<script(?! type=\"application/json\")[^>]*>", text)
        assert scripts == (["<script>"] if path.name == "index.html" else
                           ['<script src="assets/indicators.js">', f'<script src="{shard_src(text)}">',
                            '<script src="assets/submission.js">']), path.name
        assert 'alert("x")</script>' not in text


def test_pages_need_nothing_outside_the_run_folder_and_are_locked_down(sample):
    pages = all_pages(sample) + sorted((sample.folder / "exemplars").glob("*.html"))
    assert len(pages) > len(all_pages(sample))
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert not re.search(r"<(img|iframe|object|embed)\b", html), path.name
        assert "@import" not in html and "url(" not in html
        assert not re.search(r"(href|src)=\"(https?:)?//", html)
        csp = htmllib.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1))
        assert "default-src 'none'" in csp and "http" not in csp
        linked = re.findall(r'<link rel="stylesheet" href="([^"]+)">|<script src="([^"]+)">', html)
        for href in (a or b for a, b in linked):  # the run's own assets/ and standing/, and they are there
            assert re.fullmatch(r"(\.\./)?assets/[a-z]+\.(css|js)|standing/\d{3}\.js", href), href
            assert (path.parent / href).resolve().is_file(), href
        if linked:  # nothing inline may run: the linked files are the run folder's ('self')
            assert "style-src 'self'" in csp and "unsafe-inline" not in csp
            assert "<style>" not in html and "<script>" not in html
            continue
        style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
        script = re.search(r"<script>(.*?)</script>", html, re.S).group(1)
        for block in (style, script):
            digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in csp


def test_the_shared_assets_are_written_once_and_are_the_pages_style_and_script(sample):
    from scorer.report.render import shared_assets, static_asset

    assets = sample.folder / "assets"
    assert sorted(p.name for p in assets.iterdir()) == ["indicators.js", "report.css", "submission.js"]
    for name, text in shared_assets().items():
        assert (assets / name).read_text(encoding="utf-8") == text
    assert "@media print" in (assets / "report.css").read_text(encoding="utf-8")
    script = (assets / "submission.js").read_text(encoding="utf-8")
    assert "ScoreKernel" in script and "review-data" in script and "evidence-data" in script
    assert "</script" not in script.lower() and static_asset("submission.js")


def test_every_gap_appears_in_the_right_report_with_its_exemplars(sample):
    results, run = sample.results, sample.run
    pool = exemplar_pool(results, run)
    dups = {"qingchuan": {"sifaju"}, "sifaju": {"qingchuan"}}
    names = page_names([s.id for s in results.submissions])
    for s in results.submissions:
        doc = parse(page(sample, s.id))
        items = doc.find_all("li", cls="gap")
        assert [li.attrs["data-indicator"] for li in items] == [g.indicator for g in s.gaps]
        levels = {i.id: i.level for i in s.indicators}
        for li, g in zip(items, s.gaps):
            assert f"{g.points_lost:.2f}" in li.find(cls="gap-lost").text
            assert li.find("dd", cls="expects").text.endswith(f"需要：{results.expects()[g.indicator]}")
            want = exemplars_for(pool, g.indicator, s.id, Level[levels[g.indicator]], dups.get(s.id, set()))
            quotes = li.find_all("blockquote", cls="exemplar")
            assert ["".join(q.children[i] if isinstance(q.children[i], str) else q.children[i].text
                            for i in range(len(q.children) - 1)) for q in quotes] == [c.passage.quote for c in want]
            for q, c in zip(quotes, want):
                link = q.find("a").attrs["href"]
                target, _, anchor = unquote(link).partition("#")
                assert target == f"{names[c.submission]}.html" and anchor == f"ind-{g.indicator}"
                assert (sample.folder / target).exists()


def test_each_gap_links_to_its_indicators_page_of_exemplars(sample):
    results, run = sample.results, sample.run
    pool = exemplar_pool(results, run)
    linked = 0
    for s in results.submissions:
        for li in parse(page(sample, s.id)).find_all("li", cls="gap"):
            more = li.find("a", cls="more-exemplars")
            if more is None:
                assert not li.find_all("blockquote", cls="exemplar")  # no exemplar, nothing to link
                continue
            linked += 1
            target = sample.folder / unquote(more.attrs["href"])
            assert target.exists() and target.parent.name == "exemplars"
            shown = parse(target.read_text(encoding="utf-8")).find_all("blockquote", cls="exemplar")
            strong = [c for c in pool[li.attrs["data-indicator"]] if c.passage.level >= Level.substantive]
            by_level = [sum(1 for c in strong if c.passage.level == lv) for lv in (Level.quantified, Level.substantive)]
            assert len(shown) == sum(min(n, 10) for n in by_level) > 0
            for q in shown:  # every passage links back to its place in its own report
                back, _, anchor = unquote(q.find("a").attrs["href"]).partition("#")
                assert back.startswith("../") and (target.parent / back).resolve().exists()
                assert anchor == f"ind-{li.attrs['data-indicator']}"
    assert linked > 0


def test_a_near_duplicate_is_never_the_example(sample):
    html = page(sample, "sifaju")
    assert 'class="quote exemplar' in html
    # The near-duplicate of sifaju (qingchuan) never serves as its example.
    for q in parse(html).find_all("blockquote", cls="exemplar"):
        assert "qingchuan" not in q.find("a").attrs["href"]


def evidence_data(html: str) -> dict:
    """The passages a page's script lays out under each indicator (static/submission.js)."""
    import json

    return json.loads(re.search(r'<script type="application/json" id="evidence-data">(.*?)</script>', html, re.S).group(1))


def test_every_indicator_with_level_points_quotes_and_location(sample):
    # The page's script draws these passages (tests/browser/test_report_browser.py checks it draws them).
    ev = {e.submission_id: e.by_id() for e in sample.run.evidence}
    terms_marked = 0
    for s in sample.results.submissions:
        html = page(sample, s.id)
        doc, data = parse(html), evidence_data(html)
        for ind in s.indicators:
            block = doc.by_id(f"ind-{ind.id}")
            assert block is not None and block.attrs["data-level"] == ind.level
            assert f"{ind.score:.2f}" in block.find(cls="pts").text
            rows = data["p"].get(ind.id, [])
            assert len(rows) == len(ev[s.id][ind.id].passages)
            for (q, lv, h, paragraph, why, start, terms, length), p in zip(rows, ev[s.id][ind.id].passages):
                # the quote as it came, or read from its paragraph of the full text
                if q >= 0:
                    quote = data["q"][q]
                else:
                    at = start - data["ps"][str(paragraph)]
                    quote = doc.by_id(f"p-{paragraph}").text[at : at + length]
                assert quote == p.quote and data["lv"][lv] == Level(p.level).name and start == p.start
                assert paragraph == p.paragraph and data["h"][h] == p.heading and data["w"][why] == p.why
                marked = {quote[a:b] for a, b in zip(terms[::2], terms[1::2])}
                assert marked <= set(p.terms)
                terms_marked += len(marked)
    assert terms_marked


def test_passages_come_whole_when_the_page_has_no_full_text_to_read_them_from(sample):
    import json

    from scorer.report import sections
    from scorer.report.view import SubmissionViews

    s = sample.results.submissions[0]
    names = page_names([x.id for x in sample.results.submissions])
    view = SubmissionViews(sample.results, sample.run, sample.rubric, names, "T").build(s)
    data = json.loads(str(sections.evidence_data(view.areas, view.level_names, [])))
    ev = {e.submission_id: e.by_id() for e in sample.run.evidence}[s.id]
    want = {ind_id: [p.quote for p in ev[ind_id].passages] for ind_id in data["p"]}
    assert want and {ind_id: [data["q"][row[0]] for row in rows] for ind_id, rows in data["p"].items()} == want


def test_full_text_is_hidden_behind_a_toggle_and_carries_every_mark(sample):
    s = sample.results.submissions[0]
    doc = parse(page(sample, s.id))
    body = doc.by_id("fulltext-body")
    assert "hidden" in body.attrs
    assert doc.by_id("toggle-text").attrs["aria-expanded"] == "false"
    ev = {e.submission_id: e for e in sample.run.evidence}[s.id]
    for ind in ev.indicators:
        for p in ind.passages:
            mark = body.by_id(f"t-{p.start}")
            assert mark is not None and "ev" in mark.attrs["class"].split()
    assert body.find_all("mark", cls="term")


def test_problems_are_listed_with_their_place(sample):
    s = next(s for s in sample.results.submissions if s.problems)
    doc = parse(page(sample, s.id))
    items = doc.by_id("problems").find_all("li")
    assert [li.find("blockquote").children[0] for li in items] == [p.quote for p in s.problems]
    assert all("第 " in li.text for li in items)


def test_header_shows_rank_group_rank_and_total(sample):
    for s in sample.results.submissions:
        doc = parse(page(sample, s.id))
        assert doc.by_id("total").text == f"{s.total:.2f}"
        assert doc.by_id("rank").text == str(s.rank)
        assert doc.by_id("group-rank").text == str(s.group_rank)
        rows = doc.by_id("area-chart").find_all("g", cls="area-row")
        assert [g.attrs["data-area"] for g in rows] == list(sample.rubric.spec.areas)


def test_audit_footer(sample):
    s = sample.results.submissions[0]
    footer = parse(page(sample, s.id)).find("footer").text
    r = sample.results.rubric
    for value in (r.version, r.sha256, r.profile, s.sha256, sample.results.engine_version, GENERATED):
        assert value in footer
    index_footer = parse((sample.folder / "index.html").read_text(encoding="utf-8")).find("footer").text
    assert r.sha256 in index_footer and r.profile in index_footer


def test_index_ranking_groups_heatmap_distribution_and_notices(sample):
    doc = parse((sample.folder / "index.html").read_text(encoding="utf-8"))
    rows = doc.by_id("ranking-table").find("tbody").find_all("tr")
    subs = sample.results.submissions
    assert [r.attrs["data-id"] for r in rows] == [s.id for s in subs]
    for tr, s in zip(rows, subs):
        cells = tr.find_all("td")
        assert cells[0].text == str(s.rank) and cells[1].text.startswith(str(s.group_rank))
        assert s.band and cells[5].text == s.band  # 等次 beside the total
        assert (sample.folder / unquote(tr.find("a").attrs["href"])).exists()
    assert len(doc.by_id("heatmap").find("tbody").find_all("tr")) == len(subs)
    assert sum(len(g.find("tbody").find_all("tr")) for g in doc.by_id("groups").find_all(cls="group")) == len(subs)
    assert "notes.xls" in doc.by_id("failures").text
    assert "93.0%" in doc.by_id("near-duplicates").text
    assert doc.by_id("distribution").find("svg") is not None
    head = doc.find("header").text
    assert sample.results.rubric.version in head and sample.results.rubric.profile in head


def test_render_is_deterministic_apart_from_the_time(tmp_path):
    results, run, rubric = build_run()
    for folder, when in ((tmp_path / "a", "T1"), (tmp_path / "b", "T1"), (tmp_path / "c", "T2")):
        folder.mkdir()
        write_html(results, run, rubric, folder, generated=when)
    for path in (tmp_path / "a").rglob("*.html"):
        rel = path.relative_to(tmp_path / "a")
        assert path.read_bytes() == (tmp_path / "b" / rel).read_bytes()
        assert path.read_text(encoding="utf-8").replace("T1", "T2") == (tmp_path / "c" / rel).read_text(encoding="utf-8")


def test_print_stylesheet_is_a4_with_page_numbers_and_a_landscape_index(sample):
    # The page counts themselves are measured in Chromium (tests/browser/test_print.py).
    index = (sample.folder / "index.html").read_text(encoding="utf-8")
    css = re.search(r"<style>(.*?)</style>", index, re.S).group(1)
    assert re.search(r"@page\s*{\s*size:\s*A4;", css) and "@media print" in css
    assert re.search(r"@page wide\s*{\s*size:\s*A4 landscape", css) and re.search(r"body\.index\s*{\s*page:\s*wide;?\s*}", css)
    assert css.count("counter(page)") == 2
    assert '<body class="index">' in index


def test_an_empty_run_still_renders_an_index(tmp_path):
    results, run, rubric = build_run()
    empty = Results(rubric=results.rubric, submissions=[], failures=results.failures)
    write_html(empty, run, rubric, tmp_path, generated="T")
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "共 0 份材料" in html and "notes.xls" in html


def test_composite_rank_interval_and_components_are_shown_when_present(tmp_path):
    results, run, rubric = build_run()
    subs = [s.model_copy(update={"composite": round(s.total * 0.9, 4), "rank_interval": [s.rank, s.rank + 1],
                                 "components": {"written": s.total, "field": 80.0}}) for s in results.submissions]
    write_html(results.model_copy(update={"submissions": subs}), run, rubric, tmp_path, generated="T")
    index = parse((tmp_path / "index.html").read_text(encoding="utf-8"))
    heads = [th.text for th in index.by_id("ranking-table").find("thead").find_all("th")]
    assert "综合分" in heads and "名次区间" in heads
    first = composed(tmp_path, (tmp_path / f"{subs[0].id}.html").read_text(encoding="utf-8"))
    assert f"{subs[0].composite:.2f}" in first and f"{subs[0].rank}–{subs[0].rank + 1}" in first
    assert "80.00" in first


def test_index_rows_have_a_cell_per_heading_and_escape_what_the_reports_say(tmp_path):
    results, run, rubric = build_run()
    subs = [s.model_copy(update={"composite": round(s.total * 0.9, 4), "rank_interval": [s.rank, s.rank + 1],
                                 "title": f'{s.title}<i>&"', "region": ""}) for s in results.submissions]
    write_html(results.model_copy(update={"submissions": subs}), run, rubric, tmp_path, generated="T")
    index = parse((tmp_path / "index.html").read_text(encoding="utf-8"))
    table = index.by_id("ranking-table")
    heads = table.find("thead").find_all("th")
    for tr, s in zip(table.find("tbody").find_all("tr"), subs, strict=True):
        cells = tr.find_all("td")
        assert len(cells) == len(heads)
        assert cells[2].find("a").text == s.title and "地区未知" in cells[2].text
        assert tr.attrs["data-search"].startswith(s.title)
        assert cells[6].attrs["data-v"] == str(s.composite) and cells[7].text == f"{s.rank}–{s.rank + 1}"
    heat_heads = index.by_id("heatmap").find("thead").find_all("th")
    for tr in index.by_id("heatmap").find("tbody").find_all("tr"):
        assert len(tr.find_all("td")) == len(heat_heads)


def test_the_index_from_the_score_table_is_the_index_from_the_scorecards(tmp_path):
    """A re-weighting writes the index from the run's arrays before any scorecard is built."""
    from scorer.pipeline import score_table_run
    from scorer.profiles import load_weights
    from scorer.report.render import write_index

    results, run, rubric = build_run()
    heads, table = score_table_run(run, rubric, load_weights(rubric))
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    write_index(heads, run, rubric, tmp_path / "a", "T", table)
    write_index(results, run, rubric, tmp_path / "b", "T")
    assert (tmp_path / "a" / "index.html").read_bytes() == (tmp_path / "b" / "index.html").read_bytes()


def test_a_submission_called_index_does_not_overwrite_the_index(tmp_path):
    results, run, rubric = build_run()
    old = results.submissions[-1].id
    subs = [s if s.id != old else s.model_copy(update={"id": "index"}) for s in results.submissions]
    run2 = run.model_copy(update={
        "submissions": [s if s.id != old else s.model_copy(update={"id": "index"}) for s in run.submissions],
        "evidence": [e if e.submission_id != old else e.model_copy(update={"submission_id": "index"}) for e in run.evidence],
        "near_duplicates": []})
    write_html(results.model_copy(update={"submissions": subs, "near_duplicates": []}), run2, rubric, tmp_path, generated="T")
    assert "排名总览" in (tmp_path / "index.html").read_text(encoding="utf-8")
    assert (tmp_path / "index-2.html").exists()
    assert 'href="index-2.html"' in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_pages_rendered_by_forked_workers_are_the_pages_one_process_writes(tmp_path):
    """With jobs > 1 this process and forked workers share the pages, each given ids only: every
    file is byte for byte what one process writes, and the workers say what memory they held of
    their own (the scale bench prints it)."""
    results, run, rubric = build_run()
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir(), two.mkdir()
    write_html(results, run, rubric, one, generated="T", jobs=1)
    held = write_html(results, run, rubric, two, generated="T", jobs=2)
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert len(files) > len(results.submissions)
    assert all((one / f).read_bytes() == (two / f).read_bytes() for f in files)
    if Path("/proc/self/smaps_rollup").exists():
        assert held is not None and 0 < held < 1024
