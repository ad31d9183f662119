"""The format suite of issue 18: figures, money and dates as other people write them.

Reads ``tests/fixtures/formats.jsonl`` (one made-up news sentence a line, with its
publication date, the facts a careful reader expects and, for negative cases, the texts that
must not become a figure, money or date fact) and reports per class:

- ``found``: expected facts matched by a fact of the same kind whose span overlaps the
  expected text (one fact matches at most one expectation, so "45 and 50" read as one fact
  finds one of the two expected facts);
- ``right``: found facts whose values equal the expectation: every key the case gives
  (``value``, ``low``, ``high``, ``unit``, ``currency``, ``date``) must be equal, ``null``
  included (a closed range has ``value: null``);
- ``spurious``: figure, money or date facts overlapping a ``forbid`` text (or only the kinds
  that ``forbid`` entry names), and ``clean``: cases with none.

The same ``found`` and ``spurious`` are measured for the raw spaCy NER of the model
(MONEY is money, CARDINAL and QUANTITY are figures, DATE is a date); spaCy reads no values.

Nothing is asserted: this measures. Rates are ``found / expected`` and ``right / found``.

Usage:
    python bench/bench_formats.py                      # table per class, totals per kind
    python bench/bench_formats.py --class money/       # only classes starting with money/
    python bench/bench_formats.py --json out.json      # also write the results
    python bench/bench_formats.py --no-spacy --misses  # skip raw spaCy, list every miss
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "formats.jsonl"
KINDS = ("money", "figure", "date")
VALUE_KEYS = ("value", "low", "high", "unit", "currency", "date")
SPACY_KINDS = {"MONEY": "money", "CARDINAL": "figure", "QUANTITY": "figure", "DATE": "date"}


def load_cases(path: Path = FIXTURE, prefix: str = "") -> list[dict[str, Any]]:
    """The cases of ``path`` whose class starts with ``prefix``."""
    cases = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                case = json.loads(line)
                if case["class"].startswith(prefix):
                    cases.append(case)
    return cases


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    out, i = [], text.find(needle)
    while i >= 0:
        out.append((i, i + len(needle)))
        i = text.find(needle, i + 1)
    return out


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def same(expected: Any, got: Any) -> bool:
    if isinstance(expected, (int, float)) and isinstance(got, (int, float)):
        return math.isclose(float(expected), float(got), rel_tol=1e-9, abs_tol=1e-12)
    return expected == got


def score_case(case: dict[str, Any], facts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Match one case's expectations against ``facts`` (dicts with kind, start, end, values).

    Returns counts (expected, found, right, spurious) and the misses, for the report.
    """
    text = case["text"]
    used: set[int] = set()
    found = right = 0
    misses: list[str] = []
    for exp in case["expect"]:
        span = occurrences(text, exp["text"])[0]
        best, best_ov = None, 0
        for i, f in enumerate(facts):
            if i in used or f["kind"] != exp["kind"]:
                continue
            ov = overlap(span, (f["start"], f["end"]))
            if ov > best_ov:
                best, best_ov = i, ov
        if best is None:
            misses.append(f"missed {exp['kind']} {exp['text']!r}")
            continue
        used.add(best)
        found += 1
        f = facts[best]
        wrong = [k for k in VALUE_KEYS if k in exp and not same(exp[k], f.get(k))]
        if wrong:
            got = ", ".join(f"{k}={f.get(k)!r} (want {exp[k]!r})" for k in wrong)
            misses.append(f"wrong {exp['kind']} {f.get('text')!r}: {got}")
        else:
            right += 1
    spurious = 0
    for bad in case.get("forbid", []):
        needle = bad if isinstance(bad, str) else bad["text"]
        kinds = KINDS if isinstance(bad, str) else tuple(bad.get("kinds", KINDS))
        for span in occurrences(text, needle):
            for f in facts:
                if f["kind"] in kinds and overlap(span, (f["start"], f["end"])):
                    spurious += 1
                    misses.append(f"spurious {f['kind']} {f.get('text')!r} from {needle!r}")
    return {
        "expected": len(case["expect"]),
        "found": found,
        "right": right,
        "spurious": spurious,
        "misses": misses,
    }


def breachfacts_facts(cases: Sequence[dict[str, Any]], nlp: Any = None) -> list[list[dict]]:
    """The figure, money and date facts breachfacts extracts from each case."""
    from breachfacts.extract import extract
    from breachfacts.facts import Article

    if nlp is None:
        from breachfacts.nlp import load

        nlp = load()
    articles = [
        Article(str(i), c["text"], date.fromisoformat(c["published"])) for i, c in enumerate(cases)
    ]
    out = []
    for ex in extract(articles, nlp):
        out.append([f.to_dict() for f in ex.facts if f.kind in KINDS])
    return out


def spacy_facts(cases: Sequence[dict[str, Any]], model: str) -> list[list[dict]]:
    """The raw NER entities of ``model`` as facts of our kinds (no values)."""
    import spacy

    nlp = spacy.load(model)
    out = []
    for doc in nlp.pipe(c["text"] for c in cases):
        out.append(
            [
                {"kind": SPACY_KINDS[e.label_], "text": e.text, "start": e.start_char,
                 "end": e.end_char}
                for e in doc.ents
                if e.label_ in SPACY_KINDS
            ]
        )  # fmt: skip
    return out


def kind_of(cls: str) -> str:
    return cls.split("/", 1)[0]


