"""Fuzzing: random text, random bytes and mutated seed articles against every layer.

No exception may escape but the documented input error (:class:`~breachfacts.errors.ReadError`),
and whatever comes out keeps the promises of ``breachfacts/1``:

* every fact's ``text`` is ``article.text[start:end]``, and its sentence's text and offsets
  are true too (so are the sentences of events);
* bounds are ordered: ``low <= value <= high`` wherever they are set;
* the JSON form validates against ``schema/breachfacts-1.schema.json``.

Each property runs twice: a quick profile in the default run and a heavy one (many more
examples) marked ``slow``. ``pytest tests/test_fuzz.py -m slow --hypothesis-show-statistics``
runs the heavy profile and prints how many cases each property saw.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from typer.testing import CliRunner

from breachfacts.batch import run as batch_run
from breachfacts.cli import app
from breachfacts.errors import ReadError
from breachfacts.extract import extract
from breachfacts.facts import Article, Extraction
from breachfacts.ingest import decode_bytes
from breachfacts.ingest.boilerplate import boilerplate_spans
from breachfacts.normalise.dates import resolve_date
from breachfacts.normalise.money import parse_money, parse_money_with_conversion
from breachfacts.normalise.numbers import parse_number, parse_quantity
from breachfacts.normalise.orgs import canonical_org, clean_org_span
from fuzzing import case, fuzz, report_cases  # noqa: F401  (report_cases: autouse)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "articles").glob("*.txt"))]
SCHEMA = json.loads(
    (ROOT / "src" / "breachfacts" / "schema" / "breachfacts-1.schema.json").read_text()
)

# Quick in the default run; the heavy profile is for CI and for hunting.
PROFILES = [
    pytest.param(1, id="quick"),
    pytest.param(5, id="heavy", marks=pytest.mark.slow),
]
_CHEAP = 150  # examples per quick run of a pure function
_COSTLY = 20  # ... of extraction (a parse each) and of the CLI

# ------------------------------------------------------------------ strategies

# Any Unicode but NUL and lone surrogates (a str from a file can hold neither).
any_char = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
odd_char = st.sampled_from(
    [
        "\u00a0",  # no-break space
        "\u202f",  # narrow no-break space
        "\u2009",  # thin space
        "\u200b",  # zero-width space
        "\ufeff",  # BOM inside text
        "\u2028",  # line separator
        "\u0085",  # next line
        "\r\n",
        "\r",
        "\t",
        "\u0301",  # combining accent
        "\u2019",
        "\u201c",
        "\u2013",
        "\u2014",
        "\u2212",  # minus sign
        "\uff10",  # fullwidth 0
        "\u0663",  # Arabic-Indic 3
        "\u00bd",  # vulgar fraction one half
        "\u00b2",  # superscript two
        "\u2160",  # Roman numeral one
        "\U0001f600",
        "ﬁ",  # ligature
        "İ",  # lower() grows
        "ß",  # upper() grows
    ]
)
CURRENCY = ["$", "US$", "€", "£", "¥", "₹", "₩", "₿", "Rs.", "USD", "EUR", "yen", "BTC", "dollars"]
NEWS_WORDS = (
    "nearly almost about around roughly over more than less than up to at least some "
    "between and to or million billion thousand hundred bn m k lakh crore dozens hundreds "
    "of records people users customers files employees data GB TB percent % per cent "
    "last this next ago yesterday today on in since early late mid the a "
    "January Feb. March Sept. Dec. Monday Tuesday quarter Q3 week year decade 1990s "
    "Mitsubishi Electric Corp. Inc. Ltd. Co. Ministry of Defense NEC Acme Group "
    "hackers stole said reported attack breach ransomware (Reuters) Photo/Illustration "
    "File photo Sign up for our newsletter Read more: By GlobalData cookies"
).split()
number = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=0, max_value=10**12).map(lambda n: f"{n:,}"),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    st.from_regex(r"[0-9][0-9,.' \u00a0]{0,14}", fullmatch=True),
    st.sampled_from(["1e308", "9" * 400, "0.0.0", ",,,", "1,2,3", "1.5.6", "-0", "+5", "½"]),
)
token = st.one_of(
    st.sampled_from(NEWS_WORDS),
    st.sampled_from(CURRENCY),
    number,
    odd_char,
    st.text(any_char, max_size=6),
)
separator = st.sampled_from([" ", " ", " ", "", "\u00a0", "-", ", ", ". ", "\n", "\n\n", "\r\n"])


@st.composite
def newsish(draw: st.DrawFn, max_tokens: int = 25) -> str:
    """Tokens of breach news (numbers, hedges, currencies, dates, names) in random order."""
    toks = draw(st.lists(st.tuples(token, separator), max_size=max_tokens))
    return "".join(t + s for t, s in toks)


#: Random text: plain Unicode, or the words the normalisers look for in random order.
texts = st.one_of(st.text(any_char, max_size=300), newsish())
published = st.one_of(
    st.none(),
    st.dates(),  # 0001-01-01 .. 9999-12-31: calendar arithmetic at the edges
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
)


@st.composite
def mutated_seed(draw: st.DrawFn) -> str:
    """A seed article after a few random edits of the kinds real copies suffer."""
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 6))):
        n = len(text)
        i = draw(st.integers(0, n))
        j = draw(st.integers(i, min(n, i + 400)))
        op = draw(
            st.sampled_from(
                ["delete", "insert", "duplicate", "digits", "currency", "nbsp", "crlf", "cut"]
            )
        )
        if op == "delete":
            text = text[:i] + text[j:]
        elif op == "insert":
            text = text[:i] + draw(st.one_of(newsish(8), st.text(any_char, max_size=20))) + text[i:]
        elif op == "duplicate":
            text = text[:j] + text[i:j] * draw(st.integers(1, 3)) + text[j:]
        elif op == "digits":
            text = text[:i] + draw(number) + text[i:]
        elif op == "currency":
            text = text[:i] + draw(st.sampled_from(CURRENCY)) + text[i:]
        elif op == "nbsp":
            text = text[:i] + text[i:j].replace(" ", "\u00a0") + text[j:]
        elif op == "crlf":
            text = text[:i] + text[i:j].replace("\n", "\r\n") + text[j:]
        else:  # truncated mid-word, as a crawl that timed out
            text = text[: max(j, 1)]
    return text


# ------------------------------------------------------------------ invariants


def check_bounds(low: float | None, value: float | None, high: float | None) -> None:
    if low is not None and high is not None:
        assert low <= high, (low, high)
    if value is not None:
        assert low is None or low <= value, (low, value)
        assert high is None or value <= high, (value, high)


def check_extraction(ex: Extraction) -> dict[str, Any]:
    """The promises of one extraction; returns its JSON form (already validated)."""
    import jsonschema

    text = ex.article.text
    ids = set()
    for f in ex.facts:
        assert 0 <= f.start < f.end <= len(text), f
        assert text[f.start : f.end] == f.text, f
        s = f.sentence
        assert 0 <= s.start < s.end <= len(text), f
        assert text[s.start : s.end] == s.text, f
        assert s.start <= f.start and f.end <= s.end, f  # the fact is inside its sentence
        assert f.id not in ids
        ids.add(f.id)
        if f.kind in ("figure", "money"):
            check_bounds(f.low, f.value, f.high)
    for f in ex.facts:
        assert f.equivalent_of is None or f.equivalent_of in ids, f
    for ev in ex.events:
        for s in ev["sentences"]:
            assert text[s["start"] : s["end"]] == s["text"], s
    doc = ex.to_dict()
    jsonschema.validate(json.loads(json.dumps(doc)), SCHEMA)
    return doc


# ------------------------------------------------------------------ normalisers


@pytest.mark.parametrize("scale", PROFILES)
def test_numbers_never_raise_and_bounds_are_ordered(scale: int) -> None:
    @fuzz(_CHEAP, scale)
    @given(st.one_of(texts, number))
    def prop(text: str) -> None:
        case()
        x = parse_number(text)
        assert x is None or isinstance(x, float | int)
        q = parse_quantity(text)
        if q is not None:
            check_bounds(q.low, q.value, q.high)

    prop()


@pytest.mark.parametrize("scale", PROFILES)
def test_money_never_raises_and_bounds_are_ordered(scale: int) -> None:
    @fuzz(_CHEAP, scale)
    @given(texts)
    def prop(text: str) -> None:
        case()
        m = parse_money(text)
        found = parse_money_with_conversion(text)
        for money in [m, *found]:
            if money is not None:
                check_bounds(money.low, money.value, money.high)
                assert money.currency is None or money.currency.isupper()

    prop()


@pytest.mark.parametrize("scale", PROFILES)
def test_dates_never_raise(scale: int) -> None:
    @fuzz(_CHEAP, scale)
    @given(texts, published, st.booleans())
    def prop(text: str, pub: dt.date | None, past: bool) -> None:
        case()
        dv = resolve_date(text, pub, past=past)
        if dv is None or dv.date is None:
            return
        assert dv.granularity in ("day", "week", "month", "quarter", "year", "decade")
        if dv.granularity == "day":
            dt.date.fromisoformat(dv.date)

    prop()


@pytest.mark.parametrize("scale", PROFILES)
def test_dates_with_year_less_phrases_at_every_publication_date(scale: int) -> None:
    """'last October', 'Dec. 24', 'yesterday', 'two weeks ago' at the calendar's edges."""
    phrase = st.one_of(
        st.sampled_from(
            ["yesterday", "today", "last week", "last month", "last year", "this year",
             "last October", "Dec. 24", "Feb. 29", "February 29", "last Monday", "Tuesday",
             "the third quarter", "Q1", "last quarter", "early this month", "next year",
             "two weeks ago", "10,000 years ago", "9999 days ago", "last decade", "the 1990s"]
        ),
        newsish(6),
    )  # fmt: skip

    @fuzz(_CHEAP, scale)
    @given(phrase, st.dates(), st.booleans())
    def prop(text: str, pub: dt.date, past: bool) -> None:
        case()
        resolve_date(text, pub, past=past)

    prop()


