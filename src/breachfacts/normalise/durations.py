"""Durations: ``"over 72 hours"`` -> ``Duration(72, 72, None, "hour", "over")``.

Pure functions over ``str``, standard library only. A duration is a length of time stated
with a count and a time unit: how long attackers were inside ("up to two years"), how long
a victim has to pay ("seven days"), how long a fix took ("almost six months"). It is not a
point in time: "two years ago" and "last week" are dates (:mod:`.dates`), and frequencies
("every three minutes", "daily", "each year") are neither.

The count follows :func:`.numbers.parse_quantity`, so bounds read as they do for figures:

=============================  =======  =====  =====  ======  ============
text                           value    low    high   unit    qualifier
=============================  =======  =====  =====  ======  ============
``seven days``                 7        7      7      day     None
``over 72 hours``              72       72     None   hour    over
``up to two years``            2        None   2      year    up to
``less than a year``           1        None   1      year    less than
``within a few days``          None     None   9      day     within
``several months``             None     3      9      month   None
``two to three weeks``         None     2      3      week    None
``a year and a half``          1.5      1.5    1.5    year    None
``a 60-minute`` (timer)        60       60     60     minute  None
``the past 48 hours``          48       48     48     hour    None
=============================  =======  =====  =====  ======  ============

"within" is an upper bound ("within a few days" is at most nine days). A window ending at
publication ("the past 48 hours", "the last two years") is a duration; the words that place
it ("the past", "the last", "the previous", "the first", "the next") are accepted and
dropped. Prepositions ("for", "after") and anchors ("later", "before") are not part of a
duration's text and are rejected, so callers find the span without them; "ago" makes a date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import parse_quantity
from .words import HEDGES, NUMBER_WORDS, SCALE_WORDS, VAGUE_COUNTS, VAGUE_PLURALS

__all__ = ["Duration", "UNITS", "parse_duration"]

#: Time unit words (singular, plural, abbreviations) -> the unit name.
UNITS: dict[str, str] = {
    **dict.fromkeys(("second", "seconds", "sec", "secs"), "second"),
    **dict.fromkeys(("minute", "minutes", "min", "mins"), "minute"),
    **dict.fromkeys(("hour", "hours", "hr", "hrs"), "hour"),
    **dict.fromkeys(("day", "days"), "day"),
    **dict.fromkeys(("week", "weeks"), "week"),
    **dict.fromkeys(("month", "months"), "month"),
    **dict.fromkeys(("year", "years", "yr", "yrs"), "year"),
    **dict.fromkeys(("decade", "decades"), "decade"),
}

#: Words that place a window without changing its length: "the past 48 hours".
_WINDOW = re.compile(r"^(?:the )?(?:past|last|previous|first|next|coming|preceding|initial) ")
#: Every word a count may be made of; anything else ("2016 tax year", "one last year")
#: means the words before the unit are not a count.
_COUNT_WORDS = frozenset(
    {w for phrase in (*HEDGES, *VAGUE_COUNTS) for w in phrase.split()}
    | set(NUMBER_WORDS)
    | set(SCALE_WORDS)
    | set(VAGUE_PLURALS)
    | {"a", "an", "to", "and", "or", "of", "-", "single", "couple"}
)
_NUMERAL = re.compile(r"^\d[\d.,]*(?:-\d[\d.,]*)?$")
#: "a", "an", "a single", "one single": one unit.
_ONE = re.compile(r"(?:^|(?<= ))(?:a|an|one)(?: single)?$|(?:^|(?<= ))single$")
_SPACES = re.compile(r"\s+")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")


@dataclass(frozen=True)
class Duration:
    """A length of time: ``value`` (None for vague counts and ranges), inclusive ``low`` and
    ``high`` (None = unbounded on that side), the ``unit`` and the hedge ``qualifier``."""

    value: float | None
    low: float | None
    high: float | None
    unit: str
    qualifier: str | None = None


def parse_duration(text: str) -> Duration | None:
    """The duration ``text`` states, or None when it is not a duration.

    Examples:
        >>> parse_duration("seven days")
        Duration(value=7, low=7, high=7, unit='day', qualifier=None)
        >>> parse_duration("within a few days")
        Duration(value=None, low=None, high=9, unit='day', qualifier='within')
        >>> parse_duration("two years ago") is None, parse_duration("every day") is None
        (True, True)
    """
    s = _SPACES.sub(" ", text.translate(_DASHES).replace("\u00a0", " ")).strip().lower()
    s = re.sub(r"(?<=[\d a-z])-(?=[a-z])", " ", s)  # "60-minute", "two-year"
    s = s.rstrip(".,;:!?")
    half = 0.0
    for tail in (" and a half", " and an half"):
        if s.endswith(tail):  # "a year and a half"
            half, s = 0.5, s[: -len(tail)]
    words = s.split(" ")
    unit = UNITS.get(words[-1])
    if unit is None:
        return None
    if len(words) == 1:
        # a bare plural ("for days after the leak", "weeks before"): at least two
        return Duration(None, 2, None, unit) if words[0] == unit + "s" and not half else None
    count = " ".join(words[:-1])
    within = False
    if count.startswith("within "):
        within, count = True, count[len("within ") :]
    if _WINDOW.match(count):
        count = _WINDOW.sub("", count, count=1)
    if count.startswith("couple"):
        count = "a " + count  # "the last couple of months"
    for tail in (" and a half", " and an half"):
        if count.endswith(tail):  # "two and a half years"
            half, count = half + 0.5, count[: -len(tail)]
    if count in ("half a", "half an"):  # "half an hour"
        return Duration(0.5, 0.5, 0.5, unit)
    if count.startswith(("a ", "an ")) and _count(count) is None:
        count = count.split(" ", 1)[1]  # "a 60-minute timer", "a two-year investigation"
    q = _count(count)
    if q is None:
        return None
    value, low, high, qualifier = q
    if half:
        value = value + half if value is not None else None
        low = low + half if low is not None else None
        high = high + half if high is not None else None
    if within:
        low, qualifier = None, "within"
        if high is None:
            high = value
        if high is None:
            return None
    return Duration(value, low, high, unit, qualifier)


def _count(count: str) -> tuple[float | None, float | None, float | None, str | None] | None:
    """(value, low, high, qualifier) of the count before the unit, or None."""
    if not count or not all(w in _COUNT_WORDS or _NUMERAL.match(w) for w in count.split()):
        return None
    hedge = ""
    one = _ONE.search(count)
    if one is not None:
        hedge = count[: one.start()].strip()
        count = f"{hedge} 1".strip()
    q = parse_quantity(count)
    if q is None:
        return None
    if one is not None and hedge and q.qualifier is None:
        return None  # "every a" and the like: only a hedge may stand before "a"
    return q.value, q.low, q.high, q.qualifier
