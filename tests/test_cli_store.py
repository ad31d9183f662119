"""The store commands through Typer's CliRunner: add, check, history, store info.

Each test uses its own store file under ``tmp_path``; the spaCy pipeline is built once
(the session fixture ``nlp``) and the commands reuse it.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import breachfacts.store as store_module
import breachfacts.store.rows as store_rows
from breachfacts.cli import app

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "data" / "articles"
JAN = str(ARTICLES / "mitsubishi-electric-2020-01.txt")  # published 2020-01-21 (sidecar)
DEC = str(ARTICLES / "mitsubishi-electric-2020-12.txt")  # published 2020-12-25 (sidecar)
WIDE = {"COLUMNS": "250"}  # Rich tables: no wrapping inside paths and dates


@pytest.fixture(scope="module")
def runner(nlp) -> CliRunner:  # nlp: the pipeline is built once, before the commands run
    return CliRunner()


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return tmp_path / "facts.sqlite"


def run(runner: CliRunner, *args: str, env: dict[str, str] | None = None):  # noqa: ANN201
    return runner.invoke(app, list(args), env=env)


def info(runner: CliRunner, db: Path) -> dict:
    res = run(runner, "store", "info", "--db", str(db), "-f", "json")
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def counts(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as conn:
        return (
            conn.execute("SELECT count(*) FROM articles").fetchone()[0],
            conn.execute("SELECT count(*) FROM facts").fetchone()[0],
        )


def check_jsonl(runner: CliRunner, db: Path, *args: str) -> list[dict]:
    res = run(runner, "check", *args, "--db", str(db), "-f", "jsonl")
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.stdout.splitlines()]


def statuses(doc: dict) -> dict[str, set[str]]:
    """fact text -> the statuses its occurrences got."""
    out: dict[str, set[str]] = {}
    for f in doc["facts"]:
        out.setdefault(f["text"], set()).add(f["status"])
    return out


# ------------------------------------------------------------------ help


@pytest.mark.parametrize(
    "args",
    [["add"], ["check"], ["history"], ["store"], ["store", "info"]],
    ids=lambda a: " ".join(a),
)
def test_every_store_command_has_help(args: list[str]) -> None:
    res = CliRunner().invoke(app, [*args, "--help"])
    assert res.exit_code == 0, res.output
    assert "Usage" in res.stdout and "--help" in res.stdout
    if args != ["store"]:
        assert "--db" in res.stdout


# ------------------------------------------------------------------ the seeds, end to end


def test_seeds_end_to_end(runner: CliRunner, db: Path) -> None:
    """The issue's example: add the 2020-01-21 article, then check the 2020-12-25 one."""
    res = run(runner, "add", JAN, "--db", str(db))
    assert res.exit_code == 0, res.output
    assert f"added {JAN}: " in res.stdout and "1 article added" in res.stdout
    before = counts(db)

    [doc] = check_jsonl(runner, db, DEC)
    assert counts(db) == before  # check writes nothing
    assert doc["schema"] == "breachfacts/1" and doc["published"] == "2020-12-25"
    got = statuses(doc)
    assert got["Mitsubishi Electric Corp."] == {"confirmed"}
    assert got["Defense Ministry"] == {"confirmed"}
    assert got["June 2019"] == {"confirmed"}  # "June last year", read in January 2020
    assert got["nearly 20,000"] == {"new"}
    assert got["59"] == {"new"}

    june = next(f for f in doc["facts"] if f["text"] == "June 2019")
    assert [(a["text"], a["published"]) for a in june["against"]] == [
        ("June last year", "2020-01-21")
    ]
    assert june["against"][0]["source"] == JAN
    assert set(june["against"][0]) >= {"value", "low", "high", "text", "source", "published"}
    for f in doc["facts"]:
        assert (f["status"] == "new") == (f["against"] == [])


def test_check_table_has_status_and_was_columns(runner: CliRunner, db: Path) -> None:
    assert run(runner, "add", JAN, "--db", str(db)).exit_code == 0
    res = run(runner, "check", DEC, "--db", str(db), "-f", "table", env=WIDE)
    assert res.exit_code == 0, res.output
    header = next(line for line in res.stdout.splitlines() if "status" in line)
    assert "was" in header
    june = next(line for line in res.stdout.splitlines() if "June 2019" in line)
    assert "confirmed" in june and "June last year (2020-01-21," in june
    assert "confirmed" in res.stdout.splitlines()[-1] and "new" in res.stdout.splitlines()[-1]


