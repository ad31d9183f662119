"""Limits and failure paths through the CLI: size limit, long articles, HTML and encodings.

The promise of every failure path: one line naming the input and the problem, the other
inputs still processed, a non-zero exit at the end, and a store untouched by what failed.
"""

from __future__ import annotations

import codecs
import json
import sqlite3
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from breachfacts.cli import app
from breachfacts.ingest import DEFAULT_MAX_BYTES

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "articles" / "mitsubishi-electric-2020-12.txt"
PAGE = ROOT / "tests" / "fixtures" / "ingest" / "breach-page.html"
NEWS = "Hackers stole nearly 20,000 files from Acme Corp. on Dec. 24, 2020, the company said."


@pytest.fixture(scope="module")
def runner(nlp) -> CliRunner:  # nlp: the pipeline is built once, before the commands run
    return CliRunner()


def _jsonl(out: str) -> list[dict]:
    return [json.loads(line) for line in out.split("\n") if line]


def _errors(res) -> list[str]:  # noqa: ANN001
    return [line for line in res.stderr.splitlines() if line.strip()]


# ------------------------------------------------------------------ size limit


def test_a_100_mb_file_is_refused_in_one_line_naming_max_bytes(
    runner: CliRunner, tmp_path: Path
) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:  # sparse: the size is checked before anything is read
        f.truncate(100 * 1024 * 1024)
    res = runner.invoke(app, ["extract", str(big), str(SEED), "-f", "jsonl", "-q"])
    assert res.exit_code == 1
    assert _errors(res) == [
        f"breachfacts: {big}: 104857600 bytes is over the {DEFAULT_MAX_BYTES}-byte limit "
        "(raise it with --max-bytes)"
    ]
    assert [d["source"] for d in _jsonl(res.stdout)] == [str(SEED)]


