"""The store's SQL views (store/views.py) on real SQLite files: created by writers, kept
current, dropped around migrations, never needed by readers; the docs' queries run."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from breachfacts.store import MIGRATIONS, Store
from breachfacts.store.db import apply_migrations, connect, user_version
from breachfacts.store.views import VIEWS, drop_views, ensure_views, stale_views

ROOT = Path(__file__).resolve().parents[1]
STORE_MD = (ROOT / "docs" / "store.md").read_text(encoding="utf-8")


def schema(path: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()


def views_in(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'"))


@pytest.fixture()
def seeded(tmp_path: Path, seed_extractions) -> Path:
    """A store holding the two seed articles (2020-01 then 2020-12)."""
    path = tmp_path / "facts.sqlite"
    with Store.open(path) as store:
        store.add([seed_extractions["2020-01"], seed_extractions["2020-12"]])
    return path


#: Views as an older breachfacts could have made them (the current ones read columns that
#: later migrations added): the migrations must run with any view in place.
OLD_VIEWS = (
    "CREATE VIEW fact_report AS SELECT a.source, f.text, f.value"
    " FROM facts AS f JOIN articles AS a ON a.id = f.article_id",
    "CREATE VIEW subject_summary AS SELECT subject, count(*) AS facts FROM facts GROUP BY subject",
)


def old_file(path: Path, version: int, *, with_views: bool) -> None:
    """A store at schema ``version`` holding one article and one fact, as an older
    breachfacts left it (``with_views``: with :data:`OLD_VIEWS`)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.create_function("breachfacts_subject_keys", 1, lambda name: "[]")
    apply_migrations(conn, MIGRATIONS[:version])
    conn.execute(
        "INSERT INTO articles (id, source, content_hash, published, publisher, added_at)"
        " VALUES (1, 'old.txt', 'h1', '2020-01-21', 'Verdict', '2020-01-22T00:00:00Z')"
    )
    conn.execute(
        "INSERT INTO facts (article_id, fact_id, kind, text, start, end, sentence_text,"
        " certainty, value, low, high, unit, subject, measure, published)"
        " VALUES (1, 'f1', 'figure', '8,000', 0, 5, '8,000 people', 'certain',"
        " 8000, 8000, 8000, 'person', 'Acme', 'people affected', '2020-01-21')"
    )
    if with_views:
        for sql in OLD_VIEWS:
            conn.execute(sql)
    conn.close()


# ------------------------------------------------------------------ writers make them


def test_a_new_store_has_every_view(tmp_path: Path) -> None:
    path = tmp_path / "facts.sqlite"
    Store.open(path).close()
    assert views_in(path) == VIEWS


def test_fact_report_joins_each_fact_with_its_article(seeded: Path) -> None:
    with sqlite3.connect(seeded) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute("SELECT * FROM fact_report").fetchall()
        n_facts = conn.execute("SELECT count(*) FROM facts").fetchone()[0]
    assert len(rows) == n_facts == 39
    people = next(r for r in rows if r["text"] == "more than 8,000")
    assert (people["publisher"], people["published"]) == ("Verdict", "2020-01-21")
    assert people["source"].endswith("mitsubishi-electric-2020-01.txt")
    assert (people["subject"], people["measure"], people["value"]) == (
        "Mitsubishi Electric",
        "people affected",
        8000,
    )
    assert "more than 8,000 people" in people["sentence"]


def test_subject_timeline_is_what_history_shows(seeded: Path) -> None:
    with Store.open(seeded, readonly=True) as store:
        history = store.history("Mitsubishi Electric")
    expected = [
        (measure, r.text, r.published.isoformat() if r.published else None)
        for measure, reports in history.timeline.items()
        for r in reports
    ]
    with sqlite3.connect(seeded) as conn:
        got = conn.execute(
            "SELECT measure, text, published FROM subject_timeline WHERE subject = ?",
            ("Mitsubishi Electric",),
        ).fetchall()
    assert sorted(got, key=str) == sorted(expected, key=str)


def test_subject_summary_counts_articles_and_facts(seeded: Path) -> None:
    with sqlite3.connect(seeded) as conn:
        row = conn.execute(
            "SELECT articles, first_published, last_published FROM subject_summary"
            " WHERE subject = 'Mitsubishi Electric'"
        ).fetchone()
    assert row == (2, "2020-01-21", "2020-12-25")


# ------------------------------------------------------------------ kept current, idempotent


def test_opening_again_writes_nothing(seeded: Path) -> None:
    before = schema(seeded)
    Store.open(seeded).close()
    assert schema(seeded) == before
    conn = connect(seeded)
    try:
        assert stale_views(conn) == []
        assert ensure_views(conn) == []
    finally:
        conn.close()


