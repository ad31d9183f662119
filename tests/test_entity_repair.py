"""Entity repair on text the model gets partly wrong: currency markers, date cores, unions."""

from __future__ import annotations

import pytest


def ents(nlp, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in nlp(text).ents]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Hancock Health paid a $55,000 ransom to hackers.", "$55,000"),
        ("The attacker asked for $400 to unlock it.", "$400"),
        ("It is worth a little over $11,000 USD today.", "a little over $11,000 USD"),
        ("Losses reached more than $600m last year.", "more than $600m"),
        ("They demanded 5 bitcoins from the county.", "5 bitcoins"),
    ],
)
def test_money_takes_its_currency(nlp, text: str, span: str) -> None:
    assert (span, "MONEY") in ents(nlp, text)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Just this week, Big Blue said it is working on a fix.", "this week"),
        ("The breach extended past December 29, 2016, although nobody knows.", "December 29, 2016"),
        ("Apple released the fix earlier today.", "earlier today"),
    ],
)
def test_date_core(nlp, text: str, span: str) -> None:
    assert (span, "DATE") in ents(nlp, text)


def test_time_of_day_is_not_a_date(nlp) -> None:
    assert not [
        e for e in nlp("The server went down at 10:30 a.m. local time.").ents if e.label_ == "DATE"
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Files were encrypted at Spanish telecom firm Telefonica.", "Telefonica"),
        ("Spiral Toys, the company behind the products, is denying it.", "Spiral Toys"),
        ("Officials in Madison County say a ransomware attack hit them.", "Madison County"),
        ("Officials based at the City of Del Rio were forced to work on paper.", "City of Del Rio"),
        ("The Lazarus Group struck again.", "Lazarus Group"),
        ("The attack was attributed to APT28 last year.", "APT28"),
    ],
)
def test_organisation_from_context(nlp, text: str, name: str) -> None:
    assert (name, "ORG") in ents(nlp, text)


def test_a_person_after_a_job_word_stays_a_person(nlp) -> None:
    found = ents(nlp, "Kansas-based software developer Darren Cauthon reported it on Twitter.")
    assert ("Darren Cauthon", "ORG") not in found


def test_vague_money_stays_money(nlp) -> None:
    found = ents(nlp, "The attack may cost victims hundreds of millions of dollars in fees.")
    assert ("hundreds of millions of dollars", "MONEY") in found


def test_duration_with_relative_word_is_a_date(nlp) -> None:
    found = ents(nlp, "Two years prior to the first Ukraine incident, the malware spread.")
    assert ("Two years prior", "DATE") in found
