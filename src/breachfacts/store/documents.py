"""``breachfacts/1`` documents (``extract --format jsonl``) as the store reads them.

:func:`extraction_from_dict` rebuilds an :class:`~breachfacts.facts.Extraction` from one
JSON object; :func:`content_hash` and :func:`document_hash` give an article's identity in
the store (the same article is stored once).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from breachfacts.errors import FactsFormatError
from breachfacts.facts import SCHEMA, Article, Extraction, fact_from_dict

__all__ = ["content_hash", "document_hash", "extraction_from_dict"]


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
