"""Shares written as ratios: "one in five" is 20 percent, "1 in every 3" 33.33.

A ratio names a share of a group, not two counts: "one in five Americans" had data
exposed is no count of five victims. :func:`parse_ratio` gives the share in percent, so a
ratio is a figure with unit ``percent``, like "20%".

"12 *out of* 30 servers" is not read here: it states both counts (a part and its total,
see ``part_of``); "one *out of every* five" is a ratio.
"""

from __future__ import annotations

import re

from .words import HEDGES, NUMBER_WORDS

__all__ = ["RATIO_LINKS", "parse_ratio"]

#: The words between the two numbers of a ratio, lower case.
RATIO_LINKS: tuple[tuple[str, ...], ...] = (("in",), ("in", "every"), ("out", "of", "every"))

_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+|[a-z]+"
_LINKS = "|".join(r"\s+".join(link) for link in RATIO_LINKS)
_HEDGE = "|".join(re.escape(h) for h in sorted(HEDGES, key=len, reverse=True))
_RATIO = re.compile(
    rf"(?:(?P<hedge>{_HEDGE})\s+)?(?P<a>{_NUMBER})\s+(?:{_LINKS})\s+(?P<b>{_NUMBER})",
    re.IGNORECASE,
)


def _whole(text: str) -> int | None:
    word = text.lower()
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    digits = word.replace(",", "")
    return int(digits) if digits.isdecimal() and digits.isascii() else None


def parse_ratio(text: str) -> tuple[float, str | None] | None:
    """The share a ratio phrase states, in percent (two decimals), and its hedge; None if
    ``text`` is no ratio of a smaller whole number to a larger one.

    Example:
        >>> parse_ratio("one in five")
        (20.0, None)
        >>> parse_ratio("nearly 1 in every 3")
        (33.33, 'nearly')
        >>> parse_ratio("One out of every 10")
        (10.0, None)
        >>> parse_ratio("5 in 2") is None, parse_ratio("12 out of 30") is None
        (True, True)
    """
    m = _RATIO.fullmatch(" ".join(text.split()))
    if m is None:
        return None
    a, b = _whole(m["a"]), _whole(m["b"])
    if a is None or b is None or not 0 < a < b:
        return None
    hedge = m["hedge"].lower() if m["hedge"] else None
    return round(100 * a / b, 2), hedge
