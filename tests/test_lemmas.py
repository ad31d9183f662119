"""The cached lemmatizer gives the model's own lemmas, token for token."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from breachfacts.nlp import DEFAULT_MODEL
from breachfacts.nlp.lemmas import CachedLemmatizer
from conftest import ARTICLES

EXTRA = [
    "The hackers were stealing records; they'd stolen 2,000 files and leaked better ones.",
    "U.S. officials said Equifax's data wasn't sold until Dec. 24, 2019.",
]


@pytest.fixture(scope="module")
def parsed():
    import spacy

    raw = spacy.load(DEFAULT_MODEL)
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    with raw.select_pipes(disable=["lemmatizer", "ner"]):
        docs = list(raw.pipe([*texts, *EXTRA, *EXTRA]))
    return raw, docs


def copies(raw, docs) -> list[Doc]:
    return [Doc(raw.vocab).from_bytes(d.to_bytes()) for d in docs]


def annotations(doc: Doc) -> list[tuple]:
    return [
        (t.text, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.is_sent_start) for t in doc
    ]


@pytest.mark.parametrize("overwrite", [False, True])
def test_same_lemmas_as_the_lemmatizer(parsed, overwrite) -> None:
    raw, docs = parsed
    source = raw.get_pipe("lemmatizer")
    source.overwrite = overwrite
    try:
        expected = [annotations(source(d)) for d in copies(raw, docs)]
        cached = CachedLemmatizer(source)
        assert [annotations(cached(d)) for d in copies(raw, docs)] == expected
        assert cached.cache  # and a second pass reads the cache
        assert [annotations(cached(d)) for d in copies(raw, docs)] == expected
    finally:
        source.overwrite = False


def test_the_pipeline_runs_it(nlp) -> None:
    assert "breachfacts_lemmatizer" in nlp.pipe_names
    assert "lemmatizer" in nlp.disabled
    assert [t.lemma_ for t in nlp("Hackers stole the files.")][:2] == ["hacker", "steal"]
