"""The ``feed`` command: read RSS or Atom feeds, check and add the articles not seen yet.

A thin layer over :func:`breachfacts.follow.follow_feed`: open the store, run each feed,
print, choose the exit code. One-shot and cron-friendly: its state (items seen, ETag and
Last-Modified) lives in the store, so a rerun fetches nothing twice.

Output on stdout, per new article one line: its URL and the summary of its facts'
statuses (``https://...: 23 facts: 14 confirmed, 2 updated, 1 conflicting, 6 new``), then
per feed one line (``<feed>: 3 new articles (2 added), 17 already seen``, or ``not
modified``). ``--format jsonl`` prints each new article as ``check`` does instead (the
feed lines go to stderr). Exit codes as ``check``: 1 when a feed or an item could not be
read (the others were processed), 2 when the store cannot be used.
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from ..errors import ReadError
from ..ingest import DEFAULT_MAX_BYTES
from ..nlp import DEFAULT_MODEL
from .common import (
    EXIT_INPUT,
    Problems,
    fail,
    fetch_options,
    load_pipeline,
    say,
    stderr_console,
)
from .options import MaxBytesOpt, ModelOpt, PatternsOpt, QuietOpt, TimeoutOpt
from .store import DbOpt, LockTimeoutOpt, db_path, open_store, store_exit

if TYPE_CHECKING:
    from spacy.language import Language

    from ..follow import FeedRun, FollowedArticle
    from ..store import Store


class FeedFormat(str, Enum):
    text = "text"
    jsonl = "jsonl"


FeedsArg = Annotated[
    list[str],
    typer.Argument(help="RSS or Atom feeds: http(s):// URLs or files.", show_default=False),
]


def feed(
    feeds: FeedsArg,
    db: DbOpt = None,
    no_add: Annotated[
        bool,
        typer.Option(
            "--no-add",
            help="Only check the new articles: write nothing (no article, no item marked "
            "seen), so the next run sees them again.",
        ),
    ] = False,
    fmt: Annotated[
        FeedFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: a summary line per new article; jsonl: each new article as "
            "'check -f jsonl' prints it.",
        ),
    ] = FeedFormat.text,
    model: ModelOpt = DEFAULT_MODEL,
    patterns: PatternsOpt = None,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    timeout: TimeoutOpt = None,
    quiet: QuietOpt = False,
    lock_timeout: LockTimeoutOpt = None,
) -> None:
    """Read feeds, fetch the articles the store does not hold yet, check them and add them.

    For cron jobs and timers: the items seen and each feed's ETag/Last-Modified are kept in
    the store, so a rerun fetches nothing twice (a 304 answer means nothing to do). Each
    new article gets a line of its facts' statuses. An item that cannot be fetched is one
    line on stderr and is not marked seen (the next run retries it); the others go on, and
    the exit code is 1. Articles are added a batch per transaction, together with the items
    they came from.
    """
    from ..follow import follow_feed
    from ..store import StoreError

    problems = Problems(stderr_console())
    out = Console(highlight=False, soft_wrap=True)
    notes = out if fmt is FeedFormat.text else stderr_console()
    path = db_path(db)
    add = not no_add
    store = (
        open_store(path, readonly=not add, patterns=patterns, timeout=lock_timeout)
        if add or path.exists()
        else None
    )
    loaded: list[Language] = []

    def nlp() -> Language:
        """The pipeline, loaded once and only when an article is to be extracted."""
        if not loaded:
            loaded.append(load_pipeline(model, patterns))
        return loaded[0]

    opts = fetch_options(max_bytes, timeout)
    try:
        for source in feeds:
            try:
                run = follow_feed(
                    source,
                    nlp,
                    store,
                    add=add,
                    options=opts,
                    on_error=lambda err: problems.report(str(err)),
                    on_article=lambda a: _print_article(a, fmt, out),
                )
            except ReadError as err:
                problems.report(str(err))
                continue
            if not quiet or fmt is FeedFormat.text:
                say(notes, _feed_line(run, add))
    except StoreError as err:
        raise fail(f"{err} (nothing recorded of the last batch)", store_exit(err)) from None
    finally:
        if store is not None:
            store.close()
    _report_skipped(store, problems)
    if problems.count:
        raise typer.Exit(EXIT_INPUT)


def _print_article(a: FollowedArticle, fmt: FeedFormat, out: Console) -> None:
    from ..views import render

    if fmt is FeedFormat.jsonl:
        render.write_jsonl([render.checked_to_dict(a.extraction, a.checked)], sys.stdout)
        sys.stdout.flush()
        return
    line = f"{a.item.link}: {render.status_summary(c.status for c in a.checked)}"
    if a.status == "duplicate":
        line += " (already in the store under another source: nothing recorded)"
    say(out, line)


def _feed_line(run: FeedRun, add: bool) -> str:
    if run.not_modified:
        return f"{run.source}: not modified since the last run, nothing to do"
    n = len(run.articles)
    parts = [f"{n} new article{'s' if n != 1 else ''}"]
    if add:
        parts[0] += f" ({sum(a.status == 'added' for a in run.articles)} added)"
    if run.seen:
        parts.append(f"{run.seen} already seen")
    if run.failed:
        parts.append(f"{run.failed} could not be read (retried next run)")
    return f"{run.source}: {', '.join(parts)}"


def _report_skipped(store: Store | None, problems: Problems) -> None:
    for line in store.skipped if store is not None else []:
        problems.report(line)