@pytest.mark.parametrize("scale", PROFILES)
def test_orgs_never_raise_and_spans_are_inside(scale: int) -> None:
    aliases = {"Japanese Defense Ministry": "Defense Ministry", "NEC Corp.": "NEC"}

    @fuzz(_CHEAP, scale)
    @given(texts)
    def prop(text: str) -> None:
        case()
        for table in (None, aliases):
            name = canonical_org(text, table)
            assert name is None or (name.strip() == name and name)
        span = clean_org_span(text)
        if span is not None:
            start, end = span
            assert 0 <= start < end <= len(text)

    prop()


@pytest.mark.parametrize("scale", PROFILES)
def test_boilerplate_spans_are_sorted_disjoint_and_trimmed(scale: int) -> None:
    @fuzz(_CHEAP, scale)
    @given(st.one_of(texts, mutated_seed()))
    def prop(text: str) -> None:
        case()
        spans = boilerplate_spans(text)
        last = -1
        for start, end in spans:
            assert last < start < end <= len(text), spans
            assert not text[start].isspace() and not text[end - 1].isspace()
            last = end

    prop()


# ------------------------------------------------------------------ bytes


@pytest.mark.parametrize("scale", PROFILES)
def test_decode_bytes_returns_text_or_read_error(scale: int) -> None:
    encoded = st.tuples(
        st.one_of(texts, mutated_seed()),
        st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1"]),
    ).map(lambda p: p[0].encode(p[1], errors="replace"))

    @fuzz(_CHEAP, scale)
    @given(st.one_of(st.binary(max_size=600), encoded))
    def prop(data: bytes) -> None:
        case()
        try:
            text = decode_bytes(data, "x.txt")
        except ReadError as err:
            assert str(err).startswith("x.txt: ") and "\n" not in str(err)
            return
        assert isinstance(text, str) and "\x00" not in text

    prop()


