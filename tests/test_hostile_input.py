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
from fuzzing import within

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
    from breachfacts.ingest.values import lone_surrogate

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


# ------------------------------------------------------------ 2. terminal controls

#: What a terminal obeys: ESC (CSI, OSC 8 links), C1 (CSI in one byte), CR, the bidi
#: overrides and isolates, line separators.
HOSTILE = (
    "\x1b[2J\x1b[31mred\x1b]8;;http://evil.example\x07link\x1b]8;;\x07 "
    "\x9b2J \u202eevil\u202c \u2066x\u2069 \r\x85\u2028"
)
RAW_CONTROLS = [chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))]
RAW_CONTROLS += ["\u061c", "\u200e", "\u200f", *map(chr, range(0x202A, 0x202F))]
RAW_CONTROLS += [*map(chr, range(0x2066, 0x206A)), "\u2028", "\u2029"]


def raw_controls(text: str, *, allow: str = "\n") -> list[str]:
    return sorted({c for c in text if c in RAW_CONTROLS and c not in allow})


def test_for_terminal_spells_controls_as_escapes() -> None:
    from breachfacts.views.terminal import for_terminal

    shown = for_terminal(HOSTILE)
    assert raw_controls(shown, allow="") == []
    assert shown.startswith("\\x1b[2J\\x1b[31mred\\x1b]8;;http://evil.example\\x07link")
    assert "\\x9b2J \\u202eevil\\u202c \\u2066x\\u2069 \\r\\x85\\u2028" in shown
    assert for_terminal("a\tb\nc") == "a\\tb\\nc"
    assert for_terminal("a\tb\nc", one_line=False) == "a\tb\nc"
    assert (
        for_terminal("caf\u00e9 \u201cok\u201d \u200d\U0001f600")
        == "caf\u00e9 \u201cok\u201d \u200d\U0001f600"
    )
    assert for_terminal("x\udcff\ud800") == "x\\xff\\ud800"


def test_table_output_holds_no_raw_terminal_controls(runner, tmp_path: Path) -> None:
    f = tmp_path / "a.jsonl"
    lines = [
        {"id": "evil\x1b[2J\n[blink]id", "text": f"Acme {HOSTILE} said 5,000 records were stolen."},
        {"id": "quiet\x1b]0;title\x07", "text": "Nothing \x1b[5m here \u202e at all."},
    ]
    f.write_text("".join(json.dumps(x) + "\n" for x in lines))
    res = runner.invoke(app, ["extract", str(f), "-f", "table", "-q", "-p", "2021-06-01"])
    assert res.exit_code == 0, res.output
    assert raw_controls(res.stdout) == [], res.stdout
    assert "5,000" in res.stdout
    assert "evil\\x1b[2J\\n[blink]id" in res.stdout  # markup shown as written, not obeyed
    assert "quiet\\x1b]0;title\\x07: no facts found" in res.stdout


def test_a_file_name_cannot_forge_a_second_diagnostic_line(runner, tmp_path: Path) -> None:
    name = tmp_path / "x\x1b[31m\nbreachfacts: forged.txt\r\u202e.txt"
    name.write_bytes(b"\xff\xfe\x00\x00broken")
    missing = tmp_path / "gone\x85\u2028.txt"
    (tmp_path / "good.txt").write_text(GOOD)
    args = ["extract", str(name), str(missing), str(tmp_path / "good.txt"), "-f", "jsonl", "-q"]
    res = runner.invoke(app, args)
    assert res.exit_code == 1
    lines = stderr_lines(res)
    assert len(lines) == 2, lines
    assert lines[0].startswith(
        f"breachfacts: {tmp_path}/x\\x1b[31m\\nbreachfacts: forged.txt\\r\\u202e.txt: "
    )
    assert lines[1] == f"breachfacts: {tmp_path}/gone\\x85\\u2028.txt: no such file"
    assert all(raw_controls(x, allow="") == [] for x in lines)
    assert len(res.stdout.split("\n")[:-1]) == 1


