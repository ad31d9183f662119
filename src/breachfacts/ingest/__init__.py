"""Files, directories, JSONL and stdin in; an ``Article`` per article out.

:mod:`.files` finds and reads the inputs, :mod:`.decode` turns bytes into text and
:mod:`.html` takes the article out of an HTML page, and :mod:`.boilerplate` finds the
advertising, newsletter, cookie and caption blocks of a text (whose facts are dropped). They
import nothing of breachfacts but
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
from .files import (
    ARTICLE_SUFFIXES,
    DEFAULT_MAX_BYTES,
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    SIDECAR_SUFFIX,
    TEXT_SUFFIXES,
    article_files,
    parse_published,
    read_inputs,
)
from .html import html_to_article

__all__ = [
    "ARTICLE_SUFFIXES",
    "DEFAULT_MAX_BYTES",
    "HTML_SUFFIXES",
    "JSONL_SUFFIXES",
    "SIDECAR_SUFFIX",
    "TEXT_SUFFIXES",
    "article_files",
    "boilerplate_spans",
    "decode_bytes",
    "html_to_article",
    "parse_published",
    "read_inputs",
]