@pytest.mark.parametrize("scale", PROFILES)
def test_cli_on_random_files_says_one_line_or_valid_jsonl(nlp, scale: int) -> None:
    import jsonschema

    runner = CliRunner()
    suffix = st.sampled_from([".txt", ".html", ".htm", ".jsonl", ".md"])
    content = st.one_of(
        st.binary(max_size=400),
        texts.map(lambda t: t.encode("utf-8")),
        mutated_seed().map(lambda t: t.encode("cp1252", errors="replace")),
        texts.map(lambda t: f"<html><body><article><p>{t}</p></article></body></html>".encode()),
        texts.map(lambda t: (json.dumps({"text": t}) + "\n").encode()),
    )

    @fuzz(_COSTLY, scale)
    @given(content, suffix)
    def prop(data: bytes, ext: str) -> None:
        case()
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "input" + ext)
            with open(path, "wb") as f:
                f.write(data)
            res = runner.invoke(app, ["extract", path, "-f", "jsonl", "-q", "-p", "2021-06-01"])
        assert res.exception is None or isinstance(res.exception, SystemExit), res.exc_info
        assert res.exit_code in (0, 1), res.output
        errors = res.stderr.splitlines()
        if res.exit_code == 1:
            assert errors and all(e.startswith(f"breachfacts: {path}") for e in errors), errors
        else:
            assert not errors, errors
        # JSONL lines end at "\n" only: U+2028 in a fact's text is not a line break here
        for line in res.stdout.split("\n")[:-1]:
            obj = json.loads(line)
            jsonschema.validate(obj, SCHEMA)

    prop()


