"""`breachfacts --help` answers without importing spaCy, httpx, feedparser or trafilatura
(checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CHECK = """
import sys
from typer.testing import CliRunner
from breachfacts.cli import app
result = CliRunner().invoke(app, {args!r})
assert result.exit_code == 0, result.output
heavy = sorted(
    m for m in sys.modules
    if m in ("spacy", "httpx", "feedparser", "trafilatura")
    or m.startswith(("spacy.", "thinc", "dask", "httpx.", "feedparser.", "trafilatura."))
)
print(",".join(heavy))
"""


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["extract", "--help"],
        ["add", "--help"],
        ["check", "--help"],
        ["history", "--help"],
        ["feed", "--help"],
    ],
)
def test_help_does_not_import_spacy(args: list[str]) -> None:
    out = subprocess.run(
        [sys.executable, "-c", CHECK.format(args=args)], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "", f"imported on {args}: {out.stdout.strip()}"


def test_package_api_without_spacy_until_used() -> None:
    code = (
        "import sys, breachfacts\n"
        "assert 'spacy' not in sys.modules\n"
        "from breachfacts import SCHEMA, Article, Fact, Store, load\n"
        "assert SCHEMA == 'breachfacts/1' and Store.__name__ == 'Store' and callable(load)\n"
        "print('spacy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"  # spaCy is imported by load(), not by the import
