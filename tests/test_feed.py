"""Feeds: parsing RSS and Atom, the feed state in the store (migration 9), and the ``feed``
command against RSS and Atom feeds served on 127.0.0.1 (ETag/304, reruns fetch nothing
twice, a bad item is retried, --no-add writes nothing, a failed batch leaves nothing)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from breachfacts.cli import app
from breachfacts.errors import ReadError
from breachfacts.follow import follow_feed
from breachfacts.ingest import FetchOptions
from breachfacts.ingest.feed import parse_feed, read_feed
from breachfacts.store import Store
from breachfacts.store.db import MIGRATIONS, apply_migrations, connect, user_version
from breachfacts.store.feeds import feed_state
from httpd import page, send, serve

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "data" / "web"
PAGES = {f"/{p.name}": p.read_bytes() for p in WEB.glob("*.html")}
RSS = (WEB / "feed.xml").read_bytes()
ATOM = (WEB / "atom.xml").read_bytes()
FAST = FetchOptions(connect_timeout=0.5, read_timeout=0.5, deadline=5)


def etagged(body: bytes, etag: str = '"v1"', ctype: str = "application/rss+xml"):
    """A feed route that answers 304 to its own ETag."""

    def route(h) -> None:  # noqa: ANN001
        if h.headers.get("If-None-Match") == etag:
            send(h, 304, b"", None, {"ETag": etag})
        else:
            send(h, 200, body, ctype, {"ETag": etag})

    return route


def site(feed: bytes = RSS, **extra):  # noqa: ANN003
    routes = {path: page(body) for path, body in PAGES.items()}
    routes["/feed.xml"] = etagged(feed)
    routes["/atom.xml"] = etagged(ATOM, '"a1"', "application/atom+xml")
    routes.update(extra)
    return serve(routes)


@pytest.fixture(scope="module")
def runner(nlp) -> CliRunner:  # nlp: the pipeline is built once
    return CliRunner()


# ------------------------------------------------------------------ parsing


def test_rss_items() -> None:
    feed = parse_feed(RSS, "http://127.0.0.1:8000/feed.xml")
    assert feed.title == "Breach news (sample feed)"
    assert [i.key for i in feed.items] == [
        "sample-mitsubishi-electric-2020-01",
        "sample-mitsubishi-electric-2020-12",
    ]
    assert feed.items[0].link == "http://127.0.0.1:8000/mitsubishi-electric-2020-01.html"
    assert feed.items[1].published == date(2020, 12, 25)


def test_atom_items() -> None:
    feed = parse_feed(ATOM, "http://127.0.0.1:8000/atom.xml")
    assert feed.items[0].key == "urn:breachfacts:sample:mitsubishi-electric-2020-01"
    assert feed.items[1].link == "http://127.0.0.1:8000/mitsubishi-electric-2020-12.html"
    assert feed.items[0].published == date(2020, 1, 21)


def test_item_without_guid_is_keyed_by_link() -> None:
    rss = b"""<rss version="2.0"><channel><title>t</title>
    <item><link>https://x.test/a</link></item><item><title>no link</title></item>
    </channel></rss>"""
    assert [(i.key, i.link) for i in parse_feed(rss, "f.xml").items] == [
        ("https://x.test/a", "https://x.test/a")
    ]


@pytest.mark.parametrize(
    "data", [b"<html><body>not a feed</body></html>", b"", b"\x89PNG\r\n", b"{}"]
)
def test_not_a_feed(data: bytes) -> None:
    with pytest.raises(ReadError, match="not an RSS or Atom feed"):
        parse_feed(data, "f.xml")


def test_feed_by_url_and_file(tmp_path: Path) -> None:
    f = tmp_path / "feed.xml"
    f.write_bytes(RSS)
    assert len(read_feed(str(f)).items) == 2
    with site() as srv:
        got = read_feed(srv.url("/feed.xml"), FAST)
        again = read_feed(srv.url("/feed.xml"), FAST, etag=got.etag)
        with pytest.raises(ReadError, match="HTTP 404"):
            read_feed(srv.url("/nope.xml"), FAST)
    assert got.etag == '"v1"' and len(got.items) == 2
    assert again.not_modified and again.items == ()


def test_feed_content_type_checked() -> None:
    with serve({"/f": page(b"%PDF-1.7", "application/pdf")}) as srv:
        with pytest.raises(
            ReadError, match=r"not an RSS or Atom feed \(content type application/pdf"
        ):
            read_feed(srv.url("/f"), FAST)


# ------------------------------------------------------------------ the store


def test_migration_8_from_a_version_7_file(tmp_path: Path) -> None:
    path = tmp_path / "v7.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.create_function("breachfacts_subject_keys", 1, lambda name: "[]", deterministic=True)
    apply_migrations(conn, MIGRATIONS[:7])
    conn.execute(
        "INSERT INTO articles (source, content_hash, added_at) VALUES ('a.txt', 'h', 'now')"
    )
    conn.close()
    # read-only, an older store is not migrated, and knows no feed
    with Store.open(path, readonly=True) as store:
        assert user_version(store.conn) == 7
        assert feed_state(store.conn, "https://x.test/f").seen == frozenset()
    conn = connect(path)
    assert user_version(conn) == len(MIGRATIONS)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"feeds", "feed_items"} <= tables
    assert conn.execute("SELECT source FROM articles").fetchall() == [("a.txt",)]
    conn.close()


# ------------------------------------------------------------------ the command


def feed_rows(db: Path) -> tuple[list, list, int]:
    with sqlite3.connect(db) as conn:
        feeds = conn.execute("SELECT url, etag FROM feeds ORDER BY id").fetchall()
        items = conn.execute("SELECT item_key, article_id FROM feed_items ORDER BY 1").fetchall()
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    return feeds, items, articles


def test_feed_adds_then_rerun_fetches_nothing(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "facts.sqlite"
    with site() as srv:
        res = runner.invoke(app, ["feed", srv.url("/feed.xml"), "--db", str(db)])
        assert res.exit_code == 0, res.output
        lines = res.stdout.strip().splitlines()
        assert lines[0].startswith(srv.url("/mitsubishi-electric-2020-01.html") + ": ")
        assert "new" in lines[0]
        assert lines[1].startswith(srv.url("/mitsubishi-electric-2020-12.html") + ": ")
        assert "confirmed" in lines[1]  # checked against the article added just before
        assert lines[2] == f"{srv.url('/feed.xml')}: 2 new articles (2 added)"
        feeds, items, articles = feed_rows(db)
        assert feeds == [(srv.url("/feed.xml"), '"v1"')] and articles == 2
        assert [k for k, _ in items] == [
            "sample-mitsubishi-electric-2020-01",
            "sample-mitsubishi-electric-2020-12",
        ]
        assert all(aid is not None for _, aid in items)
        hits = dict(srv.hits)
        # the rerun sends the ETag back, gets a 304: nothing else is fetched
        res = runner.invoke(app, ["feed", srv.url("/feed.xml"), "--db", str(db)])
        assert res.exit_code == 0, res.output
        assert "not modified" in res.stdout
        assert srv.headers["/feed.xml"]["if-none-match"] == '"v1"'
        assert srv.hits["/feed.xml"] == hits["/feed.xml"] + 1
        assert {k: v for k, v in srv.hits.items() if k != "/feed.xml"} == {
            k: v for k, v in hits.items() if k != "/feed.xml"
        }
        # the Atom feed lists the same articles under other ids: found by link, not fetched
        res = runner.invoke(app, ["feed", srv.url("/atom.xml"), "--db", str(db)])
        assert res.exit_code == 0, res.output
        assert f"{srv.url('/atom.xml')}: 0 new articles (0 added), 2 already seen" in res.stdout
        assert srv.hits["/mitsubishi-electric-2020-01.html"] == 1
    assert feed_rows(db)[2] == 2


def test_bad_item_is_retried(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "facts.sqlite"
    with site() as srv:
        broken = {"/mitsubishi-electric-2020-12.html": page(b"%PDF-1.7", "application/pdf")}
        srv.routes.update(broken)
        res = runner.invoke(app, ["feed", srv.url("/feed.xml"), "--db", str(db)])
        assert res.exit_code == 1, (res.stdout, res.stderr)
        bad = srv.url("/mitsubishi-electric-2020-12.html")
        assert res.stderr.strip().splitlines() == [
            f"breachfacts: {bad}: not HTML or plain text (content type application/pdf)"
        ], res.stdout
        assert "1 new article (1 added), 1 could not be read (retried next run)" in res.stdout, (
            res.stdout,
            res.stderr,
        )
        feeds, items, _ = feed_rows(db)
        assert feeds == [(srv.url("/feed.xml"), None)]  # no ETag kept: read it all next run
        assert [k for k, _ in items] == ["sample-mitsubishi-electric-2020-01"]
        srv.routes["/mitsubishi-electric-2020-12.html"] = page(PAGES[
            "/mitsubishi-electric-2020-12.html"
        ])  # fmt: skip
        res = runner.invoke(app, ["feed", srv.url("/feed.xml"), "--db", str(db)])
        assert res.exit_code == 0, res.output
        assert "if-none-match" not in srv.headers["/feed.xml"]
        assert res.stdout.startswith(bad + ": ")
        assert "1 new article (1 added), 1 already seen" in res.stdout
        assert srv.hits["/mitsubishi-electric-2020-01.html"] == 1  # not fetched twice
        assert srv.hits["/mitsubishi-electric-2020-12.html"] == 2
    feeds, items, articles = feed_rows(db)
    assert feeds[0][1] == '"v1"' and len(items) == 2 and articles == 2


def test_no_add_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "facts.sqlite"
    with site() as srv:
        res = runner.invoke(app, ["feed", srv.url("/feed.xml"), "--db", str(db), "--no-add"])
        assert res.exit_code == 0, res.output
        assert not db.exists()  # no store was created
        assert "2 new articles" in res.stdout and "added" not in res.stdout
        # with a store: checked against it, nothing recorded
        seed = ROOT / "data" / "articles" / "mitsubishi-electric-2020-01.txt"
        assert runner.invoke(app, ["add", str(seed), "--db", str(db), "-q"]).exit_code == 0
        args = ["feed", srv.url("/feed.xml"), "--db", str(db), "--no-add", "-f", "jsonl"]
        res = runner.invoke(app, args)
        assert res.exit_code == 0, res.output
        assert len(res.stdout.strip().splitlines()) == 2
        assert '"status": "confirmed"' in res.stdout
    assert feed_rows(db) == ([], [], 1)


def test_entry_date_when_the_page_has_none(nlp, tmp_path: Path) -> None:
    undated = b"<html><body><article><p>Acme Corp said 1,200 customers were hit.</p>"
    rss = b"""<rss version="2.0"><channel><title>t</title><item><guid>u1</guid>
    <link>/undated</link><pubDate>Wed, 03 Mar 2021 10:00:00 GMT</pubDate></item>
    </channel></rss>"""
    with serve({"/f": page(rss, "application/rss+xml"), "/undated": page(undated)}) as srv:
        with Store.open(tmp_path / "s.sqlite") as store:
            run = follow_feed(srv.url("/f"), nlp, store, options=FAST)
    assert run.articles[0].extraction.article.published == date(2021, 3, 3)


def test_feed_file_with_absolute_links(nlp, tmp_path: Path) -> None:
    with site() as srv:
        f = tmp_path / "feed.xml"
        f.write_bytes(ATOM.replace(b'href="', b'href="' + srv.url("/").encode()))
        with Store.open(tmp_path / "s.sqlite") as store:
            first = follow_feed(str(f), nlp, store, options=FAST)
            second = follow_feed(str(f), nlp, store, options=FAST)
    assert len(first.articles) == 2 and first.key == str(f.resolve())
    assert second.articles == [] and second.seen == 2


def test_feed_file_with_relative_links(nlp, tmp_path: Path) -> None:
    errors: list[str] = []
    with Store.open(tmp_path / "s.sqlite") as store:
        run = follow_feed(
            str(WEB / "atom.xml"), nlp, store, on_error=lambda e: errors.append(str(e))
        )
    assert run.failed == 2
    assert errors[0] == "mitsubishi-electric-2020-01.html: not an http or https URL " + (
        "(a relative link in a feed file)"
    )


def test_failed_batch_writes_nothing(nlp, tmp_path: Path, monkeypatch) -> None:
    """The items are marked seen in the articles' transaction: if that fails, neither stays."""
    import breachfacts.follow as follow

    def broken(*args, **kwargs) -> None:  # noqa: ANN002, ANN003
        raise OSError("disk gone")

    monkeypatch.setattr(follow, "mark_seen", broken)
    path = tmp_path / "s.sqlite"
    with site() as srv, Store.open(path) as store:
        with pytest.raises(OSError, match="disk gone"):
            follow_feed(srv.url("/feed.xml"), nlp, store, options=FAST)
    assert feed_rows(path) == ([], [], 0)


