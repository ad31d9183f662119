"""``breachfacts/1`` documents (``extract --format jsonl``) as the store reads them.

:func:`read_fact_documents` reads the objects of a JSONL file (or a JSON array);
:func:`extraction_from_dict` rebuilds an :class:`~breachfacts.facts.Extraction` from one
of them; :func:`content_hash` and :func:`document_hash` give an article's identity in the
store (the same article is stored once).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from breachfacts.errors import FactsFormatError, not_utf8
from breachfacts.facts import SCHEMA, Article, Extraction, fact_from_dict
from breachfacts.jsontypes import a, json_type
from breachfacts.store.validation import document_problem

__all__ = [
    "content_hash",
    "document_hash",
    "normalised_text",
    "extraction_from_dict",
    "parse_fact_documents",
    "parse_fact_records",
    "raw_hash",
    "read_fact_documents",
    "read_fact_records",
]


def read_fact_documents(path: Path | str) -> Iterator[Any]:
    """The ``breachfacts/1`` objects of one JSONL file (or a JSON array, as ``-f json``);
    ``-`` reads standard input.

    Raises:
        FactsFormatError: ``<file>: cannot read (...)``, ``<file>: not UTF-8 (byte 0xff at
            offset 12)``, or ``<file>:<line>: invalid JSON: <problem>``.
    """
    return (doc for _, doc in read_fact_records(path))


def read_fact_records(path: Path | str) -> Iterator[tuple[str, Any]]:
    """:func:`read_fact_documents` with where each object starts: ``(<file>:<line>, object)``."""
    name = "stdin" if str(path) == "-" else str(path)
    try:
        data = sys.stdin.buffer.read() if name == "stdin" else Path(path).read_bytes()
    except OSError as err:
        raise FactsFormatError(f"{name}: cannot read ({err.strerror or err})") from None
    return parse_fact_records(data, name)


def parse_fact_documents(data: bytes, name: str) -> Iterator[Any]:
    r""":func:`read_fact_documents` for bytes already read; ``name`` names them in errors.

    Example:
        >>> list(parse_fact_documents(b'{"a": 1}\n\n{"b": 2}\n', "x.jsonl"))
        [{'a': 1}, {'b': 2}]
        >>> list(parse_fact_documents(b'{"a": "\xff"}', "x.jsonl"))
        Traceback (most recent call last):
        breachfacts.errors.FactsFormatError: x.jsonl: not UTF-8 (byte 0xff at offset 7)
    """
    return (doc for _, doc in parse_fact_records(data, name))


def parse_fact_records(data: bytes, name: str) -> Iterator[tuple[str, Any]]:
    r"""The objects of a JSONL file (or JSON array) with the line each starts on.

    Lines end at ``\n`` only (a ``\r`` before it is dropped): a U+2028 or U+0085 inside a
    JSON string is text, not a line break, whatever ``str.splitlines`` thinks.

    Example:
        >>> list(parse_fact_records(b'{"a": "x\xc2\x85y"}\r\n\n{"b": 2}\n', "x.jsonl"))
        [('x.jsonl:1', {'a': 'x\x85y'}), ('x.jsonl:3', {'b': 2})]
        >>> list(parse_fact_records(b'[{"a": 1},\n {"b": 2}]', "x.json"))
        [('x.json:1', {'a': 1}), ('x.json:2', {'b': 2})]
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise FactsFormatError(f"{name}: {not_utf8(data, err)}") from None
    if text.lstrip().startswith("["):
        return _array(text, name)
    return _lines(text, name)


def _lines(text: str, name: str) -> Iterator[tuple[str, Any]]:
    for lineno, line in enumerate(text.split("\n"), 1):
        if line.strip():
            yield f"{name}:{lineno}", _loads(line, f"{name}:{lineno}")


