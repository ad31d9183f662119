"""The HTML report in a real headless Chromium: what a reader's browser builds from it.

The test starts ``chromium --headless`` itself (no Playwright, no network) and reads the
DOM it dumps after the page's script ran. Skipped with a reason where no Chromium is
installed; ``.ci/run`` installs Debian's ``chromium``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from breachfacts.extract import extract
from breachfacts.facts import Article, Extraction
from breachfacts.ingest import read_inputs
from breachfacts.views.html import JS, write_html

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "articles" / "mitsubishi-electric-2020-12.txt"
XSS_TEXT = (
    "Acme Corp said on Tuesday that hackers stole data on 12,000 customers. "
    "<script>alert(1)</script> "
    "<img src=x onerror=alert(1)> "
    "<script>document.body.setAttribute('data-pwned', '1')</script> "
    "<img src=x onerror=\"document.body.setAttribute('data-pwned', '1')\"> "
    "The company paid a ransom of $2 million in January 2021.\n"
)


def find_chromium() -> str | None:
    for name in (os.environ.get("BREACHFACTS_CHROMIUM"), "chromium", "chromium-browser"):
        if name and (path := shutil.which(name)):
            return path
    return None


CHROMIUM = find_chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no headless browser: install Debian's chromium (apt-get install chromium) "
    "or set BREACHFACTS_CHROMIUM",
)


def chromium(
    page: Path, tmp_path: Path, *args: str, fragment: str = ""
) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        *args,
        page.resolve().as_uri() + (f"#{fragment}" if fragment else ""),
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True)


def dump_dom(page: Path, tmp_path: Path, fragment: str = "") -> str:
    return chromium(page, tmp_path, "--dump-dom", fragment=fragment).stdout


def parse(dom: str):  # -> lxml.html.HtmlElement
    import lxml.html

    return lxml.html.fromstring(dom)


@pytest.fixture(scope="module")
def seed(nlp) -> Extraction:
    return next(iter(extract(read_inputs([str(SEED)]), nlp)))


@needs_chromium
def test_every_fact_of_the_seed_is_highlighted(seed: Extraction, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    write_html([seed], page)
    root = parse(dump_dom(page, tmp_path))
    assert root.body.get("data-ready") == "1"  # the page's script ran under its CSP
    assert seed.facts
    marks = {m.get("data-fact-id"): m for m in root.xpath("//article//mark[@data-fact-id]")}
    assert set(marks) == {f.id for f in seed.facts}
    for f in seed.facts:
        m = marks[f.id]
        assert m.text_content() == f.text
        assert m.get("data-kind") == f.kind and f"k-{f.kind}" in m.get("class").split()
        for attr in ("data-value", "data-low", "data-high", "data-unit", "data-certainty",
                     "data-role", "data-subject", "data-status"):  # fmt: skip
            assert m.get(attr) is not None, (f.id, attr)
        assert m.get("title")
    text = root.xpath("//article//div[@class='text']")[0].text_content()
    assert text == seed.article.text
    rows = root.xpath("//table[@class='facts']//tr[starts-with(@id, 'a1-row-')]")
    assert [r.get("id") for r in rows] == [f"a1-row-{f.id}" for f in seed.facts]


@needs_chromium
def test_a_fact_named_in_the_url_opens_the_side_panel(seed: Extraction, tmp_path: Path) -> None:
    # the script opens the panel for the fact in the URL fragment, as a click on it does
    page = tmp_path / "report.html"
    write_html([seed], page)
    target = next(f for f in seed.facts if f.text == "nearly 20,000")
    root = parse(dump_dom(page, tmp_path, fragment=f"a1-{target.id}"))
    panel = root.get_element_by_id("panel-body").text_content()
    for expected in ("figure", "nearly 20,000", "20,000 file", "lowopen", "high20000", "records"):
        assert expected in panel
    assert "active" in root.get_element_by_id(f"a1-{target.id}").get("class").split()


@needs_chromium
def test_article_markup_does_not_run(nlp, tmp_path: Path) -> None:
    article = Article("<script>alert('id')</script>.txt", XSS_TEXT, title="<img src=x onerror=1>")
    ex = next(iter(extract([article], nlp)))
    assert ex.facts  # the article's own facts are still found and highlighted
    page = tmp_path / "xss.html"
    write_html([ex], page)
    root = parse(dump_dom(page, tmp_path))
    scripts = root.xpath("//script")
    assert len(scripts) == 1 and scripts[0].text == JS  # only the page's own script
    assert root.xpath("//*[@onerror]") == []
    assert root.xpath("//img | //iframe | //object | //embed | //link") == []
    assert root.body.get("data-pwned") is None
    assert root.body.get("data-ready") == "1"
    text = root.xpath("//article//div[@class='text']")[0].text_content()
    assert text == XSS_TEXT  # shown as text, exactly
    assert {m.get("data-fact-id") for m in root.xpath("//mark")} == {f.id for f in ex.facts}


@needs_chromium
def test_screenshot(seed: Extraction, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    write_html([seed], page)
    png = tmp_path / "report.png"
    chromium(page, tmp_path, f"--screenshot={png}", "--window-size=1200,1600")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
