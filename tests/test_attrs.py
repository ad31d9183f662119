"""The compiled attribute ruler gives the model's own annotations, token for token."""

from __future__ import annotations

from pathlib import Path

import pytest

from breachfacts.nlp import DEFAULT_MODEL
from breachfacts.nlp.attrs import CompiledAttributeRuler

ROOT = Path(__file__).resolve().parents[1]

EXTRA = [
    # word exceptions and the multi-token patterns of en_core_web_sm's attribute ruler
    "I ain't sure they can't pay; but that's what the hackers who'd struck said.",
    "Something happened to anyone whose data was stolen, whether or not they paid.",
    "Those files, these accounts and that server: none of them was encrypted.",
    "U.S. officials said the 2,000 records weren't leaked until Dec. 24.",
]


@pytest.fixture(scope="module")
def parsed():
    import spacy

    raw = spacy.load(DEFAULT_MODEL)
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data/articles").glob("*.txt"))]
    with raw.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        docs = list(raw.pipe([*texts, *EXTRA]))
    return raw.get_pipe("attribute_ruler"), docs


def annotations(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def test_same_annotations_as_the_attribute_ruler(parsed) -> None:
    ruler, docs = parsed
    compiled = CompiledAttributeRuler(ruler)
    assert compiled.single, "one-token patterns should be compiled"
    for doc in docs:
        expected = annotations(ruler(doc.copy()))
        assert annotations(compiled(doc.copy())) == expected
        assert annotations(compiled(doc.copy())) == expected  # and again from the cache


def test_pipeline_runs_the_compiled_ruler(nlp) -> None:
    assert "breachfacts_attribute_ruler" in nlp.pipe_names
    assert "attribute_ruler" not in nlp.pipe_names  # disabled, still loaded
    assert "attribute_ruler" in nlp.component_names
    doc = nlp("The hackers stole 20,000 files.")
    assert [t.pos_ for t in doc][:3] == ["DET", "NOUN", "VERB"]
