"""Date forms the main parser (:mod:`.dates`) does not read itself.

- Two-digit years after a month: "April of '87", "April 87", "Sept. '08" -> the full year,
  the one of the century that does not lie after publication ("'19" read in 2020 is 2019,
  "'87" is 1987).
- Short quarters: "Q1'22", "3Q19" -> the quarter of the full year.
- A week of a year or a month: "the last week of 2016" -> 2016-W52 (the ISO week holding
  most of December 25 to 31), "the first week of 2017" -> 2017-W01.
- Years in words: "nineteen ninety-nine", "twenty sixteen", "nineteen oh five", "two
  thousand and fifteen", "nineteen hundred" -> the year in digits (1900 to 2099). The
  pairs ("twenty sixteen") are years wherever they stand; the forms with "hundred" or
  "thousand" are also counts, and only a date entity or a year's context makes them years.

Pure functions over normalised text (lower case, single spaces: :func:`.dates.resolve_date`
normalises first).
"""

from __future__ import annotations

import datetime as dt
import re

from .words import NUMBER_WORDS

_MONTHS = (
    "jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|"
    "sep|sept|september|oct|october|nov|november|dec|december"
)
#: "april of '87", "sept '08", "april 87": an apostrophe, "of" or a number no day has
#: ("may 13" is a day).
_SHORT_YEAR = re.compile(
    rf"\b(?P<month>{_MONTHS})(?: of '?| ')(?P<yy>\d{{2}})$"
    rf"|\b(?P<month2>{_MONTHS}) (?P<yy2>3[2-9]|[4-9]\d)$"
)

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1, "final": -1}
_WEEK_OF = re.compile(
    rf"^(?:the )?(?P<nth>{'|'.join(_ORDINALS)}) week (?:of|in) "
    rf"(?:(?P<month>{_MONTHS}) )?(?P<year>\d{{4}})$"
)
_MONTH_NUMBER = {
    name: i
    for i, names in enumerate(
        ["jan january", "feb february", "mar march", "apr april", "may", "jun june",
         "jul july", "aug august", "sep sept september", "oct october", "nov november",
         "dec december"],
        start=1,
    )
    for name in names.split()
}  # fmt: skip


def full_year(yy: int, published: dt.date | None) -> int:
    """The year a two-digit ``yy`` names: the latest one not after publication.

    Example:
        >>> full_year(87, dt.date(2020, 3, 1)), full_year(19, dt.date(2020, 3, 1))
        (1987, 2019)
        >>> full_year(20, None), full_year(60, None)
        (2020, 1960)
    """
    now = published.year if published else 2049
    year = now - now % 100 + yy
    return year - 100 if year > now else year


def expand_short_year(s: str, published: dt.date | None) -> str:
    """``s`` with a two-digit year after a month written in full: "april of '87" ->
    "april 1987"; anything else unchanged."""
    m = _SHORT_YEAR.search(s)
    if m is None:
        return s
    month, yy = m.group("month") or m.group("month2"), m.group("yy") or m.group("yy2")
    return s[: m.start()] + f"{month} {full_year(int(yy), published)}"


#: A month word joined to its day and year by hyphens, as logs, forms and some outlets write
#: dates: "08-jul-2019", "sep-2018" (lower case: the text is normalised first).
_HYPHENED = re.compile(r"^(?:(?P<day>\d{1,2})-)?(?P<month>[a-z]{3,9})\.?-(?P<year>(?:19|20)\d\d)$")


def unhyphen_month(s: str) -> str:
    """``s`` with the hyphens of a hyphened date as spaces: "08-jul-2019" -> "08 jul 2019",
    "sep-2018" -> "sep 2018"; anything else unchanged (the month word is checked later,
    by the parser).

    Example:
        >>> unhyphen_month("08-jul-2019"), unhyphen_month("sep-2018"), unhyphen_month("covid-19")
        ('08 jul 2019', 'sep 2018', 'covid-19')
    """
    m = _HYPHENED.match(s)
    if m is None:
        return s
    day = f"{m.group('day')} " if m.group("day") else ""
    return f"{day}{m.group('month')} {m.group('year')}"


#: Quarters in the short forms of finance news: "q1'22", "3q19", "q4 of 2018".
_SHORT_QUARTER = re.compile(r"^(?:q(?P<q>[1-4])'?(?P<yy>\d{2})|(?P<q2>[1-4])q(?P<yy2>\d{2}))$")


