"""Durations: a table of cases, then properties."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachfacts.normalise import durations
from breachfacts.normalise.durations import UNITS, Duration, parse_duration
from breachfacts.normalise.numbers import parse_quantity
from breachfacts.normalise.words import HEDGES, NUMBER_WORDS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("seven days", Duration(7, 7, 7, "day")),
        ("24 hours", Duration(24, 24, 24, "hour")),
        ("over 72 hours", Duration(72, 72, None, "hour", "over")),
        ("up to two years", Duration(2, None, 2, "year", "up to")),
        ("almost 18 months", Duration(18, None, 18, "month", "almost")),
        ("less than a year", Duration(1, None, 1, "year", "less than")),
        ("more than a month", Duration(1, 1, None, "month", "more than")),
        ("about two weeks", Duration(2, None, None, "week", "about")),
        ("within a few days", Duration(None, None, 9, "day", "within")),
        ("within 24 hours", Duration(24, None, 24, "hour", "within")),
        ("several months", Duration(None, 3, 9, "month")),
        ("a couple of weeks", Duration(None, 2, 3, "week")),
        ("the last couple of months", Duration(None, 2, 3, "month")),
        ("two to three weeks", Duration(None, 2, 3, "week")),
        ("10-15 minutes", Duration(None, 10, 15, "minute")),
        ("a year", Duration(1, 1, 1, "year")),
        ("a single day", Duration(1, 1, 1, "day")),
        ("an hour", Duration(1, 1, 1, "hour")),
        ("half an hour", Duration(0.5, 0.5, 0.5, "hour")),
        ("a year and a half", Duration(1.5, 1.5, 1.5, "year")),
        ("two and a half years", Duration(2.5, 2.5, 2.5, "year")),
        ("a 60-minute", Duration(60, 60, 60, "minute")),
        ("a two-year", Duration(2, 2, 2, "year")),
        ("the past 48 hours", Duration(48, 48, 48, "hour")),
        ("the previous 15 days", Duration(15, 15, 15, "day")),
        ("the first 24 hours", Duration(24, 24, 24, "hour")),
        ("1.5 hours", Duration(1.5, 1.5, 1.5, "hour")),
        ("Six\u00a0Months", Duration(6, 6, 6, "month")),
        ("days", Duration(None, 2, None, "day")),
        ("weeks", Duration(None, 2, None, "week")),
    ],
)
def test_table(text: str, expected: Duration) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "day",  # a bare singular states no length
        "two years ago",  # a date
        "last year",
        "this month",
        "the same day",
        "every day",  # a frequency has no count before the unit
        "each year",
        "in recent years",
        "the past year",  # a window with no count: a date the dates module reads
        "2016 tax year",  # "2016 tax" is not a count
        "one last year",
        "a 24-year-old",
        "many years",
        "the day",
        "24/7",
        "version 2",
    ],
)
def test_not_durations(text: str) -> None:
    assert parse_duration(text) is None


def test_doctests() -> None:
    assert doctest.testmod(durations).failed == 0


UNIT_WORDS = sorted(UNITS)
_COUNTED_HEDGES = sorted(h for h in HEDGES if h.isalpha() or " " in h)


@given(st.integers(1, 10**6), st.sampled_from(UNIT_WORDS))
def test_count_and_unit(n: int, unit: str) -> None:
    assert parse_duration(f"{n:,} {unit}") == Duration(n, n, n, UNITS[unit])


@given(st.sampled_from(sorted(k for k, v in NUMBER_WORDS.items() if 1 <= v <= 20 and k != "dozen")))
def test_number_words(word: str) -> None:
    n = NUMBER_WORDS[word]
    assert parse_duration(f"{word} days") == Duration(n, n, n, "day")


@given(st.integers(1, 10**4), st.sampled_from(UNIT_WORDS), st.sampled_from(_COUNTED_HEDGES))
def test_hedges_read_as_for_figures(n: int, unit: str, hedge: str) -> None:
    """A hedged count of time units has the bounds the same hedge gives a figure."""
    q = parse_quantity(f"{hedge} {n}")
    d = parse_duration(f"{hedge} {n} {unit}")
    assert q is not None and d is not None
    assert (d.value, d.low, d.high, d.qualifier) == (q.value, q.low, q.high, q.qualifier)
    assert d.unit == UNITS[unit]


@given(st.integers(1, 10**4), st.sampled_from(UNIT_WORDS))
def test_points_and_frequencies_are_not_durations(n: int, unit: str) -> None:
    assert parse_duration(f"{n} {unit} ago") is None
    assert parse_duration(f"every {n} {unit}") is None
    assert parse_duration(f"{n} {unit} later") is None  # callers take the span without it


@given(st.integers(1, 10**4), st.sampled_from(UNIT_WORDS), st.sampled_from(["", "   ", "\n"]))
def test_case_and_spacing_do_not_matter(n: int, unit: str, pad: str) -> None:
    text = f"{n} {unit}"
    assert parse_duration(f"{pad}{text.upper()}{pad}") == parse_duration(text)
    assert parse_duration(text.replace(" ", "  ")) == parse_duration(text)


@given(st.text(max_size=40))
def test_total_and_ordered(text: str) -> None:
    """Any text: no exception; a duration's bounds are ordered around its value."""
    d = parse_duration(text)
    if d is None:
        return
    assert d.unit in set(UNITS.values())
    if d.low is not None and d.high is not None:
        assert d.low <= d.high
    if d.value is not None:
        assert d.low is None or d.low <= d.value
        assert d.high is None or d.value <= d.high
