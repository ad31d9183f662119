"""Issue #16, class 4: a ``--workers N`` run and its workers end together, whatever ends it.

Real processes: ``breachfacts extract --workers 2`` runs on a corpus in a subprocess; once its
workers exist (found through ``/proc``, psutil is not a dependency) the parent is killed with
SIGKILL, interrupted with Ctrl-C (SIGINT to the whole process group, as a terminal sends it)
or sent SIGTERM. The workers must be gone within a few seconds; an interrupted run exits 130
or 143 with one line on stderr and no traceback.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc"),
]

ROOT = Path(__file__).resolve().parents[1]


def _corpus(tmp_path: Path, n: int = 120) -> Path:
    src = tmp_path / "corpus"
    src.mkdir()
    seeds = sorted((ROOT / "data" / "articles").glob("*.txt"))
    for i in range(n):
        seed = seeds[i % len(seeds)]
        (src / f"{i:03d}-{seed.name}").write_text(seed.read_text(encoding="utf-8"))
    return src


def _state(pid: int) -> str | None:
    """The process state letter, or None when there is no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[0]


def _alive(pid: int) -> bool:
    return _state(pid) not in (None, "Z", "X")  # a zombie has ended (only not reaped)


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.update(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def _start(tmp_path: Path) -> tuple[subprocess.Popen[str], set[int]]:
    """The CLI with two workers, once both are running (at most 120 s, model load included)."""
    corpus = _corpus(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "breachfacts.cli", "extract", "--workers", "2", "--batch-size",
         "1", "--quiet", "--format", "jsonl", str(corpus)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a shell job has
    )  # fmt: skip
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while time.monotonic() < deadline and proc.poll() is None:
        workers = {c for c in _children(proc.pid) if _alive(c)}
        if len(workers) >= 2:
            time.sleep(1.0)  # let them take a batch each
            return proc, {c for c in _children(proc.pid) if _alive(c)} | workers
        time.sleep(0.2)
    proc.kill()
    pytest.fail(f"workers did not start (exit {proc.poll()}): {proc.stderr.read()[-500:]}")


def _gone_within(pids: set[int], seconds: float) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = {p for p in pids if _alive(p)}
        if not left:
            return set()
        time.sleep(0.2)
    left = {p for p in pids if _alive(p)}
    for p in left:  # do not leave them behind for the next test
        os.kill(p, signal.SIGKILL)
    return left


def test_kill_9_of_the_parent_ends_its_workers(tmp_path: Path) -> None:
    proc, workers = _start(tmp_path)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert _gone_within(workers, 10) == set()


@pytest.mark.parametrize(
    ("signum", "code", "group"),
    [(signal.SIGINT, 130, True), (signal.SIGTERM, 143, False)],
    ids=["ctrl-c", "sigterm"],
)
def test_an_interrupted_run_says_one_line_and_its_workers_end(
    tmp_path: Path, signum: int, code: int, group: bool
) -> None:
    proc, workers = _start(tmp_path)
    if group:
        os.killpg(proc.pid, signum)  # Ctrl-C in a terminal reaches every process of the job
    else:
        os.kill(proc.pid, signum)
    try:
        _out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("the interrupted run did not end within 60 s")
    assert "Traceback" not in err, err[-2000:]
    assert proc.returncode == code, err[-500:]
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("breachfacts: interrupted"), err[-500:]
    assert _gone_within(workers, 10) == set()
