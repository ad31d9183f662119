"""Dates: a table of cases, then properties."""

from __future__ import annotations

import datetime as dt
import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachfacts.normalise import dates
from breachfacts.normalise.dates import resolve_date
from breachfacts.normalise.periods import MONTHS, WEEKDAYS, DateValue, date_interval

VERDICT = dt.date(2020, 1, 21)  # a Tuesday
ASAHI = dt.date(2020, 12, 25)  # a Friday
UNRESOLVED = DateValue(None, None, True)


def D(date: str, granularity: str, relative: bool = True) -> DateValue:
    return DateValue(date, granularity, relative)


@pytest.mark.parametrize(
    "text,published,expected",
    [
        # the seed articles
        ("Dec. 24", ASAHI, D("2020-12-24", "day")),
        ("Dec. 22", ASAHI, D("2020-12-22", "day")),
        ("June 2019", ASAHI, D("2019-06", "month", False)),
        ("A June 2019", ASAHI, D("2019-06", "month", False)),
        ("January 2020", ASAHI, D("2020-01", "month", False)),
        ("June last year", VERDICT, D("2019-06", "month")),
        ("June of last year", VERDICT, D("2019-06", "month")),
        ("last July", VERDICT, D("2019-07", "month")),
        ("since last July", VERDICT, D("2019-07", "month")),
        ("September 2011", VERDICT, D("2011-09", "month", False)),
        # a month or day without a year: not after published
        ("December", VERDICT, D("2019-12", "month")),
        ("Dec. 24", VERDICT, D("2019-12-24", "day")),
        ("Dec. 26", ASAHI, D("2019-12-26", "day")),
        ("December 24th", VERDICT, D("2019-12-24", "day")),
        ("the 24th of December", VERDICT, D("2019-12-24", "day")),
        ("Jan 21", VERDICT, D("2020-01-21", "day")),
        ("as of Jan. 1", VERDICT, D("2020-01-01", "day")),
        ("January", VERDICT, D("2020-01", "month")),
        ("Sept. 5", VERDICT, D("2019-09-05", "day")),
        ("early June", VERDICT, D("2019-06", "month")),
        ("mid-December", VERDICT, D("2019-12", "month")),
        ("Feb. 29", dt.date(2021, 3, 1), D("2020-02-29", "day")),
        # last / this / next <month>
        ("last July", dt.date(2020, 8, 3), D("2020-07", "month")),
        ("last July", dt.date(2020, 7, 15), D("2019-07", "month")),
        ("this July", VERDICT, D("2020-07", "month")),
        ("next July", dt.date(2020, 7, 15), D("2021-07", "month")),
        # absolute
        ("2019", None, D("2019", "year", False)),
        ("the year 2019", None, D("2019", "year", False)),
        ("2020-01-21", None, D("2020-01-21", "day", False)),
        ("2020/01/21", None, D("2020-01-21", "day", False)),
        ("2011-12", None, D("2011-12", "month", False)),
        ("2020-W03", None, D("2020-W03", "week", False)),
        ("21/01/2020", None, D("2020-01-21", "day", False)),
        ("01/21/2020", None, D("2020-01-21", "day", False)),
        ("03/03/2020", None, D("2020-03-03", "day", False)),
        ("03/04/2020", None, D("2020", "year", False)),  # D/M or M/D: only the year is sure
        ("January 21, 2020", None, D("2020-01-21", "day", False)),
        ("Jan. 21 2020", None, D("2020-01-21", "day", False)),
        ("21 January 2020", None, D("2020-01-21", "day", False)),
        ("Tuesday, Jan. 21, 2020", None, D("2020-01-21", "day", False)),
        ("on Jan.\u00a021, 2020", None, D("2020-01-21", "day", False)),
        ("Q3 2019", None, D("2019-Q3", "quarter", False)),
        ("3Q 2019", None, D("2019-Q3", "quarter", False)),
        ("2019-Q3", None, D("2019-Q3", "quarter", False)),
        ("the third quarter of 2019", None, D("2019-Q3", "quarter", False)),
        ("the last quarter of 2019", None, D("2019-Q4", "quarter", False)),
        ("the first half of 2019", None, D("2019", "year", False)),
        ("mid-2018", None, D("2018", "year", False)),
        ("mid\u20112018", None, D("2018", "year", False)),
        ("late 2017", None, D("2017", "year", False)),
        ("the end of 2017", None, D("2017", "year", False)),
        ("summer 2019", None, D("2019", "year", False)),
        ("the last week of June 2019", None, D("2019-W26", "week", False)),
        ("late December 2019", None, D("2019-12", "month", False)),
        ("the 1990s", None, D("1990s", "decade", False)),
        ("the early 2000s", None, D("2000s", "decade", False)),
        ("the '90s", None, D("1990s", "decade", False)),
        # ranges and lists: the first member, sharing a trailing year
        ("2018 and 2019", None, D("2018", "year", False)),
        ("between 2018 and 2019", None, D("2018", "year", False)),
        ("2018-19", None, D("2018", "year", False)),
        ("2018\u20132019", None, D("2018", "year", False)),
        ("June to August 2019", None, D("2019-06", "month", False)),
        ("from June 2019 to January 2020", None, D("2019-06", "month", False)),
        ("Dec. 22-24", ASAHI, D("2020-12-22", "day")),
        ("Dec. 22 and 24, 2019", ASAHI, D("2019-12-22", "day", False)),
        # relative to the publication date
        ("yesterday", VERDICT, D("2020-01-20", "day")),
        ("yesterday afternoon", VERDICT, D("2020-01-20", "day")),
        ("last night", VERDICT, D("2020-01-20", "day")),
        ("today", VERDICT, D("2020-01-21", "day")),
        ("this morning", VERDICT, D("2020-01-21", "day")),
        ("tomorrow", VERDICT, D("2020-01-22", "day")),
        ("last week", VERDICT, D("2020-W03", "week")),
        ("this week", VERDICT, D("2020-W04", "week")),
        ("earlier this week", VERDICT, D("2020-W04", "week")),
        ("next week", VERDICT, D("2020-W05", "week")),
        ("over the weekend", VERDICT, D("2020-W03", "week")),
        ("two weeks ago", VERDICT, D("2020-W02", "week")),
        ("3 days ago", VERDICT, D("2020-01-18", "day")),
        ("two months ago", VERDICT, D("2019-11", "month")),
        ("a year ago", VERDICT, D("2019", "year")),
        ("a decade ago", VERDICT, D("2010s", "decade")),
        ("this year", VERDICT, D("2020", "year")),
        ("earlier this year", VERDICT, D("2020", "year")),
        ("late last year", VERDICT, D("2019", "year")),
        ("last year", VERDICT, D("2019", "year")),
        ("next year", VERDICT, D("2021", "year")),
        ("last month", VERDICT, D("2019-12", "month")),
        ("earlier this month", VERDICT, D("2020-01", "month")),
        ("last quarter", VERDICT, D("2019-Q4", "quarter")),
        ("the third quarter", VERDICT, D("2019-Q3", "quarter")),
        ("the first quarter of this year", VERDICT, D("2020-Q1", "quarter")),
        # weekdays (VERDICT is a Tuesday)
        ("Tuesday", VERDICT, D("2020-01-21", "day")),
        ("on Tuesday", VERDICT, D("2020-01-21", "day")),
        ("Tuesday night", VERDICT, D("2020-01-21", "day")),
        ("last Tuesday", VERDICT, D("2020-01-14", "day")),
        ("Monday", VERDICT, D("2020-01-20", "day")),
        ("Wednesday", VERDICT, D("2020-01-15", "day")),
        ("last Wednesday", VERDICT, D("2020-01-15", "day")),
        ("next Tuesday", VERDICT, D("2020-01-28", "day")),
        ("Friday last week", VERDICT, D("2020-01-17", "day")),
        # a weekday with a month and day picks the year in which they agree
        ("Monday, October 1", dt.date(2018, 9, 27), D("2018-10-01", "day")),
        ("Thursday, Jan 23", VERDICT, D("2020-01-23", "day")),
        # a date is stated but cannot be named
        ("in recent years", VERDICT, UNRESOLVED),
        ("several hours later", VERDICT, UNRESOLVED),
        ("two years prior", VERDICT, UNRESOLVED),
        ("recently", VERDICT, UNRESOLVED),
        ("in the past", VERDICT, UNRESOLVED),
        ("the past few months", VERDICT, UNRESOLVED),
        ("over the past year", VERDICT, UNRESOLVED),
        ("the last two years", VERDICT, UNRESOLVED),
        ("the next week", VERDICT, UNRESOLVED),
        ("a few days ago", VERDICT, UNRESOLVED),
        ("years ago", VERDICT, UNRESOLVED),
        ("The following month", ASAHI, UNRESOLVED),
        ("that day", ASAHI, UNRESOLVED),
        ("two days later", ASAHI, UNRESOLVED),
        ("the end of the year", ASAHI, UNRESOLVED),
        ("last summer", ASAHI, UNRESOLVED),
        # without a publication date relative texts are never guessed
        ("last July", None, UNRESOLVED),
        ("Dec. 24", None, UNRESOLVED),
        ("December", None, UNRESOLVED),
        ("Tuesday", None, UNRESOLVED),
        ("on Tuesday", None, UNRESOLVED),
        ("yesterday", None, UNRESOLVED),
        ("last week", None, UNRESOLVED),
        ("June last year", None, UNRESOLVED),
        ("two weeks ago", None, UNRESOLVED),
        ("earlier this year", None, UNRESOLVED),
        ("Q3", None, UNRESOLVED),
        # not points in time
        ("5 minutes", VERDICT, None),
        ("24/7", VERDICT, None),
        ("annual", VERDICT, None),
        ("daily", VERDICT, None),
        ("three days", VERDICT, None),
        ("five years", VERDICT, None),
        ("24 hours", VERDICT, None),
        ("decades", VERDICT, None),
        ("the day", VERDICT, None),
        ("the", VERDICT, None),
        ("", VERDICT, None),
        ("Feb. 30", VERDICT, None),
        ("2020-13-01", None, None),
        ("21/01/20", None, None),
        ("June 5 people", VERDICT, None),
    ],
)
def test_resolve_date(text: str, published: dt.date | None, expected: DateValue | None) -> None:
    assert resolve_date(text, published) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Dec. 26", D("2020-12-26", "day")),
        ("January", D("2021-01", "month")),
        ("December", D("2020-12", "month")),
        ("Thursday", D("2020-12-31", "day")),
        ("Friday", D("2020-12-25", "day")),
        ("Q1", D("2021-Q1", "quarter")),
    ],
)
def test_future_reading(text: str, expected: DateValue) -> None:
    assert resolve_date(text, ASAHI, past=False) == expected


