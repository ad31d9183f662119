"""normalise/names.py: which stored name a subject names (pure, no SQLite); and
store/linking.capitalised_names."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachfacts.normalise import names
from breachfacts.normalise.names import (
    group_names,
    lookup_keys,
    pick_subject,
    same_subject,
    subject_keys,
)
from breachfacts.normalise.orgs import LEGAL_SUFFIXES
from breachfacts.store import linking
from breachfacts.store.linking import capitalised_names


@pytest.mark.parametrize(
    "a,b,expected",
    [
        ("IHG", "InterContinental Hotels Group", True),
        ("Intercontinental Hotels Group", "InterContinental Hotels Group", True),
        ("I.H.G.", "IHG", True),
        ("FBI", "Federal Bureau of Investigation", True),
        ("Yahoo", "Yahoo Japan", False),  # a short form is linked only inside one article
        ("Indiana Health Group", "InterContinental Hotels Group", False),
        ("Ihg", "Intercontinental Hotels Group", False),
    ],
)
def test_same_subject(a: str, b: str, expected: bool) -> None:
    assert same_subject(a, b) is expected
    assert same_subject(b, a) is expected


def test_doctests() -> None:
    assert doctest.testmod(names).failed == 0
    assert doctest.testmod(linking).failed == 0


def test_lookup_keys_of_an_acronym_fall_back_to_full_names_with_its_initials() -> None:
    assert lookup_keys("I.H.G.") == (["i.h.g.", "=ihg"], ["ihg"])
    assert lookup_keys("Yahoo") == (["yahoo", "~yahoo"], [])


CORE_NAMES = [
    # (a, b, same subject?): company words after a name do not make another company
    ("Marriott", "Marriott International", True),
    ("Uber", "Uber Technologies Inc.", True),
    ("Starwood", "Starwood Hotels & Resorts", True),
    ("Yahoo", "Yahoo Japan", False),
    ("Capital One", "Capital Two", False),
    ("Security Group", "Security", True),
]


@pytest.mark.parametrize(("a", "b", "same"), CORE_NAMES)
def test_company_words_after_a_name(a: str, b: str, same: bool) -> None:
    assert same_subject(a, b) is same
    assert same_subject(b, a) is same
    shared = set(lookup_keys(a)[0]) & subject_keys(b)
    assert bool(shared) is same


words = st.from_regex(r"[A-Z][a-z]{2,9}", fullmatch=True).filter(
    lambda w: (
        w.lower() not in {"the", "and", "for", "breach", "hack", "attack", "leak"}
        and w.lower() not in LEGAL_SUFFIXES
    )  # "Ltd" is no initial (hypothesis found "Aaa Ltd")
)


@given(st.lists(words, min_size=2, max_size=5, unique=True))
def test_an_acronym_meets_its_name_by_a_shared_key(ws: list[str]) -> None:
    full = " ".join(ws)
    acronym = "".join(w[0] for w in ws)
    assert subject_keys(acronym) & subject_keys(full)
    assert pick_subject(acronym, [full]) == full
    assert pick_subject(full.upper(), [full]) == full
    assert group_names([acronym, full]) == {acronym: full, full: full}


@given(st.lists(words, min_size=1, max_size=4))
def test_pick_subject_returns_a_candidate_or_none(ws: list[str]) -> None:
    cands = [" ".join(ws), "".join(w[0] for w in ws), "Other Name Here"]
    got = pick_subject(ws[0], cands)
    assert got is None or got in cands


@pytest.mark.parametrize(
    "text,names",
    [
        ("exposed 148 million Equifax customers", ["Equifax"]),
        ("InterContinental Hotels Group (IHG) said", ["InterContinental Hotels Group", "IHG"]),
        ("Bank of America's users", ["Bank of America"]),
        ("the company notified the FBI, then Yahoo", ["FBI", "Yahoo"]),
    ],
)
def test_capitalised_names(text: str, names: list[str]) -> None:
    found = [n for _, n in capitalised_names(text)]
    assert all(n in found for n in names), found


@given(st.text(max_size=200))
def test_capitalised_names_are_at_their_offsets(text: str) -> None:
    for i, name in capitalised_names(text):
        assert text[i : i + len(name)] == name


@given(
    st.lists(words, min_size=1, max_size=3, unique=True),
    st.sampled_from(
        ["International", "Group", "Holdings", "Inc.", "Technologies", "Hotels & Resorts"]
    ),
)
def test_a_name_and_its_company_words_share_a_key(ws: list[str], tail: str) -> None:
    name = " ".join(ws)
    assert set(lookup_keys(name)[0]) & subject_keys(f"{name} {tail}")
