"""Paths, directories, sidecars, JSONL files and stdin in; an ``Article`` per article out.

Bad input never raises: :func:`read_inputs` yields a ``ReadError`` for it and goes on, so
the CLI can print one line per bad input and still process the others. Bytes become text
in :mod:`.decode`, HTML pages become articles in :mod:`.html`.

Text that is not valid Unicode is refused, never repaired: a lone surrogate (JSON allows
``"\\ud800"``, UTF-7 and file names that are not UTF-8 produce one) in a JSONL line, a
sidecar, a page or a file name makes that input one ``ReadError`` naming the field; the
other inputs are read as usual.

Example:
    >>> parse_published("2020-12-25")
    datetime.date(2020, 12, 25)
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date
from typing import Any, BinaryIO, TextIO

from breachfacts.errors import ReadError, not_utf8
from breachfacts.facts import Article
from breachfacts.jsontypes import a, json_type

from .decode import decode_bytes
from .html import html_to_article

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

TEXT_SUFFIXES = (".txt", ".md", ".text")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
SIDECAR_SUFFIX = ".meta.json"

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A lone (unpaired) surrogate: valid JSON ("\ud800"), but no text can be written with it.
_SURROGATE = re.compile("[\ud800-\udfff]")
# A timestamp in JSONL or a sidecar: the date part, as written, is the publication date.
_ISO_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}.*")


def parse_published(value: str) -> date:
    """Parse the ``--published`` option: an ISO ``YYYY-MM-DD`` date, nothing else.

    Example:
        >>> parse_published("2020-02-30")
        Traceback (most recent call last):
        ...
        ValueError: impossible date 2020-02-30
    """
    text = value.strip()
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(f"not an ISO date (YYYY-MM-DD): {value!r}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"impossible date {text}") from None


def _published_field(value: Any, source: str) -> date | None:
    """A ``published`` value from JSONL or a sidecar: ISO date (or timestamp), or null."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ReadError(source, f"published date must be a string, not {type(value).__name__}")
    m = _ISO_DATETIME.fullmatch(value.strip())
    text = m.group(1) if m else value.strip()
    if not _ISO_DATE.fullmatch(text):
        raise ReadError(source, f"published date is not an ISO date (YYYY-MM-DD): {value!r}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ReadError(source, f"impossible published date {text}") from None


def lone_surrogate(value: Any) -> str | None:
    """Where a decoded JSON value holds a lone surrogate (``None`` when it holds none).

    The answer names the field as a path of JSON keys and list indexes (``a key`` when a
    key is the culprit) and shows the first surrogate escaped.

    Example:
        >>> lone_surrogate({"id": "a", "meta": {"publisher": "X\\ud800"}})
        '"meta" -> "publisher" holds a lone surrogate (\\\\ud800)'
        >>> lone_surrogate({"text": "fine"}) is None
        True
    """
    stack: list[tuple[Any, tuple[str, ...]]] = [(value, ())]
    while stack:  # no recursion: a line may nest deeper than Python's stack
        item, where = stack.pop()
        if isinstance(item, str):
            found = _SURROGATE.search(item)
            if found:
                field = " -> ".join(where) or "text"
                return f"{field} holds a lone surrogate (\\u{ord(found.group()):04x})"
        elif isinstance(item, dict):
            for key, sub in reversed(item.items()):
                named = (*where, json.dumps(key))  # json.dumps escapes a surrogate
                stack.append((sub, named))
                stack.append((key, (*named[:-1], "a key")))
        elif isinstance(item, list):
            stack.extend((sub, (*where, str(i))) for i, sub in reversed(list(enumerate(item))))
    return None


def _check_unicode(article: Article, source: str) -> Article:
    """The article, or a ``ReadError`` naming the field that is not valid Unicode."""
    fields = {"id": article.id, "text": article.text, "title": article.title, "meta": article.meta}
    problem = lone_surrogate(fields)
    if problem:
        raise ReadError(source, f"not valid Unicode: {problem}")
    return article


def read_inputs(
    inputs: Sequence[str],
    published: date | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: TextIO | BinaryIO | None = None,
) -> Iterator[Article | ReadError]:
    """Yield, lazily and in input order, an ``Article`` per article or a ``ReadError``.

    Args:
        inputs: Paths of files or directories; ``-`` reads JSONL from stdin.
        published: Publication date for every article (``--published``); it wins over
            sidecars, JSONL fields and HTML metadata.
        max_bytes: Largest file (or JSONL line) read; larger ones are refused.
        stdin: Stream for ``-`` (default ``sys.stdin``).
    RETURNS: An iterator that never raises for bad input.
    """
    for item in inputs:
        if item == "-":
            stream = stdin if stdin is not None else sys.stdin
            yield from _read_jsonl_stream(stream, "stdin", published, max_bytes, "empty input")
        elif os.path.isdir(item):
            yield from _read_dir(item, published, max_bytes)
        elif os.path.exists(item):
            yield from _read_file(item, published, max_bytes)
        else:
            yield ReadError(item, "no such file")


def _read_dir(root: str, published: date | None, max_bytes: int) -> Iterator[Article | ReadError]:
    paths = list(article_files(root))
    if not paths:
        looked = "*.txt, *.html, *.jsonl"
        yield ReadError(root, f"no articles (looked for {looked})")
        return
    for path in paths:
        yield from _read_file(path, published, max_bytes)


def article_files(root: str) -> Iterator[str]:
    """Article files under ``root``: recursive, sorted, hidden entries skipped."""
    found: list[tuple[tuple[str, ...], str]] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith(".") or not name.lower().endswith(ARTICLE_SUFFIXES):
                continue
            path = os.path.join(dirpath, name)
            found.append((tuple(os.path.relpath(path, root).split(os.sep)), path))
    for _, path in sorted(found):
        yield path


def _read_file(path: str, published: date | None, max_bytes: int) -> Iterator[Article | ReadError]:
    name = _SURROGATE.search(path)
    if name:  # os.listdir's stand-in for a byte that is not UTF-8: no id can hold it
        byte = ord(name.group()) - 0xDC00
        why = f"byte 0x{byte:02x}" if 0x80 <= byte <= 0xFF else f"\\u{ord(name.group()):04x}"
        yield ReadError(path, f"file name is not valid UTF-8 ({why}); rename the file")
        return
    lower = path.lower()
    if lower.endswith(JSONL_SUFFIXES):
        try:
            with open(path, "rb") as f:
                yield from _read_jsonl_stream(f, path, published, max_bytes, "empty file")
        except OSError as err:
            yield ReadError(path, f"cannot read ({err.strerror or err})")
        return
    try:
        size = os.stat(path).st_size
        if size > max_bytes:
            over = f"{size} bytes is over the {max_bytes}-byte limit (raise it with --max-bytes)"
            yield ReadError(path, over)
            return
        with open(path, "rb") as f:
            data = f.read()
    except OSError as err:
        yield ReadError(path, f"cannot read ({err.strerror or err})")
        return
    item: Article | ReadError
    try:
        item = _file_article(path, data, published)
    except ReadError as err:
        item = err
    del data  # not kept alive by this generator while a large file's text is processed
    yield item


def _file_article(path: str, data: bytes, published: date | None) -> Article:
    text = decode_bytes(data, path)
    if not text.strip():
        raise ReadError(path, "empty file")
    side = _read_sidecar(path)
    side_published = _published_field(side.pop("published", None), _sidecar_path(path))
    title = side.pop("title", None)
    if title is not None and not isinstance(title, str):
        raise ReadError(_sidecar_path(path), "title must be a string")
    when = published or side_published
    if _is_html(path, text):
        article = html_to_article(text, path, when)
        article = replace(article, title=title or article.title, meta={**article.meta, **side})
    else:
        article = Article(id=path, text=text, published=when, title=title, meta=side)
    return _check_unicode(article, path)


def _is_html(path: str, text: str) -> bool:
    """By suffix; a page saved under another suffix (not .txt/.md) is sniffed."""
    lower = path.lower()
    if lower.endswith(HTML_SUFFIXES):
        return True
    if lower.endswith(TEXT_SUFFIXES):
        return False
    return text.lstrip()[:100].lower().startswith(("<!doctype html", "<html"))


def _sidecar_path(path: str) -> str:
    """``data/a.txt`` -> ``data/a.meta.json``, in the same form as the path given."""
    head, name = os.path.split(path)
    stem = os.path.splitext(name)[0]
    return os.path.join(head, stem + SIDECAR_SUFFIX)


def _read_sidecar(path: str) -> dict[str, Any]:
    side = _sidecar_path(path)
    try:
        with open(side, "rb") as f:
            raw = f.read()
    except FileNotFoundError:
        return {}
    except OSError as err:
        raise ReadError(side, f"cannot read ({err.strerror or err})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ReadError(side, not_utf8(raw, err)) from None
    value = _json_value(text, side)
    if not isinstance(value, dict):
        raise ReadError(side, f"expected a JSON object, got {a(json_type(value))}")
    return value


def _json_value(text: str, source: str) -> Any:
    """``json.loads``, with every failure one ``ReadError``; lone surrogates are refused."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        raise ReadError(source, f"malformed JSON ({_json_reason(err)})") from None
    except RecursionError:
        raise ReadError(source, "malformed JSON (nested too deeply)") from None
    problem = lone_surrogate(value)
    if problem:
        raise ReadError(source, f"not valid Unicode: {problem}")
    return value


def _json_reason(err: json.JSONDecodeError) -> str:
    where = f"line {err.lineno} column {err.colno}" if err.lineno > 1 else f"column {err.colno}"
    return f"{err.msg} at {where}"


def _read_jsonl_stream(
    stream: TextIO | BinaryIO | io.IOBase,
    name: str,
    published: date | None,
    max_bytes: int,
    empty_reason: str,
) -> Iterator[Article | ReadError]:
    """One article per non-blank line, read line by line (never the whole stream)."""
    if isinstance(stream, io.TextIOWrapper) and hasattr(stream, "buffer"):
        stream = stream.buffer  # real stdin: read bytes, so encoding errors are ours
    seen = False
    for lineno, line in _lines(stream, max_bytes):
        source = f"{name}:{lineno}"
        if line is None:
            seen = True
            yield ReadError(source, f"line is over the {max_bytes}-byte limit")
            continue
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
    if not seen:
        yield ReadError(name, empty_reason)


def _lines(stream: Any, max_bytes: int) -> Iterator[tuple[int, bytes | str | None]]:
    """Numbered lines; ``None`` for a line over ``max_bytes``, whose rest is skipped."""
    lineno = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        lineno += 1
        newline = b"\n" if isinstance(line, bytes) else "\n"
        body = line[:-1] if line.endswith(newline) else line
        if len(body) > max_bytes:
            while line and not line.endswith(newline):
                line = stream.readline(1024 * 1024)
            yield lineno, None
        else:
            yield lineno, body


def _jsonl_article(line: str, source: str, published: date | None) -> Article:
    obj = _json_value(line, source)
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
    when = published or _published_field(obj.pop("published", None), source)
    obj.pop("published", None)
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
        return _check_unicode(article, source)
    if text is not None or html is not None:
        raise ReadError(source, '"text" (or "html") must be a string')
    raise ReadError(source, 'no "text" or "html" field')
