"""A progress bar on stderr for long runs: articles done, articles/s, ETA.

Shown only when stderr is a terminal, ``quiet`` is off and the run is more than a few
articles; never written to stdout, so piped output stays clean.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

#: Runs of at most this many articles show no bar.
FEW = 3


def count_articles(inputs: Sequence[str]) -> int | None:
    """How many articles the inputs hold, when that is cheap to know (None for JSONL/stdin)."""
    from ..ingest import ARTICLE_SUFFIXES, JSONL_SUFFIXES

    total = 0
    for item in inputs:
        p = Path(item)
        if item == "-" or p.suffix in JSONL_SUFFIXES:
            return None
        if p.is_dir():
            for f in p.rglob("*"):
                if f.suffix in JSONL_SUFFIXES:
                    return None
                if f.is_file() and f.suffix in ARTICLE_SUFFIXES and not f.name.startswith("."):
                    total += 1
        else:
            total += 1
    return total


def track(items: Iterable[T], *, total: int | None, enabled: bool | None = None) -> Iterator[T]:
    """Yield ``items`` unchanged, drawing a transient bar on stderr while they arrive."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled or (total is not None and total <= FEW):
        yield from items
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = [
        TextColumn("[bold]extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]} articles/s"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    ]
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("extract", total=total, rate="-")
        for n, item in enumerate(items, 1):
            elapsed = bar.tasks[0].elapsed or 0.0
            bar.update(task, completed=n, rate=f"{n / elapsed:.1f}" if elapsed > 0 else "-")
            yield item
