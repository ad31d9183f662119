"""What the store remembers of feeds: the validators of the last read and the items seen.

The tables are ``feeds`` and ``feed_items`` (migration 9, see :mod:`.db`). Reading
(:func:`feed_state`, :func:`stored_sources`) works on any store, an older one opened
read-only included (no feed is known there); writing (:func:`save_feed`,
:func:`mark_seen`) runs inside the caller's transaction, so that the items of a batch are
marked seen in the same transaction as their articles are written: never one without the
other.

Example:
    >>> from breachfacts.store.db import connect, transaction
    >>> conn = connect(":memory:")
    >>> with transaction(conn):
    ...     feed_id = save_feed(conn, "https://news.test/feed.xml", title="News")
    ...     mark_seen(conn, feed_id, [("guid-1", "https://news.test/1", None)])
    >>> feed_state(conn, "https://news.test/feed.xml").seen
    frozenset({'guid-1'})
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone


@dataclass(frozen=True)
class FeedState:
    """A feed as the store knows it.

    Attributes:
        url: The feed's URL (or a feed file's absolute path).
        etag, last_modified: The validators of the last full read, or None.
        checked_at: When it was last read (UTC ISO timestamp), or None if never.
        seen: The keys of the items already dealt with.
    """

    url: str
    etag: str | None = None
    last_modified: str | None = None
    checked_at: str | None = None
    seen: frozenset[str] = frozenset()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _has_feeds(conn: sqlite3.Connection) -> bool:
    """False for a store older than migration 9 opened read-only."""
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'feed_items'"
    ).fetchone()
    return row is not None


def feed_state(conn: sqlite3.Connection, url: str) -> FeedState:
    """What the store knows of the feed at ``url`` (an empty state if nothing)."""
    if not _has_feeds(conn):
        return FeedState(url)
    row = conn.execute(
        "SELECT id, etag, last_modified, checked_at FROM feeds WHERE url = ?", (url,)
    ).fetchone()
    if row is None:
        return FeedState(url)
    keys = conn.execute("SELECT item_key FROM feed_items WHERE feed_id = ?", (row[0],))
    return FeedState(url, row[1], row[2], row[3], frozenset(k for (k,) in keys))


def stored_sources(conn: sqlite3.Connection, links: Sequence[str]) -> dict[str, int]:
    """Link -> article id, for the links already stored as an article's source."""
    found: dict[str, int] = {}
    for i in range(0, len(links), 500):
        part = list(links[i : i + 500])
        marks = ",".join("?" * len(part))
        rows = conn.execute(
            f"SELECT source, min(id) FROM articles WHERE source IN ({marks}) GROUP BY source",
            part,
        )
        found.update((source, int(aid)) for source, aid in rows)
    return found


def save_feed(
    conn: sqlite3.Connection,
    url: str,
    *,
    title: str | None = None,
    validators: tuple[str | None, str | None] | None = None,
    checked: bool = False,
) -> int:
    """Create or update the ``feeds`` row of ``url``; return its id (inside a transaction).

    Args:
        title: The feed's title (kept if None).
        validators: ``(etag, last_modified)`` to store (None: leave them as they are).
        checked: Set ``checked_at`` to now.
    """
    row = conn.execute("SELECT id FROM feeds WHERE url = ?", (url,)).fetchone()
    feed_id = (
        int(row[0])
        if row
        else int(conn.execute("INSERT INTO feeds (url) VALUES (?)", (url,)).lastrowid or 0)
    )
    if title is not None:
        conn.execute("UPDATE feeds SET title = ? WHERE id = ?", (title, feed_id))
    if validators is not None:
        conn.execute(
            "UPDATE feeds SET etag = ?, last_modified = ? WHERE id = ?", (*validators, feed_id)
        )
    if checked:
        conn.execute("UPDATE feeds SET checked_at = ? WHERE id = ?", (_now(), feed_id))
    return feed_id


def mark_seen(
    conn: sqlite3.Connection, feed_id: int, items: Iterable[tuple[str, str, int | None]]
) -> None:
    """Record ``(item_key, link, article_id)`` items as dealt with (inside a transaction)."""
    now = _now()
    conn.executemany(
        "INSERT INTO feed_items (feed_id, item_key, link, article_id, seen_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (feed_id, item_key) DO UPDATE SET"
        " link = excluded.link, article_id = excluded.article_id, seen_at = excluded.seen_at",
        [(feed_id, key, link, aid, now) for key, link, aid in items],
    )
