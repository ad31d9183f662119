"""Follow a feed: read it, fetch the articles the store does not hold yet, check and add them.

One run of :func:`follow_feed` is what ``breachfacts feed`` does for one feed, and what a
cron job or a systemd timer runs again and again. Its state is in the store (tables
``feeds`` and ``feed_items``, :mod:`breachfacts.store.feeds`), so a rerun fetches nothing
twice:

1. The feed is read with the ETag and Last-Modified of the last full read sent back; a 304
   answer ends the run (nothing new).
2. Items already seen (by guid, Atom id or link), or whose link is already an article's
   source in the store, are not fetched.
3. The other items' pages are fetched (:func:`breachfacts.ingest.fetch_article`; the feed
   entry's date stands in for a page without one), extracted, and each article is checked
   against the store. With ``add`` they are recorded a batch at a time, each batch **in one
   transaction together with the items it marks seen**: never an article without its item
   or an item without its article.
4. Last, in one more transaction, the feed's validators are stored, unless an item failed:
   then they are cleared, so that the next run reads the whole feed again and retries the
   failed items (which are not marked seen).

A bad item is one :class:`~breachfacts.errors.ReadError` handed to ``on_error``; the others
go on. Without ``add`` nothing is written (and the store may be ``None``: every fact new).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from itertools import chain
from typing import TYPE_CHECKING

from .batch import run
from .errors import ReadError
from .facts import Article, Extraction
from .ingest import FetchOptions, fetch_article, is_url
from .ingest.feed import Feed, FeedItem, read_feed
from .store import Checked, Store, all_new
from .store.db import transaction, translate_errors
from .store.feeds import FeedState, feed_state, mark_seen, save_feed, stored_sources
from .store.store import BATCH_ARTICLES

if TYPE_CHECKING:
    import sqlite3

    from spacy.language import Language

    from .store import AddReport


@dataclass(frozen=True)
class FollowedArticle:
    """One new item of a feed, read and checked.

    Attributes:
        item: The feed entry.
        extraction: The article and its facts.
        checked: Each fact's verdict against the store as it was before this article.
        status: ``added``, ``duplicate`` (its text was already stored, under another
            source: nothing written, the item marked seen), or ``checked`` (not added).
    """

    item: FeedItem
    extraction: Extraction
    checked: list[Checked]
    status: str


@dataclass
class FeedRun:
    """What one run did with one feed.

    Attributes:
        source: The feed's URL or path, as given.
        key: Its name in the store: the URL, or a file's absolute path.
        title: The feed's title.
        not_modified: The server answered 304: nothing was fetched.
        items: Items the feed lists (0 when not modified).
        seen: Items skipped because an earlier run dealt with them (or their link was
            already an article's source).
        articles: The new items, read and checked, in feed order.
        failed: Items whose page could not be read (not marked seen: retried next run).
    """

    source: str
    key: str
    title: str | None = None
    not_modified: bool = False
    items: int = 0
    seen: int = 0
    articles: list[FollowedArticle] = field(default_factory=list)
    failed: int = 0


def feed_key(source: str) -> str:
    """The name of a feed in the store: its URL, or a file's absolute path.

    Example:
        >>> feed_key("https://news.test/feed.xml")
        'https://news.test/feed.xml'
    """
    return source if is_url(source) else os.path.abspath(source)


def follow_feed(
    source: str,
    nlp: Language | Callable[[], Language],
    store: Store | None,
    *,
    add: bool = True,
    options: FetchOptions | None = None,
    on_error: Callable[[ReadError], None] | None = None,
    on_article: Callable[[FollowedArticle], None] | None = None,
    batch_size: int = BATCH_ARTICLES,
) -> FeedRun:
    """Read the feed at ``source`` and check (and with ``add``, record) its new items.

    Args:
        nlp: The pipeline (:func:`breachfacts.nlp.load`), or a function returning it,
            called only when there is something to extract (a feed that has not changed
            costs no pipeline load).
        store: The store (opened for writing when ``add``); None: no store yet, every fact
            is new (only without ``add``).
        options: How the feed and the pages are fetched.
        on_error: Called with each item that cannot be read; the others go on.
        on_article: Called with each new article once it is checked (and recorded).
        batch_size: Articles per transaction.

    Raises:
        ReadError: the feed itself cannot be read (nothing is written).
        StoreError: the store cannot be read or written (the batch is rolled back).
    """
    if add and store is None:
        raise ValueError("follow_feed: add needs a store")
    opts = options or FetchOptions()
    key = feed_key(source)
    state = _state(store, key)
    feed = read_feed(source, opts, etag=state.etag, last_modified=state.last_modified)
    result = FeedRun(source, key, feed.title, feed.not_modified, len(feed.items))
    if feed.not_modified:
        if add:
            _finish(store, key, feed, [], failed=False)
        return result
    fresh = [i for i in feed.items if i.key not in state.seen]
    known = _known(store, [i.link for i in fresh])
    already = [(i.key, i.link, known[i.link]) for i in fresh if i.link in known]
    todo = [i for i in fresh if i.link not in known]
    result.seen = len(feed.items) - len(todo)

    def failed(err: ReadError) -> None:
        result.failed += 1
        if on_error is not None:
            on_error(err)

    pending: deque[FeedItem] = deque()
    articles = _articles(todo, opts, pending, failed)
    first = next(articles, None)  # the pipeline is loaded only once there is an article
    if first is not None:
        pipeline = nlp if hasattr(nlp, "pipe") else nlp()  # a Language has .pipe, a loader not
        done = run(chain([first], articles), pipeline)
        for chunk in _chunks(done, batch_size):
            items = [pending.popleft() for _ in chunk]
            for followed in _record(store, key, feed, items, chunk, add):
                result.articles.append(followed)
                if on_article is not None:
                    on_article(followed)
    if add:
        _finish(store, key, feed, already, failed=result.failed > 0)
    return result


def _state(store: Store | None, key: str) -> FeedState:
    if store is None:
        return FeedState(key)
    with translate_errors(store.path):
        return feed_state(store.conn, key)


def _known(store: Store | None, links: list[str]) -> dict[str, int]:
    if store is None or not links:
        return {}
    with translate_errors(store.path):
        return stored_sources(store.conn, links)


def _articles(
    items: list[FeedItem],
    opts: FetchOptions,
    pending: deque[FeedItem],
    failed: Callable[[ReadError], None],
) -> Iterator[Article]:
    """The items' pages as articles, in order; each item queued as its article goes out."""
    for item in items:
        if not is_url(item.link):  # a relative link in a feed file: nothing to resolve it by
            failed(
                ReadError(item.link, "not an http or https URL (a relative link in a feed file)")
            )
            continue
        try:
            article = fetch_article(item.link, None, opts)
        except ReadError as err:
            failed(err)
            continue
        if article.published is None and item.published is not None:
            article = replace(article, published=item.published)
        if article.title is None and item.title:
            article = replace(article, title=item.title)
        pending.append(item)
        yield article


def _chunks(done: Iterator[Extraction], size: int) -> Iterator[list[Extraction]]:
    chunk: list[Extraction] = []
    for ex in done:
        chunk.append(ex)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _record(
    store: Store | None,
    key: str,
    feed: Feed,
    items: list[FeedItem],
    chunk: list[Extraction],
    add: bool,
) -> list[FollowedArticle]:
    """Check one batch; with ``add``, write it and mark its items seen in one transaction."""
    if not add:
        checked = [store.check(ex) if store is not None else all_new(ex.facts) for ex in chunk]
        triples = zip(items, chunk, checked, strict=True)
        return [FollowedArticle(i, x, c, "checked") for i, x, c in triples]
    assert store is not None

    def seen(conn: sqlite3.Connection, report: AddReport) -> None:
        feed_id = save_feed(conn, key, title=feed.title)
        pairs = zip(items, report.articles, strict=True)
        mark_seen(conn, feed_id, [(i.key, i.link, a.article_id) for i, a in pairs])

    report = store.add(chunk, check=True, then=seen)
    out = []
    for item, ex, a in zip(items, chunk, report.articles, strict=True):
        # a duplicate writes nothing: tell what the other stored articles say about it
        checked = a.checked if a.status == "added" else store.check(ex)
        out.append(FollowedArticle(item, ex, checked, a.status))
    return out


def _finish(
    store: Store | None,
    key: str,
    feed: Feed,
    already: list[tuple[str, str, int]],
    *,
    failed: bool,
) -> None:
    """The run's last transaction: the feed's validators (cleared if an item failed), the
    time of the run, and the items found already stored by their link."""
    assert store is not None
    validators = (None, None) if failed else (feed.etag, feed.last_modified)
    with translate_errors(store.path), transaction(store.conn):
        feed_id = save_feed(store.conn, key, title=feed.title, validators=validators, checked=True)
        mark_seen(store.conn, feed_id, already)
