"""Values read from inputs: JSON parsed in one line of error, Unicode checked, dates read.

Text that is not valid Unicode is refused, never repaired: a lone surrogate (JSON allows
``"\\ud800"``; UTF-7 and file names that are not UTF-8 produce one) in a JSONL line, a
sidecar, a page or a file name makes that input one ``ReadError`` naming the field, and the
other inputs are read as usual. No text with a lone surrogate can be written out (UTF-8
cannot encode it), so letting one through would stop the run later, at the output.

Example:
    >>> parse_published("2020-12-25")
    datetime.date(2020, 12, 25)
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from breachfacts.errors import ReadError
from breachfacts.facts import Article

from ..jsontypes import SURROGATE

#: A lone (unpaired) surrogate: valid JSON (``"\\ud800"``), but no text can be written with it.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A timestamp in JSONL or a sidecar: the date part, as written, is the publication date. The
# time must be one (hours to 23, minutes to 59, seconds to 60 for a leap second): 'T25:99'
# is no time. What follows it (fractions, a zone, 'UTC') is not read.
_ISO_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?!\d).*", re.I)
_TIME_LIMITS = (23, 59, 60)  # hour, minute, second


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


def published_field(value: Any, source: str) -> date | None:
    """A ``published`` value from JSONL or a sidecar: ISO date (or timestamp), or null."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ReadError(source, f"published date must be a string, not {type(value).__name__}")
    m = _ISO_DATETIME.fullmatch(value.strip())
    text = m.group(1) if m else value.strip()
    if m and any(
        int(v) > top for v, top in zip(m.groups()[1:], _TIME_LIMITS, strict=True) if v is not None
    ):
        raise ReadError(source, f"impossible time in published date {value.strip()!r}")
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
            found = SURROGATE.search(item)
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


def check_unicode(article: Article, source: str) -> Article:
    """The article, or a ``ReadError`` naming the field that is not valid Unicode."""
    fields = {"id": article.id, "text": article.text, "title": article.title, "meta": article.meta}
    problem = lone_surrogate(fields)
    if problem:
        raise ReadError(source, f"not valid Unicode: {problem}")
    return article


def json_value(text: str, source: str) -> Any:
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
    """``Expecting value at column 3``; json's 'Unterminated string starting at' ends in
    'at' already (not 'starting at at column 9')."""
    where = f"line {err.lineno} column {err.colno}" if err.lineno > 1 else f"column {err.colno}"
    return f"{err.msg.removesuffix(' at')} at {where}"
