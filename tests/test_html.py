"""The HTML report: every fact highlighted in place, everything from the article escaped,
and nothing fetched (see tests/test_html_browser.py for the same checks in a real browser)."""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

from breachfacts.facts import Article, Extraction, Fact, Sentence
from breachfacts.store import Store
from breachfacts.views.html import CSP, JS, highlight_spans, render_html, write_html
from breachfacts.views.render import statuses_of

XSS = (
    "Acme Corp said <script>alert(1)</script> 1,200 customers were hit and "
    '<img src=x onerror=alert(1)> "quoted" & <b>bold</b> on 3 May 2021.'
)


def fact(fid: str, kind: str, text: str, start: int, **kw: object) -> Fact:
    end = start + len(text)
    return Fact(fid, kind, text, start, end, Sentence(text, start, end), **kw)  # type: ignore[arg-type]


def xss_extraction() -> Extraction:
    t = XSS
    facts = (
        fact("f1", "organisation", "Acme Corp", 0, canonical="Acme", role="victim"),
        fact(
            "f2",
            "figure",
            "1,200",
            t.index("1,200"),
            value=1200,
            low=1200,
            high=1200,
            unit="customer",
            role="victims",
            subject="Acme",
        ),  # fmt: skip
        fact("f3", "date", "3 May 2021", t.index("3 May"), date="2021-05-03", granularity="day"),
        # a fact whose text is markup itself: highlighted, and still escaped
        fact("f4", "organisation", "<b>bold</b>", t.index("<b>"), canonical='<i x="1">'),
    )
    return Extraction(
        Article("<evil>.txt", t, date(2021, 5, 4), title="<script>t()</script>"), facts
    )


def visible_text(page: str, prefix: str) -> str:
    """The text of one article's text block with the tags removed and entities decoded."""
    block = re.search(rf'<article id="{prefix}".*?<div class="text">(.*?)</div>', page, re.S)
    assert block, prefix
    return html.unescape(re.sub(r"<[^>]+>", "", block.group(1)))


def marks(page: str) -> list[dict[str, str]]:
    out = []
    for m in re.finditer(r"<mark ([^>]*)>(.*?)</mark>", page, re.S):
        attrs = {k: html.unescape(v) for k, v in re.findall(r'([\w-]+)="([^"]*)"', m.group(1))}
        attrs["_text"] = html.unescape(m.group(2))
        out.append(attrs)
    return out


# --------------------------------------------------------------------------- escaping


def test_article_markup_is_escaped() -> None:
    page = render_html([xss_extraction()])
    assert "<script>alert" not in page and "<img" not in page and "<b>" not in page
    assert "onerror=" not in page.replace("onerror=alert(1)&gt;", "")  # only as escaped text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<script>t()" not in page  # the title too
    # the only script element is the page's own, and it is the one the CSP allows
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert scripts == [JS]


def test_escaped_text_reads_back_as_the_article() -> None:
    ex = xss_extraction()
    assert visible_text(render_html([ex]), "a1") == ex.article.text


def test_attribute_values_cannot_break_out() -> None:
    page = render_html([xss_extraction()])
    m = {x["data-fact-id"]: x for x in marks(page)}
    assert m["f4"]["data-value"] == '<i x="1">'
    assert m["f4"]["_text"] == "<b>bold</b>"
    assert '<i x="1">' not in page


