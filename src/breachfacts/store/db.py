"""The SQLite file: connection settings, schema migrations, and store errors.

One file, WAL journal, foreign keys on. The schema version is ``PRAGMA user_version``:
migration *n* (1-based) brings the file from version n-1 to n, and runs in one transaction
together with its ``user_version`` bump, so a file is always at a whole version.

Tables (plain names, for any SQLite tool):

``articles``
    ``id`` (integer primary key), ``source`` (path or JSONL id), ``content_hash`` (sha256 of
    the normalised text, unique: the same article is stored once; see
    :func:`breachfacts.store.documents.content_hash`), ``published`` (ISO date or NULL),
    ``title``, ``publisher``, ``meta`` (JSON), ``added_at`` (UTC ISO timestamp).
``facts``
    One row per fact: ``article_id`` -> ``articles.id``, ``fact_id`` (the fact's id in its
    article), the ``breachfacts/1`` fields (``kind``, ``text``, ``start``, ``end``,
    ``sentence_text``, ``sentence_start``, ``sentence_end``, ``certainty``, ``value``,
    ``low``, ``high``, ``unit``, ``qualifier``, ``currency``, ``equivalent_of``, ``date``,
    ``granularity``, ``relative``, ``canonical``, ``role``, ``attacker``, ``per``, ``place``),
    and the comparison key the store worked out: ``subject`` (organisation,
    case-insensitive) and ``measure``, and ``published``, a copy of the article's date so
    that the index on ``(subject, measure, published)`` hands ``check`` the most recent
    reports directly; a partial index on ``(subject, published)`` of the facts with an
    ``equivalent_of`` finds the currency conversions articles state.
``subject_names``
    ``key``, ``name``: every subject name stored, under each key it is found by (its lower
    case form; its initials: "ihg" -> "InterContinental Hotels Group"; for an acronym,
    "=" and its letters: "=ihg" -> "IHG"), so that a new
    article's "IHG" is filed under the name already stored.

Views for reading (``fact_report``, ``subject_timeline``, ``subject_summary``) are not part of
the schema version: :mod:`breachfacts.store.views` holds them, a writer brings them up to
date when it opens the file, and every migration drops them before it runs.
``feeds``
    One row per feed ``breachfacts feed`` has read: ``id``, ``url`` (the URL, or the
    absolute path of a feed file; unique), ``title``, and the validators of the last full
    read, sent back on the next (``etag``, ``last_modified``; NULL after a run where an
    item failed, so that the next run reads the whole feed again), ``checked_at`` (UTC ISO
    timestamp of the last run).
``feed_items``
    The items of a feed already dealt with: ``feed_id`` -> ``feeds.id``, ``item_key`` (the
    entry's guid or Atom id, else its link), ``link`` (the article's URL), ``article_id`` ->
    ``articles.id`` (the stored article, a copy with the same text included), ``seen_at``.
    An item whose page could not be fetched or read is not here: the next run retries it.
    An index on ``articles (source)`` finds an article already added by its URL.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from breachfacts.errors import StoreCorrupt, StoreError, StoreLocked, StoreReadOnly, StoreTooNew
from breachfacts.normalise.names import subject_keys
from breachfacts.store.views import drop_views, ensure_views, stale_views

ENV_DB = "BREACHFACTS_DB"
ENV_LOCK_TIMEOUT = "BREACHFACTS_LOCK_TIMEOUT"
BUSY_TIMEOUT = 60.0
"""Seconds a writer waits for another writer before the store reports it locked (default;
``$BREACHFACTS_LOCK_TIMEOUT`` or ``--lock-timeout`` change it). Writers hold the lock only
while they write one batch (:data:`breachfacts.store.store.BATCH_ARTICLES` articles), so a
minute is ample; a wait longer than that means a writer is stuck, and is reported."""
MAX_LOCK_TIMEOUT = 86_400.0
"""The longest wait accepted (a day): a bound, so that no setting means "forever"."""


@dataclass(frozen=True)
class Migration:
    """One forward step of the schema.

    Attributes:
        version: The ``user_version`` after this migration (1, 2, ...).
        name: A short description, shown by ``store info``.
        statements: SQL statements, run in order inside one transaction.
    """

    version: int
    name: str
    statements: tuple[str, ...]


#: Rebuilds ``subject_names`` from the stored subjects with the current
#: :func:`~breachfacts.normalise.names.subject_keys` (migrations 6 and 10).
_REINDEX_SUBJECT_NAMES = (
    "DELETE FROM subject_names",
    "INSERT OR IGNORE INTO subject_names (key, name)"
    " SELECT k.value, s.subject"
    " FROM (SELECT DISTINCT subject FROM facts WHERE subject IS NOT NULL) AS s,"
    " json_each(breachfacts_subject_keys(s.subject)) AS k",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "articles and facts tables",
        (
            """CREATE TABLE articles (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                source TEXT NOT NULL,
                content_hash TEXT NOT NULL UNIQUE,
                published TEXT,
                title TEXT,
                publisher TEXT,
                meta TEXT,
                added_at TEXT NOT NULL
            )""",
            """CREATE TABLE facts (
                article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                fact_id TEXT NOT NULL,
                kind TEXT NOT NULL
                    CHECK (kind IN ('figure', 'money', 'date', 'organisation')),
                text TEXT NOT NULL,
                start INTEGER,
                end INTEGER,
                sentence_text TEXT,
                sentence_start INTEGER,
                sentence_end INTEGER,
                certainty TEXT NOT NULL DEFAULT 'certain'
                    CHECK (certainty IN ('certain', 'hedged', 'denied')),
                value REAL,
                low REAL,
                high REAL,
                unit TEXT,
                qualifier TEXT,
                currency TEXT,
                equivalent_of TEXT,
                date TEXT,
                granularity TEXT,
                relative INTEGER,
                canonical TEXT COLLATE NOCASE,
                role TEXT,
                attacker TEXT,
                subject TEXT COLLATE NOCASE,
                measure TEXT NOT NULL,
                published TEXT,
                PRIMARY KEY (article_id, fact_id)
            )""",
        ),
    ),
    Migration(
        2,
        "indexes for check and history",
        (
            "CREATE INDEX facts_subject_measure ON facts (subject, measure, published)",
            "CREATE INDEX facts_subject_date ON facts (subject, date) WHERE kind = 'date'",
            "CREATE INDEX facts_canonical ON facts (canonical)",
            "CREATE INDEX facts_organisation_text ON facts (text COLLATE NOCASE)"
            " WHERE kind = 'organisation'",
        ),
    ),
    Migration(
        3,
        "subject names by initials and case",
        (
            """CREATE TABLE subject_names (
                key TEXT NOT NULL,
                name TEXT NOT NULL,
                PRIMARY KEY (key, name)
            ) WITHOUT ROWID""",
            "INSERT OR IGNORE INTO subject_names (key, name)"
            " SELECT k.value, s.subject"
            " FROM (SELECT DISTINCT subject FROM facts WHERE subject IS NOT NULL) AS s,"
            " json_each(breachfacts_subject_keys(s.subject)) AS k",
        ),
    ),
    Migration(
        4,
        "per-unit and breakdown columns",
        (
            "ALTER TABLE facts ADD COLUMN per TEXT",
            "ALTER TABLE facts ADD COLUMN place TEXT",
        ),
    ),
    Migration(
        5,
        "facts of any kind",
        (
            """CREATE TABLE facts_v5 (
                article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                fact_id TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind <> ''),
                text TEXT NOT NULL,
                start INTEGER,
                end INTEGER,
                sentence_text TEXT,
                sentence_start INTEGER,
                sentence_end INTEGER,
                certainty TEXT NOT NULL DEFAULT 'certain'
                    CHECK (certainty IN ('certain', 'hedged', 'denied')),
                value REAL,
                low REAL,
                high REAL,
                unit TEXT,
                qualifier TEXT,
                currency TEXT,
                equivalent_of TEXT,
                date TEXT,
                granularity TEXT,
                relative INTEGER,
                canonical TEXT COLLATE NOCASE,
                role TEXT,
                attacker TEXT,
                subject TEXT COLLATE NOCASE,
                measure TEXT NOT NULL,
                published TEXT,
                per TEXT,
                place TEXT,
                PRIMARY KEY (article_id, fact_id)
            )""",
            "INSERT INTO facts_v5 SELECT * FROM facts",
            "DROP TABLE facts",
            "ALTER TABLE facts_v5 RENAME TO facts",
            "CREATE INDEX facts_subject_measure ON facts (subject, measure, published)",
            "CREATE INDEX facts_subject_date ON facts (subject, date) WHERE kind = 'date'",
            "CREATE INDEX facts_canonical ON facts (canonical)",
            "CREATE INDEX facts_organisation_text ON facts (text COLLATE NOCASE)"
            " WHERE kind = 'organisation'",
        ),
    ),
    Migration(
        6,
        "acronym keys of subject names",
        _REINDEX_SUBJECT_NAMES,
    ),
    Migration(
        7,
        "index of stated currency conversions",
        (
            "CREATE INDEX facts_conversions ON facts (subject, published)"
            " WHERE equivalent_of IS NOT NULL",
        ),
    ),
    Migration(
        8,
        "slot qualifiers of facts: population, payee, part of a total, event",
        (
            "ALTER TABLE facts ADD COLUMN population TEXT",
            "ALTER TABLE facts ADD COLUMN payee TEXT",
            "ALTER TABLE facts ADD COLUMN part_of TEXT",
            "ALTER TABLE facts ADD COLUMN event TEXT",
        ),
    ),
    Migration(
        9,
        "feeds and the feed items seen",
        (
            """CREATE TABLE feeds (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                url TEXT NOT NULL UNIQUE,
                title TEXT,
                etag TEXT,
                last_modified TEXT,
                checked_at TEXT
            )""",
            """CREATE TABLE feed_items (
                feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
                item_key TEXT NOT NULL,
                link TEXT NOT NULL,
                article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
                seen_at TEXT NOT NULL,
                PRIMARY KEY (feed_id, item_key)
            )""",
            "CREATE INDEX feed_items_article ON feed_items (article_id)",
            "CREATE INDEX articles_source ON articles (source)",
        ),
    ),
    Migration(
        10,
        "core-name keys of subject names (Marriott for Marriott International)",
        _REINDEX_SUBJECT_NAMES,
    ),
    Migration(
        11,
        "index of figures and amounts by value (restatements under another slot)",
        (
            "CREATE INDEX facts_subject_value ON facts (subject, kind, value)"
            " WHERE value IS NOT NULL",
        ),
    ),
)


def _subject_keys_json(name: str | None) -> str:
    """SQL function ``breachfacts_subject_keys(name)``: the keys as a JSON array."""
    return json.dumps(sorted(subject_keys(name)) if name else [])


def lock_timeout(value: str | float | None = None) -> float:
    """Seconds to wait for another writer: ``value``, else ``$BREACHFACTS_LOCK_TIMEOUT``,
    else :data:`BUSY_TIMEOUT`.

    Example:
        >>> lock_timeout("2.5"), lock_timeout(0)
        (2.5, 0.0)
        >>> lock_timeout("forever")
        Traceback (most recent call last):
        ValueError: lock timeout 'forever': expected seconds, from 0 to 86400

    Raises:
        ValueError: not a number of seconds from 0 to :data:`MAX_LOCK_TIMEOUT`.
    """
    if value is None:
        value = os.environ.get(ENV_LOCK_TIMEOUT) or BUSY_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = float("nan")
    if not 0 <= seconds <= MAX_LOCK_TIMEOUT:  # NaN fails too
        raise ValueError(
            f"lock timeout {value!r}: expected seconds, from 0 to {MAX_LOCK_TIMEOUT:.0f}"
        )
    return seconds


def default_db_path() -> Path:
    """``$BREACHFACTS_DB`` if set, else ``facts.sqlite`` in the user's data directory."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    return Path(user_data_dir("breachfacts", appauthor=False)) / "facts.sqlite"


