"""store/intervals, measures and compare: intervals, agreement and status, as tables of cases
(no SQLite, no spaCy)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachfacts.facts import Fact, Sentence
from breachfacts.store import legacy
from breachfacts.store.compare import AGAINST_LIMIT, StoredFact, status
from breachfacts.store.intervals import (
    AROUND,
    NEAR,
    OPEN_CAP,
    agree,
    convert,
    implied_rates,
    interval,
)
from breachfacts.store.measures import Measures, MeasuresError, load_measures, measure_of

S = Sentence("s", 0, 1)


def fig(
    value: float | None = None,
    qualifier: str | None = None,
    *,
    low: float | None = None,
    high: float | None = None,
    unit: str = "person",
    role: str | None = None,
    certainty: str = "certain",
    kind: str = "figure",
    currency: str | None = None,
) -> Fact:
    return Fact(
        "n1", kind, "x", 0, 1, S, certainty=certainty, value=value, low=low, high=high,
        unit=unit, qualifier=qualifier, currency=currency, role=role,
    )  # fmt: skip


def day(iso: str | None, role: str | None = None, certainty: str = "certain") -> Fact:
    return Fact("d1", "date", "x", 0, 1, S, certainty=certainty, date=iso, role=role)


def stored(
    fact: Fact, published: str | None, article_id: int = 1, source: str = "a.txt"
) -> StoredFact:
    return StoredFact(
        replace(fact, subject="Acme"), article_id, source,
        date.fromisoformat(published) if published else None, "people affected",
    )  # fmt: skip


# ------------------------------------------------------------------ intervals

INTERVALS = [
    # wording, fact, interval
    ("6,500", fig(6500), (6500, 6500)),
    ("about 6,500", fig(6500, "about"), (6500 * (1 - AROUND), 6500 * (1 + AROUND))),
    ("an estimated 6,500", fig(6500, "an estimated"), (5850, 7150)),
    ("Around 6,500 (case, spaces)", fig(6500, " Around "), (5850, 7150)),
    ("more than 40,000", fig(40000, "more than", low=40000), (40000, 40000 * OPEN_CAP)),
    ("at least 40,000", fig(40000, "at least", low=40000), (40000, 60000)),
    ("nearly 20,000", fig(20000, "nearly", high=20000), (20000 * (1 - NEAR), 20000)),
    ("as many as 2.3 million", fig(2.3e6, "as many as", high=2.3e6), (2.185e6, 2.3e6)),
    ("fewer than 300", fig(300, "fewer than", high=300), (200, 300)),
    ("between 1,000 and 2,000", fig(None, "between", low=1000, high=2000), (1000, 2000)),
    ("tens of thousands", fig(None, "tens of", low=10000, high=99999), (10000, 99999)),
    ("thousands (open above)", fig(None, "thousands", low=1000), (1000, 1500)),
    ("unknown hedge, bounds", fig(500, "supposedly", low=400, high=600), (400, 600)),
    ("no number at all", fig(None), (None, None)),
    ("organisation", Fact("o", "organisation", "Acme", 0, 4, S, canonical="Acme"), (None, None)),
]


@pytest.mark.parametrize("wording,fact,expected", INTERVALS, ids=[c[0] for c in INTERVALS])
def test_interval(wording: str, fact: Fact, expected: tuple) -> None:
    lo, hi = interval(fact)
    if expected == (None, None):
        assert (lo, hi) == (None, None)
    else:
        assert lo == pytest.approx(expected[0]) and hi == pytest.approx(expected[1])


@given(
    st.floats(min_value=1, max_value=1e12, allow_nan=False),
    st.sampled_from(
        [None, "about", "nearly", "more than", "fewer than", "up to", "as many as", "over"]
    ),
)
def test_interval_contains_its_number_and_is_finite(x: float, q: str | None) -> None:
    lo, hi = interval(fig(x, q))
    assert lo is not None and hi is not None
    assert lo <= x <= hi
    assert hi <= x * OPEN_CAP + 1e-6  # open bounds never stand for a half-line


QUALIFIERS = [None, "about", "nearly", "more than", "fewer than", "up to", "over"]


def money(value: float, qualifier: str | None, currency: str) -> Fact:
    low = value if qualifier in ("more than", "over") else None
    high = value if qualifier in ("fewer than", "up to", "nearly") else None
    return fig(value, qualifier, low=low, high=high, unit=currency, kind="money",
               currency=currency)  # fmt: skip


@given(
    st.floats(min_value=1e-3, max_value=1e9),
    st.floats(min_value=1e-3, max_value=1e9),
    st.sampled_from(QUALIFIERS),
    st.sampled_from(QUALIFIERS),
)
def test_a_stated_conversion_agrees_with_itself_both_ways(
    a: float, b: float, qa: str | None, qb: str | None
) -> None:
    first, second = money(a, qa, "BTC"), money(b, qb, "USD")
    rates = implied_rates([(first, second)])
    there, back = rates[("BTC", "USD")], rates[("USD", "BTC")]
    assert 0 < there[0] <= there[1] and 0 < back[0] <= back[1]
    assert there[0] * back[1] == pytest.approx(1) and there[1] * back[0] == pytest.approx(1)
    lo, hi = convert(interval(first), there)
    (blo, bhi) = interval(second)
    assert lo <= bhi * (1 + 1e-9) and blo <= hi * (1 + 1e-9)  # they overlap


def test_implied_rates_hull_and_what_states_no_rate() -> None:
    pairs = [
        (money(6, None, "BTC"), money(51000, None, "USD")),
        (money(1, None, "BTC"), money(9000, None, "USD")),
        (money(5, None, "USD"), money(5, None, "USD")),  # one currency: no rate
    ]
    assert implied_rates(pairs) == {("BTC", "USD"): (8500.0, 9000.0),
                                    ("USD", "BTC"): (1 / 9000, 1 / 8500)}  # fmt: skip
    assert implied_rates([(money(6, None, "BTC"), fig(None, unit="USD", kind="money"))]) == {}
    assert convert((None, None), (1.0, 2.0)) == (None, None)


# ------------------------------------------------------------------ agreement: the cases

AGREE = [
    ("6,500 ~ about 6,500", fig(6500), fig(6500, "about"), True),
    ("more than 40,000 ~ 40,000", fig(40000, "more than", low=40000), fig(40000), True),
    ("more than 40,000 !~ 1.2 million", fig(40000, "more than", low=40000), fig(1.2e6), False),
    ("as many as 2.3M !~ 2.1M", fig(2.3e6, "as many as", high=2.3e6), fig(2.1e6), False),
    ("range contains", fig(None, "between", low=1000, high=2000), fig(1500), True),
    ("range excludes", fig(None, "between", low=1000, high=2000), fig(2500), False),
    ("nearly 20,000 ~ 19,500", fig(20000, "nearly", high=20000), fig(19500), True),
    ("8,000 !~ 9,000", fig(8000), fig(9000), False),
    ("June 2019 ~ 2019-06-15", day("2019-06"), day("2019-06-15"), True),
    ("June 2019 !~ July 2019", day("2019-06"), day("2019-07"), False),
]


@pytest.mark.parametrize("case,a,b,expected", AGREE, ids=[c[0] for c in AGREE])
def test_agree(case: str, a: Fact, b: Fact, expected: bool) -> None:
    assert agree(a, b) is expected
    assert agree(b, a) is expected


def test_agree_scales_units_of_one_measure() -> None:
    m = Measures(unit_scales={"terabyte": 1e12, "gigabyte": 1e9})
    assert agree(fig(1, unit="terabyte"), fig(1000, unit="gigabytes"), m)
    assert not agree(fig(1, unit="terabyte"), fig(1000, unit="gigabytes"))


# ------------------------------------------------------------------ status

STATUS = [
    # case, new fact, new published, stored [(fact, published)], expected status
    ("nothing stored", fig(6500), "2020-02-01", [], "new"),
    ("same value", fig(6500), "2020-02-01", [(fig(6500, "about"), "2020-01-01")], "confirmed"),
    ("later, disagrees", fig(9000), "2020-02-01", [(fig(8000), "2020-01-01")], "updated"),
    (
        "as many as 2.3M after 2.1M",
        fig(2.3e6, "as many as", high=2.3e6),
        "2020-03-01",
        [(fig(2.1e6), "2020-01-01")],
        "updated",
    ),
    ("same day, disagrees", fig(9000), "2020-01-01", [(fig(8000), "2020-01-01")], "conflicting"),
    ("earlier, disagrees", fig(9000), "2019-12-01", [(fig(8000), "2020-01-01")], "conflicting"),
    ("new date unknown", fig(9000), None, [(fig(8000), "2020-01-01")], "conflicting"),
    ("stored date unknown", fig(9000), "2020-02-01", [(fig(8000), None)], "conflicting"),
    (
        "denied vs asserted",
        fig(8000, certainty="denied"),
        "2020-02-01",
        [(fig(8000), "2020-01-01")],
        "conflicting",
    ),
    (
        "asserted vs denied",
        fig(8000),
        "2020-02-01",
        [(fig(8000, certainty="denied"), "2020-01-01")],
        "conflicting",
    ),
    (
        "hedged counts as asserted",
        fig(8000, certainty="hedged"),
        "2020-02-01",
        [(fig(8000), "2020-01-01")],
        "confirmed",
    ),
    (
        "agrees with the latest, not an old one",
        fig(9000),
        "2020-03-01",
        [(fig(8000), "2020-01-01"), (fig(9000), "2020-02-01")],
        "confirmed",
    ),
    (
        "agrees only with an outdated value, later",
        fig(8000),
        "2020-03-01",
        [(fig(8000), "2020-01-01"), (fig(9000), "2020-02-01")],
        "updated",
    ),
    (
        "agrees only with an outdated value, earlier",
        fig(8000),
        "2020-01-15",
        [(fig(8000), "2020-01-01"), (fig(9000), "2020-02-01")],
        "conflicting",
    ),
    (
        "other currency is not compared",
        fig(100, kind="money", unit="USD", currency="USD"),
        "2020-02-01",
        [(fig(900, kind="money", unit="EUR", currency="EUR"), "2020-01-01")],
        "new",
    ),
    (
        "same currency, later",
        fig(100, kind="money", unit="USD", currency="USD"),
        "2020-02-01",
        [(fig(900, kind="money", unit="USD", currency="USD"), "2020-01-01")],
        "updated",
    ),
    ("stored says nothing comparable", fig(8000), "2020-02-01", [(fig(None), "2020-01-01")], "new"),
    ("date agrees", day("2019-06"), "2020-12-25", [(day("2019-06"), "2020-01-21")], "confirmed"),
    # a date that disagrees is another step of the incident, never a revision of a date
    ("another date", day("2019-07"), "2020-12-25", [(day("2019-06"), "2020-01-21")], "new"),
    ("another date, same day", day("2019-07"), "2020-01-21", [(day("2019-06"), "2020-01-21")],
     "new"),
    ("a date within a range", day("2013-12-15"), "2014-01-10",
     [(Fact("d1", "date", "x", 0, 1, S, date="2013-12", granularity="month"), "2013-12-20")],
     "confirmed"),
]  # fmt: skip


@pytest.mark.parametrize("case,new,published,stored_,expected", STATUS, ids=[c[0] for c in STATUS])
def test_status(case: str, new: Fact, published: str | None, stored_: list, expected: str) -> None:
    facts = [stored(f, p, article_id=i) for i, (f, p) in enumerate(stored_, 1)]
    pub = date.fromisoformat(published) if published else None
    checked = status(new, pub, facts)
    assert checked.status == expected
    if expected == "new":
        assert checked.against == []
    else:
        assert checked.against
        assert set(checked.against[0]) >= {"value", "low", "high", "text", "source", "published"}


def test_against_lists_disagreeing_facts_most_recent_first() -> None:
    olds = [stored(fig(1000 + i), f"2020-01-{i + 1:02d}", article_id=i) for i in range(15)]
    checked = status(fig(9999), date(2020, 3, 1), olds)
    assert checked.status == "updated"
    assert len(checked.against) == AGAINST_LIMIT
    assert checked.against[0]["published"] == "2020-01-15"
    assert checked.against[0]["value"] == 1014


EQUALITY = [
    ("same date", day("2019-06"), [day("2019-06")], "confirmed"),
    ("different date is new, not a conflict", day("2019-07"), [day("2019-06")], "new"),
    ("coarser date is not equal", day("2019"), [day("2019-06")], "new"),
    ("denied same date", day("2019-06", certainty="denied"), [day("2019-06")], "conflicting"),
    ("unresolved date", day(None), [day("2019-06")], "new"),
]


@pytest.mark.parametrize("case,new,olds,expected", EQUALITY, ids=[c[0] for c in EQUALITY])
def test_other_dates_compare_only_by_equality(
    case: str, new: Fact, olds: list[Fact], expected: str
) -> None:
    facts = [stored(f, "2020-01-01") for f in olds]
    assert status(new, date(2020, 2, 1), facts, equality_only=True).status == expected


# ------------------------------------------------------------------ measures table

MEASURES = load_measures()


@pytest.mark.parametrize(
    "fact,expected",
    [
        (fig(5, unit="person"), "people affected"),
        (fig(5, unit="customers"), "people affected"),
        (fig(5, unit="American"), "people affected"),
        (fig(5, unit="account"), "accounts"),
        (fig(5, unit="payment card"), "payment cards"),
        (fig(5, unit="record"), "records"),
        (fig(5, unit="document"), "files"),
        (fig(5, unit="terabyte"), "data volume"),
        (fig(5, unit="server"), "systems"),
        (fig(5, unit="case"), "count of case"),
        (fig(5, unit="Japanese", role="victims"), "people affected"),
        (fig(5, unit="file", role="records"), "files"),  # the unit wins over the role
        (fig(5, kind="money", unit="USD", role="ransom"), "money:ransom"),
        (fig(5, kind="money", unit="USD", role=None), "money:amount"),
        (fig(5, kind="money", unit="USD", role="other"), "money:amount"),
        (day("2019-06", role="attack"), "date:attack"),
        (day("2019-06", role="other"), "date"),
        (day("2019-06"), "date"),
        (Fact("o", "organisation", "Acme", 0, 4, S, canonical="Acme"), "organisation"),
    ],
)
def test_measure_of(fact: Fact, expected: str) -> None:
    assert measure_of(fact, MEASURES) == expected


def in_sentence(text: str, number: str, unit: str) -> Fact:
    start = text.index(number)
    sent = Sentence(text, 0, len(text))
    return Fact("f1", "figure", number, start, start + len(number), sent, value=1, unit=unit)


@pytest.mark.parametrize(
    "text,unit,expected",
    [
        ("Hackers stole 500 million user accounts.", "user", "accounts"),
        ("Hackers stole 500 million customers' data.", "customer", "people affected"),
        ("Hackers stole data of 500 million users.", "user", "accounts"),
        ("It leaked 2 million customer records online.", "customer", "records"),
        ("It hit 270,000 customers of the firm.", "customer", "people affected"),
        ("It leaked 40,000 credit card numbers.", "credit card", "payment cards"),
        ("It leaked 3 email addresses.", "email", "emails"),  # "address" is no unit
        ("They encrypted 10 servers files.", "server", "files"),
    ],
)
def test_a_unit_modifying_another_unit_is_measured_by_the_head(
    text: str, unit: str, expected: str
) -> None:
    number = next(w for w in text.split() if w[0].isdigit())
    assert legacy.measure_of(in_sentence(text, number, unit), MEASURES) == expected


def test_the_extractors_unit_is_measured_as_it_is() -> None:
    fact = in_sentence("It leaked 2 million customer records online.", "2", "customer")
    assert measure_of(fact, MEASURES) == "people affected"  # the extractor writes "record"


def test_user_measures_extend_and_override(tmp_path: Path) -> None:
    user = tmp_path / "mine.json"
    user.write_text(json.dumps({"units": {"case": "incidents", "file": "documents"}}))
    m = load_measures(user)
    assert measure_of(fig(59, unit="case"), m) == "incidents"
    assert measure_of(fig(5, unit="file"), m) == "documents"
    assert measure_of(fig(5, unit="person"), m) == "people affected"


@pytest.mark.parametrize(
    "content,message",
    [
        ('{"units": {"person": 3}}', "[units -> person] expected a non-empty string, got 3"),
        ('{"unitz": {}}', "[unitz] unknown section"),
        ('{"units": []}', "[units] expected an object, got array"),
        ('{"unit_scales": {"tb": -1}}', "[unit_scales -> tb] expected a positive number"),
        ("[1]", "expected a JSON object, got array"),
        ('{"units": {\n"a": "b",\n}}', ":3: invalid JSON"),
    ],
)
def test_bad_measures_file_is_one_line_naming_the_file(
    tmp_path: Path, content: str, message: str
) -> None:
    bad = tmp_path / "measures.json"
    bad.write_text(content)
    with pytest.raises(MeasuresError) as e:
        load_measures(bad)
    text = str(e.value)
    assert text.startswith(str(bad))
    assert message in text
    assert "\n" not in text


def test_a_measures_file_not_in_utf8_names_the_byte_and_offset(tmp_path: Path) -> None:
    bad = tmp_path / "measures.json"
    bad.write_bytes(b'{"units": {"caf\xe9": "people affected"}}')
    with pytest.raises(MeasuresError) as e:
        load_measures(bad)
    assert str(e.value) == f"{bad}: not UTF-8 (byte 0xe9 at offset 15)"


def test_builtin_measures_file_is_valid() -> None:
    m = load_measures()
    assert m.units["person"] == "people affected"
    assert m.money_roles["ransom"] == "money:ransom"


def test_an_organisation_mention_is_confirmed_by_any_earlier_mention() -> None:
    acme = Fact("o", "organisation", "Acme", 0, 4, S, canonical="Acme")
    denied = replace(acme, certainty="denied")  # "Acme did not say ..."
    assert status(acme, date(2020, 2, 1), [stored(denied, "2020-01-01")]).status == "confirmed"
    assert status(denied, date(2020, 2, 1), [stored(acme, "2020-01-01")]).status == "confirmed"
    assert status(acme, date(2020, 2, 1), []).status == "new"


def test_measures_json_with_a_bom_is_read_and_one_nested_too_deep_is_one_line(
    tmp_path: Path,
) -> None:
    from breachfacts.errors import MeasuresError
    from breachfacts.store.measures import load_measures

    bom = tmp_path / "bom.json"
    bom.write_bytes(b'\xef\xbb\xbf{"units": {"widget": "systems"}}')
    assert load_measures(bom).units["widget"] == "systems"
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(MeasuresError) as err:
        load_measures(deep)
    assert str(err.value).startswith(f"{deep}: invalid JSON") and "\n" not in str(err.value)
