"""The store: migrations, atomic batches, failure paths, check and history.

Facts are built by hand with the Fact dataclass (no spaCy), with real offsets into the text.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import breachfacts.store.rows as store_rows
from breachfacts.facts import Article, Extraction, Fact, Sentence
from breachfacts.store import (
    MIGRATIONS,
    FactsFormatError,
    Store,
    StoreCorrupt,
    StoreError,
    StoreLocked,
    StoreReadOnly,
    StoreTooNew,
    default_db_path,
)
from breachfacts.store.db import Migration, applied, apply_migrations, connect, pending
from breachfacts.store.documents import raw_hash, read_fact_documents
from breachfacts.store.legacy import resolve_subjects
from breachfacts.store.store import STORED_PER_KEY

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "articles"


class Doc:
    """An article under construction: facts are found in its text by phrase."""

    def __init__(self, text: str, published: str | None, source: str = "a.txt", **meta: Any):
        self.text = text
        self.published = date.fromisoformat(published) if published else None
        self.source = source
        self.meta = meta
        self.facts: list[Fact] = []

    def add(self, kind: str, phrase: str, nth: int = 0, **kw: Any) -> Doc:
        start = -1
        for _ in range(nth + 1):
            start = self.text.index(phrase, start + 1)
        end = start + len(phrase)
        dot, newline = self.text.rfind(". ", 0, start), self.text.rfind("\n", 0, start)
        s0 = max(dot + 2 if dot != -1 else 0, newline + 1)
        stops = [i for i in (self.text.find(". ", end), self.text.find("\n", end)) if i != -1]
        s1 = min(stops) + 1 if stops else len(self.text)
        sentence = Sentence(self.text[s0:s1], s0, s1)
        fid = f"f{len(self.facts) + 1}"
        self.facts.append(Fact(fid, kind, phrase, start, end, sentence, **kw))  # type: ignore[arg-type]
        return self

    def org(self, phrase: str, canonical: str | None = None, nth: int = 0, **kw: Any) -> Doc:
        return self.add("organisation", phrase, nth, canonical=canonical or phrase, **kw)

    def x(self) -> Extraction:
        return Extraction(
            Article(self.source, self.text, self.published, meta=self.meta), tuple(self.facts)
        )


def acme(published: str | None, n: int = 8000, qualifier: str | None = "more than", **kw: Any):
    words = f"{qualifier} {n:,}" if qualifier else f"{n:,}"
    text = f"Acme Corp said data on {words} people leaked. It happened in June 2019.\n"
    source = kw.pop("source", f"acme-{published}.txt")
    meta = {"publisher": kw.pop("publisher")} if "publisher" in kw else {}
    d = Doc(text + kw.pop("extra", ""), published, source, **meta)
    d.org("Acme Corp", "Acme")
    d.add("figure", words, value=n, low=n if qualifier else None, unit="person",
          qualifier=qualifier, **kw)  # fmt: skip
    d.add("date", "June 2019", date="2019-06", granularity="month", role="attack", relative=False)
    return d.x()


def counts(path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    try:
        return (
            conn.execute("SELECT count(*) FROM articles").fetchone()[0],
            conn.execute("SELECT count(*) FROM facts").fetchone()[0],
        )
    finally:
        conn.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store" / "facts.sqlite"


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    with Store.open(db) as s:
        yield s


# ------------------------------------------------------------------ file and migrations


def test_fresh_store_is_migrated_wal_and_foreign_keys(db: Path) -> None:
    conn = connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    assert pending(conn) == [] and applied(conn) == list(MIGRATIONS)
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"facts_subject_measure", "facts_canonical"} <= indexes
    conn.close()


def test_migrating_twice_is_a_no_op(db: Path) -> None:
    conn = connect(db)
    schema = conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    assert apply_migrations(conn) == []
    conn.close()
    conn = connect(db)
    assert conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == schema
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    conn.close()


def test_an_old_store_migrates_forward_keeping_its_data(db: Path) -> None:
    conn = connect(db, migrate=False)
    assert [m.version for m in pending(conn)] == [m.version for m in MIGRATIONS]
    apply_migrations(conn, MIGRATIONS[:1])
    conn.execute("INSERT INTO articles (source, content_hash, added_at) VALUES ('a', 'h', 'now')")
    assert [m.version for m in pending(conn)] == [m.version for m in MIGRATIONS[1:]]
    conn.close()
    conn = connect(db)
    assert pending(conn) == []
    assert conn.execute("SELECT source FROM articles").fetchall() == [("a",)]
    conn.close()


def test_a_failing_migration_leaves_the_version_and_schema_alone(db: Path) -> None:
    conn = connect(db)
    bad = Migration(
        len(MIGRATIONS) + 1, "broken", ("CREATE TABLE extra (x)", "CREATE TABLE extra (y)")
    )
    with pytest.raises(sqlite3.OperationalError):
        apply_migrations(conn, [*MIGRATIONS, bad])
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert conn.execute("SELECT name FROM sqlite_master WHERE name='extra'").fetchone() is None
    conn.close()


def test_a_store_from_a_newer_version_is_refused(db: Path) -> None:
    connect(db).execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    with pytest.raises(StoreTooNew, match="newer than this breachfacts"):
        Store.open(db)


def test_default_path_is_user_data_dir_unless_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BREACHFACTS_DB", raising=False)
    path = default_db_path()
    assert path.name == "facts.sqlite" and "breachfacts" in str(path)
    monkeypatch.setenv("BREACHFACTS_DB", "/somewhere/else.sqlite")
    assert default_db_path() == Path("/somewhere/else.sqlite")


def test_store_opens_at_env_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "deep" / "er" / "facts.sqlite"
    monkeypatch.setenv("BREACHFACTS_DB", str(target))
    with Store.open() as s:
        info = s.info()
    assert target.exists()
    assert info["path"] == str(target)
    assert (info["articles"], info["facts"], info["schema_version"]) == (0, 0, len(MIGRATIONS))


# ------------------------------------------------------------------ add


def test_add_records_articles_and_facts(store: Store, db: Path) -> None:
    report = store.add([acme("2020-01-21", publisher="Verdict"), acme("2020-02-01", 9000)])
    assert [a.status for a in report.articles] == ["added", "added"]
    assert report.facts == 6
    assert counts(db) == (2, 6)
    row = store.conn.execute(
        "SELECT subject, measure, value, low, high, qualifier, sentence_text FROM facts"
        " WHERE kind='figure' ORDER BY article_id LIMIT 1"
    ).fetchone()
    assert row[:6] == ("Acme", "people affected", 8000, 8000, None, "more than")
    assert row[6].startswith("Acme Corp said data on more than 8,000 people leaked.")


def test_adding_the_same_article_twice_records_nothing(store: Store, db: Path) -> None:
    store.add([acme("2020-01-21")])
    before = counts(db)
    again = acme("2020-01-21", source="renamed.txt")  # same text, other name
    report = store.add([again])
    assert [(a.status, a.facts) for a in report.articles] == [("duplicate", 0)]
    assert report.duplicates[0].source == "renamed.txt"
    assert counts(db) == before


def _respelt(x: Extraction, text: str) -> Extraction:
    """The same extraction over another spelling of its text (offsets kept: only line ends
    and the tail differ, after every fact)."""
    return Extraction(dataclasses.replace(x.article, text=text), x.facts)


@pytest.mark.parametrize(
    "variant",
    [
        lambda t: t.replace("\n", "\r\n"),  # saved on Windows
        lambda t: t.replace("\n", "\r"),  # old Mac
        lambda t: t + "\n",  # one more newline at the end
        lambda t: t.rstrip("\n"),  # or one fewer
        lambda t: t.replace("\n", " \t\n") + "   \n\n",  # blanks at the ends of lines
        lambda t: unicodedata.normalize("NFD", t),  # decomposed accents
    ],
    ids=["crlf", "cr", "extra-newline", "no-newline", "trailing-blanks", "nfd"],
)
def test_the_same_article_spelt_differently_is_stored_once_and_does_not_confirm_itself(
    store: Store, db: Path, variant: Any
) -> None:
    """Issue 16, class 11: the CRLF copy of an article was stored again and then
    "confirmed" itself."""
    x = acme("2020-01-21", extra="Café staff were told on Monday.\nMore later.\n")
    store.add([x])
    again = _respelt(x, variant(x.article.text))
    assert again.article.text != x.article.text or variant(x.article.text) == x.article.text
    assert [a.status for a in store.add([again]).articles] == ["duplicate"]
    assert counts(db) == (1, 3)
    assert {c.status for c in store.check(again)} == {"new"}  # its own facts are left out


def test_an_article_stored_by_an_older_version_is_still_recognised(store: Store, db: Path) -> None:
    """Stores written before keep the hash of the text as it was (it is not stored, so it
    cannot be redone): re-adding that very text is still a duplicate."""
    x = acme("2020-01-21")
    assert x.article.text.endswith("\n")  # its old hash differs from its normalised one
    store.add([x])
    store.conn.execute("UPDATE articles SET content_hash = ?", (raw_hash(x.article.text),))
    assert [a.status for a in store.add([x]).articles] == ["duplicate"]
    assert {c.status for c in store.check(x)} == {"new"}
    assert counts(db) == (1, 3)


def test_a_duplicate_inside_one_batch_is_recorded_once(store: Store, db: Path) -> None:
    report = store.add([acme("2020-01-21"), acme("2020-01-21")])
    assert [a.status for a in report.articles] == ["added", "duplicate"]
    assert counts(db) == (1, 3)


def test_a_failure_halfway_through_a_batch_leaves_the_store_unchanged(
    store: Store, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add([acme("2019-12-01", 7000)])
    before = counts(db)
    real = store_rows.insert_facts
    calls = itertools.count(1)

    def flaky(conn: sqlite3.Connection, rows: list) -> None:
        if next(calls) == 2:
            raise RuntimeError("disk on fire")
        real(conn, rows)

    monkeypatch.setattr(store_rows, "insert_facts", flaky)
    batch = [acme("2020-01-21"), acme("2020-02-01", 9000), acme("2020-03-01", 10000)]
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.add(batch)
    assert counts(db) == before
    monkeypatch.setattr(store_rows, "insert_facts", real)
    assert len(store.add(batch).added) == 3  # the store is still usable


def test_ctrl_c_mid_batch_rolls_back(store: Store, db: Path) -> None:
    def batch() -> Iterator[Extraction]:
        yield acme("2020-01-21")
        yield acme("2020-02-01", 9000)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store.add(batch())
    assert counts(db) == (0, 0)


#: The start of a writer script run in a child process: the store and marker paths from
#: argv, and synthetic articles of 20 facts each.
WRITER_HEAD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import breachfacts.store.rows as rows
    from breachfacts.facts import Article, Extraction, Fact, Sentence
    from breachfacts.store import Store

    db, marker = Path(sys.argv[1]), Path(sys.argv[2])

    def article(i):
        text = f"Article {i}: Acme said {i} people were affected."
        s = Sentence(text, 0, len(text))
        facts = tuple(
            Fact(f"f{j}", "figure", str(i), 0, 1, s, value=i + j, unit="person", subject="Acme")
            for j in range(20)
        )
        return Extraction(Article(f"a{i}.txt", text, None), facts)
    """
)


