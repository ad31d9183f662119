"""Shared fixtures: the spaCy pipeline is built once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "data" / "articles"
#: The CASIE dev split sits next to the repository (``../shared/casie-dev``) in CI and in the
#: developers' workspace; $BREACHFACTS_CASIE points elsewhere. Tests that need it skip without.
CASIE = Path(os.environ.get("BREACHFACTS_CASIE") or ROOT.parent / "shared" / "casie-dev")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite tests/golden/*.jsonl from the current output (review the diff).",
    )


@pytest.fixture(scope="session")
def nlp():
    from breachfacts.nlp import load

    return load()


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def seed_extractions(nlp):
    """The two seed articles, extracted once: {"2020-12": Extraction, "2020-01": Extraction}."""
    from breachfacts.extract import extract
    from breachfacts.ingest import read_inputs

    articles = list(
        read_inputs(
            [
                str(ARTICLES / "mitsubishi-electric-2020-12.txt"),
                str(ARTICLES / "mitsubishi-electric-2020-01.txt"),
            ]
        )
    )
    out = list(extract(articles, nlp))
    return {"2020-12": out[0], "2020-01": out[1]}
