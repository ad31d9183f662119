"""The chunked tok2vec gives the model's own vectors, bit for bit."""

from __future__ import annotations

import numpy
import pytest

from breachfacts.nlp import DEFAULT_MODEL
from breachfacts.nlp.tok2vec import ChunkedTok2Vec, receptive_field
from conftest import ARTICLES


@pytest.fixture(scope="module")
def model():
    import spacy

    raw = spacy.load(DEFAULT_MODEL)
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    return raw, texts


@pytest.mark.parametrize("chunk", [1, 7, 50, 300])
def test_same_vectors_as_the_model(model, chunk) -> None:
    raw, texts = model
    source = raw.get_pipe("tok2vec")
    margin = receptive_field(raw.config["components"]["tok2vec"]["model"])
    assert margin == 4
    chunked = ChunkedTok2Vec(source, margin, chunk)
    for text in [*texts, "One.", ""]:
        expected = source(raw.make_doc(text)).tensor
        got = chunked(raw.make_doc(text)).tensor
        assert got.shape == expected.shape
        assert numpy.array_equal(got, expected)


def test_short_documents_go_through_in_batches(model) -> None:
    raw, texts = model
    source = raw.get_pipe("tok2vec")
    chunked = ChunkedTok2Vec(source, 4, chunk=100_000)
    docs = list(chunked.pipe([raw.make_doc(t) for t in texts], batch_size=2))
    for doc, text in zip(docs, texts, strict=True):
        assert numpy.array_equal(doc.tensor, source(raw.make_doc(text)).tensor)


def test_an_unknown_model_runs_whole() -> None:
    assert receptive_field({"@architectures": "spacy-transformers.TransformerListener.v1"}) is None
    assert (
        receptive_field({"@architectures": "spacy.Tok2Vec.v2", "embed": {}, "encode": {}}) is None
    )


def test_the_pipeline_runs_it(nlp) -> None:
    assert "breachfacts_tok2vec" in nlp.pipe_names
    assert "tok2vec" in nlp.disabled


def test_the_entity_recogniser_finds_the_same_entities_in_chunks(model) -> None:
    import spacy

    from breachfacts.nlp.tok2vec import use_chunked_ner

    raw, texts = model
    expected = [[(e.start, e.end, e.label_) for e in d.ents] for d in raw.pipe(texts)]
    chunked = spacy.load(DEFAULT_MODEL)
    assert use_chunked_ner(chunked, chunk=2000)
    assert use_chunked_ner(chunked, chunk=40)  # chunked again: the new size
    got = [[(e.start, e.end, e.label_) for e in d.ents] for d in chunked.pipe(texts)]
    assert got == expected
    assert chunked.get_pipe("ner").to_bytes() == raw.get_pipe("ner").to_bytes()
