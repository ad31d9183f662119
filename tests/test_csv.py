"""CSV output (views/csv.py): RFC 4180 rows that no spreadsheet runs as a formula."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachfacts.views.csv import (
    CHECK_COLUMNS,
    FACT_COLUMNS,
    HISTORY_COLUMNS,
    NUMBER_COLUMNS,
    TRIGGERS,
    csv_cell,
    fact_rows,
    history_rows,
    neutralise,
    write_csv,
    write_facts_csv,
)


def read_back(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def written(rows: list[dict], columns: tuple[str, ...]) -> str:
    out = io.StringIO(newline="")
    write_csv(rows, out, columns)
    return out.getvalue()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("=1+2", "'=1+2"),
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-5", "'-5"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("8,000", "8,000"),
        ("a=b", "a=b"),
        ("'quoted", "'quoted"),
        ("", ""),
    ],
)
def test_neutralise(text: str, shown: str) -> None:
    assert neutralise(text) == shown


@pytest.mark.parametrize(
    ("value", "number", "cell"),
    [
        (None, True, ""),
        (None, False, ""),
        (-8000.0, True, -8000),
        (8000, True, 8000),
        (0.5, True, 0.5),
        (-0.25, True, -0.25),
        (1e300, True, 1e300),
        (True, False, "true"),
        (False, True, "false"),  # a bool is no number, even in a number column
        ("-8000", True, "'-8000"),  # text in a number column is text
        (float("nan"), True, "nan"),
        ("=cmd|' /C calc'!A0", False, "'=cmd|' /C calc'!A0"),
    ],
)
def test_csv_cell(value: object, number: bool, cell: object) -> None:
    assert csv_cell(value, number=number) == cell


@given(st.text())
def test_any_text_reads_back_neutralised_and_never_starts_a_formula(text: str) -> None:
    [header, row] = read_back(written([{"text": text}], ("text",)))
    assert header == ["text"]
    assert row == [neutralise(text)]
    assert not row[0].startswith(TRIGGERS)
    assert row[0].removeprefix("'") == text or row[0] == text


@given(st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(2**53), 2**53))
def test_numbers_stay_numbers_negative_ones_included(x: float) -> None:
    [_, row] = read_back(written([{"value": x}], ("value",)))
    assert float(row[0]) == x
    assert not row[0].startswith("'")


@given(st.lists(st.text(), min_size=1, max_size=5))
def test_rows_are_rfc_4180(texts: list[str]) -> None:
    columns = tuple(f"c{i}" for i in range(len(texts)))
    text = written([dict(zip(columns, texts, strict=True))], columns)
    assert text.endswith("\r\n")
    assert read_back(text) == [list(columns), [neutralise(t) for t in texts]]


def test_quotes_commas_and_line_breaks_are_quoted() -> None:
    text = written([{"text": 'he said "8,000"\nthen left'}], ("text",))
    assert text == 'text\r\n"he said ""8,000""\nthen left"\r\n'


ARTICLE = {
    "schema": "breachfacts/1",
    "source": "a.txt",
    "published": "2021-02-01",
    "events": [],
    "facts": [
        {
            "id": "f1",
            "kind": "figure",
            "text": "-10,000",
            "start": 0,
            "end": 7,
            "sentence": {"text": "=10,000 customers", "start": 0, "end": 17},
            "certainty": "certain",
            "value": -10000,
            "low": -10000,
            "high": -10000,
            "unit": "customer",
            "qualifier": None,
            "role": None,
            "subject": "@Acme",
        },
        {
            "id": "f2",
            "kind": "date",
            "text": "March",
            "start": 20,
            "end": 25,
            "sentence": {"text": "in March", "start": 17, "end": 25},
            "certainty": "hedged",
            "date": "2021-03",
            "granularity": "month",
            "relative": True,
            "role": "attack",
            "subject": "Acme",
        },
    ],
}


def test_fact_rows_follow_the_columns() -> None:
    out = io.StringIO(newline="")
    assert write_facts_csv([ARTICLE], out) == 2
    header, first, second = read_back(out.getvalue())
    assert tuple(header) == FACT_COLUMNS
    one = dict(zip(header, first, strict=True))
    assert one["source"] == "a.txt" and one["fact_id"] == "f1"
    assert one["text"] == "'-10,000" and one["value"] == "-10000"  # text neutralised, number not
    assert one["sentence"] == "'=10,000 customers" and one["subject"] == "'@Acme"
    assert one["date"] == "" and one["relative"] == ""
    two = dict(zip(header, second, strict=True))
    assert (two["date"], two["granularity"], two["relative"]) == ("2021-03", "month", "true")
    assert two["value"] == "" and two["certainty"] == "hedged"


def test_checked_rows_add_status_and_against() -> None:
    doc = {**ARTICLE, "facts": [dict(ARTICLE["facts"][0], status="updated", against=[])]}
    doc["facts"][0]["against"] = [
        {"value": 8000, "text": "8,000", "published": "2021-01-01", "source": "b.txt"},
        {"value": 9000, "text": "9,000", "published": None, "source": "c.txt"},
    ]
    [row] = fact_rows(doc)
    assert row["status"] == "updated"
    assert row["against"] == "8,000 (2021-01-01, b.txt); 9,000 (?, c.txt)"
    out = io.StringIO(newline="")
    write_facts_csv([doc], out, CHECK_COLUMNS)
    assert tuple(read_back(out.getvalue())[0]) == CHECK_COLUMNS


def test_history_rows_carry_organisation_and_slot() -> None:
    history = {
        "organisation": "Acme",
        "names": ["Acme"],
        "articles": 2,
        "timeline": {
            "people affected": [{"text": "10,000", "value": 10000, "source": "a.txt"}],
            "date:attack": [{"text": "March", "date": "2021-03", "source": "a.txt"}],
        },
    }
    rows = list(history_rows(history))
    assert [(r["organisation"], r["slot"], r["text"]) for r in rows] == [
        ("Acme", "people affected", "10,000"),
        ("Acme", "date:attack", "March"),
    ]
    assert set(HISTORY_COLUMNS) >= {"organisation", "slot", "published", "publisher"}


def test_number_columns_are_columns() -> None:
    assert NUMBER_COLUMNS <= set(FACT_COLUMNS)
    assert NUMBER_COLUMNS - {"start", "end"} <= set(HISTORY_COLUMNS)


# ------------------------------------------------------------------ docs/views.md

VIEWS_MD = (Path(__file__).resolve().parents[1] / "docs" / "views.md").read_text(encoding="utf-8")
CSV_SECTION = VIEWS_MD.split("## CSV for spreadsheets", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize(
    ("command", "columns"),
    [("extract", FACT_COLUMNS), ("check", CHECK_COLUMNS), ("history", HISTORY_COLUMNS)],
)
def test_the_docs_list_the_columns_in_order(command: str, columns: tuple[str, ...]) -> None:
    assert f"- `{command}`: " + ", ".join(f"`{c}`" for c in columns) + "\n" in CSV_SECTION


def test_the_docs_example_runs() -> None:
    [code] = re.findall(r"```python\n(.*?)```", CSV_SECTION, re.S)
    exec(compile(code, "docs/views.md", "exec"), {})  # its asserts are the test