KILLED_WRITER = WRITER_HEAD + textwrap.dedent(
    """

    with Store.open(db) as store:
        store.add(article(i) for i in range(5))          # committed
        def big():
            for i in range(5, 100_000):
                if i == 2_000:
                    marker.write_text("writing")          # well inside the transaction
                    time.sleep(60)
                yield article(i)
        store.add(big())
    """
)


def test_killing_a_writer_mid_batch_keeps_what_was_committed(tmp_path: Path, db: Path) -> None:
    marker = tmp_path / "marker"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    child = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(db), str(marker)], env=env)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, "writer exited early"
            assert time.monotonic() < deadline, "writer never reached the middle of its batch"
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    with Store.open(db) as s:
        info = s.info()
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert (info["articles"], info["facts"]) == (5, 100)
        assert s.add([acme("2020-01-21")]).added  # and it still takes writes


KILLED_MID_WRITE = WRITER_HEAD + textwrap.dedent(
    """

    real, calls = rows.insert_facts, [0]

    def slow(conn, batch):
        real(conn, batch)
        calls[0] += 1
        if calls[0] == 5 + 500:
            marker.write_text("writing")      # inside the write transaction, rows written
            time.sleep(60)

    rows.insert_facts = slow
    with Store.open(db) as store:
        store.add(article(i) for i in range(5))          # committed
        store.add(article(i) for i in range(5, 2_000))   # killed halfway through writing
    """
)


