"""The ``extract`` command: facts of each article as a table, JSON, JSONL, HTML or VERIS.

On one machine the articles stream through :func:`breachfacts.batch.extract_inputs`; with
``--dask`` they are partitioned over a cluster by :func:`breachfacts.distributed.run_dask`,
whose workers call the same function.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..errors import DaskRunError, ModelError
from ..ingest import DEFAULT_MAX_BYTES
from ..nlp import DEFAULT_MODEL
from ..pieces import DEFAULT_MAX_CHARS
from .common import (
    EXIT_INPUT,
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
    BatchOpt,
    Format,
    FormatOpt,
    InputsArg,
    MaxBytesOpt,
    MaxCharsOpt,
    ModelOpt,
    PatternsOpt,
    PublishedOpt,
    QuietOpt,
    TimeoutOpt,
    WorkersOpt,
)


def extract(
    inputs: InputsArg,
    published: PublishedOpt = None,
    fmt: FormatOpt = None,
    model: ModelOpt = DEFAULT_MODEL,
    patterns: PatternsOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    workers: WorkersOpt = 1,
    batch_size: BatchOpt = 16,
    max_chars: MaxCharsOpt = DEFAULT_MAX_CHARS,
    quiet: QuietOpt = False,
    timeout: TimeoutOpt = None,
    keep_text: Annotated[
        bool,
        typer.Option(
            "--keep-text",
            help="JSON/JSONL: add each article's text (for HTML input, the extracted main text "
            "the offsets index) beside its facts.",
        ),
    ] = False,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            help="Run on a Dask cluster: a scheduler address (tcp://host:8786) or 'local' for a "
            "LocalCluster of --workers processes. Needs --out.",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="With --dask: directory for part-NNNNN.jsonl files and manifest.json; "
            "finished partitions are skipped when rerun.",
            show_default=False,
        ),
    ] = None,
    partition_size: Annotated[
        int,
        typer.Option(
            "--partition-size",
            min=1,
            help="With --dask: article files per partition, and lines per partition of a JSONL "
            "file (cut by byte offsets, so one large file spreads over the workers).",
        ),
    ] = 64,
) -> None:
    """Print the facts of each article: a table, JSON (an array), JSONL (an object a line)
    or CSV (a row per fact).

    Every fact carries its exact text, character offsets into the article and its sentence.
    Bad inputs are reported one line each on stderr; the others are still processed, and
    the exit code is 1.
    """
    from ..views import render

    pub = published_date(published)
    problems = Problems(stderr_console())
    if dask is not None:
        _extract_dask(
            inputs,
            pub,
            dask,
            out,
            model,
            patterns,
            workers,
            partition_size,
            max_bytes,
            problems,
            quiet,
            max_chars=max_chars,
            batch_size=batch_size,
        )
        if problems.count:
            raise typer.Exit(EXIT_INPUT)
        return
    if out is not None:
        raise fail("--out is only used with --dask (plain extract writes to stdout)")
    nlp = load_pipeline(model, patterns)
    fmt = fmt or (Format.table if sys.stdout.isatty() else Format.jsonl)
    done = extractions(
        inputs,
        pub,
        nlp,
        problems,
        max_bytes=max_bytes,
        workers=workers,
        batch_size=batch_size,
        max_chars=max_chars,
        quiet=quiet,
        timeout=timeout,
    )
    if fmt is Format.table:
        for _ in render.print_tables(done, Console()):
            pass
    elif fmt is Format.html:
        from ..views.html import write_html

        write_html(done, sys.stdout)
    elif fmt is Format.veris:
        from ..views.veris import write_veris

        write_veris(done, sys.stdout)
    elif fmt is Format.csv:
        from ..views.csv import write_facts_csv

        write_facts_csv((ex.to_dict() for ex in done), sys.stdout)
    else:
        writer = render.write_json if fmt is Format.json else render.write_jsonl
        writer((ex.to_dict(keep_text=keep_text) for ex in done), sys.stdout)
    if problems.count:
        raise typer.Exit(EXIT_INPUT)


def _extract_dask(
    inputs: list[str],
    pub: date | None,
    address: str,
    out: Path | None,
    model: str,
    patterns: list[Path] | None,
    workers: int,
    partition_size: int,
    max_bytes: int,
    problems: Problems,
    quiet: bool,
    *,
    max_chars: int,
    batch_size: int,
) -> None:
    if out is None:
        raise fail("--dask needs --out DIR for the part files and manifest")
    try:
        from ..distributed import run_dask
    except ImportError as err:
        raise fail(
            f"--dask needs dask.distributed: pip install 'breachfacts[dask]' ({err})"
        ) from None
    from ..nlp import PatternError, load_patterns

    dirs = pattern_dirs(patterns)
    try:
        load_patterns(dirs)  # fail fast here, not on every worker
    except PatternError as err:
        raise fail(str(err)) from None
    err_console = stderr_console()

    def done(part) -> None:  # noqa: ANN001
        if not quiet:
            say(err_console, f"{out / part.part}: {part.articles} articles")

    try:
        parts = run_dask(
            inputs,
            out,
            address,
            published=pub,
            model=model,
            patterns=[str(d) for d in dirs],
            partition_size=partition_size,
            workers=workers,
            max_bytes=max_bytes,
            max_chars=max_chars,
            batch_size=batch_size,
            on_error=problems.report,
            on_done=done,
            on_note=lambda message: None if quiet else say(err_console, message),
        )
    except (DaskRunError, ModelError) as err:
        raise fail(str(err)) from None
    if not quiet:
        total = sum(p.articles for p in parts)
        say(err_console, f"{len(parts)} partitions, {total} articles: {out / 'manifest.json'}")
