"""JSON values in one-line error messages: their type names, and the lone surrogate (valid JSON,
never Unicode text) that ingest and the store both refuse.

Example:
    >>> json_type([1]), json_type({}), json_type(True), json_type(2.5), json_type(None)
    ('array', 'object', 'boolean', 'number', 'null')
    >>> a(json_type({}))
    'an object'
"""

from __future__ import annotations

import re
from typing import Any

#: A lone surrogate: valid in JSON (``"\\ud800"``) and in a Python str, never Unicode text.
SURROGATE = re.compile("[\ud800-\udfff]")


def json_type(value: Any) -> str:
    """``object``, ``array``, ``string``, ``number``, ``boolean`` or ``null``."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"


def a(word: str) -> str:
    """``word`` with its indefinite article: "an array", "a string"."""
    return ("an " if word[:1] in "aeiou" else "a ") + word