def expand_short_quarter(s: str, published: dt.date | None) -> str:
    """``s`` with a short quarter written out: "q1'22" -> "q1 2022", "3q19" -> "q3 2019".

    Example:
        >>> expand_short_quarter("3q19", None), expand_short_quarter("q1'22", None)
        ('q3 2019', 'q1 2022')
    """
    m = _SHORT_QUARTER.match(s)
    if m is None:
        return s
    q, yy = m.group("q") or m.group("q2"), m.group("yy") or m.group("yy2")
    return f"q{q} {full_year(int(yy), published)}"


def week_of(s: str) -> dt.date | None:
    """The middle day of the seven that "the last week of 2016" or "the first week of march
    2019" names (its ISO week is the date), or None when ``s`` is no such phrase.

    Example:
        >>> week_of("the last week of 2016"), week_of("the first week of 2017")
        (datetime.date(2016, 12, 28), datetime.date(2017, 1, 4))
        >>> week_of("last week") is None
        True
    """
    m = _WEEK_OF.match(s)
    if m is None:
        return None
    year, nth = int(m.group("year")), _ORDINALS[m.group("nth")]
    month = _MONTH_NUMBER[m.group("month")] if m.group("month") else None
    # the middle day of the seven: the ISO week that holds most of them
    if nth > 0:
        return dt.date(year, month or 1, 1) + dt.timedelta(days=7 * (nth - 1) + 3)
    last = month or 12
    return dt.date(year + last // 12, last % 12 + 1, 1) - dt.timedelta(days=4)


_UNIT_WORDS = "one|two|three|four|five|six|seven|eight|nine"
_TEEN_WORDS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS_WORDS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
#: 10 to 99 in words ("sixteen", "ninety-nine", "ninety nine"), and 1 to 99.
_TEN_TO_99 = rf"(?:(?:{_TENS_WORDS})(?:[- ](?:{_UNIT_WORDS}))?|{_TEEN_WORDS})"
_ONE_TO_99 = rf"(?:{_TEN_TO_99}|{_UNIT_WORDS})"
#: A year written as a pair of numbers: "nineteen ninety-nine", "twenty oh nine".
_PAIR = rf"(?P<century>nineteen|twenty) (?:(?P<rest>{_TEN_TO_99})|oh? (?P<oh>{_UNIT_WORDS}))"
#: A year written as a count: "two thousand (and) fifteen", "nineteen hundred (and) five".
_COUNTED = (
    rf"(?:two thousand|(?P<hundreds>nineteen|twenty) hundred)"
    rf"(?:(?: and)? (?P<tail>{_ONE_TO_99}))?"
)
_YEAR_WORDS = re.compile(rf"\b(?:{_PAIR}|{_COUNTED})\b")


def _words_value(words: str) -> int:
    """1 to 99 in words: "ninety-nine" -> 99."""
    return sum(NUMBER_WORDS[w] for w in re.split(r"[- ]", words))


def year_in_words(s: str) -> tuple[int, bool] | None:
    """The year ``s`` writes in words (the whole of ``s``), and whether the wording is a
    year's only ("twenty sixteen") rather than also a count ("two thousand and fifteen").

    Example:
        >>> year_in_words("nineteen ninety-nine"), year_in_words("two thousand and fifteen")
        ((1999, True), (2015, False))
        >>> year_in_words("twenty one") is None, year_in_words("three thousand") is None
        (True, True)
    """
    m = _YEAR_WORDS.fullmatch(s.strip().lower())
    if m is None:
        return None
    if m.group("century"):
        rest = m.group("rest") or m.group("oh")
        return 100 * NUMBER_WORDS[m.group("century")] + _words_value(rest), True
    base = 2000 if m.group("hundreds") is None else 100 * NUMBER_WORDS[m.group("hundreds")]
    tail = m.group("tail")
    return base + (_words_value(tail) if tail else 0), False


def expand_year_words(s: str) -> str:
    """``s`` with each year written in words as digits: "in two thousand and fifteen" ->
    "in 2015", "march twenty nineteen" -> "march 2019"; anything else unchanged.

    Example:
        >>> expand_year_words("the year two thousand"), expand_year_words("two weeks")
        ('the year 2000', 'two weeks')
    """
    if "hundred" not in s and "thousand" not in s and not re.search(r"\b(?:nineteen|twenty) ", s):
        return s
    return _YEAR_WORDS.sub(lambda m: str(year_in_words(m.group())[0]), s)  # type: ignore[index]
