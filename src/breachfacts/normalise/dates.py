"""Dates: ``("last July", date(2020, 1, 21))`` -> ``DateValue("2019-07", "month", True)``.

Pure functions over ``str``, standard library only. The input is the text of a spaCy DATE
entity; the output names the period it refers to as ISO 8601 at its own granularity:

==========  ===============  ==========================================================
granularity ``date``         examples
==========  ===============  ==========================================================
day         ``2020-12-24``   "Dec. 24", "January 21, 2020", "21 January 2020", "yesterday"
week        ``2020-W03``     "last week", "this week", "two weeks ago", "the weekend"
month       ``2019-06``      "June 2019", "June last year", "last July", "last month"
quarter     ``2019-Q3``      "Q3 2019", "the third quarter of 2019"
year        ``2019``         "2019", "last year", "mid-2018", "the first half of 2019"
decade      ``2010s``        "the 2010s", "the '90s"
None        ``None``         "recently", "in recent years", "the following month"
==========  ===============  ==========================================================

``relative`` is True whenever the wording needed the publication date, including a month or
a day written without a year. Without a publication date such texts give
``DateValue(None, None, True)``: never guessed.

Deliberate choices:

* Leading prepositions and articles are dropped ("since last July", "on Tuesday", "as of
  2019"), and so are modifiers that narrow a period without naming a finer one: "early",
  "mid-", "late", "earlier", "later", "the end of", "the first half of". "mid-2018" is the
  year 2018 and "late December 2019" the month 2019-12; there is no half-year
  granularity. A week is named, though: "the last week of June 2019" is 2019-W26
  (:mod:`.date_forms`).
* A month or day without a year (and a bare weekday or quarter) takes its most recent
  occurrence *on or before* ``published`` when ``past=True`` (published 2020-12-25: "Dec. 24"
  is 2020-12-24, "Dec. 26" is 2019-12-26, "December" is 2020-12), and its first occurrence on
  or after ``published`` when ``past=False``. Explicit words ("next week", "tomorrow") are
  followed whatever ``past`` says.
* "last <month>" is the most recent such month strictly before the publication month:
  published 2020-01-21, "last July" is 2019-07; published 2020-08-03, it is 2020-07; published
  in July 2020 it is 2019-07. "this <month>" is the month in the publication year.
* A bare weekday ("Tuesday", "on Tuesday") is the most recent such day on or before
  ``published``, so wire copy dated Tuesday saying "on Tuesday" means that day. "last
  Tuesday" is strictly before: published on a Tuesday it is a week earlier.
* "last week" / "this week" / "N weeks ago" are ISO weeks (``2020-W03``). "the weekend" /
  "last weekend" is the ISO week holding the most recent Saturday strictly before
  ``published``.
* Durations are not points in time: "three days", "five years", "24 hours", "5 minutes",
  and frequencies ("24/7", "annual", "daily") give ``None``. Windows that end at the
  publication date ("the past few months", "the last two years", "the past year") and
  anaphora ("the following month", "that day", "two days later") give
  ``DateValue(None, None, True)``: a date is stated but cannot be named.
* A range or list ("2018 and 2019", "June to August 2019", "Dec. 22-24") gives its *first*
  member; a year written only on the last member is shared ("June to August 2019" is
  2019-06). "2018-19" is 2018, but "2011-12" is ISO for December 2011.
* Numeric dates are read only when unambiguous: ISO (``2020-01-21``, ``2020/01/21``), or
  D/M/Y and M/D/Y when one part exceeds 12 or both are equal. ``03/04/2020`` gives just the
  year 2020; two-digit years give ``None``.
"""

from __future__ import annotations

import datetime as dt
import re

