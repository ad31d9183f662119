"""The scoped span ruler finds exactly the matches of spaCy's own, over less of the text."""

from __future__ import annotations

import pytest
from spacy.pipeline import SpanRuler

from breachfacts.nlp.scope import PatternScope, ScopedSpanRuler, compile_spec
from conftest import ARTICLES

EXTRA = [
    "Hackers stole 5 million records and $7m from the City of Del Rio on Feb 17, 2017.",
    "The Lazarus Group asked for 40 BTC; between 5 and 10 million users, call 1-800-555-0199.",
    "CVE-2019-0708 in version 2.3.1 hit hundreds of thousands of devices at 10:30 a.m.",
    "Madison County and Spiral Toys said a dozen companies lost £45million, or USD 4,500.",
]


def matches(ruler, doc) -> list[tuple[int, int, str, str]]:
    return [(s.start, s.end, s.label_, s.id_) for s in ruler.match(doc)]


@pytest.fixture(scope="module")
def rulers_and_docs(nlp):
    rules = nlp.get_pipe("breachfacts_entities")
    patterns = [{**p, "pattern": rules._tokens(p["pattern"])} for p in rules.data.rules]
    rulers = []
    for cls in (SpanRuler, ScopedSpanRuler):
        ruler = cls(nlp, "test", spans_key=None, annotate_ents=True, overwrite=False)
        ruler.add_patterns(patterns)
        rulers.append(ruler)
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    with nlp.select_pipes(disable=["breachfacts_entities"]):
        docs = list(nlp.pipe([*texts, *EXTRA]))
    return rulers, docs


def test_same_matches_as_the_span_ruler(rulers_and_docs) -> None:
    (spacy_ruler, scoped), docs = rulers_and_docs
    found = 0
    for doc in docs:
        expected = matches(spacy_ruler, doc)
        assert matches(scoped, doc) == expected
        found += len(expected)
    assert found > 10


def test_regions_cover_less_than_the_text(rulers_and_docs) -> None:
    (_, scoped), docs = rulers_and_docs
    covered = sum(e - s for d in docs for s, e in scoped.scope.regions(d))
    assert 0 < covered < sum(len(d) for d in docs) / 2


@pytest.mark.parametrize(
    ("pattern", "everywhere"),
    [
        ([{"LOWER": "port"}, {"IS_DIGIT": True}], False),
        ([{"LEMMA": "steal"}], True),  # an attribute the scope cannot test
        ([{"LOWER": "a", "OP": "?"}, {"LOWER": "b", "OP": "*"}], True),  # all optional
        ([{"LOWER": "no", "OP": "!"}, {"LOWER": "b"}], True),  # negated
        ([{"LOWER": {"FUZZY": "hack"}}], True),  # an operator it does not know
    ],
)
def test_what_the_scope_cannot_bound_runs_everywhere(pattern, everywhere) -> None:
    assert PatternScope([pattern]).everywhere is everywhere


@pytest.mark.parametrize(
    ("spec", "values", "expected"),
    [
        ({"LOWER": {"IN": ["port"]}}, {"lower_": "port"}, True),
        ({"LOWER": {"NOT_IN": ["port"]}}, {"lower_": "port"}, False),
        ({"TEXT": {"REGEX": "^v\\d"}}, {"text": "v2"}, True),
        ({"POS": "PROPN", "IS_TITLE": True}, {"pos": "PROPN", "is_title": False}, False),
        ({"ENT_TYPE": ""}, {"ent_type": "ORG"}, False),
        ({"LEMMA": "x", "LOWER": "y"}, {"lower_": "y"}, True),  # LEMMA let through
    ],
)
def test_compiled_specs(spec, values, expected) -> None:
    assert compile_spec(spec)(values) is expected
