"""Fuzzing the store's hostile input: mutated ``breachfacts/1`` records for ``add --facts``.

Valid documents (a fact of every kind, with and without article text) are mutated: a field
gets a value of the wrong type, a huge, NaN or infinite number, a list for a string, a lone
surrogate, a control or bidi character; a field is deleted; a field is added where the
schema forbids it (a sentence) or allows it. The properties:

* the validator (``store/validation.py``) rejects exactly what ``jsonschema`` rejects, plus
  the bounds; every rejection is one line, naming the record and the field;
* a rejected file writes nothing (a real SQLite file);
* an accepted one makes ``history``, ``check`` and ``store info`` work, without exceptions,
  through the library and through the CLI;
* ``add_batches`` (class 5): however a stream is cut into batches and wherever a write
  fails, the store holds whole batches only.

Quick profile in the default run, heavy marked ``slow`` (as tests/test_fuzz.py);
``pytest tests/test_fuzz_hostile_store.py -m slow`` prints how many cases each property saw.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import sqlite3
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from typer.testing import CliRunner

import breachfacts.store.rows as store_rows
from breachfacts.cli import app
from breachfacts.errors import FactsFormatError
from breachfacts.facts import Article, Extraction, Fact, Sentence
from breachfacts.store import Store, StoreError
from breachfacts.store.documents import content_hash, extraction_from_dict, parse_fact_records
from breachfacts.store.rows import fact_row
from breachfacts.store.validation import (
    SCHEMA_PATH,
    bound_problems,
    document_problem,
    schema_problems,
)
from fuzzing import case, fuzz, report_cases  # noqa: F401  (report_cases: autouse)

JSONSCHEMA = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))

PROFILES = [
    pytest.param(1, id="quick"),
    pytest.param(5, id="heavy", marks=pytest.mark.slow),
]
_PURE = 500  # examples per quick run of the validator alone
_BUILD = 300  # ... of validating and rebuilding the facts
_STORE = 30  # ... through a real store file
_CLI = 6  # ... through add --facts and history


# ------------------------------------------------------------------ valid documents

TEXT = (
    "Acme Corp said 8,000 people and $5 million (4.5 million euros) were hit in June 2019.\n"
    "Recovery took over 72 hours.\n"
)


@st.composite
def valid_docs(draw: st.DrawFn) -> dict[str, Any]:
    """A valid ``breachfacts/1`` document: a fact of each kind, varied where it may vary."""

    def fact(n: int, kind: str, phrase: str, **kw: Any) -> dict[str, Any]:
        start = TEXT.index(phrase)
        s_end = TEXT.index("\n", start) + 1
        s_start = TEXT.rfind("\n", 0, start) + 1
        d = {
            "id": f"f{n}",
            "kind": kind,
            "text": phrase,
            "start": start,
            "end": start + len(phrase),
            "sentence": {"text": TEXT[s_start:s_end], "start": s_start, "end": s_end},
            "certainty": draw(st.sampled_from(["certain", "hedged", "denied"])),
            "role": draw(st.sampled_from([None, "victims", "ransom", "attack", "other"])),
            "subject": draw(st.sampled_from(["Acme Corp", "Acme Corp", None])),
        }
        d.update(kw)
        return d

    hedge = draw(
        st.sampled_from([(None, None, None), ("more than", 8000, None), (None, 7500, 9000)])
    )
    number = {"qualifier": hedge[0], "low": hedge[1], "high": hedge[2]}
    facts = [
        fact(1, "organisation", "Acme Corp", canonical="Acme Corp"),
        fact(2, "figure", "8,000", value=8000, unit="person", **number),
        fact(
            3,
            "money",
            "$5 million",
            value=5e6,
            unit="USD",
            currency="USD",
            equivalent_of=None,
            low=None,
            high=None,
            qualifier=None,
        ),  # fmt: skip
        fact(
            4,
            "money",
            "4.5 million euros",
            value=4.5e6,
            unit="EUR",
            currency="EUR",
            equivalent_of="f3",
            low=None,
            high=None,
            qualifier=None,
        ),  # fmt: skip
        fact(5, "date", "June 2019", date="2019-06", granularity="month", relative=False),
        fact(
            6,
            "duration",
            "over 72 hours",
            value=72,
            low=72,
            high=108,
            unit="hour",
            qualifier="over",
        ),  # fmt: skip
    ]
    keep = draw(st.lists(st.sampled_from(range(6)), min_size=1, max_size=6, unique=True))
    doc: dict[str, Any] = {
        "schema": "breachfacts/1",
        "source": draw(st.sampled_from(["a.txt", "corpus.jsonl:3", "b\u00e9.html"])),
        "published": draw(st.sampled_from([None, "2020-01-21", "2021-06-30"])),
        "events": [
            {
                "type": "data breach",
                "realis": "actual",
                "victim": "Acme Corp",
                "attacker": None,
                "sentences": [{"text": TEXT[:10], "start": 0, "end": 10, "realis": "actual"}],
            }
        ][: draw(st.integers(0, 1))],  # fmt: skip
        "facts": [facts[i] for i in sorted(keep)],
    }
    if draw(st.booleans()):
        doc["title"] = "Acme hit"
    if draw(st.booleans()):
        doc["text"] = TEXT + draw(st.sampled_from(["", "More.", "\u2028x"]))
    return doc


# ------------------------------------------------------------------ mutations

_ODD = [
    None, True, False, 0, -1, 1.5, 3.0, 10**30, -(10**30), 2**53, 2**53 + 1, 1e308,
    float("nan"), float("inf"), float("-inf"),
    "", "abc", "\ud800", "a\udfffb", "\u202eevil", "\x1b[2J", "x\u2028y", "x\u0085y", "\x00",
    [], {}, ["Acme Corp"], {"a": 1}, [1, [2]],
    "f1", "f99", "figure", "money", "date", "organisation", "duration", "certain", "month",
    "2020-13-45", "2020-01-21", "USD", "breachfacts/1",
]  # fmt: skip
hostile_values = st.one_of(
    # a copy: the mutations below edit documents in place, and an edited shared `{}` made
    # later draws differ (hypothesis's FlakyStrategyDefinition in a full run)
    st.sampled_from(_ODD).map(copy.deepcopy),
    st.integers(),
    st.floats(),
    st.text(max_size=6),
    st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=3)), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
field_names = st.one_of(
    st.sampled_from(["value", "extra", "relative", "canonical", "\ud800", "a\nb", "role"]),
    st.text(max_size=5),
)


def nodes(x: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every (path, value) of a JSON value, the root included, in document order.

    Without recursion: a generated document nested 2,000 deep must not end the strategy
    with a RecursionError (it did in CI).
    """
    stack: list[tuple[tuple[Any, ...], Any]] = [(at, x)]
    while stack:
        path, value = stack.pop()
        yield path, value
        if isinstance(value, dict):
            stack.extend(reversed([((*path, k), v) for k, v in value.items()]))
        elif isinstance(value, list):
            stack.extend(reversed([((*path, i), v) for i, v in enumerate(value)]))


