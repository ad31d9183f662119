"""Batch extraction: long articles in pieces, worker processes, input order."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from breachfacts.batch import extract_inputs, merge, run  # noqa: F401
from breachfacts.facts import Article
from breachfacts.pieces import split_text

ROOT = Path(__file__).resolve().parents[1]
SEED = (ROOT / "data" / "articles" / "mitsubishi-electric-2020-12.txt").read_text()


@given(st.text(alphabet=st.sampled_from("ab .\n\t"), max_size=400), st.integers(5, 60))
@settings(max_examples=200)
def test_split_text_pieces_concatenate_back(text: str, max_chars: int) -> None:
    pieces = split_text(text, max_chars)
    assert "".join(p for _, p in pieces) == text
    for offset, piece in pieces:
        assert text[offset : offset + len(piece)] == piece
        assert len(piece) <= max_chars or offset == pieces[-1][0] and len(piece) <= max_chars


def test_split_prefers_paragraph_breaks() -> None:
    text = "First para. It is here.\n\nSecond para is here.\n\nThird."
    pieces = split_text(text, 30)
    assert [p for _, p in pieces][0] == "First para. It is here.\n\n"


def test_long_article_offsets_stay_true(nlp) -> None:
    long_text = "\n\n".join([SEED] * 6)  # ~15k chars, cut into ~2k pieces
    article = Article("long", long_text, date(2020, 12, 25))
    (ex,) = list(run([article], nlp, max_chars=2_000))
    assert ex.article.text == long_text
    assert len({f.id for f in ex.facts}) == len(ex.facts)
    for f in ex.facts:
        assert long_text[f.start : f.end] == f.text
        assert long_text[f.sentence.start : f.sentence.end] == f.sentence.text
    figures = [f for f in ex.facts if f.text == "nearly 20,000"]
    assert len(figures) == 12  # twice per copy
    by_id = {f.id: f for f in ex.facts}
    for f in ex.facts:
        if f.equivalent_of:
            assert by_id[f.equivalent_of].kind == "money"


def test_workers_give_the_same_output_in_order(nlp) -> None:
    texts = [SEED, "Hackers stole 40 BTC from Acme Corp. on Tuesday.", "Nothing here."]
    articles = [Article(f"a{i}", texts[i % 3], date(2021, 6, 10)) for i in range(9)]
    one = [ex.to_dict() for ex in run(articles, nlp, n_process=1, batch_size=2)]
    two = [ex.to_dict() for ex in run(articles, nlp, n_process=2, batch_size=2)]
    assert [d["source"] for d in two] == [f"a{i}" for i in range(9)]
    assert one == two


def test_extract_inputs_reports_bad_inputs_and_goes_on(tmp_path: Path, nlp) -> None:
    good = tmp_path / "a.txt"
    good.write_text("Hackers stole 40 BTC from Acme Corp. on Tuesday.")
    missing = tmp_path / "missing.txt"
    errors = []
    out = list(extract_inputs([str(missing), str(good)], nlp, on_error=errors.append))
    assert [str(e) for e in errors] == [f"{missing}: no such file"]
    assert [ex.article.id for ex in out] == [str(good)]
    assert [f.text for f in out[0].facts if f.kind == "money"] == ["40 BTC"]