from .date_forms import (
    expand_short_quarter,
    expand_short_year,
    expand_year_words,
    unhyphen_month,
    week_of,
)
from .date_words import (
    ARTICLE_VAGUE_RE,
    ARTICLES,
    BARE_UNIT_RE,
    COUNT_WORDS,
    DASHES,
    LEADING_RE,
    MODIFIER_RE,
    MONTH_ALT,
    ORDINAL,
    QUARTER_ORDINALS,
    QUOTES,
    SEASON_RE,
    TIME_OF_DAY_RE,
    VAGUE_COUNT,
    VAGUE_RE,
    WEEKDAY_ALT,
    WHICH,
)
from .periods import (
    MONTHS,
    UNRESOLVED,
    WEEKDAYS,
    DateValue,
    add_months,
    day_value,
    day_without_year,
    decade_value,
    make_date,
    month_value,
    quarter_value,
    week_value,
    weekday_years,
    year_value,
)

__all__ = ["DateValue", "resolve_date"]


_YEARS = range(1000, 3000)  # four-digit numbers read as years
_MAX_COUNT = 5000  # "N units ago" beyond this is not a date we can name


# --------------------------------------------------------------------------------------
# Public API


def resolve_date(text: str, published: dt.date | None, *, past: bool = True) -> DateValue | None:
    """Resolve a date expression against the publication date.

    Args:
        text: the date as written, e.g. the text of a spaCy DATE entity.
        published: the publication date, needed by relative expressions.
        past: resolve a month, day, weekday or quarter without a year to its most recent
            occurrence on or before ``published`` (True) or its next one on or after it.

    Returns:
        The resolved :class:`DateValue`, ``DateValue(None, None, True)`` for a date that
        cannot be named, or None when the text is not a point in time at all.

    Example:
        >>> resolve_date("Dec. 24", dt.date(2020, 12, 25))
        DateValue(date='2020-12-24', granularity='day', relative=True)
        >>> resolve_date("since last July", dt.date(2020, 1, 21))
        DateValue(date='2019-07', granularity='month', relative=True)
        >>> resolve_date("the third quarter of 2019", None)
        DateValue(date='2019-Q3', granularity='quarter', relative=False)
        >>> resolve_date("last week", None)
        DateValue(date=None, granularity=None, relative=True)
        >>> resolve_date("three days", dt.date(2020, 1, 21)) is None
        True
    """
    if isinstance(published, dt.datetime):
        published = published.date()
    s = unhyphen_month(expand_year_words(_normalise(text)))  # "two thousand and fifteen" -> "2015"
    s = expand_short_quarter(expand_short_year(s, published), published)
    if not s or len(s) > 80:
        return None
    if week := week_of(s):  # "the last week of 2016"
        return week_value(week, False)
    try:
        return _parse(s, published, past)
    except (ValueError, OverflowError):
        # calendar arithmetic left years 1..9999: not a date that can be named
        return None


# --------------------------------------------------------------------------------------
# Parsing


def _normalise(text: str) -> str:
    """Lower case, one space between words, no commas, dots or ordinal suffixes."""
    s = text.lower().translate(DASHES).translate(QUOTES)
    s = s.replace(",", " ")
    s = re.sub(r"\b([1-4])(?:st|nd|rd|th) (?:quarter|qtr)\b", r"q\1", s)  # "2nd quarter"
    s = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", s)
    s = re.sub(r"\b([a-z]+)\.", r"\1 ", s)
    s = re.sub(r"\bmid-(?=\S)", "mid ", s)
    s = re.sub(r"\s+", " ", s)
    return s.strip(" \"'()[]{}.;:!?")


def _strip(s: str) -> tuple[str, bool]:
    """Drop leading prepositions, articles and modifiers; say if an article came last."""
    had_article = False
    while True:
        m = LEADING_RE.match(s)
        if m:
            had_article = m.group(1) in ARTICLES
            s = s[m.end() :]
            continue
        m = MODIFIER_RE.match(s) or SEASON_RE.match(s)
        if m and s[m.end() :]:
            had_article = False
            s = s[m.end() :]
            unit = LEADING_RE.sub("", s)
            if BARE_UNIT_RE.match(unit):
                return f"that {unit}", False  # "the end of the year": anaphoric
            continue
        t = TIME_OF_DAY_RE.sub("", s)
        if t != s and t not in ("this", "last"):
            s = t
            continue
        return s, had_article


