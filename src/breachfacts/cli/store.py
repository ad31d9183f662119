"""The store commands: ``add``, ``check``, ``history`` and ``store info``.

A thin layer over :mod:`breachfacts.store`: parse the arguments, call the library, print,
choose the exit code. Plain functions: :mod:`breachfacts.cli.app` registers them (``info``
under ``store``). spaCy is imported only inside the commands that extract, so ``--help``
answers at once.

Output: data goes to stdout (``add``'s per-article report and total, ``check``'s facts,
``history``'s timeline, ``store info``); diagnostics go to stderr, one line each, starting
``breachfacts: ``. With ``check --add`` the add report goes to stderr, since stdout carries
the checked facts.

Exit codes: 0 all went well; 1 an input could not be read or extracted (the others were
still processed), a write failed (a disk error) and was rolled back, or ``history`` found
nothing; 2 a usage problem, or the store cannot be used: it (or ``measures.json``) cannot be
opened, or it is locked past the lock timeout, read-only, corrupt or too new, whenever that
is found.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from rich.console import Console

from ..errors import ReadError
from ..ingest import DEFAULT_MAX_BYTES, open_regular
from ..nlp import DEFAULT_MODEL
from .checked import FailOnOpt, OnlyOpt, WideOpt, print_checked, statuses_option
from .common import (
    EXIT_FAIL_ON,
    EXIT_INPUT,
    EXIT_USAGE,
    Problems,
    extractions,
    fail,
    load_pipeline,
    pattern_dirs,
    published_date,
    say,
    stderr_console,
)
from .options import (
    Format,
    FormatOpt,
    InputsArg,
    MaxBytesOpt,
    ModelOpt,
    PatternsOpt,
    PublishedOpt,
    QuietOpt,
    TimeoutOpt,
    WorkersOpt,
)

if TYPE_CHECKING:
    from ..facts import Extraction
    from ..store import AddReport, Checked, Store


class TableOrJson(str, Enum):
    table = "table"
    json = "json"


class HistoryFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


DbOpt = Annotated[
    Optional[Path],  # noqa: UP007,UP045  (typer needs Optional here on 3.10)
    typer.Option(
        "--db",
        envvar="BREACHFACTS_DB",
        help="The store file [default: $BREACHFACTS_DB, else facts.sqlite in the user data "
        "directory; see 'breachfacts store info'].",
        show_default=False,
        dir_okay=False,
    ),
]
LockTimeoutOpt = Annotated[
    Optional[float],  # noqa: UP007,UP045
    typer.Option(
        "--lock-timeout",
        envvar="BREACHFACTS_LOCK_TIMEOUT",
        help="Seconds to wait for another process writing to the store before giving up "
        "[default: 60; at most 86400].",
        show_default=False,
    ),
]
OptionalInputsArg = Annotated[
    Optional[list[str]],  # noqa: UP007,UP045
    typer.Argument(
        help="Article files (.txt, .html, .jsonl), directories of them, http(s):// URLs of "
        "pages, or - for JSONL on stdin.",
        show_default=False,
    ),
]
FactsOpt = Annotated[
    Optional[list[Path]],  # noqa: UP007,UP045
    typer.Option(
        "--facts",
        help="Record 'breachfacts extract -f jsonl' output instead of extracting: a .jsonl "
        "file, a directory of them, or - for stdin. One transaction per file. Repeatable.",
        show_default=False,
        allow_dash=True,
    ),
]
TableOrJsonOpt = Annotated[
    Optional[TableOrJson],  # noqa: UP007,UP045
    typer.Option(
        "--format",
        "-f",
        help="Output format [default: table on a terminal, json when piped].",
        show_default=False,
    ),
]

# --------------------------------------------------------------------------- helpers


def open_store(
    db: Path | None,
    *,
    readonly: bool = False,
    patterns: list[Path] | None = None,
    timeout: float | None = None,
) -> Store:
    """Open the store, or exit 2 with one line (locked, corrupt, too new, bad measures).

    A ``measures.json`` in a ``--patterns`` directory (or ``$BREACHFACTS_PATTERNS``) extends
    the built-in unit -> measure table. ``timeout``: ``--lock-timeout`` (checked here).
    """
    from ..store import MeasuresError, Store, StoreError, load_measures, lock_timeout

    try:
        seconds = lock_timeout(timeout) if timeout is not None else None
    except ValueError as err:
        raise fail(f"--lock-timeout: {err}", EXIT_USAGE) from None
    try:
        extra = [d / "measures.json" for d in pattern_dirs(patterns)]
        measures = load_measures(*(p for p in extra if p.is_file()))
        return Store.open(db, readonly=readonly, measures=measures, timeout=seconds)
    except (StoreError, MeasuresError) as err:
        raise fail(str(err), EXIT_USAGE) from None


def store_exit(err: Exception) -> int:
    """2 for a store that cannot be used at all (locked past the lock timeout, read-only,
    corrupt, too new: nothing about the inputs, and nothing more can be recorded), as when
    it cannot be opened; 1 for a write that failed otherwise (a disk error) and was rolled
    back."""
    from ..store import StoreCorrupt, StoreLocked, StoreReadOnly, StoreTooNew

    unusable = (StoreLocked, StoreReadOnly, StoreCorrupt, StoreTooNew)
    return EXIT_USAGE if isinstance(err, unusable) else EXIT_INPUT


def db_path(db: Path | None) -> Path:
    from ..store import default_db_path

    return db if db is not None else default_db_path()


def _extract(
    inputs: Sequence[str],
    published: str | None,
    model: str,
    patterns: list[Path] | None,
    max_bytes: int,
    problems: Problems,
    workers: int = 1,
    quiet: bool = False,
    timeout: float | None = None,
) -> Iterator[Extraction]:
    """Extract every readable input, streaming; bad inputs are reported through ``problems``."""
    pub = published_date(published)
    nlp = load_pipeline(model, patterns)
    yield from extractions(
        list(inputs),
        pub,
        nlp,
        problems,
        max_bytes=max_bytes,
        workers=workers,
        quiet=quiet,
        timeout=timeout,
    )


def _fact_files(path: Path, problems: Problems) -> list[Path]:
    """The JSONL files ``--facts`` names: the file itself, or a directory's ``*.jsonl``."""
    if str(path) == "-":
        return [path]
    if path.is_dir():
        files = sorted(p for p in path.glob("*.jsonl") if p.is_file())
        if not files:
            problems.report(f"{path}: no *.jsonl files")
        return files
    if not path.exists():
        problems.report(f"{path}: no such file")
        return []
    try:  # a FIFO or a device is refused without being read (it would block or never end)
        open_regular(str(path)).close()
    except ReadError as err:
        problems.report(str(err))
        return []
    return [path]


