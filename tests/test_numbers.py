"""Numbers and hedged quantities: a table of cases, then properties."""

from __future__ import annotations

import doctest
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from breachfacts.normalise import numbers
from breachfacts.normalise.numbers import Quantity, is_year_like, parse_number, parse_quantity
from breachfacts.normalise.words import (
    FOCUS_WORDS,
    HEDGES,
    NEAR_HEDGES,
    NUMBER_WORDS,
    OTHER_QUALIFIERS,
    SCALE_WORDS,
    TRAILING_HEDGES,
    hedge_reading,
)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("20,000", 20_000),
        ("8 000", 8_000),
        ("8\u2009000", 8_000),
        ("8\u00a0000", 8_000),
        ("8\u202f000", 8_000),
        ("1 000 000", 1_000_000),
        ("1.200.000", 1_200_000),
        ("59", 59),
        ("85.50", 85.5),
        ("1.2 million", 1_200_000),
        ("3bn", 3_000_000_000),
        ("3 bn", 3_000_000_000),
        ("45million", 45_000_000),
        ("2.5k", 2_500),
        ("7m", 7_000_000),
        ("1.3 trillion", 1_300_000_000_000),
        ("1.5 billion", 1_500_000_000),
        ("5 crore", 50_000_000),
        ("50 lakh", 5_000_000),
        ("three", 3),
        ("twelve", 12),
        ("twenty-five", 25),
        ("twenty five", 25),
        ("a dozen", 12),
        ("two dozen", 24),
        ("one hundred", 100),
        ("a hundred", 100),
        ("one hundred and twenty", 120),
        ("two thousand and five", 2_005),
        ("a million", 1_000_000),
        ("ten million", 10_000_000),
        ("half a million", 500_000),
        ("half of a million", 500_000),
        ("a quarter of a million", 250_000),
        ("one quarter of a billion", 250_000_000),
        ("half a dozen", 6),
        ("Three Million", 3_000_000),
        ("1,234,567.89", 1_234_567.89),
        # a leading decimal point
        (".8", 0.8),
        (".25 million", 250_000),
        (".5m", 500_000),
    ],
)
def test_parse_number(text: str, expected: float) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "files",
        "million",
        "1,2",
        "1.2.3",
        "10th",
        "5g",
        "5 m",
        "about 5",
        "5 to 10",
        "five five",
        "...8",  # an ellipsis, then 8
        "v.8",  # a version
        ".8.1",
        ".",
    ],
)
def test_parse_number_none(text: str) -> None:
    assert parse_number(text) is None


def test_decimal_arithmetic_is_exact() -> None:
    assert parse_number("1.2 million") == 1.2e6
    assert parse_number("2.3 million") == 2_300_000
    assert parse_number("0.1 billion") == 100_000_000


