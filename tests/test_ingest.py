"""ingest: every bad input is one ReadError line, and the other inputs still yield."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breachfacts.errors import ReadError
from breachfacts.facts import Article
from breachfacts.ingest import (
    DEFAULT_MAX_BYTES,
    decode_bytes,
    html_to_article,
    parse_published,
    read_inputs,
)

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SEED = Path(__file__).parent.parent / "data" / "articles"
ACCENTED = "Le café déjà vu: naïve Zürich résumé, 20 000 patients à Orléans."
CURLY = "Mitsubishi’s “défense” data — 8,000 people, €1 million."


def read(*inputs: str | Path, **kwargs: object) -> list[Article | ReadError]:
    return list(read_inputs([str(i) for i in inputs], **kwargs))  # type: ignore[arg-type]


def messages(results: list[Article | ReadError]) -> list[str]:
    return [str(r) for r in results if isinstance(r, ReadError)]


def articles(results: list[Article | ReadError]) -> list[Article]:
    return [r for r in results if isinstance(r, Article)]


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text("Hackers stole 40,000 records.\n", encoding="utf-8")
    return path


# --- bad inputs: one line each, and the good file after them still yields ---------


def _bad_binary(p: Path) -> tuple[Path, str]:
    p = p / "x.txt"
    p.write_bytes(b"Hello\x00world")
    return p, "binary file, not text (NUL byte at offset 5)"


def _bad_png(p: Path) -> tuple[Path, str]:
    p = p / "logo.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(64)))
    return p, "binary file, not text (PNG image)"


def _bad_controls(p: Path) -> tuple[Path, str]:
    p = p / "ctl.txt"
    p.write_bytes(bytes([1, 2, 3, 4, 5, 6]) * 10 + b"text")
    return p, "binary file, not text (94% control characters)"


def _bad_empty(p: Path) -> tuple[Path, str]:
    p = p / "empty.txt"
    p.write_bytes(b"  \n\t\r\n")
    return p, "empty file"


def _bad_missing(p: Path) -> tuple[Path, str]:
    return p / "missing.txt", "no such file"


def _bad_dir(p: Path) -> tuple[Path, str]:
    p = p / "nothing"
    p.mkdir()
    (p / "notes.pdf").write_bytes(b"%PDF-1.4")
    (p / "x.meta.json").write_text('{"published": "2020-01-01"}')
    return p, "no articles (looked for *.txt, *.html, *.jsonl)"


def _bad_undecodable(p: Path) -> tuple[Path, str]:
    p = p / "junk.txt"
    # UTF-8 with a stray byte: a code page would only turn its quotes into mojibake.
    p.write_bytes(b"Hello world \xff \xe2\x80\x9cquoted\xe2\x80\x9d text")
    return p, "not UTF-8 (byte 0xff at offset 12) and no other text encoding fits"


def _bad_big(p: Path) -> tuple[Path, str]:
    p = p / "big.txt"
    p.write_bytes(b"a" * 101)
    return p, "101 bytes is over the 100-byte limit (raise it with --max-bytes)"


@pytest.mark.parametrize(
    "make",
    [
        _bad_binary,
        _bad_png,
        _bad_controls,
        _bad_empty,
        _bad_missing,
        _bad_dir,
        _bad_undecodable,
        _bad_big,
    ],
)
def test_bad_input_is_one_line_and_others_still_yield(tmp_path: Path, good: Path, make) -> None:
    bad, reason = make(tmp_path)
    results = read(good, bad, good, max_bytes=100)
    assert messages(results) == [f"{bad}: {reason}"]
    assert [type(r) for r in results] == [Article, ReadError, Article]
    err = results[1]
    assert isinstance(err, ReadError) and err.source == str(bad) and "\n" not in str(err)


def test_size_is_checked_before_reading(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(100 * 1024 * 1024)  # sparse: 100 MiB on paper
    opened: list[object] = []
    monkeypatch.setattr("builtins.open", lambda *a, **k: opened.append(a))
    (err,) = read(path)
    assert str(err) == (
        f"{path}: 104857600 bytes is over the {DEFAULT_MAX_BYTES}-byte limit"
        " (raise it with --max-bytes)"
    )
    assert opened == []


def test_the_generator_is_lazy(tmp_path: Path, good: Path) -> None:
    results = read_inputs([str(good), str(tmp_path / "later-deleted.txt")])
    assert isinstance(next(results), Article)
    (tmp_path / "later-deleted.txt").write_text("created after the first article")
    assert isinstance(next(results), Article)


# --- encodings -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("utf-8", ACCENTED + "\n" + CURLY),
        ("utf-8-sig", ACCENTED + "\n" + CURLY),
        ("utf-16", ACCENTED + "\n" + CURLY),
        ("utf-16-le", ACCENTED + "\n" + CURLY),  # no BOM
        ("utf-16-be", ACCENTED + "\n" + CURLY),  # no BOM
        ("utf-32", ACCENTED + "\n" + CURLY),
        ("cp1252", ACCENTED + "\n" + CURLY),
        ("cp1252", "It’s a “quote” – short."),
        ("latin-1", ACCENTED),
        ("latin-1", "Ceci est un café très bien, déjà vu."),
    ],
)
def test_encodings_round_trip(tmp_path: Path, encoding: str, text: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    (article,) = read(path)
    assert isinstance(article, Article)
    assert article.text == text


def test_utf8_bom_is_stripped() -> None:
    assert decode_bytes(b"\xef\xbb\xbfhello", "x") == "hello"


def test_crlf_and_nbsp_are_kept_verbatim(tmp_path: Path) -> None:
    text = "In September 2011,\u00a0Mitsubishi Heavy\r\nIndustries was hit.\r\n\r\nNext.\u00a0"
    path = tmp_path / "crlf.txt"
    path.write_bytes(text.encode("utf-8"))
    (article,) = read(path)
    assert article.text == text


def test_utf16_with_nul_character_is_binary() -> None:
    with pytest.raises(ReadError, match=r"binary file, not text \(NUL character at offset 2\)"):
        decode_bytes("ab\x00cd".encode("utf-16"), "x.txt")


def test_cp1252_with_a_chance_utf8_sequence_is_still_cp1252() -> None:
    text = "Très déjà vu à Orléans, naïve: Ã© is rare but legal."
    assert decode_bytes(text.encode("cp1252"), "x") == text


def test_bad_bom_says_so() -> None:
    with pytest.raises(ReadError, match="not UTF-8 despite its byte order mark"):
        decode_bytes(b"\xef\xbb\xbfab\xff", "x.txt")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_decode_bytes_returns_str_or_raises_read_error(data: bytes) -> None:
    try:
        text = decode_bytes(data, "random.bin")
    except ReadError as err:
        assert str(err).startswith("random.bin: ") and "\n" not in str(err)
    else:
        assert isinstance(text, str) and "\x00" not in text


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=200))
def test_decode_bytes_utf8_round_trips(text: str) -> None:
    # a leading byte-order mark is a mark, not text: decoding strips it (by design)
    assert decode_bytes(text.encode("utf-8"), "x") == text.removeprefix("\ufeff")


# --- publication dates and sidecars ------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-12-25", date(2020, 12, 25)),
        (" 2020-02-29 ", date(2020, 2, 29)),
        ("2020-02-30", "impossible date 2020-02-30"),
        ("2021-02-29", "impossible date 2021-02-29"),
        ("25/12/2020", "not an ISO date (YYYY-MM-DD): '25/12/2020'"),
        ("2020-12", "not an ISO date (YYYY-MM-DD): '2020-12'"),
        ("2020-12-25T10:00", "not an ISO date (YYYY-MM-DD): '2020-12-25T10:00'"),
    ],
)
def test_parse_published(value: str, expected: date | str) -> None:
    if isinstance(expected, date):
        assert parse_published(value) == expected
    else:
        with pytest.raises(ValueError) as info:
            parse_published(value)
        assert str(info.value) == expected


def test_seed_articles_take_their_sidecar_dates() -> None:
    results = read(SEED)
    assert [(a.id, a.published) for a in articles(results)] == [
        (str(SEED / "mitsubishi-electric-2020-01.txt"), date(2020, 1, 21)),
        (str(SEED / "mitsubishi-electric-2020-12.txt"), date(2020, 12, 25)),
    ]
    assert messages(results) == []
    assert results[0].meta["publisher"] == "Verdict"  # type: ignore[union-attr]


def _with_sidecar(tmp_path: Path, sidecar: str | None) -> Path:
    path = tmp_path / "story.txt"
    path.write_text("Hackers stole 40,000 records last month.", encoding="utf-8")
    if sidecar is not None:
        (tmp_path / "story.meta.json").write_text(sidecar, encoding="utf-8")
    return path


def test_sidecar_gives_date_title_and_meta(tmp_path: Path) -> None:
    side = {"published": "2020-12-25", "title": "Breach", "publisher": "Asahi", "url": "u"}
    path = _with_sidecar(tmp_path, json.dumps(side))
    (article,) = read(path)
    assert article.published == date(2020, 12, 25)
    assert article.title == "Breach"
    assert article.meta == {"publisher": "Asahi", "url": "u"}


def test_cli_date_overrides_sidecar(tmp_path: Path) -> None:
    path = _with_sidecar(tmp_path, '{"published": "2020-12-25"}')
    (article,) = read(path, published=date(2021, 1, 1))
    assert article.published == date(2021, 1, 1)


def test_no_sidecar_no_date(tmp_path: Path) -> None:
    (article,) = read(_with_sidecar(tmp_path, None))
    assert article.published is None and article.meta == {}


@pytest.mark.parametrize(
    ("sidecar", "reason"),
    [
        ("{not json", "malformed JSON (Expecting property name enclosed in double quotes"),
        ("[1, 2]", "expected a JSON object, got an array"),
        ('{"published": "2020-02-30"}', "impossible published date 2020-02-30"),
        ('{"published": "Dec 25"}', "published date is not an ISO date (YYYY-MM-DD): 'Dec 25'"),
        ('{"title": 3}', "title must be a string"),
    ],
)
def test_malformed_sidecar_names_the_sidecar(tmp_path: Path, sidecar: str, reason: str) -> None:
    path = _with_sidecar(tmp_path, sidecar)
    (err,) = read(path)
    assert isinstance(err, ReadError)
    assert err.source == str(tmp_path / "story.meta.json")
    assert str(err).startswith(f"{tmp_path / 'story.meta.json'}: {reason}")


# --- directories -------------------------------------------------------------------


def test_directory_is_recursive_sorted_and_filtered(tmp_path: Path) -> None:
    for rel in ["b.txt", "a.md", "sub/c.html", "sub/d.jsonl", "z.text", "x.htm", "skip.pdf"]:
        path = tmp_path / rel
        path.parent.mkdir(exist_ok=True)
        path.write_text("placeholder")
    (tmp_path / "sub" / "c.html").write_text((FIXTURES / "breach-page.html").read_text())
    (tmp_path / "x.htm").write_text((FIXTURES / "breach-page.html").read_text())
    (tmp_path / "sub" / "d.jsonl").write_text('{"text": "one"}\n{"text": "two"}\n')
    (tmp_path / "a.meta.json").write_text('{"published": "2019-05-01"}')
    (tmp_path / ".hidden.txt").write_text("not read")
    results = read(tmp_path)
    assert messages(results) == []
    assert [a.id for a in articles(results)] == [
        str(tmp_path / "a.md"),
        str(tmp_path / "b.txt"),
        str(tmp_path / "sub" / "c.html"),
        f"{tmp_path / 'sub' / 'd.jsonl'}:1",
        f"{tmp_path / 'sub' / 'd.jsonl'}:2",
        str(tmp_path / "x.htm"),
        str(tmp_path / "z.text"),
    ]
    assert results[0].published == date(2019, 5, 1)  # type: ignore[union-attr]


# --- JSONL and stdin ---------------------------------------------------------------


def test_jsonl_lines(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    lines = [
        '{"id": "a1", "text": "Hackers stole data.", "published": "2020-01-21", "source": "x"}',
        "",
        "not json",
        "[1, 2]",
        '{"id": "no-text"}',
        '{"text": "Bad date.", "published": "2020-02-30"}',
        '{"text": "Timestamp.", "published": "2020-03-04T09:15:00Z", "title": "T"}',
        '{"text": "   "}',
        '{"text": 5}',
        '{"id": 7, "text": "Number id."}',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = read(path)
    assert messages(results) == [
        f"{path}:3: malformed JSON (Expecting value at column 1)",
        f"{path}:4: expected a JSON object, got an array",
        f'{path}:5: no "text" or "html" field',
        f"{path}:6: impossible published date 2020-02-30",
        f'{path}:8: empty "text"',
        f'{path}:9: "text" (or "html") must be a string',
    ]
    got = [(a.id, a.text, a.published, a.title, a.meta) for a in articles(results)]
    assert got == [
        ("a1", "Hackers stole data.", date(2020, 1, 21), None, {"source": "x"}),
        (f"{path}:7", "Timestamp.", date(2020, 3, 4), "T", {}),
        ("7", "Number id.", None, None, {}),
    ]
    assert [type(r).__name__ for r in results][:3] == ["Article", "ReadError", "ReadError"]


def test_jsonl_cli_date_overrides_line(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"text": "x", "published": "2020-01-21"}\n')
    (article,) = read(path, published=date(2022, 2, 2))
    assert article.published == date(2022, 2, 2)


def test_jsonl_html_line_is_extracted() -> None:
    page = (FIXTURES / "breach-page.html").read_text(encoding="utf-8")
    stdin = io.StringIO(json.dumps({"id": "page", "html": page}) + "\n")
    (article,) = read("-", stdin=stdin)
    assert article.id == "page" and article.meta["text_from"] == "html"
    assert "40,000 patients" in article.text and "Security Navigation" not in article.text


def test_stdin_bytes_and_text(tmp_path: Path) -> None:
    raw = b'\xef\xbb\xbf{"text": "one"}\n\n{"text": "caf\xff"}\n{"text": "three"}'
    results = read("-", stdin=io.BytesIO(raw))
    assert [getattr(r, "id", str(r)) for r in results] == [
        "stdin:1",
        "stdin:3: not UTF-8 (byte 0xff at offset 13)",
        "stdin:4",
    ]
    results = read("-", stdin=io.StringIO('{"text": "one"}\n'))
    assert [a.text for a in articles(results)] == ["one"]


def test_stdin_through_a_text_wrapper_reads_bytes() -> None:
    wrapper = io.TextIOWrapper(io.BytesIO('{"text": "naïve"}\n'.encode()), encoding="ascii")
    (article,) = read("-", stdin=wrapper)
    assert article.text == "naïve"


def test_empty_jsonl_and_stdin(tmp_path: Path) -> None:
    path = tmp_path / "e.jsonl"
    path.write_text("\n\n")
    assert messages(read(path, "-", stdin=io.StringIO(""))) == [
        f"{path}: empty file",
        "stdin: empty input",
    ]


def test_jsonl_line_over_limit_is_skipped_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    small = '{"text": "ok"}'
    path.write_text(f'{small}\n{{"text": "{"x" * 500}"}}\n{small}\n')
    results = read(path, max_bytes=100)
    assert messages(results) == [f"{path}:2: line is over the 100-byte limit"]
    assert [a.id for a in articles(results)] == [f"{path}:1", f"{path}:3"]


def test_jsonl_file_is_not_size_checked_as_a_whole(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text('{"text": "ok"}\n' * 50)
    assert len(articles(read(path, max_bytes=100))) == 50


# --- HTML --------------------------------------------------------------------------


def test_html_file_main_text_not_nav() -> None:
    (article,) = read(FIXTURES / "breach-page.html")
    assert isinstance(article, Article)
    assert "about 40,000 patients in a ransomware attack" in article.text
    assert "free credit monitoring" in article.text
    for junk in ("Security Navigation", "Accept all cookies", "Sidebar headline", "Footer privacy"):
        assert junk not in article.text
    assert article.title == "Hackers steal data of 40,000 patients from Northfield clinic"
    assert article.published == date(2021, 3, 4)
    assert article.meta["text_from"] == "html"


def test_html_sidecar_and_cli_date_win(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes((FIXTURES / "breach-page.html").read_bytes())
    (tmp_path / "page.meta.json").write_text('{"published": "2021-03-05", "title": "Mine"}')
    (article,) = read(path)
    assert (article.published, article.title) == (date(2021, 3, 5), "Mine")
    (article,) = read(path, published=date(2021, 3, 6))
    assert article.published == date(2021, 3, 6)


def test_html_without_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><head><title>t</title></head><body><script>x()</script></body></html>")
    (err,) = read(path)
    assert str(err) == f"{path}: no article text found in HTML"


def test_html_to_article_directly() -> None:
    page = (FIXTURES / "breach-page.html").read_text(encoding="utf-8")
    article = html_to_article(page, "p", date(2000, 1, 1))
    assert article.id == "p" and article.published == date(2000, 1, 1)
    with pytest.raises(ReadError, match="^p: no article text found in HTML$"):
        html_to_article("", "p", None)


def test_html_is_sniffed_only_without_a_text_suffix(tmp_path: Path) -> None:
    page = (FIXTURES / "breach-page.html").read_text(encoding="utf-8")
    (tmp_path / "saved.page").write_text(page)
    (tmp_path / "raw.txt").write_text(page)
    sniffed, raw = read(tmp_path / "saved.page", tmp_path / "raw.txt")
    assert sniffed.meta.get("text_from") == "html"  # type: ignore[union-attr]
    assert raw.text == page  # type: ignore[union-attr]