def _print_add_report(report: AddReport, console: Console) -> None:
    for a in report.articles:
        if a.status == "added":
            n = a.facts
            say(console, f"added {a.source}: {n} fact{'s' if n != 1 else ''}")
        else:
            say(console, f"{a.source}: already in the store (same content), nothing recorded")


def _total(added: int, duplicates: int, facts: int, path: Path) -> str:
    parts = [f"{added} article{'s' if added != 1 else ''} added ({facts} facts)"]
    if duplicates:
        parts.append(f"{duplicates} already in the store")
    return f"{', '.join(parts)}: {path}"


# --------------------------------------------------------------------------- commands


def add(
    inputs: OptionalInputsArg = None,
    published: PublishedOpt = None,
    db: DbOpt = None,
    facts: FactsOpt = None,
    model: ModelOpt = DEFAULT_MODEL,
    patterns: PatternsOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    workers: WorkersOpt = 1,
    quiet: QuietOpt = False,
    lock_timeout: LockTimeoutOpt = None,
    timeout: TimeoutOpt = None,
) -> None:
    """Extract articles and record their facts in the store, a batch per transaction.

    Prints a line per article (added, with its fact count, or already in the store) and a
    total on stdout. An article whose text is already stored records nothing. Bad inputs are
    reported one line each on stderr and the others are still added (exit code 1). Articles
    are extracted first and written in batches of 64, each in one transaction: if a write
    fails, nothing of its batch is recorded. Another writer is waited for (--lock-timeout).
    """
    from ..store import FactsFormatError, StoreError, read_fact_records

    if not inputs and not facts:
        raise fail("add: give article files, or --facts with extract output", EXIT_USAGE)
    problems = Problems(stderr_console())
    out = Console(highlight=False, soft_wrap=True)
    store = open_store(db, patterns=patterns, timeout=lock_timeout)
    added = duplicates = n_facts = 0
    with store:
        for path in facts or []:
            for file in _fact_files(path, problems):
                try:
                    report = store.add_fact_records(read_fact_records(file))
                except (FactsFormatError, StoreError) as err:
                    if isinstance(err, StoreError) and store_exit(err) == EXIT_USAGE:
                        raise fail(f"{err} (nothing recorded from {file})") from None
                    problems.report(f"{err} (nothing recorded from this file)")
                    continue
                _print_add_report(report, out)
                added, duplicates = added + len(report.added), duplicates + len(report.duplicates)
                n_facts += report.facts
        if inputs:
            # extracted a batch at a time, each written in one transaction: memory stays
            # flat, the write lock is held only while a batch is written (never while spaCy
            # runs), and a failure records nothing of its batch
            done = _extract(
                inputs, published, model, patterns, max_bytes, problems, workers, quiet, timeout
            )
            written = 0
            try:
                for report in store.add_batches(done):
                    _print_add_report(report, out)
                    added += len(report.added)
                    duplicates += len(report.duplicates)
                    n_facts += report.facts
                    written += len(report.articles)
            except StoreError as err:
                kept = (
                    f" of the last batch; the {written} articles before it are" if written else ""
                )
                message = f"{err} (nothing recorded{kept and kept + ' stored'})"
                raise fail(message, store_exit(err)) from None
    say(out, _total(added, duplicates, n_facts, store.path))
    if problems.count:
        raise typer.Exit(EXIT_INPUT)