def Q(value: float | None, low: float | None, high: float | None, q: str | None = None) -> Quantity:
    return Quantity(value, low, high, q)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("59", Q(59, 59, 59)),
        ("nearly 20,000", Q(20_000, None, 20_000, "nearly")),
        ("Nearly 20,000", Q(20_000, None, 20_000, "nearly")),
        ("more than 8,000", Q(8_000, 8_000, None, "more than")),
        ("a little over 11,000", Q(11_000, 11_000, None, "a little over")),
        ("slightly less than 500", Q(500, None, 500, "slightly less than")),
        ("over 8,000", Q(8_000, 8_000, None, "over")),
        ("at least 8,000", Q(8_000, 8_000, None, "at least")),
        ("no fewer than 8,000", Q(8_000, 8_000, None, "no fewer than")),
        ("up to 5 million", Q(5e6, None, 5e6, "up to")),
        ("as many as 300", Q(300, None, 300, "as many as")),
        ("fewer than 300", Q(300, None, 300, "fewer than")),
        ("less than 300", Q(300, None, 300, "less than")),
        ("under 300", Q(300, None, 300, "under")),
        ("almost 300", Q(300, None, 300, "almost")),
        ("just under 300", Q(300, None, 300, "just under")),
        ("about 300", Q(300, None, None, "about")),
        ("around 300", Q(300, None, None, "around")),
        ("approximately 300", Q(300, None, None, "approximately")),
        ("roughly 300", Q(300, None, None, "roughly")),
        ("some 300", Q(300, None, None, "some")),
        ("an estimated 1.5 million", Q(1.5e6, None, None, "an estimated")),
        ("~300", Q(300, None, None, "~")),
        ("20,000 or more", Q(20_000, 20_000, None, "or more")),
        ("20,000+", Q(20_000, 20_000, None, "+")),
        ("300-odd", Q(300, None, None, "odd")),
        ("300 or so", Q(300, None, None, "or so")),
        ("about 300 or so", Q(300, None, None, "about")),
        ("between 5 and 10 million", Q(None, 5e6, 1e7, "between")),
        ("5 to 10 million", Q(None, 5e6, 1e7)),
        ("5-10 million", Q(None, 5e6, 1e7)),
        ("5\u201310 million", Q(None, 5e6, 1e7)),
        ("5,000\u20136,000", Q(None, 5_000, 6_000)),
        ("5 or 6 million", Q(None, 5e6, 6e6)),
        ("500,000 to 1 million", Q(None, 500_000, 1e6)),
        ("1.5 to 2 billion", Q(None, 1.5e9, 2e9)),
        ("twenty to thirty thousand", Q(None, 20_000, 30_000)),
        ("from 5 to 10", Q(None, 5, 10, "from")),
        ("up to 5-10 million", Q(None, None, 1e7, "up to")),
        ("about 5-10 million", Q(None, 5e6, 1e7, "about")),
        ("tens of thousands", Q(None, 10_000, 99_999)),
        ("10s of thousands", Q(None, 10_000, 99_999)),
        ("hundreds of thousands", Q(None, 100_000, 999_999)),
        ("tens of millions", Q(None, 10_000_000, 99_999_999)),
        ("thousands", Q(None, 1_000, 999_999)),
        ("millions", Q(None, 1_000_000, 999_999_999)),
        ("millions of", Q(None, 1_000_000, 999_999_999)),
        ("dozens", Q(None, 12, 99)),
        ("hundreds", Q(None, 100, 999)),
        ("several thousand", Q(None, 3_000, 9_999)),
        ("a few hundred", Q(None, 200, 999)),
        ("a couple of thousand", Q(None, 2_000, 3_999)),
        ("more than tens of thousands", Q(None, 10_000, None, "more than")),
        # a trailing noun is tolerated when it cannot be part of the number
        ("nearly 20,000 files", Q(20_000, None, 20_000, "nearly")),
        ("tens of thousands of customers", Q(None, 10_000, 99_999)),
        ("3 million records.", Q(3e6, 3e6, 3e6)),
        ("20,000-strong", Q(20_000, 20_000, 20_000)),
        (".8 bitcoins", Q(0.8, 0.8, 0.8)),
        # "a" + scale, with the hedges of any other number
        ("a thousand", Q(1_000, 1_000, 1_000)),
        ("more than a thousand", Q(1_000, 1_000, None, "more than")),
        ("over a million users", Q(1e6, 1e6, None, "over")),
        ("nearly a hundred", Q(100, None, 100, "nearly")),
        ("about a billion", Q(1e9, None, None, "about")),
        ("more than a dozen", Q(12, 12, None, "more than")),
        ("over a quarter of a million devices", Q(250_000, 250_000, None, "over")),
        ("about .8", Q(0.8, None, None, "about")),
        ("between .5 and .75", Q(None, 0.5, 0.75, "between")),
    ],
)
def test_parse_quantity(text: str, expected: Quantity) -> None:
    assert parse_quantity(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "files",
        "some",
        "nearly",
        "the 5",  # leading words that are not a hedge
        "5 m",  # metres or million?
        "5 million or 6",
        "10 to 5",  # not a range
        "up to 5 or more",  # hedges disagree
        "a quarter of the users",
        "quarter",
    ],
)
def test_parse_quantity_none(text: str) -> None:
    assert parse_quantity(text) is None


