"""CSV for spreadsheets: one row per fact (``extract``, ``check``) or per report (``history``).

Pure functions over the same dicts the JSON output prints (``Extraction.to_dict()``,
:func:`breachfacts.views.render.checked_to_dict`, ``History.to_dict()``). The column tuples
below are the one home of the column names and their order; ``docs/views.md`` documents
them.

RFC 4180: the header row first, fields quoted only when they hold a comma, a quote or a line
break (a quote doubled), every row ended by ``\\r\\n`` (Python's :mod:`csv`).

Formula injection (OWASP "CSV injection"): a spreadsheet runs a cell that starts with ``=``,
``+``, ``-`` or ``@`` (also tab and carriage return) as a formula. Every text cell that starts
with one of them gets a leading single quote (:func:`neutralise`), which spreadsheets show as
text. Numeric columns (:data:`NUMBER_COLUMNS`) that hold a real number are written as the
number, so ``-5`` stays a negative number; anything else in them is text and neutralised.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from ..facts import SLOT_QUALIFIERS
from .render import describe_against

FACT_COLUMNS: tuple[str, ...] = (
    "source",
    "published",
    "title",
    "fact_id",
    "kind",
    "text",
    "start",
    "end",
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
    "subject",
    "attacker",
    *SLOT_QUALIFIERS,  # per, place, population, payee, part_of, event
    "sentence",
)
"""``extract --format csv``: the article (``source``, ``published``, ``title``), then the
fact's ``breachfacts/1`` fields (``fact_id`` is its ``id``; ``sentence`` its sentence text).
A field the fact's kind does not have is empty."""

CHECK_COLUMNS: tuple[str, ...] = (*FACT_COLUMNS, "status", "against")
"""``check --format csv``: the fact columns, its ``status`` and ``against``: the stored
facts it was compared with, as the table's ``was`` column shows them, ``; ``-separated."""

HISTORY_COLUMNS: tuple[str, ...] = (
    "organisation",
    "slot",
    "text",
    "value",
    "low",
    "high",
    "unit",
    "qualifier",
    "currency",
    "date",
    "certainty",
    "role",
    "source",
    "publisher",
    "published",
    "sentence",
)
"""``history --format csv``: one row per timeline entry, with the organisation and the
measure it was filed under."""

NUMBER_COLUMNS = frozenset({"start", "end", "value", "low", "high"})
"""Columns written as numbers when they hold one (never neutralised)."""

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP)."""


def neutralise(text: str) -> str:
    """``text`` as a spreadsheet shows it, never runs it: a leading ``'`` before a trigger.

    Example:
        >>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("-5"), neutralise("8,000")
        ('\\'=HYPERLINK("http://x")', "'-5", '8,000')
    """
    return "'" + text if text.startswith(TRIGGERS) else text


def csv_cell(value: Any, *, number: bool = False) -> str | int | float:
    """One cell: '' for None, a number in a number column, ``true``/``false``, else text.

    Example:
        >>> csv_cell(-8000.0, number=True), csv_cell(0.5, number=True), csv_cell(True)
        (-8000, 0.5, 'true')
        >>> csv_cell("-8000", number=True), csv_cell("@SUM(A1)")
        ("'-8000", "'@SUM(A1)")
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if number and isinstance(value, (int, float)) and math.isfinite(value):
        if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
            return int(value)
        return value
    return neutralise(str(value))


def fact_rows(doc: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """A row (column -> raw value) per fact of one article dict (``extract``/``check`` JSON)."""
    for f in doc.get("facts") or []:
        sentence = f.get("sentence")
        row = {c: f.get(c) for c in FACT_COLUMNS}
        row.update(
            source=doc.get("source"),
            published=doc.get("published"),
            title=doc.get("title"),
            fact_id=f.get("id"),
            sentence=sentence.get("text") if isinstance(sentence, Mapping) else sentence,
        )
        if "status" in f:
            row["status"] = f["status"]
            row["against"] = "; ".join(describe_against(a) for a in f.get("against") or [])
        yield row


def history_rows(history: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """A row per timeline entry of ``History.to_dict()``, oldest first within a slot."""
    for slot, reports in (history.get("timeline") or {}).items():
        for r in reports:
            yield {**r, "organisation": history.get("organisation"), "slot": slot}


def write_csv(rows: Iterable[Mapping[str, Any]], out: IO[str], columns: tuple[str, ...]) -> int:
    """The header, then a line per row (flushed as it goes); returns how many rows.

    Example:
        >>> import io
        >>> buf = io.StringIO()
        >>> write_csv([{"text": "-5", "value": -5.0}], buf, ("text", "value"))
        1
        >>> buf.getvalue()
        "text,value\\r\\n'-5,-5\\r\\n"
    """
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    n = 0
    for row in rows:
        writer.writerow([csv_cell(row.get(c), number=c in NUMBER_COLUMNS) for c in columns])
        out.flush()
        n += 1
    return n


def write_facts_csv(
    docs: Iterable[Mapping[str, Any]], out: IO[str], columns: tuple[str, ...] = FACT_COLUMNS
) -> int:
    """Every fact of the article dicts, a row each (``CHECK_COLUMNS`` for checked ones)."""
    return write_csv((row for doc in docs for row in fact_rows(doc)), out, columns)


def write_history_csv(history: Mapping[str, Any], out: IO[str]) -> int:
    """``history --format csv``: a row per timeline entry (:data:`HISTORY_COLUMNS`)."""
    return write_csv(history_rows(history), out, HISTORY_COLUMNS)