def test_unreadable_feed_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "facts.sqlite"
    with site() as srv:
        args = ["feed", srv.url("/nope.xml"), srv.url("/feed.xml"), "--db", str(db)]
        res = runner.invoke(app, args)
    assert res.exit_code == 1
    assert res.stderr.strip() == f"breachfacts: {srv.url('/nope.xml')}: HTTP 404 Not Found"
    assert "2 new articles (2 added)" in res.stdout


def test_pipeline_loaded_only_when_needed(nlp, tmp_path: Path) -> None:
    """A feed with nothing new (304, or every item seen or failing) costs no pipeline load."""

    def never():  # noqa: ANN202
        raise AssertionError("the pipeline was loaded")

    with site() as srv, Store.open(tmp_path / "s.sqlite") as store:
        first = follow_feed(srv.url("/feed.xml"), lambda: nlp, store, options=FAST)
        again = follow_feed(srv.url("/feed.xml"), never, store, options=FAST)
        srv.routes["/x.xml"] = page(RSS.replace(b"mitsubishi", b"gone"), "application/rss+xml")
        broken = follow_feed(srv.url("/x.xml"), never, store, options=FAST, on_error=print)
    assert len(first.articles) == 2 and again.not_modified
    assert broken.failed == 2 and broken.articles == []


def test_same_text_under_another_link(nlp, tmp_path: Path) -> None:
    """An item whose page is an article already stored (same text): nothing recorded, the
    item marked seen with that article."""
    copy = PAGES["/mitsubishi-electric-2020-01.html"]
    rss = b"""<rss version="2.0"><channel><title>t</title>
    <item><guid>c1</guid><link>/copy.html</link></item></channel></rss>"""
    path = tmp_path / "s.sqlite"
    with site(**{"/copy.html": page(copy), "/c.xml": page(rss, "application/rss+xml")}) as srv:
        with Store.open(path) as store:
            follow_feed(srv.url("/feed.xml"), nlp, store, options=FAST)
            run = follow_feed(srv.url("/c.xml"), nlp, store, options=FAST)
    assert [a.status for a in run.articles] == ["duplicate"]
    feeds, items, articles = feed_rows(path)
    assert articles == 2 and ("c1", 1) in items
