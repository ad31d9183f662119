"""The views through the CLI: html and veris formats, history --plot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from breachfacts.cli import app

ROOT = Path(__file__).resolve().parents[1]
OLD = ROOT / "data" / "articles" / "mitsubishi-electric-2020-01.txt"
NEW = ROOT / "data" / "articles" / "mitsubishi-electric-2020-12.txt"


@pytest.fixture(scope="module")
def runner(nlp) -> CliRunner:  # noqa: ARG001  (pipeline built once)
    return CliRunner()


def test_extract_html_is_one_self_contained_page(runner: CliRunner) -> None:
    res = runner.invoke(app, ["extract", str(NEW), "-f", "html"])
    assert res.exit_code == 0
    page = res.stdout
    assert page.startswith("<!DOCTYPE html>") and page.count("<html") == 1
    assert 'data-fact-id="f1"' in page and "nearly 20,000" in page
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page


def test_check_html_colours_by_status(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    assert runner.invoke(app, ["add", str(OLD), "--db", str(db), "-q"]).exit_code == 0
    res = runner.invoke(app, ["check", str(NEW), "--db", str(db), "-f", "html"])
    assert res.exit_code == 0
    assert 'data-status="confirmed"' in res.stdout and 'data-status="new"' in res.stdout


def test_extract_veris_one_record_per_article(runner: CliRunner) -> None:
    res = runner.invoke(app, ["extract", str(ROOT / "data" / "articles"), "-f", "veris"])
    assert res.exit_code == 0, res.output
    records = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(records) == 2
    assert all(r["victim"]["victim_id"] == "Mitsubishi Electric" for r in records)


def test_history_plot(runner: CliRunner, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    db = tmp_path / "s.sqlite"
    runner.invoke(app, ["add", str(OLD), str(NEW), "--db", str(db), "-q"])
    png = tmp_path / "t.png"
    res = runner.invoke(
        app, ["history", "Mitsubishi Electric", "--db", str(db), "-f", "json", "--plot", str(png)]
    )
    assert res.exit_code == 0, res.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    bad = runner.invoke(
        app, ["history", "Mitsubishi Electric", "--db", str(db), "--plot", str(tmp_path / "t.bmp")]
    )
    assert bad.exit_code == 2 and bad.stderr.startswith("breachfacts: --plot")
