"""Store status accuracy on real reporting: CASIE dev articles about the same incidents.

For each incident in ``bench/gold/store-status.jsonl`` a fresh temporary store is opened and
the incident's articles are added in publication order (same day: the order of the file) with
``Store.add(..., check=True)``; each labelled fact is matched to the extracted fact that
overlaps its offsets with the same kind, and the status breachfacts gives is compared with the
analyst's label. Labelled facts that were not extracted at all are counted apart (neither
right nor wrong); a second line counts them as wrong. See ``bench/gold/store-status.md``
for the incidents and labelling rules.

Data: CASIE, Satyapanich, Ferraro & Finin, AAAI 2020 (read at run time from
``../shared/casie-dev`` or ``$BREACHFACTS_CASIE``; no CASIE text is stored here).

Run:
    /work/venv/bin/python -m bench.store_status [--gold PATH] [--casie DIR]
    /work/venv/bin/python -m bench.store_status --replay bench/gold/replay.jsonl

``--replay PATH`` replays issue #19's labelled set of real multi-outlet reporting instead
(``bench/replay.py``, ``bench/gold/replay.md``): no CASIE needed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.casie import CITATION, DEFAULT_CASIE  # noqa: E402

GOLD = ROOT / "bench" / "gold" / "store-status.jsonl"
STATUSES = ("new", "confirmed", "updated", "conflicting")


def _text(casie: Path, art_id: str) -> tuple[str, dict[str, Any]]:
    d = json.loads((casie / "annotation" / f"{art_id}.json").read_text(encoding="utf-8"))
    t = d["content"]
    if t.rstrip().endswith("</text>"):
        t = t.rstrip()[: -len("</text>")]
    return t, d.get("info") or {}


def _sha(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()[:10]


def _context(text: str, start: int, end: int, width: int = 70) -> str:
    a, b = max(0, start - width), min(len(text), end + width)
    s = text[a:start] + "[[" + text[start:end] + "]]" + text[end:b]
    return " ".join(s.split())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--casie", type=Path, default=DEFAULT_CASIE)
    ap.add_argument(
        "--replay",
        type=Path,
        metavar="PATH",
        help="replay a labelled set of verbatim excerpts (bench/gold/replay.jsonl) instead",
    )
    args = ap.parse_args(argv)
    if args.replay is not None:
        from bench.replay import replay

        return replay(args.replay)
    if not (args.casie / "annotation").is_dir():
        print(f"skipped: CASIE dev split not found at {args.casie} (set $BREACHFACTS_CASIE)")
        return 0

    from breachfacts.extract import extract
    from breachfacts.facts import Article
    from breachfacts.nlp import load
    from breachfacts.store import Store

    lines = [json.loads(x) for x in args.gold.read_text(encoding="utf-8").splitlines() if x]
    incidents: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in lines:
        incidents[rec["incident"]].append(rec)

    nlp = load()
    confusion: Counter[tuple[str, str]] = Counter()
    per_incident: dict[str, Counter[str]] = {}
    later: Counter[str] = Counter()  # facts of an incident's 2nd, 3rd, ... article only
    disagreements: list[str] = []
    missed: list[str] = []
    for name, recs in incidents.items():
        recs = sorted(recs, key=lambda r: r["published"])  # stable: same day keeps file order
        c: Counter[str] = Counter()
        with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "s.sqlite") as store:
            for n, rec in enumerate(recs):
                text, info = _text(args.casie, rec["id"])
                art = Article(
                    rec["id"], text, date.fromisoformat(rec["published"]), info.get("title")
                )
                x = next(extract([art], nlp))
                checked = store.add([x], check=True).articles[0].checked
                for g in rec["facts"]:
                    span = text[g["start"] : g["end"]]
                    where = f"{name} {rec['id']} ({rec['published']}) {g['start']}-{g['end']}"
                    if _sha(span) != g["sha1"]:
                        print(f"warning: {where}: span text changed (sha1 mismatch)")
                    hits = [
                        ch
                        for ch in checked
                        if ch.fact.kind == g["kind"]
                        and ch.fact.start < g["end"]
                        and g["start"] < ch.fact.end
                    ]
                    if not hits:
                        c["missed"] += 1
                        missed.append(
                            f"  {where} {g['kind']}: {_context(text, g['start'], g['end'])}"
                        )
                        continue
                    ch = max(
                        hits,
                        key=lambda h: min(h.fact.end, g["end"]) - max(h.fact.start, g["start"]),
                    )
                    got, exp = ch.status, g["expected"]
                    confusion[(exp, got)] += 1
                    c["correct" if got == exp else "wrong"] += 1
                    if n:
                        later["correct" if got == exp else "wrong"] += 1
                    if got != exp:
                        was = "; ".join(
                            f"{a['text']!r} ({a['published']}, {a['source']})"
                            for a in ch.against[:3]
                        )
                        disagreements.append(
                            f"  {where} {g['kind']} expected {exp}, got {got}"
                            f" [subject={ch.subject!r} measure={ch.measure!r}"
                            f" value={ch.fact.value} {ch.fact.unit or ''} {ch.fact.date or ''}"
                            f" certainty={ch.fact.certainty}]"
                            f"\n      note: {g['note']}\n      was: {was or '-'}"
                            f"\n      {_context(text, g['start'], g['end'])}"
                        )
        per_incident[name] = c

    def acc(c: Counter[str]) -> str:
        n = c["correct"] + c["wrong"]
        return f"{c['correct'] / n:.3f} ({c['correct']}/{n})" if n else "n/a"

    total: Counter[str] = Counter()
    for c in per_incident.values():
        total.update(c)
    labelled = total["correct"] + total["wrong"] + total["missed"]
    print(f"Store status accuracy on {len(lines)} articles, {len(incidents)} incidents")
    print(f"Data: {CITATION}")
    print(
        f"labelled facts: {labelled}; matched: {labelled - total['missed']};"
        f" not extracted: {total['missed']}"
    )
    print(f"status accuracy (matched facts): {acc(total)}   target >= 0.9")
    print(
        "  with the not-extracted counted as wrong:"
        f" {total['correct'] / labelled:.3f} ({total['correct']}/{labelled})"
        if labelled
        else "  with the not-extracted counted as wrong: n/a"
    )
    print(f"  later articles only (first article of each incident is trivially new): {acc(later)}")
    for name, c in per_incident.items():
        print(f"  {name:28} {acc(c):18} not extracted: {c['missed']}")
    print("confusion (rows expected, columns got):")
    print("  " + " " * 12 + "".join(f"{s:>12}" for s in STATUSES))
    for e in STATUSES:
        print(f"  {e:12}" + "".join(f"{confusion[(e, g)]:>12}" for g in STATUSES))
    if disagreements:
        print(f"disagreements ({len(disagreements)}):")
        print("\n".join(disagreements))
    if missed:
        print(f"not extracted ({len(missed)}):")
        print("\n".join(missed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
