"""A FIFO where breachfacts reads something other than articles: `add --facts` and a
`--patterns` directory refuse it in one line instead of blocking (issue 16, class 3)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "breachfacts.cli"]
JAN = str(ROOT / "data" / "articles" / "mitsubishi-electric-2020-01.txt")

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def test_add_facts_refuses_a_fifo_in_one_line(tmp_path: Path) -> None:
    fifo = tmp_path / "facts.jsonl"
    os.mkfifo(fifo)
    res = run("add", "--facts", str(fifo), "--db", str(tmp_path / "s.sqlite"), cwd=tmp_path)
    assert res.returncode == 1
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and str(fifo) in lines[0] and "regular file" in lines[0]
    assert "Traceback" not in res.stderr


@pytest.mark.parametrize("name", ["mine.jsonl", "aliases.json"])
def test_a_fifo_among_the_patterns_is_one_line_exit_2(tmp_path: Path, name: str) -> None:
    pats = tmp_path / "pats"
    pats.mkdir()
    os.mkfifo(pats / name)
    res = run("extract", JAN, "--patterns", str(pats), "--format", "json", cwd=tmp_path)
    assert res.returncode == 2
    assert res.stderr.splitlines() == [f"breachfacts: {pats / name}: not a regular file"]