def test_history_and_info_tables_escape_stored_strings() -> None:
    from datetime import date
    from types import SimpleNamespace as R

    from rich.console import Console

    from breachfacts.views import render

    report = R(
        **dict(kind="figure", text="5,000\x1b[2J", value=5000, low=5000, high=5000),
        **dict(unit="record\u202e", qualifier=None, currency=None, date=None),
        **dict(certainty="certain", source="src\x1b]8;;x\x07\n", publisher="P\x9b1m"),
        published=date(2021, 1, 1),
    )
    h = R(
        organisation="Acme\x1b[5m",
        names=["Acme\x1b[5m", "ACME\u2066"],
        articles=1,
        timeline={"records\x07": [report]},
    )
    console = Console(record=True, width=200, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(render.history_table(h))
    console.print(render.info_table({"path": "/tmp/s\x1b[2J.db", "articles": 1, "facts": 2}))
    shown = console.export_text()
    assert raw_controls(shown) == [], shown
    assert "5,000\\x1b[2J" in shown and "src\\x1b]8;;x\\x07\\n" in shown


# ------------------------------------------------------------ 3. odd file types


def test_a_fifo_named_or_found_is_refused_without_opening_it(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "pipe.jsonl")
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "side.txt").write_text(GOOD)
    os.mkfifo(tmp_path / "side.meta.json")
    items = within(20, read, tmp_path / "pipe.txt", tmp_path)
    assert errors_of(items) == [
        f"{tmp_path / 'pipe.txt'}: not a regular file (a named pipe)",
        f"{tmp_path / 'pipe.jsonl'}: not a regular file (a named pipe)",
        f"{tmp_path / 'pipe.txt'}: not a regular file (a named pipe)",
        f"{tmp_path / 'side.meta.json'}: not a regular file (a named pipe)",
    ]
    assert ids_of(items) == [str(tmp_path / "good.txt")]


def memory_limit() -> None:
    """In a child process: at most 4 GB of address space (the spaCy pipeline fits)."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def bounded_python(code: str, *, stdin=None, timeout: float = 60) -> list[str]:  # noqa: ANN001
    """Run ``code`` in a Python with 4 GB of memory and ``timeout`` seconds at most (so a
    reader that trusts a device's size fails this test, not the machine); its stdout lines."""
    import subprocess
    import sys

    res = subprocess.run(
        [sys.executable, "-c", code],
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=memory_limit,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    return res.stdout.split("\n")[:-1]


READ = "import sys; from breachfacts.ingest import read_inputs as r; "
READ += "[print(x if isinstance(x, Exception) else 'article ' + x.id) for x in r(sys.argv[1:], "


def test_devices_and_link_loops_are_one_line_each(tmp_path: Path) -> None:
    os.symlink("loop.txt", tmp_path / "loop.txt")
    (tmp_path / "good.txt").write_text(GOOD)
    code = READ.replace("sys.argv[1:]", repr(["/dev/zero", "/dev/urandom", str(tmp_path)]))
    assert bounded_python(code + "max_bytes=1000)]") == [
        "/dev/zero: not a regular file (a character device)",
        "/dev/urandom: not a regular file (a character device)",
        f"article {tmp_path / 'good.txt'}",
        f"{tmp_path / 'loop.txt'}: cannot read (Too many levels of symbolic links)",
    ]
    assert errors_of(read(tmp_path / "loop.txt")) == [
        f"{tmp_path / 'loop.txt'}: cannot read (Too many levels of symbolic links)"
    ]


def test_the_limit_holds_on_the_bytes_read_not_the_size_said() -> None:
    # a /proc file is regular and says it is 0 bytes long; it holds more than 100
    items = within(20, read, "/proc/self/maps", max_bytes=100)
    assert errors_of(items) == [
        "/proc/self/maps: more than 100 bytes read, over the limit (raise it with --max-bytes)"
    ]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_an_endless_binary_stdin_stops_with_one_line(device: str) -> None:
    code = READ.replace("sys.argv[1:]", "['-']") + "max_bytes=1000)]"
    with open(device, "rb") as stream:
        *before, last = bounded_python(code, stdin=stream)
    assert (
        last
        == "stdin:"
        + last.split(":")[1]
        + ": binary data, not JSONL (a NUL byte); the rest is skipped"
    )
    # /dev/urandom may end a line or two (each refused as not UTF-8) before its first NUL
    assert len(before) < 10 and all("not UTF-8" in e or "over the" in e for e in before)


def test_cli_odd_files_in_a_subprocess_one_line_each_no_hang(tmp_path: Path) -> None:
    import subprocess
    import sys

    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "good.txt").write_text(GOOD)
    cmd = [sys.executable, "-m", "breachfacts.cli", "extract", str(tmp_path), "/dev/zero"]
    cmd += [str(tmp_path / "pipe.txt"), "-", "-f", "jsonl", "-q", "--max-bytes", "5000"]
    with open("/dev/zero", "rb") as zero:
        res = subprocess.run(
            cmd, stdin=zero, capture_output=True, text=True, timeout=120, preexec_fn=memory_limit
        )
    # (before: /dev/zero was read until memory ran out, stdin skipped forever)
    assert res.returncode == 1, res.stderr
    assert res.stderr.split("\n")[:-1] == [
        f"breachfacts: {tmp_path / 'pipe.txt'}: not a regular file (a named pipe)",
        "breachfacts: /dev/zero: not a regular file (a character device)",
        f"breachfacts: {tmp_path / 'pipe.txt'}: not a regular file (a named pipe)",
        "breachfacts: stdin:1: binary data, not JSONL (a NUL byte); the rest is skipped",
    ]
    assert [json.loads(x)["source"] for x in res.stdout.split("\n")[:-1]] == [
        str(tmp_path / "good.txt")
    ]


def test_emoji_codes_and_markup_in_names_are_printed_as_written(runner, tmp_path: Path) -> None:
    # Rich turns ':100:' into an emoji: 'stdin:100: ...' printed as 'stdin💯 ...'
    f = tmp_path / "x.jsonl"
    f.write_text(
        "\n" * 99 + "[1]\n" + json.dumps({"id": "a:smile:[b]", "text": "No facts."}) + "\n"
    )
    res = runner.invoke(app, ["extract", str(f), "-f", "table", "-q"])
    assert stderr_lines(res) == [f"breachfacts: {f}:100: expected a JSON object, got an array"]
    assert "a:smile:[b]: no facts found" in res.stdout


# ------------------------------------------------------------ 7. line separators in JSONL

#: What some common line splitter breaks a line at (str.splitlines: all of them).
LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


@pytest.mark.parametrize("fmt", ["jsonl", "json", "veris"])
def test_json_output_escapes_every_line_break(runner, tmp_path: Path, fmt: str) -> None:
    text = f"Acme{LINE_BREAKS} said 5,000 records were stolen.\x85 Acme\u2028said more."
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"id": f"id{LINE_BREAKS}", "text": text, "title": "t\x85"}) + "\n")
    res = runner.invoke(app, ["extract", str(f), "-f", fmt, "-q", "--keep-text"])
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert not any(c in out for c in LINE_BREAKS), [c for c in LINE_BREAKS if c in out]
    assert out.splitlines() == out.split("\n")[:-1]
    if fmt == "jsonl":
        [doc] = [json.loads(line) for line in out.splitlines()]
        assert doc["source"] == f"id{LINE_BREAKS}" and doc["text"] == text and doc["facts"]
    elif fmt == "json":
        assert json.loads(out)[0]["text"] == text


