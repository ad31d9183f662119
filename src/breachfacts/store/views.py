"""SQL views for people who open the store in sqlite3, sqlite-utils or Datasette.

The tables are shaped for ``check``; these views are shaped for reading: each fact beside
its article, each organisation's reports in time order, and one row per organisation.
They hold no data of their own and are not part of the schema version: a writer creates
them when it opens the store (:func:`ensure_views`), and replaces one whose SQL differs
from :data:`VIEWS` (the one home of their definitions), so a store written by an older or
newer breachfacts gets this version's views the first time this version writes it.
Migrations drop them first (:func:`drop_views`), so a migration may rebuild a table they
read (SQLite checks every view when a table is renamed).

The store records facts, not verdicts (``check`` writes nothing), so there is no status
history to show: ``subject_timeline`` is what was reported, when, and by whom.
"""

from __future__ import annotations

import sqlite3

VIEWS: dict[str, str] = {
    "fact_report": """CREATE VIEW fact_report AS
SELECT
    a.source, a.publisher, a.published, a.title,
    f.subject, f.measure, f.role, f.kind, f.text, f.certainty,
    f.value, f.low, f.high, f.unit, f.qualifier, f.currency, f.equivalent_of,
    f.date, f.granularity, f.canonical, f.attacker,
    f.per, f.place, f.population, f.payee, f.part_of, f.event,
    f.sentence_text AS sentence,
    f.article_id, f.fact_id, f.start, f."end"
FROM facts AS f JOIN articles AS a ON a.id = f.article_id""",
    "subject_timeline": """CREATE VIEW subject_timeline AS
SELECT
    f.subject, f.measure, a.published, f.text, f.certainty,
    f.value, f.low, f.high, f.unit, f.currency, f.date,
    a.publisher, a.source, f.article_id, f.fact_id
FROM facts AS f JOIN articles AS a ON a.id = f.article_id
WHERE f.subject IS NOT NULL AND f.kind <> 'organisation'
ORDER BY f.subject, f.measure, a.published IS NULL, a.published, f.article_id, f.start""",
    "subject_summary": """CREATE VIEW subject_summary AS
SELECT
    f.subject,
    count(DISTINCT f.article_id) AS articles,
    count(*) AS facts,
    min(a.published) AS first_published,
    max(a.published) AS last_published
FROM facts AS f JOIN articles AS a ON a.id = f.article_id
WHERE f.subject IS NOT NULL
GROUP BY f.subject""",
}
"""View name -> its ``CREATE VIEW`` statement, as ``sqlite_master.sql`` stores it.

``fact_report``: one row per fact with its article (source, publisher, published, title),
the comparison key (subject, measure), the role, the text, the normalised value
(value/low/high/unit/currency, or date/granularity, or canonical), the slot qualifiers
(per, place, population, payee, part_of, event) and the sentence.
``subject_timeline``: the figures, amounts and dates reported about each organisation, by
measure, oldest first (undated last), with who reported them: what ``history`` shows.
``subject_summary``: per organisation, how many articles and facts, first and last
published.
"""


def stale_views(conn: sqlite3.Connection) -> list[str]:
    """The views of :data:`VIEWS` missing from the file or defined differently (reads only).

    A table or index of the same name (a user's) is left alone, never counted.
    """
    stored = dict(
        conn.execute(
            "SELECT name, CASE WHEN type = 'view' THEN sql END FROM sqlite_master"
            f" WHERE name IN ({', '.join('?' * len(VIEWS))})",
            tuple(VIEWS),
        ).fetchall()
    )
    return [
        name
        for name, sql in VIEWS.items()
        if name not in stored or (stored[name] is not None and stored[name] != sql)
    ]


def ensure_views(conn: sqlite3.Connection) -> list[str]:
    """Create or replace the stale views; call inside a write transaction. Returns their
    names (none when the file is current: run again, it changes nothing)."""
    stale = stale_views(conn)
    for name in stale:
        conn.execute(f'DROP VIEW IF EXISTS "{name}"')
        conn.execute(VIEWS[name])
    return stale


def drop_views(conn: sqlite3.Connection) -> None:
    """Drop the views of :data:`VIEWS` (a user's table of the same name is kept); call inside
    a write transaction, before a migration changes the tables they read."""
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'").fetchall()
    for (name,) in rows:
        if name in VIEWS:
            conn.execute(f'DROP VIEW "{name}"')
