"""Golden files: the full output for each seed article, reviewed as a diff.

``pytest --update-golden`` rewrites tests/golden/*.jsonl from the current output.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
CASES = {"2020-12": "000.jsonl", "2020-01": "004.jsonl"}


def _lines(ex) -> list[str]:  # noqa: ANN001
    d = ex.to_dict()
    head = {k: v for k, v in d.items() if k != "facts"}
    head["source"] = Path(head["source"]).name  # golden files do not depend on the checkout path
    return [json.dumps(head, ensure_ascii=False)] + [
        json.dumps(f, ensure_ascii=False) for f in d["facts"]
    ]


@pytest.mark.parametrize("key", sorted(CASES))
def test_seed_matches_golden(seed_extractions, update_golden: bool, key: str) -> None:
    path = GOLDEN / CASES[key]
    lines = _lines(seed_extractions[key])
    if update_golden or not path.exists():
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        if not update_golden:
            pytest.fail(f"{path} did not exist; written now, review and commit it")
    expected = path.read_text(encoding="utf-8").splitlines()
    assert lines == expected


@pytest.mark.parametrize("key", sorted(CASES))
def test_offsets_index_the_article(seed_extractions, key: str) -> None:
    ex = seed_extractions[key]
    text = ex.article.text
    for f in ex.facts:
        assert text[f.start : f.end] == f.text
        s = f.sentence
        assert text[s.start : s.end] == s.text
        assert s.start <= f.start < f.end <= s.end
