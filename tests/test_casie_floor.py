"""Regression floors for recall and value accuracy on the CASIE development split.

Data: CASIE, Satyapanich, Ferraro & Finin, AAAI 2020 (``../shared/casie-dev``), measured by
``bench/casie_recall.py``. The floors sit slightly under the measured numbers: a drop
below one is a regression, not noise. Skipped where the split is absent (a user's clone).
"""

from __future__ import annotations

import sys

import pytest

from conftest import CASIE, ROOT

#: Measured (2026-11-23): counts 0.984, money 0.968, times 0.957, orgs 0.856, values 0.995.
#: The floors are issue #4's targets, which the measured numbers meet.
FLOORS = {"counts": 0.97, "money": 0.92, "times": 0.95, "orgs": 0.85}
VALUES_FLOOR = 0.97
#: Precision on the 28 exhaustively annotated articles (bench/casie_precision.py), target
#: 0.90 per kind. Measured: figure 1.000, money 1.000, date 1.000, organisation 0.923,
#: duration 1.000.
PRECISION_FLOOR = 0.90

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (CASIE / "annotation").is_dir(),
        reason=f"CASIE dev split not found at {CASIE} (it sits next to the repository in CI)",
    ),
]


@pytest.fixture(scope="module")
def results(nlp):
    sys.path.insert(0, str(ROOT))
    from bench.casie_recall import measure

    summary, _ = measure(CASIE, baseline=False)
    return summary["breachfacts"]


@pytest.mark.parametrize("category", sorted(FLOORS))
def test_recall_floor(results, category: str) -> None:
    r = results[category]
    assert r["total"] > 50, r
    assert r["recall"] >= FLOORS[category], r


def test_values_floor(results) -> None:
    v = results["values"]
    assert v["checked"] > 300, v
    assert v["accuracy"] >= VALUES_FLOOR, v


@pytest.fixture(scope="module")
def precision(nlp):
    sys.path.insert(0, str(ROOT))
    from bench.casie_precision import DEFAULT_GOLD, breachfacts_predictions, load_gold, score

    articles, problems = load_gold(DEFAULT_GOLD, CASIE)
    assert not problems, problems  # a shifted text or offset would make the gold meaningless
    return score(articles, breachfacts_predictions(articles))["scores"]


@pytest.mark.parametrize("kind", ["figure", "money", "date", "organisation", "duration"])
def test_precision_floor(precision, kind: str) -> None:
    s = precision[kind]
    assert s.precision is not None and s.precision >= PRECISION_FLOOR, vars(s)