def connect(
    path: Path | str | None = None,
    *,
    timeout: float | None = None,
    readonly: bool = False,
    migrate: bool = True,
) -> sqlite3.Connection:
    """Open (creating it and its folder if needed) and migrate the store at ``path``.

    The connection is in autocommit mode (``isolation_level=None``); write through
    :func:`transaction`. ``readonly`` opens the file without creating or migrating it.
    ``timeout``: seconds a write waits for another writer (default :func:`lock_timeout`).

    Raises:
        StoreError: one line, for a locked, read-only, corrupt or too-new file.
    """
    p = Path(path) if path is not None else default_db_path()
    if timeout is None:
        try:
            timeout = lock_timeout()
        except ValueError as err:
            raise StoreError(f"${ENV_LOCK_TIMEOUT}: {err}") from None
    with translate_errors(p):
        if readonly:
            conn = _open_readonly(p, timeout)
        else:
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreReadOnly(f"{p}: cannot create folder ({e.strerror or e})") from None
            _check_writable(p)
            conn = sqlite3.connect(str(p), timeout=timeout, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.create_function(
                "breachfacts_subject_keys", 1, _subject_keys_json, deterministic=True
            )
            version = user_version(conn)  # reads the header: fails here if not a database
            if version > len(MIGRATIONS):
                raise StoreTooNew(
                    f"{p}: schema version {version} is newer than this breachfacts "
                    f"knows ({len(MIGRATIONS)}); upgrade breachfacts"
                )
            if readonly and version == 0 and not _has_tables(conn):
                conn.close()  # an empty file (0 bytes, say) is an empty store
                conn = empty_store()
            if not readonly:
                if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                if migrate:
                    apply_migrations(conn)
                    if stale_views(conn):
                        with transaction(conn):
                            ensure_views(conn)
        except BaseException:
            conn.close()
            raise
    return conn


def _check_writable(p: Path) -> None:
    """Refuse at once a store a writer could not write (before any extraction): a read-only
    file, or a folder (or mount) where SQLite cannot make its ``-wal`` and ``-shm`` files.

    Raises:
        StoreReadOnly: one line naming the file.
    """
    if str(p) == ":memory:":
        return
    if p.exists() and not os.access(p, os.W_OK):
        raise StoreReadOnly(f"{p}: store cannot be written (read-only file)")
    if not os.access(p.parent, os.W_OK):
        raise StoreReadOnly(f"{p}: store cannot be written (read-only folder {p.parent})")


def _open_readonly(p: Path, timeout: float) -> sqlite3.Connection:
    """Open ``p`` for reading only (SQLite ``mode=ro``): nothing is created or migrated.

    A WAL file is read through its ``-shm`` index, which SQLite must be able to create. A
    file that cannot be written (or sits in a folder, or on a mount, that cannot be) is
    opened ``immutable`` instead: read as it is on disk, with no lock and no ``-wal`` or
    ``-shm`` file left behind; no one can be writing it. (A non-empty ``-wal`` beside it,
    left by a writer that crashed, is still read through ``mode=ro`` where SQLite can; where
    it cannot, the file is read without it, and the next writer folds it in.)
    """
    if not p.exists():
        raise StoreError(f"{p}: no store here (add an article first)")
    uri = p.resolve().as_uri()
    wal = p.with_name(p.name + "-wal")
    writable = os.access(p, os.W_OK) and os.access(p.parent, os.W_OK)
    if not writable and not (wal.exists() and wal.stat().st_size > 0):
        return sqlite3.connect(
            f"{uri}?mode=ro&immutable=1", uri=True, timeout=timeout, isolation_level=None
        )
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=timeout, isolation_level=None)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as e:
        conn.close()
        if not isinstance(classify(e, p), StoreReadOnly):
            raise
    return sqlite3.connect(
        f"{uri}?mode=ro&immutable=1", uri=True, timeout=timeout, isolation_level=None
    )


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0