def test_extract_piped_into_add_facts_round_trips_nel(runner, tmp_path: Path) -> None:
    f = tmp_path / "a.jsonl"
    text = "Acme Corp. said\x85 5,000 records were stolen\u2028 in the attack.\u2029"
    f.write_text(json.dumps({"id": "nel", "text": text, "published": "2021-01-05"}) + "\n")
    res = runner.invoke(app, ["extract", str(f), "-f", "jsonl", "-q"])
    assert res.exit_code == 0
    facts = tmp_path / "facts.jsonl"
    facts.write_text(res.stdout, encoding="utf-8")
    db = tmp_path / "s.sqlite"
    res = runner.invoke(app, ["add", "--facts", str(facts), "--db", str(db), "-q"])
    assert res.exit_code == 0, res.output


def test_jsonl_input_is_split_at_newline_only(tmp_path: Path) -> None:
    f = tmp_path / "raw.jsonl"  # a writer that left NEL, LS and PS raw: still one record each
    f.write_text(
        '{"id": "a", "text": "one\x85two\u2028three\u2029four"}\n{"id": "b", "text": "x"}\n',
        encoding="utf-8",
    )
    items = read(f)
    assert errors_of(items) == [] and ids_of(items) == ["a", "b"]
    assert items[0].text == "one\x85two\u2028three\u2029four"


# ------------------------------------------------------------ 8. unreadable directories