def test_ranges_and_vague_amounts_are_never_averaged() -> None:
    for text in ["5-10 million", "between 2 and 4", "tens of thousands", "several hundred"]:
        q = parse_quantity(text)
        assert q is not None and q.value is None


def test_whole_values_are_ints() -> None:
    q = parse_quantity("1.2 million")
    assert q is not None and isinstance(q.value, int)
    assert isinstance(parse_number("85.5"), float)


@pytest.mark.parametrize(
    "text,expected",
    [("2019", True), ("1999", True), ("2,019", False), ("20,000", False), ("59", False)],
)
def test_is_year_like(text: str, expected: bool) -> None:
    assert is_year_like(text) is expected


def test_vocabularies() -> None:
    assert set(HEDGES.values()) == {"low", "high", "approx"}
    assert set(TRAILING_HEDGES.values()) <= {"low", "high", "approx"}
    assert all(k == k.lower() for k in [*HEDGES, *NUMBER_WORDS, *SCALE_WORDS])
    for hedge, side in HEDGES.items():
        q = parse_quantity(f"{hedge} 100")
        assert q is not None and q.qualifier == hedge, hedge
        assert (q.low, q.high) == {"low": (100, None), "high": (None, 100), "approx": (None, None)}[
            side
        ]


def test_doctests() -> None:
    assert doctest.testmod(numbers).failed == 0


# -- properties ---------------------------------------------------------------------------

decimals = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)


def valid(q: Quantity) -> bool:
    if q.value is not None:
        if q.low is not None and not q.low <= q.value:
            return False
        if q.high is not None and not q.value <= q.high:
            return False
    return q.low is None or q.high is None or q.low <= q.high


@given(st.text())
def test_never_raises(text: str) -> None:
    q = parse_quantity(text)
    assert q is None or (isinstance(q, Quantity) and valid(q))
    n = parse_number(text)
    assert n is None or isinstance(n, int | float)


@given(
    st.sampled_from(sorted(HEDGES)),
    st.integers(0, 10**12),
    st.sampled_from(["", " million", " people", "+", " or more"]),
)
def test_bounds_hold(hedge: str, n: int, tail: str) -> None:
    q = parse_quantity(f"{hedge} {n:,}{tail}")
    assert q is None or valid(q)


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("only around 600,000", 600_000, "around"),
        ("an additional 2.4 million", 2_400_000, None),
        ("Another 500", 500, None),
        ("a further 300", 300, None),
        ("a total of 5,000", 5_000, None),
        ("just 39", 39, None),
        ("just over 500", 500, "just over"),  # a hedge first: "just" is part of it
    ],
)
def test_focus_words_do_not_change_the_number(text: str, value: int, qualifier) -> None:
    q = parse_quantity(text)
    assert q is not None and q.value == value and q.qualifier == qualifier


@given(
    st.sampled_from(sorted(FOCUS_WORDS)),
    st.sampled_from(["", *sorted(h for h in HEDGES if not h.startswith("just"))]),
    st.integers(0, 10**12),
    st.sampled_from(["", " million", " people"]),
)
def test_a_focus_word_reads_as_without_it(focus: str, hedge: str, n: int, tail: str) -> None:
    assume(f"{focus} {hedge}" not in HEDGES)  # "just below" is a hedge of its own
    plain = f"{hedge} {n:,}{tail}".strip()
    assert parse_quantity(f"{focus} {plain}") == parse_quantity(plain)


@given(decimals, st.sampled_from(sorted(k for k in SCALE_WORDS if len(k) > 2)))
def test_scale_word_multiplies(n: Decimal, scale: str) -> None:
    expected = float(n * Decimal(str(int(SCALE_WORDS[scale]))))
    assert parse_number(f"{n} {scale}") == expected
    assert parse_number(f"{n}{scale}") == expected


