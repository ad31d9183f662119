"""The extract command through Typer's CliRunner: formats, schema, and every bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from breachfacts.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "articles" / "mitsubishi-electric-2020-12.txt"
SCHEMA = json.loads(
    (ROOT / "src" / "breachfacts" / "schema" / "breachfacts-1.schema.json").read_text()
)


@pytest.fixture(scope="module")
def runner(nlp) -> CliRunner:  # nlp: make sure the pipeline is built once, before timing-free runs
    return CliRunner()


def _validate(obj: dict) -> None:
    import jsonschema

    jsonschema.validate(obj, SCHEMA)


def test_jsonl_output_validates_against_schema(runner: CliRunner) -> None:
    res = runner.invoke(app, ["extract", str(SEED), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.strip().splitlines()
    assert len(lines) == 1
    obj = json.loads(lines[0])
    _validate(obj)
    assert obj["schema"] == "breachfacts/1"
    assert obj["published"] == "2020-12-25"  # from the sidecar .meta.json
    assert any(f["kind"] == "money" and f["currency"] == "JPY" for f in obj["facts"])


def test_json_output_is_an_array(runner: CliRunner) -> None:
    res = runner.invoke(app, ["extract", str(SEED), "--format", "json"])
    assert res.exit_code == 0
    arr = json.loads(res.stdout)
    assert isinstance(arr, list) and len(arr) == 1
    _validate(arr[0])


def test_table_output_shows_facts(runner: CliRunner) -> None:
    res = runner.invoke(app, ["extract", str(SEED), "--format", "table"], env={"COLUMNS": "250"})
    assert res.exit_code == 0
    assert "nearly 20,000" in res.stdout and "Mitsubishi Electric" in res.stdout


def test_published_option_overrides_sidecar(runner: CliRunner) -> None:
    res = runner.invoke(app, ["extract", str(SEED), "-f", "jsonl", "--published", "2021-03-01"])
    obj = json.loads(res.stdout)
    assert obj["published"] == "2021-03-01"
    dec24 = next(f for f in obj["facts"] if f["text"] == "Dec. 24")
    assert dec24["date"] == "2020-12-24"


def test_directory_input(runner: CliRunner) -> None:
    res = runner.invoke(app, ["extract", str(ROOT / "data" / "articles"), "-f", "jsonl"])
    assert res.exit_code == 0
    sources = [json.loads(line)["source"] for line in res.stdout.splitlines()]
    assert len(sources) == 2


def test_jsonl_stdin(runner: CliRunner) -> None:
    lines = [
        {
            "id": "a",
            "text": "Hackers stole 40 BTC from Acme Corp. on Tuesday.",
            "published": "2021-06-10",
        },
        {"text": "More than 2 million customers were affected."},
    ]
    data = "".join(json.dumps(x) + "\n" for x in lines)
    res = runner.invoke(app, ["extract", "-", "-f", "jsonl"], input=data)
    assert res.exit_code == 0, res.output
    objs = [json.loads(line) for line in res.stdout.splitlines()]
    assert [o["source"] for o in objs] == ["a", "stdin:2"]
    btc = next(f for f in objs[0]["facts"] if f["kind"] == "money")
    assert (btc["value"], btc["currency"]) == (40, "BTC")
    for o in objs:
        _validate(o)


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: _write(d / "empty.txt", b""), "empty"),
        (
            lambda d: _write(
                d / "bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
            ),
            "binary",
        ),
        (
            lambda d: _write(
                d / "bad.jsonl", b'{"id": "ok", "text": "Acme lost 5 files."}\n{oops\n'
            ),
            "malformed JSON",
        ),
        (lambda d: (d / "emptydir").mkdir() or d / "emptydir", "no articles"),
        (
            lambda d: _write(
                d / "mixed.txt", b"Acme said \xe2\x80\x9cok\xe2\x80\x9d, caf\xe9 \xff."
            ),
            "not UTF-8",
        ),
    ],
)
def test_bad_input_one_line_and_others_processed(runner, tmp_path: Path, make, needle: str) -> None:
    bad = make(tmp_path)
    res = runner.invoke(app, ["extract", str(bad), str(SEED), "-f", "jsonl"])
    assert res.exit_code == 1
    err_lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(err_lines) == 1, res.stderr
    assert err_lines[0].startswith("breachfacts: ") and needle in err_lines[0]
    assert str(bad.name) in err_lines[0]
    sources = [json.loads(line)["source"] for line in res.stdout.splitlines()]
    assert str(SEED) in sources  # the good input is still processed


def test_impossible_published_date(runner: CliRunner) -> None:
    res = runner.invoke(app, ["extract", str(SEED), "--published", "2020-02-30"])
    assert res.exit_code == 2
    assert res.stderr.startswith("breachfacts: --published 2020-02-30:")
    assert len(res.stderr.strip().splitlines()) == 1


def test_bad_pattern_dir_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl").write_text(
        '{"id": "x", "label": "ORG", "pattern": [{"LIKE_NUMM": 1}]}\n'
    )
    res = runner.invoke(app, ["extract", str(SEED), "--patterns", str(tmp_path)])
    assert res.exit_code == 2
    assert f"{tmp_path / 'bad.jsonl'}:1:" in res.stderr


def test_unknown_model_exit_2(runner: CliRunner) -> None:
    res = runner.invoke(app, ["extract", str(SEED), "--model", "no_such_model_xyz"])
    assert res.exit_code == 2
    assert "no_such_model_xyz" in res.stderr and "not installed" in res.stderr


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_html_input_offsets_index_the_kept_text(runner: CliRunner) -> None:
    page = ROOT / "tests" / "fixtures" / "ingest" / "breach-page.html"
    res = runner.invoke(app, ["extract", str(page), "-f", "jsonl", "--keep-text"])
    assert res.exit_code == 0, res.output
    obj = json.loads(res.stdout)
    _validate(obj)
    assert obj["text_from"] == "html"
    assert obj["facts"], "the fixture page reports figures"
    for f in obj["facts"]:
        assert obj["text"][f["start"] : f["end"]] == f["text"]
    assert "<" not in obj["text"]


def test_keep_text_off_by_default(runner: CliRunner) -> None:
    res = runner.invoke(app, ["extract", str(SEED), "-f", "jsonl"])
    assert "text" not in json.loads(res.stdout)


def test_jsonl_lines_survive_unicode_line_separators() -> None:
    import io

    from breachfacts.views.render import write_jsonl

    out = io.StringIO()
    write_jsonl([{"text": "a\u2028b\u2029c"}, {"text": "d"}], out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and json.loads(lines[0])["text"] == "a\u2028b\u2029c"
