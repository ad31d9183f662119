"""What the commands share: one-line diagnostics, exit codes, the pipeline, extractions.

Data goes to stdout; diagnostics go to stderr, one line each, starting ``breachfacts: ``.
A diagnostic is one line whatever it names: control, line-separator and bidi characters of
a file name or value are spelt as escapes (:func:`breachfacts.views.terminal.for_terminal`).
spaCy is imported only when a command asks for the pipeline, so ``--help`` answers at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import typer
from rich.console import Console

from ..ingest import DEFAULT_MAX_BYTES, FetchOptions, parse_published
from ..views.terminal import for_terminal

EXIT_INPUT = 1  # some input could not be read; the others were processed
EXIT_USAGE = 2  # bad option, bad pattern file, missing model
EXIT_FAIL_ON = 3  # check --fail-on: a checked fact has one of the statuses named


class Problems:
    """Counts and prints one-line diagnostics on stderr."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.count = 0

    def report(self, message: str) -> None:
        self.count += 1
        say(self.console, f"breachfacts: {message}")


def say(console: Console, message: str) -> None:
    """Print ``message`` as one line: no markup, emoji codes or highlighting; controls escaped."""
    console.print(for_terminal(message), markup=False, emoji=False, highlight=False, soft_wrap=True)


def stderr_console() -> Console:
    """The console for diagnostics (stderr); data goes to stdout."""
    return Console(stderr=True, highlight=False)


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print ``breachfacts: <message>`` on stderr; return the exit for ``raise fail(...)``."""
    say(stderr_console(), f"breachfacts: {message}")
    return typer.Exit(code)


def published_date(value: str | None) -> date | None:
    """The ``--published`` date, or exit 2 with one line saying why it is not one."""
    if value is None:
        return None
    try:
        return parse_published(value)
    except ValueError as err:
        raise fail(f"--published {value}: {err}") from None


def fetch_options(max_bytes: int, timeout: float | None) -> FetchOptions:
    """``--max-bytes`` and ``--timeout`` as the library's :class:`FetchOptions`."""
    if timeout is None:
        return FetchOptions(max_bytes=max_bytes)
    return FetchOptions(connect_timeout=timeout, read_timeout=timeout, max_bytes=max_bytes)


def pattern_dirs(patterns: list[Path] | None) -> list[Path]:
    """``$BREACHFACTS_PATTERNS`` directories, then the ``--patterns`` ones."""
    import os

    dirs = list(patterns or [])
    env = os.environ.get("BREACHFACTS_PATTERNS")
    if env:
        dirs = [Path(p) for p in env.split(os.pathsep) if p] + dirs
    return dirs


def load_pipeline(model: str, patterns: list[Path] | None):  # noqa: ANN202
    """The spaCy pipeline (imported here, not before), or exit 2 on a bad pattern or model."""
    from ..nlp import ModelError, PatternError, load

    try:
        return load(model, pattern_dirs(patterns))
    except (PatternError, ModelError) as err:
        raise fail(str(err)) from None


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
    timeout: float | None = None,
) -> Iterator:
    """:func:`breachfacts.batch.extract_inputs` with a progress bar; bad inputs to ``problems``."""
    from ..batch import extract_inputs
    from ..pieces import DEFAULT_MAX_CHARS
    from .progress import count_articles, track

    done = extract_inputs(
        inputs,
        nlp,
        on_error=lambda err: problems.report(str(err)),
        published=published,
        max_bytes=max_bytes,
        n_process=workers,
        batch_size=batch_size,
        max_chars=max_chars or DEFAULT_MAX_CHARS,
        fetch=fetch_options(max_bytes, timeout),
    )
    total = None if quiet else count_articles(inputs)
    return track(done, total=total, enabled=False if quiet else None)