@pytest.mark.parametrize(
    "damage",
    [
        "DROP VIEW fact_report",
        "DROP VIEW subject_timeline",
        "DROP VIEW fact_report; CREATE VIEW fact_report AS SELECT 1 AS x",  # an older shape
        "DROP VIEW subject_summary; CREATE VIEW subject_summary AS SELECT subject FROM facts",
    ],
)
def test_a_missing_or_different_view_is_replaced(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "facts.sqlite"
    Store.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.executescript(damage)
    assert views_in(path) != VIEWS
    Store.open(path).close()
    assert views_in(path) == VIEWS


def test_a_users_table_of_the_same_name_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "facts.sqlite"
    Store.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.executescript(
            "DROP VIEW subject_summary; CREATE TABLE subject_summary (note TEXT);"
            "INSERT INTO subject_summary VALUES ('mine')"
        )
    Store.open(path).close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT note FROM subject_summary").fetchall() == [("mine",)]
    assert set(views_in(path)) == set(VIEWS) - {"subject_summary"}


# ------------------------------------------------------------------ migrations


@pytest.mark.parametrize("with_views", [False, True], ids=["old file", "old file with views"])
@pytest.mark.parametrize("version", range(1, len(MIGRATIONS)))
def test_migrations_run_on_an_old_file_and_views_follow(
    tmp_path: Path, version: int, with_views: bool
) -> None:
    """Migration 5 rebuilds ``facts`` (DROP, then RENAME): SQLite refuses the rename while a
    view reads the dropped table, unless the migration dropped the views first."""
    path = tmp_path / "old.sqlite"
    old_file(path, version, with_views=with_views)
    with Store.open(path) as store:
        assert user_version(store.conn) == len(MIGRATIONS)
        assert store.info()["facts"] == 1
    assert views_in(path) == VIEWS
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT source, publisher, subject, value FROM fact_report").fetchone()
    assert row == ("old.txt", "Verdict", "Acme", 8000)


def test_drop_views_leaves_the_tables(seeded: Path) -> None:
    conn = sqlite3.connect(seeded, isolation_level=None)
    try:
        drop_views(conn)
        names = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()
    assert views_in(seeded) == {}
    assert {"articles", "facts", "subject_names"} <= names


# ------------------------------------------------------------------ readers


@pytest.mark.parametrize("with_views", [True, False], ids=["views", "no views (older file)"])
def test_readers_work_with_or_without_views_and_create_none(seeded: Path, with_views: bool) -> None:
    if not with_views:
        conn = sqlite3.connect(seeded, isolation_level=None)
        drop_views(conn)
        conn.close()
    before = schema(seeded)
    with Store.open(seeded, readonly=True) as store:
        assert store.info()["facts"] == 39
        assert store.history("Mitsubishi Electric").found
    assert schema(seeded) == before


def test_an_empty_file_reads_as_a_store_with_views(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    with Store.open(path, readonly=True) as store:
        assert store.info()["facts"] == 0
        names = {n for (n,) in store.conn.execute("SELECT name FROM sqlite_master")}
    assert set(VIEWS) <= names
    assert path.read_bytes() == b""  # nothing written


# ------------------------------------------------------------------ docs/store.md


def _doc_queries() -> list[tuple[str, list[list[str]] | None]]:
    """Each ```sql block of docs/store.md with the rows shown under it (None if none)."""
    out = []
    for m in re.finditer(r"```sql\n(.*?)```\n(?:\n((?:    [^\n]*\n)+))?", STORE_MD, re.S):
        sql, shown = m.group(1), m.group(2)
        rows = None
        if shown:
            lines = [line[4:] for line in shown.splitlines()]
            if len(lines) > 1 and set(lines[1].replace(" ", "")) == {"-"}:
                spans = [(d.start(), d.end()) for d in re.finditer(r"-+", lines[1])]
                rows = [[line[a : b + 1].strip() for a, b in spans] for line in lines[2:]]
        out.append((sql, rows))
    return out


def test_docs_have_view_queries() -> None:
    queries = [sql for sql, _ in _doc_queries()]
    for view in VIEWS:
        assert any(f"FROM {view}" in sql for sql in queries), view


@pytest.mark.parametrize("query", _doc_queries(), ids=lambda q: q[0].split("FROM")[1].split()[0])
def test_every_sql_example_of_the_docs_runs(
    seeded: Path, query: tuple[str, list[list[str]] | None]
) -> None:
    sql, shown = query
    with sqlite3.connect(seeded) as conn:
        rows = conn.execute(sql).fetchall()
    assert rows
    if shown is not None:  # as sqlite3 -column prints them: NULL as '', REAL as 8000.0
        got = [["" if v is None else str(v) for v in row] for row in rows]
        assert got == shown
