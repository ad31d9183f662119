"""`breachfacts --help` answers without importing spaCy (checked in a fresh interpreter)."""

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
heavy = sorted(m for m in sys.modules if m == "spacy" or m.startswith(("spacy.", "thinc", "dask")))
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
    ],
)
def test_help_does_not_import_spacy(args: list[str]) -> None:
    out = subprocess.run(
        [sys.executable, "-c", CHECK.format(args=args)], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "", f"imported on {args}: {out.stdout.strip()}"