@pytest.fixture()
def locked(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """Make listing the given directories fail as without permission (root reads anything)."""
    real = os.scandir
    denied: set[str] = set()

    def scandir(path="."):  # noqa: ANN001, ANN202
        if os.path.abspath(os.fspath(path)) in denied:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    return lambda *paths: denied.update(os.path.abspath(p) for p in paths)


def tree(root: Path) -> None:
    for sub in ("a", "b/locked", "c"):
        (root / sub).mkdir(parents=True)
        (root / sub / "x.txt").write_text(GOOD)


def test_an_unreadable_subdirectory_is_one_line_and_the_rest_is_read(tmp_path, locked) -> None:
    tree(tmp_path)
    locked(tmp_path / "b" / "locked")
    items = read(tmp_path)
    assert ids_of(items) == [str(tmp_path / d / "x.txt") for d in ("a", "c")]
    assert errors_of(items) == [
        f"{tmp_path / 'b' / 'locked'}: cannot read directory (Permission denied); skipped"
    ]


def test_an_unreadable_directory_named_is_one_line(tmp_path, locked) -> None:
    tree(tmp_path)
    locked(tmp_path / "a")
    items = read(tmp_path / "a", tmp_path / "c")
    assert errors_of(items) == [
        f"{tmp_path / 'a'}: cannot read directory (Permission denied); skipped"
    ]
    assert ids_of(items) == [str(tmp_path / "c" / "x.txt")]


def test_cli_unreadable_subdirectory_exit_1(runner, tmp_path, locked) -> None:
    tree(tmp_path)
    locked(tmp_path / "b")
    res = runner.invoke(app, ["extract", str(tmp_path), "-f", "jsonl", "-q"])
    assert res.exit_code == 1
    assert stderr_lines(res) == [
        f"breachfacts: {tmp_path / 'b'}: cannot read directory (Permission denied); skipped"
    ]
    assert len(res.stdout.split("\n")[:-1]) == 2


def test_article_files_hands_unreadable_directories_to_on_error(tmp_path, locked) -> None:
    from breachfacts.ingest import article_files

    tree(tmp_path)
    locked(tmp_path / "c")
    seen: list[str] = []
    files = list(article_files(str(tmp_path), on_error=lambda e: seen.append(e.source)))
    assert files == [str(tmp_path / d / "x.txt") for d in ("a", "b/locked")]
    assert seen == [str(tmp_path / "c")]


@pytest.mark.skipif(not hasattr(os, "setuid"), reason="POSIX permissions")
def test_a_real_chmod_000_directory(tmp_path: Path) -> None:
    """With real permissions: as an ordinary user (``nobody`` when the tests run as root)."""
    import pwd
    import shutil
    import subprocess
    import sys
    import tempfile

    user = None
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("nobody")
        except KeyError:
            pytest.skip("root, and no user 'nobody' to drop to")
    root = Path(tempfile.mkdtemp(prefix="bf-perm-"))
    try:
        tree(root)
        os.chmod(root, 0o755)
        for d in ("a", "b", "c"):
            os.chmod(root / d, 0o755)
        os.chmod(root / "b" / "locked", 0o000)
        code = READ.replace("sys.argv[1:]", repr([str(root)])) + ")]"

        def drop() -> None:
            if user is not None:
                os.setgid(user.pw_gid)
                os.setuid(user.pw_uid)

        try:
            res = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                preexec_fn=drop, cwd="/",
            )  # fmt: skip
        except PermissionError:
            pytest.skip("user 'nobody' cannot run this Python")
        if res.returncode and "Permission denied" in res.stderr and "breachfacts" in res.stderr:
            pytest.skip("user 'nobody' cannot import breachfacts here")
        assert res.returncode == 0, res.stderr[-1500:]
        assert res.stdout.split("\n")[:-1] == [
            f"article {root / 'a' / 'x.txt'}",
            f"{root / 'b' / 'locked'}: cannot read directory (Permission denied); skipped",
            f"article {root / 'c' / 'x.txt'}",
        ]
    finally:
        os.chmod(root / "b" / "locked", 0o755)
        shutil.rmtree(root)


# ------------------------------------------------------------ 13. small ones


def test_a_json_message_says_at_once(tmp_path: Path) -> None:
    f = tmp_path / "u.jsonl"
    f.write_text('{"text": "unterminated\n')
    assert errors_of(read(f)) == [
        f"{f}:1: malformed JSON (Unterminated string starting at column 10)"
    ]


@pytest.mark.parametrize(
    "stamp", ["2020-03-04T25:99", "2020-03-04T24:00", "2020-03-04 10:60", "2020-03-04T10:00:61Z"]
)
def test_an_impossible_time_in_published_is_refused(tmp_path: Path, stamp: str) -> None:
    f = tmp_path / "t.jsonl"
    f.write_text(json.dumps({"text": GOOD, "published": stamp}) + "\n")
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "a.meta.json").write_text(json.dumps({"published": stamp}))
    assert errors_of(read(f, tmp_path / "a.txt")) == [
        f"{f}:1: impossible time in published date {stamp!r}",
        f"{tmp_path / 'a.meta.json'}: impossible time in published date {stamp!r}",
    ]


