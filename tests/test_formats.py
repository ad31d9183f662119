"""The format suite of issue 18 (tests/fixtures/formats.jsonl) and its bench.

The fast tests check the fixture file only (no spaCy). The slow test runs
bench/bench_formats.py and checks that it reports every class; it asserts no rates: the
suite measures, the fixes and their targets come later.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "formats.jsonl"
KINDS = ("money", "figure", "date")
CLASS = re.compile(r"^(money|figure|date|negative)/[a-z0-9]+(?:-[a-z0-9]+)*$")
CASE_KEYS = {"class", "text", "published", "expect"}
FACT_KEYS = {"kind", "text", "value", "low", "high", "unit", "currency", "date"}
ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2}|-Q[1-4])?$|^\d{3}0s$")
CURRENCY = re.compile(r"^[A-Z]{3,4}$")


def load() -> list[dict]:
    with open(FIXTURE, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


CASES = load()


def test_enough_cases_and_classes():
    assert len(CASES) >= 300
    per_class = Counter(c["class"] for c in CASES)
    small = {cls: n for cls, n in per_class.items() if n < 8}
    assert not small, f"classes with fewer than 8 cases: {small}"
    kinds = {cls.split("/")[0] for cls in per_class}
    assert kinds == {"money", "figure", "date", "negative"}


def test_no_duplicate_sentences():
    dupes = [t for t, n in Counter(c["text"] for c in CASES).items() if n > 1]
    assert not dupes


def _number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _check_fact(case: dict, fact: dict) -> None:
    text = case["text"]
    assert set(fact) <= FACT_KEYS, set(fact) - FACT_KEYS
    assert fact["kind"] in KINDS
    assert fact["kind"] == case["class"].split("/")[0], "an expected fact of the class's kind"
    assert isinstance(fact["text"], str) and fact["text"] and fact["text"] in text
    if fact["kind"] == "date":
        assert set(fact) == {"kind", "text", "date"}
        assert ISO_DATE.match(fact["date"]), fact["date"]
        return
    assert "value" in fact
    assert fact["value"] is None or _number(fact["value"])
    for bound in ("low", "high"):
        assert fact.get(bound) is None or _number(fact[bound])
    if fact["value"] is None:  # a range: both bounds given
        assert _number(fact.get("low")) and _number(fact.get("high"))
    lo, hi, v = fact.get("low"), fact.get("high"), fact["value"]
    if lo is not None and hi is not None:
        assert lo <= hi
    if v is not None:
        assert lo is None or lo <= v
        assert hi is None or v <= hi
    if fact["kind"] == "money":
        assert CURRENCY.match(fact["currency"]), fact
        assert "unit" not in fact
    else:
        assert "currency" not in fact
        assert fact.get("unit") is None or re.fullmatch(r"[a-z]+", fact["unit"])


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["text"][:50])
def test_case_schema(case):
    assert CASE_KEYS <= set(case) <= CASE_KEYS | {"forbid"}
    assert CLASS.match(case["class"]), case["class"]
    assert isinstance(case["text"], str) and 10 <= len(case["text"]) <= 200
    date.fromisoformat(case["published"])
    assert isinstance(case["expect"], list)
    spans = []
    for fact in case["expect"]:
        _check_fact(case, fact)
        start = case["text"].find(fact["text"])
        spans.append((start, start + len(fact["text"])))
    spans.sort()
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert end <= start, "expected facts of one case do not overlap"
    negative = case["class"].startswith("negative/")
    if negative:
        assert case["expect"] == [] and case.get("forbid")
    for bad in case.get("forbid", []):
        if isinstance(bad, dict):
            assert set(bad) <= {"text", "kinds"} and set(bad.get("kinds", KINDS)) <= set(KINDS)
            bad = bad["text"]
        assert isinstance(bad, str) and bad in case["text"]


def _bench():
    spec = importlib.util.spec_from_file_location(
        "bench_formats", ROOT / "bench" / "bench_formats.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_bench_reads_the_fixture_and_filters_by_class():
    bench = _bench()
    assert len(bench.load_cases()) == len(CASES)
    money = bench.load_cases(prefix="money/")
    assert money and all(c["class"].startswith("money/") for c in money)


def test_bench_scoring_on_made_up_facts():
    bench = _bench()
    case = {
        "class": "figure/coordinated-counts",
        "text": "They lost 45 and 50 cases.",
        "published": "2020-01-01",
        "expect": [
            {"kind": "figure", "text": "45", "value": 45, "unit": "case"},
            {"kind": "figure", "text": "50", "value": 50, "unit": "case"},
        ],
        "forbid": [{"text": "45", "kinds": ["date"]}],
    }
    one_span = [{"kind": "figure", "text": "45 and 50", "start": 10, "end": 19, "value": 45,
                 "unit": "case"}]  # fmt: skip
    s = bench.score_case(case, one_span)
    assert (s["found"], s["right"], s["spurious"]) == (1, 1, 0)
    as_date = [{"kind": "date", "text": "45", "start": 10, "end": 12, "date": None}]
    assert bench.score_case(case, as_date)["spurious"] == 1


@pytest.mark.slow
def test_bench_runs_and_reports_every_class(tmp_path):
    bench = _bench()
    out = tmp_path / "formats.json"
    assert bench.main(["--json", str(out)]) == 0
    result = json.loads(out.read_text())
    classes = {c["class"] for c in CASES}
    assert set(result["breachfacts"]["classes"]) == classes
    assert set(result["spacy"]["classes"]) == classes
    for kind in ("money", "figure", "date", "negative", "all"):
        assert kind in result["breachfacts"]["kinds"]
    assert result["breachfacts"]["kinds"]["all"]["cases"] == len(CASES)
    assert len(result["worst"]) == 10
