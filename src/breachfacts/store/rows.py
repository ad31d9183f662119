"""Facts as rows of the ``facts`` table, and back.

What ``add`` writes (:func:`insert_article`, :func:`fact_row`, :func:`insert_facts`) and
what ``check`` and ``history`` read (:data:`STORED_SELECT`, :func:`stored_fact`). The
columns are described in :mod:`breachfacts.store.db`.
"""

from __future__ import annotations

import functools
import json
import math
import sqlite3
from datetime import date, datetime, timezone
from typing import Any, TypeVar

from breachfacts.facts import Article, Fact, Sentence
from breachfacts.store.compare import StoredFact

__all__ = [
    "CONVERSIONS_SELECT",
    "FACT_COLUMNS",
    "STORED_NAMES",
    "STORED_SELECT",
    "fact_row",
    "insert_article",
    "insert_facts",
    "row_problem",
    "stored_fact",
]

FACT_COLUMNS = (
    "article_id",
    "fact_id",
    "kind",
    "text",
    "start",
    "end",
    "sentence_text",
    "sentence_start",
    "sentence_end",
    "certainty",
    "value",
    "low",
    "high",
    "unit",
    "qualifier",
    "currency",
    "equivalent_of",
    "date",
    "granularity",
    "relative",
    "canonical",
    "role",
    "attacker",
    "subject",
    "measure",
    "published",
    "per",
    "place",
    "population",
    "payee",
    "part_of",
    "event",
)
"""The ``facts`` columns ``add`` writes, in the order of :func:`fact_row`."""
INSERT_FACT = (
    f"INSERT INTO facts ({', '.join(FACT_COLUMNS)}) VALUES ({', '.join('?' for _ in FACT_COLUMNS)})"
)
_STORED_COLUMNS = """
    {f}.article_id, a.source, a.published, {f}.measure, a.publisher,
    {f}.fact_id, {f}.kind, {f}.text, {f}.start, {f}.end,
    {f}.sentence_text, {f}.sentence_start, {f}.sentence_end, {f}.certainty,
    {f}.value, {f}.low, {f}.high, {f}.unit, {f}.qualifier, {f}.currency, {f}.equivalent_of,
    {f}.date, {f}.granularity, {f}.relative, {f}.canonical, {f}.role, {f}.subject,
    {f}.attacker, {f}.per, {f}.place, {f}.population, {f}.payee, {f}.part_of, {f}.event
"""
STORED_SELECT = (
    "SELECT "
    + _STORED_COLUMNS.format(f="f")
    + " FROM facts AS f JOIN articles AS a ON a.id = f.article_id"
)
"""Stored facts with their article, as :func:`stored_fact` reads them; add a WHERE."""
CONVERSIONS_SELECT = (
    "SELECT "
    + _STORED_COLUMNS.format(f="f")
    + ", "
    + _STORED_COLUMNS.format(f="e")
    + " FROM facts AS e"
    " JOIN facts AS f ON f.article_id = e.article_id AND f.fact_id = e.equivalent_of"
    " JOIN articles AS a ON a.id = e.article_id"
    " WHERE e.subject = ? AND e.equivalent_of IS NOT NULL AND e.published BETWEEN ? AND ?"
    " AND e.kind = 'money' AND f.kind = 'money' AND e.article_id != ? LIMIT ?"
)
"""(amount, its restatement in another currency) pairs of one subject published in a window,
from other articles than one: parameters subject, first day, last day, article id, limit."""


def insert_article(conn: sqlite3.Connection, article: Article, digest: str) -> int:
    """Write the ``articles`` row of ``article``; return its id."""
    meta = dict(article.meta or {})
    publisher = meta.get("publisher")
    cur = conn.execute(
        "INSERT INTO articles (source, content_hash, published, title, publisher, meta, added_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            article.id,
            digest,
            article.published.isoformat() if article.published else None,
            article.title,
            str(publisher) if publisher is not None else None,
            json.dumps(meta, ensure_ascii=False, default=str) if meta else None,
            datetime.now(timezone.utc).isoformat(timespec="seconds"),
        ),
    )
    return int(cur.lastrowid or 0)


