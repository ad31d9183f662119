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