def _loads(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise FactsFormatError(f"{where}: invalid JSON: {err.msg}") from None
    except RecursionError:
        raise FactsFormatError(f"{where}: invalid JSON: nested too deeply") from None


_WS = re.compile(r"[ \t\n\r]*")


def _array(text: str, name: str) -> Iterator[tuple[str, Any]]:
    """The elements of a JSON array, each with the line it starts on."""
    decoder = json.JSONDecoder()

    def line(i: int) -> int:
        return text.count("\n", 0, i) + 1

    def skip(i: int) -> int:
        m = _WS.match(text, i)
        return m.end() if m else i

    i = skip(skip(0) + 1)  # past "["
    if text[i : i + 1] == "]":
        i = skip(i + 1)
    else:
        while True:
            try:
                doc, end = decoder.raw_decode(text, i)
            except json.JSONDecodeError as err:
                raise FactsFormatError(f"{name}:{err.lineno}: invalid JSON: {err.msg}") from None
            except RecursionError:
                raise FactsFormatError(
                    f"{name}:{line(i)}: invalid JSON: nested too deeply"
                ) from None
            yield f"{name}:{line(i)}", doc
            i = skip(end)
            if text[i : i + 1] == ",":
                i = skip(i + 1)
                continue
            if text[i : i + 1] == "]":
                i = skip(i + 1)
                break
            raise FactsFormatError(f"{name}:{line(i)}: invalid JSON: Expecting ',' delimiter")
    if i < len(text):
        raise FactsFormatError(f"{name}:{line(i)}: invalid JSON: Extra data")


def normalised_text(text: str) -> str:
    r"""The text an article's identity is taken from: line ends as ``\n`` (``\r\n`` and
    ``\r`` too), no whitespace at the end of a line or of the text, Unicode NFC. The same
    article saved on Windows, or with one more newline at its end, is the same article.

    Example:
        >>> normalised_text("Caf\u0065\u0301 hit.  \r\nSecond line\r\n\r\n")
        'Café hit.\nSecond line'
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(line.rstrip() for line in text.split("\n")).rstrip()


def content_hash(text: str) -> str:
    """sha256 (hex) of the :func:`normalised_text` of an article: its identity in the store."""
    return raw_hash(normalised_text(text))


def raw_hash(text: str) -> str:
    """sha256 (hex) of ``text`` as it is (UTF-8): the identity breachfacts gave an article's
    text before it normalised it. The text is not stored, so old hashes cannot be redone:
    the store looks an article up by both."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def document_hash(doc: dict[str, Any]) -> str:
    """The identity of a ``breachfacts/1`` object: :func:`content_hash` of its ``text``, or
    without one, the hash of its source, published date, title and facts."""
    if doc.get("text"):
        return content_hash(str(doc["text"]))
    key = {k: doc.get(k) for k in ("source", "published", "title", "facts")}
    return raw_hash(json.dumps(key, sort_keys=True, ensure_ascii=False))


def extraction_from_dict(doc: Any, where: str = "document") -> Extraction:
    """Rebuild an :class:`Extraction` from its ``breachfacts/1`` JSON object.

    The object is checked first, against the published schema and the bounds of
    :mod:`breachfacts.store.validation`: nothing in it is trusted. The article text is
    ``doc["text"]`` when present (JSONL output does not carry it).

    Raises:
        FactsFormatError: ``<where>: [<field path>] <problem>``, e.g.
            ``out.jsonl:3: [facts -> 2 -> value] expected a number or null, got a string``.
    """
    if not isinstance(doc, dict):
        raise FactsFormatError(f"{where}: expected a JSON object, got {a(json_type(doc))}")
    if doc.get("schema") != SCHEMA:
        got = doc.get("schema")
        shown = repr(got) if isinstance(got, str) and len(got) < 40 else a(json_type(got))
        raise FactsFormatError(f"{where}: schema is {shown}, expected {SCHEMA!r}")
    problem = document_problem(doc)
    if problem is not None:
        raise FactsFormatError(f"{where}: {problem}")
    pub = doc.get("published")
    published = date.fromisoformat(pub) if pub else None
    facts = tuple(fact_from_dict(_whole_offsets(d)) for d in doc["facts"])
    article = Article(str(doc["source"]), str(doc.get("text") or ""), published, doc.get("title"))
    return Extraction(article, facts, tuple(doc.get("events") or ()))


def _whole_offsets(d: dict[str, Any]) -> dict[str, Any]:
    """A fact object whose offsets are ``int`` (JSON Schema lets an integer be ``3.0``)."""
    s = d["sentence"]
    sentence = {"text": s["text"], "start": int(s["start"]), "end": int(s["end"])}
    return {**d, "start": int(d["start"]), "end": int(d["end"]), "sentence": sentence}
