"""How ``check`` prints its verdicts: what changed first, ``--only``, ``--fail-on``, ``--wide``.

The options and the printing of :func:`breachfacts.cli.store.check`, kept apart so that the
store commands' module stays small. Every format prints the same facts: ``--only`` keeps the
facts with the statuses named (in the table, JSON, JSONL, CSV and HTML alike), while the
table's summary line under each article counts all of them, most important status first
(:data:`breachfacts.store.STATUSES`).

``--fail-on STATUSES`` makes the exit code :data:`~.common.EXIT_FAIL_ON` (3) when any checked
fact, shown or not, has one of those statuses. A worse outcome wins: an input that could not
be read is exit 1 (:data:`~.common.EXIT_INPUT`), a usage or store problem exit 2, whatever
the statuses, as ``grep`` reports an error before a match.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.console import Console

from .common import EXIT_USAGE, fail
from .options import Format

if TYPE_CHECKING:
    from ..facts import Extraction
    from ..store import Checked, Status

StatusesHelp = "Comma-separated statuses: conflicting, updated, new, confirmed; repeatable."

OnlyOpt = Annotated[
    Optional[list[str]],  # noqa: UP007,UP045  (typer needs Optional here on 3.10)
    typer.Option(
        "--only",
        help="Print only the facts with these statuses (table, JSON, JSONL, CSV, HTML); the "
        f"summary line still counts every fact. {StatusesHelp}",
        show_default=False,
        metavar="STATUSES",
    ),
]
FailOnOpt = Annotated[
    Optional[list[str]],  # noqa: UP007,UP045
    typer.Option(
        "--fail-on",
        help="Exit 3 when any checked fact has one of these statuses (exit 1 for an unreadable "
        f"input and 2 for a usage or store problem take precedence). {StatusesHelp}",
        show_default=False,
        metavar="STATUSES",
    ),
]
WideOpt = Annotated[
    bool,
    typer.Option(
        "--wide",
        help="Table: every column (certainty, role and subject, the sentence with the fact "
        "highlighted), long cells wrapped. Default: one line per fact (id, kind, text, value, "
        "status, was), cut to the terminal width.",
    ),
]


def statuses_option(values: Sequence[str] | None, option: str) -> frozenset[Status] | None:
    """The statuses ``--only`` or ``--fail-on`` name (None if not given); a bad name is one
    line and exit 2."""
    from ..store import parse_statuses

    if values is None:
        return None
    try:
        return frozenset().union(*(parse_statuses(v) for v in values))
    except ValueError as err:
        raise fail(f"{option}: {err}", EXIT_USAGE) from None


def keep(
    ex: Extraction, checked: Sequence[Checked], only: frozenset[Status] | None
) -> tuple[Extraction, list[Checked]]:
    """The article with only the facts whose status is in ``only`` (all if None)."""
    if only is None:
        return ex, list(checked)
    kept = [c for c in checked if c.status in only]
    ids = {c.fact.id for c in kept}
    return replace(ex, facts=tuple(f for f in ex.facts if f.id in ids)), kept


def print_checked(
    results: Iterable[tuple[Extraction, list[Checked]]],
    fmt: Format,
    *,
    only: frozenset[Status] | None = None,
    wide: bool = False,
) -> set[str]:
    """Print each article's checked facts in ``fmt`` as it arrives; return every status
    found (of all facts, not only those printed), for ``--fail-on``."""
    from ..views import render

    seen: set[str] = set()

    def shown() -> Iterable[tuple[Extraction, list[Checked], list[Checked]]]:
        for ex, checked in results:
            seen.update(c.status for c in checked)
            yield (*keep(ex, checked, only), checked)

    if fmt is Format.veris:
        raise fail("check: --format veris is for extract; use table, json, jsonl, csv or html")
    if fmt is Format.table:
        console = Console()
        none = "no facts found" if only is None else f"no {' or '.join(_named(only))} facts"
        for ex, kept, checked in shown():
            st = {ex.article.id: render.statuses_of(kept)}
            for _ in render.print_tables([ex], console, st, compact=not wide, none=none):
                pass
            console.print(render.status_summary(c.status for c in checked), highlight=False)
    elif fmt is Format.html:
        from ..views.html import write_html

        pages = [(ex, kept) for ex, kept, _ in shown()]
        statuses = {ex.article.id: render.statuses_of(kept) for ex, kept in pages}
        write_html((ex for ex, _ in pages), sys.stdout, statuses)
    elif fmt is Format.csv:
        from ..views.csv import CHECK_COLUMNS, write_facts_csv

        docs = (render.checked_to_dict(ex, kept) for ex, kept, _ in shown())
        write_facts_csv(docs, sys.stdout, CHECK_COLUMNS)
    else:
        writer = render.write_json if fmt is Format.json else render.write_jsonl
        writer((render.checked_to_dict(ex, kept) for ex, kept, _ in shown()), sys.stdout)
    return seen


def _named(statuses: frozenset[Status]) -> list[str]:
    from ..store import STATUSES

    return [s for s in STATUSES if s in statuses]
