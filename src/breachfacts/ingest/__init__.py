"""Files, directories, JSONL, stdin and URLs in; an ``Article`` per article out.

:mod:`.files` finds and reads the inputs (regular files only, never more than
``max_bytes``), :mod:`.jsonl` reads JSONL line by line, :mod:`.values` parses JSON values
and dates (refusing text that is not valid Unicode), :mod:`.decode` turns bytes into text,
:mod:`.html` takes the article out of an HTML page, :mod:`.fetch` fetches a URL (bounded
in time, size and redirects), :mod:`.web` reads a fetched page as an article, :mod:`.feed`
reads RSS and Atom feeds, :mod:`.shards` cuts a JSONL file into shards of lines by byte
offsets (for Dask partitions), and :mod:`.boilerplate` finds the advertising, newsletter,
cookie and caption blocks of a text (whose facts are dropped). httpx, feedparser and
trafilatura are imported on first use. They import nothing of breachfacts but
:mod:`~breachfacts.facts`, :mod:`~breachfacts.errors` and :mod:`~breachfacts.jsontypes`.

Bad input never raises: :func:`read_inputs` yields a :class:`~breachfacts.errors.ReadError`
for it and goes on, so the CLI can print one line per bad input and still process the others.

Example:
    >>> from breachfacts.ingest import parse_published
    >>> parse_published("2020-12-25")
    datetime.date(2020, 12, 25)
"""

from __future__ import annotations

from .boilerplate import boilerplate_spans
from .decode import decode_bytes
from .fetch import FEED_TYPES, PAGE_TYPES, USER_AGENT, Fetched, FetchOptions, is_url
from .files import (
    ARTICLE_SUFFIXES,
    DEFAULT_MAX_BYTES,
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    SIDECAR_SUFFIX,
    TEXT_SUFFIXES,
    article_files,
    open_regular,
    read_bounded,
    read_inputs,
)
from .html import html_to_article
from .shards import JsonlShard, plan_jsonl, read_jsonl_shard
from .values import parse_published
from .web import fetch_article, page_to_article

__all__ = [
    "ARTICLE_SUFFIXES",
    "DEFAULT_MAX_BYTES",
    "FEED_TYPES",
    "PAGE_TYPES",
    "USER_AGENT",
    "FetchOptions",
    "Fetched",
    "HTML_SUFFIXES",
    "JSONL_SUFFIXES",
    "JsonlShard",
    "SIDECAR_SUFFIX",
    "TEXT_SUFFIXES",
    "article_files",
    "boilerplate_spans",
    "decode_bytes",
    "fetch_article",
    "html_to_article",
    "is_url",
    "open_regular",
    "page_to_article",
    "parse_published",
    "plan_jsonl",
    "read_bounded",
    "read_inputs",
    "read_jsonl_shard",
]