def _parse(s: str, pub: dt.date | None, past: bool) -> DateValue | None:
    s, had_article = _strip(s)
    if not s:
        return None
    if VAGUE_RE.match(s) or (had_article and ARTICLE_VAGUE_RE.match(s)):
        return UNRESOLVED
    value = _atom(s, pub, past)
    if value is not None:
        return value
    return _range(s, pub, past)


def _range(s: str, pub: dt.date | None, past: bool) -> DateValue | None:
    """The first member of "A and B", "A to B", "A-B"; B may lend A its year."""
    m = re.fullmatch(r"(\d{4})-(\d{2}|\d{4})", s)
    if m and int(m.group(1)) in _YEARS:
        return DateValue(m.group(1), "year", False)
    m = re.fullmatch(r"(.*?\b\d{1,2})-\d{1,2}\b(.*)", s)  # "dec 22-24 2020"
    if m:
        return _parse(m.group(1) + m.group(2), pub, past)
    s = re.sub(r"(?<=[a-z])-(?=[a-z])", " - ", s)
    m = re.fullmatch(r"(.+?) (?:and|to|through|thru|until|till|-|and/or|&) (.+)", s)
    if not m:
        return None
    left, right = m.groups()
    if not re.search(r"\b\d{4}\b", left):
        tail = re.search(r"(?: |^)(\d{4}|last year|this year|next year)$", right)
        if tail:
            value = _parse(f"{left} {tail.group(1)}", pub, past)
            if value is not None:
                return value
    return _parse(left, pub, past)


def _atom(s: str, pub: dt.date | None, past: bool) -> DateValue | None:
    """One date expression with nothing around it."""
    for parse in (_iso, _numeric, _year_or_decade, _quarter, _today, _period, _ago, _month):
        value = parse(s, pub, past)
        if value is not None:
            return value
    return _weekday(s, pub, past)


def _iso(s: str, pub: dt.date | None, past: bool) -> DateValue | None:
    m = re.fullmatch(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:t[\d:.]*z?)?", s)
    if m:
        return day_value(make_date(*map(int, m.groups())), False)
    m = re.fullmatch(r"(\d{4})-?w(\d{1,2})", s)
    if m:
        return week_value(dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1), False)
    m = re.fullmatch(r"(\d{4})-(\d{2})", s)
    if m and 1 <= int(m.group(2)) <= 12:
        return month_value(int(m.group(1)), int(m.group(2)), False)
    m = re.fullmatch(r"(\d{4})[- ]?q([1-4])", s)
    if m:
        return quarter_value(int(m.group(1)), int(m.group(2)), False)
    return None


def _numeric(s: str, pub: dt.date | None, past: bool) -> DateValue | None:
    """D/M/Y or M/D/Y, only when the reading is unambiguous."""
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", s)
    if not m:
        return None
    a, b, year = map(int, m.groups())
    if a > 12 >= b or a == b:
        return day_value(make_date(year, b, a), False)
    if b > 12 >= a:
        return day_value(make_date(year, a, b), False)
    if a <= 12 and b <= 12:
        return DateValue(str(year), "year", False)
    return None


def _year_or_decade(s: str, pub: dt.date | None, past: bool) -> DateValue | None:
    m = re.fullmatch(r"(?:year )?(\d{4})", s)
    if m and int(m.group(1)) in _YEARS:
        return DateValue(m.group(1), "year", False)
    m = re.fullmatch(r"(\d{3})0s", s)
    if m and int(m.group(1) + "0") in _YEARS:
        return DateValue(f"{m.group(1)}0s", "decade", False)
    m = re.fullmatch(r"'?(\d)0s", s)
    if m and m.group(1) != "2":  # the '20s: 1920s or 2020s?
        century = "19" if m.group(1) >= "3" else "20"
        return DateValue(f"{century}{m.group(1)}0s", "decade", False)
    m = re.fullmatch(r"(this|last|next) (year|decade)", s)
    if m:
        if pub is None:
            return UNRESOLVED
        year = pub.year + {"this": 0, "last": -1, "next": 1}[m.group(1)] * (
            1 if m.group(2) == "year" else 10
        )
        return year_value(year, True) if m.group(2) == "year" else decade_value(year, True)
    return None


