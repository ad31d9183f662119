"""Money: a table of cases, then properties."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachfacts.normalise import money
from breachfacts.normalise.money import (
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    Money,
    parse_money,
    parse_money_with_conversion,
)
from breachfacts.normalise.words import HEDGES


def exact(value: float, currency: str) -> Money:
    return Money(value, value, value, None, currency)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("about 100 billion yen", Money(1e11, None, None, "about", "JPY")),
        ("$874 million", exact(8.74e8, "USD")),
        ("£1.5m", exact(1.5e6, "GBP")),
        ("€20 million", exact(2e7, "EUR")),
        ("US$85.50", exact(85.5, "USD")),
        ("US $85.50", exact(85.5, "USD")),
        ("HK$2.4 million", exact(2.4e6, "HKD")),
        # the dollar sign before the country, as Australian and New Zealand papers write it
        ("$US11 million", exact(1.1e7, "USD")),
        ("$A14.2 million", exact(1.42e7, "AUD")),
        ("$AU500,000", exact(500_000, "AUD")),
        ("$NZ 5,000", exact(5_000, "NZD")),
        ("R$1,200", exact(1_200, "BRL")),
        ("NT$500,000", exact(500_000, "TWD")),
        ("RM3.1 million", exact(3.1e6, "MYR")),
        ("Rs 5 crore", exact(5e7, "INR")),
        ("Rs. 50 lakh", exact(5e6, "INR")),
        ("₹50 lakh", exact(5e6, "INR")),
        ("USD 4,500", exact(4_500, "USD")),
        ("USD12.9 million", exact(1.29e7, "USD")),
        ("4,500 USD", exact(4_500, "USD")),
        ("5 million euros", exact(5e6, "EUR")),
        ("500 dollars", exact(500, "USD")),
        ("10 pounds", exact(10, "GBP")),
        ("¥1 billion", exact(1e9, "JPY")),
        ("1 billion yen", exact(1e9, "JPY")),
        ("CN¥1 billion", exact(1e9, "CNY")),
        ("RMB 2 million", exact(2e6, "CNY")),
        ("5 million Hong Kong dollars", exact(5e6, "HKD")),
        ("0.5 bitcoin", exact(0.5, "BTC")),
        ("40 BTC", exact(40, "BTC")),
        ("2 Dash", exact(2, "DASH")),
        ("3 XMR", exact(3, "XMR")),
        ("10 Ether", exact(10, "ETH")),
        ("1.5 bitcoins", exact(1.5, "BTC")),
        ("5 bitcoin cash", exact(5, "BCH")),
        ("$5 to $10 million", Money(None, 5e6, 1e7, None, "USD")),
        ("between $1 million and $2 million", Money(None, 1e6, 2e6, "between", "USD")),
        ("$7m", exact(7e6, "USD")),
        ("£45million", exact(4.5e7, "GBP")),
        ("$1.3 trillion", exact(1.3e12, "USD")),
        ("$3bn", exact(3e9, "USD")),
        ("C$5", exact(5, "CAD")),
        ("CA$5", exact(5, "CAD")),
        ("A$5m", exact(5e6, "AUD")),
        ("AU$5m", exact(5e6, "AUD")),
        ("S$5m", exact(5e6, "SGD")),
        ("5€", exact(5, "EUR")),
        ("more than $1 million", Money(1e6, 1e6, None, "more than", "USD")),
        ("nearly £1m fine", Money(1e6, None, 1e6, "nearly", "GBP")),
        ("up to €20 million", Money(2e7, None, 2e7, "up to", "EUR")),
        ("millions of dollars", Money(None, 1e6, 999_999_999, None, "USD")),
        ("a million dollars", exact(1e6, "USD")),
        ("$5 million USD", exact(5e6, "USD")),
        ("5,000 pesos", exact(5_000, None)),  # named, but which peso?
        ("about 100 billion yen ($874 million)", Money(1e11, None, None, "about", "JPY")),
        ("($874 million)", exact(8.74e8, "USD")),
    ],
)
def test_parse_money(text: str, expected: Money) -> None:
    assert parse_money(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "5 million",  # a plain number is not money
        "$",
        "USD",
        "dollars",
        "won $5 million",  # "won" is the verb; leading words are not tolerated
        "$5 million or £4 million",  # two currencies
        "PHP 7",  # the language
        "5 m dollars",  # metres or million?
    ],
)
def test_parse_money_none(text: str) -> None:
    assert parse_money(text) is None


def test_conversion() -> None:
    assert parse_money_with_conversion("about 100 billion yen ($874 million)") == [
        Money(1e11, None, None, "about", "JPY"),
        exact(8.74e8, "USD"),
    ]
    assert parse_money_with_conversion("€5m (or about $5.5m)") == [
        exact(5e6, "EUR"),
        Money(5.5e6, None, None, "about", "USD"),
    ]
    assert parse_money_with_conversion("100 billion ($874 million)") == [exact(8.74e8, "USD")]
    assert parse_money_with_conversion("nothing here") == []


def test_vocabularies() -> None:
    assert set(CURRENCY_SYMBOLS.values()) <= CURRENCY_CODES
    assert {c for c in CURRENCY_WORDS.values() if c is not None} <= CURRENCY_CODES
    assert all(w == w.lower() for w in CURRENCY_WORDS)
    assert {"BTC", "ETH", "XMR", "DASH", "LTC", "BCH", "ZEC", "USDT"} <= CURRENCY_CODES


@pytest.mark.parametrize("symbol,code", sorted(CURRENCY_SYMBOLS.items()))
def test_every_symbol_reads(symbol: str, code: str) -> None:
    assert parse_money(f"{symbol}12 million") == exact(1.2e7, code)


@pytest.mark.parametrize("word,code", sorted(CURRENCY_WORDS.items()))
def test_every_word_reads(word: str, code: str | None) -> None:
    assert parse_money(f"12 million {word}") == exact(1.2e7, code)  # type: ignore[arg-type]


def test_doctests() -> None:
    assert doctest.testmod(money).failed == 0


# -- properties ---------------------------------------------------------------------------


def valid(m: Money) -> bool:
    if m.value is not None:
        if m.low is not None and not m.low <= m.value:
            return False
        if m.high is not None and not m.value <= m.high:
            return False
    return m.low is None or m.high is None or m.low <= m.high


@given(st.text())
def test_never_raises(text: str) -> None:
    m = parse_money(text)
    assert m is None or (isinstance(m, Money) and valid(m))
    assert all(valid(m) for m in parse_money_with_conversion(text))


@given(
    st.sampled_from(["", *sorted(HEDGES)]),
    st.sampled_from(sorted(CURRENCY_SYMBOLS)),
    st.integers(0, 10**9),
    st.sampled_from(["", " million", "bn", " ransom"]),
)
def test_bounds_hold(hedge: str, symbol: str, n: int, tail: str) -> None:
    m = parse_money(f"{hedge} {symbol}{n:,}{tail}")
    assert m is not None and valid(m)
    assert m.currency == CURRENCY_SYMBOLS[symbol]


@given(st.integers(1, 999), st.integers(1, 999), st.sampled_from(sorted(CURRENCY_SYMBOLS)))
def test_ranges_have_no_value(a: int, b: int, symbol: str) -> None:
    low, high = min(a, b), max(a, b)
    m = parse_money(f"{symbol}{low} to {symbol}{high} million")
    assert m == Money(None, low * 10**6, high * 10**6, None, CURRENCY_SYMBOLS[symbol])


@given(st.integers(0, 10**12))
def test_code_round_trip(n: int) -> None:
    assert parse_money(f"USD {n:,}") == exact(n, "USD")
    assert parse_money(f"{n:,} EUR") == exact(n, "EUR")


# -- conversion cues (between two amounts) ------------------------------------------------

CONVERSIONS = json.loads(
    (Path(__file__).resolve().parents[1] / "patterns" / "conversions.json").read_text()
)
CUES, FILLERS = CONVERSIONS["cues"], CONVERSIONS["fillers"]


@pytest.mark.parametrize(
    "between,expected",
    [
        (" (", True),
        (" (about ", True),
        (" [", True),
        (", or roughly ", True),
        (" to unlock every laptop, equaling to around ", True),
        (" for all of them. (That\u2019s the equivalent of around ", True),
        (" - currently worth ", True),
        (", which is presently worth about ", True),
        (" were valued at some ", True),
        ("\u2014about ", True),
        (", i.e. ", True),
        (" and ", False),
        (" for ", False),  # ends in "or" but is not the word
        (" to the gang, and later ", False),
        ("", False),
        (" or the ", False),
    ],
)
def test_conversion_cue(between: str, expected: bool) -> None:
    assert money.ends_with_conversion_cue(between, CUES, FILLERS) is expected


@given(
    st.sampled_from(CUES),
    st.lists(st.sampled_from(FILLERS), max_size=2),
    st.sampled_from(["", *sorted(HEDGES)]),
    st.sampled_from(["", " to free the files,", " for all. ", " ransom "]),
)
def test_cue_then_fillers_and_hedge_is_a_conversion(
    cue: str, fillers: list[str], hedge: str, lead: str
) -> None:
    between = " ".join([lead, cue, *fillers, hedge, ""])
    assert money.ends_with_conversion_cue(between.upper(), CUES, FILLERS)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ,.", max_size=40))
def test_no_cues_no_conversion(between: str) -> None:
    assert not money.ends_with_conversion_cue(between, [], FILLERS)


# ---------------------------------------------------------------------------
# Issue 18: hundredths, scale letters before codes, trillions, withdrawn currencies


@pytest.mark.parametrize(
    "text,value,currency",
    [
        ("34 cents", 0.34, "USD"),
        ("99 cents", 0.99, "USD"),
        ("1 cent", 0.01, "USD"),
        ("197 pence", 1.97, "GBP"),
        ("197p", 1.97, "GBP"),
        ("20p", 0.2, "GBP"),
        ("50 euro cents", 0.5, "EUR"),
        ("MUSD 3", 3_000_000, "USD"),
        ("3 MUSD", 3_000_000, "USD"),
        ("MEUR 1.5", 1_500_000, "EUR"),
        ("kUSD 50", 50_000, "USD"),
        ("$2.1T", 2_100_000_000_000, "USD"),
        ("\u20ac10B", 10_000_000_000, "EUR"),
        ("a quarter million US dollars", 250_000, "USD"),
        ("half million dollars", 500_000, "USD"),
        ("10,000 pesetas", 10_000, "ESP"),
        ("2 million Dutch guilders", 2_000_000, "NLG"),
        ("5 million deutsche marks", 5_000_000, "DEM"),
        ("300,000 lire", 300_000, "ITL"),
        ("1,000 drachmas", 1_000, "GRD"),
    ],
)
def test_issue_18_money_forms(text: str, value: float, currency: str) -> None:
    m = parse_money(text)
    assert m is not None and m.value == value and m.currency == currency, m


@pytest.mark.parametrize(
    "text", ["5 p", "CVE 2019", "MUSD", "ESP 10", "DEM 5", "p", "22 per cent", "44 Per Cent"]
)
def test_issue_18_not_money(text: str) -> None:
    assert parse_money(text) is None


@given(st.integers(1, 9999), st.sampled_from(["cents", "pence", "p", "euro cents"]))
def test_hundredths_are_a_hundredth(n: int, unit: str) -> None:
    sep = "" if unit == "p" else " "
    m = parse_money(f"{n:,}{sep}{unit}")
    assert m is not None and m.value == pytest.approx(n / 100)


@given(st.integers(1, 999), st.sampled_from(["USD", "EUR", "GBP", "CHF", "JPY"]))
def test_scale_letters_multiply(n: int, code: str) -> None:
    plain, kilo, mega = (
        parse_money(f"{code} {n}"),
        parse_money(f"k{code} {n}"),
        parse_money(f"M{code} {n}"),
    )
    assert plain is not None and kilo is not None and mega is not None
    assert kilo.value == plain.value * 1000 and mega.value == plain.value * 1_000_000
    assert plain.currency == kilo.currency == mega.currency == code


# --- ambiguous currency names resolved by the places around them (issue 18) ----------

PLACES = json.loads(
    (Path(__file__).resolve().parents[1] / "patterns" / "currency_places.json").read_text()
)


def test_currency_places_table_names_known_codes() -> None:
    from breachfacts.normalise.money import CURRENCY_CODES, CURRENCY_WORDS

    for name, table in PLACES.items():
        if name == "comment":
            continue
        assert CURRENCY_WORDS.get(name, "missing") is None, name  # ambiguous by itself
        for place, code in table.items():
            assert code in CURRENCY_CODES, (name, place, code)
            assert place == place.lower().strip(), place


@pytest.mark.parametrize(
    "name,texts,code",
    [
        ("francs", ["The Zurich clinic was fined 80,000 francs."], "CHF"),
        ("Francs", ["A Swiss bank lost 2 million Francs."], "CHF"),
        ("francs", ["It lost 80,000 francs.", "The firm is based in Dakar."], "XOF"),
        ("pesos", ["Manila police said 3 million pesos were stolen."], "PHP"),
        ("kroner", ["The Oslo firm paid 5 million kroner."], "NOK"),
        ("dirhams", ["A Dubai bank lost 1 million dirhams."], "AED"),
        # nothing named, several named, or only part of a word
        ("francs", ["It lost 80,000 francs."], None),
        ("francs", ["Offices in Geneva and Dakar lost 80,000 francs."], None),
        ("pesos", ["The Chilecon event lost 9,000 pesos."], None),
        ("euros", ["A Zurich firm lost 5 euros."], None),
    ],
)
def test_currency_from_places(name: str, texts: list[str], code: str | None) -> None:
    assert money.currency_from_places(name, texts, PLACES) == code


@given(
    st.sampled_from(sorted(k for k in PLACES if k != "comment")),
    st.data(),
)
def test_one_named_country_decides(name: str, data: st.DataObject) -> None:
    """A sentence naming places of one currency gives that currency; the sentence wins
    over the article; places of two currencies give none."""
    table = PLACES[name]
    place = data.draw(st.sampled_from(sorted(table)))
    other = data.draw(st.sampled_from(sorted(p for p in table if table[p] != table[place])))
    sentence = f"In {place.title()} they lost 90,000 {name}."
    assert money.currency_from_places(name, [sentence, f"{other} news"], PLACES) == table[place]
    both = f"In {place} and {other} they lost 90,000 {name}."
    assert money.currency_from_places(name, [both], PLACES) is None
