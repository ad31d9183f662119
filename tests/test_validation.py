"""``add --facts`` input is checked against the schema and bounds before anything is written.

The validator (``store/validation.py``) interprets the published schema itself; these
tests hold it to ``jsonschema`` (a dev dependency only) case by case, and check the one
line each problem gives. tests/test_fuzz_hostile_store.py generates many more cases.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from breachfacts.errors import FactsFormatError
from breachfacts.store import Store
from breachfacts.store.documents import extraction_from_dict, parse_fact_records
from breachfacts.store.validation import (
    KEYWORDS,
    SCHEMA_PATH,
    check_keywords,
    document_problem,
    published_schema,
    schema_problems,
)

SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
JSONSCHEMA = jsonschema.Draft202012Validator(SCHEMA)
TEXT = "Acme said 8,000 people and $5 million (4.5 million euros) were hit in June 2019.\n"


def doc() -> dict[str, Any]:
    """A valid document with a fact of every kind, offsets into TEXT."""

    def fact(n: int, kind: str, phrase: str, **kw: Any) -> dict[str, Any]:
        start = TEXT.index(phrase)
        sentence = {"text": TEXT, "start": 0, "end": len(TEXT)}
        base = {"id": f"f{n}", "kind": kind, "text": phrase, "start": start,
                "end": start + len(phrase), "sentence": sentence,
                "certainty": "certain"}  # fmt: skip
        return {**base, **kw, "role": kw.get("role"), "subject": kw.get("subject", "Acme")}

    number = {"low": None, "high": None, "qualifier": None}
    return {
        "schema": "breachfacts/1",
        "source": "a.txt",
        "published": "2020-01-21",
        "title": "Acme hit",
        "events": [],
        "facts": [
            fact(1, "organisation", "Acme", canonical="Acme", role="victim"),
            fact(2, "figure", "8,000", value=8000, unit="person", **number),
            fact(
                3,
                "money",
                "$5 million",
                value=5e6,
                unit="USD",
                currency="USD",
                equivalent_of=None,
                **number,
            ),  # fmt: skip
            fact(
                4,
                "money",
                "4.5 million euros",
                value=4.5e6,
                unit="EUR",
                currency="EUR",
                equivalent_of="f3",
                **number,
            ),  # fmt: skip
            fact(5, "date", "June 2019", date="2019-06", granularity="month", relative=False),
        ],
    }


def with_(path: str, value: Any, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """``doc()`` with the value at ``a/b/0/c`` replaced (``...`` deletes the key)."""
    d = copy.deepcopy(base or doc())
    *parents, last = [int(p) if p.isdigit() else p for p in path.split("/")]
    node: Any = d
    for p in parents:
        node = node[p]
    if value is ...:
        del node[last]
    else:
        node[last] = value
    return d


def test_the_base_document_is_valid() -> None:
    assert JSONSCHEMA.is_valid(doc())
    assert document_problem(doc()) is None
    x = extraction_from_dict(doc(), "a.jsonl:1")
    assert [f.kind for f in x.facts] == ["organisation", "figure", "money", "money", "date"]


def test_the_validator_knows_every_keyword_of_the_schema() -> None:
    assert published_schema() == SCHEMA  # loads: an unknown keyword would raise
    bad = {"type": "object", "properties": {"x": {"maxLength": 3}}}
    with pytest.raises(ValueError, match="maxLength"):
        check_keywords(bad)
    assert "maxLength" not in KEYWORDS


# (path, value, the one line): the reproductions first
REJECTED = [
    ("facts/1/value", "abc", "[facts -> 1 -> value] expected a number or null, got a string"),
    ("facts/1/unit", 3, "[facts -> 1 -> unit] expected a string or null, got a number"),
    ("facts/0/role", 3, "[facts -> 0 -> role] expected a string or null, got a number"),
    ("facts/1/subject", ["A"], "[facts -> 1 -> subject] expected a string or null, got an array"),
    ("facts/1/value", 10**30, "[facts -> 1 -> value] 10000000000000000000000000000"),
    ("facts/1/value", float("nan"), "[facts -> 1 -> value] expected a finite number, got nan"),
    ("facts/1/high", float("inf"), "[facts -> 1 -> high] expected a finite number, got inf"),
    ("facts/1/value", True, "[facts -> 1 -> value] expected a number or null, got a boolean"),
    ("facts/1/start", 1.5, "[facts -> 1 -> start] expected an integer, got a number (1.5)"),
    ("facts/1/start", -1, "[facts -> 1 -> start] expected at least 0, got -1"),
    ("facts/1/kind", "guess", "[facts -> 1 -> kind] expected one of \"figure\", \"money\""),
    ("facts/1/certainty", None, "[facts -> 1 -> certainty] expected one of \"certain\""),
    ("facts/1/id", "x1", "[facts -> 1 -> id] expected a string matching ^f[0-9]+$, got \"x1\""),
    ("facts/1/text", "", "[facts -> 1 -> text] expected a non-empty string"),
    ("facts/1/unit", ..., "[facts -> 1 -> unit] missing"),
    ("facts/1/sentence/extra", 1, "[facts -> 1 -> sentence -> extra] unexpected field"),
    ("facts/0/canonical", None, "[facts -> 0 -> canonical] expected a string, got null"),
    ("facts/4/relative", None, "[facts -> 4 -> relative] expected a boolean, got null"),
    ("facts/4/granularity", "century", "[facts -> 4 -> granularity] expected one of"),
    ("facts/3/equivalent_of", "3", "[facts -> 3 -> equivalent_of] expected a string matching"),
    ("facts/4/value", "abc", "[facts -> 4 -> value] expected a number or null, got a string"),
    ("facts/1/text", "\ud800", "[facts -> 1 -> text] lone surrogate U+D800 at offset 0"),
    ("source", "a\udfffb", "[source] lone surrogate U+DFFF at offset 1"),
    ("source", 3, "[source] expected a string, got a number"),
    ("published", "2020-13-45", "[published] expected a date (YYYY-MM-DD), got \"2020-13-45\""),
    ("published", ..., "[published] missing"),
    ("title", None, "[title] expected a string, got null"),
    ("events", {}, "[events] expected an array, got an object"),
    ("events", [{"type": "hack"}], "[events -> 0 -> realis] missing"),
    ("facts", [1], "[facts -> 0] expected an object, got a number"),
    ("facts/1/low", 9000, "[facts -> 1 -> low] 9000 is above value 8000"),
    ("facts/1/high", 10, "[facts -> 1 -> high] 10 is below value 8000"),
    ("facts/1/end", 0, "[facts -> 1 -> end] 0 is before start 10"),
    ("facts/2/id", "f2", "[facts -> 2 -> id] \"f2\" is the id of an earlier fact"),
    ("facts/1/sentence/end", 10**6, "[facts -> 1 -> sentence -> end] 1000000 is past the end"),
]  # fmt: skip


@pytest.mark.parametrize(
    "path,value,line", REJECTED, ids=[f"{p}={v!r}"[:40] for p, v, _ in REJECTED]
)
def test_a_bad_field_is_one_line_naming_it(path: str, value: Any, line: str) -> None:
    d = with_(path, value)
    if path == "facts/1/sentence/end":
        d["text"] = TEXT
    problem = document_problem(d)
    assert problem is not None and problem.startswith(line), problem
    assert "\n" not in problem
    with pytest.raises(FactsFormatError) as e:
        extraction_from_dict(d, "out.jsonl:3")
    assert str(e.value) == f"out.jsonl:3: {problem}"


@pytest.mark.parametrize(
    "path,value,line", REJECTED, ids=[f"{p}={v!r}"[:40] for p, v, _ in REJECTED]
)
def test_the_schema_half_agrees_with_jsonschema(path: str, value: Any, line: str) -> None:
    d = with_(path, value)
    assert (next(schema_problems(d), None) is None) == JSONSCHEMA.is_valid(d)


ACCEPTED = [
    ("facts/1/start", 10.0),  # an integral float is an integer to JSON Schema
    ("facts/1/value", None),
    ("facts/1/unit", None),
    ("facts/1/boilerplate", True),
    ("facts/1/status", "new"),
    ("extra", {"anything": [1, "\u2028", None]}),  # the document allows more fields
    ("facts/1/id", "f12\n"),  # "$" matches before a final newline, as in jsonschema
    ("published", None),
    ("facts/1/value", 2**53),
    ("facts/1/subject", "Acme \u202e\u0085 Corp"),  # odd but valid Unicode is text
]


@pytest.mark.parametrize("path,value", ACCEPTED, ids=[f"{p}={v!r}"[:40] for p, v in ACCEPTED])
def test_good_variants_are_accepted(path: str, value: Any, tmp_path: Path) -> None:
    d = with_(path, value)
    assert JSONSCHEMA.is_valid(d)
    assert document_problem(d) is None
    with Store.open(tmp_path / "facts.sqlite") as store:
        assert store.add_fact_records([("a.jsonl:1", d)]).added
        assert store.history("Acme").found


def test_records_are_named_by_their_line(tmp_path: Path) -> None:
    good, bad = json.dumps(doc()), json.dumps(with_("facts/1/value", "abc"))
    data = f"{good}\r\n\n{bad}\n".encode()
    records = list(parse_fact_records(data, "out.jsonl"))
    assert [w for w, _ in records] == ["out.jsonl:1", "out.jsonl:3"]
    db = tmp_path / "facts.sqlite"
    with Store.open(db) as store:
        with pytest.raises(FactsFormatError) as e:
            store.add_fact_records(records)
        assert str(e.value) == (
            "out.jsonl:3: [facts -> 1 -> value] expected a number or null, got a string"
        )
        assert store.info()["articles"] == 0  # the good line before it is not written either
    array = f"[{good},\n\n  {bad}]".encode()
    assert [w for w, _ in parse_fact_records(array, "out.json")] == ["out.json:1", "out.json:3"]


def test_a_line_break_inside_a_string_is_not_a_line(tmp_path: Path) -> None:
    d = with_("title", "one\u0085two\u2028three")
    data = json.dumps(d, ensure_ascii=False).encode()
    [(where, back)] = parse_fact_records(data, "out.jsonl")
    assert (where, back["title"]) == ("out.jsonl:1", "one\u0085two\u2028three")


def test_deep_nesting_is_one_line() -> None:
    with pytest.raises(FactsFormatError, match=r"^deep.jsonl:1: invalid JSON: nested too deeply$"):
        list(parse_fact_records(b"[" * 100_000 + b"]" * 100_000, "deep.jsonl"))
    with pytest.raises(FactsFormatError, match=r"^deep.jsonl:2: invalid JSON: nested too deeply$"):
        list(parse_fact_records(b"{}\n" + b'{"a": ' * 100_000, "deep.jsonl"))
