"""``check`` shows what changed first: summary lines, --only, --fail-on, the compact table,
and ``--format csv`` for extract, check and history (CliRunner, a store per test)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from breachfacts.cli import app
from breachfacts.views.csv import CHECK_COLUMNS, FACT_COLUMNS, HISTORY_COLUMNS

FIRST = "Acme Corp said hackers stole the personal data of 10,000 customers in March 2020."
LATER = "Acme Corp now says hackers stole the personal data of 50,000 customers in March 2020."
OTHER = "Acme Corp said hackers stole the personal data of 90,000 customers in March 2020."


@pytest.fixture(scope="module")
def runner(nlp) -> CliRunner:  # nlp: the pipeline is built once, before the commands run
    return CliRunner()


@pytest.fixture()
def store(runner: CliRunner, tmp_path: Path) -> Path:
    """A store holding FIRST (published 2021-02-01); LATER and OTHER written beside it."""
    for name, text in (("first.txt", FIRST), ("later.txt", LATER), ("other.txt", OTHER)):
        (tmp_path / name).write_text(text + "\n", encoding="utf-8")
    db = tmp_path / "facts.sqlite"
    res = run(runner, "add", str(tmp_path / "first.txt"), "-p", "2021-02-01", "--db", str(db))
    assert res.exit_code == 0, res.output
    return db


def run(runner: CliRunner, *args: str, columns: int = 80):  # noqa: ANN201
    return runner.invoke(app, list(args), env={"COLUMNS": str(columns)})


def check(runner: CliRunner, db: Path, name: str, published: str, *args: str, columns: int = 80):  # noqa: ANN201
    path = str(db.parent / name)
    return run(runner, "check", path, "-p", published, "--db", str(db), *args, columns=columns)


def csv_rows(text: str) -> list[dict[str, str]]:
    """The rows of CSV output (``Result.stdout``, whose \\r\\n CliRunner turned into \\n)."""
    return list(csv.DictReader(io.StringIO(text, newline="")))


# ------------------------------------------------------------------ summary and compact table


@pytest.mark.parametrize(
    ("name", "published", "summary"),
    [
        ("later.txt", "2021-03-01", "3 facts: 1 updated, 2 confirmed"),
        ("other.txt", "2021-01-01", "3 facts: 1 conflicting, 2 confirmed"),
        ("first.txt", "2021-02-01", "3 facts: 3 new"),  # its own facts are left out
    ],
)
def test_the_summary_line_puts_what_changed_first(
    runner: CliRunner, store: Path, name: str, published: str, summary: str
) -> None:
    res = check(runner, store, name, published, "-f", "table")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[-1] == summary


def test_the_compact_table_is_one_line_per_fact_within_the_width(
    runner: CliRunner, store: Path
) -> None:
    res = check(runner, store, "later.txt", "2021-03-01", "-f", "table", columns=80)
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    header = next(line for line in lines if "status" in line)
    assert [c.strip() for c in header.strip("┃").split("┃")] == [
        "id", "kind", "text", "value", "status", "was",
    ]  # fmt: skip
    rows = [line for line in lines if line.startswith("│")]
    assert [r.split("│")[1].strip() for r in rows] == ["f1", "f2", "f3"]  # a line each
    figure = next(r for r in rows if "50,000" in r)
    assert "updated" in figure and "10,000 (2021-" in figure
    assert "hackers stole" not in res.stdout  # no sentence


def test_wide_shows_every_column_and_the_sentence(runner: CliRunner, store: Path) -> None:
    res = check(runner, store, "later.txt", "2021-03-01", "-f", "table", "--wide", columns=250)
    assert res.exit_code == 0, res.output
    header = next(line for line in res.stdout.splitlines() if "status" in line)
    for column in ("certainty", "role · subject", "was", "sentence"):
        assert column in header
    assert "hackers stole the personal data" in res.stdout


# ------------------------------------------------------------------ --only


def test_only_filters_the_table_but_the_summary_counts_every_fact(
    runner: CliRunner, store: Path
) -> None:
    res = check(runner, store, "later.txt", "2021-03-01", "-f", "table", "--only", "updated")
    assert res.exit_code == 0, res.output
    rows = [line for line in res.stdout.splitlines() if line.startswith("│")]
    assert [r.split("│")[1].strip() for r in rows] == ["f2"]
    assert res.stdout.splitlines()[-1] == "3 facts: 1 updated, 2 confirmed"

    flags = ("-f", "table", "--only", "conflicting")
    res = check(runner, store, "later.txt", "2021-03-01", *flags, columns=250)
    assert res.exit_code == 0, res.output
    assert "later.txt: no conflicting facts" in res.stdout


@pytest.mark.parametrize(
    ("only", "kept"),
    [
        (["updated"], {"updated"}),
        (["updated,confirmed"], {"updated", "confirmed"}),
        (["updated", "confirmed"], {"updated", "confirmed"}),  # repeatable
        (["Conflicting, New"], set()),
    ],
)
def test_only_filters_jsonl_and_csv_alike(
    runner: CliRunner, store: Path, only: list[str], kept: set[str]
) -> None:
    flags = [x for o in only for x in ("--only", o)]
    res = check(runner, store, "later.txt", "2021-03-01", "-f", "jsonl", *flags)
    assert res.exit_code == 0, res.output
    [doc] = [json.loads(line) for line in res.stdout.splitlines()]
    assert {f["status"] for f in doc["facts"]} == kept
    jsonl_ids = [f["id"] for f in doc["facts"]]

    res = check(runner, store, "later.txt", "2021-03-01", "-f", "csv", *flags)
    assert res.exit_code == 0, res.output
    rows = csv_rows(res.stdout)
    assert [r["fact_id"] for r in rows] == jsonl_ids
    assert {r["status"] for r in rows} == kept


@pytest.mark.parametrize("option", ["--only", "--fail-on"])
@pytest.mark.parametrize("value", ["changed", "updated,changed", ",", ""])
def test_a_bad_status_name_is_a_usage_error_of_one_line(
    runner: CliRunner, tmp_path: Path, option: str, value: str
) -> None:
    res = run(runner, "check", str(tmp_path / "missing.txt"), option, value)
    assert res.exit_code == 2
    assert res.stdout == ""
    [line] = res.stderr.splitlines()
    assert line.startswith(f"breachfacts: {option}: ") and "expected conflicting" in line


# ------------------------------------------------------------------ --fail-on


@pytest.mark.parametrize(
    ("name", "published", "fail_on", "code"),
    [
        ("later.txt", "2021-03-01", "conflicting", 0),
        ("later.txt", "2021-03-01", "updated", 3),
        ("later.txt", "2021-03-01", "conflicting,updated", 3),
        ("other.txt", "2021-01-01", "conflicting", 3),
        ("other.txt", "2021-01-01", "new", 0),
    ],
)
def test_fail_on_exits_3_when_a_fact_has_one_of_the_statuses(
    runner: CliRunner, store: Path, name: str, published: str, fail_on: str, code: int
) -> None:
    res = check(runner, store, name, published, "-f", "jsonl", "--fail-on", fail_on)
    assert res.exit_code == code, res.output
    assert len(res.stdout.splitlines()) == 1  # the facts are printed all the same


def test_fail_on_counts_the_facts_only_leaves_out(runner: CliRunner, store: Path) -> None:
    res = check(
        runner, store, "other.txt", "2021-01-01", "-f", "jsonl",
        "--only", "confirmed", "--fail-on", "conflicting",
    )  # fmt: skip
    assert res.exit_code == 3, res.output
    [doc] = [json.loads(line) for line in res.stdout.splitlines()]
    assert {f["status"] for f in doc["facts"]} == {"confirmed"}


def test_an_unreadable_input_exit_1_wins_over_fail_on(runner: CliRunner, store: Path) -> None:
    missing = str(store.parent / "missing.txt")
    other = str(store.parent / "other.txt")
    res = run(
        runner, "check", other, missing, "-p", "2021-01-01", "--db", str(store),
        "-f", "jsonl", "--fail-on", "conflicting",
    )  # fmt: skip
    assert res.exit_code == 1
    assert len(res.stdout.splitlines()) == 1  # other.txt was still checked
    assert "missing.txt" in res.stderr


# ------------------------------------------------------------------ --format csv


def test_check_csv_has_the_check_columns(runner: CliRunner, store: Path) -> None:
    res = check(runner, store, "later.txt", "2021-03-01", "-f", "csv")
    assert res.exit_code == 0, res.output
    header = (",".join(CHECK_COLUMNS) + "\r\n").encode()
    assert res.stdout_bytes.startswith(header)  # (.stdout turns \r\n into \n)
    rows = csv_rows(res.stdout)
    figure = next(r for r in rows if r["kind"] == "figure")
    assert (figure["text"], figure["value"], figure["status"]) == ("50,000", "50000", "updated")
    assert figure["against"].startswith("10,000 (2021-02-01, ")
    assert figure["published"] == "2021-03-01" and figure["subject"] == "Acme"


def test_extract_csv_is_a_row_per_fact(runner: CliRunner, store: Path) -> None:
    path = str(store.parent / "later.txt")
    res = run(runner, "extract", path, "-p", "2021-03-01", "-f", "csv")
    assert res.exit_code == 0, res.output
    header = next(csv.reader(io.StringIO(res.stdout)))
    assert tuple(header) == FACT_COLUMNS
    rows = csv_rows(res.stdout)
    assert [r["fact_id"] for r in rows] == ["f1", "f2", "f3"]
    assert all(r["source"] == path and r["sentence"].startswith("Acme Corp now") for r in rows)


def test_history_csv_is_a_row_per_timeline_entry(runner: CliRunner, store: Path) -> None:
    res = check(runner, store, "later.txt", "2021-03-01", "--add")
    assert res.exit_code == 0, res.output
    res = run(runner, "history", "Acme", "--db", str(store), "-f", "csv")
    assert res.exit_code == 0, res.output
    assert res.stdout_bytes.startswith((",".join(HISTORY_COLUMNS) + "\r\n").encode())
    rows = csv_rows(res.stdout)
    # the sentences date the attack (March 2020): the slot carries the incident's year
    slot = "people affected [2020]"
    people = [(r["value"], r["published"]) for r in rows if r["slot"] == slot]
    assert people == [("10000", "2021-02-01"), ("50000", "2021-03-01")]
    assert {r["organisation"] for r in rows} == {"Acme"}


def test_check_veris_names_csv_among_the_formats(runner: CliRunner, store: Path) -> None:
    res = check(runner, store, "later.txt", "2021-03-01", "-f", "veris")
    assert res.exit_code == 2
    assert "csv" in res.stderr


@pytest.mark.parametrize("width", [60, 100, 200])
def test_the_compact_table_keeps_hostile_text_on_one_line_and_inert(width: int) -> None:
    from datetime import date

    from rich.console import Console

    from breachfacts.facts import Article, Extraction, Fact, Sentence
    from breachfacts.views.render import facts_table

    text = "10,000\x1b[2J\n[blink]\u2028" + "x" * 300
    s = Sentence(text, 0, len(text))
    facts = tuple(
        Fact(f"f{i}", "figure", text, 0, len(text), s, value=10000, unit="customer") for i in (1, 2)
    )
    ex = Extraction(Article("a\nb.txt", text, date(2021, 3, 1)), facts)
    was = {"status": "updated", "against": [{"value": 1, "source": "s\x1b.txt"}]}
    console = Console(width=width, record=True, color_system=None)
    console.print(facts_table(ex, {"f1": was, "f2": was}, compact=True))
    shown = console.export_text()
    rows = [line for line in shown.splitlines() if line.startswith("│")]
    assert len(rows) == 2  # one line per fact
    assert all(len(line) <= width for line in shown.splitlines())
    assert "\x1b" not in shown and "\u2028" not in shown  # escaped, never obeyed
    assert "10,000\\x" in rows[0]
    if width == 200:
        assert "[blink]" in rows[0]  # printed as written, no markup


def test_the_docs_example_of_only_and_fail_on_runs(tmp_path: Path) -> None:
    """The shell block of docs/store.md ("What changed, for people and scripts") runs as
    written: the installed command, a real store, the exit code read by ``case``."""
    import os
    import shutil
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    text = (root / "docs" / "store.md").read_text(encoding="utf-8")
    start = text.index("**What changed, for people and scripts.**")
    block = [
        line[4:] for line in text[start:].split("\n\n")[1].splitlines() if line.startswith("    ")
    ]
    assert block[0].startswith("breachfacts add") and block[-1].startswith("case $?")
    shutil.copytree(root / "data" / "articles", tmp_path / "data" / "articles")
    exe = Path(sys.executable).with_name("breachfacts")
    script = "\n".join(block).replace("breachfacts ", f"{exe} ")
    env = {**os.environ, "BREACHFACTS_DB": str(tmp_path / "unused.sqlite")}
    res = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip().splitlines()[-1] in (
        "nothing contradicts the store",
        "a report contradicts the store",
    )
    rows = list(csv.DictReader(io.StringIO((tmp_path / "changed.csv").read_text("utf-8"))))
    assert all(r["status"] in ("updated", "conflicting") for r in rows)