def test_datetime_published_is_read_as_its_date() -> None:
    assert resolve_date("yesterday", dt.datetime(2020, 1, 21, 23, 59)) == D("2020-01-20", "day")


def test_vocabularies() -> None:
    assert MONTHS["jan"] == MONTHS["jan."] == MONTHS["january"] == 1
    assert MONTHS["sept"] == MONTHS["sept."] == 9
    assert WEEKDAYS["tuesday"] == WEEKDAYS["tue"] == WEEKDAYS["tues."] == 1
    assert len(set(MONTHS.values())) == 12 and len(set(WEEKDAYS.values())) == 7


def test_doctests() -> None:
    assert doctest.testmod(dates).failed == 0


# --------------------------------------------------------------------------------------
# Properties

published_dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))
any_dates = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2999, 12, 31))
month_names = st.sampled_from(sorted(MONTHS))
weekday_names = st.sampled_from(sorted(WEEKDAYS))


def start(value: DateValue) -> dt.date:
    """The first day of the period a resolved value names."""
    assert value.date is not None
    if value.granularity == "day":
        return dt.date.fromisoformat(value.date)
    if value.granularity == "week":
        year, week = value.date.split("-W")
        return dt.date.fromisocalendar(int(year), int(week), 1)
    if value.granularity == "month":
        return dt.date.fromisoformat(value.date + "-01")
    if value.granularity == "quarter":
        year, q = value.date.split("-Q")
        return dt.date(int(year), 3 * int(q) - 2, 1)
    if value.granularity == "year":
        return dt.date(int(value.date), 1, 1)
    return dt.date(int(value.date[:4]), 1, 1)


