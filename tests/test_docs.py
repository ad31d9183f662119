"""Documentation stays true: every command is documented and has help; doctests pass."""

from __future__ import annotations

import doctest
import importlib
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from breachfacts.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[list[str]]:
    group = typer.main.get_group(app)
    out: list[list[str]] = []
    for name, cmd in group.commands.items():
        sub = getattr(cmd, "commands", None)
        if sub:
            out.extend([name, s] for s in sub)
        else:
            out.append([name])
    return out


@pytest.mark.parametrize("command", _commands(), ids=" ".join)
def test_command_has_help_and_is_in_readme(command: list[str]) -> None:
    res = CliRunner().invoke(app, [*command, "--help"])
    assert res.exit_code == 0
    assert "Usage" in res.stdout
    assert f"breachfacts {' '.join(command)}" in README


def test_readme_commands_are_the_ci_commands() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    install = re.search(r"^    (python3 -m venv .*)$", README, re.M)
    test = re.search(r"^    (\.venv/bin/python -m pytest)$", README, re.M)
    assert install and test
    assert install.group(1) in ci and test.group(1) in ci


def _modules() -> list[str]:
    """Every module of the package (``__main__`` modules run the CLI when imported)."""
    import pkgutil

    import breachfacts

    found = pkgutil.walk_packages(breachfacts.__path__, "breachfacts.")
    return ["breachfacts", *sorted(m.name for m in found if not m.name.endswith("__main__"))]


@pytest.mark.parametrize("module", _modules())
def test_doctests(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0
