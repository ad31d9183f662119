"""Long texts go through the model in pieces and come back as one Doc (nlp.pipeline.pipe_docs)."""

from __future__ import annotations

import pytest

from breachfacts.nlp import pipeline
from breachfacts.nlp.pipeline import pipe_docs
from conftest import ARTICLES

TEXTS = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]


def _ents(doc) -> list[tuple[int, int, str]]:
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def test_short_texts_are_what_nlp_pipe_gives(nlp) -> None:
    assert all(len(t) <= pipeline.MODEL_PIECE_CHARS for t in TEXTS)
    ours = list(pipe_docs(nlp, ((t, i) for i, t in enumerate(TEXTS)), batch_size=2))
    theirs = list(nlp.pipe(TEXTS, batch_size=2))
    assert [i for _, i in ours] == list(range(len(TEXTS)))
    for (doc, _), ref in zip(ours, theirs, strict=True):
        assert doc.text == ref.text
        assert _ents(doc) == _ents(ref)
        assert [t.head.i for t in doc] == [t.head.i for t in ref]


@pytest.mark.parametrize("piece_chars", [300, 1_000, 4_000])
def test_a_long_text_is_one_doc_of_the_same_text_and_tokens(nlp, monkeypatch, piece_chars) -> None:
    monkeypatch.setattr(pipeline, "MODEL_PIECE_CHARS", piece_chars)
    text = "\n\n".join(TEXTS)
    [(doc, context)] = list(pipe_docs(nlp, [(text, "long")]))
    assert context == "long"
    assert doc.text == text
    assert [t.text for t in doc] == [t.text for t in nlp.make_doc(text)]
    # breachfacts' own components ran on the whole: its labels are there, and every
    # entity is within the text it names
    assert {"FIGURE", "MONEY", "ORG"} & {e.label_ for e in doc.ents}
    assert all(doc.text[e.start_char : e.end_char] == e.text for e in doc.ents)
    assert all(s.text.strip() for s in doc.sents if len(s) > 1)


def test_pieces_find_what_the_whole_text_finds(nlp, monkeypatch) -> None:
    """Cut at paragraph breaks, the model's reading differs at most near the cuts."""
    text = "\n\n".join(TEXTS)
    whole = nlp(text)
    monkeypatch.setattr(pipeline, "MODEL_PIECE_CHARS", 2_000)
    [(doc, _)] = list(pipe_docs(nlp, [(text, None)]))
    a, b = set(_ents(whole)), set(_ents(doc))
    assert len(a & b) >= 0.95 * max(len(a), len(b))


def test_order_is_kept_with_long_and_short_texts_mixed(nlp, monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "MODEL_PIECE_CHARS", 500)
    texts = ["Acme was hacked.", "\n\n".join(TEXTS[:1]), "", "Two people.", TEXTS[-1]]
    out = list(pipe_docs(nlp, ((t, i) for i, t in enumerate(texts)), batch_size=1))
    assert [i for _, i in out] == list(range(len(texts)))
    assert [d.text for d, _ in out] == texts