@given(
    published_dates,
    st.one_of(
        month_names,
        month_names.map(lambda m: f"last {m}"),
        month_names.map(lambda m: f"{m.capitalize()} 1"),
        weekday_names,
        weekday_names.map(lambda w: f"on {w.capitalize()}"),
        weekday_names.map(lambda w: f"last {w}"),
        st.sampled_from(["yesterday", "last week", "last month", "last year", "Q3", "today"]),
    ),
)
def test_past_readings_never_follow_published(published: dt.date, text: str) -> None:
    value = resolve_date(text, published, past=True)
    assert value is not None and value.relative and value.date is not None
    assert start(value) <= published


@given(published_dates, month_names)
def test_last_month_name_is_strictly_before_the_publication_month(
    published: dt.date, month: str
) -> None:
    value = resolve_date(f"last {month}", published)
    assert value is not None
    assert start(value) < published.replace(day=1)
    assert int(value.date[-2:]) == MONTHS[month]  # type: ignore[index]


@given(published_dates, weekday_names)
def test_weekday_is_within_the_week_before(published: dt.date, weekday: str) -> None:
    value = resolve_date(weekday, published)
    assert value is not None
    day = start(value)
    assert 0 <= (published - day).days < 7 and day.weekday() == WEEKDAYS[weekday]