@pytest.mark.parametrize(
    "stamp", ["2020-03-04T09:15:00Z", "2020-03-04 09:15:00 UTC", "2020-03-04T23:59:60.5+05:30"]
)
def test_a_possible_time_in_published_is_read(tmp_path: Path, stamp: str) -> None:
    f = tmp_path / "t.jsonl"
    f.write_text(json.dumps({"text": GOOD, "published": stamp}) + "\n")
    [article] = read(f)
    assert str(article.published) == "2020-03-04"


@pytest.mark.parametrize(
    "phrase", ["next quarter", "Q1 next year", "the first quarter of next year", "Q1"]
)
def test_a_quarter_past_year_9999_is_unresolved(phrase: str) -> None:
    import datetime as dt

    from breachfacts.normalise.dates import resolve_date

    pub = dt.date(9999, 12, 31)
    value = resolve_date(phrase, pub, past=False)
    assert value is None or value.date is None, value
    assert resolve_date("2019-Q3", pub).date == "2019-Q3"


def test_cli_published_9999_never_prints_year_10000(runner, tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Acme Corp. said 5,000 records were stolen. It expects losses next quarter.")
    res = runner.invoke(app, ["extract", str(f), "-p", "9999-12-31", "-f", "jsonl", "-q"])
    assert res.exit_code == 0, res.output
    assert "10000" not in res.stdout


@pytest.mark.parametrize("value", ["-1", "0", "-100000"])
def test_a_max_bytes_below_1_is_a_usage_error(runner, tmp_path: Path, value: str) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    res = runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "--max-bytes", value, "-q"])
    assert res.exit_code == 2
    assert "--max-bytes" in res.output


def test_cr_only_line_endings_find_the_same_boilerplate() -> None:
    from breachfacts.ingest import boilerplate_spans

    text = (
        "Hackers stole 8,000 records from Acme Corp. last week, the company said.\n\n"
        "Sign up for our daily newsletter.\n"
        "Subscribe now and get 20% off: 3,000 readers already did.\n"
    )
    expected = boilerplate_spans(text)
    assert expected
    for newline in ("\r\n", "\r"):
        assert boilerplate_spans(text.replace("\n", newline)) == [
            (
                s + text[:s].count("\n") * (len(newline) - 1),
                e + text[:e].count("\n") * (len(newline) - 1),
            )
            for s, e in expected
        ]


def test_cli_cr_only_article_drops_newsletter_facts(runner, tmp_path: Path) -> None:
    text = (
        "Hackers stole 8,000 records from Acme Corp. last week, the company said.\r\r"
        "Sign up for our daily newsletter.\r"
        "Subscribe now and get 20% off: 3,000 readers already did.\r"
    )
    f = tmp_path / "cr.txt"
    f.write_bytes(text.encode())
    res = runner.invoke(app, ["extract", str(f), "-f", "jsonl", "-q", "-p", "2021-01-01"])
    assert res.exit_code == 0, res.output
    [doc] = [json.loads(x) for x in res.stdout.split("\n")[:-1]]
    texts = [fact["text"] for fact in doc["facts"]]
    assert "8,000" in texts and "3,000" not in texts, texts


def test_a_bad_jsonl_published_is_said_even_under_the_option(tmp_path: Path) -> None:
    """As a sidecar's: --published wins, but an impossible date in the data is still said."""
    import datetime as dt

    f = tmp_path / "t.jsonl"
    f.write_text(json.dumps({"text": GOOD, "published": "2020-01-01T25:99"}) + "\n")
    items = read(f, published=dt.date(2021, 1, 1))
    assert errors_of(items) == [f"{f}:1: impossible time in published date '2020-01-01T25:99'"]


@pytest.mark.parametrize("text", ["\x0c00\xa0001", "00\xa0001 records", "'87 00\xa0001"])
def test_overlapping_rule_entities_never_break_the_document(nlp, text: str) -> None:
    """Two rules tagging overlapping pieces of digits (hypothesis found "\\f00\\xa0001")
    leave one entity, the longer, instead of spaCy's E1010."""
    from breachfacts.extract import extract
    from breachfacts.facts import Article

    (x,) = extract([Article("t", text)], nlp)
    spans = sorted((f.start, f.end) for f in x.facts)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
