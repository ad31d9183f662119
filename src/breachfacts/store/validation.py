"""Checking a ``breachfacts/1`` document before the store takes it: the schema, then bounds.

``add --facts`` reads files anyone can write, so nothing in them is trusted. Every document
is checked against the published JSON Schema (``schema/breachfacts-1.schema.json``) and
then against bounds the schema cannot say, before anything is written; the first problem
is one line naming the field, as spaCy's ``[loc -> path] message``:

    out.jsonl:3: [facts -> 2 -> value] expected a number or null, got a string

The schema is read by a small interpreter of the keywords it uses (``type``, ``const``,
``enum``, ``required``, ``properties``, ``additionalProperties``, ``items``, ``minimum``,
``minLength``, ``pattern``, ``$ref``, ``allOf``, ``if``/``then``), with the semantics of
the ``jsonschema`` package (an integral float is an integer, a boolean is not a number,
``pattern`` searches, ``format`` is not asserted): breachfacts needs no validator at run
time, and ``tests/test_validation.py`` checks that both accept the same documents. A
keyword it does not know is refused when the schema is loaded, so the schema cannot grow
past the interpreter unnoticed.

Bounds (:func:`bound_problems`): no lone surrogate in any string (SQLite stores UTF-8);
every number finite and within ±2**53 (:data:`MAX_NUMBER`: the largest integer a float
holds exactly); ``published`` a calendar date (YYYY-MM-DD); ``low <= value <= high``
where set; every fact field the store keeps of the type the schema gives it
(:data:`FIELD_TYPES`, whatever the kind); ``start <= end`` for a fact and its sentence,
and within ``text`` when the document carries it; fact ids unique in their article.

Example:
    >>> doc = {"schema": "breachfacts/1", "source": "a", "published": None, "events": [],
    ...        "facts": [{"id": "f1", "kind": "figure", "text": "3", "start": 0, "end": 1,
    ...                   "sentence": {"text": "3", "start": 0, "end": 1},
    ...                   "certainty": "certain", "role": None, "subject": None,
    ...                   "value": "abc", "low": None, "high": None, "unit": None,
    ...                   "qualifier": None}]}
    >>> document_problem(doc)
    '[facts -> 0 -> value] expected a number or null, got a string'
    >>> doc["facts"][0]["value"] = 3
    >>> document_problem(doc) is None
    True
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from breachfacts.jsontypes import SURROGATE, a, json_type

__all__ = [
    "KEYWORDS",
    "FIELD_TYPES",
    "MAX_NUMBER",
    "SCHEMA_PATH",
    "bound_problems",
    "check_keywords",
    "document_problem",
    "published_schema",
    "schema_problems",
]

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schema" / "breachfacts-1.schema.json"
MAX_NUMBER = 2**53
"""The largest magnitude a number in a document may have: beyond it, floats skip integers
(and ``10**30`` does not fit an SQLite integer)."""

FIELD_TYPES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("value", "low", "high"), ("number", "null")),
    **dict.fromkeys(
        ("unit", "qualifier", "currency", "equivalent_of", "date", "granularity", "canonical"),
        ("string", "null"),
    ),
    **dict.fromkeys(
        ("role", "subject", "attacker", "per", "place", "population", "payee", "part_of", "event"),
        ("string", "null"),
    ),
    "relative": ("boolean", "null"),
}
"""The type of each fact field the store reads, whatever the fact's kind: the schema types
them only for their kind ("value" of a date is free), but the store keeps every field."""

KEYWORDS = frozenset(
    {
        "$schema", "$id", "$defs", "title", "description", "format",  # annotations
        "$ref", "type", "const", "enum", "minimum", "minLength", "pattern",
        "required", "properties", "additionalProperties", "items", "allOf", "if", "then",
    }
)  # fmt: skip
"""The JSON Schema keywords the interpreter knows; a schema using another is refused."""

Path_ = tuple[str | int, ...]
Problem = tuple[Path_, str]


@cache
def published_schema() -> dict[str, Any]:
    """The ``breachfacts/1`` JSON Schema shipped with the package, checked for keywords."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    check_keywords(schema)
    return schema


def check_keywords(schema: Any) -> None:
    """Raise ValueError if ``schema`` uses a keyword the interpreter does not know."""
    stack = [schema]
    while stack:
        s = stack.pop()
        if not isinstance(s, dict):
            continue
        unknown = set(s) - KEYWORDS
        if unknown:
            raise ValueError(f"{SCHEMA_PATH.name}: keyword {sorted(unknown)[0]!r} not supported")
        for key in ("$defs", "properties"):
            stack.extend(s.get(key, {}).values())
        for key in ("items", "additionalProperties", "if", "then"):
            stack.append(s.get(key))
        stack.extend(s.get("allOf", []))


