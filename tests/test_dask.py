"""A real Dask LocalCluster with 2 worker processes gives the single-process output.

Workers extract with the local path (:func:`breachfacts.batch.extract_inputs`), so an article
longer than ``--max-chars`` is cut there too: same facts, same offsets.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from breachfacts.cli import app

pytest.importorskip("dask.distributed", reason="dask[distributed] not installed")

ROOT = Path(__file__).resolve().parents[1]
FIGURE = "8,765,432"
FILLER = (
    "The company said it was still investigating the incident with outside experts, and "
    "that it had told the regulator and the police what it knew so far."
)


def _long_text(min_chars: int) -> str:
    """Paragraphs of prose with no fact in them, and one known figure near the end."""
    n = min_chars // (len(FILLER) + 2) + 1
    last = f"Attackers stole {FIGURE} customer records from Initech Corp. in March."
    return "\n\n".join([FILLER] * n + [last, FILLER])


def _figure_offsets(line: str, text: str) -> list[tuple[int, int]]:
    """The offsets of the known figure in one JSONL line, checked against the text."""
    doc = json.loads(line)
    spans = [(f["start"], f["end"]) for f in doc["facts"] if FIGURE in f["text"]]
    for start, end in spans:
        assert FIGURE in text[start:end]
    return spans


def _corpus(tmp_path: Path) -> Path:
    src = tmp_path / "corpus"
    src.mkdir()
    seeds = sorted((ROOT / "data" / "articles").glob("*.txt"))
    for i in range(6):
        seed = seeds[i % 2]
        (src / f"{i:02d}-{seed.name}").write_text(seed.read_text())
    lines = [
        {
            "id": "j1",
            "text": "Hackers stole 40 BTC from Acme Corp. on Tuesday.",
            "published": "2021-06-10",
        },
        {"id": "j2", "text": "More than 2 million customers of Foo Inc. were affected."},
    ]
    (src / "zz.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    return src


@pytest.mark.slow
def test_local_cluster_equals_single_process(tmp_path: Path, nlp) -> None:
    src = _corpus(tmp_path)
    runner = CliRunner()
    single = runner.invoke(app, ["extract", str(src), "-f", "jsonl", "-p", "2021-01-01"])
    assert single.exit_code == 0, single.output
    out = tmp_path / "out"
    res = runner.invoke(
        app,
        [
            "extract",
            str(src),
            "-p",
            "2021-01-01",
            "--dask",
            "local",
            "--workers",
            "2",
            "--out",
            str(out),
            "--partition-size",
            "2",
        ],
    )
    assert res.exit_code == 0, res.output
    manifest = json.loads((out / "manifest.json").read_text())
    parts = manifest["partitions"]
    assert len(parts) == 4 and all(p["status"] == "done" for p in parts)
    joined = "".join((out / p["part"]).read_text() for p in parts)
    assert joined.splitlines() == single.stdout.splitlines()

    # restartable: a rerun skips finished partitions; a deleted part is redone
    (out / parts[1]["part"]).unlink()
    again = runner.invoke(
        app,
        [
            "extract",
            str(src),
            "-p",
            "2021-01-01",
            "--dask",
            "local",
            "--workers",
            "2",
            "--out",
            str(out),
            "--partition-size",
            "2",
        ],
    )
    assert again.exit_code == 0, again.output
    assert again.stderr.count("articles\n") >= 1
    assert parts[1]["part"] in again.stderr and parts[0]["part"] not in again.stderr
    joined2 = "".join((out / p["part"]).read_text() for p in parts)
    assert joined2 == joined


def test_dask_needs_out(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["extract", str(ROOT / "data" / "articles"), "--dask", "local"])
    assert res.exit_code == 2
    assert "--out" in res.stderr


def test_worker_cuts_long_articles_at_max_chars(tmp_path: Path, nlp) -> None:
    """What a Dask worker runs cuts at max_chars: an article over spaCy's max_length still
    extracts, and its facts are those of the local run."""
    from breachfacts.distributed import process_partition
    from breachfacts.nlp import DEFAULT_MODEL

    text = _long_text(60_000)
    path = tmp_path / "long.txt"
    path.write_text(text)
    local = CliRunner().invoke(
        app, ["extract", str(path), "-f", "jsonl", "-p", "2021-01-01", "--max-chars", "5000"]
    )
    assert local.exit_code == 0, local.output
    max_length = nlp.max_length
    nlp.max_length = 20_000  # the worker's pipeline is this cached one
    try:
        result = process_partition([str(path)], "2021-01-01", DEFAULT_MODEL, [], max_chars=5_000)
    finally:
        nlp.max_length = max_length
    assert result["errors"] == []
    assert result["lines"] == local.stdout.splitlines()
    assert [start for start, _ in _figure_offsets(result["lines"][0], text)] == [text.index(FIGURE)]


@pytest.mark.slow
def test_local_cluster_splits_long_articles_as_the_local_run(tmp_path: Path, nlp) -> None:
    src = tmp_path / "corpus"
    src.mkdir()
    text = _long_text(300_000)
    (src / "long.txt").write_text(text)
    (src / "short.txt").write_text("Hackers stole 40 BTC from Acme Corp. on Tuesday.")
    args = ["extract", str(src), "-p", "2021-01-01", "--max-chars", "20000"]
    runner = CliRunner()
    single = runner.invoke(app, [*args, "-f", "jsonl"])
    assert single.exit_code == 0, single.output
    out = tmp_path / "out"
    res = runner.invoke(app, [*args, "--dask", "local", "--workers", "2", "--out", str(out)])
    assert res.exit_code == 0, res.output
    parts = json.loads((out / "manifest.json").read_text())["partitions"]
    lines = "".join((out / p["part"]).read_text() for p in parts).splitlines()
    assert lines == single.stdout.splitlines()
    assert json.loads(lines[0])["source"].endswith("long.txt")
    assert [start for start, _ in _figure_offsets(lines[0], text)] == [text.index(FIGURE)]


def test_dask_out_naming_a_file_is_one_line(tmp_path: Path) -> None:
    """Issue #16, class 12: ``--out`` naming an existing file was a FileExistsError traceback."""
    out = tmp_path / "out.jsonl"
    out.write_text("not a directory\n")
    res = CliRunner().invoke(
        app, ["extract", str(ROOT / "data" / "articles"), "--dask", "local", "--out", str(out)]
    )
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    assert res.exit_code == 2  # cli/extract.py's exit for a DaskRunError
    assert res.stderr == f"breachfacts: --out {out}: not a directory\n"
    assert out.read_text() == "not a directory\n"