def aggregate(
    cases: Sequence[dict[str, Any]], scored: Sequence[dict[str, Any]]
) -> tuple[dict[str, dict], dict[str, dict]]:
    """Per-class and per-kind sums (cases, expected, found, right, spurious, clean)."""
    per_class: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for case, s in zip(cases, scored, strict=True):
        row = per_class[case["class"]]
        row["cases"] += 1
        for k in ("expected", "found", "right", "spurious"):
            row[k] += s[k]
        row["clean"] += int(s["spurious"] == 0)
    per_kind: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for cls, row in per_class.items():
        for k, v in row.items():
            per_kind[kind_of(cls)][k] += v
            per_kind["all"][k] += v
    return _rates(per_class), _rates(per_kind)


def _rates(table: dict[str, dict]) -> dict[str, dict]:
    out = {}
    for key, row in table.items():
        r = dict(row)
        r["found_rate"] = r["found"] / r["expected"] if r.get("expected") else None
        r["right_rate"] = r["right"] / r["found"] if r.get("found") else None
        r["clean_rate"] = r["clean"] / r["cases"] if r.get("cases") else None
        out[key] = r
    return out


def class_score(bf: dict[str, Any]) -> float:
    """One number to rank classes: right / expected, or clean cases for negatives."""
    if bf.get("expected"):
        return bf["right"] / bf["expected"]
    return bf["clean_rate"] or 0.0


def run(
    cases: Sequence[dict[str, Any]], *, model: str | None = None, spacy: bool = True, nlp=None
) -> dict[str, Any]:
    """Score breachfacts (and raw spaCy unless ``spacy=False``) on ``cases``."""
    from breachfacts.nlp import DEFAULT_MODEL

    model = model or DEFAULT_MODEL
    bf_scored = [
        score_case(c, f) for c, f in zip(cases, breachfacts_facts(cases, nlp), strict=True)
    ]
    bf_class, bf_kind = aggregate(cases, bf_scored)
    result: dict[str, Any] = {
        "fixture_cases": len(cases),
        "model": model,
        "breachfacts": {"classes": bf_class, "kinds": bf_kind},
        "misses": {
            str(i): {"class": c["class"], "text": c["text"], "misses": s["misses"]}
            for i, (c, s) in enumerate(zip(cases, bf_scored, strict=True))
            if s["misses"]
        },
    }
    if spacy:
        sp_scored = [
            score_case(c, f) for c, f in zip(cases, spacy_facts(cases, model), strict=True)
        ]
        sp_class, sp_kind = aggregate(cases, sp_scored)
        for table in (sp_class, sp_kind):
            for row in table.values():
                row.pop("right", None)
                row.pop("right_rate", None)
        result["spacy"] = {"classes": sp_class, "kinds": sp_kind}
    result["worst"] = sorted(bf_class, key=lambda c: (class_score(bf_class[c]), c))[:10]
    return result


def _pct(x: float | None) -> str:
    return "   -" if x is None else f"{x:4.2f}"


def print_table(result: dict[str, Any], out=sys.stdout) -> None:
    bf = result["breachfacts"]
    sp = result.get("spacy")
    head = (
        f"{'class':38} {'cases':>5} {'exp':>4} | {'found':>5} {'f%':>4} {'right':>5} {'r%':>4} "
        f"{'spur':>4} | {'spaCy f%':>8} {'spur':>4}"
    )

    def line(name: str, b: dict, s: dict | None) -> str:
        return (
            f"{name:38} {b['cases']:5d} {b['expected']:4d} | {b['found']:5d} "
            f"{_pct(b['found_rate'])} {b['right']:5d} {_pct(b['right_rate'])} "
            f"{b['spurious']:4d} | "
            + (f"{_pct(s['found_rate']):>8} {s['spurious']:4d}" if s else f"{'':>8} {'':>4}")
        )

    print(head, file=out)
    print("-" * len(head), file=out)
    for cls in sorted(bf["classes"]):
        print(line(cls, bf["classes"][cls], sp["classes"][cls] if sp else None), file=out)
    print("-" * len(head), file=out)
    for kind in [*KINDS, "negative", "all"]:
        if kind in bf["kinds"]:
            print(line(f"TOTAL {kind}", bf["kinds"][kind], sp["kinds"][kind] if sp else None),
                  file=out)  # fmt: skip
    print(file=out)
    print("f% = found / expected, r% = values right / found, spur = facts from forbidden text",
          file=out)  # fmt: skip
    print("worst classes (right / expected; clean cases for negatives):", file=out)
    for cls in result["worst"]:
        print(f"  {class_score(bf['classes'][cls]):4.2f}  {cls}", file=out)


def print_misses(result: dict[str, Any], out=sys.stdout) -> None:
    for item in result["misses"].values():
        print(f"[{item['class']}] {item['text']}", file=out)
        for m in item["misses"]:
            print(f"    {m}", file=out)


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fixture", type=Path, default=FIXTURE)
    ap.add_argument("--class", dest="prefix", default="", help="only classes with this prefix")
    ap.add_argument("--json", type=Path, metavar="OUT", help="write the results as JSON")
    ap.add_argument("--model", default=None, help="spaCy model (default: breachfacts' own)")
    ap.add_argument("--no-spacy", action="store_true", help="skip the raw spaCy NER baseline")
    ap.add_argument("--misses", action="store_true", help="list every miss, wrong value, spurious")
    args = ap.parse_args(list(argv) if argv is not None else None)
    cases = load_cases(args.fixture, args.prefix)
    if not cases:
        print(f"no cases with class prefix {args.prefix!r}", file=sys.stderr)
        return 1
    result = run(cases, model=args.model, spacy=not args.no_spacy)
    if args.misses:
        print_misses(result)
        print()
    print_table(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