def test_max_bytes_raises_the_limit(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(NEWS * 20, encoding="utf-8")
    size = path.stat().st_size
    res = runner.invoke(app, ["extract", str(path), "--max-bytes", str(size - 1), "-q"])
    assert res.exit_code == 1
    assert _errors(res) == [
        f"breachfacts: {path}: {size} bytes is over the {size - 1}-byte limit "
        "(raise it with --max-bytes)"
    ]
    res = runner.invoke(app, ["extract", str(path), "--max-bytes", str(size), "-f", "jsonl"])
    assert res.exit_code == 0 and len(_jsonl(res.stdout)) == 1


def test_a_long_article_in_pieces_keeps_true_offsets(runner: CliRunner, tmp_path: Path) -> None:
    paragraphs = [f"{NEWS} It lost ${i + 2} million.\r\n\r\n" for i in range(60)]
    text = "".join(paragraphs).replace(" files", "\u00a0files")
    path = tmp_path / "long.txt"
    path.write_bytes(text.encode("utf-8"))
    res = runner.invoke(app, ["extract", str(path), "-f", "jsonl", "--max-chars", "1000", "-q"])
    assert res.exit_code == 0, res.output
    [doc] = _jsonl(res.stdout)
    money = [f for f in doc["facts"] if f["kind"] == "money"]
    assert len(money) == 60  # every piece was processed
    for f in doc["facts"]:
        assert text[f["start"] : f["end"]] == f["text"]
        s = f["sentence"]
        assert text[s["start"] : s["end"]] == s["text"]


# ------------------------------------------------------------------ HTML and encodings


def _w(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


BAD_INPUTS = {
    "html-without-text": (
        lambda d: _w(
            d / "app.html",
            b"<html><head><title>App</title></head><body><script>x()</script></body></html>",
        ),
        "app.html: no article text found in HTML",
    ),
    "html-with-nul": (
        lambda d: _w(d / "nul.html", b"<html><body><p>Acme\x00 lost</p></body></html>"),
        "nul.html: binary file, not text (NUL byte at offset 19)",
    ),
    "pdf-named-html": (
        lambda d: _w(d / "saved.htm", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
        "saved.htm: binary file, not text (PDF document)",
    ),
    "utf16-bom-odd-length": (
        lambda d: _w(d / "u16.txt", codecs.BOM_UTF16_LE + "Acme lost".encode("utf-16-le")[:-1]),
        "u16.txt: not UTF-16 despite its byte order mark",
    ),
    "utf8-bom-then-cp1252": (
        lambda d: _w(d / "bom.txt", codecs.BOM_UTF8 + "Acme \u201clost\u201d".encode("cp1252")),
        "bom.txt: not UTF-8 despite its byte order mark",
    ),
    "utf8-with-bad-bytes": (
        lambda d: _w(d / "broken.txt", "Acme’s café lost €5m ".encode() * 3 + b"\xff\xfe\xfa"),
        "broken.txt: not UTF-8 (byte 0xff at offset",
    ),
    "nul-in-text": (
        lambda d: _w(d / "nul.txt", b"Acme lost 5 files.\x00\x00\x00 More."),
        "nul.txt: binary file, not text (NUL byte at offset 18)",
    ),
    "control-characters": (
        lambda d: _w(d / "ctl.md", bytes(range(1, 9)) * 20 + b"Acme lost 5 files."),
        "ctl.md: binary file, not text (",
    ),
    "jsonl-html-line-without-text": (
        lambda d: _w(
            d / "pages.jsonl",
            json.dumps({"id": "ok", "text": NEWS}).encode()
            + b"\n"
            + json.dumps({"html": "<html><body><script>x()</script></body></html>"}).encode()
            + b"\n",
        ),
        "pages.jsonl:2: no article text found in HTML",
    ),
    "jsonl-line-in-latin-1": (
        lambda d: _w(
            d / "l1.jsonl",
            (
                '{"text": "caf\u00e9 lost 5 files"}\n{"id": "ok", "text": "Acme lost 5 files."}\n'
            ).encode("latin-1"),
        ),
        "l1.jsonl:1: not UTF-8 (byte 0xe9 at offset 13)",
    ),
}


@pytest.mark.parametrize(("make", "message"), BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_html_or_encoding_is_one_line_and_the_others_are_processed(
    runner: CliRunner, tmp_path: Path, make, message: str
) -> None:
    bad = make(tmp_path)
    res = runner.invoke(app, ["extract", str(bad), str(SEED), "-f", "jsonl", "-q"])
    assert res.exit_code == 1, res.output
    [line] = _errors(res)
    assert line.startswith(f"breachfacts: {tmp_path}/{message}"), line
    sources = [d["source"] for d in _jsonl(res.stdout)]
    assert str(SEED) in sources  # processed, after the bad input
    if bad.suffix == ".jsonl":
        assert "ok" in sources  # and the good line of the same file


GOOD_INPUTS = {
    "utf-16-html": ("page.html", lambda: PAGE.read_text(encoding="utf-8").encode("utf-16")),
    "cp1252-html": (
        "page.htm",
        lambda: PAGE.read_text(encoding="utf-8").encode("cp1252", errors="replace"),
    ),
    "utf-8-bom-crlf-nbsp": (
        "a.txt",
        lambda: codecs.BOM_UTF8 + (NEWS.replace(" ", "\u00a0", 3) + "\r\n\r\n" + NEWS).encode(),
    ),
    "utf-16-le-bom": ("b.txt", lambda: codecs.BOM_UTF16_LE + NEWS.encode("utf-16-le")),
    "utf-16-be-no-bom": ("c.txt", lambda: NEWS.encode("utf-16-be")),
    "cp1252": ("d.txt", lambda: ("\u201c" + NEWS + "\u201d \u20ac5m.").encode("cp1252")),
    "latin-1": ("e.txt", lambda: ("Caf\u00e9 " + NEWS).encode("latin-1")),
}


@pytest.mark.parametrize(("name", "data"), GOOD_INPUTS.values(), ids=GOOD_INPUTS.keys())
def test_every_encoding_is_read_with_true_offsets(
    runner: CliRunner, tmp_path: Path, name: str, data
) -> None:
    from breachfacts.ingest import read_inputs

    path = _w(tmp_path / name, data())
    [article] = read_inputs([str(path)])
    res = runner.invoke(app, ["extract", str(path), "-f", "jsonl", "-q"])
    assert res.exit_code == 0, res.output
    [doc] = _jsonl(res.stdout)
    assert doc["facts"], doc
    for f in doc["facts"]:
        assert article.text[f["start"] : f["end"]] == f["text"]  # type: ignore[union-attr]


def test_stdin_html_line_without_text_is_one_line(runner: CliRunner) -> None:
    lines = [
        {"id": "page", "html": "<html><body><script>render()</script></body></html>"},
        {"id": "ok", "text": NEWS},
    ]
    data = "".join(json.dumps(x) + "\n" for x in lines)
    res = runner.invoke(app, ["extract", "-", "-f", "jsonl", "-q"], input=data)
    assert res.exit_code == 1
    assert _errors(res) == ["breachfacts: stdin:1: no article text found in HTML"]
    assert [d["source"] for d in _jsonl(res.stdout)] == ["ok"]


# ------------------------------------------------------------------ the store


def _counts(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as conn:
        return (
            conn.execute("SELECT count(*) FROM articles").fetchone()[0],
            conn.execute("SELECT count(*) FROM facts").fetchone()[0],
        )


@pytest.mark.parametrize("bad", ["html-without-text", "utf8-with-bad-bytes", "pdf-named-html"])
def test_add_records_the_good_inputs_and_nothing_of_a_bad_one(
    runner: CliRunner, tmp_path: Path, bad: str
) -> None:
    make, message = BAD_INPUTS[bad]
    path = make(tmp_path)
    good = _w(tmp_path / "good.txt", NEWS.encode())
    db = tmp_path / "facts.sqlite"
    res = runner.invoke(app, ["add", str(path), str(good), "--db", str(db), "-q"])
    assert res.exit_code == 1, res.output
    [line] = _errors(res)
    assert line.startswith(f"breachfacts: {tmp_path}/{message}"), line
    articles, facts = _counts(db)
    assert articles == 1 and facts > 0  # the good one only
    with sqlite3.connect(db) as conn:
        sources = [r[0] for r in conn.execute("SELECT * FROM articles").fetchall()]
    assert str(path) not in json.dumps(sources)


# ------------------------------------------------------------------ growth


@pytest.mark.slow
def test_fact_building_grows_linearly_with_the_numbers_in_an_article(nlp) -> None:
    """10x the numbers costs about 10x the time of building facts (it was quadratic).

    A ratio of per-number times, not a timed limit; bench/bench_numbers.py reports more.
    """
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from bench_numbers import article
    finally:
        sys.path.remove(str(ROOT / "bench"))
    from breachfacts.extract import doc_to_extraction, tables_of
    from breachfacts.facts import Article

    per_number = []
    for n in (300, 3000):
        text = article(n)
        doc = nlp(text)
        art = Article("bench", text)
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            doc_to_extraction(doc, art, tables_of(nlp))
            best = min(best, time.perf_counter() - t0)
        per_number.append(best / n)
    assert per_number[1] / per_number[0] < 3, per_number


# ------------------------------------------------------------------ memory


def test_pieces_of_a_long_article_are_parsed_a_few_at_a_time(
    nlp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """spaCy's memory grows with the text of a batch: pieces must not all go in one.

    16 pieces of 100,000 characters in one ``nlp.pipe`` batch peaked at 5 GB of RSS; a
    batch holds at most ``max_chars`` characters now (one piece of a long article).
    """
    import breachfacts.extract as extract_module
    from breachfacts.batch import run
    from breachfacts.facts import Article

    real = extract_module.extract
    batches: list[int] = []

    def spy(articles, nlp, **kwargs):  # noqa: ANN001, ANN003, ANN202
        articles = list(articles)
        batches.append(sum(len(a.text) for a in articles))
        return real(articles, nlp, **kwargs)

    monkeypatch.setattr(extract_module, "extract", spy)
    text = f"{NEWS}\n\n" * 40
    short = [Article(f"s{i}", NEWS) for i in range(20)]
    out = list(run([*short[:10], Article("long", text), *short[10:]], nlp, max_chars=500))
    assert [ex.article.id for ex in out] == [*(f"s{i}" for i in range(10)), "long"] + [
        f"s{i}" for i in range(10, 20)
    ]
    assert len(batches) > 1 and max(batches) <= 500, batches
    long = out[10]
    assert long.article.text == text
    assert sum(f.kind == "date" for f in long.facts) == 40  # one per paragraph, every piece
