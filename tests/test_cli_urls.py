"""URLs as inputs of extract, add and check, mixed with files, against a local server."""

from __future__ import annotations

import json
import socket
import sqlite3
import struct
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from breachfacts.cli import app
from httpd import page, serve, slow

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "data" / "web"
SEED = ROOT / "data" / "articles" / "mitsubishi-electric-2020-01.txt"


@pytest.fixture(scope="module")
def runner(nlp) -> CliRunner:  # nlp: the pipeline is built once
    return CliRunner()


@pytest.fixture()
def site():
    routes = {
        "/2020-12": page((WEB / "mitsubishi-electric-2020-12.html").read_bytes()),
        "/2020-01": page((WEB / "mitsubishi-electric-2020-01.html").read_bytes()),
        "/slow": slow(2),
        "/pdf": page(b"%PDF-1.7", "application/pdf"),
    }
    with serve(routes) as srv:
        yield srv


def test_extract_url_with_files_and_bad_urls(runner: CliRunner, site) -> None:
    args = [site.url("/2020-12"), str(SEED), site.url("/pdf"), site.url("/slow")]
    res = runner.invoke(app, ["extract", *args, "-f", "jsonl", "--timeout", "0.3", "-q"])
    assert res.exit_code == 1
    docs = [json.loads(line) for line in res.stdout.splitlines()]
    assert [d["source"] for d in docs] == [site.url("/2020-12"), str(SEED)]
    assert docs[0]["published"] == "2020-12-25"  # from the page's metadata
    assert any(f["text"] == "nearly 20,000" for f in docs[0]["facts"])
    errors = res.stderr.strip().splitlines()
    assert errors == [
        f"breachfacts: {site.url('/pdf')}: not HTML or plain text (content type application/pdf)",
        f"breachfacts: {site.url('/slow')}: timed out reading (no data for 0.3 s)",
    ]
    assert "Traceback" not in res.output


def test_published_overrides_page(runner: CliRunner, site) -> None:
    res = runner.invoke(app, ["extract", site.url("/2020-12"), "-f", "jsonl", "-p", "2021-02-02"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["published"] == "2021-02-02"


def test_max_bytes_applies_to_urls(runner: CliRunner, site) -> None:
    res = runner.invoke(app, ["extract", site.url("/2020-12"), "--max-bytes", "1000", "-q"])
    assert res.exit_code == 1
    assert "too large: Content-Length" in res.stderr and "--max-bytes" in res.stderr


def test_add_and_check_urls(runner: CliRunner, site, tmp_path: Path) -> None:
    db = tmp_path / "facts.sqlite"
    res = runner.invoke(app, ["add", site.url("/2020-01"), "--db", str(db), "-q"])
    assert res.exit_code == 0, res.output
    assert f"added {site.url('/2020-01')}" in res.stdout
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT source, published, publisher, title FROM articles").fetchone()
    assert row[0] == site.url("/2020-01")
    assert row[1] == "2020-01-21" and row[2] == "Verdict" and "Mitsubishi" in row[3]
    res = runner.invoke(app, ["check", site.url("/2020-12"), "--db", str(db), "-f", "jsonl"])
    assert res.exit_code == 0, res.output
    facts = json.loads(res.stdout)["facts"]
    assert any(f["status"] == "confirmed" for f in facts)
    sources = {a["source"] for f in facts for a in f["against"]}
    assert sources == {site.url("/2020-01")}


def test_local_server_is_quiet_when_a_client_hangs_up(capfd) -> None:
    """A reset connection (the client's timeout) prints nothing on the stderr the CLI uses.

    ``socketserver`` printed the reset as a traceback, and the CLI runner read it as the
    CLI's own error output (a CI run failed on it).
    """
    with serve({}) as srv:
        port = int(srv.base.rsplit(":", 1)[1])
        for _ in range(3):
            sock = socket.create_connection(("127.0.0.1", port))
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            time.sleep(0.05)
            sock.close()  # with linger 0: a reset, not a clean close
        time.sleep(0.2)
    assert capfd.readouterr().err == ""
