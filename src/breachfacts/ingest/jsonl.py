"""JSONL files and stdin: one article per line, read line by line, never the whole stream.

Lines end at ``"\\n"`` only: U+0085, U+2028, U+2029, form feeds and lone CRs are characters
of a line (JSON escapes them, and a writer that does not still wrote one record). A line
over ``max_bytes`` is refused and skipped; a line holding a NUL byte means the stream is
binary (``/dev/zero``, an image), which is one error for the whole stream, and reading
stops there. Bad lines never raise: each is a ``ReadError`` and the next line is read.

Example:
    >>> import io
    >>> data = io.BytesIO('{"text": "one\\u2028line"}\\n[1]\\n'.encode())
    >>> [x.text if isinstance(x, Article) else str(x) for x in read_jsonl_stream(data, "s")]
    ['one\\u2028line', 's:2: expected a JSON object, got an array']
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any, BinaryIO, TextIO

from breachfacts.errors import ReadError, not_utf8
from breachfacts.facts import Article
from breachfacts.jsontypes import a, json_type

from .html import html_to_article
from .values import check_unicode, json_value, published_field

#: Bytes read at a time while skipping the rest of an over-long line.
_SKIP_CHUNK = 1024 * 1024


def read_jsonl_stream(
    stream: TextIO | BinaryIO | io.IOBase,
    name: str,
    published: date | None = None,
    max_bytes: int = 20 * 1024 * 1024,
    empty_reason: str | None = "empty input",
    first_line: int = 1,
) -> Iterator[Article | ReadError]:
    """One article (or ``ReadError``) per non-blank line of ``stream``, named ``name:N``.

    ``first_line`` is the number of the stream's first line (a shard of a file starts past
    line 1: :mod:`.shards`); with ``empty_reason`` ``None`` a stream of blank lines is no error.
    """
    if isinstance(stream, io.TextIOWrapper) and hasattr(stream, "buffer"):
        stream = stream.buffer  # real stdin: read bytes, so encoding errors are ours
    seen = False
    for lineno, line in _lines(stream, max_bytes, first_line):
        source = f"{name}:{lineno}"
        if line is None:
            seen = True
            yield ReadError(source, f"line is over the {max_bytes}-byte limit")
            continue
        if isinstance(line, int):
            yield ReadError(source, "binary data, not JSONL (a NUL byte); the rest is skipped")
            return
        if isinstance(line, bytes):
            if lineno == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8) :]
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as err:
                seen = True
                yield ReadError(source, not_utf8(line, err))
                continue
        elif lineno == 1:
            line = line.removeprefix("\ufeff")
        if not line.strip():
            continue
        seen = True
        try:
            yield _jsonl_article(line, source, published)
        except ReadError as err:
            yield err
    if not seen and empty_reason is not None:
        yield ReadError(name, empty_reason)


def _lines(
    stream: Any, max_bytes: int, first_line: int = 1
) -> Iterator[tuple[int, bytes | str | int | None]]:
    """Numbered lines (from ``first_line``), split at ``"\\n"`` only; ``None`` for a line over
    ``max_bytes`` (its rest is skipped), and a last ``0`` when a NUL byte shows the stream is
    binary."""
    lineno = first_line - 1
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        lineno += 1
        newline, nul = (b"\n", b"\x00") if isinstance(line, bytes) else ("\n", "\x00")
        if nul in line:
            yield lineno, 0
            return
        body = line[:-1] if line.endswith(newline) else line
        if len(body) > max_bytes:
            while line and not line.endswith(newline):
                line = stream.readline(_SKIP_CHUNK)
                if nul in line:  # an endless binary stream is not skipped forever
                    yield lineno, 0
                    return
            yield lineno, None
        else:
            yield lineno, body


def _jsonl_article(line: str, source: str, published: date | None) -> Article:
    obj = json_value(line, source)
    if not isinstance(obj, dict):
        raise ReadError(source, f"expected a JSON object, got {a(json_type(obj))}")
    obj = dict(obj)
    article_id = obj.pop("id", None)
    if article_id is None:
        article_id = source
    elif isinstance(article_id, (str, int)) and not isinstance(article_id, bool):
        article_id = str(article_id)
    else:
        raise ReadError(source, '"id" must be a string or an integer')
    text, html = obj.pop("text", None), obj.pop("html", None)
    title = obj.pop("title", None)
    if title is not None and not isinstance(title, str):
        raise ReadError(source, '"title" must be a string')
    # checked even when --published wins, as a sidecar's is: bad data is said, not hidden
    when = published_field(obj.pop("published", None), source)
    when = published or when
    if isinstance(text, str):
        if not text.strip():
            raise ReadError(source, 'empty "text"')
        return Article(id=article_id, text=text, published=when, title=title, meta=obj)
    if isinstance(html, str):
        try:
            article = html_to_article(html, article_id, when)
        except ReadError:
            raise ReadError(source, "no article text found in HTML") from None
        article = replace(article, title=title or article.title, meta={**article.meta, **obj})
        return check_unicode(article, source)
    if text is not None or html is not None:
        raise ReadError(source, '"text" (or "html") must be a string')
    raise ReadError(source, 'no "text" or "html" field')
