"""Corpus-scale extraction on one machine: long articles split, workers, streaming.

:func:`extract_inputs` is the one path from input paths to extractions: read (with
:func:`breachfacts.ingest.read_inputs`, each bad input handed to ``on_error``), split, extract,
merge. The CLI calls it, and so does each Dask worker (:mod:`breachfacts.distributed`), so a
long article is cut the same way everywhere.

:func:`run` streams articles through ``nlp.pipe`` in batches and yields one
:class:`~breachfacts.facts.Extraction` per article in input order as soon as it is done, so
memory stays flat however large the corpus. With ``n_process > 1`` it does not use spaCy's
``n_process``: batches go to its own pool of worker processes, each of which builds the
pipeline once and returns finished facts, so the parse *and* the fact building run in
parallel. An article longer than ``max_chars`` is cut at paragraph boundaries into pieces that
are processed separately; the offsets of their facts are shifted back, so they stay true
offsets into the whole article.
"""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from .errors import ReadError
from .facts import Article, Extraction, Fact, Sentence
from .ingest import DEFAULT_MAX_BYTES, FetchOptions, read_inputs
from .pieces import DEFAULT_MAX_CHARS, iter_split

if TYPE_CHECKING:
    from spacy.language import Language


def extract_inputs(
    inputs: Sequence[str],
    nlp: Language,
    *,
    on_error: Callable[[ReadError], None],
    published: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    n_process: int = 1,
    batch_size: int = 16,
    max_chars: int = DEFAULT_MAX_CHARS,
    fetch: FetchOptions | None = None,
) -> Iterator[Extraction]:
    """Read ``inputs`` and stream their extractions in input order (see the module docstring).

    Args:
        inputs: Paths of files or directories, URLs, or ``-`` for JSONL on stdin, as
            :func:`breachfacts.ingest.read_inputs` takes them.
        nlp: The pipeline (:func:`breachfacts.nlp.load`).
        on_error: Called with each input that cannot be read, when the reading reaches it;
            the other inputs are still extracted.
        published: Publication date for every article (``--published``).
        max_bytes: Largest file (or JSONL line) read.
        n_process, batch_size, max_chars: As :func:`run`.
        fetch: How URLs are fetched (timeouts, size cap, redirects).
    RETURNS: One :class:`~breachfacts.facts.Extraction` per readable article.
    """

    items = read_inputs(inputs, published, max_bytes=max_bytes, fetch=fetch)
    return extract_items(
        items,
        nlp,
        on_error=on_error,
        n_process=n_process,
        batch_size=batch_size,
        max_chars=max_chars,
    )


def extract_items(
    items: Iterable[Article | ReadError],
    nlp: Language,
    *,
    on_error: Callable[[ReadError], None],
    n_process: int = 1,
    batch_size: int = 16,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Iterator[Extraction]:
    """:func:`extract_inputs` after the reading: articles and read errors as a reader yields
    them (:func:`breachfacts.ingest.read_inputs`, :func:`breachfacts.ingest.read_jsonl_shard`).
    """

    def articles() -> Iterator[Article]:
        for item in items:
            if isinstance(item, ReadError):
                on_error(item)
            else:
                yield item

    return run(articles(), nlp, n_process=n_process, batch_size=batch_size, max_chars=max_chars)


def run(
    articles: Iterable[Article],
    nlp: Language,
    *,
    n_process: int = 1,
    batch_size: int = 16,
    max_chars: int = DEFAULT_MAX_CHARS,
    model: str | None = None,
    patterns: Sequence[str] = (),
) -> Iterator[Extraction]:
    """Extract every article, in input order, streaming (see the module docstring).

    With ``n_process > 1`` batches of articles go to a pool of worker processes, each of
    which builds the pipeline once (``model``/``patterns``; inherited from this process
    when the platform forks) and returns finished facts, so the parse *and* the fact
    building run in parallel. At most ``4 * n_process`` batches are in flight, so memory
    does not grow with the corpus, and results come back in input order.
    """
    from .extract import extract

    wholes: dict[int, Article] = {}  # split articles, until their pieces are merged
    pieces = _pieces(articles, max_chars, wholes)
    if n_process <= 1:
        extractions = (
            ex
            for batch in _batched(pieces, batch_size, max_chars)
            for ex in extract(batch, nlp, batch_size=len(batch))
        )
    else:
        info = nlp.meta.get("breachfacts", {})
        model = model or info.get("model")
        patterns = tuple(patterns) or tuple(info.get("pattern_dirs", ()))
        extractions = _pool(pieces, n_process, batch_size, max_chars, model, patterns)
    merging = _Merge()  # the pieces of one article, merged as they come (in order)
    for ex in extractions:
        piece = ex.article.meta.get("_piece")
        if piece is None:
            yield ex
            continue
        seq, offset, _index, last = piece
        merging.add(offset, ex)  # ex and its facts are dropped here, not kept to the end
        if last:
            yield merging.result(wholes.pop(seq))
            merging = _Merge()


def _pool(
    articles: Iterator[Article],
    n_process: int,
    batch_size: int,
    max_chars: int,
    model: str | None,
    patterns: tuple[str, ...],
) -> Iterator[Extraction]:
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    from .nlp import DEFAULT_MODEL

    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    args = (model or DEFAULT_MODEL, patterns, os.getpid())
    before = set(mp.active_children())
    pool = ProcessPoolExecutor(
        n_process, mp_context=mp.get_context(method), initializer=_worker_init, initargs=args
    )
    try:
        window: deque[Future[list[Extraction]]] = deque()
        batches = _batched(articles, batch_size, max_chars)
        for batch in batches:
            window.append(pool.submit(_worker_extract, batch))
            if len(window) >= 4 * n_process:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
    except BaseException:
        # Interrupted (Ctrl-C, SIGTERM, a closed pipe) or failed: end the workers now rather
        # than wait for the batches they are parsing.
        pool.shutdown(wait=False, cancel_futures=True)
        for child in set(mp.active_children()) - before:
            child.terminate()
        raise
    else:
        pool.shutdown(wait=True)


_WORKER: dict[str, Any] = {}


def _worker_init(model: str, patterns: tuple[str, ...], parent: int | None = None) -> None:
    """Build the pipeline once per worker process (a cached no-op after a fork), and tie the
    worker's life to its parent's (:func:`end_with_parent`)."""
    from .nlp import load

    end_with_parent(parent if parent is not None else os.getppid())
    _WORKER["nlp"] = load(model, patterns)


def end_with_parent(parent: int) -> None:
    """Make this worker process end when ``parent`` does, even by ``kill -9``.

    On Linux the kernel sends SIGKILL when the parent dies (``prctl(PR_SET_PDEATHSIG)``);
    everywhere a daemon thread checks once a second that the parent is still ours
    (``os.getppid()`` changes when it dies) and exits otherwise. Ctrl-C goes to the whole
    process group: the worker ignores SIGINT, and the parent ends it; SIGTERM ends it at
    once, quietly.
    """
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="breachfacts-parent-watch", daemon=True).start()