def document_problem(doc: Any) -> str | None:
    """The first problem of a document as ``[path] message`` (``None`` if it is good)."""
    for path, message in schema_problems(doc):
        return _line(path, message)
    for path, message in bound_problems(doc):
        return _line(path, message)
    return None


def _line(path: Path_, message: str) -> str:
    return f"[{' -> '.join(_step(p) for p in path)}] {message}" if path else message


def _step(p: str | int) -> str:
    """A path step as a message shows it: a field name that is not plain printable text
    (a line break, an escape sequence, a surrogate) is shown escaped, as JSON."""
    if isinstance(p, int) or (p.isprintable() and p.isascii() and p.strip() == p and p):
        return str(p)
    return json.dumps(p, ensure_ascii=True)


# ------------------------------------------------------------------ the schema


def schema_problems(doc: Any, schema: dict[str, Any] | None = None) -> Iterator[Problem]:
    """Where ``doc`` breaks the schema (default: :func:`published_schema`), first first.

    A subschema stops at its first problem, so this lists at most one problem per branch;
    it is empty exactly when ``jsonschema`` finds the document valid.
    """
    root = schema if schema is not None else published_schema()
    yield from _check(doc, root, root, ())


def _valid(doc: Any, schema: dict[str, Any], root: dict[str, Any]) -> bool:
    return next(iter(_check(doc, schema, root, ())), None) is None


def _check(x: Any, s: dict[str, Any], root: dict[str, Any], at: Path_) -> Iterator[Problem]:
    if "$ref" in s:
        yield from _check(x, _resolve(root, s["$ref"]), root, at)
    if "type" in s:
        types = [s["type"]] if isinstance(s["type"], str) else list(s["type"])
        if not any(_is_type(x, t) for t in types):
            yield at, f"expected {' or '.join(_type_word(t) for t in types)}, got {_got(x)}"
            return
    if "const" in s and not _equal(x, s["const"]):
        yield at, f"expected {_show(s['const'])}, got {_show(x)}"
        return
    if "enum" in s and not any(_equal(x, e) for e in s["enum"]):
        yield at, f"expected one of {', '.join(_show(e) for e in s['enum'])}; got {_show(x)}"
        return
    if _is_type(x, "number") and "minimum" in s and x < s["minimum"]:
        yield at, f"expected at least {s['minimum']}, got {_show(x)}"
        return
    if isinstance(x, str):
        if "minLength" in s and len(x) < s["minLength"]:
            yield at, "expected a non-empty string" if s["minLength"] == 1 else "too short"
            return
        if "pattern" in s and not re.search(s["pattern"], x):
            yield at, f"expected a string matching {s['pattern']}, got {_show(x)}"
            return
    if isinstance(x, dict):
        for key in s.get("required", ()):
            if key not in x:
                yield (*at, key), "missing"
                return
        props = s.get("properties", {})
        for key, sub in props.items():
            if key in x:
                yield from _check(x[key], sub, root, (*at, key))
        if s.get("additionalProperties") is False:
            for key in x:
                if key not in props:
                    yield (*at, key), "unexpected field"
    if isinstance(x, list) and "items" in s:
        for i, item in enumerate(x):
            yield from _check(item, s["items"], root, (*at, i))
    for sub in s.get("allOf", ()):
        yield from _check(x, sub, root, at)
    if "if" in s and "then" in s and _valid(x, s["if"], root):
        yield from _check(x, s["then"], root, at)


def _resolve(root: dict[str, Any], ref: str) -> dict[str, Any]:
    if not ref.startswith("#/"):
        raise ValueError(f"$ref {ref!r}: only references inside the schema are supported")
    node: Any = root
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def _is_type(x: Any, t: str) -> bool:
    """JSON Schema's types, as ``jsonschema`` reads them (1.0 is an integer, True is not)."""
    if t == "null":
        return x is None
    if t == "boolean":
        return isinstance(x, bool)
    if t == "integer":
        if isinstance(x, bool):
            return False
        return isinstance(x, int) or (isinstance(x, float) and x.is_integer())
    if t == "number":
        return isinstance(x, (int, float)) and not isinstance(x, bool)
    if t == "string":
        return isinstance(x, str)
    if t == "array":
        return isinstance(x, list)
    if t == "object":
        return isinstance(x, dict)
    raise ValueError(f"unknown JSON type {t!r}")