def _quarter(s: str, pub: dt.date | None, past: bool) -> DateValue | None:
    m = (
        re.fullmatch(r"q([1-4])(?: of)?(?: (.+))?", s)
        or re.fullmatch(r"([1-4])q(?: of)?(?: (.+))?", s)
        or re.fullmatch(rf"({ORDINAL}) (?:quarter|qtr)(?: of)?(?: (.+))?", s)
    )
    if m:
        q = int(m.group(1)) if m.group(1).isdigit() else QUARTER_ORDINALS[m.group(1)]
        if m.group(2) is not None:
            year = _year_expr(m.group(2), pub)
            if year is None:
                return None
            if year is UNRESOLVED:
                return UNRESOLVED
            return quarter_value(year[0], q, year[1])
        if pub is None:
            return UNRESOLVED
        pq = (pub.month - 1) // 3 + 1
        year = pub.year - (q > pq) if past else pub.year + (q < pq)
        return quarter_value(year, q, True)
    m = re.fullmatch(r"(last|this|next) quarter", s)
    if m:
        if pub is None:
            return UNRESOLVED
        n = pub.year * 4 + (pub.month - 1) // 3 + {"last": -1, "this": 0, "next": 1}[m.group(1)]
        return quarter_value(n // 4, n % 4 + 1, True)
    return None


def _today(s: str, pub: dt.date | None, past: bool) -> DateValue | None:
    offsets = {
        "today": 0,
        "tonight": 0,
        "this morning": 0,
        "this afternoon": 0,
        "this evening": 0,
        "yesterday": -1,
        "last night": -1,
        "day before yesterday": -2,
        "tomorrow": 1,
        "day after tomorrow": 2,
    }
    if s not in offsets:
        return None
    if pub is None:
        return UNRESOLVED
    return day_value(pub + dt.timedelta(days=offsets[s]), True)


def _period(s: str, pub: dt.date | None, past: bool) -> DateValue | None:
    """This/last/next week or month; the weekend."""
    m = re.fullmatch(r"(?:(last|this|next|past|this past) )?(week|month|weekend)", s)
    if not m or (m.group(1) is None and m.group(2) != "weekend"):
        return None
    if pub is None:
        return UNRESOLVED
    which, unit = m.group(1) or "last", m.group(2)
    step = {"last": -1, "past": -1, "this past": -1, "this": 0, "next": 1}[which]
    if unit == "month":
        return month_value(*add_months(pub.year, pub.month, step), True)
    if unit == "week":
        return week_value(pub + dt.timedelta(weeks=step), True)
    saturday = pub - dt.timedelta(days=(pub.weekday() - 5) % 7 or 7)
    if step == 0:
        return week_value(pub, True)
    return week_value(saturday + dt.timedelta(weeks=1 if step > 0 else 0), True)


def _ago(s: str, pub: dt.date | None, past: bool) -> DateValue | None:
    m = re.fullmatch(r"(?:(.+?) )?(day|week|month|year|decade)(s?) ago", s)
    if not m:
        return None
    if m.group(1) is None:  # "a year ago" lost its article; "years ago" is vague
        return UNRESOLVED if m.group(3) else _ago(f"a {s}", pub, past)
    n = _count(m.group(1))
    if n is None:
        return UNRESOLVED if re.fullmatch(VAGUE_COUNT, m.group(1) or "") else None
    if n > _MAX_COUNT:
        return None
    if pub is None:
        return UNRESOLVED
    unit = m.group(2)
    if unit == "day":
        return day_value(pub - dt.timedelta(days=n), True)
    if unit == "week":
        return week_value(pub - dt.timedelta(weeks=n), True)
    if unit == "month":
        return month_value(*add_months(pub.year, pub.month, -n), True)
    if unit == "year":
        return year_value(pub.year - n, True)
    return decade_value(pub.year - 10 * n, True)


def _month(s: str, pub: dt.date | None, past: bool) -> DateValue | None:
    """Forms with a month name: "june 2019", "dec 24", "21 january 2020", "last july"."""
    m = re.fullmatch(rf"{WEEKDAY_ALT} (.+)", s)
    weekday: int | None = None
    if m and re.match(rf"{MONTH_ALT}\b|\d", m.group(2)):
        s, weekday = m.group(2), WEEKDAYS[m.group(1)]  # "tuesday jan 21 2020"
    m = re.fullmatch(rf"{MONTH_ALT} (\d{{1,2}})(?: (.+))?", s) or re.fullmatch(
        rf"(\d{{1,2}}) (?:of )?{MONTH_ALT}(?: (.+))?", s
    )
    if m:
        first, second, tail = m.groups()
        month, day = (
            (MONTHS[first], int(second)) if first in MONTHS else (MONTHS[second], int(first))
        )
        if tail is not None:
            year = _year_expr(tail, pub)
            if year is None or year is UNRESOLVED:
                return year
            return day_value(make_date(year[0], month, day), year[1])
        if not 1 <= day <= 31:
            return None
        if pub is None:
            return UNRESOLVED
        if weekday is not None:  # "Monday, October 1": the year in which it is a Monday
            fits = weekday_years(month, day, weekday, pub)
            if fits:
                return day_value(fits[0], True)
        return day_value(day_without_year(month, day, pub, past), True)
    m = re.fullmatch(rf"{MONTH_ALT}(?: of)? (.+)", s)
    if m:
        year = _year_expr(m.group(2), pub)
        if year is None or year is UNRESOLVED:
            return year
        return month_value(year[0], MONTHS[m.group(1)], year[1])
    m = re.fullmatch(rf"(?:{WHICH} )?{MONTH_ALT}", s)
    if m:
        if pub is None:
            return UNRESOLVED
        month, which = MONTHS[m.group(2)], m.group(1)
        if which == "this":
            year = pub.year
        elif which in ("last", "past", "this past"):
            year = pub.year - (month >= pub.month)
        elif which == "next":
            year = pub.year + (month <= pub.month)
        elif past:
            year = pub.year - (month > pub.month)
        else:
            year = pub.year + (month < pub.month)
        return month_value(year, month, True)
    return None


def _weekday(s: str, pub: dt.date | None, past: bool) -> DateValue | None:
    m = re.fullmatch(rf"(?:{WHICH} )?{WEEKDAY_ALT}", s)
    if m:
        if pub is None:
            return UNRESOLVED
        which, wd = m.group(1), WEEKDAYS[m.group(2)]
        back, ahead = (pub.weekday() - wd) % 7, (wd - pub.weekday()) % 7
        if which in ("last", "past", "this past"):
            return day_value(pub - dt.timedelta(days=back or 7), True)
        if which == "next":
            return day_value(pub + dt.timedelta(days=ahead or 7), True)
        if past:
            return day_value(pub - dt.timedelta(days=back), True)
        return day_value(pub + dt.timedelta(days=ahead), True)
    m = re.fullmatch(rf"{WEEKDAY_ALT} (last|this|next) week", s)
    if m:
        if pub is None:
            return UNRESOLVED
        step = {"last": -1, "this": 0, "next": 1}[m.group(2)]
        monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=step)
        return day_value(monday + dt.timedelta(days=WEEKDAYS[m.group(1)]), True)
    return None


# --------------------------------------------------------------------------------------
# Helpers


def _year_expr(s: str, pub: dt.date | None) -> tuple[int, bool] | DateValue | None:
    """(year, relative) for "2019" / "last year"; UNRESOLVED without ``pub``; else None."""
    s = s.removeprefix("of ").removeprefix("in ").removeprefix("the ")
    if re.fullmatch(r"\d{4}", s) and int(s) in _YEARS:
        return int(s), False
    m = re.fullmatch(r"(this|last|next) year", s)
    if not m:
        return None
    if pub is None:
        return UNRESOLVED
    return pub.year + {"this": 0, "last": -1, "next": 1}[m.group(1)], True


def _count(s: str) -> int | None:
    """A small cardinal: "3", "two", "a", "twenty-one"."""
    if s.isdigit():
        return int(s)
    parts = re.split(r"[- ]", s)
    if all(p in COUNT_WORDS for p in parts) and len(parts) <= 2:
        return sum(COUNT_WORDS[p] for p in parts)
    return None
