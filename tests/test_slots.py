"""The slot of a fact (issue #19): what is compared with what, and when a number is revised.

Three layers, as tables of cases: the extraction reads the qualifiers from the parse
(``nlp/slots.py``: population, payee, part of a total, event); the measure names the slot
(``store/measures.measure_of``); the comparison tells a restated number from a revised one
(``store/intervals.stated_agree``) and keeps incidents apart (``compare.same_event``).
The sentences are made up; the classes are the issue's.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from breachfacts.facts import Article, Extraction, Fact, Sentence
from breachfacts.store import Store
from breachfacts.store.compare import Checked, beside_a_total
from breachfacts.store.db import MIGRATIONS, apply_migrations, connect, pending
from breachfacts.store.intervals import rounding, stated_agree
from breachfacts.store.measures import load_measures, measure_of

S = Sentence("s", 0, 1)


def fig(value: float | None, qualifier: str | None = None, **kw) -> Fact:
    return Fact("f1", "figure", "x", 0, 1, S, value=value, qualifier=qualifier, **kw)


# ------------------------------------------------------------------ stated numbers

AGREE = [
    # (first wording, second wording, agree?)
    ((143e6, "as many as"), (147.9e6, "as many as"), False),  # the stated number moved
    ((143e6, None), (150e6, "nearly"), False),
    ((500e6, "up to"), (383e6, None), False),
    ((19000, "about"), (19000, "nearly"), True),
    ((19000, "about"), (18700, None), True),  # within 19,000's rounding
    ((6500, "about"), (6800, None), False),
    ((1000, "more than"), (1184, None), True),  # a number on the open side of a bound
    ((40000, "more than"), (1.2e6, None), False),
    ((1e9, None), (1.5e9, None), False),  # rounding never passes AROUND of the larger
    ((1e9, None), (3e9, None), False),
    ((57e6, None), (57e6, "some"), True),
    ((145.5e6, None), (147.9e6, None), False),
]


@pytest.mark.parametrize(("a", "b", "expected"), AGREE)
def test_stated_numbers_agree_within_their_rounding(a, b, expected) -> None:
    fa, fb = fig(a[0], a[1]), fig(b[0], b[1])
    assert stated_agree(fa, fb) is expected
    assert stated_agree(fb, fa) is expected


def test_ranges_and_vague_amounts_agree_by_overlap() -> None:
    between = fig(None, "between", low=1000, high=2000)
    assert stated_agree(between, fig(1500)) is True
    assert stated_agree(between, fig(2500)) is False


NUMBERS = st.integers(min_value=1, max_value=10**12).map(float)


@given(NUMBERS)
def test_a_number_agrees_with_itself_under_any_point_hedge(x: float) -> None:
    for q in (None, "about", "nearly", "as many as", "up to", "some"):
        assert stated_agree(fig(x), fig(x, q))


@given(NUMBERS, NUMBERS)
def test_agreement_is_symmetric_and_bounded_by_around(x: float, y: float) -> None:
    assert stated_agree(fig(x), fig(y)) == stated_agree(fig(y), fig(x))
    if stated_agree(fig(x), fig(y)):
        assert abs(x - y) <= 0.1 * max(x, y) + 1e-9


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=-2, max_value=9))
def test_rounding_is_half_the_last_significant_digit(digits: int, exponent: int) -> None:
    x = digits * 10.0**exponent
    while digits % 10 == 0:
        digits //= 10
        exponent += 1
    assert rounding(x) == pytest.approx(10.0**exponent / 2)


# ------------------------------------------------------------------ the measure names the slot

MEASURES = load_measures()
SLOTS = [
    # (fact fields, measure)
    ({"unit": "employee", "population": "employee"}, "people affected (employee)"),
    ({"unit": "customer"}, "people affected"),
    ({"unit": "member", "population": "loyalty member"}, "people affected (loyalty member)"),
    ({"unit": "file", "part_of": "f3"}, "files (part)"),
    ({"unit": "customer", "place": "the UK"}, "people affected in UK"),
]


@pytest.mark.parametrize(("fields", "measure"), SLOTS)
def test_qualifiers_narrow_the_measure(fields, measure) -> None:
    assert measure_of(fig(5, **fields), MEASURES) == measure


def test_money_payee_narrows_the_measure() -> None:
    fine = Fact("m1", "money", "x", 0, 1, S, value=1e8, unit="USD", currency="USD", role="fine")
    assert measure_of(fine, MEASURES) == "money:fine"
    assert measure_of(replace(fine, payee="FTC"), MEASURES) == "money:fine to FTC"


# ------------------------------------------------------------------ the store compares one slot


def article(text: str, published: str, source: str, *facts: tuple[str, dict]) -> Extraction:
    out = []
    org_at = text.index("Acme")
    out.append(
        Fact(
            "f1",
            "organisation",
            "Acme",
            org_at,
            org_at + 4,
            Sentence(text, 0, len(text)),
            canonical="Acme",
            role="victim",
            subject="Acme",
        )  # fmt: skip
    )
    for i, (phrase, kw) in enumerate(facts, start=2):
        at = text.index(phrase)
        out.append(
            Fact(
                f"f{i}",
                kw.pop("kind", "figure"),
                phrase,
                at,
                at + len(phrase),
                Sentence(text, 0, len(text)),
                subject="Acme",
                **kw,
            )  # fmt: skip
        )
    return Extraction(Article(source, text, date.fromisoformat(published)), tuple(out))


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "facts.sqlite") as s:
        yield s


def statuses(store: Store, x: Extraction) -> dict[str, str]:
    return {c.fact.text: c.status for c in store.check(x) if c.fact.kind != "organisation"}


def test_employees_and_customers_are_two_populations(store: Store) -> None:
    store.add([
        article("Acme lost data of 1,200 employees and 10,000 customers.", "2020-01-01", "a",
                ("1,200", {"value": 1200, "unit": "employee", "population": "employee",
                           "role": "victims"}),
                ("10,000", {"value": 10000, "unit": "customer", "role": "victims"})),
    ])  # fmt: skip
    later = article(
        "Acme now says 25,000 customers and 1,200 staff were hit.",
        "2020-02-01",
        "b",
        ("25,000", {"value": 25000, "unit": "customer", "role": "victims"}),
        ("1,200", {"value": 1200, "unit": "staff", "population": "employee", "role": "victims"}),
    )
    assert statuses(store, later) == {"25,000": "updated", "1,200": "confirmed"}


def test_a_part_is_no_revision_of_the_total(store: Store) -> None:
    store.add([
        article("Acme said 20,000 files were taken.", "2020-01-01", "a",
                ("20,000", {"value": 20000, "unit": "file", "role": "records"})),
    ])  # fmt: skip
    later = article(
        "Acme said 59 of those files were secret.",
        "2020-02-01",
        "b",
        ("59", {"value": 59, "unit": "file", "role": "records", "part_of": "total"}),
    )
    assert statuses(store, later) == {"59": "new"}


def test_two_breaches_of_one_company_are_kept_apart(store: Store) -> None:
    store.add([
        article("Acme said the 2013 breach hit 1 billion accounts.", "2017-01-01", "a",
                ("1 billion", {"value": 1e9, "unit": "account", "role": "victims",
                               "event": "2013"})),
    ])  # fmt: skip
    later = article(
        "Acme said the 2014 breach hit 500 million accounts.",
        "2017-02-01",
        "b",
        ("500 million", {"value": 5e8, "unit": "account", "role": "victims", "event": "2014"}),
    )
    assert statuses(store, later) == {"500 million": "new"}
    undated = article(
        "Acme said 500 million accounts were hit.",
        "2017-03-01",
        "c",
        ("500 million", {"value": 5e8, "unit": "account", "role": "victims"}),
    )
    assert statuses(store, undated) == {"500 million": "updated"}  # no year: against all


def test_payments_to_two_payees_are_two_slots(store: Store) -> None:
    usd = {"kind": "money", "unit": "USD", "currency": "USD", "role": "settlement"}
    store.add([
        article("Acme agreed a $700 million settlement.", "2019-07-22", "a",
                ("$700 million", {**usd, "value": 7e8})),
    ])  # fmt: skip
    later = article(
        "Acme will pay $175 million to the states.",
        "2019-07-23",
        "b",
        ("$175 million", {**usd, "value": 1.75e8, "payee": "state"}),
    )
    assert statuses(store, later) == {"$175 million": "new"}


def test_a_revision_with_hedges_is_an_update(store: Store) -> None:
    store.add([
        article("Acme said as many as 143 million people.", "2017-09-07", "a",
                ("as many as 143 million", {"value": 143e6, "high": 143e6, "unit": "person",
                                            "qualifier": "as many as", "role": "victims"})),
    ])  # fmt: skip
    later = article(
        "Acme now says as many as 147.9 million people.", "2018-03-01", "b",
        ("as many as 147.9 million", {"value": 147.9e6, "high": 147.9e6, "unit": "person",
                                      "qualifier": "as many as", "role": "victims"}),
    )  # fmt: skip
    assert statuses(store, later) == {"as many as 147.9 million": "updated"}


def test_a_restatement_read_into_another_slot_is_confirmed(store: Store) -> None:
    store.add([
        article("Acme said 78.8 million people were hit.", "2015-02-05", "a",
                ("78.8 million", {"value": 78.8e6, "unit": "person", "role": "victims"})),
    ])  # fmt: skip
    later = article(
        "Acme lost 78.8 million consumer records and 12 laptops, not 80 million records.",
        "2017-06-26",
        "b",
        ("78.8 million", {"value": 78.8e6, "unit": "record", "role": "records"}),
        ("12", {"value": 12, "unit": "laptop", "role": "other"}),
        ("80 million", {"value": 80e6, "unit": "record", "role": "records", "certainty": "denied"}),
    )
    # the same number restated under another measure; a small count and a denial are not
    got = statuses(store, later)
    assert got == {"78.8 million": "confirmed", "12": "new", "80 million": "new"}


def test_a_part_restated_without_its_qualifier_repeats_the_part(store: Store) -> None:
    person = {"unit": "person", "role": "victims"}
    store.add([
        article("Acme said 143 million people and 209,000 U.S. customers were hit.",
                "2017-09-07", "a",
                ("143 million", {**person, "value": 143e6}),
                ("209,000", {**person, "value": 209e3, "place": "U.S."})),
    ])  # fmt: skip
    later = article(
        "Acme lost card numbers of 209,000 consumers; 150 million people in all.",
        "2017-09-08",
        "b",
        ("209,000", {**person, "value": 209e3}),
        ("150 million", {**person, "value": 150e6}),
    )
    # the part restated for no place repeats the part, not a revision of the total;
    # a number that moved and restates nothing stays a revision
    assert statuses(store, later) == {"209,000": "confirmed", "150 million": "updated"}


def test_a_smaller_number_beside_the_total_is_a_part(store: Store) -> None:
    person = {"unit": "person", "role": "victims"}
    store.add([
        article("Acme said 57 million people were hit.", "2017-11-21", "a",
                ("57 million", {**person, "value": 57e6})),
    ])  # fmt: skip
    later = article(
        "Acme said 57 million people were hit, 600,000 of them drivers in the US.",
        "2017-11-22",
        "b",
        ("57 million", {**person, "value": 57e6}),
        ("600,000", {**person, "value": 6e5}),
    )
    # the article restates the total: the smaller number beside it is a part, not a revision
    assert statuses(store, later) == {"57 million": "confirmed", "600,000": "new"}


def test_a_larger_number_beside_the_old_one_still_updates(store: Store) -> None:
    accounts = {"unit": "account", "role": "records"}
    store.add([
        article("Acme said 500 million accounts were taken.", "2016-09-22", "a",
                ("500 million", {**accounts, "value": 5e8})),
    ])  # fmt: skip
    later = article(
        "Acme, which said 500 million accounts in September, now says 1 billion were taken.",
        "2016-12-14",
        "b",
        ("500 million", {**accounts, "value": 5e8}),
        ("1 billion", {**accounts, "value": 1e9}),
    )
    assert statuses(store, later) == {"500 million": "confirmed", "1 billion": "updated"}


def test_a_denial_beside_a_larger_number_still_conflicts(store: Store) -> None:
    person = {"unit": "person", "role": "victims"}
    store.add([
        article("Acme said 8,000 people were hit.", "2020-01-01", "a",
                ("8,000", {**person, "value": 8000})),
    ])  # fmt: skip
    later = article(
        "Acme said 20,000 people were hit, not 8,000.",
        "2020-01-02",
        "b",
        ("20,000", {**person, "value": 20000}),
        ("8,000", {**person, "value": 8000, "certainty": "denied"}),
    )
    assert statuses(store, later) == {"20,000": "updated", "8,000": "conflicting"}


def test_beside_a_total_weighs_like_with_like(store: Store) -> None:
    """A larger number beside a revision counts only in the same currency, on one unit
    scale, for an event that can be the same, and asserted (found by review)."""
    usd = {"kind": "money", "unit": "USD", "currency": "USD", "role": "ransom"}
    person = {"unit": "person", "role": "victims"}
    store.add([
        article("Acme paid a $5 million ransom.", "2020-01-01", "a",
                ("$5 million", {**usd, "value": 5e6})),
        article("Acme lost 2 terabytes of data.", "2020-01-01", "b",
                ("2 terabytes", {"unit": "terabyte", "role": "records", "value": 2})),
        article("Acme said 20,000 people were hit.", "2020-01-01", "c",
                ("20,000", {**person, "value": 20000})),
        article("Acme said the 2014 breach hit 500 million accounts.", "2020-01-01", "d",
                ("500 million", {"unit": "account", "role": "records", "value": 5e8,
                                 "event": "2014"})),
    ])  # fmt: skip
    # one payment in two currencies: the yen is no larger number beside the dollars
    yen = article(
        "Acme paid $3 million, or 330 million yen.", "2020-02-01", "e",
        ("$3 million", {**usd, "value": 3e6}),
        ("330 million yen", {"kind": "money", "unit": "JPY", "currency": "JPY",
                             "role": "ransom", "value": 3.3e8, "equivalent_of": "f2"}),
    )  # fmt: skip
    assert statuses(store, yen)["$3 million"] == "updated"
    # 1.5 terabytes is larger than 300 gigabytes, whatever the raw numbers
    sizes = article(
        "Acme lost 1.5 terabytes, 300 gigabytes of it email.", "2020-02-01", "f",
        ("1.5 terabytes", {"unit": "terabyte", "role": "records", "value": 1.5}),
        ("300 gigabytes", {"unit": "gigabyte", "role": "records", "value": 300}),
    )  # fmt: skip
    assert statuses(store, sizes) == {"1.5 terabytes": "updated", "300 gigabytes": "new"}
    # a denied larger number is no total: "8,000, not 20,000" revises the 20,000
    denied = article(
        "Acme said 8,000 people were hit, not 20,000.", "2020-02-01", "g",
        ("8,000", {**person, "value": 8000}),
        ("20,000", {**person, "value": 20000, "certainty": "denied"}),
    )  # fmt: skip
    assert statuses(store, denied)["8,000"] == "updated"
    # another year's larger number is no total of this year's
    years = article(
        "Acme said the 2014 breach hit 400 million accounts and the 2013 one 3 billion.",
        "2020-02-01", "h",
        ("400 million", {"unit": "account", "role": "records", "value": 4e8, "event": "2014"}),
        ("3 billion", {"unit": "account", "role": "records", "value": 3e9, "event": "2013"}),
    )  # fmt: skip
    assert statuses(store, years)["400 million"] == "updated"


def test_a_conflict_with_a_denial_is_no_restatement(store: Store) -> None:
    store.add([
        article("Acme said 5 million people were hit.", "2020-01-01", "a",
                ("5 million", {"unit": "person", "role": "victims", "value": 5e6})),
        article("Acme denied that 5 million records were stolen.", "2020-01-02", "b",
                ("5 million", {"unit": "record", "role": "records", "value": 5e6,
                               "certainty": "denied"})),
    ])  # fmt: skip
    later = article(
        "Acme lost 5 million records.", "2020-01-03", "c",
        ("5 million", {"unit": "record", "role": "records", "value": 5e6}),
    )  # fmt: skip
    assert statuses(store, later) == {"5 million": "conflicting"}


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["new", "confirmed", "updated", "conflicting"]),
            st.sampled_from(["people affected", "records"]),
            st.integers(min_value=1, max_value=10**9),
            st.sampled_from(["certain", "hedged", "denied"]),
            st.sampled_from([None, "2013", "2014"]),
        ),
        max_size=8,
    )
)
def test_beside_a_total_only_turns_smaller_revisions_new(rows) -> None:
    checked = [
        Checked(
            replace(fig(v), id=f"f{i}", certainty=cert, event=event), status, [], "Acme", measure
        )
        for i, (status, measure, v, cert, event) in enumerate(rows)
    ]
    out = beside_a_total(checked)
    assert [c.fact for c in out] == [c.fact for c in checked]
    for before, after in zip(checked, out, strict=True):
        f = before.fact
        # the asserted numbers of the slot that can be of the same event
        tops = [
            c.fact.value
            for c in checked
            if c.measure == before.measure
            and c.fact.certainty != "denied"
            and (not c.fact.event or not f.event or c.fact.event == f.event)
        ]
        larger = any(v > f.value for v in tops)
        turned = before.status in ("updated", "conflicting") and f.certainty != "denied"
        assert after.status == ("new" if turned and larger else before.status)


def test_the_same_payment_in_another_currency_is_one_slot(store: Store) -> None:
    usd = {"kind": "money", "unit": "USD", "currency": "USD", "role": "ransom"}
    store.add([
        article("Acme paid $100,000 to the hackers.", "2017-11-21", "a",
                ("$100,000", {**usd, "value": 1e5})),
    ])  # fmt: skip
    later = article(
        "Acme paid $100,000 (£75,000) to the hackers.", "2017-11-22", "b",
        ("$100,000", {**usd, "value": 1e5}),
        ("£75,000", {"kind": "money", "unit": "GBP", "currency": "GBP", "role": "ransom",
                     "value": 75000, "equivalent_of": "f2"}),
    )  # fmt: skip
    assert statuses(store, later) == {"$100,000": "confirmed", "£75,000": "confirmed"}


def test_a_number_told_as_history_confirms_what_was_said_then(store: Store) -> None:
    person = {"unit": "person", "role": "victims"}
    store.add([
        article("Acme said 143 million people were hit.", "2017-09-07", "a",
                ("143 million", {**person, "value": 143e6})),
        article("Acme said 148 million people were hit.", "2018-03-01", "b",
                ("148 million", {**person, "value": 148e6})),
    ])  # fmt: skip
    day = {"kind": "date", "date": "2017", "granularity": "year", "role": "disclosure"}
    history = article(
        "Acme disclosed in 2017 that 143 million people were hit.",
        "2019-07-22",
        "c",
        ("2017", day),
        ("143 million", {**person, "value": 143e6}),
    )
    assert statuses(store, history)["143 million"] == "confirmed"
    now = article(
        "Acme says 143 million people were hit.",
        "2019-07-22",
        "d",
        ("143 million", {**person, "value": 143e6}),
    )
    assert statuses(store, now)["143 million"] == "updated"  # no date: a current claim


def test_migration_8_adds_the_qualifiers_to_a_version_7_store(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    conn = connect(db, migrate=False)
    apply_migrations(conn, MIGRATIONS[:7])
    conn.execute("INSERT INTO articles (source, content_hash, added_at) VALUES ('a', 'h', 'now')")
    conn.execute(
        "INSERT INTO facts (article_id, fact_id, kind, text, subject, measure, value, unit)"
        " VALUES (1, 'f1', 'figure', '8,000', 'Acme', 'people affected', 8000, 'person')"
    )
    conn.close()
    conn = connect(db)
    assert pending(conn) == []
    row = conn.execute("SELECT value, population, payee, part_of, event FROM facts").fetchone()
    assert tuple(row) == (8000, None, None, None, None)
    conn.close()
    with Store.open(db) as s:  # the old row is a count of people in general
        later = article(
            "Acme said 8,000 people.",
            "2020-01-01",
            "b",
            ("8,000", {"value": 8000, "unit": "person", "role": "victims"}),
        )
        assert statuses(s, later) == {"8,000": "confirmed"}
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


# ------------------------------------------------------------------ read from the parse


def facts_of(nlp, sentence: str) -> tuple[Fact, ...]:
    """The facts breachfacts extracts from one sentence (published 2020-01-01)."""
    from breachfacts.extract import extract

    (x,) = extract([Article("t", sentence, date(2020, 1, 1))], nlp)
    return x.facts


QUALIFIERS = [
    # (sentence, fact text, qualifier, expected)
    ("Hackers stole the data of 1,200 employees of the firm.", "1,200", "population", "employee"),
    ("The breach exposed data on 300 staff members.", "300", "population", "employee"),
    ("The breach exposed data on 5,000 loyalty members.", "5,000", "population",
     "loyalty member"),
    ("The breach exposed data on 10,000 customers.", "10,000", "population", None),
    ("Hackers stole 20,000 files, and 59 of those files were secret.", "59", "part_of", "f1"),
    ("Hackers stole 20,000 files, and 59 of them were secret.", "59", "part_of", "f1"),
    ("The company will pay $175 million to the states.", "$175 million", "payee", "state"),
    ("The firm paid $100,000 to the hackers after the attack.", "$100,000", "payee", "hacker"),
    ("The firm paid up to $100,000 in ransom.", "$100,000", "payee", None),
    ("The 2013 breach affected 1 billion accounts.", "1 billion", "event", "2013"),
    ("The breach affected 1 billion accounts.", "1 billion", "event", None),
    ("The state gets $5.7 million, and $1.35 million of that amount goes to drivers.",
     "$1.35 million", "part_of", "f1"),
    ("Each driver will receive $100 after the breach.", "$100", "per", "driver"),
    ("Each one who was affected will receive a $100 payment.", "$100", "per", "person"),
    # added to a total: a part of it, not the total
    ("Acme said an additional 2.4 million consumers were affected.", "2.4 million", "part_of",
     "total"),
    ("Another 2.4 million customers were affected.", "2.4 million", "part_of", "total"),
    ("Acme said only around 600,000 drivers were affected.", "600,000", "part_of", None),
    # "of its / their" names the owner, not a total: a part only when a number follows
    ("Acme said 600,000 of its customers were affected.", "600,000", "part_of", None),
    ("Hackers stole 20,000 files; 12 of their servers were hit.", "12", "part_of", None),
    ("Acme has 40 million users, and 600,000 of its 40 million users were hit.", "600,000",
     "part_of", "f3"),
    ("Hackers stole 20,000 files, and 59 of these were secret.", "59", "part_of", "f1"),
    # a fronted partitive: "Of the N X, M ..." makes M a part of N
    ("Of the 6.9 million accounts hacked, 5.5 million held DNA matches.", "5.5 million",
     "part_of", "f1"),
    ("Acme lost 20,000 files. Of those, 59 were secret.", "59", "part_of", "f1"),
    ("Out of the 30 servers, 12 were encrypted.", "12", "part_of", "f1"),
    ("Of note, 5,000 customers were hit.", "5,000", "part_of", None),
    # a partitive count counts the noun after "of" (one lookup: syntax.counted_noun)
    ("Hackers hit 5,000 customers, and 300 of the staff members.", "300", "population",
     "employee"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "text", "field", "expected"), QUALIFIERS)
def test_qualifiers_are_read_from_the_sentence(nlp, sentence, text, field, expected) -> None:
    facts = [
        f
        for f in facts_of(nlp, sentence)
        if f.text.endswith(text) and f.kind in ("figure", "money")
    ]
    assert facts, [f.text for f in facts_of(nlp, sentence)]
    assert getattr(facts[0], field) == expected


def test_a_survey_sample_is_no_victim_count(nlp) -> None:
    text = "After the breach, a survey of 1,016 adults found that most would leave."
    (f,) = [f for f in facts_of(nlp, text) if f.text == "1,016"]
    assert f.role == "other"
    hit = "Hackers stole the data of 5 million adults in the breach."
    (f,) = [f for f in facts_of(nlp, hit) if f.text == "5 million"]
    assert f.role == "victims"


VAGUE_COUNTS = [
    # (sentence, fact text, unit, role): the noun inside a vague count is what it counts
    ("Hackers stole the data of thousands of customers in the breach.",
     "thousands of customers", "customer", "victims"),
    ("The firm is informing thousands of employees about the data breach.",
     "thousands of employees", "employee", "victims"),
    ("The botnet infected millions of computers in the attack.",
     "millions of computers", "computer", "systems"),
    ("Hundreds of thousands of records were leaked in the breach.",
     "Hundreds of thousands", "record", "records"),
    # adjectives before the noun: the count ends at the scale word, the noun is still read
    ("Personal data from millions of current and former account holders leaked.",
     "millions", "holder", "victims"),
    ("Hackers stole the data of thousands of past and present customers.",
     "thousands", "customer", "victims"),
    # the classes: people of any kind are victims, accounts of a product records
    ("The breach exposed the data of 850 servicemen.", "850", "serviceman", "victims"),
    ("Hackers stole the records of 200,000 kids in the breach.", "200,000", "kid", "victims"),
    ("The hack exposed 2.5 million Xbox accounts.", "2.5 million", "account", "records"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "text", "unit", "role"), VAGUE_COUNTS)
def test_a_vague_count_counts_its_noun(nlp, sentence, text, unit, role) -> None:
    (f,) = [f for f in facts_of(nlp, sentence) if f.text == text]
    assert (f.unit, f.role) == (unit, role)


CERTAINTY = [
    # (sentence, fact text, certainty): what a negation denies, and what it does not
    ("Officials said no customer data from the 50 million accounts was stolen.",
     "50 million", "certain"),
    ("The breach is not as bad as the 100 million records first reported.",
     "100 million", "certain"),
    ("The company said 50 million accounts were not compromised.", "50 million", "denied"),
    ("The firm denied that 50 million accounts were stolen.", "50 million", "denied"),
    ("No Social Security numbers, PINs or passwords from the 50 million records were taken.",
     "50 million", "certain"),
    # a negation after "but" is the later conjunct's, one before it the fact's
    ("Uber confirmed that hackers stole the names, email addresses and phone numbers of "
     "600,000 customers and drivers but more sensitive information such as credit card "
     "numbers had not been stolen.", "600,000", "certain"),
    ("The hackers did not take 600,000 records, but rather a few test files.",
     "600,000", "denied"),
    ("The leak was not 600,000 records but a handful.", "600,000", "denied"),
    # a denying or reporting head above the clause governs all of it, "but" or not
    ("Hackers stole the data of 600,000 customers but spared their passwords, the company "
     "denied.", "600,000", "denied"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "text", "certainty"), CERTAINTY)
def test_what_a_negation_denies(nlp, sentence, text, certainty) -> None:
    (f,) = [f for f in facts_of(nlp, sentence) if f.text == text]
    assert f.certainty == certainty


ENFORCERS = [
    # (sentence, organisation, role): a regulator or court acts on the victim
    ("Acme Corp will pay $700 million to settle with the Federal Trade Commission over "
     "a data breach that exposed 150 million people.", "Federal Trade Commission", "other"),
    ("The ICO fined Acme Corp £20 million over the data breach.", "ICO", "other"),
    ("Hackers breached the Federal Trade Commission and stole 2,000 files.",
     "Federal Trade Commission", "victim"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "org", "role"), ENFORCERS)
def test_an_enforcer_is_no_victim(nlp, sentence, org, role) -> None:
    (f,) = [f for f in facts_of(nlp, sentence) if f.kind == "organisation" and f.text == org]
    assert f.role == role


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    total=st.integers(min_value=1_000, max_value=10**8),
    share=st.integers(min_value=2, max_value=999),
    noun=st.sampled_from(["accounts", "customers", "files", "patients", "records"]),
    lead=st.sampled_from(["", "Hackers hit Acme Corp. ", "Acme said on Monday it was hacked. "]),
)
@example(total=25_489_063, share=76, noun="customers", lead="Acme said on Monday it was hacked. ")
def test_a_fronted_partitive_keeps_its_part(nlp, total, share, noun, lead) -> None:
    """ "Of the N X hacked, M ..." : M is a figure, a part of N, and counts X (it was lost
    when a sentence came before: the noun before the number was read as inside it)."""
    text = f"{lead}Of the {total:,} {noun} hacked, {share:,} were sold online."
    figures = {f.text: f for f in facts_of(nlp, text) if f.kind == "figure"}
    assert set(figures) == {f"{total:,}", f"{share:,}"}, list(figures)
    part, whole = figures[f"{share:,}"], figures[f"{total:,}"]
    assert (part.value, part.part_of) == (share, whole.id)
    assert part.unit in (None, whole.unit)  # the parse does not always link the noun
