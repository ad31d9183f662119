"""Hostile input (issue 16): each bad input is one clean line, nothing hangs, the rest is read.

A section per class of the issue: lone surrogates, terminal controls, odd file types, line
separators in JSONL, unreadable directories, and the small ones (dates, limits, CR-only
text). The property-based versions live in ``test_fuzz_hostile_input.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from breachfacts.cli import app
from breachfacts.errors import ReadError
from breachfacts.facts import Article
from breachfacts.ingest import read_inputs

GOOD = "Hackers stole the data of 5,000 customers of Acme Corp. last week."


@pytest.fixture()
def runner(nlp) -> CliRunner:  # nlp: the pipeline is built once per session
    return CliRunner()


def read(*inputs: str | Path, **kw) -> list[Article | ReadError]:  # noqa: ANN003
    return list(read_inputs([str(i) for i in inputs], **kw))


def errors_of(items: list[Article | ReadError]) -> list[str]:
    return [str(i) for i in items if isinstance(i, ReadError)]


def ids_of(items: list[Article | ReadError]) -> list[str]:
    return [i.id for i in items if isinstance(i, Article)]


def stderr_lines(res) -> list[str]:  # noqa: ANN001
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exc_info
    return res.stderr.split("\n")[:-1]


# ------------------------------------------------------------ 1. lone surrogates


@pytest.mark.parametrize("field", ["text", "title", "id", "publisher"])
def test_a_lone_surrogate_in_a_jsonl_field_refuses_that_line_only(tmp_path: Path, field) -> None:
    bad = {"id": "bad", "text": GOOD, field: "x \\ud800 y"}
    line = json.dumps(bad).replace("\\\\ud800", "\\ud800")
    assert "\\ud800" in line and json.loads(line)[field] == "x \ud800 y"
    f = tmp_path / "c.jsonl"
    f.write_text(line + "\n" + json.dumps({"id": "good", "text": GOOD}) + "\n")
    items = read(f)
    assert ids_of(items) == ["good"]
    assert errors_of(items) == [
        f'{f}:1: not valid Unicode: "{field}" holds a lone surrogate (\\ud800)'
    ]


def test_a_lone_surrogate_in_a_sidecar_refuses_that_file_only(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "a.meta.json").write_text('{"publisher": "\\udfff"}')
    (tmp_path / "b.txt").write_text(GOOD)
    items = read(tmp_path)
    assert ids_of(items) == [str(tmp_path / "b.txt")]
    assert errors_of(items) == [
        f'{tmp_path / "a.meta.json"}: not valid Unicode: "publisher" holds a lone '
        "surrogate (\\udfff)"
    ]


def test_a_file_name_that_is_not_utf8_is_refused_in_one_line(tmp_path: Path) -> None:
    os.makedirs(tmp_path / "d")
    with open(os.path.join(os.fsencode(tmp_path / "d"), b"a\xff.txt"), "w") as f:
        f.write(GOOD)
    (tmp_path / "d" / "b.txt").write_text(GOOD)
    items = read(tmp_path / "d")
    assert ids_of(items) == [str(tmp_path / "d" / "b.txt")]
    [err] = errors_of(items)
    assert err.endswith("file name is not valid UTF-8 (byte 0xff); rename the file")


def test_lone_surrogate_names_the_field() -> None:
    from breachfacts.ingest.files import lone_surrogate

    found = lone_surrogate(["ok", {"k": [1, "\ud800"]}])
    assert found == '1 -> "k" -> 1 holds a lone surrogate (\\ud800)'
    assert lone_surrogate({"\udc80": 1}) == "a key holds a lone surrogate (\\udc80)"
    assert lone_surrogate([[[[]]]] * 3) is None


def test_deeply_nested_jsonl_is_one_line(tmp_path: Path) -> None:
    f = tmp_path / "deep.jsonl"
    f.write_text("[" * 100_000 + "\n" + json.dumps({"text": GOOD}) + "\n")
    items = read(f)
    assert errors_of(items) == [f"{f}:1: malformed JSON (nested too deeply)"]
    assert len(ids_of(items)) == 1


def test_cli_surrogates_one_line_each_and_the_rest_extracted(runner, tmp_path: Path) -> None:
    f = tmp_path / "c.jsonl"
    f.write_text(
        '{"id": "a\\ud800", "text": "x"}\n'
        + json.dumps({"id": "good", "text": GOOD})
        + '\n{"text": "Acme \\udc00 lost 7,000 records."}\n'
    )
    res = runner.invoke(app, ["extract", str(f), "-f", "jsonl", "-q", "-p", "2021-06-01"])
    assert res.exit_code == 1
    lines = stderr_lines(res)
    assert lines == [
        f'breachfacts: {f}:1: not valid Unicode: "id" holds a lone surrogate (\\ud800)',
        f'breachfacts: {f}:3: not valid Unicode: "text" holds a lone surrogate (\\udc00)',
    ]
    assert [json.loads(x)["source"] for x in res.stdout.split("\n")[:-1]] == ["good"]


def test_cli_surrogate_on_stdin_is_one_line(runner) -> None:
    data = '{"id": "s", "text": "\\ud83d"}\n' + json.dumps({"id": "good", "text": GOOD}) + "\n"
    res = runner.invoke(app, ["extract", "-", "-f", "jsonl", "-q"], input=data.encode())
    assert res.exit_code == 1
    assert stderr_lines(res) == [
        'breachfacts: stdin:1: not valid Unicode: "text" holds a lone surrogate (\\ud83d)'
    ]
    assert [json.loads(x)["source"] for x in res.stdout.split("\n")[:-1]] == ["good"]
