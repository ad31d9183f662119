"""Fuzzing hostile input (issue 16): the classes are generated, not only the examples.

Strategies draw lone surrogates, C0/C1 controls and bidi overrides, every line separator,
and odd file types (FIFOs, devices, symlink loops, unreadable directories). Whatever is drawn:

* nothing raises but the documented :class:`~breachfacts.errors.ReadError`, and no run hangs;
* a bad input is one line naming it, with no raw control character in it;
* JSONL output parses line by line when split at ``"\\n"`` only;
* table output holds no raw ESC, C1 or bidi control.

As in ``test_fuzz.py``, each property runs in a quick profile (the default run) and a heavy
one (marked ``slow``); the module prints how many cases each property saw. The pure ingest
and render functions take most of the cases; the CLI-level properties few.
"""

from __future__ import annotations

import io
import json
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachfacts.errors import ReadError
from breachfacts.facts import Article
from breachfacts.ingest import read_inputs
from fuzzing import case, fuzz, report_cases, within  # noqa: F401  (report_cases: autouse)

# Quick in the default run; the heavy profile is for CI and for hunting.
PROFILES = [
    pytest.param(1, id="quick"),
    pytest.param(8, id="heavy", marks=pytest.mark.slow),
]
_CHEAP = 100  # examples per quick run of a pure function
_COSTLY = 10  # ... of the CLI (files, processes)

# ------------------------------------------------------------------ strategies

GOOD = "Hackers stole the data of 5,000 customers of Acme Corp. last week."

surrogate = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
# Any Unicode but NUL and surrogates: what a well-formed file can hold.
plain_char = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")


@st.composite
def with_inserted(
    draw: st.DrawFn, base: st.SearchStrategy[str], char: st.SearchStrategy[str]
) -> str:
    """``base`` with one to three characters of ``char`` at random places."""
    text = draw(base)
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(text)))
        text = text[:i] + draw(char) + text[i:]
    return text


clean_text = st.one_of(st.just(GOOD), st.text(plain_char, min_size=1, max_size=40))
FIELDS = ["text", "title", "id", "publisher", "url"]


@st.composite
def jsonl_record(draw: st.DrawFn) -> tuple[dict[str, Any], bool]:
    """A JSONL article, and whether some string of it (value, key or nested) holds a lone
    surrogate once read back."""
    obj: dict[str, Any] = {"id": draw(clean_text), "text": GOOD}
    for field in draw(st.lists(st.sampled_from(FIELDS), max_size=3, unique=True)):
        obj[field] = draw(clean_text)
    if draw(st.booleans()):
        where = draw(st.sampled_from([*FIELDS, "nested", "key"]))
        bad = draw(with_inserted(clean_text, surrogate))
        if where == "nested":
            obj["tags"] = [draw(clean_text), {"name": bad}]
        elif where == "key":
            obj[bad] = 1
        else:
            obj[where] = bad
    return obj, not utf8_safe(json.loads(json.dumps(obj)))