def check(
    inputs: InputsArg,
    published: PublishedOpt = None,
    db: DbOpt = None,
    add: Annotated[
        bool,
        typer.Option(
            "--add", help="Also record the articles (one transaction), as 'breachfacts add'."
        ),
    ] = False,
    fmt: FormatOpt = None,
    only: OnlyOpt = None,
    fail_on: FailOnOpt = None,
    wide: WideOpt = False,
    model: ModelOpt = DEFAULT_MODEL,
    patterns: PatternsOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    workers: WorkersOpt = 1,
    quiet: QuietOpt = False,
    lock_timeout: LockTimeoutOpt = None,
    timeout: TimeoutOpt = None,
) -> None:
    """Compare each fact of the articles with the store: new, confirmed, updated, conflicting.

    Writes nothing unless --add is given (a store that does not exist yet is not created:
    every fact is new). Tables show a line per fact with its status and a 'was' column, and
    a summary line per article (most important status first); JSON and JSONL print the
    articles as 'extract' does, each fact with 'status' and 'against' (the stored facts it
    was compared with); CSV a row per fact. Exit 3 with --fail-on when a fact has one of
    its statuses.
    """
    from ..store import StoreError, all_new

    shown = statuses_option(only, "--only")
    failing = statuses_option(fail_on, "--fail-on")
    problems = Problems(stderr_console())
    fmt = fmt or (Format.table if sys.stdout.isatty() else Format.jsonl)
    path = db_path(db)
    store = (
        open_store(path, readonly=not add, patterns=patterns, timeout=lock_timeout)
        if add or path.exists()
        else None
    )
    try:
        done = _extract(
            inputs, published, model, patterns, max_bytes, problems, workers, quiet, timeout
        )
        if add:
            assert store is not None
            results = _check_and_add(store, list(done))
        elif store is None:
            results = ((ex, all_new(ex.facts)) for ex in done)
        else:
            results = ((ex, store.check(ex)) for ex in done)
        seen = print_checked(results, fmt, only=shown, wide=wide)
    except StoreError as err:
        raise fail(f"{err}{' (nothing recorded)' if add else ''}", store_exit(err)) from None
    finally:
        if store is not None:
            store.close()
    for line in store.skipped if store is not None else []:
        problems.report(line)
    if problems.count:
        raise typer.Exit(EXIT_INPUT)
    if failing and failing & seen:
        raise typer.Exit(EXIT_FAIL_ON)


