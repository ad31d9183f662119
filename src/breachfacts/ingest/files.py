"""Paths, directories, sidecars, JSONL files and stdin in; an ``Article`` per article out.

Bad input never raises: :func:`read_inputs` yields a ``ReadError`` for it and goes on, so
the CLI can print one line per bad input and still process the others. Bytes become text
in :mod:`.decode`, HTML pages become articles in :mod:`.html`, JSONL lines in :mod:`.jsonl`;
JSON values are checked in :mod:`.values` (text that is not valid Unicode is refused).

Only regular files are read. A named pipe, a device (``/dev/zero``), a socket or a
symbolic-link loop, named or found in a directory, is one ``ReadError`` and is never
opened for reading (a FIFO would block), and no read takes more than ``max_bytes`` bytes
whatever the file's size says: a file that grows past the limit, or a ``/proc`` file that
says it is empty, is refused on the bytes actually read.

Example:
    >>> from breachfacts.ingest import read_inputs
    >>> [str(x) for x in read_inputs(["/dev/null"])]
    ['/dev/null: not a regular file (a character device)']
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from typing import Any, BinaryIO, TextIO

from breachfacts.errors import ReadError, not_utf8
from breachfacts.facts import Article
from breachfacts.jsontypes import a, json_type

from ..jsontypes import SURROGATE
from .decode import decode_bytes
from .fetch import FetchOptions, is_url
from .html import html_to_article
from .jsonl import read_jsonl_stream
from .limits import DEFAULT_MAX_BYTES
from .values import check_unicode, json_value, published_field
from .web import fetch_article

TEXT_SUFFIXES = (".txt", ".md", ".text")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
SIDECAR_SUFFIX = ".meta.json"

#: What a file is when it is not a regular file, for the one-line refusal.
_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


def _not_regular(mode: int) -> str | None:
    """Why a file of this mode is not read (``None`` for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a file")
    return f"not a regular file ({kind})"


def _cannot_read(err: OSError) -> str:
    return f"cannot read ({err.strerror or err})"


def open_regular(path: str) -> BinaryIO:
    """Open a regular file for reading in binary; anything else raises ``ReadError``.

    The path is checked before it is opened (a FIFO is never opened: that blocks until a
    writer comes), and opened without blocking and checked again, so a file swapped for a
    FIFO in between is refused too.
    """
    try:
        why = _not_regular(os.stat(path).st_mode)
        if why:
            raise ReadError(path, why)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        fd = os.open(path, flags)
    except OSError as err:
        raise ReadError(path, _cannot_read(err)) from None
    f = os.fdopen(fd, "rb")
    why = _not_regular(os.fstat(fd).st_mode)
    if why:
        f.close()
        raise ReadError(path, why)
    return f


def read_bounded(path: str, max_bytes: int) -> bytes:
    """The bytes of a regular file, refused (``ReadError``) when over ``max_bytes``.

    The size the file reports is checked first (a quick, exact message), then the limit is
    enforced on the bytes actually read: at most ``max_bytes + 1`` are ever read.
    """
    with open_regular(path) as f:
        try:
            size = os.fstat(f.fileno()).st_size
            if size > max_bytes:
                over = f"{size} bytes is over the {max_bytes}-byte limit"
                raise ReadError(path, over + " (raise it with --max-bytes)")
            data = f.read(max_bytes + 1)
        except OSError as err:
            raise ReadError(path, _cannot_read(err)) from None
    if len(data) > max_bytes:
        over = f"more than {max_bytes} bytes read, over the limit"
        raise ReadError(path, over + " (raise it with --max-bytes)")
    return data


def read_inputs(
    inputs: Sequence[str],
    published: date | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: TextIO | BinaryIO | None = None,
    fetch: FetchOptions | None = None,
) -> Iterator[Article | ReadError]:
    """Yield, lazily and in input order, an ``Article`` per article or a ``ReadError``.

    Args:
        inputs: Paths of files or directories, or ``http(s)://`` URLs of pages (fetched,
            :func:`~breachfacts.ingest.web.fetch_article`); ``-`` reads JSONL from stdin.
        published: Publication date for every article (``--published``); it wins over
            sidecars, JSONL fields and HTML metadata.
        max_bytes: Largest file (or JSONL line) read; larger ones are refused.
        stdin: Stream for ``-`` (default ``sys.stdin``).
        fetch: How URLs are fetched (default: :class:`~breachfacts.ingest.fetch.FetchOptions`
            with ``max_bytes``).
    RETURNS: An iterator that never raises for bad input.
    """
    for item in inputs:
        if is_url(item):
            try:
                yield fetch_article(item, published, fetch or FetchOptions(max_bytes=max_bytes))
            except ReadError as err:
                yield err
        elif item == "-":
            stream = stdin if stdin is not None else sys.stdin
            yield from read_jsonl_stream(stream, "stdin", published, max_bytes, "empty input")
        elif os.path.isdir(item):
            yield from _read_dir(item, published, max_bytes)
        elif os.path.lexists(item):  # a dangling link or a loop is read, and said so
            yield from _read_file(item, published, max_bytes)
        else:
            yield ReadError(item, "no such file")


def _read_dir(root: str, published: date | None, max_bytes: int) -> Iterator[Article | ReadError]:
    found = _walk(root)
    if not found:
        looked = "*.txt, *.html, *.jsonl"
        yield ReadError(root, f"no articles (looked for {looked})")
        return
    for _, path, error in found:
        if error is not None:
            yield error
        else:
            yield from _read_file(path, published, max_bytes)


def article_files(root: str, on_error: Callable[[ReadError], None] | None = None) -> Iterator[str]:
    """Article files under ``root``: recursive, sorted, hidden entries skipped.

    A directory that cannot be listed (no permission) is handed to ``on_error`` as a
    ``ReadError``; without ``on_error`` it is skipped.
    """
    for _, path, error in _walk(root):
        if error is None:
            yield path
        elif on_error is not None:
            on_error(error)


def _walk(root: str) -> list[tuple[tuple[str, ...], str, ReadError | None]]:
    """Article files and unreadable directories under ``root``, in path order."""
    found: list[tuple[tuple[str, ...], str, ReadError | None]] = []

    def key(path: str) -> tuple[str, ...]:
        return tuple(os.path.relpath(path, root).split(os.sep))

    def unreadable(err: OSError) -> None:
        where = str(err.filename) if err.filename is not None else root
        why = f"cannot read directory ({err.strerror or err}); skipped"
        found.append((key(where), where, ReadError(where, why)))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith(".") or not name.lower().endswith(ARTICLE_SUFFIXES):
                continue
            path = os.path.join(dirpath, name)
            found.append((key(path), path, None))
    found.sort(key=lambda item: item[0])
    return found


def _read_file(path: str, published: date | None, max_bytes: int) -> Iterator[Article | ReadError]:
    name = SURROGATE.search(path)
    if name:  # os.listdir's stand-in for a byte that is not UTF-8: no id can hold it
        byte = ord(name.group()) - 0xDC00
        why = f"byte 0x{byte:02x}" if 0x80 <= byte <= 0xFF else f"\\u{ord(name.group()):04x}"
        yield ReadError(path, f"file name is not valid UTF-8 ({why}); rename the file")
        return
    try:
        if path.lower().endswith(JSONL_SUFFIXES):
            with open_regular(path) as f:
                yield from read_jsonl_stream(f, path, published, max_bytes, "empty file")
            return
        data = read_bounded(path, max_bytes)
    except ReadError as err:
        yield err
        return
    except OSError as err:  # mid-stream, while reading JSONL
        yield ReadError(path, _cannot_read(err))
        return
    item: Article | ReadError
    try:
        item = _file_article(path, data, published, max_bytes)
    except ReadError as err:
        item = err
    del data  # not kept alive by this generator while a large file's text is processed
    yield item


def _file_article(path: str, data: bytes, published: date | None, max_bytes: int) -> Article:
    text = decode_bytes(data, path)
    if not text.strip():
        raise ReadError(path, "empty file")
    side = _read_sidecar(path, max_bytes)
    side_published = published_field(side.pop("published", None), _sidecar_path(path))
    title = side.pop("title", None)
    if title is not None and not isinstance(title, str):
        raise ReadError(_sidecar_path(path), "title must be a string")
    when = published or side_published
    if _is_html(path, text):
        article = html_to_article(text, path, when)
        article = replace(article, title=title or article.title, meta={**article.meta, **side})
    else:
        article = Article(id=path, text=text, published=when, title=title, meta=side)
    return check_unicode(article, path)


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


def _read_sidecar(path: str, max_bytes: int) -> dict[str, Any]:
    side = _sidecar_path(path)
    if not os.path.lexists(side):
        return {}
    raw = read_bounded(side, max_bytes)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ReadError(side, not_utf8(raw, err)) from None
    value = json_value(text, side)
    if not isinstance(value, dict):
        raise ReadError(side, f"expected a JSON object, got {a(json_type(value))}")
    return value
