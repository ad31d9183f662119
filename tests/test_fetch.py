"""Pages by URL, against a real HTTP server on 127.0.0.1: every way a fetch goes wrong is one
ReadError naming the URL and the reason, quickly (sub-second timeouts), with bounded memory."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from breachfacts.errors import ReadError
from breachfacts.ingest import USER_AGENT, FetchOptions, fetch_article, read_inputs
from breachfacts.ingest.fetch import fetch
from httpd import (
    dripping_headers,
    dropped,
    endless,
    gzip_bomb,
    lying_length,
    page,
    redirect,
    serve,
    slow,
    status,
)

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "data" / "web" / "mitsubishi-electric-2020-12.html").read_bytes()
FAST = FetchOptions(connect_timeout=0.5, read_timeout=0.3, deadline=3, max_bytes=200_000)


def reason(url: str, options: FetchOptions = FAST) -> str:
    """The reason fetching ``url`` fails (the test fails if it does not)."""
    started = time.monotonic()
    with pytest.raises(ReadError) as info:
        fetch_article(url, None, options)
    assert time.monotonic() - started < 3, "a failing fetch must not take long"
    assert info.value.source == url
    assert "\n" not in str(info.value)
    return info.value.reason


def test_article_with_metadata() -> None:
    with serve({"/news/a": page(PAGE)}) as srv:
        a = fetch_article(srv.url("/news/a"), None, FAST)
        sent = srv.headers["/news/a"]
    assert a.id == srv.url("/news/a")
    assert a.published == date(2020, 12, 25)
    assert a.meta["publisher"] == "The Asahi Shimbun"
    assert a.meta["url"] == srv.url("/news/a")
    assert a.title and "Mitsubishi Electric" in a.title
    assert "nearly 20,000 files were accessed" in a.text
    assert "Home" not in a.text.split("\n")[0]  # the navigation is not the article
    assert sent["user-agent"] == USER_AGENT
    assert USER_AGENT.startswith("breachfacts/") and "(+https://" in USER_AGENT


def test_published_overrides_the_page() -> None:
    with serve({"/a": page(PAGE)}) as srv:
        a = fetch_article(srv.url("/a"), date(2021, 1, 1), FAST)
    assert a.published == date(2021, 1, 1)


def test_charset_from_the_header() -> None:
    text = "<html><body><article><p>Café Größe: 1,200 customers of Ålesund Bank.</p></article>"
    body = (text + "</body></html>").encode("iso-8859-1")
    with serve({"/a": page(body, "text/html; charset=ISO-8859-1")}) as srv:
        a = fetch_article(srv.url("/a"), None, FAST)
    assert "Café Größe" in a.text


def test_charset_from_the_meta_tag() -> None:
    text = '<html><head><meta charset="windows-1252"></head><body><article>'
    body = (text + "<p>\u201cWe are sorry\u201d, said Acme Bank of M\u00e1laga.</p>").encode(
        "cp1252"
    )
    with serve({"/a": page(body, "text/html")}) as srv:
        a = fetch_article(srv.url("/a"), None, FAST)
    assert "\u201cWe are sorry\u201d" in a.text and "M\u00e1laga" in a.text


def test_plain_text_page() -> None:
    with serve({"/a.txt": page(b"Acme said 1,200 customers were hit.", "text/plain")}) as srv:
        a = fetch_article(srv.url("/a.txt"), None, FAST)
    assert a.text == "Acme said 1,200 customers were hit."


def test_redirect_followed() -> None:
    with serve({"/old": redirect("/new"), "/new": page(PAGE)}) as srv:
        a = fetch_article(srv.url("/old"), None, FAST)
    assert a.id == srv.url("/old")
    assert a.meta["url"] == srv.url("/new")


@pytest.mark.parametrize(
    ("routes", "path", "expected"),
    [
        ({}, "/missing", "HTTP 404 Not Found"),
        ({"/e": status(500)}, "/e", "HTTP 500 Internal Server Error"),
        ({"/s": slow(2)}, "/s", "timed out reading (no data for 0.3 s)"),
        ({"/d": dropped}, "/d", "connection dropped"),
        ({"/big": page(b"x" * 300_000)}, "/big", "too large: Content-Length 300000 bytes is"),
        ({"/inf": endless}, "/inf", "too large: more than 200000 bytes received"),
        ({"/loop": redirect("/loop2"), "/loop2": redirect("/loop")}, "/loop", "redirect loop"),
        ({"/ftp": redirect("ftp://example.com/x")}, "/ftp", "redirect to a non-http(s) URL"),
        ({"/file": redirect("file:///etc/passwd")}, "/file", "redirect to a non-http(s) URL"),
        ({"/pdf": page(b"%PDF-1.7", "application/pdf")}, "/pdf", "not HTML or plain text"),
        ({"/img": page(b"\x89PNG", "image/png")}, "/img", "(content type image/png)"),
        ({"/bomb": gzip_bomb(50_000_000)}, "/bomb", "more than 200000 bytes once decompressed"),
        ({"/br": page(b"xx", "text/html", Content_Encoding="br")}, "/br", "unsupported content"),
        ({"/empty": page(b"   ", "text/html")}, "/empty", "empty page"),
        ({"/bin": page(b"\x7fELF\0\0\0", None)}, "/bin", "binary file, not text"),
    ],
    ids=lambda x: x if isinstance(x, str) else "",
)
def test_bad_pages(routes: dict, path: str, expected: str) -> None:
    with serve(routes) as srv:
        assert expected in reason(srv.url(path))


def test_content_length_lying_short() -> None:
    """Content-Length: 100, then 8 MB: the body is the 100 bytes promised, never the rest."""
    with serve({"/lie": lying_length}) as srv:
        got = fetch(srv.url("/lie"), FAST)
    assert got.body == b"y" * 100


def test_content_length_lying_long() -> None:
    """Content-Length: 10,000, then 10 bytes and the connection closed."""
    with serve({"/d": dropped}) as srv:
        assert reason(srv.url("/d")).startswith("connection dropped")


def test_headers_dripped_meet_the_deadline() -> None:
    opts = FetchOptions(connect_timeout=0.5, read_timeout=0.5, deadline=0.8)
    with serve({"/drip": dripping_headers}) as srv:
        assert reason(srv.url("/drip"), opts) == "timed out (the download took more than 0.8 s)"


def test_too_many_redirects() -> None:
    routes = {f"/r{i}": redirect(f"/r{i + 1}") for i in range(10)}
    with serve(routes) as srv:
        assert reason(srv.url("/r0")) == "too many redirects (more than 5)"
        assert srv.hits.get("/r6") is None  # stopped after the sixth request


def test_gzip_page_is_read() -> None:
    import gzip

    with serve({"/z": page(gzip.compress(PAGE), "text/html", Content_Encoding="gzip")}) as srv:
        a = fetch_article(srv.url("/z"), None, FAST)
    assert "nearly 20,000 files" in a.text


def test_gzip_bomb_never_inflated_past_the_cap() -> None:
    """Each step inflates at most what is left under the cap: memory stays near the cap."""
    import tracemalloc

    with serve({"/bomb": gzip_bomb(30_000_000)}) as srv:
        tracemalloc.start()
        try:
            with pytest.raises(ReadError, match="once decompressed"):
                fetch(srv.url("/bomb"), FetchOptions(max_bytes=1_000_000))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert peak < 10_000_000


def test_connection_refused() -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert reason(f"http://127.0.0.1:{port}/a") == "connection refused"


def test_dns_failure() -> None:
    assert "DNS lookup failed" in reason("http://no-such-host.invalid/a")


def test_not_http() -> None:
    with pytest.raises(ReadError, match="not an http or https URL"):
        fetch("file:///etc/passwd")


def test_conditional_get() -> None:
    def etagged(h) -> None:  # noqa: ANN001
        from httpd import send

        if h.headers.get("If-None-Match") == '"v1"':
            send(h, 304, b"", None)
        else:
            send(h, 200, b"hello", "text/plain", {"ETag": '"v1"'})

    with serve({"/f": etagged}) as srv:
        first = fetch(srv.url("/f"), FAST)
        again = fetch(srv.url("/f"), FAST, etag=first.etag)
    assert first.etag == '"v1"' and first.body == b"hello" and not first.not_modified
    assert again.not_modified and again.body == b""


def test_read_inputs_mixes_urls_and_files(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Acme said 1,200 customers were hit.", encoding="utf-8")
    with serve({"/a": page(PAGE)}) as srv:
        items = list(read_inputs([srv.url("/missing"), str(f), srv.url("/a")], fetch=FAST))
    assert isinstance(items[0], ReadError) and "HTTP 404" in str(items[0])
    assert items[1].id == str(f)
    assert items[2].id == srv.url("/a")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://", "not a valid URL"),
        ("http://[::1", "not a valid URL"),
        ("http://\x00/", "not a valid URL"),
        ("http://" + "a" * 300 + ".com/", "cannot fetch"),
        ("mailto:someone@example.com", "not an http or https URL"),
    ],
)
def test_hostile_urls(url: str, expected: str) -> None:
    with pytest.raises(ReadError) as info:
        fetch(url, FAST)
    assert expected in info.value.reason