# ------------------------------------------------------------------ extraction


@pytest.mark.parametrize("scale", PROFILES)
def test_extraction_of_random_text_keeps_its_promises(nlp, scale: int) -> None:
    @fuzz(_COSTLY, scale)
    @given(texts, published)
    def prop(text: str, pub: dt.date | None) -> None:
        case()
        [ex] = extract([Article("fuzz", text, pub)], nlp)
        check_extraction(ex)

    prop()


@pytest.mark.parametrize("scale", PROFILES)
def test_extraction_of_mutated_seeds_keeps_its_promises(nlp, scale: int) -> None:
    @fuzz(_COSTLY, scale)
    @given(mutated_seed(), published)
    def prop(text: str, pub: dt.date | None) -> None:
        case()
        assume(text.strip())
        [ex] = extract([Article("fuzz", text, pub)], nlp)
        check_extraction(ex)

    prop()


@pytest.mark.parametrize("scale", PROFILES)
def test_batch_in_small_pieces_keeps_its_promises(nlp, scale: int) -> None:
    @fuzz(_COSTLY, scale)
    @given(mutated_seed(), st.integers(min_value=60, max_value=900), published)
    def prop(text: str, max_chars: int, pub: dt.date | None) -> None:
        case()
        [ex] = batch_run([Article("fuzz", text, pub)], nlp, max_chars=max_chars)
        assert ex.article.text == text
        check_extraction(ex)

    prop()


# ------------------------------------------------------------------ found by the fuzzer


@pytest.mark.parametrize(
    "text",
    [
        "0\nYEN",  # MONEY '0\nYEN' across a line break; sentence '0\n'
        # ORG 'Mitsubishi Electric Ministry'; the parser starts a sentence at 'Electric'
        "files\u00a0had a\u00a0grave on \nMitsubishi Electric Ministry protection ",
    ],
)
def test_a_fact_lies_inside_its_sentence(nlp, text: str) -> None:
    [ex] = extract([Article("fuzz", text)], nlp)
    assert ex.facts
    for f in ex.facts:
        assert f.sentence.start <= f.start and f.end <= f.sentence.end, f