def utf8_safe(value: Any) -> bool:
    """The oracle: a lone surrogate is what UTF-8 cannot encode (a JSON pair
    ``"\\ud800\\udc00"`` decodes to one character and is fine)."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def one_line_naming(err: ReadError, name: str) -> None:
    message = str(err)
    assert message.startswith(name), (message, name)
    assert "\n" not in message and "\r" not in message
    message.encode("utf-8")  # no lone surrogate is passed on to a terminal


def encodable(article: Article) -> None:
    """Everything an article carries can be written out as UTF-8."""
    json.dumps(
        {"id": article.id, "text": article.text, "title": article.title, **article.meta},
        ensure_ascii=False,
    ).encode("utf-8")


# ------------------------------------------------------------------ 1. surrogates


@pytest.mark.parametrize("scale", PROFILES)
def test_jsonl_with_lone_surrogates_refuses_each_bad_line_only(tmp_path: Path, scale: int) -> None:
    @fuzz(_CHEAP, scale)
    @given(st.lists(jsonl_record(), min_size=1, max_size=5))
    def prop(records: list[tuple[dict[str, Any], bool]]) -> None:
        case()
        path = tmp_path / "c.jsonl"
        path.write_text("".join(json.dumps(obj) + "\n" for obj, _ in records), encoding="ascii")
        items = list(read_inputs([str(path)]))
        assert len(items) == len(records)
        for n, (item, (_, hostile)) in enumerate(zip(items, records, strict=True), 1):
            if hostile:
                assert isinstance(item, ReadError), item
                one_line_naming(item, f"{path}:{n}: not valid Unicode: ")
            elif isinstance(item, ReadError):
                one_line_naming(item, f"{path}:{n}: ")
            else:
                encodable(item)

    prop()


@pytest.mark.parametrize("scale", PROFILES)
def test_sidecars_with_lone_surrogates_refuse_their_article_only(
    tmp_path: Path, scale: int
) -> None:
    @fuzz(_CHEAP, scale)
    @given(jsonl_record())
    def prop(record: tuple[dict[str, Any], bool]) -> None:
        case()
        obj, hostile = record
        (tmp_path / "a.txt").write_text(GOOD)
        (tmp_path / "a.meta.json").write_text(json.dumps(obj), encoding="ascii")
        (tmp_path / "b.txt").write_text(GOOD)
        items = list(read_inputs([str(tmp_path)]))
        assert len(items) == 2 and isinstance(items[1], Article)
        if hostile:
            assert isinstance(items[0], ReadError)
            one_line_naming(items[0], f"{tmp_path / 'a.meta.json'}: not valid Unicode: ")
        elif isinstance(items[0], ReadError):
            one_line_naming(items[0], str(tmp_path / "a.meta.json"))
        else:
            encodable(items[0])

    prop()


# ------------------------------------------------------------------ 2. terminal controls

#: Every character a terminal obeys (or that breaks a line): C0 but tab and newline, DEL,
#: C1, bidi marks, embeddings, overrides and isolates, the Unicode line separators.
TERMINAL_CONTROLS = frozenset(
    [chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))]
    + ["\u061c", "\u200e", "\u200f", *map(chr, range(0x202A, 0x202F))]
    + [*map(chr, range(0x2066, 0x206A)), "\u2028", "\u2029"]
)
control_char = st.sampled_from(sorted(TERMINAL_CONTROLS))
#: Whole sequences, as an attacker writes them: clear, colours, OSC 8 links, window title.
escape_sequence = st.sampled_from(
    [
        "\x1b[2J",
        "\x1b[31m",
        "\x1b[0m",
        "\x1b]8;;http://evil.example\x07",
        "\x1b]8;;\x1b\\",
        "\x1b]0;title\x07",
        "\x9b2J",
        "\x1bc",
        "\u202eexe.txt",
        "\r\nbreachfacts: forged",
        "[blink]",
        "[link=http://x]",
        ":100:",  # Rich's emoji code for U+1F4AF
        ":smile:",
    ]
)
hostile_char = st.one_of(control_char, escape_sequence, surrogate)
hostile_text = with_inserted(st.text(plain_char, max_size=40), hostile_char)


def no_raw_controls(text: str, *, allow: str = "") -> None:
    raw = sorted({c for c in text if c in TERMINAL_CONTROLS and c not in allow})
    assert raw == [], (raw, text)
    assert not any("\ud800" <= c <= "\udfff" for c in text), text


@pytest.mark.parametrize("scale", PROFILES)
def test_for_terminal_leaves_no_control_and_keeps_plain_text(scale: int) -> None:
    from breachfacts.views.terminal import for_terminal

    @fuzz(_CHEAP * 2, scale)
    @given(st.one_of(hostile_text, st.text(plain_char, max_size=60)))
    def prop(text: str) -> None:
        case()
        line = for_terminal(text)
        no_raw_controls(line, allow="")
        assert "\n" not in line and "\t" not in line
        no_raw_controls(for_terminal(text, one_line=False), allow="\t\n")
        if not any(
            c in TERMINAL_CONTROLS or c in "\t\n" or "\ud800" <= c <= "\udfff" for c in text
        ):
            assert line == text

    prop()


@pytest.mark.parametrize("scale", PROFILES)
def test_tables_and_diagnostics_show_no_raw_controls(scale: int) -> None:
    from rich.console import Console

    from breachfacts.cli.common import Problems
    from breachfacts.facts import Extraction, Fact, Sentence
    from breachfacts.views import render

    @fuzz(_CHEAP, scale)
    @given(hostile_text, hostile_text, hostile_text, st.data())
    def prop(article_id: str, before: str, after: str, data: st.DataObject) -> None:
        case()
        text = before + "5,000 records" + after
        start = len(before)
        sentence = Sentence(text, 0, len(text))
        subject = data.draw(hostile_text)
        unit = data.draw(hostile_text)
        fact = Fact("f1", "figure", "5,000", start, start + 5, sentence, value=5000, low=5000)
        fact = replace(fact, high=5000, unit=unit, subject=subject or None)
        facts = data.draw(st.sampled_from([(fact,), ()]))
        ex = Extraction(Article(article_id, text), facts)
        out = io.StringIO()
        console = Console(file=out, width=data.draw(st.integers(20, 160)), force_terminal=True)
        for _ in render.print_tables([ex], console):
            pass
        shown = out.getvalue()
        # Rich's own styles are ESC sequences: take them out, then nothing may be left
        shown = re.sub(r"\x1b\[[0-9;]*m", "", shown)
        no_raw_controls(shown, allow="\n")
        err = io.StringIO()
        Problems(Console(file=err, width=80)).report(f"{article_id}: {before}")
        assert err.getvalue().count("\n") == 1 and err.getvalue().endswith("\n")
        no_raw_controls(err.getvalue()[:-1])
        drawn = article_id + text + unit + subject
        if "\U0001f4af" not in drawn and "\U0001f604" not in drawn:  # no emoji made up
            assert "\U0001f4af" not in shown + err.getvalue(), shown
            assert "\U0001f604" not in shown + err.getvalue(), shown

    prop()


# ------------------------------------------------------------------ 3. odd file types


PAGE = f"<html><body><article><p>{GOOD}</p><p>{GOOD}</p></article></body></html>"
#: What can sit where an article file is expected, and the reason it is refused (None: read).
ODD_KINDS = {
    "good": None,
    "fifo": "not a regular file (a named pipe)",
    "zero": "not a regular file (a character device)",  # a link to /dev/zero
    "urandom": "not a regular file (a character device)",
    "loop": "cannot read (Too many levels of symbolic links)",
    "dangling": "cannot read (No such file or directory)",
    "fifo sidecar": "not a regular file (a named pipe)",  # a good file whose sidecar is a FIFO
    "empty": "empty file",
    "locked dir": "cannot read directory (Permission denied); skipped",  # class 8
}
# Names with the characters that break lines or drive terminals, as a careless download saves.
name_char = st.one_of(
    st.characters(whitelist_categories=("L", "N"), max_codepoint=0x2FF),
    st.sampled_from([" ", "-", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029"]),
    st.sampled_from(["\x1b", "\x9b", "\u202e", "\x07", "\t"]),
)
odd_name = st.text(name_char, max_size=12)


def make_entry(root: Path, i: int, kind: str, name: str, suffix: str) -> tuple[Path, Path]:
    """Make one entry; returns (the article file, the path its error names)."""
    path = root / f"a{i:02d}{name}{suffix}"
    if kind == "good" or kind == "fifo sidecar":
        body = {".jsonl": json.dumps({"text": GOOD}) + "\n", ".html": PAGE}.get(suffix, GOOD)
        path.write_text(body)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind in ("zero", "urandom"):
        os.symlink(f"/dev/{kind}", path)
    elif kind == "loop":
        os.symlink(path.name, path)
    elif kind == "dangling":
        os.symlink(root / "nowhere", path)
    if kind == "locked dir":  # listing it fails (see the property's scandir)
        path.mkdir()
        (path / "x.txt").write_text(GOOD)
    if kind == "fifo sidecar" and suffix != ".jsonl":
        side = root / f"a{i:02d}{name}.meta.json"
        os.mkfifo(side)
        return path, side
    return path, path


@pytest.mark.parametrize("scale", PROFILES)
def test_odd_file_types_in_a_directory_are_one_line_each_and_never_block(
    tmp_path_factory: pytest.TempPathFactory, scale: int
) -> None:
    from breachfacts.views.terminal import for_terminal

    entry = st.tuples(
        st.sampled_from(sorted(ODD_KINDS)),
        odd_name,
        st.sampled_from([".txt", ".jsonl", ".html", ".md"]),
    )

    @fuzz(_CHEAP // 2, scale)
    @given(st.lists(entry, min_size=1, max_size=6), st.booleans())
    def prop(entries: list[tuple[str, str, str]], named: bool) -> None:
        case()
        root = tmp_path_factory.mktemp("odd")
        made = [
            (kind, *make_entry(root, i, kind, name, ext))
            for i, (kind, name, ext) in enumerate(entries)
        ]
        inputs = [str(path) for _, path, _ in made] if named else [str(root)]
        locked = {str(path) for kind, path, _ in made if kind == "locked dir"}
        real = os.scandir

        def scandir(path: Any = ".") -> Any:  # as without permission (root reads anything)
            if os.fspath(path) in locked:
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return real(path)

        with mock.patch("os.scandir", scandir):
            items = within(20, lambda: list(read_inputs(inputs, max_bytes=10_000)))
        assert len(items) == len(made), items
        for item, (kind, path, named_in_error) in zip(items, made, strict=True):
            reason = ODD_KINDS[kind]
            if kind == "fifo sidecar" and named_in_error == path:  # .jsonl: no sidecar
                reason = None
            if kind == "empty" and path.suffix == ".jsonl":
                reason = "empty file"
            if reason is None:
                assert isinstance(item, Article) and item.id.startswith(str(path)), item
                continue
            assert isinstance(item, ReadError), (kind, item)
            assert str(item) == f"{named_in_error}: {reason}", (kind, item)
            shown = for_terminal(str(item))
            assert "\n" not in shown and "\r" not in shown and "\x1b" not in shown

    prop()


@st.composite
def endless_binary(draw: st.DrawFn) -> bytes:
    """A chunk an endless binary stream repeats: zeros, or random bytes holding a NUL."""
    if draw(st.booleans()):
        return bytes(draw(st.integers(1, 4096)))
    data = bytearray(draw(st.binary(min_size=1, max_size=2048)))
    data.insert(draw(st.integers(0, len(data))), 0)
    return bytes(data)


@pytest.mark.parametrize("scale", PROFILES)
def test_an_endless_stream_on_stdin_ends_in_one_line(scale: int) -> None:
    """stdin is a FIFO a thread feeds forever: good lines, then binary data without end."""
    import tempfile
    import threading

    @fuzz(_CHEAP // 2, scale)
    @given(st.lists(st.just(GOOD), max_size=3), endless_binary(), st.integers(1, 5000))
    def prop(good: list[str], chunk: bytes, max_bytes: int) -> None:
        case()
        with tempfile.TemporaryDirectory() as tmp:
            fifo = os.path.join(tmp, "stdin")
            os.mkfifo(fifo)
            stop = threading.Event()

            def feed() -> None:
                try:
                    with open(fifo, "wb") as w:
                        for text in good:
                            w.write((json.dumps({"text": text}) + "\n").encode())
                        while not stop.is_set():
                            w.write(chunk)
                except (BrokenPipeError, OSError):
                    pass  # the reader stopped: what it should do

            writer = threading.Thread(target=feed, daemon=True)
            writer.start()
            try:
                with open(fifo, "rb") as stream:
                    items = within(
                        20, lambda: list(read_inputs(["-"], stdin=stream, max_bytes=max_bytes))
                    )
            finally:
                stop.set()
            writer.join(5)
        articles = [i for i in items if isinstance(i, Article)]
        errors = [str(i) for i in items if isinstance(i, ReadError)]
        big = len(json.dumps({"text": GOOD})) > max_bytes
        assert len(articles) == (0 if big else len(good))
        assert errors and errors[-1].endswith(
            "binary data, not JSONL (a NUL byte); the rest is skipped"
        )
        assert all(e.startswith("stdin:") and "\n" not in e for e in errors)

    prop()


# ------------------------------------------------------------------ 7. line separators

#: Every character str.splitlines() ends a line at (and with it most other splitters).
SPLITLINES = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
line_break = st.sampled_from(list(SPLITLINES) + ["\r\n"])
broken_text = with_inserted(st.text(plain_char, max_size=30), st.one_of(line_break, control_char))
json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), broken_text),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(broken_text, inner, max_size=3)
    ),
    max_leaves=8,
)


@pytest.mark.parametrize("scale", PROFILES)
def test_json_output_has_no_line_break_any_splitter_sees(scale: int) -> None:
    from breachfacts.facts import json_text
    from breachfacts.views.render import write_json, write_jsonl

    @fuzz(_CHEAP * 2, scale)
    @given(st.lists(st.dictionaries(broken_text, json_value, max_size=4), max_size=4))
    def prop(items: list[dict[str, Any]]) -> None:
        case()
        for item in items:
            line = json_text(item)
            assert not any(c in line for c in SPLITLINES), line
            assert json.loads(line) == item
        out = io.StringIO()
        write_jsonl(items, out)
        text = out.getvalue()
        assert text.split("\n")[:-1] == text.splitlines()
        assert [json.loads(x) for x in text.splitlines()] == items
        out = io.StringIO()
        write_json(items, out)
        assert json.loads(out.getvalue()) == items
        assert all(c not in out.getvalue() for c in SPLITLINES if c != "\n")

    prop()


@pytest.mark.parametrize("scale", PROFILES)
def test_jsonl_input_is_read_at_newlines_only(tmp_path: Path, scale: int) -> None:
    """A writer that leaves NEL, LS and PS raw (JSON allows them) wrote one record a line."""
    raw_break = st.sampled_from(["\x85", "\u2028", "\u2029"])
    value = with_inserted(st.text(plain_char, min_size=1, max_size=30), raw_break)

    @fuzz(_CHEAP, scale)
    @given(st.lists(st.tuples(value, value), min_size=1, max_size=5), st.booleans())
    def prop(records: list[tuple[str, str]], stdin: bool) -> None:
        case()
        lines = [json.dumps({"id": i, "text": t + " x"}, ensure_ascii=False) for i, t in records]
        data = ("\n".join(lines) + "\n").encode("utf-8")
        path = tmp_path / "raw.jsonl"
        path.write_bytes(data)
        if stdin:
            items = list(read_inputs(["-"], stdin=io.BytesIO(data)))
        else:
            items = list(read_inputs([str(path)]))
        assert [(i.id, i.text) for i in items if isinstance(i, Article)] == [
            (i, t + " x") for i, t in records
        ], items

    prop()


# ------------------------------------------------------------------ 13. small ones


@pytest.mark.parametrize("scale", PROFILES)
def test_published_timestamps_are_read_only_when_the_time_exists(scale: int) -> None:
    from breachfacts.ingest.values import published_field

    two = st.integers(0, 99).map(lambda n: f"{n:02d}")
    tail = st.sampled_from(["", "Z", ".5", ".123+05:30", "-0800", " UTC", "+00:00"])

    @fuzz(_CHEAP * 2, scale)
    @given(st.dates(), st.sampled_from("T t".split(" ") + [" "]), two, two, st.none() | two, tail)
    def prop(day: Any, sep: str, hh: str, mm: str, ss: str | None, rest: str) -> None:
        case()
        stamp = f"{day.isoformat()}{sep}{hh}:{mm}" + (f":{ss}" if ss else "") + rest
        possible = int(hh) <= 23 and int(mm) <= 59 and (ss is None or int(ss) <= 60)
        try:
            got = published_field(stamp, "s")
        except ReadError as err:
            assert not possible, (stamp, err)
            assert str(err) == f"s: impossible time in published date {stamp.strip()!r}"
            return
        assert possible and got == day, stamp

    prop()


@pytest.mark.parametrize("scale", PROFILES)
def test_no_date_past_year_9999_is_ever_printed(scale: int) -> None:
    import datetime as dt

    from breachfacts.normalise.dates import resolve_date

    phrase = st.sampled_from(
        ["next year", "next quarter", "Q1", "Q4", "first quarter", "the fourth quarter",
         "Q1 next year", "the first quarter of next year", "next month", "next week",
         "tomorrow", "next January", "Jan. 1", "next decade", "in two years", "early next year",
         "late next year", "9999-Q4", "10000-Q1", "the 9990s", "next Monday"]
    )  # fmt: skip
    pub = st.dates(min_value=dt.date(9999, 1, 1)) | st.dates(max_value=dt.date(1, 12, 31))

    @fuzz(_CHEAP * 2, scale)
    @given(phrase, pub, st.booleans())
    def prop(text: str, day: dt.date, past: bool) -> None:
        case()
        value = resolve_date(text, day, past=past)
        if value is not None and value.date is not None:
            year = re.match(r"\d+", value.date)
            assert year and 1 <= int(year.group()) <= 9999, value

    prop()


@pytest.mark.parametrize("scale", PROFILES)
def test_boilerplate_is_the_same_with_cr_only_line_endings(scale: int) -> None:
    from breachfacts.ingest import boilerplate_spans

    block = st.sampled_from(
        ["Hackers stole 8,000 records from Acme Corp. last week, the company said.",
         "Sign up for our daily newsletter.", "Subscribe now and get 20% off.",
         "Photo: Reuters/John Smith", "Read more:", "Acme's shares fell 3%.",
         "we accept cookies to improve your experience", "By GlobalData"]
    )  # fmt: skip

    @fuzz(_CHEAP * 2, scale)
    @given(st.lists(st.tuples(block, st.sampled_from(["\n", "\n\n", " "])), max_size=8))
    def prop(parts: list[tuple[str, str]]) -> None:
        case()
        text = "".join(b + sep for b, sep in parts)
        spans = boilerplate_spans(text)
        assert boilerplate_spans(text.replace("\n", "\r")) == spans  # same length: same spans

    prop()


# ------------------------------------------------------------------ the CLI, all classes


@st.composite
def hostile_corpus(draw: st.DrawFn) -> list[tuple[str, Any, bool]]:
    """Entries (kind, content, bad): JSONL lines and odd files, with hostile names and text."""
    entries: list[tuple[str, Any, bool]] = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["line", "line", "text file", "fifo", "loop", "zero"]))
        if kind == "line":
            obj, bad = draw(jsonl_record())
            if not bad:
                obj["text"] = draw(
                    with_inserted(st.just(GOOD), st.one_of(hostile_char, line_break))
                )
                bad = not utf8_safe(obj["text"])
            entries.append((kind, obj, bad))
        else:
            name = draw(
                with_inserted(st.text(plain_char, max_size=8), st.one_of(control_char, line_break))
            )
            name = name.replace("/", "_").replace("\x00", "_").lstrip(".")[:40] or "x"
            entries.append((kind, name, kind != "text file"))
    return entries


@pytest.mark.parametrize("scale", PROFILES)
def test_cli_on_hostile_inputs_one_clean_line_each_and_clean_output(nlp, scale: int) -> None:
    import tempfile

    from typer.testing import CliRunner

    from breachfacts.cli import app
    from breachfacts.views.terminal import for_terminal

    runner = CliRunner()

    @fuzz(_COSTLY, scale)
    @given(hostile_corpus(), st.sampled_from(["jsonl", "table"]))
    def prop(entries: list[tuple[str, Any, bool]], fmt: str) -> None:
        case()
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            lines = [json.dumps(obj) for kind, obj, _ in entries if kind == "line"]
            if lines:
                (root / "c.jsonl").write_text("\n".join(lines) + "\n", encoding="ascii")
            for i, (kind, name, _) in enumerate(entries):
                path = root / f"f{i}{name}.txt"
                if kind == "text file":
                    path.write_text(GOOD)
                elif kind == "fifo":
                    os.mkfifo(path)
                elif kind == "loop":
                    os.symlink(path.name, path)
                elif kind == "zero":
                    os.symlink("/dev/zero", path)
            args = ["extract", tmp, "-f", fmt, "-q", "-p", "2021-06-01", "--max-bytes", "100000"]
            res = within(120, runner.invoke, app, args)
        assert res.exception is None or isinstance(res.exception, SystemExit), res.exc_info
        bad = sum(1 for *_, b in entries if b)
        assert res.exit_code == (1 if bad else 0), (res.exit_code, res.stderr)
        errors = res.stderr.split("\n")[:-1]
        assert len(errors) == bad, errors
        for line in errors:
            assert line.startswith(f"breachfacts: {for_terminal(tmp)}/"), line
            no_raw_controls(line)
        out = res.stdout
        if fmt == "jsonl":
            assert out.splitlines() == out.split("\n")[:-1]
            docs = [json.loads(x) for x in out.split("\n")[:-1]]
            assert len(docs) == sum(1 for *_, b in entries if not b)
        else:
            no_raw_controls(out, allow="\n")

    prop()