def break_a_number(doc: Any, draw: st.DrawFn) -> Any:
    """A number of the right type but out of range: NaN, infinite, huge."""
    numbers = [p for p, v in nodes(doc) if isinstance(v, float | int) and not isinstance(v, bool)]
    if not numbers:
        return doc
    path = draw(st.sampled_from(numbers))
    bad = st.sampled_from([float("nan"), float("inf"), float("-inf"), 10**30, 2**53 + 1, 1e300])
    value = draw(st.one_of(bad, st.floats(), st.integers(min_value=0)))
    return replaced(doc, path, value)


def break_a_string(doc: Any, draw: st.DrawFn) -> Any:
    """A string that stays a string: a lone surrogate, control, bidi or line-break characters."""
    strings = [p for p, v in nodes(doc) if isinstance(v, str)]
    if not strings:
        return doc
    path = draw(st.sampled_from(strings))
    odd = st.sampled_from(
        ["\ud800", "\udfff", "\x1b[31m", "\u202e", "\u2028", "\x85", "\r", "\x00"]
    )
    return replaced(doc, path, draw(st.text(max_size=3)) + draw(odd) + draw(st.text(max_size=3)))


def break_an_order(doc: Any, draw: st.DrawFn) -> Any:
    """low > value, value > high, end < start, a repeated fact id."""
    facts = doc.get("facts") if isinstance(doc, dict) else None
    if not isinstance(facts, list) or not facts or not isinstance(facts[0], dict):
        return doc
    i = draw(st.integers(0, len(facts) - 1))
    f = facts[i]
    if not isinstance(f, dict):
        return doc
    which = draw(st.sampled_from(["low", "high", "end", "sentence", "id"]))
    if which == "low":
        f["low"], f["value"] = 9000, 8000
    elif which == "high":
        f["high"], f["value"] = 10, 8000
    elif which == "end" and isinstance(f.get("start"), int):
        f["end"] = max(0, f["start"] - 1) if f["start"] else 0
        f["start"] = f["end"] + 1
    elif which == "sentence" and isinstance(f.get("sentence"), dict):
        f["sentence"]["end"] = 10**6
        doc["text"] = TEXT
    elif which == "id" and len(facts) > 1 and isinstance(facts[0], dict):
        other = facts[1] if i == 0 else facts[0]
        f["id"] = other.get("id") if isinstance(other, dict) else None
    return doc


