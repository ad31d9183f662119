"""Output: Rich tables for people, JSON and JSONL for programs.

Writers take an iterable of :class:`~breachfacts.facts.Extraction` and write each as soon
as it arrives, so a long run streams.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .facts import Extraction, Fact

KIND_STYLES = {
    "figure": "bold cyan",
    "money": "bold green",
    "date": "bold magenta",
    "organisation": "bold yellow",
}
STATUS_STYLES = {
    "new": "bold blue",
    "confirmed": "bold green",
    "updated": "bold yellow",
    "conflicting": "bold red",
}


def write_jsonl(items: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """One JSON object a line; returns how many were written."""
    n = 0
    for item in items:
        out.write(json.dumps(item, ensure_ascii=False) + "\n")
        out.flush()
        n += 1
    return n


def write_json(items: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """A JSON array of the objects, written incrementally; returns how many."""
    n = 0
    out.write("[")
    for item in items:
        out.write(",\n" if n else "\n")
        out.write(json.dumps(item, ensure_ascii=False, indent=2))
        out.flush()
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n


def format_number(x: float | None) -> str:
    """20000 -> '20,000'; 8.74e8 -> '874,000,000'; 0.5 -> '0.5'.

    Example:
        >>> format_number(8.74e8)
        '874,000,000'
    """
    if x is None:
        return "?"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.6g}" if abs(x) < 1e6 else f"{x:,.2f}"


def describe(fact: Fact) -> str:
    """The normalised value of a fact in a few words, for tables."""
    if fact.kind in ("figure", "money"):
        unit = fact.unit or ""
        if fact.value is not None:
            core = f"{format_number(fact.value)} {unit}".strip()
        else:
            core = unit
        bounds = []
        if fact.low is not None and fact.low != fact.value or fact.high is not None and fact.high != fact.value:
            bounds.append(f"[{format_number(fact.low) if fact.low is not None else '…'}, "
                          f"{format_number(fact.high) if fact.high is not None else '…'}]")
        if fact.qualifier:
            bounds.append(fact.qualifier)
        if fact.equivalent_of:
            bounds.append(f"= {fact.equivalent_of}")
        return " ".join([core, *bounds]).strip()
    if fact.kind == "date":
        if fact.date is None:
            return "unresolved" + (" (relative)" if fact.relative else "")
        return f"{fact.date} ({fact.granularity}{', relative' if fact.relative else ''})"
    return fact.canonical or ""


def highlighted_sentence(fact: Fact, width: int = 160) -> Text:
    """The fact's sentence with the fact in bold colour, trimmed around it if long."""
    s = fact.sentence
    a, b = fact.start - s.start, fact.end - s.start
    text = " ".join(s.text.split("\n"))
    left, right = 0, len(text)
    if len(text) > width:
        left = max(0, a - width // 2)
        right = min(len(text), left + width)
    t = Text(("…" if left else "") + text[left:right] + ("…" if right < len(text) else ""))
    off = 1 if left else 0
    t.stylize(KIND_STYLES.get(fact.kind, "bold"), a - left + off, b - left + off)
    return t


def facts_table(ex: Extraction, statuses: dict[str, dict[str, Any]] | None = None) -> Table:
    """A Rich table of one article's facts (with status and 'was' columns after a check)."""
    pub = ex.article.published.isoformat() if ex.article.published else "date unknown"
    table = Table(title=f"{ex.article.id} (published {pub})", title_justify="left",
                  show_lines=False, expand=False)
    table.add_column("id", style="dim", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("text", overflow="fold")
    table.add_column("value", overflow="fold")
    table.add_column("certainty", no_wrap=True)
    if statuses is not None:
        table.add_column("status", no_wrap=True)
        table.add_column("was", overflow="fold")
    table.add_column("sentence", overflow="fold", ratio=3)
    for f in ex.facts:
        row: list[Any] = [
            f.id,
            Text(f.kind, style=KIND_STYLES.get(f.kind, "")),
            f.text,
            describe(f),
            f.certainty if f.certainty == "certain" else Text(f.certainty, style="italic yellow"),
        ]
        if statuses is not None:
            st = statuses.get(f.id, {})
            status = st.get("status", "")
            row.append(Text(status, style=STATUS_STYLES.get(status, "")))
            row.append("; ".join(_was(a) for a in st.get("against", [])))
        row.append(highlighted_sentence(f))
        table.add_row(*row)
    return table


def _was(against: dict[str, Any]) -> str:
    v = against.get("value")
    shown = format_number(v) if isinstance(v, (int, float)) else (v or against.get("text", ""))
    return f"{shown} ({against.get('published') or '?'}, {against.get('source', '?')})"


def print_tables(
    extractions: Iterable[Extraction],
    console: Console,
    statuses: dict[str, dict[str, dict[str, Any]]] | None = None,
) -> Iterator[Extraction]:
    """Print a table per article as it arrives; yields the extractions on."""
    for ex in extractions:
        if not ex.facts:
            console.print(f"[bold]{ex.article.id}[/]: no facts found")
        else:
            console.print(facts_table(ex, statuses.get(ex.article.id) if statuses else None))
        yield ex
