"""RSS and Atom feeds: the items a feed lists, by URL or from a file.

The bytes are fetched by :func:`~breachfacts.ingest.fetch.fetch` (the same bounds as any
page; a stored ETag or Last-Modified is sent back, and a 304 answer means nothing new) or
read from a file (bounded as any input), and only then handed to feedparser (imported on
first use), which never fetches anything itself. Each entry becomes a :class:`FeedItem`
with a stable ``key`` (its guid or Atom id, else its link) and its link made absolute.

Example:
    >>> rss = b'''<rss version="2.0"><channel><title>T</title><item><guid>a-1</guid>
    ... <link>/news/1</link><pubDate>Mon, 20 Jan 2020 09:00:00 GMT</pubDate></item>
    ... </channel></rss>'''
    >>> item = parse_feed(rss, "https://news.test/feed.xml").items[0]
    >>> item.key, item.link, item.published
    ('a-1', 'https://news.test/news/1', datetime.date(2020, 1, 20))
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urljoin

from breachfacts.errors import ReadError

from .fetch import FEED_TYPES, FetchOptions, fetch, is_url
from .files import read_bounded


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed.

    Attributes:
        key: What identifies the entry across runs: its guid (RSS) or id (Atom), else its
            link.
        link: The article's URL, absolute.
        title: The entry's title, if any.
        published: The entry's date (published, else updated), used when the page has none.
    """

    key: str
    link: str
    title: str | None = None
    published: date | None = None


@dataclass(frozen=True)
class Feed:
    """A feed as read.

    Attributes:
        source: The URL or path given.
        title: The feed's title, if any.
        items: Its entries with a link, in feed order.
        etag, last_modified: The validators the server sent, for the next run.
        not_modified: The server answered 304: nothing changed since the validators sent.
    """

    source: str
    title: str | None = None
    items: tuple[FeedItem, ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False


def read_feed(
    source: str,
    options: FetchOptions | None = None,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Feed:
    """Read the feed at ``source``, a URL or a file.

    Args:
        etag, last_modified: The validators of the last run, sent back for a URL.

    Raises:
        ReadError: ``<source>: <reason>``: cannot be fetched or read, or is no feed.
    """
    opts = options or FetchOptions()
    if not is_url(source):
        return parse_feed(read_bounded(source, opts.max_bytes), source)
    got = fetch(source, opts, accept=FEED_TYPES, etag=etag, last_modified=last_modified)
    if got.not_modified:
        return Feed(
            source,
            etag=got.etag or etag,
            last_modified=got.last_modified or last_modified,
            not_modified=True,
        )
    feed = parse_feed(got.body, source, base=got.final_url, content_type=got.content_type)
    return Feed(source, feed.title, feed.items, got.etag, got.last_modified)


def parse_feed(
    data: bytes, source: str, *, base: str | None = None, content_type: str = ""
) -> Feed:
    """The items of RSS or Atom ``data``; relative links resolve against ``base`` (default
    ``source`` when it is a URL).

    Raises:
        ReadError: ``<source>: not an RSS or Atom feed (...)``.
    """
    import feedparser

    base = base or (source if is_url(source) else None)
    # no content-location: feedparser would resolve guids as if they were links
    headers = {"content-type": content_type or "application/xml"}
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    except Exception as err:  # noqa: BLE001  (feedparser's parsers raise anything)
        raise ReadError(source, f"not an RSS or Atom feed ({type(err).__name__})") from None
    version = parsed.get("version") or ""
    if not version and not parsed.entries:
        why = parsed.get("bozo_exception")
        detail = " ".join(str(why).split()) if why else "no channel or entries"
        raise ReadError(source, f"not an RSS or Atom feed ({detail})")
    items: list[FeedItem] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        item = _item(entry, base)
        if item is not None and item.key not in seen:
            seen.add(item.key)
            items.append(item)
    title = parsed.feed.get("title") or None
    return Feed(source, title, tuple(items))


def _item(entry: Any, base: str | None) -> FeedItem | None:
    link = entry.get("link") or ""
    if not link:
        return None
    link = urljoin(base, link) if base else link
    key = str(entry.get("id") or link)
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    published = date(*when[:3]) if when else None
    return FeedItem(key, link, entry.get("title") or None, published)
