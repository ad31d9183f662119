"""Fact building (extract.py): money restated in another currency is linked to the first."""

from __future__ import annotations

import pytest

from breachfacts.extract import extract
from breachfacts.facts import Article


def money(nlp, text: str) -> list[tuple[str, str | None]]:
    """(text, text of the amount it restates) of each money fact."""
    (ex,) = extract([Article(id="t", text=text)], nlp)
    by_id = {f.id: f for f in ex.facts}
    return [
        (f.text, by_id[f.equivalent_of].text if f.equivalent_of else None)
        for f in ex.facts
        if f.kind == "money"
    ]


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            "The firm lost 30 billion yen ($270 million) last year.",
            ("$270 million", "30 billion yen"),
        ),
        (
            "The gang asked for 3 bitcoins to decrypt every laptop, equaling to around $24,000.",
            ("around $24,000", "3 bitcoins"),
        ),
        (
            "Pay 2 bitcoins for all of the servers. (That's the equivalent of about $16,000.)",
            ("about $16,000", "2 bitcoins"),
        ),
        (
            "The school paid 4 bitcoins, which is currently worth $30,000, to the gang.",
            ("$30,000", "4 bitcoins"),
        ),
        (
            "Victims were told to send 1.5 bitcoins, or roughly $900.",
            ("roughly $900", "1.5 bitcoins"),
        ),
        ("Fines reached €50,000 (about £43,000) in May.", ("about £43,000", "€50,000")),
    ],
)
def test_restatement_in_another_currency_is_linked(nlp, text: str, pair: tuple[str, str]) -> None:
    assert pair in money(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        # same currency: a second amount, not a conversion
        "The city paid $50,000 (or $20,000 after insurance) to the gang.",
        # no cue before the second amount
        "The gang asked for 3 bitcoins and the city spent $2 million on recovery.",
        # another number between the two
        "They asked for 3 bitcoins from 40 victims, worth $24,000 in total.",
        # too far apart: two sentences later
        "They asked for 3 bitcoins. The city refused. That was worth $24,000.",
    ],
)
def test_other_money_is_not_linked(nlp, text: str) -> None:
    found = money(nlp, text)
    assert len(found) == 2 and all(link is None for _, link in found), found
