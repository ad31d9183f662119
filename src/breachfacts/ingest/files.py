"""Files, directories, JSONL and stdin in; an ``Article`` per article out.

Bad input never raises: ``read_inputs`` yields a ``ReadError`` for it and goes on,
so the CLI can print one line per bad input and still process the others.

Example:
    >>> from breachfacts.ingest import parse_published
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

from breachfacts.errors import ReadError
from breachfacts.facts import Article
from breachfacts.jsontypes import a, json_type

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

TEXT_SUFFIXES = (".txt", ".md", ".text")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
SIDECAR_SUFFIX = ".meta.json"

# Magic numbers of the binary formats people most often pass by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "zip archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its LE BOM starts with the UTF-16 LE one.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Unicode blocks of text that cp1252 can carry: a guess in these is decoded as cp1252.
_LATIN_BLOCKS = frozenset(
    {
        "Basic Latin",
        "Latin-1 Supplement",
        "Latin Extended-A",
        "Latin Extended-B",
        "Latin Extended Additional",
        "General Punctuation",
        "Currency Symbols",
        "Letterlike Symbols",
        "Spacing Modifier Letters",
        "Control character",  # charset-normalizer's name for C0/C1 controls
    }
)
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_RATIO = 0.1
# Above this share of bytes >= 0x80, text is not in a Latin code page unless the detector says so.
_MAX_LATIN_HIGH_BYTES = 0.3
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
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


def decode_bytes(data: bytes, source: str) -> str:
    """Decode a file's bytes to text, or say in one line why it is not text.

    UTF-8 (with or without BOM), UTF-16/32 with a BOM, UTF-16 without a BOM when
    every other byte is NUL, then charset-normalizer's guess; when any of its readings
    is in Latin script, cp1252 (so curly quotes survive), falling back to Latin-1.

    Example:
        >>> decode_bytes("caf\\u00e9 \\u201cquoted\\u201d".encode("cp1252"), "x.txt")
        'café “quoted”'
    """
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise ReadError(source, f"binary file, not text ({kind})")
    text = _decode_unicode(data, source)
    if text is None:
        nul = data.find(b"\x00")
        if nul >= 0:
            raise ReadError(source, f"binary file, not text (NUL byte at offset {nul})")
        text = _decode_guess(data, source)
    _check_not_binary(text, source)
    return text


def _decode_unicode(data: bytes, source: str) -> str | None:
    """Decode data that says it is Unicode (BOM, NUL pattern) or is valid UTF-8."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as err:
                name = encoding.replace("-sig", "").upper()
                raise ReadError(
                    source, f"not {name} despite its byte order mark (offset {err.start})"
                ) from None
    if b"\x00" in data:
        return _decode_utf16_without_bom(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _decode_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: mostly-ASCII text has NUL as every other byte."""
    if len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    n = len(odd)
    for zeros, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) > 0.5 * n and other.count(0) == 0:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _decode_guess(data: bytes, source: str) -> str:
    """Not UTF-8: take charset-normalizer's guess, as cp1252 when it is Latin text."""
    from charset_normalizer import from_bytes

    err = _utf8_error(data)
    if _is_broken_utf8(data):
        raise ReadError(source, f"{err} and no other text encoding fits")
    # Without a BOM or NULs (handled before), a UTF-16/32 reading is a false CJK one.
    matches = [m for m in from_bytes(data) if not m.encoding.startswith(("utf_16", "utf_32"))]
    if not matches:
        raise ReadError(source, f"{err} and no other text encoding fits")
    best = matches[0]
    # Short texts fool the detector (a cp1252 'café “quoted”' reads as Cyrillic), so any
    # plausible Latin-script reading, or mostly ASCII with some high bytes, means cp1252.
    non_ascii = len(data) - len(data.translate(None, bytes(range(0x80, 0x100))))
    latin = any(set(m.alphabets) <= _LATIN_BLOCKS for m in matches)
    if latin or non_ascii <= _MAX_LATIN_HIGH_BYTES * len(data):
        for encoding in ("cp1252", "latin-1"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise ReadError(source, f"{err} and no other text encoding fits") from None


def _is_broken_utf8(data: bytes) -> bool:
    """UTF-8 with a few bad bytes: any code page would turn its ’ into â€™ mojibake.

    In cp1252/Latin-1 text, bytes that happen to form UTF-8 sequences are rare, and
    far fewer than the accented letters that do not; here they are the majority.
    """
    sequences = len(_UTF8_MULTIBYTE.findall(data))
    if not sequences:
        return False
    invalid = data.decode("utf-8", "replace").count("\ufffd") - data.count(b"\xef\xbf\xbd")
    return sequences >= invalid


def _utf8_error(data: bytes) -> str:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        return f"not UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start})"
    return "not UTF-8"  # pragma: no cover - only called after UTF-8 failed


def _check_not_binary(text: str, source: str) -> None:
    nul = text.find("\x00")
    if nul >= 0:
        raise ReadError(source, f"binary file, not text (NUL character at offset {nul})")
    controls = len(_CONTROL_CHARS.findall(text))
    if text and controls > _MAX_CONTROL_RATIO * len(text):
        share = round(100 * controls / len(text))
        raise ReadError(source, f"binary file, not text ({share}% control characters)")


def html_to_article(html: str, source: str, published: date | None) -> Article:
    """Extract the main text, title and date of an HTML page with trafilatura.

    ``published``, when given, wins over the page's own date. ``meta["text_from"]``
    is ``"html"``: offsets index the extracted text, not the page.
    Raises ``ReadError`` when the page has no article text.
    """
    import trafilatura

    date_params = {
        "original_date": True,  # the publication date, not the last update
        "extensive_search": False,  # metadata only: never a date picked out of the prose
        "max_date": date.today().isoformat(),
    }
    doc = None
    # Precision first: ads and "related" lists in the text turn into false facts.
    # Short pages can lose everything that way, so fall back to the balanced mode.
    for precision in (True, False):
        try:
            doc = trafilatura.bare_extraction(
                html,
                with_metadata=True,
                favor_precision=precision,
                include_comments=False,
                include_tables=True,
                include_images=False,
                include_links=False,
                date_extraction_params=date_params,
            )
        except (ValueError, TypeError):  # trafilatura's own "cannot parse" signals
            doc = None
        if doc is not None and (doc.text or "").strip():
            break
    if doc is None or not (doc.text or "").strip():
        raise ReadError(source, "no article text found in HTML")
    meta: dict[str, Any] = {"text_from": "html"}
    for key in ("url", "sitename", "author", "description"):
        value = getattr(doc, key, None)
        if value:
            meta[key] = value
    if published is None and doc.date:
        try:
            published = date.fromisoformat(doc.date[:10])
        except ValueError:
            published = None
    return Article(id=source, text=doc.text, published=published, title=doc.title, meta=meta)


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
        return replace(article, title=title or article.title, meta={**article.meta, **side})
    return Article(id=path, text=text, published=when, title=title, meta=side)


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
        value = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        reason = f"not UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start})"
        raise ReadError(side, reason) from None
    except json.JSONDecodeError as err:
        raise ReadError(side, f"malformed JSON ({_json_reason(err)})") from None
    if not isinstance(value, dict):
        raise ReadError(side, f"expected a JSON object, got {a(json_type(value))}")
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
                byte = line[err.start]
                yield ReadError(source, f"not UTF-8 (byte 0x{byte:02x} at offset {err.start})")
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
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        raise ReadError(source, f"malformed JSON ({_json_reason(err)})") from None
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
        return replace(article, title=title or article.title, meta={**article.meta, **obj})
    if text is not None or html is not None:
        raise ReadError(source, '"text" (or "html") must be a string')
    raise ReadError(source, 'no "text" or "html" field')