def test_dask_rerun_reports_the_bad_inputs_of_finished_partitions_again(tmp_path: Path) -> None:
    """Issue #16, class 12: a rerun whose partitions are all done (no cluster needed) exited 0
    although the first run reported a bad input; the manifest remembers it, the rerun says it
    again and exits 1."""
    from dataclasses import asdict

    from breachfacts.distributed import MANIFEST, plan

    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Hackers stole 40 BTC from Acme Corp. on Tuesday.")
    (src / "b.txt").write_bytes(b"\xff\xfe binary \x00\x00")
    out = tmp_path / "out"
    out.mkdir()
    (part,) = plan([str(src)])
    message = f"{src / 'b.txt'}: not UTF-8 (byte 0xff at offset 0)"
    part.status, part.articles, part.errors, part.sha256 = "done", 1, [message], "x"
    (out / part.part).write_text("{}\n")
    doc = {"schema": "breachfacts/1", "partitions": [asdict(part) | {"part": part.part}]}
    (out / MANIFEST).write_text(json.dumps(doc))
    res = CliRunner().invoke(
        app, ["extract", str(src), "--dask", "local", "--out", str(out), "--quiet"]
    )
    assert res.exit_code == 1, res.output
    assert res.stderr == f"breachfacts: {message}\n"