def replaced(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = doc
    for p in path[:-1]:
        parent = parent[p]
    parent[path[-1]] = value
    return doc


@st.composite
def hostile_docs(draw: st.DrawFn) -> Any:
    """A valid document with one to three mutations (or none: valid ones must pass too)."""
    doc: Any = draw(valid_docs())
    for _ in range(draw(st.integers(0, 3))):
        path, node = draw(st.sampled_from(list(nodes(doc))))
        op = draw(st.sampled_from(["replace", "delete", "add", "keep-type", "keep-type"]))
        if op == "keep-type":  # the schema is kept, a bound is broken
            doc = draw(st.sampled_from([break_a_number, break_a_string, break_an_order]))(doc, draw)
        elif op == "add" and isinstance(node, dict):
            node[draw(field_names)] = draw(hostile_values)
        elif not path:
            doc = draw(hostile_values) if op == "replace" else doc
        else:
            parent = doc
            for p in path[:-1]:
                parent = parent[p]
            if op == "delete" and isinstance(parent, dict):
                del parent[path[-1]]
            else:
                parent[path[-1]] = draw(hostile_values)
    return doc


# ------------------------------------------------------------------ properties


def one_line(message: str, where: str) -> None:
    assert message.startswith(f"{where}: ") and "\n" not in message and "\r" not in message
    assert message.isprintable() or all(c.isprintable() or c == " " for c in message), message
    message.encode("utf-8")  # no lone surrogate: it can be printed


@pytest.mark.parametrize("scale", PROFILES)
def test_the_validator_rejects_what_jsonschema_rejects_plus_the_bounds(scale: int) -> None:
    @fuzz(_PURE, scale)
    @given(hostile_docs())
    def prop(doc: Any) -> None:
        case()
        schema_ok = next(schema_problems(doc), None) is None
        assert schema_ok == JSONSCHEMA.is_valid(doc)
        problem = document_problem(doc)
        if problem is None:
            assert schema_ok and not list(bound_problems(doc))
        else:
            one_line(f"x: {problem}", "x")

    prop()


@pytest.mark.parametrize("scale", PROFILES)
def test_a_record_is_rebuilt_or_refused_in_one_line(scale: int) -> None:
    @fuzz(_BUILD, scale)
    @given(hostile_docs())
    def prop(doc: Any) -> None:
        case()
        try:
            x = extraction_from_dict(doc, "out.jsonl:7")
        except FactsFormatError as err:
            one_line(str(err), "out.jsonl:7")
            return
        assert JSONSCHEMA.is_valid(doc)
        for f in x.facts:
            row = fact_row(1, f, f.subject, "m", None)
            for v in row:  # what SQLite will be handed
                assert v is None or isinstance(v, (str, int, float)), (f, v)
                if isinstance(v, str):
                    v.encode("utf-8")
                elif isinstance(v, (int, float)):
                    assert abs(v) <= 2**53

    prop()


@pytest.mark.parametrize("scale", PROFILES)
def test_a_rejected_file_writes_nothing_and_an_accepted_one_reads_back(scale: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "facts.sqlite"
        with Store.open(db) as store:

            @fuzz(_STORE, scale)
            @given(st.lists(st.one_of(hostile_docs(), valid_docs()), min_size=1, max_size=3))
            def prop(docs: list[Any]) -> None:
                case()
                assume(not isinstance(docs[0], list))  # that is a JSON array file, not JSONL
                data = "\n".join(json.dumps(d, ensure_ascii=True) for d in docs).encode()
                before = store.info()
                try:
                    report = store.add_fact_records(parse_fact_records(data, "f.jsonl"))
                except FactsFormatError as err:
                    one_line(str(err), str(err).split(": ", 1)[0])
                    assert store.info() == before
                    return
                assert all(document_problem(d) is None for d in docs)
                assert store.info()["articles"] == before["articles"] + len(report.added)
                for d in docs:
                    store.check_fact_dict(d, "f.jsonl:1")
                    for f in d["facts"]:
                        for name in {f.get("subject"), f.get("canonical")} - {None}:
                            h = store.history(name)
                            json.dumps(h.to_dict())
                assert store.skipped == []
                conn = sqlite3.connect(db)
                try:
                    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                finally:
                    conn.close()

            prop()


@pytest.mark.parametrize("scale", PROFILES)
def test_add_facts_then_history_through_the_cli(scale: int) -> None:
    runner = CliRunner()

    @fuzz(_CLI, scale)
    @given(st.lists(st.one_of(hostile_docs(), valid_docs()), min_size=1, max_size=3))
    def prop(docs: list[Any]) -> None:
        case()
        with tempfile.TemporaryDirectory() as tmp:
            path, db = Path(tmp) / "in.jsonl", str(Path(tmp) / "facts.sqlite")
            assume(not isinstance(docs[0], list))  # that is a JSON array file, not JSONL
            path.write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="ascii")
            bad = [n for n, d in enumerate(docs, 1) if document_problem(copy.deepcopy(d))]
            res = runner.invoke(app, ["add", "--facts", str(path), "--db", db])
            assert res.exception is None or isinstance(res.exception, SystemExit), res.exc_info
            if bad:
                assert res.exit_code == 1
                [line] = res.stderr.splitlines()
                assert line.startswith(f"breachfacts: {path}:{bad[0]}: "), line
            else:
                assert res.exit_code == 0, res.output
            for args in (["history", "Acme Corp"], ["store", "info"]):
                res = runner.invoke(app, [*args, "--db", db, "-f", "json"])
                assert res.exception is None or isinstance(res.exception, SystemExit)
                assert res.exit_code in (0, 1), res.output
                json.loads(res.stdout or "null")

    prop()


# ------------------------------------------------------------------ batches (class 5)

_BATCHES = 40  # examples per quick run of add_batches on a real file


def _article(i: int) -> Extraction:
    text = f"Article {i}: Acme Corp said {1000 + i} people were affected.\n" + "x" * (i % 7) * 20
    start = text.index(str(1000 + i))
    s = Sentence(text, 0, len(text))
    fact = Fact("f1", "figure", str(1000 + i), start, start + 4, s, value=1000 + i, unit="person",
                subject="Acme Corp")  # fmt: skip
    return Extraction(Article(f"a{i}.txt", text, None), (fact,))


@pytest.mark.parametrize("scale", PROFILES)
def test_batches_are_whole_however_they_are_cut_and_wherever_a_write_fails(scale: int) -> None:
    @fuzz(_BATCHES, scale)
    @given(
        st.integers(1, 20),
        st.integers(1, 8),
        st.integers(40, 2_000),
        st.one_of(st.none(), st.integers(1, 20)),
    )
    def prop(n: int, per: int, chars: int, fail_at: int | None) -> None:
        case()
        calls = [0]
        real = store_rows.insert_facts

        def flaky(conn: sqlite3.Connection, rows: list[Any]) -> None:
            calls[0] += 1
            if calls[0] == fail_at:
                raise sqlite3.OperationalError("disk I/O error")
            real(conn, rows)

        with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "f.sqlite") as store:
            sizes: list[int] = []
            store_rows.insert_facts = flaky
            try:
                for report in store.add_batches(
                    (_article(i) for i in range(n)), articles=per, chars=chars
                ):
                    sizes.append(len(report.added))
                failed = False
            except StoreError as err:
                assert "\n" not in str(err)
                failed = True
            finally:
                store_rows.insert_facts = real
            assert all(0 < k <= per for k in sizes)
            assert failed == (fail_at is not None and fail_at <= n)
            assert store.info()["articles"] == sum(sizes)  # whole batches, nothing more
            if not failed:
                assert sum(sizes) == n

    prop()