def test_killing_a_writer_inside_its_write_transaction_keeps_the_store_whole(
    tmp_path: Path, db: Path
) -> None:
    """Since add reads its input before it takes the lock (issue 16, class 5), the test
    above kills the writer while it reads; this one kills it halfway through writing."""
    marker = tmp_path / "marker"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_MID_WRITE, str(db), str(marker)], env=env
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, "writer exited early"
            assert time.monotonic() < deadline, "writer never reached the middle of its write"
            time.sleep(0.05)
        assert counts_busy(db)  # the lock is held: it is writing
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    with Store.open(db) as s:
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert (s.info()["articles"], s.info()["facts"]) == (5, 100)


def counts_busy(db: Path) -> bool:
    """True if another connection holds the write lock of ``db``."""
    probe = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()


# ------------------------------------------------------------------ concurrent writers


def test_add_does_not_hold_the_write_lock_while_its_input_is_produced(db: Path) -> None:
    """Issue 16, class 5: the extraction (a generator running spaCy) ran inside the write
    transaction, so any other writer failed after the busy timeout."""
    Store.open(db).close()
    other_wrote: list[bool] = []

    def extracting() -> Iterator[Extraction]:
        yield acme("2020-01-21")
        other_wrote.append(not counts_busy(db))  # another writer could take the lock now
        with Store.open(db, timeout=0) as other:
            other.add([acme("2020-03-01", 9500)])
        yield acme("2020-02-01", 9000)

    with Store.open(db) as s:
        s.add(extracting())
    assert other_wrote == [True]
    assert counts(db) == (3, 9)


def test_a_writer_waits_for_another_rather_than_fail(db: Path) -> None:
    Store.open(db).close()
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    timer = threading.Timer(1.0, lambda: holder.execute("ROLLBACK"))
    timer.start()
    try:
        started = time.monotonic()
        with Store.open(db, timeout=30) as s:
            assert s.add([acme("2020-01-21")]).added
        assert 0.5 < time.monotonic() - started < 30
    finally:
        timer.join()
        holder.close()