def test_check_json_is_an_array_of_articles(runner: CliRunner, db: Path) -> None:
    assert run(runner, "add", JAN, "--db", str(db)).exit_code == 0
    res = run(runner, "check", DEC, JAN, "--db", str(db), "-f", "json")
    assert res.exit_code == 0, res.output
    docs = json.loads(res.stdout)
    assert [d["source"] for d in docs] == [DEC, JAN]
    assert all("status" in f and "against" in f for d in docs for f in d["facts"])


# ------------------------------------------------------------------ add


def test_adding_twice_says_duplicate_and_records_nothing(runner: CliRunner, db: Path) -> None:
    assert run(runner, "add", JAN, "--db", str(db)).exit_code == 0
    first = info(runner, db)
    assert (first["articles"], first["schema_version"]) == (
        1,
        len(store_module.MIGRATIONS),
    ) and first["facts"] > 0

    res = run(runner, "add", JAN, "--db", str(db))
    assert res.exit_code == 0, res.output
    assert f"{JAN}: already in the store (same content), nothing recorded" in res.stdout
    assert "0 articles added (0 facts), 1 already in the store" in res.stdout
    again = info(runner, db)
    assert (again["articles"], again["facts"]) == (first["articles"], first["facts"])


def test_a_crlf_copy_of_a_stored_article_is_already_in_the_store(
    runner: CliRunner, db: Path, tmp_path: Path
) -> None:
    """Issue 16, class 11: it was stored again, and then confirmed itself."""
    assert run(runner, "add", JAN, "--db", str(db)).exit_code == 0
    copy = tmp_path / "jan-windows.txt"
    text = Path(JAN).read_text(encoding="utf-8")
    copy.write_bytes((text.replace("\n", "\r\n") + "\r\n").encode("utf-8"))
    res = run(runner, "add", str(copy), "--db", str(db), "--published", "2020-01-21")
    assert res.exit_code == 0, res.output
    assert f"{copy}: already in the store (same content), nothing recorded" in res.stdout
    assert counts(db)[0] == 1


def test_bad_inputs_are_one_line_each_and_the_others_are_added(
    runner: CliRunner, db: Path, tmp_path: Path
) -> None:
    missing = str(tmp_path / "missing.txt")
    res = run(runner, "add", missing, JAN, "--db", str(db))
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [f"breachfacts: {missing}: no such file"]
    assert info(runner, db)["articles"] == 1


def test_add_reads_jsonl_from_stdin(runner: CliRunner, db: Path) -> None:
    line = json.dumps({"id": "jan", "text": Path(JAN).read_text(), "published": "2020-01-21"})
    res = runner.invoke(app, ["add", "-", "--db", str(db)], input=line + "\n")
    assert res.exit_code == 0, res.output
    assert "added jan: " in res.stdout


def test_add_without_inputs_is_a_usage_error(runner: CliRunner, db: Path) -> None:
    res = run(runner, "add", "--db", str(db))
    assert res.exit_code == 2
    assert res.stderr.startswith("breachfacts: ")


def test_facts_ingestion_equals_direct_add(runner: CliRunner, tmp_path: Path) -> None:
    out = run(runner, "extract", JAN, DEC, "-f", "jsonl")
    assert out.exit_code == 0, out.output
    folder = tmp_path / "extracted"
    folder.mkdir()
    (folder / "seeds.jsonl").write_text(out.stdout, encoding="utf-8")

    direct, ingested = tmp_path / "direct.sqlite", tmp_path / "ingested.sqlite"
    assert run(runner, "add", JAN, DEC, "--db", str(direct)).exit_code == 0
    res = run(runner, "add", "--facts", str(folder), "--db", str(ingested))
    assert res.exit_code == 0, res.output
    assert "2 articles added" in res.stdout
    a, b = info(runner, direct), info(runner, ingested)
    assert (a["articles"], a["facts"]) == (b["articles"], b["facts"]) == (2, a["facts"])

    # the same output again, as a file: duplicates, nothing recorded
    res = run(runner, "add", "--facts", str(folder / "seeds.jsonl"), "--db", str(ingested))
    assert res.exit_code == 0 and "2 already in the store" in res.stdout
    assert counts(ingested) == (2, a["facts"])

    # and the store tells the same story (but for the publisher: breachfacts/1 has no field
    # for it, so facts ingested from extract output lose the sidecar's "publisher")
    def timeline(db: Path) -> dict:
        res = run(runner, "history", "Mitsubishi Electric", "--db", str(db), "-f", "json")
        h = json.loads(res.stdout)
        for reports in h["timeline"].values():
            for r in reports:
                r.pop("publisher")
        return h

    assert timeline(direct) == timeline(ingested)