# ------------------------------------------------------------------ store files (class 10)

_FILES = 40  # examples per quick run of opening a hostile store file for reading


def _store_bytes() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "f.sqlite"
        with Store.open(db) as store:
            store.add([_article(i) for i in range(3)])
        conn = sqlite3.connect(db)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        return db.read_bytes()


STORE_BYTES = _store_bytes()


@st.composite
def store_files(draw: st.DrawFn) -> bytes:
    """Empty, random, a real store cut short, or a real store with bytes changed."""
    kind = draw(st.sampled_from(["empty", "random", "cut", "flipped", "whole"]))
    if kind == "empty":
        return b""
    if kind == "random":
        return draw(st.binary(max_size=300))
    if kind == "cut":
        return STORE_BYTES[: draw(st.integers(0, len(STORE_BYTES)))]
    if kind == "whole":
        return STORE_BYTES
    data = bytearray(STORE_BYTES)
    for _ in range(draw(st.integers(1, 8))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data)


@pytest.mark.parametrize("scale", PROFILES)
def test_readers_open_any_file_as_a_store_or_say_why_in_one_line(
    scale: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import breachfacts.store.db as store_db

    doc = json.loads(json.dumps(Extraction(_article(1).article, _article(1).facts).to_dict()))

    @fuzz(_FILES, scale)
    @given(store_files(), st.booleans())
    def prop(data: bytes, writable: bool) -> None:
        case()
        # not writable: the folder or mount is read-only, and the file is opened immutable
        monkeypatch.setattr(store_db.os, "access", lambda p, mode: writable)
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "f.sqlite"
            db.write_bytes(data)
            try:
                with Store.open(db, readonly=True) as store:
                    info = store.info()
                    store.history("Acme Corp")
                    store.check_fact_dict(doc)
            except StoreError as err:
                assert str(err).startswith(str(db)) and "\n" not in str(err), err
                return
            finally:
                assert db.read_bytes() == data  # a reader never writes
                if not writable:
                    assert sorted(p.name for p in Path(tmp).iterdir()) == ["f.sqlite"]
            if not data:
                assert (info["articles"], info["schema_version"]) == (0, 0)

    prop()


# ------------------------------------------------------------------ article identity (class 11)

_TEXTS = 150  # examples per quick run of the identity of a respelt text

respellings = st.tuples(
    st.lists(st.sampled_from(["tail", "blanks", "nfd", "nfc"]), max_size=3),
    st.sampled_from(["lf", "crlf", "cr"]),  # then the line ends, once ("\r\r\n" is another text)
).map(lambda t: [*t[0], t[1]])


def respell(text: str, how: str) -> str:
    if how == "lf":
        return text
    if how == "crlf":
        return text.replace("\n", "\r\n")
    if how == "cr":
        return text.replace("\n", "\r")
    if how == "tail":
        return text + "\n \n\t"
    if how == "blanks":
        return text.replace("\n", "  \n")
    return unicodedata.normalize("NFD" if how == "nfd" else "NFC", text)


@pytest.mark.parametrize("scale", PROFILES)
def test_an_article_respelt_is_the_same_article(scale: int) -> None:
    texts = st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=60
    ).filter(lambda t: t.strip())

    @fuzz(_TEXTS, scale)
    @given(texts, respellings)
    def prop(text: str, hows: list[str]) -> None:
        case()
        other = text
        for how in hows:
            other = respell(other, how)
        assert content_hash(other) == content_hash(text)
        x = _article(1)
        with Store.open(":memory:") as store:
            store.add([Extraction(dataclasses.replace(x.article, text=text), x.facts)])
            again = Extraction(dataclasses.replace(x.article, text=other), x.facts)
            assert [a.status for a in store.add([again]).articles] == ["duplicate"]

    prop()
