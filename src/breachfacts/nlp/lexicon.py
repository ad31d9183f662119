"""Word lists of the data tables as sets, built once per table rather than once per use.

The tables (``patterns/cues.json``, ``roles.json``, ...) are loaded once per pipeline and
never changed afterwards, so the lower-cased set of one of their lists is remembered
against the table object itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

#: Bounded: a caller passing a fresh dict each time only churns the cache.
_MAX = 256
_SETS: dict[tuple[int, str], tuple[Mapping[str, Any], frozenset[str]]] = {}
_LOOKUPS: dict[int, tuple[Mapping[str, Iterable[str]], dict[str, str]]] = {}


def word_set(table: Mapping[str, Any], key: str) -> frozenset[str]:
    """The lower-cased words of ``table[key]`` (empty when absent)."""
    hit = _SETS.get((id(table), key))
    if hit is not None and hit[0] is table:
        return hit[1]
    words = frozenset(w.lower() for w in table.get(key, ()))
    if len(_SETS) >= _MAX:
        _SETS.clear()
    _SETS[(id(table), key)] = (table, words)  # holding the table keeps its id unique
    return words


def word_lookup(groups: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Lower-cased word -> its group's key, the first group winning a shared word."""
    hit = _LOOKUPS.get(id(groups))
    if hit is not None and hit[0] is groups:
        return hit[1]
    lookup: dict[str, str] = {}
    for key, words in groups.items():
        for w in words:
            lookup.setdefault(w.lower(), key)
    if len(_LOOKUPS) >= _MAX:
        _LOOKUPS.clear()
    _LOOKUPS[id(groups)] = (groups, lookup)
    return lookup