def _equal(x: Any, y: Any) -> bool:
    """JSON equality: ``true`` is not ``1``."""
    if isinstance(x, bool) or isinstance(y, bool):
        return type(x) is type(y) and x == y
    if isinstance(x, list) and isinstance(y, list):
        return len(x) == len(y) and all(_equal(i, j) for i, j in zip(x, y, strict=True))
    if isinstance(x, dict) and isinstance(y, dict):
        return x.keys() == y.keys() and all(_equal(x[k], y[k]) for k in x)
    if isinstance(x, (list, dict)) or isinstance(y, (list, dict)):
        return False
    return bool(x == y)


def _type_word(t: str) -> str:
    return "null" if t == "null" else a(t)


def _got(x: Any) -> str:
    kind = json_type(x)
    if kind == "number" and isinstance(x, float) and not x.is_integer():
        return f"a number ({_show(x)})"
    return "null" if kind == "null" else a(kind)


def _show(x: Any, width: int = 40) -> str:
    """A value for a message: JSON with every non-ASCII character escaped, shortened."""
    try:
        text = json.dumps(x, ensure_ascii=True)
    except ValueError:
        text = repr(x)
    return text if len(text) <= width else text[: width - 3] + "..."


# ------------------------------------------------------------------ bounds


def bound_problems(doc: dict[str, Any]) -> Iterator[Problem]:
    """What a schema-valid document may still get wrong (see the module docstring)."""
    yield from _strings_and_numbers(doc)
    published = doc.get("published")
    if published is not None:
        try:
            date.fromisoformat(published)
        except ValueError:
            yield ("published",), f"expected a date (YYYY-MM-DD), got {_show(published)}"
    text = doc.get("text")
    seen: set[str] = set()
    for i, f in enumerate(doc.get("facts", ())):
        at: Path_ = ("facts", i)
        if f["id"] in seen:
            yield (*at, "id"), f"{_show(f['id'])} is the id of an earlier fact"
        seen.add(f["id"])
        wrong = [
            ((*at, k), f"expected {' or '.join(_type_word(t) for t in ts)}, got {_got(f[k])}")
            for k, ts in FIELD_TYPES.items()
            if k in f and not any(_is_type(f[k], t) for t in ts)
        ]
        if wrong:
            yield wrong[0]
            continue
        spans = [(at, f), ((*at, "sentence"), f["sentence"])]
        for where, span in spans:
            if span["start"] > span["end"]:
                yield (*where, "end"), f"{span['end']} is before start {span['start']}"
            elif isinstance(text, str) and span["end"] > len(text):
                yield (*where, "end"), f"{span['end']} is past the end of text ({len(text)})"
        low, value, high = f.get("low"), f.get("value"), f.get("high")
        if low is not None and value is not None and low > value:
            yield (*at, "low"), f"{_show(low)} is above value {_show(value)}"
        if high is not None and value is not None and value > high:
            yield (*at, "high"), f"{_show(high)} is below value {_show(value)}"
        if low is not None and high is not None and low > high:
            yield (*at, "high"), f"{_show(high)} is below low {_show(low)}"


def _strings_and_numbers(doc: Any) -> Iterator[Problem]:
    """Lone surrogates in strings (keys too) and numbers out of range, anywhere."""
    stack: list[tuple[Path_, Any]] = [((), doc)]
    while stack:
        at, x = stack.pop()
        if isinstance(x, str):
            bad = _surrogate(x)
            if bad is not None:
                yield at, f"lone surrogate U+{ord(x[bad]):04X} at offset {bad} (not Unicode text)"
        elif isinstance(x, (int, float)) and not isinstance(x, bool):
            if isinstance(x, float) and not math.isfinite(x):
                yield at, f"expected a finite number, got {x}"
            elif abs(x) > MAX_NUMBER:
                yield at, f"{_show(x)} is out of range (more than 2**53 from 0)"
        elif isinstance(x, dict):
            for key in x:
                bad = _surrogate(key)
                if bad is not None:
                    yield (*at, key), "field name holds a lone surrogate"
            stack.extend(((*at, k), v) for k, v in reversed(list(x.items())))
        elif isinstance(x, list):
            stack.extend(((*at, i), v) for i, v in reversed(list(enumerate(x))))


def _surrogate(s: str) -> int | None:
    m = SURROGATE.search(s)
    return m.start() if m else None