@pytest.mark.parametrize("manifest", ["[[[", '{"partitions": 3}', "\ufeff{}", "[" * 100_000])
def test_an_unreadable_manifest_is_one_line(tmp_path: Path, manifest: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text(manifest, encoding="utf-8")
    res = CliRunner().invoke(
        app, ["extract", str(ROOT / "data" / "articles"), "--dask", "local", "--out", str(out)]
    )
    assert res.exit_code == 2
    assert res.stderr.startswith(f"breachfacts: {out / 'manifest.json'}: unreadable manifest (")
    assert res.stderr.count("\n") == 1


def _nine(tmp_path: Path) -> Path:
    """One JSONL file of 9 lines, line 6 bad: 8 small articles."""
    rows = [
        json.dumps({"id": f"n{i}", "text": f"Hackers stole {i},000 records from Acme{i} Corp."})
        for i in range(1, 10)
    ]
    rows[5] = '{"id": "n6", "text": '
    path = tmp_path / "nine.jsonl"
    path.write_text("".join(r + "\n" for r in rows))
    return path


class _Stop(Exception):
    """Stands for the run being killed after its first finished partition."""


@pytest.mark.slow
def test_local_cluster_spreads_one_jsonl_file_and_restarts(tmp_path: Path, nlp) -> None:
    """One JSONL file of 9 lines in partitions of 4 is 3 partitions (by byte offsets); the
    parts joined are the single-process output in order, the bad line is named by its own
    number, and a rerun after an interruption does only the partitions not finished."""
    from breachfacts.distributed import run_dask

    path = _nine(tmp_path)
    runner = CliRunner()
    single = runner.invoke(app, ["extract", str(path), "-f", "jsonl", "-p", "2021-01-01"])
    assert single.exit_code == 1
    bad = f"breachfacts: {path}:6: "
    assert single.stderr.startswith(bad) and single.stderr.count("\n") == 1
    assert len(single.stdout.splitlines()) == 8

    out = tmp_path / "out"
    finished: list[str] = []

    def stop(part) -> None:  # noqa: ANN001
        finished.append(part.part)
        raise _Stop

    with pytest.raises(_Stop):
        run_dask(
            [str(path)],
            out,
            "local",
            published=date(2021, 1, 1),
            partition_size=4,
            workers=2,
            on_done=stop,
        )
    parts = json.loads((out / "manifest.json").read_text())["partitions"]
    assert [p["shard"]["first_line"] for p in parts] == [1, 5, 9]
    assert [p["status"] for p in parts].count("done") == 1
    (first,) = finished
    kept = (out / first).stat().st_mtime_ns

    args = ["extract", str(path), "-p", "2021-01-01", "--dask", "local", "--workers", "2"]
    again = runner.invoke(app, [*args, "--out", str(out), "--partition-size", "4"])
    assert again.exit_code == 1, again.output  # the bad line, said again
    assert again.stderr.count(bad) == 1
    redone = {p["part"] for p in parts} - {first}
    assert all(f"{out / name}: " in again.stderr for name in redone)
    assert f"{out / first}: " not in again.stderr
    assert (out / first).stat().st_mtime_ns == kept
    parts = json.loads((out / "manifest.json").read_text())["partitions"]
    assert [p["status"] for p in parts] == ["done"] * 3
    assert [p["articles"] for p in parts] == [4, 3, 1]
    joined = "".join((out / p["part"]).read_text() for p in parts)
    assert joined.splitlines() == single.stdout.splitlines()


def test_a_changed_jsonl_file_is_partitioned_anew(tmp_path: Path) -> None:
    """Shard ids hold the file's identity and the shard size: a changed file or size gets
    new partitions, said once, and part files of the old plan that the new one lacks go."""
    from dataclasses import asdict

    from breachfacts.distributed import plan, remove_stale_parts, replanned

    path = _nine(tmp_path)
    old = plan([str(path)], 4)
    assert [p.id for p in plan([str(path)], 4)] == [p.id for p in old]
    os.utime(path, ns=(10**18, 10**18))  # touched, not changed: the same partitions
    assert [p.id for p in plan([str(path)], 4)] == [p.id for p in old]
    known = [asdict(p) | {"part": p.part} for p in old]
    assert replanned(plan([str(path)], 4), known) == []
    notes = replanned(plan([str(path)], 5), known)
    assert notes == [f"{path}: --partition-size 4 -> 5; all its shards are redone"]
    with path.open("a") as f:
        f.write(json.dumps({"text": "Ten."}) + "\n")
    new = plan([str(path)], 4)
    assert not {p.id for p in new} & {p.id for p in old}
    assert replanned(new, known) == [
        f"{path}: changed since the last run; all its shards are redone"
    ]
    out = tmp_path / "out"
    out.mkdir()
    for p in old:
        (out / p.part).write_text("{}\n")
    remove_stale_parts(out, plan([str(path)], 8), known)
    assert sorted(f.name for f in out.iterdir()) == ["part-00000.jsonl", "part-00001.jsonl"]
