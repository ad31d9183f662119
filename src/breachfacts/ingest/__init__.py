"""Files, directories, JSONL and stdin in; an ``Article`` per article out.

Bad input never raises: :func:`read_inputs` yields a :class:`~breachfacts.errors.ReadError`
for it and goes on, so the CLI can print one line per bad input and still process the others.

Example:
    >>> from breachfacts.ingest import parse_published
    >>> parse_published("2020-12-25")
    datetime.date(2020, 12, 25)
"""

from __future__ import annotations

from .files import (
    ARTICLE_SUFFIXES,
    DEFAULT_MAX_BYTES,
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    SIDECAR_SUFFIX,
    TEXT_SUFFIXES,
    article_files,
    decode_bytes,
    html_to_article,
    parse_published,
    read_inputs,
)

__all__ = [
    "ARTICLE_SUFFIXES",
    "DEFAULT_MAX_BYTES",
    "HTML_SUFFIXES",
    "JSONL_SUFFIXES",
    "SIDECAR_SUFFIX",
    "TEXT_SUFFIXES",
    "article_files",
    "decode_bytes",
    "html_to_article",
    "parse_published",
    "read_inputs",
]