def insert_facts(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    """Write ``facts`` rows (:func:`fact_row`)."""
    conn.executemany(INSERT_FACT, rows)


def fact_row(
    article_id: int, f: Fact, subject: str | None, measure: str, published: str | None
) -> tuple[Any, ...]:
    """The ``facts`` row of one fact, filed under ``subject`` and ``measure``."""
    return (
        article_id,
        f.id,
        f.kind,
        f.text,
        f.start,
        f.end,
        f.sentence.text,
        f.sentence.start,
        f.sentence.end,
        f.certainty,
        f.value,
        f.low,
        f.high,
        f.unit,
        f.qualifier,
        f.currency,
        f.equivalent_of,
        f.date,
        f.granularity,
        None if f.relative is None else int(f.relative),
        f.canonical,
        f.role,
        f.attacker,
        subject,
        measure,
        published,
        f.per,
        f.place,
        f.population,
        f.payee,
        f.part_of,
        f.event,
    )


STORED_NAMES = tuple(
    c.strip().split(".")[-1].replace("sentence_", "sentence ")
    for c in _STORED_COLUMNS.format(f="f").split(",")
)
"""The fields of a :data:`STORED_SELECT` row, as a message names them."""
_TYPES: dict[str, tuple[type, ...]] = {
    **dict.fromkeys(("article_id", "start", "end", "sentence start", "sentence end"), (int,)),
    **dict.fromkeys(("value", "low", "high"), (int, float)),
    "relative": (int,),
}
_REQUIRED = ("article_id", "source", "measure", "fact_id", "kind", "text", "certainty")
_STR: tuple[type, ...] = (str,)
#: (field, allowed types, required) per position of a stored row, worked out once.
_CHECKS = tuple((n, _TYPES.get(n, _STR), n in _REQUIRED) for n in STORED_NAMES)


def row_problem(row: sqlite3.Row | tuple[Any, ...]) -> str | None:
    """What makes a stored row unreadable, or None: a field of the wrong type (written by
    an older breachfacts that took ``add --facts`` input on trust), a number that is not
    finite, a publication date that is not one.

    ``check`` reads about a thousand rows at 1M stored facts, so the types are judged once
    per pattern of field types (rows of one store share a few), and only the values a
    type leaves open (a float's finiteness, the date) are looked at per row.

    Example:
        >>> row = [1, "a.txt", "2020-01-21", "files", None, "f1", "figure", "3", 0, 1]
        >>> row += ["3", 0, 1, "certain", "abc"] + [None] * 19
        >>> row_problem(row)
        'value is "abc", not a number'
    """
    types = tuple(map(type, row))
    floats = _TYPE_VERDICTS.get(types)
    if floats is None:
        problem = _type_problem(row)
        if problem is not None:
            return problem  # rare: not cached, so the message names this row's value
        floats = _TYPE_VERDICTS[types] = tuple(i for i, t in enumerate(types) if t is float)
    for i in floats:
        if not math.isfinite(row[i]):
            return f"{_CHECKS[i][0]} is {row[i]}, not a finite number"
    published = row[2]
    if published is not None and _day(published) is None:
        return f"published is {json.dumps(published)[:40]}, not a date"
    return None


#: Field types of rows found readable -> the positions of their floats (checked per row).
_TYPE_VERDICTS: dict[tuple[type, ...], tuple[int, ...]] = {}


def _type_problem(row: sqlite3.Row | tuple[Any, ...]) -> str | None:
    for (name, want, required), x in zip(_CHECKS, row, strict=False):
        if x is None:
            if required:
                return f"{name} is missing"
            continue
        if not isinstance(x, want) or isinstance(x, bool):
            shown = json.dumps(x if isinstance(x, (str, int, float)) else repr(x))[:40]
            return f"{name} is {shown}, not {'a number' if float in want else _a_type(want[0])}"
    if len(_TYPE_VERDICTS) > 1_000:
        _TYPE_VERDICTS.clear()
    return None


@functools.lru_cache(maxsize=4_096)
def _day(iso: str) -> date | None:
    """``iso`` as a date (None if it is none): stored articles share publication days."""
    try:
        return date.fromisoformat(iso)
    except (ValueError, TypeError):
        return None


def _a_type(t: type) -> str:
    return {int: "an integer", str: "a string"}.get(t, t.__name__)


def stored_fact(row: sqlite3.Row | tuple[Any, ...]) -> StoredFact:
    """A row of :data:`STORED_SELECT` (or one half of a :data:`CONVERSIONS_SELECT` row)."""
    (article_id, source, published, measure, publisher, fact_id, kind, text, start, end) = row[:10]
    (s_text, s_start, s_end, certainty, value, low, high, unit, qualifier, currency) = row[10:20]
    (equivalent_of, iso, granularity, relative, canonical, role, subject) = row[20:27]
    (attacker, per, place, population, payee, part_of, event) = row[27:34]
    fact = _frozen(
        Fact,
        {
            "id": fact_id,
            "kind": kind,
            "text": text,
            "start": start,
            "end": end,
            "sentence": _frozen(Sentence, {"text": s_text, "start": s_start, "end": s_end}),
            "certainty": certainty,
            "value": value,
            "low": low,
            "high": high,
            "unit": unit,
            "qualifier": qualifier,
            "currency": currency,
            "equivalent_of": equivalent_of,
            "date": iso,
            "granularity": granularity,
            "relative": None if relative is None else bool(relative),
            "canonical": canonical,
            "role": role,
            "subject": subject,
            "attacker": attacker,
            "per": per,
            "place": place,
            "population": population,
            "payee": payee,
            "part_of": part_of,
            "event": event,
        },
    )
    day = _day(published) if published else None
    return _frozen(
        StoredFact,
        {
            "fact": fact,
            "article_id": article_id,
            "source": source,
            "published": day,
            "measure": measure,
            "publisher": publisher,
        },
    )


_T = TypeVar("_T")


def _frozen(cls: type[_T], values: dict[str, Any]) -> _T:
    """An instance of the frozen dataclass ``cls`` with ``values`` (every field by name),
    without the generated ``__init__``: that sets each field through ``object.__setattr__``
    (6 us for a Fact, against 0.4 us here), and ``check`` builds about a thousand per call.
    Only for classes with no ``__post_init__`` and no slots; the result is equal to the one
    ``__init__`` makes (``tests/test_store.py``)."""
    obj = object.__new__(cls)
    obj.__dict__.update(values)
    return obj