@given(st.integers(0, 10**15))
def test_thousands_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert parse_number(f"{n}") == n
    assert parse_number(f"{n:,}".replace(",", "\u202f")) == n


@given(decimals)
def test_decimal_round_trip(n: Decimal) -> None:
    assert parse_number(f"{n:,}") == float(n)


@given(st.integers(0, 10**6), st.integers(1, 6))
def test_leading_decimal_point_reads_as_zero_point(digits: int, width: int) -> None:
    frac = f"{digits:0{width}d}"
    assert parse_number(f".{frac}") == parse_number(f"0.{frac}") == float(f"0.{frac}")
    assert parse_number(f"v.{frac}") is None and parse_number(f"...{frac}") is None


@given(
    st.sampled_from(sorted(HEDGES)),
    st.sampled_from(["a hundred", "a thousand", "a million", "a billion", "a dozen", "an hundred"]),
)
def test_hedged_article_scale(hedge: str, words: str) -> None:
    scale = {"hundred": 100, "thousand": 1_000, "million": 10**6, "billion": 10**9, "dozen": 12}
    n = scale[words.split()[1]]
    q = parse_quantity(f"{hedge} {words}")
    assert q is not None and q.value == n and q.qualifier == hedge and valid(q)
    assert (q.low, q.high) == {"low": (n, None), "high": (None, n), "approx": (None, None)}[
        HEDGES[hedge]
    ]


@given(st.integers(1, 999), st.integers(1, 999), st.sampled_from([" to ", "-", " and "]))
def test_ranges_have_no_value(a: int, b: int, join: str) -> None:
    low, high = min(a, b), max(a, b)
    q = parse_quantity(f"between {low}{join}{high} million")
    assert q == Quantity(None, low * 10**6, high * 10**6, "between")


@pytest.mark.parametrize(
    "qualifier,reading",
    [
        ("about", "around"),
        ("or so", "around"),
        ("nearly", "just below"),
        ("Up  To", "just below"),
        ("or fewer", "just below"),
        ("fewer than", "below"),
        ("just over", "just above"),
        ("more than", "above"),
        ("or more", "above"),
        ("exactly", "exact"),
        ("between", None),
        (None, None),
        ("", None),
    ],
)
def test_hedge_reading(qualifier: str | None, reading: str | None) -> None:
    assert hedge_reading(qualifier) == reading


def test_every_hedge_has_one_reading_on_its_side() -> None:
    sides = {"low": ("above", "just above"), "high": ("below", "just below"), "approx": ("around",)}
    for table in (HEDGES, TRAILING_HEDGES, OTHER_QUALIFIERS):
        for q, side in table.items():
            assert hedge_reading(q) in sides.get(side, ("exact",)), q
    assert not set(OTHER_QUALIFIERS) & (set(HEDGES) | set(TRAILING_HEDGES))
    assert not set(HEDGES) & set(TRAILING_HEDGES)
    sided = {**HEDGES, **TRAILING_HEDGES, **OTHER_QUALIFIERS}
    assert all(sided.get(q) in ("low", "high") for q in NEAR_HEDGES)


@pytest.mark.parametrize(
    "text,value",
    [
        ("two and a half million", 2_500_000),
        ("Two and a half million", 2_500_000),
        ("5 and a half million", 5_500_000),
        ("one and a half billion", 1_500_000_000),
        ("three quarters of a million", 750_000),
        ("a quarter-million", 250_000),
    ],
)
def test_fractions_of_a_scale(text: str, value: float) -> None:
    q = parse_quantity(text)
    assert q is not None and q.value == value


@given(st.integers(1, 99), st.sampled_from(["thousand", "million", "billion"]))
def test_and_a_half_is_half_a_scale_more(n: int, scale: str) -> None:
    whole, half = parse_quantity(f"{n} {scale}"), parse_quantity(f"{n} and a half {scale}")
    assert whole is not None and half is not None
    assert half.value == pytest.approx(whole.value * (n + 0.5) / n)