def test_a_bad_facts_file_records_nothing_from_it(runner: CliRunner, tmp_path: Path) -> None:
    out = run(runner, "extract", JAN, "-f", "jsonl")
    folder = tmp_path / "extracted"
    folder.mkdir()
    (folder / "a-good.jsonl").write_text(out.stdout, encoding="utf-8")
    (folder / "b-bad.jsonl").write_text(
        out.stdout.replace("2020-01", "2021-01") + "{not json\n", encoding="utf-8"
    )
    db = tmp_path / "facts.sqlite"
    res = run(runner, "add", "--facts", str(folder), "--db", str(db))
    assert res.exit_code == 1
    [line] = res.stderr.splitlines()
    assert line.startswith(f"breachfacts: {folder / 'b-bad.jsonl'}:2: invalid JSON")
    assert counts(db)[0] == 1  # the good file only


def test_a_facts_file_not_in_utf8_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "latin.jsonl"
    bad.write_bytes(b'{"source": "caf\xe9"}\n')
    res = run(runner, "add", "--facts", str(bad), "--db", str(tmp_path / "facts.sqlite"))
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [
        f"breachfacts: {bad}: not UTF-8 (byte 0xe9 at offset 15) (nothing recorded from this file)"
    ]


def test_a_failing_add_leaves_the_store_unchanged(
    runner: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(runner, "add", JAN, "--db", str(db)).exit_code == 0
    before = counts(db)
    real = store_rows.insert_facts

    def insert_then_fail(conn: sqlite3.Connection, rows: list) -> None:
        real(conn, rows)  # the rows are written inside the transaction ...
        raise sqlite3.OperationalError("disk I/O error")  # ... then the write fails

    monkeypatch.setattr(store_rows, "insert_facts", insert_then_fail)
    res = run(runner, "add", DEC, "--db", str(db))
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [f"breachfacts: {db}: disk I/O error (nothing recorded)"]
    assert counts(db) == before


@pytest.mark.parametrize(
    "field,value,problem",
    [
        ("value", "abc", "expected a number or null, got a string"),
        ("unit", 3, "expected a string or null, got a number"),
        ("role", 7, "expected a string or null, got a number"),
        ("subject", ["Mitsubishi Electric"], "expected a string or null, got an array"),
        ("value", 10**30, f"{10**30} is out of range (more than 2**53 from 0)"),
        ("text", "\ud800", "lone surrogate U+D800 at offset 0 (not Unicode text)"),
    ],
)
def test_a_mistyped_facts_record_is_one_line_and_nothing_of_its_file_is_recorded(
    runner: CliRunner, tmp_path: Path, field: str, value: object, problem: str
) -> None:
    """Issue 16, class 6: before, "abc" was stored (and history crashed on every call) and
    the others were tracebacks."""
    out = run(runner, "extract", JAN, DEC, "-f", "jsonl")
    jan, dec = (json.loads(line) for line in out.stdout.splitlines())
    n = next(i for i, f in enumerate(dec["facts"]) if f["kind"] == "figure")
    dec["facts"][n][field] = value
    folder = tmp_path / "extracted"
    folder.mkdir()
    (folder / "a-good.jsonl").write_text(json.dumps(jan) + "\n", encoding="utf-8")
    bad = folder / "b-bad.jsonl"
    bad.write_text(json.dumps(jan) + "\n\n" + json.dumps(dec) + "\n", encoding="utf-8")
    db = tmp_path / "facts.sqlite"
    res = run(runner, "add", "--facts", str(folder), "--db", str(db))
    assert res.exit_code == 1, res.output
    assert res.stderr.splitlines() == [
        f"breachfacts: {bad}:3: [facts -> {n} -> {field}] {problem}"
        " (nothing recorded from this file)"
    ]
    assert counts(db)[0] == 1  # the good file only: the bad file's good line 1 neither
    res = run(runner, "history", "Mitsubishi Electric", "--db", str(db), "-f", "json")
    assert res.exit_code == 0, res.output


def test_history_leaves_out_a_stored_row_of_the_wrong_type_with_one_line(
    runner: CliRunner, db: Path
) -> None:
    """A store written by an older breachfacts that took ``value: "abc"`` on trust."""
    assert run(runner, "add", JAN, DEC, "--db", str(db)).exit_code == 0
    with sqlite3.connect(db) as conn:
        (aid, fid, source) = conn.execute(
            "SELECT f.article_id, f.fact_id, a.source FROM facts f JOIN articles a"
            " ON a.id = f.article_id WHERE f.measure = 'people affected' LIMIT 1"
        ).fetchone()
        conn.execute(
            "UPDATE facts SET value = 'abc' WHERE article_id = ? AND fact_id = ?", (aid, fid)
        )
    for _ in range(2):  # every call, not only the first
        res = run(runner, "history", "Mitsubishi Electric", "--db", str(db), "-f", "json")
        assert res.exit_code == 1, res.output
        assert res.stderr.splitlines() == [
            f'breachfacts: {db}: stored fact {fid} of {source} left out: value is "abc", '
            "not a number"
        ]
        assert json.loads(res.stdout)["articles"] == 2  # the rest of the timeline is there
    res = run(runner, "check", DEC, "--db", str(db), "-f", "jsonl")
    assert res.exit_code in (0, 1) and "Traceback" not in res.output


def _synthetic(i: int) -> dict[str, str]:
    victim = ["Acme Corp", "Globex", "Initech", "Umbrella Corp"][i % 4]
    text = (
        f"{victim} said on Monday that hackers stole the records of {1000 + i:,} customers "
        f"in March 2021. The company paid ${i + 1},000 to restore its systems.\n"
    )
    return {"id": f"synthetic-{i}", "text": text, "published": "2021-04-01"}


@pytest.mark.slow
def test_two_adds_at_once_both_land(tmp_path: Path) -> None:
    """Issue 16, class 5: two real processes on one SQLite file. The big add used to hold
    the write lock while it extracted, so the small one failed after 5 s ("store is
    locked"). Here the big one is kept extracting (its input half written) while the small
    one runs."""
    db = tmp_path / "facts.sqlite"
    small = tmp_path / "small.txt"
    small.write_text(Path(JAN).read_text(encoding="utf-8"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "BREACHFACTS_LOCK_TIMEOUT"}
    env["PYTHONPATH"] = str(ROOT / "src")
    cmd = [sys.executable, "-m", "breachfacts.cli", "add", "--db", str(db), "-q"]
    lines = [json.dumps(_synthetic(i)) + "\n" for i in range(400)]
    big = subprocess.Popen(
        [*cmd, "-"], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert big.stdin is not None
        big.stdin.write("".join(lines[:200]))
        big.stdin.flush()
        deadline = time.monotonic() + 60
        while not _migrated(db):  # the big add has opened the store
            assert big.poll() is None, big.communicate()
            assert time.monotonic() < deadline, "the big add never opened the store"
            time.sleep(0.1)
        time.sleep(1.0)
        one = subprocess.run(
            [*cmd, str(small)], env=env, capture_output=True, text=True, timeout=180
        )
        assert one.returncode == 0, one.stderr
        assert "1 article added" in one.stdout
        assert big.poll() is None  # still reading its input: both ran at once
        out, err = big.communicate("".join(lines[200:]), timeout=300)
        assert big.returncode == 0, err
        assert "400 articles added" in out
    finally:
        if big.poll() is None:
            big.kill()
            big.wait()
    assert counts(db)[0] == 401


def _migrated(db: Path) -> bool:
    if not db.exists():
        return False
    try:
        with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, timeout=0.1) as conn:
            return conn.execute("PRAGMA user_version").fetchone()[0] == len(store_module.MIGRATIONS)
    except sqlite3.Error:
        return False


def test_a_bad_lock_timeout_is_a_usage_error(runner: CliRunner, db: Path) -> None:
    for value, shown in (("-1", "-1.0"), ("nan", "nan"), ("1e9", "1000000000.0")):
        res = run(runner, "add", JAN, "--db", str(db), "--lock-timeout", value)
        assert res.exit_code == 2, res.output
        assert res.stderr.splitlines() == [
            f"breachfacts: --lock-timeout: lock timeout {shown}: expected seconds, from 0 to 86400"
        ]
    assert not db.exists()


# ------------------------------------------------------------------ check


def test_check_does_not_create_a_missing_store(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "nothing-here" / "facts.sqlite"
    [doc] = check_jsonl(runner, db, DEC)
    assert doc["facts"] and {f["status"] for f in doc["facts"]} == {"new"}
    assert all(f["against"] == [] for f in doc["facts"])
    assert not db.exists() and not db.parent.exists()


def test_check_add_writes_and_reports_like_check(runner: CliRunner, db: Path) -> None:
    assert run(runner, "add", JAN, "--db", str(db)).exit_code == 0
    expected = statuses(check_jsonl(runner, db, DEC)[0])
    res = run(runner, "check", DEC, "--add", "--db", str(db), "-f", "jsonl")
    assert res.exit_code == 0, res.output
    assert statuses(json.loads(res.stdout)) == expected
    assert f"added {DEC}: " in res.stderr  # stdout carries the facts
    assert counts(db)[0] == 2

    res = run(runner, "check", DEC, "--add", "--db", str(db), "-f", "jsonl")
    assert "already in the store" in res.stderr and counts(db)[0] == 2
    assert statuses(json.loads(res.stdout)) == expected  # compared with the other articles


def test_a_corrupt_store_is_one_line_and_exit_2(runner: CliRunner, db: Path) -> None:
    db.write_bytes(b"this is not a database" * 100)
    for args in (["check", DEC], ["add", JAN], ["history", "x"], ["store", "info"]):
        res = run(runner, *args, "--db", str(db))
        assert res.exit_code == 2, (args, res.output)
        [line] = res.stderr.splitlines()
        assert line.startswith(f"breachfacts: {db}: not a breachfacts store or damaged")


def _as_another_user(args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a user who cannot write the store: ``nobody`` when we are root (root
    writes anything), else ourselves."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "HOME": "/tmp"}
    cmd = [sys.executable, "-m", "breachfacts.cli", *args]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("root writes anything, and setpriv (util-linux) is not here to drop it")
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture()
def shared_dir() -> Iterator[Path]:
    """A folder another user can reach (pytest's tmp_path is private to us)."""
    d = Path(tempfile.mkdtemp(prefix="breachfacts-ro-"))
    d.chmod(0o755)
    try:
        yield d
    finally:
        for p in (d, *d.rglob("*")):
            if p.is_dir():
                p.chmod(0o755)
        shutil.rmtree(d)


@pytest.mark.parametrize("read_only", ["folder", "file"])
def test_readers_read_a_store_they_cannot_write(
    runner: CliRunner, shared_dir: Path, read_only: str
) -> None:
    """Issue 16, class 10: check, history and store info said "attempt to write a readonly
    database" (exit 2) for a store in a read-only folder, or a read-only file."""
    folder = shared_dir / "store"
    folder.mkdir()
    db = folder / "facts.sqlite"
    assert run(runner, "add", JAN, "--db", str(db)).exit_code == 0
    article = shared_dir / "dec.txt"
    article.write_text(Path(DEC).read_text(encoding="utf-8"), encoding="utf-8")
    (folder if read_only == "folder" else db).chmod(0o555 if read_only == "folder" else 0o444)
    before = sorted(p.name for p in folder.iterdir())

    res = _as_another_user(["store", "info", "--db", str(db), "-f", "json"])
    assert (res.returncode, res.stderr) == (0, ""), res.stderr
    assert json.loads(res.stdout)["articles"] == 1
    res = _as_another_user(["history", "Mitsubishi Electric", "--db", str(db), "-f", "json"])
    assert (res.returncode, res.stderr) == (0, ""), res.stderr
    assert json.loads(res.stdout)["articles"] == 1
    res = _as_another_user(["check", str(article), "--db", str(db), "-f", "jsonl", "-q"])
    assert (res.returncode, res.stderr) == (0, ""), res.stderr
    assert "confirmed" in {f["status"] for f in json.loads(res.stdout)["facts"]}
    assert sorted(p.name for p in folder.iterdir()) == before  # no -wal, no -shm left


def test_writing_a_store_that_cannot_be_written_is_one_line_and_exit_2(
    runner: CliRunner, shared_dir: Path, tmp_path: Path
) -> None:
    """Issue 16, class 13: add found a read-only store only when it wrote, after extracting,
    and exited 1 ("an input could not be read"); docs/store.md says 2, and 2 is right: the
    store cannot be used at all, nothing is wrong with the inputs (a usage problem, as for a
    store that cannot be opened)."""
    shared_dir.chmod(0o777)  # a folder the other user may write: only the file is read-only
    db = shared_dir / "facts.sqlite"
    assert run(runner, "add", JAN, "--db", str(db)).exit_code == 0
    db.chmod(0o444)
    facts = shared_dir / "dec.jsonl"
    facts.write_text(run(runner, "extract", DEC, "-f", "jsonl").stdout, encoding="utf-8")
    for args in (["add", DEC], ["add", "--facts", str(facts)], ["check", "--add", DEC]):
        res = _as_another_user([*args, "--db", str(db), "-q"])
        assert res.returncode == 2, (args, res.stderr)
        assert res.stderr.splitlines() == [
            f"breachfacts: {db}: store cannot be written (read-only file)"
        ], args
    assert sorted(p.name for p in shared_dir.iterdir()) == ["dec.jsonl", "facts.sqlite"]
    assert counts(db)[0] == 1


def test_a_store_locked_past_the_lock_timeout_is_exit_2(runner: CliRunner, db: Path) -> None:
    assert run(runner, "add", JAN, "--db", str(db)).exit_code == 0
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        res = run(runner, "add", DEC, "--db", str(db), "--lock-timeout", "0.2")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert res.exit_code == 2, res.output
    [line] = res.stderr.splitlines()
    assert line.startswith(f"breachfacts: {db}: store is locked by another writer")
    assert line.endswith("(nothing recorded)")
    assert counts(db)[0] == 1


def test_an_empty_file_is_an_empty_store(runner: CliRunner, db: Path) -> None:
    """Issue 16, class 10: a 0-byte file said "no such table: articles"."""
    db.write_bytes(b"")
    got = info(runner, db)
    assert (got["exists"], got["articles"], got["facts"]) == (True, 0, 0)
    res = run(runner, "history", "Mitsubishi Electric", "--db", str(db))
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [f"breachfacts: Mitsubishi Electric: not in the store ({db})"]
    [doc] = check_jsonl(runner, db, DEC)
    assert {f["status"] for f in doc["facts"]} == {"new"}
    assert db.stat().st_size == 0  # readers leave it alone
    res = run(runner, "add", JAN, "--db", str(db))  # a writer initialises it
    assert res.exit_code == 0, res.output
    assert info(runner, db)["schema_version"] == len(store_module.MIGRATIONS)


# ------------------------------------------------------------------ history


def test_history_json_lists_the_8000_people_with_source_and_date(
    runner: CliRunner, db: Path
) -> None:
    assert run(runner, "add", JAN, DEC, "--db", str(db)).exit_code == 0
    res = run(runner, "history", "Mitsubishi Electric", "--db", str(db), "-f", "json")
    assert res.exit_code == 0, res.output
    h = json.loads(res.stdout)
    assert h["organisation"] == "Mitsubishi Electric" and h["articles"] == 2
    people = h["timeline"]["people affected"]
    assert any(
        r["text"] == "more than 8,000"
        and r["value"] == 8000
        and r["published"] == "2020-01-21"
        and r["source"] == JAN
        and r["publisher"] == "Verdict"
        for r in people
    ), people


def test_history_table_is_one_line_per_slot_with_its_values_in_order(
    runner: CliRunner, db: Path
) -> None:
    assert run(runner, "add", JAN, DEC, "--db", str(db)).exit_code == 0
    res = run(runner, "history", "Mitsubishi Electric", "--db", str(db), "-f", "table",
              env=WIDE)  # fmt: skip
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    (files,) = [ln for ln in lines if ln.startswith("│ files ") and "(part)" not in ln]
    assert "nearly 20,000 (2020-12-25)" in files and files.rstrip(" │").endswith("2")
    (part,) = [line for line in lines if line.startswith("│ files (part)")]
    assert "59 (2020-12-25)" in part
    (attack,) = [line for line in lines if line.startswith("│ date:attack")]
    assert attack.index("June 2019") < attack.index("→") < attack.index("January 2020")


def test_history_table_shows_value_date_and_source(runner: CliRunner, db: Path) -> None:
    assert run(runner, "add", JAN, DEC, "--db", str(db)).exit_code == 0
    res = run(runner, "history", "mitsubishi electric corp.", "--db", str(db), "-f", "table",
              "--wide", env=WIDE)  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "Mitsubishi Electric: 2 articles" in res.stdout
    row = next(line for line in res.stdout.splitlines() if "more than 8,000" in line)
    assert "people affected" in row and "2020-01-21" in row and JAN in row


def test_history_of_an_unknown_organisation_is_one_line_and_exit_1(
    runner: CliRunner, db: Path
) -> None:
    res = run(runner, "history", "Nobody Inc", "--db", str(db))
    assert res.exit_code == 1 and not db.exists()  # no store yet: not created
    assert run(runner, "add", JAN, "--db", str(db)).exit_code == 0
    res = run(runner, "history", "Nobody Inc", "--db", str(db))
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [f"breachfacts: Nobody Inc: not in the store ({db})"]


# ------------------------------------------------------------------ store info


def test_store_info_of_a_missing_store_does_not_create_it(runner: CliRunner, db: Path) -> None:
    got = info(runner, db)
    assert got["path"] == str(db) and got["exists"] is False
    assert (got["articles"], got["facts"]) == (0, 0) and not db.exists()


def test_store_info_table(runner: CliRunner, db: Path) -> None:
    assert run(runner, "add", JAN, "--db", str(db)).exit_code == 0
    res = run(runner, "store", "info", "--db", str(db), "-f", "table", env=WIDE)
    assert res.exit_code == 0, res.output
    assert str(db) in res.stdout and f"schema version  {len(store_module.MIGRATIONS)}" in res.stdout


def test_db_defaults_to_breachfacts_db(runner: CliRunner, db: Path) -> None:
    res = runner.invoke(app, ["store", "info", "-f", "json"], env={"BREACHFACTS_DB": str(db)})
    assert res.exit_code == 0 and json.loads(res.stdout)["path"] == str(db)


# ------------------------------------------------------------------ measures.json


def test_measures_json_in_patterns_extends_the_table(runner: CliRunner, tmp_path: Path) -> None:
    extra = tmp_path / "my-patterns"
    extra.mkdir()
    (extra / "measures.json").write_text(json.dumps({"units": {"case": "incidents"}}))
    db = tmp_path / "facts.sqlite"
    res = run(runner, "add", DEC, "--db", str(db), "--patterns", str(extra))
    assert res.exit_code == 0, res.output
    res = run(runner, "history", "Mitsubishi Electric", "--db", str(db), "-f", "json")
    timeline = json.loads(res.stdout)["timeline"]
    assert "incidents" in timeline and "count of case" not in timeline


def test_a_bad_measures_json_is_one_line_and_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    extra = tmp_path / "my-patterns"
    extra.mkdir()
    (extra / "measures.json").write_text(json.dumps({"units": {"case": 3}}))
    db = tmp_path / "facts.sqlite"
    res = run(runner, "add", DEC, "--db", str(db), "--patterns", str(extra))
    assert res.exit_code == 2
    assert res.stderr.splitlines() == [
        f"breachfacts: {extra / 'measures.json'}: [units -> case] expected a non-empty string, "
        "got 3"
    ]


def test_was_shows_what_an_amount_in_another_currency_was_compared_as() -> None:
    from breachfacts.views.render import describe_against as was

    a = {"value": 0.8, "text": "0.8 BTC", "published": "2018-03-23", "source": "a.txt",
         "converted": {"currency": "USD", "low": 6120, "high": 7480}}  # fmt: skip
    assert was(a) == "0.8 BTC ≈ 6,120-7,480 USD (2018-03-23, a.txt)"
    assert was({"value": 8000, "text": "more than 8,000", "published": None, "source": "b"}) == (
        "8,000 (?, b)"
    )