def empty_store() -> sqlite3.Connection:
    """A read-only, in-memory store with the current schema and no rows: what readers see of
    an empty file. Its ``user_version`` is 0, as the file's."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.create_function("breachfacts_subject_keys", 1, _subject_keys_json, deterministic=True)
    apply_migrations(conn)
    ensure_views(conn)
    conn.execute("PRAGMA user_version = 0")
    conn.execute("PRAGMA query_only = ON")
    return conn


def user_version(conn: sqlite3.Connection) -> int:
    """The schema version recorded in the file."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def applied(conn: sqlite3.Connection) -> list[Migration]:
    """Migrations already in the file (reads only)."""
    return list(MIGRATIONS[: user_version(conn)])


def pending(conn: sqlite3.Connection) -> list[Migration]:
    """Migrations not yet applied (reads only)."""
    return list(MIGRATIONS[user_version(conn) :])


def apply_migrations(
    conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS
) -> list[Migration]:
    """Apply every pending migration, each in its own transaction with its version bump.

    Safe to call again: the version is re-read inside each write transaction, so two
    processes opening a fresh file at once do not both run a step. Each step first drops
    the views (:func:`~breachfacts.store.views.drop_views`; the writer recreates them after),
    so that a step may rebuild a table they read. Returns the steps run.
    """
    done: list[Migration] = []
    for m in migrations:
        if m.version <= user_version(conn):
            continue
        with transaction(conn):
            if m.version <= user_version(conn):  # another process got there first
                continue
            if m.version != user_version(conn) + 1:
                raise StoreError(f"migration {m.version} out of order")
            drop_views(conn)
            for sql in m.statements:
                conn.execute(sql)
            conn.execute(f"PRAGMA user_version = {int(m.version)}")
        done.append(m)
    return done


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``; any exception (Ctrl-C included) rolls back."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextmanager
def translate_errors(path: Path | str) -> Iterator[None]:
    """Turn sqlite3 errors into one-line :class:`StoreError` subclasses naming ``path``."""
    try:
        yield
    except StoreError:
        raise
    except sqlite3.Error as e:
        raise classify(e, path) from None
    except UnicodeDecodeError:  # damaged text: a column, or the schema in an error message
        raise StoreCorrupt(f"{path}: not a breachfacts store or damaged (text not UTF-8)") from None


def classify(e: sqlite3.Error, path: Path | str) -> StoreError:
    """The :class:`StoreError` that explains an sqlite3 error to a user."""
    msg = _one_line(str(e))
    low = msg.lower()
    if "locked" in low or "busy" in low:
        return StoreLocked(
            f"{path}: store is locked by another writer (waited the lock timeout: "
            f"--lock-timeout or ${ENV_LOCK_TIMEOUT}); try again"
        )
    if "readonly" in low or "read-only" in low or "unable to open" in low:
        return StoreReadOnly(f"{path}: store cannot be written ({msg})")
    if "could not decode" in low:
        return StoreCorrupt(f"{path}: not a breachfacts store or damaged (text not UTF-8)")
    if "not a database" in low or "malformed" in low or "corrupt" in low:
        return StoreCorrupt(f"{path}: not a breachfacts store or damaged ({msg})")
    return StoreError(f"{path}: {msg}")


def _one_line(message: str, width: int = 200) -> str:
    """An SQLite message as one printable line (it may quote damaged text from the file)."""
    text = " ".join(message.split())
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= width else text[: width - 3] + "..."
