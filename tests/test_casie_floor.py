"""Regression floors for recall and value accuracy on the CASIE development split.

Data: CASIE, Satyapanich, Ferraro & Finin, AAAI 2020 (``../shared/casie-dev``), measured by
``bench/casie_recall.py``. The floors sit slightly under the measured numbers: a drop
below one is a regression, not noise. Skipped where the split is absent (a user's clone).
"""

from __future__ import annotations

import sys

import pytest

from conftest import CASIE, ROOT

#: Measured: counts 0.984, money 0.968, times 0.914, orgs 0.810, values 0.995.
FLOORS = {"counts": 0.95, "money": 0.94, "times": 0.89, "orgs": 0.78}
VALUES_FLOOR = 0.97

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
