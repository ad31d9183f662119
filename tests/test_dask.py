"""A real Dask LocalCluster with 2 worker processes gives the single-process output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from breachfacts.cli import app

pytest.importorskip("dask.distributed", reason="dask[distributed] not installed")

ROOT = Path(__file__).resolve().parents[1]


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
