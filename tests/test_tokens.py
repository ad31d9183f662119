"""Tokenizer rules the pipeline adds (issue 18): a counted noun glued to its number, a
period after a scale letter. A table of texts and their tokens, and properties."""

from __future__ import annotations

import re

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st

from breachfacts.nlp.tokens import SCALE_LETTER_PERIOD, add_tokenizer_rules, glued_unit_suffix


@pytest.mark.parametrize(
    "text,tokens",
    [
        ("exposed 536,727accounts.", ["exposed", "536,727", "accounts", "."]),
        ("held 3,400users", ["held", "3,400", "users"]),
        ("hit 45,300patients", ["hit", "45,300", "patients"]),
        ("listed 2,500,000emails", ["listed", "2,500,000", "emails"]),
        ("Some 700devices were", ["Some", "700", "devices", "were"]),
        ("reached £3B.", ["reached", "£", "3B", "."]),
        ("cost $6T.", ["cost", "$", "6", "T", "."]),
        ("collected 1,900,000profiles", ["collected", "1,900,000", "profiles"]),
        # not a counted noun, or no digits before it: left whole
        ("on 4chan and 8kun", ["on", "4chan", "and", "8kun"]),
        ("hash 5f4dcc3b5aa7", ["hash", "5f4dcc3b5aa7"]),
        ("the U.S. and the U.K.", ["the", "U.S.", "and", "the", "U.K."]),
        ("accounts and users", ["accounts", "and", "users"]),
    ],
)
def test_tokens(nlp, text: str, tokens: list[str]) -> None:
    assert [t.text for t in nlp.make_doc(text)] == tokens


def test_rules_added_once() -> None:
    blank = spacy.blank("en")
    before = blank.tokenizer.suffix_search.__self__.pattern
    tables = {"measures": {"units": {"account": "accounts"}}}
    add_tokenizer_rules(add_tokenizer_rules(blank, tables), tables)
    after = blank.tokenizer.suffix_search.__self__.pattern
    assert after.startswith(before) and after.count(SCALE_LETTER_PERIOD) == 1
    assert [t.text for t in blank("lost 12accounts")] == ["lost", "12", "accounts"]


@given(
    st.integers(1, 10**9),
    st.sampled_from(["record", "account", "entry", "device", "user"]),
    st.booleans(),
)
def test_a_glued_noun_splits_off_whole(n: int, noun: str, plural: bool) -> None:
    """The suffix is the whole noun, never part of it or of the number."""
    word = {"entry": "entries"}.get(noun, noun + "s") if plural else noun
    suffix = re.compile(glued_unit_suffix(["record", "account", "entry", "device", "user"]) + "$")
    m = suffix.search(f"{n:,}{word}")
    assert m is not None and m.group() == word
    assert suffix.search(word) is None


def test_saved_pipeline_keeps_the_rules(nlp, tmp_path) -> None:
    nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    assert [t.text for t in loaded.make_doc("lost 536,727accounts.")] == [
        "lost",
        "536,727",
        "accounts",
        ".",
    ]
