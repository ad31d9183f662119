"""Organisation names: a table of cases, then properties."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachfacts.errors import PatternError
from breachfacts.normalise import orgs
from breachfacts.normalise.orgs import (
    LEGAL_SUFFIXES,
    acronym_of,
    canonical_org,
    check_aliases,
    clean_org_span,
    same_org,
)
from breachfacts.tables import load_json_table

ALIASES = check_aliases(load_json_table("aliases.json"))


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Mitsubishi Electric Corp.", "Mitsubishi Electric"),
        ("Mitsubishi Electric Corporation", "Mitsubishi Electric"),
        ("Mitsubishi Electric Co., Ltd.", "Mitsubishi Electric"),
        ("Mitsubishi Heavy Industries, Ltd.", "Mitsubishi Heavy Industries"),
        ("Mitsubishi Electric's", "Mitsubishi Electric"),
        ("Mitsubishi Electric\u2019s", "Mitsubishi Electric"),
        ("Mitsubishi\u00a0 Electric", "Mitsubishi Electric"),
        ("The Japan Times", "Japan Times"),
        ("the Japan Times", "Japan Times"),
        ("The Asahi Shimbun", "Asahi Shimbun"),
        ("Nuclear Regulation Authority", "Nuclear Regulation Authority"),
        ("Acme, Inc.", "Acme"),
        ("Acme Inc", "Acme"),
        ("ACME INC.", "ACME"),
        ("Equifax Inc.", "Equifax"),
        ("Google LLC", "Google"),
        ("Marks and Spencer Group plc", "Marks and Spencer Group"),
        ("BT Group PLC", "BT Group"),
        ("Siemens AG", "Siemens"),
        ("Deutsche Telekom GmbH", "Deutsche Telekom"),
        ("Banco Santander S.A.", "Banco Santander"),
        ("Philips N.V.", "Philips"),
        ("SoftBank Group Corp.", "SoftBank Group"),
        ("CK Hutchison Holdings Limited", "CK Hutchison Holdings"),
        ("Lazarus Group", "Lazarus Group"),
        ("Ford Motor Company", "Ford Motor Company"),
        ("\u201cShadow Brokers,\u201d", "Shadow Brokers"),
        ("(FBI)", "FBI"),
        ("FBI.", "FBI"),
        ("U.S.", "U.S."),
        ("Corp.", "Corp"),
        ("Rolls-Royce", "Rolls-Royce"),
        # junk
        ("", None),
        ("   ", None),
        ("the", None),
        ("The", None),
        ("a", None),
        ("123", None),
        ("$874 million", None),
        ("Mitsubishi\nElectric", None),
        ("Photo/Illutration The Mitsubishi Electric Corp.", None),
        ("Photo/Illustration Mitsubishi Electric", None),
        ("Mitsubishi Electric logo (Asahi Shimbun file photo)", None),
        ("one two three four five six seven eight nine", None),
    ],
)
def test_canonical_org(text: str, expected: str | None) -> None:
    assert canonical_org(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("the Japanese Defense Ministry", "Defense Ministry"),
        ("Japan\u2019s Defense Ministry", "Defense Ministry"),
        ("Defense Ministry", "Defense Ministry"),
        ("Fancy Bear", "APT28"),
        ("fancy bear", "APT28"),
        ("APT 28", "APT28"),
        ("Sofacy", "APT28"),
        ("Strontium", "APT28"),
        ("Cozy Bear", "APT29"),
        ("The Dukes", "APT29"),
        ("Hidden Cobra", "Lazarus Group"),
        ("Lazarus", "Lazarus Group"),
        ("the Lazarus Group", "Lazarus Group"),
        ("Federal Bureau of Investigation", "FBI"),
        ("the FBI", "FBI"),
        ("the National Security Agency", "NSA"),
        ("Department of Homeland Security", "DHS"),
        ("Microsoft Corp", "Microsoft"),
        ("Microsoft Corporation", "Microsoft"),
        ("Evil Corp", "Evil Corp"),
        ("McDonald's Corp.", "McDonald's"),
        ("McDonald\u2019s", "McDonald's"),
        ("Kaspersky Lab", "Kaspersky"),
        ("Mitsubishi Electric Corp.", "Mitsubishi Electric"),
    ],
)
def test_canonical_org_with_aliases(text: str, expected: str) -> None:
    assert canonical_org(text, ALIASES) == expected


def test_user_alias_table_is_case_insensitive() -> None:
    assert canonical_org("the zorbex crew", {"zorbex crew": "Zorbex"}) == "Zorbex"
    assert canonical_org("Zorbex Crew Inc.", {"ZORBEX CREW": "Zorbex"}) == "Zorbex"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Photo/Illutration The Mitsubishi Electric Corp.", "Mitsubishi Electric Corp."),
        ("Photo/Illustration Mitsubishi Electric", "Mitsubishi Electric"),
        ("File photo: Sony Pictures", "Sony Pictures"),
        ("The Japan Times", "Japan Times"),
        ("Mitsubishi Electric (Asahi Shimbun file photo)", "Mitsubishi Electric"),
        ("(Asahi Shimbun file photo) Mitsubishi Electric", "Mitsubishi Electric"),
        ("\u201cThe FBI,\u201d", "FBI"),
        ("Ministry of Defense (Japan)", "Ministry of Defense (Japan)"),
        ("Mitsubishi Electric (", "Mitsubishi Electric"),
        ("Mitsubishi Electric\nHow well do you", "Mitsubishi Electric"),
        ("Mitsubishi Electric", "Mitsubishi Electric"),
    ],
)
def test_clean_org_span(text: str, expected: str) -> None:
    span = clean_org_span(text)
    assert span is not None
    assert text[span[0] : span[1]] == expected


@pytest.mark.parametrize(
    "text", ["", "the", "The ", "Photo", "Photo/Illutration", "(file photo)", "--"]
)
def test_clean_org_span_finds_nothing(text: str) -> None:
    assert clean_org_span(text) is None


@pytest.mark.parametrize(
    "short,full,expected",
    [
        ("Mitsubishi", "Mitsubishi Electric", True),
        ("mitsubishi", "Mitsubishi Electric Corp.", True),
        ("Mitsubishi Electric", "Mitsubishi Electric", True),
        ("Mitsubishi Electric", "Mitsubishi Heavy Industries", False),
        ("Mitsubishi Heavy Industries", "Mitsubishi", False),
        ("MHI", "Mitsubishi Heavy Industries", True),  # initials
        ("IHG", "InterContinental Hotels Group", True),
        ("IHG", "Intercontinental Hotels Group", True),
        ("ICHG", "InterContinental Hotels Group", True),
        ("FBI", "Federal Bureau of Investigation", True),
        ("Ihg", "Intercontinental Hotels Group", False),  # not written as an acronym
        ("IHG", "Intercontinental Hotels", False),
        ("InterContinental Hotels Group", "IHG", False),
        ("Electric", "Mitsubishi Electric", False),
        ("Japan", "Japan Times", False),
        ("National", "National Security Agency", False),
        ("Nuclear Regulation", "Nuclear Regulation Authority", True),
        ("", "Mitsubishi Electric", False),
    ],
)
def test_same_org(short: str, full: str, expected: bool) -> None:
    assert same_org(short, full) is expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Intercontinental Hotels Group Data Breach", "Intercontinental Hotels Group"),
        ("the Equifax breach", "Equifax"),
        ("Yahoo Hack", "Yahoo"),
        ("Data Breach", "Data Breach"),  # an incident noun is never the whole name
        ("Breach", "Breach"),
    ],
)
def test_trailing_incident_nouns_go(text: str, expected: str) -> None:
    assert canonical_org(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("City of Atlanta", "Atlanta"),
        ("the City of Atlanta", "Atlanta"),
        ("State of Ohio", "Ohio"),
        ("County of Los Angeles", "Los Angeles"),
        ("City of London Police", "City of London Police"),  # a body of the government
        ("Bank of America", "Bank of America"),
        ("City", "City"),
    ],
)
def test_a_government_prefix_goes(text: str, expected: str) -> None:
    assert canonical_org(text) == expected


def test_check_aliases_returns_the_table() -> None:
    table = {"Fancy Bear": "APT28", "Cozy Bear": "APT29", "comment": "groups"}
    assert check_aliases(table) == {"Fancy Bear": "APT28", "Cozy Bear": "APT29"}


@pytest.mark.parametrize(
    "table,message",
    [
        (["APT28"], "must be a JSON object of alias -> name, not array"),
        ({"Fancy Bear": 28}, r"\[Fancy Bear\] must be a string, not number"),
        ({"Fancy Bear": {"to": "APT28"}}, r"\[Fancy Bear\] must be a string, not object"),
        ({"Fancy Bear": None}, "not null"),
        ({"Fancy Bear": " "}, "must not be empty"),
        ({"Fancy Bear": "APT28", "fancy bear": "APT29"}, "given twice"),
        ({"Fancy Bear": "APT28", "Fancy’s": "x", "fancy's": "y"}, "given twice"),
    ],
)
def test_check_aliases_rejects_malformed_tables(table: object, message: str) -> None:
    with pytest.raises(PatternError, match=message) as err:
        check_aliases(table, "my/aliases.json")  # type: ignore[arg-type]
    text = str(err.value)
    assert text.startswith("my/aliases.json: ") and "\n" not in text


def test_shipped_aliases() -> None:
    """Every target is canonical: cleaning it (with the table) gives it back."""
    assert 30 <= len(ALIASES) <= 80
    for alias, target in ALIASES.items():
        assert canonical_org(target, ALIASES) == target, alias
        assert canonical_org(alias, ALIASES) == target, alias


def test_doctests() -> None:
    assert doctest.testmod(orgs).failed == 0


# --------------------------------------------------------------------------------------
# Properties

_NOT_NAME_WORDS = {w.lower() for w in orgs._FUNCTION_WORDS} | LEGAL_SUFFIXES
name_words = st.from_regex(r"[A-Z][a-z]{1,9}", fullmatch=True).filter(
    lambda w: (
        w.lower() not in _NOT_NAME_WORDS
        and orgs._CAPTION.fullmatch(w) is None
        # a word the normaliser strips as a suffix ("Co", "Sa") cannot end a name here
        and canonical_org(f"Name {w}") == f"Name {w}"
    )
)
names = st.lists(name_words, min_size=1, max_size=4).map(" ".join)


@given(st.text())
def test_never_raises(text: str) -> None:
    for table in (None, ALIASES):
        result = canonical_org(text, table)
        assert result is None or (result and result == result.strip())
    span = clean_org_span(text)
    assert span is None or 0 <= span[0] < span[1] <= len(text)


@given(st.one_of(st.text(), names, names.map(lambda n: f"the {n}'s Corp., Ltd.")))
def test_canonical_org_is_idempotent(text: str) -> None:
    for table in (None, ALIASES):
        once = canonical_org(text, table)
        if once is not None:
            assert canonical_org(once, table) == once


@given(
    names,
    st.sampled_from(["The ", "the ", ""]),
    st.sampled_from(
        [" Corp.", " Corp", ", Inc.", " Inc", " Ltd.", " Co., Ltd.", " plc", " LLC", ""]
    ),
)
def test_article_and_legal_suffix_do_not_matter(name: str, article: str, suffix: str) -> None:
    assert canonical_org(f"{article}{name}{suffix}") == canonical_org(name) == name


@given(st.lists(name_words, min_size=2, max_size=5))
def test_initials_of_a_name_link_to_it(words: list[str]) -> None:
    full = " ".join(words)
    acronym = "".join(w[0] for w in words).upper()
    assert acronym_of(acronym, full) and same_org(acronym, full)
    assert acronym_of(acronym.replace("", ".")[1:], full)  # "I.H.G."
    assert not acronym_of(acronym.capitalize(), full) or len(acronym) < 2
    assert not same_org(full, acronym)


@given(names, names)
def test_a_name_is_a_short_form_of_itself_extended(head: str, tail: str) -> None:
    full = f"{head} {tail}"
    assert same_org(head, full) or head.lower() in orgs._GENERIC_HEADS
    assert not same_org(full, head)