def _check_and_add(
    store: Store, extractions: list[Extraction]
) -> list[tuple[Extraction, list[Checked]]]:
    """``check --add``: one transaction; each article is compared before it is written."""
    report = store.add(extractions, check=True)
    _print_add_report(report, Console(stderr=True, highlight=False, soft_wrap=True))
    out = []
    for ex, a in zip(extractions, report.articles, strict=True):
        # a duplicate writes nothing: tell what the other stored articles say about it
        out.append((ex, a.checked if a.status == "added" else store.check(ex)))
    return out


def history(
    organisation: Annotated[
        str, typer.Argument(help="Organisation: its canonical name or any name articles used.")
    ],
    db: DbOpt = None,
    fmt: Annotated[
        Optional[HistoryFormat],  # noqa: UP007,UP045
        typer.Option(
            "--format",
            "-f",
            help="Output format [default: table on a terminal, json when piped]. csv: a row "
            "per report (columns in docs/views.md).",
            show_default=False,
        ),
    ] = None,
    plot: Annotated[
        Path | None,
        typer.Option(
            "--plot",
            help="Also draw each measure over publication date to this .png or .svg file "
            "(needs the plot extra: pip install 'breachfacts[plot]').",
            show_default=False,
        ),
    ] = None,
    wide: Annotated[
        bool,
        typer.Option(
            "--wide",
            help="Table: a row per report (certainty, publisher, source). Default: one line "
            "per slot, its values in publication order.",
        ),
    ] = False,
) -> None:
    """What the store knows about one organisation: each slot's values over time.

    For every slot (people affected, employees, records, files, ransom, attack date, ...)
    the values reported, in publication order; --wide lists each report with its exact
    text, the article's publication date, publisher and source.
    """
    from ..views import render

    path = db_path(db)
    if not path.exists():
        raise fail(f"{organisation}: not in the store (no store yet at {path})", EXIT_INPUT)
    with open_store(path, readonly=True) as store:
        h = _or_fail(lambda: store.history(organisation))
    if not h.found:
        raise fail(f"{organisation}: not in the store ({path})", EXIT_INPUT)
    if plot is not None:
        from ..views.plot import PlotError, plot_history

        try:
            plot_history(h.to_dict(), plot)
        except PlotError as err:
            raise fail(f"--plot {plot}: {err}") from None
        say(stderr_console(), f"timeline: {plot}")
    fmt = fmt or (HistoryFormat.table if sys.stdout.isatty() else HistoryFormat.json)
    if fmt is HistoryFormat.json:
        sys.stdout.write(json.dumps(h.to_dict(), ensure_ascii=False, indent=2) + "\n")
    elif fmt is HistoryFormat.csv:
        from ..views.csv import write_history_csv

        write_history_csv(h.to_dict(), sys.stdout)
    else:
        table = render.history_table(h) if wide else render.history_slots_table(h)
        Console().print(table)
    _report_skipped(store)


def _report_skipped(store: Store) -> None:
    """Stored facts a read left out (a field of the wrong type): a line each, exit 1."""
    if store.skipped:
        problems = Problems(stderr_console())
        for line in store.skipped:
            problems.report(line)
        raise typer.Exit(EXIT_INPUT)


def store_info(db: DbOpt = None, fmt: TableOrJsonOpt = None) -> None:
    """Where the store is, how many articles and facts it holds, and its schema version.

    A store that does not exist yet is not created: its path is shown with zero counts.
    """
    from ..views import render

    path = db_path(db)
    if path.exists():
        with open_store(path, readonly=True) as store:
            info = _or_fail(store.info)
        info["exists"] = True
    else:
        info = {"path": str(path), "exists": False, "articles": 0, "facts": 0}
        info.update(schema_version=0, migrations=[], size_bytes=None)
    fmt = fmt or (TableOrJson.table if sys.stdout.isatty() else TableOrJson.json)
    if fmt is TableOrJson.json:
        sys.stdout.write(json.dumps(info, ensure_ascii=False, indent=2) + "\n")
    else:
        Console().print(render.info_table(info))


def _or_fail(call: Any) -> Any:
    """Run a read; a store error becomes one line and exit 2."""
    from ..store import StoreError

    try:
        return call()
    except StoreError as err:
        raise fail(str(err), EXIT_USAGE) from None
