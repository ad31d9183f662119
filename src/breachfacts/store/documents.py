"""``breachfacts/1`` documents (``extract --format jsonl``) as the store reads them.

:func:`read_fact_documents` reads the objects of a JSONL file (or a JSON array);
:func:`extraction_from_dict` rebuilds an :class:`~breachfacts.facts.Extraction` from one
of them; :func:`content_hash` and :func:`document_hash` give an article's identity in the
store (the same article is stored once).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from breachfacts.errors import FactsFormatError, not_utf8
from breachfacts.facts import SCHEMA, Article, Extraction, fact_from_dict

__all__ = [
    "content_hash",
    "document_hash",
    "extraction_from_dict",
    "parse_fact_documents",
    "read_fact_documents",
]


def read_fact_documents(path: Path | str) -> Iterator[Any]:
    """The ``breachfacts/1`` objects of one JSONL file (or a JSON array, as ``-f json``);
    ``-`` reads standard input.

    Raises:
        FactsFormatError: ``<file>: cannot read (...)``, ``<file>: not UTF-8 (byte 0xff at
            offset 12)``, or ``<file>:<line>: invalid JSON: <problem>``.
    """
    name = "stdin" if str(path) == "-" else str(path)
    try:
        data = sys.stdin.buffer.read() if name == "stdin" else Path(path).read_bytes()
    except OSError as err:
        raise FactsFormatError(f"{name}: cannot read ({err.strerror or err})") from None
    return parse_fact_documents(data, name)


def parse_fact_documents(data: bytes, name: str) -> Iterator[Any]:
    r""":func:`read_fact_documents` for bytes already read; ``name`` names them in errors.

    Example:
        >>> list(parse_fact_documents(b'{"a": 1}\n\n{"b": 2}\n', "x.jsonl"))
        [{'a': 1}, {'b': 2}]
        >>> list(parse_fact_documents(b'{"a": "\xff"}', "x.jsonl"))
        Traceback (most recent call last):
        breachfacts.errors.FactsFormatError: x.jsonl: not UTF-8 (byte 0xff at offset 7)
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise FactsFormatError(f"{name}: {not_utf8(data, err)}") from None
    return _documents(text, name)


def _documents(text: str, name: str) -> Iterator[Any]:
    if text.lstrip().startswith("["):
        try:
            docs = json.loads(text)
        except json.JSONDecodeError as err:
            raise FactsFormatError(f"{name}:{err.lineno}: invalid JSON: {err.msg}") from None
        yield from docs
        return
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield json.loads(line)
        except json.JSONDecodeError as err:
            raise FactsFormatError(f"{name}:{lineno}: invalid JSON: {err.msg}") from None


def content_hash(text: str) -> str:
    """sha256 of the article text (UTF-8), hex: the store's identity of an article."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_hash(doc: dict[str, Any]) -> str:
    """The identity of a ``breachfacts/1`` object: :func:`content_hash` of its ``text``, or
    without one, the hash of its source, published date, title and facts."""
    if doc.get("text"):
        return content_hash(str(doc["text"]))
    key = {k: doc.get(k) for k in ("source", "published", "title", "facts")}
    return content_hash(json.dumps(key, sort_keys=True, ensure_ascii=False))


def extraction_from_dict(doc: dict[str, Any], where: str = "document") -> Extraction:
    """Rebuild an :class:`Extraction` from its ``breachfacts/1`` JSON object.

    The article text is ``doc["text"]`` when present (JSONL output does not carry it).

    Raises:
        FactsFormatError: ``<where>: <problem>``.
    """
    if not isinstance(doc, dict):
        raise FactsFormatError(f"{where}: expected a JSON object")
    if doc.get("schema") != SCHEMA:
        raise FactsFormatError(f"{where}: schema is {doc.get('schema')!r}, expected {SCHEMA!r}")
    try:
        source = str(doc["source"])
        pub = doc.get("published")
        published = date.fromisoformat(pub) if pub else None
        facts = tuple(fact_from_dict(d) for d in doc["facts"])
    except KeyError as e:
        raise FactsFormatError(f"{where}: missing key {e.args[0]!r}") from None
    except (TypeError, ValueError) as e:
        raise FactsFormatError(f"{where}: {e}") from None
    article = Article(source, str(doc.get("text") or ""), published, doc.get("title"))
    return Extraction(article, facts, tuple(doc.get("events") or ()))