def _worker_extract(batch: list[Article]) -> list[Extraction]:
    from .extract import extract

    return list(extract(batch, _WORKER["nlp"], batch_size=len(batch)))


def _batched(items: Iterable[Article], size: int, max_chars: int) -> Iterator[list[Article]]:
    """Lists of at most ``size`` articles holding at most ``max_chars`` characters in all
    (or one longer article).

    spaCy parses a batch at once and its memory grows with the batch's text: 16 pieces
    of 100,000 characters of one long article took 5 GB where one takes 350 MB.
    """
    batch: list[Article] = []
    chars = 0
    for item in items:
        if batch and (len(batch) >= size or chars + len(item.text) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += len(item.text)
    if batch:
        yield batch


def _pieces(
    articles: Iterable[Article], max_chars: int, wholes: dict[int, Article]
) -> Iterator[Article]:
    """Articles as they are, or their pieces (carrying only their own text) when too long."""
    for seq, article in enumerate(articles):
        if len(article.text) <= max_chars:
            yield article
            continue
        wholes[seq] = article
        parts = iter_split(article.text, max_chars)  # lazily: no second copy of the text
        i, (offset, piece) = 0, next(parts)
        for following in parts:
            meta = {"_piece": (seq, offset, i, False)}
            yield Article(article.id, piece, article.published, article.title, meta)
            i, (offset, piece) = i + 1, following
        meta = {"_piece": (seq, offset, i, True)}
        yield Article(article.id, piece, article.published, article.title, meta)


def merge(whole: Article, parts: list[tuple[int, int, Extraction]]) -> Extraction:
    """One Extraction for an article processed in pieces: offsets shifted, ids renumbered.

    ``parts`` are ``(offset, index, extraction)`` of each piece, in any order.
    """
    merging = _Merge()
    for offset, _index, ex in sorted(parts, key=lambda p: p[1]):
        merging.add(offset, ex)
    return merging.result(whole)


class _Merge:
    """Facts and events of an article's pieces, shifted as each piece is added in order."""

    def __init__(self) -> None:
        self.facts: list[Fact] = []
        self.events: dict[str, dict[str, Any]] = {}

    def add(self, offset: int, ex: Extraction) -> None:
        facts = self.facts
        ids = {f.id: f"f{len(facts) + i + 1}" for i, f in enumerate(ex.facts)}
        for f in ex.facts:
            facts.append(_shift(f, offset, ids))
        for ev in ex.events:
            merged = self.events.setdefault(ev["type"], {**ev, "sentences": []})
            if ev["realis"] == "actual":
                merged["realis"] = "actual"
            for key in ("victim", "attacker"):
                merged[key] = merged.get(key) or ev.get(key)
            merged["sentences"].extend(
                {**s, "start": s["start"] + offset, "end": s["end"] + offset}
                for s in ev["sentences"]
            )

    def result(self, whole: Article) -> Extraction:
        return Extraction(whole, tuple(self.facts), tuple(self.events.values()))


def _shift(f: Fact, offset: int, ids: dict[str, str]) -> Fact:
    s = f.sentence
    return replace(
        f,
        id=ids[f.id],
        start=f.start + offset,
        end=f.end + offset,
        sentence=Sentence(s.text, s.start + offset, s.end + offset),
        equivalent_of=ids.get(f.equivalent_of) if f.equivalent_of else None,
    )
