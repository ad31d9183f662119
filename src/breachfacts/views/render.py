"""Output: Rich tables for people, JSON and JSONL for programs.

Writers take an iterable of :class:`~breachfacts.facts.Extraction` and write each as soon
as it arrives, so a long run streams. Every string of a table is shown, never obeyed: a
control or bidi character is spelt as an escape (:func:`~.terminal.for_terminal`) and
Rich markup or an emoji code in it (``[blink]``, ``:100:``) is printed as written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import IO, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..facts import Extraction, Fact, json_text
from ..store import STATUSES
from .terminal import for_terminal

KIND_STYLES = {
    "figure": "bold cyan",
    "money": "bold green",
    "date": "bold magenta",
    "duration": "bold blue",
    "organisation": "bold yellow",
}
STATUS_STYLES = {
    "new": "bold blue",
    "confirmed": "bold green",
    "updated": "bold yellow",
    "conflicting": "bold red",
}


def cell(value: object, *, one_line: bool = False, style: str = "") -> Text:
    """A string from an input as a table shows it: controls escaped, markup and emoji
    codes inert (a ``Text`` is printed as written; a ``str`` cell would be parsed).

    ``one_line`` for names (ids, sources, titles): a newline in them is escaped too.

    Example:
        >>> cell("[blink]:100:\\x1b[2J").plain
        '[blink]:100:\\\\x1b[2J'
    """
    return Text(for_terminal(str(value), one_line=one_line), style=style)


#: Line breaks to some line splitter (Python's ``str.splitlines``, JavaScript, editors) that
#: ``json.dumps`` writes raw: it escapes C0 only (so \\r, \\v, \\f and \\x1c-\\x1e are
#: escaped already), not NEL, LINE SEPARATOR or PARAGRAPH SEPARATOR.
def write_jsonl(items: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """One JSON object a line; returns how many were written."""
    n = 0
    for item in items:
        out.write(json_text(item) + "\n")
        out.flush()
        n += 1
    return n


def write_json(items: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """A JSON array of the objects, written incrementally; returns how many."""
    n = 0
    out.write("[")
    for item in items:
        out.write(",\n" if n else "\n")
        out.write(json_text(item, indent=2))
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
    """The normalised value of a fact in a few words, for tables.

    Example:
        >>> from breachfacts.facts import Fact, Sentence
        >>> s = Sentence("x", 0, 1)
        >>> describe(Fact("f1", "figure", "more than 8,000", 0, 1, s, value=8000, low=8000,
        ...               unit="person", qualifier="more than"))
        '≥ 8,000 person (more than)'
        >>> describe(Fact("f2", "money", "$6,800", 0, 1, s, value=6800, low=6800, high=6800,
        ...               unit="USD", per="computer"))
        '6,800 USD per computer'
    """
    if fact.kind in ("figure", "money", "duration"):
        unit = fact.unit or ""
        lo, hi, v = fact.low, fact.high, fact.value
        if v is not None and lo == v and hi == v:
            core = format_number(v)
        elif lo is not None and hi is not None:
            core = f"{format_number(lo)}–{format_number(hi)}"
        elif lo is not None:
            core = f"≥ {format_number(lo)}"
        elif hi is not None:
            core = f"≤ {format_number(hi)}"
        elif v is not None:
            core = f"~{format_number(v)}"
        else:
            core = "?"
        parts = [f"{core} {unit}".strip()]
        if fact.per:
            parts.append(f"per {fact.per}")
        if fact.place:
            parts.append(f"in {fact.place}")
        if fact.qualifier:
            parts.append(f"({fact.qualifier})")
        if fact.equivalent_of:
            parts.append(f"= {fact.equivalent_of}")
        return " ".join(parts)
    if fact.kind == "date":
        if fact.date is None:
            return "unresolved" + (" (relative)" if fact.relative else "")
        return f"{fact.date} ({fact.granularity}{', relative' if fact.relative else ''})"
    return fact.canonical or ""


def highlighted_sentence(fact: Fact, width: int = 110) -> Text:
    """The fact's sentence with the fact in bold colour, trimmed around it if long."""
    s = fact.sentence
    a, b = fact.start - s.start, fact.end - s.start
    text = s.text.replace("\r", " ").replace("\n", " ")  # same length: offsets hold
    left, right = 0, len(text)
    if len(text) > width:
        left = max(0, a - width // 2)
        right = min(len(text), left + width)
    a, b = min(max(a, left), right), min(max(b, left), right)
    t = Text("…" if left else "")
    shown = [for_terminal(text[i:j], one_line=False) for i, j in ((left, a), (a, b), (b, right))]
    t.append(shown[0])  # each piece escaped on its own: the style stays on the fact
    t.append(shown[1], style=KIND_STYLES.get(fact.kind, "bold"))
    t.append(shown[2] + ("…" if right < len(text) else ""))
    return t


def facts_table(
    ex: Extraction,
    statuses: dict[str, dict[str, Any]] | None = None,
    *,
    compact: bool = False,
) -> Table:
    """A Rich table of one article's facts (with status and 'was' columns after a check).

    ``compact``: one line per fact (id, kind, text, value, and status and was after a
    check), each cell cut to fit the console width with an ellipsis; no certainty, role or
    sentence. Otherwise every column is shown and long cells wrap.
    """
    pub = ex.article.published.isoformat() if ex.article.published else "date unknown"
    table = Table(
        title=cell(f"{ex.article.id} (published {pub})", one_line=True, style="table.title"),
        title_justify="left",
        show_lines=False,
        expand=False,
    )
    # compact: the columns may shrink (the widest first) and each cell stays one line,
    # cut with an ellipsis (short: a Text's own no_wrap and overflow win over its column's)
    short = _one_line if compact else _as_is
    table.add_column("id", style="dim", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("text", overflow="fold", max_width=36 if compact else None)
    table.add_column("value", overflow="fold", max_width=30 if compact else None)
    if not compact:
        table.add_column("certainty", no_wrap=True)
        table.add_column("role · subject", overflow="fold")
    if statuses is not None:
        table.add_column("status", no_wrap=True)
        table.add_column("was", overflow="fold")
    if not compact:
        table.add_column("sentence", overflow="fold", ratio=3)
    for f in ex.facts:
        row: list[Any] = [
            f.id,
            Text(f.kind, style=KIND_STYLES.get(f.kind, "")),
            short(cell(f.text, one_line=compact)),
            short(cell(describe(f), one_line=compact)),
        ]
        if not compact:
            row.append(
                f.certainty
                if f.certainty == "certain"
                else Text(f.certainty, style="italic yellow")
            )
            subject = f.subject if f.kind != "organisation" else None
            row.append(cell(" · ".join(x for x in (f.role, subject) if x)))
        if statuses is not None:
            st = statuses.get(f.id, {})
            status = st.get("status", "")
            row.append(Text(status, style=STATUS_STYLES.get(status, "")))
            was = "; ".join(describe_against(a) for a in st.get("against", []))
            row.append(short(cell(was, one_line=compact)))
        if not compact:
            row.append(highlighted_sentence(f))
        table.add_row(*row)
    return table


def _one_line(text: Text) -> Text:
    text.no_wrap, text.overflow = True, "ellipsis"
    return text


def _as_is(text: Text) -> Text:
    return text


def describe_against(against: dict[str, Any]) -> str:
    """A stored fact a checked fact was compared with, in a few words (the 'was' column).

    Example:
        >>> describe_against({"value": 8000, "text": "8,000", "published": "2020-01-21",
        ...                   "source": "a.txt"})
        '8,000 (2020-01-21, a.txt)'
    """
    v = against.get("value")
    shown = format_number(v) if isinstance(v, (int, float)) else (v or against.get("text", ""))
    conv = against.get("converted")
    if conv:  # "0.8 Bitcoins ≈ 6,120-7,480 USD": what an amount in bitcoin was compared as
        shown = (
            f"{against.get('text', shown)} ≈ {format_number(conv['low'])}"
            f"-{format_number(conv['high'])} {conv.get('currency') or ''}".rstrip()
        )
    return f"{shown} ({against.get('published') or '?'}, {against.get('source', '?')})"


def print_tables(
    extractions: Iterable[Extraction],
    console: Console,
    statuses: dict[str, dict[str, dict[str, Any]]] | None = None,
    *,
    compact: bool = False,
    none: str = "no facts found",
) -> Iterator[Extraction]:
    """Print a table per article as it arrives (:func:`facts_table`); yields the extractions
    on. An article without facts is one line: its id and ``none``."""
    for ex in extractions:
        if not ex.facts:
            console.print(cell(ex.article.id, one_line=True, style="bold") + f": {none}")
        else:
            st = statuses.get(ex.article.id) if statuses else None
            console.print(facts_table(ex, st, compact=compact))
        yield ex


# --------------------------------------------------------------------------- the store


def statuses_of(checked: Iterable[Any]) -> dict[str, dict[str, Any]]:
    """Fact id -> ``{"status", "against"}`` from ``Store.check`` results (:func:`facts_table`).

    An article that names the same thing several times is listed once in ``against``.
    """
    out: dict[str, dict[str, Any]] = {}
    for c in checked:
        seen: set[tuple[Any, ...]] = set()
        against = []
        for a in c.against:
            key = (a.get("value"), a.get("text"), a.get("source"), a.get("published"))
            if key not in seen:
                seen.add(key)
                against.append(a)
        out[c.fact.id] = {"status": c.status, "against": against}
    return out


def status_summary(statuses: Iterable[str]) -> str:
    """How many facts, and how many of each status, most important first (``STATUSES``).

    Example:
        >>> status_summary(["confirmed", "updated", "new", "confirmed", "conflicting"])
        '5 facts: 1 conflicting, 1 updated, 1 new, 2 confirmed'
        >>> status_summary([])
        '0 facts'
    """
    counts = Counter(statuses)
    n = sum(counts.values())
    shown = ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts.get(s))
    return f"{n} fact{'s' if n != 1 else ''}" + (f": {shown}" if shown else "")


def checked_to_dict(ex: Extraction, checked: Iterable[Any]) -> dict[str, Any]:
    """The article as ``extract`` prints it, each fact with ``status`` and ``against`` added.

    ``checked`` holds one :class:`~breachfacts.store.compare.Checked` per fact of ``ex``.
    """
    d = ex.to_dict()
    d["facts"] = [c.to_dict() for c in checked]
    return d


def report_value(r: Any) -> str:
    """The normalised value of a stored report (``Store.history``), in a few words.

    Example:
        >>> from types import SimpleNamespace as R
        >>> report_value(R(kind="figure", value=8000, low=8000, high=None, unit="person",
        ...                qualifier="more than", currency=None, date=None))
        '8,000 person (more than)'
    """
    if r.kind == "date":
        return r.date or "unresolved"
    if r.kind == "organisation":
        return r.text
    unit = r.currency if r.kind == "money" and r.currency else (r.unit or "")
    if r.value is not None:
        core = f"{format_number(r.value)} {unit}".strip()
    else:
        lo = format_number(r.low) if r.low is not None else "…"
        hi = format_number(r.high) if r.high is not None else "…"
        core = f"{lo}–{hi} {unit}".strip()
    return f"{core} ({r.qualifier})" if r.qualifier else core


def _history_frame(h: Any) -> Table:
    """An empty table titled with the organisation, its article count and other names."""
    also = [n for n in h.names if n.casefold() != h.organisation.casefold()]
    title = f"{h.organisation}: {h.articles} article{'s' if h.articles != 1 else ''}"
    if also:
        title += f" (also named {', '.join(also)})"
    return Table(
        title=cell(title, one_line=True, style="table.title"), title_justify="left", expand=False
    )


def history_table(h: Any) -> Table:
    """A Rich table of one organisation's timeline (``Store.history``): a row per report.

    An article that repeats the same value is shown once, with the count ("×2").
    """
    table = _history_frame(h)
    table.add_column("measure", style="bold", no_wrap=True)
    table.add_column("reported", overflow="fold")
    table.add_column("value", overflow="fold", max_width=24)
    table.add_column("certainty", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("by", overflow="fold")
    table.add_column("source", overflow="fold")
    for measure, reports in h.timeline.items():
        rows: list[tuple[Any, int]] = []
        for r in reports:
            key = (r.text, r.value, r.date, r.certainty, r.source)
            if rows and rows[-1][0] == key:
                rows[-1] = (key, rows[-1][1] + 1)
            else:
                rows.append((key, 1))
        i = 0
        for n, (_, times) in enumerate(rows):
            r = reports[i]
            i += times
            reported = Text(for_terminal(r.text, one_line=False), style=KIND_STYLES.get(r.kind, ""))
            if times > 1:
                reported.append(f" ×{times}", style="dim")
            table.add_row(
                cell(measure) if n == 0 else "",
                reported,
                cell(report_value(r)),
                r.certainty if r.certainty == "certain" else Text(r.certainty, style="italic"),
                r.published.isoformat() if r.published else "date unknown",
                cell(r.publisher or "", one_line=True),
                cell(r.source, one_line=True),
                end_section=n == len(rows) - 1,
            )
    return table


def history_slots_table(h: Any) -> Table:
    """One organisation's timeline as one line per slot (``Store.history``): the values it
    was reported at, in publication order, each with its date; a value repeated by the
    next report is shown once. ``history_table`` has a row per report.

    Example line: ``people affected | 143 million (2017-09-07) → 145.5 million (2017-10-03)
    → 147.9 million (2018-03-01) | 5 reports``.
    """
    table = _history_frame(h)
    table.add_column("slot", style="bold", no_wrap=True)
    table.add_column("reported, in order", overflow="fold")
    table.add_column("reports", justify="right", no_wrap=True)
    for slot, reports in h.timeline.items():
        line = Text()
        last: tuple[Any, ...] | None = None
        for r in reports:
            key = (r.value, r.low, r.high, r.date, r.currency, r.certainty)
            if key == last:
                continue
            if last is not None:
                line.append(" → ", style="dim")
            line.append(for_terminal(r.text, one_line=True), style=KIND_STYLES.get(r.kind, ""))
            if r.certainty != "certain":
                line.append(f" [{r.certainty}]", style="italic")
            day = r.published.isoformat() if r.published else "date unknown"
            line.append(f" ({day})", style="dim")
            last = key
        table.add_row(cell(slot, one_line=True), line, str(len(reports)))
    return table


def info_table(info: dict[str, Any]) -> Table:
    """``store info`` as a two-column table."""
    table = Table(show_header=False, box=None)
    table.add_column("key", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    missing = "" if info.get("exists", True) else " (not created yet)"
    table.add_row("path", cell(info["path"], one_line=True) + missing)
    table.add_row("articles", f"{info['articles']:,}")
    table.add_row("facts", f"{info['facts']:,}")
    migrations = info.get("migrations") or []
    version = str(info.get("schema_version", 0))
    table.add_row("schema version", version + (f" ({migrations[-1]})" if migrations else ""))
    if info.get("size_bytes") is not None:
        table.add_row("size", f"{info['size_bytes']:,} bytes")
    return table
