"""JSONL shards: the shards of a file, read one by one, give what the whole file gives."""

from __future__ import annotations

import json
import os
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from breachfacts.errors import ReadError
from breachfacts.ingest import plan_jsonl, read_inputs, read_jsonl_shard, shards


def _seen(items: object) -> list[object]:
    return [str(x) if isinstance(x, ReadError) else (x.id, x.text) for x in items]  # type: ignore[attr-defined]


def _by_shards(path: Path, lines: int, max_bytes: int = 1000) -> list[object]:
    planned = plan_jsonl(str(path), lines)
    assert planned is not None
    return [x for s in planned for x in _seen(read_jsonl_shard(s, max_bytes=max_bytes))]


LINES = st.sampled_from(
    [
        b'{"text": "Hackers stole 5 records."}',
        b'{"id": 7, "text": "caf\xc3\xa9"}',
        b"",
        b"  \t\r",
        b"[1]",
        b"\xff not utf-8",
        b'{"text": "' + b"x" * 60 + b'"}',  # over max_bytes=40 below
        b"\xef\xbb\xbf{}",
        b"\x00binary",
        b'{"text": "two\\u2028lines\x0cin one"}',
    ]
)


@given(st.lists(LINES, max_size=25), st.booleans(), st.integers(1, 6), st.integers(1, 50))
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_shards_read_as_the_whole_file(
    tmp_path: Path, lines: list[bytes], final_newline: bool, per: int, block: int
) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(b"\n".join(lines) + (b"\n" if final_newline and lines else b""))
    whole = _seen(read_inputs([str(path)], max_bytes=40))
    with mock.patch.object(shards, "_BLOCK", block):  # cuts across block boundaries too
        assert _by_shards(path, per, max_bytes=40) == whole


def test_nine_lines_in_shards_of_four(tmp_path: Path) -> None:
    path = tmp_path / "nine.jsonl"
    rows = [json.dumps({"text": f"article {i}"}) for i in range(1, 10)]
    rows[5] = '{"text": 6'  # line 6 is bad
    path.write_text("".join(r + "\n" for r in rows))
    planned = plan_jsonl(str(path), 4)
    assert planned is not None
    assert [(s.first_line, s.end - s.start) for s in planned] == [
        (1, sum(len(r) + 1 for r in rows[:4])),
        (5, sum(len(r) + 1 for r in rows[4:8])),
        (9, len(rows[8]) + 1),
    ]
    second = _seen(read_jsonl_shard(planned[1]))
    assert second[0] == (f"{path}:5", "article 5")
    assert second[1].startswith(f"{path}:6: ")  # type: ignore[union-attr]
    assert plan_jsonl(str(path), 4) == planned  # the same file and size: the same plan


def test_blank_file_is_one_shard_and_one_error(tmp_path: Path) -> None:
    path = tmp_path / "blank.jsonl"
    path.write_text("\n \n\u00a0\n\n\n\n")
    planned = plan_jsonl(str(path), 2)
    assert planned is not None and len(planned) == 1
    assert _seen(read_jsonl_shard(planned[0])) == [f"{path}: empty file"]


def test_a_file_changed_after_planning_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"text": "a"}\n{"text": "b"}\n')
    (first, second) = plan_jsonl(str(path), 1) or []
    path.write_text('{"text": "a"}\n{"text": "bb"}\n')
    os.utime(path, ns=(first.mtime_ns + 10**9, first.mtime_ns + 10**9))
    (message,) = _seen(read_jsonl_shard(second))
    assert message == f"{path}: changed since it was partitioned (lines 2...); rerun"
    assert plan_jsonl(str(path), 1) != [first, second]


@pytest.mark.parametrize("make", ["missing", "dir"])
def test_what_cannot_be_planned_is_read_whole(tmp_path: Path, make: str) -> None:
    path = tmp_path / "x.jsonl"
    if make == "dir":
        path.mkdir()
    assert plan_jsonl(str(path), 4) is None