@given(any_dates, st.one_of(st.none(), published_dates), published_dates, st.booleans())
def test_absolute_dates_ignore_published(
    day: dt.date, first: dt.date | None, second: dt.date, past: bool
) -> None:
    for text in (f"{day:%B} {day.day}, {day.year}", str(day.year), f"{day:%B %Y}"):
        a = resolve_date(text, first, past=past)
        assert a is not None and not a.relative
        assert a == resolve_date(text, second, past=not past)


@given(any_dates, st.sampled_from(["{B} {d}, {Y}", "{d} {B} {Y}", "{iso}", "{b}. {d} {Y}"]))
def test_formatted_day_round_trips(day: dt.date, fmt: str) -> None:
    text = fmt.format(
        B=f"{day:%B}", b=f"{day:%b}", d=day.day, Y=f"{day.year:04d}", iso=day.isoformat()
    )
    assert resolve_date(text, None) == DateValue(day.isoformat(), "day", False)


@given(st.text(), st.one_of(st.none(), published_dates), st.booleans())
def test_never_raises(text: str, published: dt.date | None, past: bool) -> None:
    value = resolve_date(text, published, past=past)
    assert value is None or isinstance(value, DateValue)


@given(
    st.lists(
        st.sampled_from(
            [
                *MONTHS,
                *WEEKDAYS,
                "last",
                "this",
                "next",
                "ago",
                "the",
                "of",
                "2019",
                "24",
                "99999",
                "years",
                "week",
                "-",
                "and",
                "q3",
                "quarter",
                "mid",
                "late",
                "1990s",
            ]
        ),
        max_size=6,
    ).map(" ".join),
    st.one_of(st.none(), st.dates()),
)
def test_never_raises_on_date_words(text: str, published: dt.date | None) -> None:
    value = resolve_date(text, published)
    assert value is None or isinstance(value, DateValue)
    if published is None and value is not None:
        assert value.relative is False or value.date is None


@pytest.mark.parametrize("space", ["\u00a0", " "])
def test_a_month_day_with_a_no_break_space_is_one_day(nlp, space: str) -> None:
    """ "Dec.<NBSP>29" was cut to "Dec.<NBSP>" by the model and resolved as a month; the
    month-day patterns (patterns/dates.jsonl) allow a space token between the two."""
    from breachfacts.extract import extract
    from breachfacts.facts import Article

    text = f"Cards were hit between Sept.{space}29 and Dec.{space}29 last year."
    x = next(extract([Article("a", text, dt.date(2017, 4, 19))], nlp))
    days = [(f.text, f.date, f.granularity) for f in x.facts if f.kind == "date"]
    assert any(t.startswith(f"Dec.{space}29") and d == "2016-12-29" for t, d, _ in days)
    assert not any(g == "month" for _, _, g in days)


INTERVALS = [
    ("2020-12-24", "2020-12-24", "2020-12-24"),
    ("2020-W03", "2020-01-13", "2020-01-19"),
    ("2019-06", "2019-06-01", "2019-06-30"),
    ("2020-02", "2020-02-01", "2020-02-29"),
    ("2020-Q4", "2020-10-01", "2020-12-31"),
    ("2019", "2019-01-01", "2019-12-31"),
    ("2010s", "2010-01-01", "2019-12-31"),
    ("201", "2010-01-01", "2019-12-31"),
]


@pytest.mark.parametrize("iso,first,last", INTERVALS)
def test_date_interval(iso: str, first: str, last: str) -> None:
    lo, hi = date_interval(iso)
    assert dt.date.fromordinal(int(lo)) == dt.date.fromisoformat(first)
    assert dt.date.fromordinal(int(hi)) == dt.date.fromisoformat(last)


@pytest.mark.parametrize("bad", [None, "", "June", "2020-13", "2020-Q5", "2020-W60"])
def test_date_interval_unreadable(bad: str | None) -> None:
    assert date_interval(bad) == (None, None)
