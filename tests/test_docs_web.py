"""docs/web.md stays true: its examples run, in order, against the local server it tells the
reader to start (``python3 -m http.server 8000 --directory data/web``), and print what the
page says they print.

A ```console block holds ``$ breachfacts ...`` commands, each followed by its output (stdout
lines, then stderr lines); a ```python block is run and its printed output compared with the
```text block right after it. ``127.0.0.1:8000`` is replaced by the test server's address.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import shlex
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest
from typer.testing import CliRunner

from breachfacts.cli import app
from httpd import QuietServer

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "web.md"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.M | re.S)


@contextlib.contextmanager
def web_server() -> Iterator[str]:
    """``python3 -m http.server --directory data/web`` on a free port, in a thread."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(ROOT / "data" / "web"))
    httpd = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True).start()
    try:
        yield f"127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def examples() -> list[tuple[str, str, str]]:
    """(kind, code, expected output) in page order."""
    blocks = BLOCK.findall(DOC.read_text(encoding="utf-8"))
    out: list[tuple[str, str, str]] = []
    for n, (lang, body) in enumerate(blocks):
        if lang == "console":
            for chunk in re.split(r"^\$ ", body, flags=re.M)[1:]:
                command, _, expected = chunk.partition("\n")
                out.append(("console", command, expected))
        elif lang == "python":
            after = blocks[n + 1] if n + 1 < len(blocks) else ("", "")
            out.append(("python", body, after[1] if after[0] == "text" else ""))
    return out


def test_web_doc_has_examples() -> None:
    kinds = [k for k, _, _ in examples()]
    assert kinds.count("console") >= 5 and "python" in kinds


def test_web_doc_examples_run(nlp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BREACHFACTS_DB", raising=False)
    runner = CliRunner()
    with web_server() as host:
        for kind, code, expected in examples():
            code = code.replace("127.0.0.1:8000", host)
            want = expected.replace("127.0.0.1:8000", host).strip()
            if kind == "console":
                args = shlex.split(code)
                assert args[0] == "breachfacts", code
                res = runner.invoke(app, args[1:], env={"COLUMNS": "200"})
                got = (res.stdout.strip() + "\n" + res.stderr.strip()).strip()
                assert "Traceback" not in res.output, code
            else:
                buf = io.StringIO()
                with contextlib.redirect_stdout(buf):
                    exec(compile(code, str(DOC), "exec"), {})  # noqa: S102
                got = buf.getvalue().strip()
            assert got == want, f"docs/web.md: {code}"