def test_add_batches_commits_each_batch_and_a_failure_loses_only_its_own(
    store: Store, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[int] = []

    def stream() -> Iterator[Extraction]:
        for i in range(8):
            read.append(i)
            yield acme(f"2020-01-{i + 1:02d}", 1000 + i)

    reports = store.add_batches(stream(), articles=3)
    first = next(reports)
    assert len(first.added) == 3 and read == [0, 1, 2]  # lazily: one batch in memory
    assert counts(db) == (3, 9)  # committed before the next batch is read
    real, calls = store_rows.insert_facts, itertools.count(1)

    def flaky(conn: sqlite3.Connection, rows: list) -> None:
        if next(calls) == 5:  # the second article of the third batch
            raise sqlite3.OperationalError("disk I/O error")
        real(conn, rows)

    monkeypatch.setattr(store_rows, "insert_facts", flaky)
    assert len(next(reports).added) == 3
    with pytest.raises(StoreError, match="disk I/O error"):
        next(reports)
    assert counts(db) == (6, 18)  # two whole batches, nothing of the third


def test_add_batches_bounds_a_batch_by_its_text_too(store: Store) -> None:
    reports = list(store.add_batches((acme(f"2020-01-{i:02d}") for i in range(1, 6)), chars=150))
    assert [len(r.articles) for r in reports] == [2, 2, 1]


@pytest.mark.parametrize("value", ["-1", "nan", "forever", "1e9"])
def test_a_bad_lock_timeout_is_one_line(
    db: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("BREACHFACTS_LOCK_TIMEOUT", value)
    with pytest.raises(StoreError) as e:
        Store.open(db)
    assert str(e.value).startswith("$BREACHFACTS_LOCK_TIMEOUT: lock timeout")
    monkeypatch.setenv("BREACHFACTS_LOCK_TIMEOUT", "0.25")
    with Store.open(db) as s:
        assert s.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 250


# ------------------------------------------------------------------ failure paths


def test_a_locked_store_is_one_clear_error(db: Path) -> None:
    Store.open(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Store.open(db, timeout=0.1) as s, pytest.raises(StoreLocked) as e:
            s.add([acme("2020-01-21")])
        assert "locked" in str(e.value) and "\n" not in str(e.value)
        assert str(e.value).startswith(str(db))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert counts(db) == (0, 0)


def test_a_corrupt_store_is_one_clear_error(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"this is not a database, just some text " * 200)
    with pytest.raises(StoreCorrupt) as e:
        Store.open(db)
    assert str(e.value).startswith(str(db)) and "\n" not in str(e.value)


def test_writing_a_read_only_store_is_one_clear_error(db: Path) -> None:
    with Store.open(db) as s:
        s.add([acme("2020-01-21")])
    with Store.open(db, readonly=True) as s:
        later = acme("2020-02-01", extra="More.")
        assert [c.status for c in s.check(later)] == ["confirmed"] * 3
        with pytest.raises(StoreReadOnly) as e:
            s.add([later])
    assert "\n" not in str(e.value)
    assert counts(db) == (1, 3)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_a_store_in_a_read_only_folder_is_one_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(StoreError) as e:
            Store.open(folder / "facts.sqlite")
        assert "\n" not in str(e.value)
    finally:
        folder.chmod(0o755)


def test_opening_a_missing_store_read_only_does_not_create_it(db: Path) -> None:
    with pytest.raises(StoreError, match="no store here"):
        Store.open(db, readonly=True)
    assert not db.exists()


# ------------------------------------------------------------------ subjects


def test_subject_is_the_facts_own_then_sentence_org_then_main_victim() -> None:
    text = (
        "Acme was hit. Acme lost 5,000 files. Globex said 300 servers were down. "
        "Later, 12 cases surfaced. The FBI joined, said Globex.\n"
    )
    d = Doc(text, None)
    d.org("Acme").org("Acme", nth=1).org("Globex").org("FBI").org("Globex", nth=1)
    d.add("figure", "5,000", value=5000, unit="file")
    d.add("figure", "300", value=300, unit="server")
    d.add("figure", "12", value=12, unit="case")
    d.add("figure", "12", value=12, unit="case", subject="Initech")
    got = resolve_subjects(d.facts)
    assert [got[f.id] for f in d.facts[5:]] == ["Acme", "Globex", "Acme", "Initech"]
    assert got["f3"] == "Globex"  # an organisation is its own subject


def test_main_victim_tie_goes_to_the_first_mentioned() -> None:
    d = Doc("Globex and Acme. Nothing else. 7 files went.\n", None)
    d.org("Globex").org("Acme").add("figure", "7", value=7, unit="file")
    assert resolve_subjects(d.facts)["f3"] == "Globex"


def test_initials_and_case_link_subjects_across_articles(store: Store) -> None:
    first = Doc("InterContinental Hotels Group said 1,184 hotels were hit.\n", "2017-04-14")
    first.org("InterContinental Hotels Group").add("figure", "1,184", value=1184, unit="hotel")
    store.add([first.x()])
    for name in ("IHG", "I.H.G.", "Intercontinental Hotels Group", "INTERCONTINENTAL HOTELS GROUP"):
        later = Doc(f"{name} said 1,184 hotels were hit.\n", "2017-04-19", source=name)
        later.org(name).add("figure", "1,184", value=1184, unit="hotel")
        got = store.check(later.x())
        assert [(c.subject, c.status) for c in got] == [
            ("InterContinental Hotels Group", "confirmed")
        ] * 2, name
    store.add([later.x()])  # filed under the stored name, found by its initials
    assert store.history("IHG").organisation == "InterContinental Hotels Group"
    assert store.history("IHG").articles == 2


def test_names_of_one_organisation_in_an_article_share_its_full_name(store: Store) -> None:
    d = Doc("IHG was hit. InterContinental Hotels Group said 12 hotels were hit.\n", "2017-02-03")
    # as the extractor writes them: each organisation is its own subject
    d.org("IHG", subject="IHG")
    d.org("InterContinental Hotels Group", subject="InterContinental Hotels Group")
    d.add("figure", "12", value=12, unit="hotel", subject="IHG")
    [_, _, fig] = store.add([d.x()], check=True).articles[0].checked
    assert fig.subject == "InterContinental Hotels Group"


def test_a_stored_victim_named_in_the_sentence_beats_the_main_victim(store: Store) -> None:
    first = Doc("Equifax said 143 million consumers were exposed. The FBI was told.\n",
                "2017-09-22")  # fmt: skip
    first.org("Equifax", role="victim").add("figure", "143 million", value=143e6, unit="consumer")
    first.org("FBI", role="other")
    store.add([first.x()])
    text = (
        "Daily Swig reports a Jenkins flaw. In 2017 a flaw exposed 143 million Equifax "
        "customers. The firm notified the FBI about 12 accounts.\n"
    )
    d = Doc(text, "2018-12-13")
    d.org("Daily Swig", role="victim")  # the recogniser missed "Equifax"
    d.add("figure", "143 million", value=143e6, unit="customer", subject="Daily Swig")
    d.org("FBI", role="other")
    d.add("figure", "12", value=12, unit="account", subject="Daily Swig")
    got = {c.fact.text: c for c in store.check(d.x())}
    assert (got["143 million"].subject, got["143 million"].status) == ("Equifax", "confirmed")
    assert got["12"].subject == "Daily Swig"  # the FBI is no victim, here or in the store


def test_a_name_an_earlier_article_used_links_to_its_organisation(store: Store) -> None:
    first = Doc("Atlanta Information Management said Atlanta was asked $51,000.\n", "2018-03-23")
    first.org("Atlanta Information Management").org("Atlanta", "Atlanta Information Management")
    first.add("money", "$51,000", value=51000, unit="USD", currency="USD", role="ransom")
    store.add([first.x()])
    later = Doc("Atlanta was asked $51,000.\n", "2018-03-25", source="b")
    later.org("Atlanta").add("money", "$51,000", value=51000, unit="USD", currency="USD",
                             role="ransom")  # fmt: skip
    got = store.check(later.x())
    assert [(c.subject, c.status) for c in got] == [
        ("Atlanta Information Management", "confirmed")
    ] * 2


def test_different_organisations_with_the_same_initials_stay_apart(store: Store) -> None:
    for name in ("Indiana Health Group", "InterContinental Hotels Group"):
        d = Doc(f"{name} lost 7 files.\n", "2017-01-01", source=name)
        store.add([d.org(name).add("figure", "7", value=7, unit="file").x()])
    d = Doc("IHG lost 9 files.\n", "2017-02-01")
    got = store.check(d.org("IHG").add("figure", "9", value=9, unit="file").x())
    assert [(c.subject, c.status) for c in got] == [("IHG", "new")] * 2  # ambiguous: not linked
    d = Doc("Yahoo Japan lost 9 files.\n", "2017-02-01")
    store.add([Doc("Yahoo lost 7 files.\n", "2017-01-01", source="y").org("Yahoo").x()])
    got = store.check(d.org("Yahoo Japan").add("figure", "9", value=9, unit="file").x())
    assert got[0].subject == "Yahoo Japan"  # first words alone do not link across articles


def test_migration_3_indexes_the_subjects_of_an_old_store(db: Path) -> None:
    conn = connect(db, migrate=False)
    apply_migrations(conn, MIGRATIONS[:2])
    conn.execute("INSERT INTO articles (source, content_hash, added_at) VALUES ('a', 'h', 'now')")
    conn.execute(
        "INSERT INTO facts (article_id, fact_id, kind, text, subject, measure, value, unit,"
        " published) VALUES (1, 'f1', 'figure', '12', 'InterContinental Hotels Group',"
        " 'count of hotel', 12, 'hotel', '2017-02-03')"
    )
    conn.close()
    with Store.open(db) as s:
        d = Doc("IHG said 12 hotels.\n", "2017-04-19")
        got = s.check(d.org("IHG").add("figure", "12", value=12, unit="hotel").x())
        assert [c.status for c in got] == ["new", "confirmed"]


def test_per_unit_amounts_and_breakdown_parts_are_not_revisions_of_totals(store: Store) -> None:
    d = Doc("Hackers asked Acme for $51,000 for all computers. 270,000 customers were hit.\n",
            "2018-03-23")  # fmt: skip
    d.org("Acme").add("money", "$51,000", value=51000, unit="USD", currency="USD", role="ransom")
    d.add("figure", "270,000", value=270000, unit="customer")
    store.add([d.x()])
    text = (
        "Acme was asked $6,800 per computer or $51,000 in all. 245,000 in the UK and 25,000 "
        "in Poland were hit, 270,000 in all.\n"
    )
    d = Doc(text, "2018-03-25")
    d.org("Acme")
    d.add("money", "$6,800", value=6800, unit="USD", currency="USD", role="ransom", per="computer")
    d.add("money", "$51,000", value=51000, unit="USD", currency="USD", role="ransom")
    d.add("figure", "245,000", value=245000, unit="customer", place="UK")
    d.add("figure", "25,000", value=25000, unit="customer", place="Poland")
    d.add("figure", "270,000", value=270000, unit="customer")
    got = store.add([d.x()], check=True).articles[0].checked
    assert [(c.measure, c.status) for c in got[1:]] == [
        ("money:ransom per computer", "new"),
        ("money:ransom", "confirmed"),
        ("people affected in UK", "new"),
        ("people affected in Poland", "new"),
        ("people affected", "confirmed"),
    ]
    row = store.conn.execute("SELECT per, place FROM facts WHERE text = '$6,800'").fetchone()
    assert tuple(row) == ("computer", None)
    later = Doc("Acme was asked $6,000 per computer.\n", "2018-04-01")
    later.org("Acme").add(
        "money", "$6,000", value=6000, unit="USD", currency="USD", role="ransom", per="computers"
    )
    assert store.check(later.x())[1].status == "updated"  # against $6,800 per computer only


def _ransom_note(published: str, *, stated: bool = True, source: str = "a.txt") -> Extraction:
    """Acme's ransom in bitcoin, with (or without) its value in dollars stated."""
    text = "Acme was asked 0.8 BTC per computer or 6 BTC for all, equal to about $51,000.\n"
    d = Doc(text, published, source)
    d.org("Acme")
    d.add("money", "0.8 BTC", value=0.8, unit="BTC", currency="BTC", role="ransom",
          per="computer")  # fmt: skip
    d.add("money", "6 BTC", value=6, unit="BTC", currency="BTC", role="ransom")
    if stated:
        d.add("money", "about $51,000", value=51000, unit="USD", currency="USD",
              qualifier="about", role="ransom", equivalent_of="f3")  # fmt: skip
    return d.x()


def _per_computer(usd: int, published: str | None, source: str = "b.txt") -> Extraction:
    d = Doc(f"Acme was asked ${usd:,} per computer.\n", published, source)
    d.org("Acme").add("money", f"${usd:,}", value=usd, unit="USD", currency="USD",
                      role="ransom", per="computer")  # fmt: skip
    return d.x()


def test_amounts_in_two_currencies_compare_at_the_rate_an_article_states(store: Store) -> None:
    store.add([_ransom_note("2018-03-23")])
    # 6 BTC = about $51,000: 7,650..9,350 USD per BTC, so 0.8 BTC is $6,120..$7,480
    (_, same) = store.check(_per_computer(6800, "2018-03-25"))
    assert (same.measure, same.status) == ("money:ransom per computer", "confirmed")
    assert [a["text"] for a in same.against] == ["0.8 BTC"]
    assert same.against[0]["converted"] == {"currency": "USD", "low": 6120, "high": 7480}
    (_, more) = store.check(_per_computer(9000, "2018-03-25"))
    assert more.status == "updated"


def test_no_stated_rate_no_comparison_across_currencies(db: Path) -> None:
    with Store.open(db) as store:
        store.add([_ransom_note("2018-03-23", stated=False)])
        assert store.check(_per_computer(6800, "2018-03-25"))[1].status == "new"
        # a rate stated too long before (rates move) converts nothing either
        store.add([_ransom_note("2017-01-02", source="old.txt")])
        assert store.check(_per_computer(6800, "2018-03-25"))[1].status == "new"
        # the new article's own conversion is a rate too
        own = _ransom_note("2018-03-26", source="c.txt")
        d = Doc(own.article.text + "Acme was asked $6,800 per computer.\n", "2018-03-26", "c")
        d.facts = list(own.facts)
        d.add("money", "$6,800", value=6800, unit="USD", currency="USD", role="ransom",
              per="computer")  # fmt: skip
        assert store.check(d.x())[-1].status == "confirmed"
        # undated: no window to take a stored rate from
        assert store.check(_per_computer(6800, None))[1].status == "new"


def test_durations_are_stored_and_compared_in_their_unit(store: Store) -> None:
    d = Doc("Acme was down for over 72 hours.\n", "2021-05-01")
    d.org("Acme").add("duration", "over 72 hours", value=72, low=72, unit="hour",
                      qualifier="over")  # fmt: skip
    store.add([d.x()])
    later = Doc("Acme was down for 80 hours, or 3 days.\n", "2021-05-09", source="b")
    later.org("Acme").add("duration", "80 hours", value=80, unit="hours")
    later.add("duration", "3 days", value=3, unit="day")
    got = store.check(later.x())
    assert [(c.measure, c.status) for c in got[1:]] == [
        ("duration in hour", "confirmed"),
        ("duration in day", "new"),
    ]


def test_migration_5_keeps_the_facts_of_a_version_4_store(db: Path) -> None:
    conn = connect(db, migrate=False)
    apply_migrations(conn, MIGRATIONS[:4])
    conn.execute("INSERT INTO articles (source, content_hash, added_at) VALUES ('a', 'h', 'now')")
    conn.execute(
        "INSERT INTO facts (article_id, fact_id, kind, text, subject, measure, per)"
        " VALUES (1, 'f1', 'money', '$5', 'Acme', 'money:ransom per computer', 'computer')"
    )
    conn.close()
    conn = connect(db)
    assert pending(conn) == []
    assert conn.execute("SELECT kind, per FROM facts").fetchall() == [("money", "computer")]
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"facts_subject_measure", "facts_subject_date", "facts_canonical"} <= names
    conn.execute("DELETE FROM articles")  # foreign key cascade still holds
    assert conn.execute("SELECT count(*) FROM facts").fetchone()[0] == 0
    conn.close()


# ------------------------------------------------------------------ check


def test_check_writes_nothing(store: Store, db: Path) -> None:
    store.add([acme("2020-01-21")])
    before = counts(db)
    store.check(acme("2020-12-25", 9000))
    assert counts(db) == before


def test_check_statuses_and_against(store: Store) -> None:
    store.add([acme("2020-01-21", publisher="Verdict")])
    later = store.check(acme("2020-12-25", 1_200_000, qualifier=None))
    assert [(c.measure, c.status) for c in later] == [
        ("organisation", "confirmed"),
        ("people affected", "updated"),
        ("date:attack", "confirmed"),
    ]
    was = later[1].against
    assert was == [
        {
            "value": 8000,
            "low": 8000,
            "high": None,
            "date": None,
            "text": "more than 8,000",
            "certainty": "certain",
            "source": "acme-2020-01-21.txt",
            "published": "2020-01-21",
        }
    ]
    assert later[1].to_dict()["status"] == "updated"
    assert later[1].to_dict()["against"] == was
    same = store.check(acme("2020-01-21", 40000, qualifier=None, source="x.txt", extra="More."))
    assert same[1].status == "conflicting"
    unknown = store.check(acme(None, 40000, qualifier=None, extra="More."))
    assert unknown[1].status == "conflicting"
    agreeing = store.check(acme("2020-12-25", 8500, qualifier=None))
    assert agreeing[1].status == "confirmed"


def test_denied_vs_asserted_is_conflicting(store: Store) -> None:
    store.add([acme("2020-01-21")])
    denied = store.check(acme("2020-12-25", certainty="denied", extra="Denied."))
    assert denied[1].status == "conflicting"


def test_other_subjects_and_measures_are_new(store: Store) -> None:
    store.add([acme("2020-01-21")])
    d = Doc("Globex lost 8,000 accounts and 9 files.\n", "2020-12-25")
    d.org("Globex").add("figure", "8,000", value=8000, unit="account")
    d.add("figure", "9", value=9, unit="file")
    assert [c.status for c in store.check(d.x())] == ["new", "new", "new"]
    d2 = Doc("Acme lost 12 accounts.\n", "2020-12-25")
    d2.org("Acme").add("figure", "12", value=12, unit="account")
    assert [c.status for c in store.check(d2.x())] == ["confirmed", "new"]
    # the same large number under another measure is a restatement (test_slots.py)


def test_a_fact_without_any_organisation_is_new(store: Store) -> None:
    store.add([acme("2020-01-21")])
    d = Doc("Some 8,000 people were hit.\n", "2020-12-25")
    d.add("figure", "8,000", value=8000, unit="person", qualifier="some")
    [c] = store.check(d.x())
    assert (c.status, c.subject) == ("new", None)


def test_checking_a_stored_article_ignores_its_own_facts(store: Store) -> None:
    store.add([acme("2020-01-21")])
    assert [c.status for c in store.check(acme("2020-01-21"))] == ["new", "new", "new"]


def test_add_with_check_compares_each_article_before_it_is_written(store: Store) -> None:
    report = store.add([acme("2020-01-21"), acme("2020-03-01", 20000, qualifier=None)], check=True)
    assert [c.status for c in report.articles[0].checked] == ["new", "new", "new"]
    assert [c.status for c in report.articles[1].checked] == ["confirmed", "updated", "confirmed"]


def test_money_compares_by_role_and_currency(store: Store) -> None:
    d = Doc("Acme paid a $4.4 million ransom and a 3 million euro fine.\n", "2021-05-01")
    d.org("Acme")
    d.add("money", "$4.4 million", value=4.4e6, unit="USD", currency="USD", role="ransom")
    d.add("money", "3 million euro", value=3e6, unit="EUR", currency="EUR", role="fine")
    store.add([d.x()])
    d2 = Doc("Acme paid about $4.4 million in ransom, and 3 million dollars fine.\n", "2021-06-01")
    d2.org("Acme")
    d2.add("money", "about $4.4 million", value=4.4e6, unit="USD", currency="USD",
           role="ransom", qualifier="about")  # fmt: skip
    d2.add("money", "3 million dollars", value=3e6, unit="USD", currency="USD", role="fine")
    got = [(c.measure, c.status) for c in store.check(d2.x())]
    assert got == [("organisation", "confirmed"), ("money:ransom", "confirmed"),
                   ("money:fine", "new")]  # fmt: skip


# ------------------------------------------------------------------ the seeds, end to end


def seed_2020_01() -> Extraction:
    text = (SEEDS / "mitsubishi-electric-2020-01.txt").read_text(encoding="utf-8")
    d = Doc(text, "2020-01-21", "mitsubishi-electric-2020-01.txt", publisher="Verdict")
    d.org("Mitsubishi Electric", nth=0).org("Mitsubishi Electric", nth=1)
    d.org("Japanese Defense Ministry", "Defense Ministry")
    d.org("Nuclear Regulation Authority")
    d.add("figure", "more than 8,000", value=8000, low=8000, unit="person",
          qualifier="more than", certainty="hedged", role="victims")  # fmt: skip
    d.add("date", "June last year", date="2019-06", granularity="month", relative=True,
          role="discovery")  # fmt: skip
    d.org("Mitsubishi Electric", nth=2)
    d.org("Mitsubishi Heavy Industries")
    return d.x()


def seed_2020_12() -> Extraction:
    text = (SEEDS / "mitsubishi-electric-2020-12.txt").read_text(encoding="utf-8")
    d = Doc(text, "2020-12-25", "mitsubishi-electric-2020-12.txt", publisher="The Asahi Shimbun")
    d.org("Mitsubishi Electric Corp.", "Mitsubishi Electric")
    d.add("date", "June 2019", date="2019-06", granularity="month", role="attack")
    d.org("Mitsubishi Electric Corp.", "Mitsubishi Electric", nth=1)
    d.org("Defense Ministry")
    d.add("figure", "59", value=59, unit="case")
    d.add("figure", "nearly 20,000", value=20000, high=20000, unit="file", qualifier="nearly")
    return d.x()


def test_seeds_end_to_end(store: Store) -> None:
    """The issue's example: add the 2020-01-21 article, then check the 2020-12-25 one."""
    store.add([seed_2020_01()])
    got = {c.fact.text: c.status for c in store.check(seed_2020_12())}
    assert got == {
        "Mitsubishi Electric Corp.": "confirmed",
        "June 2019": "confirmed",  # "June last year" in January 2020
        "Defense Ministry": "confirmed",
        "59": "new",
        "nearly 20,000": "new",
    }


def test_history_is_a_timeline_by_measure(store: Store) -> None:
    store.add([seed_2020_01(), seed_2020_12()])
    store.add([acme("2020-02-01")])
    for query in ("Mitsubishi Electric", "mitsubishi electric", "MITSUBISHI ELECTRIC CORP."):
        h = store.history(query)
        assert h.found and h.organisation == "Mitsubishi Electric"
    assert h.names == ["Mitsubishi Electric", "Mitsubishi Electric Corp."]
    assert h.articles == 2
    assert list(h.timeline) == ["people affected", "files", "date:attack", "date:discovery",
                                "count of case"]  # fmt: skip
    [people] = h.timeline["people affected"]
    assert (people.text, people.value, people.low, people.high) == ("more than 8,000", 8000,
                                                                   8000, None)  # fmt: skip
    assert (people.published, people.publisher, people.certainty) == (
        date(2020, 1, 21),
        "Verdict",
        "hedged",
    )
    d = h.to_dict()
    assert d["timeline"]["files"][0]["source"] == "mitsubishi-electric-2020-12.txt"
    json.dumps(d)


def test_history_of_an_unknown_organisation_is_empty(store: Store) -> None:
    h = store.history("Nobody Inc")
    assert not h.found and h.timeline == {}


def test_history_lists_every_value_oldest_first(store: Store) -> None:
    store.add([acme("2020-03-01", 12000), acme("2020-01-21"), acme(None, 9000)])
    values = [r.value for r in store.history("acme").timeline["people affected"]]
    assert values == [8000, 12000, 9000]  # undated last


# ------------------------------------------------------------------ breachfacts/1 dicts


def test_add_fact_dicts_round_trips_extract_output(store: Store, db: Path) -> None:
    docs = [acme("2020-01-21").to_dict(), acme("2020-02-01", 9000).to_dict()]
    report = store.add_fact_dicts(docs)
    assert len(report.added) == 2 and counts(db) == (2, 6)
    assert [a.status for a in store.add_fact_dicts(docs[:1]).articles] == ["duplicate"]
    checked = store.check_fact_dict(acme("2020-12-25", 9000).to_dict())
    assert [c.status for c in checked] == ["confirmed", "confirmed", "confirmed"]


def test_a_bad_facts_document_rolls_the_call_back(store: Store, db: Path) -> None:
    good = acme("2020-01-21").to_dict()
    with pytest.raises(FactsFormatError, match=r"out.jsonl:2: schema is 'other/9'"):
        store.add_fact_dicts([good, {"schema": "other/9"}], where="out.jsonl")
    with pytest.raises(FactsFormatError, match=r"x:1: \[facts\] missing"):
        store.add_fact_dicts(
            [{"schema": "breachfacts/1", "source": "s", "published": None, "events": []}],
            where="x",
        )
    assert counts(db) == (0, 0)


def test_info(store: Store) -> None:
    store.add([acme("2020-01-21")])
    info = store.info()
    assert {k: info[k] for k in ("articles", "facts", "schema_version")} == {
        "articles": 1,
        "facts": 3,
        "schema_version": len(MIGRATIONS),
    }
    assert info["path"] == str(store.path) and info["size_bytes"] > 0


def test_check_reads_the_most_recent_reports_through_the_index(store: Store) -> None:
    plan = " ".join(
        str(r[-1])
        for r in store.conn.execute(
            "EXPLAIN QUERY PLAN "
            + store_rows.STORED_SELECT
            + " WHERE f.subject = ? AND f.measure = ? AND f.article_id != ?"
            " ORDER BY f.published DESC LIMIT ?",
            ("Acme", "people affected", -1, STORED_PER_KEY),
        )
    )
    assert "facts_subject_measure" in plan
    assert "TEMP B-TREE" not in plan  # no sort: the index hands over the newest first


def test_only_the_newest_reports_are_compared_and_the_verdict_holds(store: Store) -> None:
    n = STORED_PER_KEY + 10
    old = [
        acme(f"2019-{1 + i % 12:02d}-{1 + i // 12:02d}", 8000, None, extra=f"#{i}")
        for i in range(n)
    ]
    store.add([*old, acme("2020-06-01", 9000, qualifier=None)])
    assert store.check(acme("2020-07-01", 8000, None, extra="again"))[1].status == "updated"
    assert store.check(acme("2020-07-01", 9000, qualifier=None, extra="!"))[1].status == (
        "confirmed"
    )


def test_the_extractors_subjects_are_taken_as_they_are(store: Store) -> None:
    """An article whose facts carry subjects is not repaired by the count of mentions: a
    figure the extractor filed under nobody stays new (legacy.resolve_subjects would have
    given it the article's most-mentioned organisation)."""
    store.add([acme("2019-12-01", 8000)])
    d = Doc("Acme Corp and Acme Corp were named. Data on 8,000 people leaked.\n", "2020-01-21")
    d.org("Acme Corp", "Acme", subject="Acme").org("Acme Corp", "Acme", nth=1, subject="Acme")
    d.add("figure", "8,000", value=8000, unit="person")
    [_, _, fig] = store.check(d.x())
    assert (fig.subject, fig.status) == (None, "new")
    legacy = Doc(d.text, "2020-01-21")
    legacy.org("Acme Corp", "Acme").org("Acme Corp", "Acme", nth=1)
    legacy.add("figure", "8,000", value=8000, unit="person")
    [_, _, old] = store.check(legacy.x())
    assert (old.subject, old.status) == ("Acme", "confirmed")


def test_reading_a_facts_file(tmp_path: Path) -> None:
    good = tmp_path / "out.jsonl"
    good.write_bytes(b'\xef\xbb\xbf{"schema": "breachfacts/1"}\n\n{"n": 2}\n')
    assert list(read_fact_documents(good)) == [{"schema": "breachfacts/1"}, {"n": 2}]
    array = tmp_path / "out.json"
    array.write_text('[{"n": 1},\n {"n": 2}]')
    assert list(read_fact_documents(array)) == [{"n": 1}, {"n": 2}]


@pytest.mark.parametrize(
    "content,message",
    [
        (b'{"n": 1}\n{"n": "caf\xe9"}\n', "{f}: not UTF-8 (byte 0xe9 at offset 19)"),
        (b'{"n": 1}\n{"n": \n', "{f}:2: invalid JSON: Expecting value"),
        (b'[{"n": 1},\n{"n": ]', "{f}:2: invalid JSON: Expecting value"),
    ],
)
def test_a_bad_facts_file_is_one_line(tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(content)
    with pytest.raises(FactsFormatError) as e:
        list(read_fact_documents(bad))
    assert str(e.value) == message.format(f=bad)
    with pytest.raises(FactsFormatError, match="cannot read"):
        list(read_fact_documents(tmp_path / "missing.jsonl"))


# -- rows read back without the dataclasses' __init__ (store.rows._frozen) ---------------


@pytest.mark.parametrize("cls_name", ["Fact", "Sentence", "StoredFact"])
def test_classes_rows_build_without_init_have_no_post_init_or_slots(cls_name: str) -> None:
    cls = {"Fact": Fact, "Sentence": Sentence, "StoredFact": store_rows.StoredFact}[cls_name]
    assert dataclasses.is_dataclass(cls)
    assert not hasattr(cls, "__post_init__")
    assert not hasattr(cls, "__slots__")


def test_a_stored_row_reads_as_the_fact_init_makes(tmp_path: Path) -> None:
    fact = Fact(
        id="f1", kind="figure", text="about 3,000 files", start=5, end=22,
        sentence=Sentence("It lost about 3,000 files.", 0, 27), certainty="hedged",
        value=3000, low=2700, high=3300, unit="files", qualifier="about", currency=None,
        equivalent_of=None, date=None, granularity=None, relative=True, canonical=None,
        role="records", subject="Acme", attacker="Gang", per="customer", place="UK",
        population="customers", payee=None, part_of="f9", event="2019",
    )  # fmt: skip
    article = Article("a.txt", "x" * 30, date(2020, 1, 2), meta={"publisher": "Wire"})
    ex = Extraction(article, [fact])
    with Store.open(tmp_path / "s.sqlite") as store:
        store.add([ex])
        rows = store.conn.execute(store_rows.STORED_SELECT).fetchall()
    [got] = [store_rows.stored_fact(r) for r in rows if r[5] == "f1"]
    assert got.fact == dataclasses.replace(fact, subject=got.fact.subject)
    assert hash(got.fact) == hash(dataclasses.replace(fact, subject=got.fact.subject))
    assert got.published == date(2020, 1, 2)
    assert got == store_rows.StoredFact(
        got.fact, got.article_id, "a.txt", date(2020, 1, 2), got.measure, "Wire"
    )
