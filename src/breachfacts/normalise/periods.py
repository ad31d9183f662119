"""ISO periods: the value a date resolves to, the calendar arithmetic that builds it, and the
days it covers.

:mod:`.dates` reads a date phrase into a :class:`DateValue`; the store compares two dates
through :func:`date_interval`, and the timeline plot draws them with it. Standard library
only.

Example:
    >>> month_value(2019, 6, relative=True)
    DateValue(date='2019-06', granularity='month', relative=True)
    >>> lo, hi = date_interval("2019-06")
    >>> dt.date.fromordinal(int(lo)), dt.date.fromordinal(int(hi))
    (datetime.date(2019, 6, 1), datetime.date(2019, 6, 30))
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

__all__ = [
    "MONTHS",
    "UNRESOLVED",
    "WEEKDAYS",
    "DateValue",
    "add_months",
    "date_interval",
    "day_value",
    "day_without_year",
    "decade_value",
    "make_date",
    "month_value",
    "week_value",
    "weekday_years",
    "year_value",
]

_MONTH_NAMES = (
    "january february march april may june july august september october november december"
).split()

#: Month names and abbreviations, lower case, with and without the trailing dot.
MONTHS: dict[str, int] = {}
for _i, _name in enumerate(_MONTH_NAMES, 1):
    MONTHS[_name] = _i
    MONTHS[_name[:3]] = _i
    MONTHS[_name[:3] + "."] = _i
for _abbr, _i in (("sept", 9), ("sep", 9), ("june", 6), ("july", 7)):
    MONTHS[_abbr] = _i
    MONTHS[_abbr + "."] = _i

_WEEKDAY_NAMES = "monday tuesday wednesday thursday friday saturday sunday".split()

#: Weekday names and abbreviations, lower case, to :meth:`datetime.date.weekday` (Monday 0).
WEEKDAYS: dict[str, int] = {}
for _i, _name in enumerate(_WEEKDAY_NAMES):
    WEEKDAYS[_name] = _i
    WEEKDAYS[_name[:3]] = _i
    WEEKDAYS[_name[:3] + "."] = _i
for _abbr, _i in (("tues", 1), ("weds", 2), ("thur", 3), ("thurs", 3)):
    WEEKDAYS[_abbr] = _i
    WEEKDAYS[_abbr + "."] = _i


@dataclass(frozen=True)
class DateValue:
    """A resolved date.

    Attributes:
        date: ISO 8601 at the granularity ("2020-12-24", "2020-W52", "2019-06", "2019-Q3",
            "2019", "2010s"), or None when the text names a date that cannot be resolved.
        granularity: "day", "week", "month", "quarter", "year", "decade", or None.
        relative: True when the text needed the publication date to resolve.
    """

    date: str | None
    granularity: str | None
    relative: bool


UNRESOLVED = DateValue(None, None, True)


def weekday_years(month: int, day: int, weekday: int, pub: dt.date) -> list[dt.date]:
    """Dates month/day within a year of ``pub`` that fall on ``weekday``, nearest first."""
    out = []
    for year in (pub.year - 1, pub.year, pub.year + 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if d.weekday() == weekday and abs((d - pub).days) <= 366:
            out.append(d)
    return sorted(out, key=lambda d: abs((d - pub).days))


def day_without_year(month: int, day: int, pub: dt.date, past: bool) -> dt.date:
    """The nearest valid (year, month, day) on or before / after ``pub``."""
    step = -1 if past else 1
    year = pub.year
    for _ in range(9):  # Feb 29 recurs within 8 years
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            year += step
            continue
        if (candidate <= pub) if past else (candidate >= pub):
            return candidate
        year += step
    raise ValueError(f"no {month}/{day} near {pub}")


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + month - 1 + n
    return k // 12, k % 12 + 1


def make_date(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)  # ValueError on a bad date, caught by resolve_date


def day_value(d: dt.date, relative: bool) -> DateValue:
    return DateValue(d.isoformat(), "day", relative)


def week_value(d: dt.date, relative: bool) -> DateValue:
    year, week, _ = d.isocalendar()
    return DateValue(f"{year}-W{week:02d}", "week", relative)


def month_value(year: int, month: int, relative: bool) -> DateValue:
    dt.date(year, month, 1)  # range check
    return DateValue(f"{year:04d}-{month:02d}", "month", relative)


def quarter_value(year: int, quarter: int, relative: bool) -> DateValue:
    """A quarter of a year the calendar has (1-9999: ``10000-Q1`` is not a date)."""
    dt.date(year, quarter * 3, 1)  # range check
    return DateValue(f"{year:04d}-Q{quarter}", "quarter", relative)


def year_value(year: int, relative: bool) -> DateValue:
    dt.date(year, 1, 1)  # range check
    return DateValue(f"{year:04d}", "year", relative)


def decade_value(year: int, relative: bool) -> DateValue:
    dt.date(year, 1, 1)  # range check
    return DateValue(f"{year // 10 * 10:04d}s", "decade", relative)


@functools.lru_cache(maxsize=8_192)  # the store compares the same stored dates again and again
def date_interval(iso: str | None) -> tuple[float | None, float | None]:
    """The days (as proleptic ordinals) an ISO date covers at its granularity.

    Accepts day ``2020-12-24``, week ``2020-W03``, month ``2019-06``, quarter ``2020-Q1``,
    year ``2020`` and decade ``2010s`` or ``201``. Anything else is ``(None, None)``.

    Example:
        >>> lo, hi = date_interval("2019-06")
        >>> dt.date.fromordinal(int(lo)), dt.date.fromordinal(int(hi))
        (datetime.date(2019, 6, 1), datetime.date(2019, 6, 30))
    """
    if not iso:
        return (None, None)
    s = iso.strip()
    try:
        first, last = _date_bounds(s)
    except ValueError:
        return (None, None)
    return (float(first.toordinal()), float(last.toordinal()))


def _date_bounds(s: str) -> tuple[dt.date, dt.date]:
    if len(s) == 10 and s[4] == "-" and s[7] == "-":
        d = dt.date.fromisoformat(s)
        return d, d
    if len(s) == 8 and s[4:6] in ("-W", "-w"):
        y, w = int(s[:4]), int(s[6:])
        return dt.date.fromisocalendar(y, w, 1), dt.date.fromisocalendar(y, w, 7)
    if len(s) == 7 and s[4:6] in ("-Q", "-q"):
        y, q = int(s[:4]), int(s[6])
        if not 1 <= q <= 4:
            raise ValueError(s)
        first = dt.date(y, 3 * q - 2, 1)
        return first, _month_end(y, 3 * q)
    if len(s) == 7 and s[4] == "-":
        y, m = int(s[:4]), int(s[5:])
        return dt.date(y, m, 1), _month_end(y, m)
    if len(s) == 4 and s.isdigit():
        y = int(s)
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    if len(s) == 5 and s.endswith("s") and s[:4].isdigit():
        y = int(s[:4]) // 10 * 10
        return dt.date(y, 1, 1), dt.date(y + 9, 12, 31)
    if len(s) == 3 and s.isdigit():
        y = int(s) * 10
        return dt.date(y, 1, 1), dt.date(y + 9, 12, 31)
    raise ValueError(s)


def _month_end(y: int, m: int) -> dt.date:
    nxt = dt.date(y + 1, 1, 1) if m == 12 else dt.date(y, m + 1, 1)
    return nxt - dt.timedelta(days=1)