def test_csp_allows_only_the_inline_style_and_script() -> None:
    page = render_html([xss_extraction()])
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)  # type: ignore[union-attr]

    def sha(s: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"

    assert f"script-src {sha(JS)};" in CSP and f"style-src {sha(style)};" in CSP
    assert "default-src 'none'" in CSP and "connect-src 'none'" in CSP
    assert f'content="{CSP}"' in page


def test_nothing_is_fetched(seed_extractions: dict[str, Extraction]) -> None:
    page = render_html(seed_extractions.values())
    assert not re.search(r"https?:|//[a-z]|\bsrc=|@import|url\(", page)
    assert "<link" not in page and "<img" not in page and "<iframe" not in page


# --------------------------------------------------------------------------- highlighting


def test_every_seed_fact_is_highlighted(seed_extractions: dict[str, Extraction]) -> None:
    ex = seed_extractions["2020-12"]
    page = render_html([ex])
    by_id = {m["data-fact-id"]: m for m in marks(page)}
    assert set(by_id) == {f.id for f in ex.facts}
    for f in ex.facts:
        m = by_id[f.id]
        assert m["_text"] == f.text == ex.article.text[f.start : f.end]
        assert m["data-kind"] == f.kind and f"k-{f.kind}" in m["class"]
        assert m["data-certainty"] == f.certainty
        assert m["data-role"] == (f.role or "") and m["data-subject"] == (f.subject or "")
        assert m["id"] == f"a1-{f.id}" and m["title"].startswith(f.kind)
    assert visible_text(page, "a1") == ex.article.text
    # and each is listed in the table under the article, linked to its mark
    for f in ex.facts:
        assert f'<a href="#a1-{f.id}">{f.id}</a>' in page


def test_normalised_values_are_in_data_attributes(seed_extractions: dict[str, Extraction]) -> None:
    ex = seed_extractions["2020-12"]
    by_text = {m["_text"]: m for m in marks(render_html([ex]))}
    files = by_text["nearly 20,000"]
    assert (files["data-value"], files["data-low"], files["data-high"]) == ("20000", "", "20000")
    assert files["data-unit"] == "file" and files["data-qualifier"] == "nearly"
    assert by_text["June 2019"]["data-value"] == "2019-06"
    assert by_text["June 2019"]["data-granularity"] == "month"
    assert by_text["$874 million"]["data-unit"] == "USD"
    assert by_text["Mitsubishi Electric Corp."]["data-value"] == "Mitsubishi Electric"


@pytest.mark.parametrize(
    "spans, kept, why",
    [
        ([(0, 5), (6, 9)], ["f1", "f2"], {}),  # apart
        ([(0, 9), (2, 5)], ["f1"], {"f2": "overlaps f1"}),  # nested
        ([(2, 5), (0, 9)], ["f2"], {"f1": "overlaps f2"}),  # nested, listed inner first
        ([(0, 5), (3, 9)], ["f1"], {"f2": "overlaps f1"}),  # crossing
        ([(0, 5), (0, 5)], ["f1"], {"f2": "overlaps f1"}),  # the same span twice
        ([(0, 5), (5, 9)], ["f1", "f2"], {}),  # touching
    ],
)
def test_overlapping_facts(spans: list[tuple[int, int]], kept: list[str], why: dict) -> None:
    text = "abcde fghij"
    facts = [fact(f"f{i}", "figure", text[a:b], a) for i, (a, b) in enumerate(spans, 1)]
    got, skipped = highlight_spans(text, facts)
    assert [f.id for f in got] == kept and skipped == why


def test_overlapping_fact_is_still_in_the_table() -> None:
    text = "more than 8,000 people"
    outer = fact("f1", "figure", "more than 8,000", 0, value=8000, low=8000)
    inner = fact("f2", "figure", "8,000", 10, value=8000)
    page = render_html([Extraction(Article("a", text), (outer, inner))])
    assert [m["data-fact-id"] for m in marks(page)] == ["f1"]
    assert '<tr id="a1-row-f2" class="unmarked">' in page
    assert "f2: overlaps f1" in page
    assert visible_text(page, "a1") == text


def test_facts_whose_offsets_do_not_match_are_listed_not_highlighted() -> None:
    text = "Acme lost 9 files."
    wrong = fact("f1", "figure", "10", 10)  # offsets point at "9 "
    outside = Fact("f2", "figure", "x", 40, 41, Sentence("x", 40, 41))
    page = render_html([Extraction(Article("a", text), (wrong, outside))])
    assert marks(page) == []
    assert page.count("offsets do not match the article text") == 2  # a reason for each
    assert 'id="a1-row-f1"' in page and 'id="a1-row-f2"' in page


def test_article_without_text_shows_its_facts() -> None:
    # JSONL output read back carries no text
    f = fact("f1", "figure", "59", 3, value=59)
    page = render_html([Extraction(Article("x.jsonl:1", ""), (f,))])
    assert "article text not available" in page and 'id="a1-row-f1"' in page


def test_no_articles() -> None:
    assert "no articles" in render_html([])


# --------------------------------------------------------------------------- store view


def test_check_view_colours_by_status_and_shows_what_was_compared(
    tmp_path: Path, seed_extractions: dict[str, Extraction]
) -> None:
    old, new = seed_extractions["2020-01"], seed_extractions["2020-12"]
    with Store.open(tmp_path / "facts.sqlite") as store:
        store.add([old])
        checked = store.check(new)
    statuses = {new.article.id: statuses_of(checked)}
    page = render_html([new], statuses)
    assert '<body class="by-status" data-view="check">' in page
    assert "<title>breachfacts check</title>" in page
    by_id = {m["data-fact-id"]: m for m in marks(page)}
    verdicts = {c.fact.id: c for c in checked}
    for fid, m in by_id.items():
        st = verdicts[fid].status
        assert m["data-status"] == st and f"s-{st}" in m["class"] and st in m["title"]
        against = json.loads(m["data-against"])
        assert against == statuses[new.article.id][fid]["against"]
        assert (st == "new") == (against == [])
    june = next(m for m in by_id.values() if m["_text"] == "June 2019")
    assert june["data-status"] == "confirmed"
    assert json.loads(june["data-against"])[0]["text"] == "June last year"
    # the table's "compared against" column names the stored report
    assert "“June last year” = 2019-06 (2020-01-21, " in page
    files = next(m for m in by_id.values() if m["_text"] == "nearly 20,000")
    assert files["data-status"] == "new"


def test_extract_view_has_no_status() -> None:
    page = render_html([xss_extraction()])
    assert '<body class="by-kind" data-view="extract">' in page
    assert all(m["data-status"] == "" and "data-against" not in m for m in marks(page))


# --------------------------------------------------------------------------- writing


def test_write_html_streams_the_same_page(tmp_path: Path) -> None:
    exs = [xss_extraction(), xss_extraction()]
    buf = io.StringIO()
    assert write_html(exs, buf) == 2
    assert buf.getvalue() == render_html(exs)
    assert 'id="a1"' in buf.getvalue() and 'id="a2"' in buf.getvalue()
    out = tmp_path / "report.html"
    assert write_html(exs, out) == 2
    assert out.read_text(encoding="utf-8") == render_html(exs)


def test_doctests() -> None:
    import doctest

    import breachfacts.views.html

    assert doctest.testmod(breachfacts.views.html).failed == 0
