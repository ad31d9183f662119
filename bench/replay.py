"""Replay the labelled replay set (``bench/gold/replay.jsonl``) and score the store's statuses.

Issue #19's set: verbatim excerpts of real reporting, several articles per incident from
different outlets and dates, each tracked fact labelled with the status an analyst gives it and
the slot it was compared in (see ``bench/gold/replay.md``). For each incident a fresh temporary
store is opened and the articles are added in order (file order: publication order, same day
as listed) with ``Store.add(..., check=True)``, the outlet as publisher. Each label is matched
to the extracted fact of the same kind whose offsets overlap its span most; a label with no such
fact is *not extracted*. Accuracy is reported over all labels (not extracted = wrong: the issue's
measure) and over matched labels, on later articles only, per status and per class (classes
derived from the slot fields, ``classes``), with the confusion matrix and every mismatch.

Run (used by ``python -m bench.store_status --replay PATH``):
    python -m bench.replay [PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "bench" / "gold" / "replay.jsonl"
STATUSES = ("new", "confirmed", "updated", "conflicting")
CLASSES = (
    "first article",
    "population",
    "part",
    "money purpose/payee",
    "revision",
    "hedged",
    "other event",
    "currency",
    "restatement",
    "conflict",
)
HEDGE = re.compile(
    r"(?i)^(about|approximately|around|roughly|nearly|almost|up to|as many as|more than|over"
    r"|at least|just over|fewer than|between|some|an estimated)\b"
)


def load(path: Path) -> dict[str, list[dict[str, Any]]]:
    """The set's articles grouped by incident, each incident's articles in file order."""
    incidents: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            incidents[rec["incident"]].append(rec)
    return dict(incidents)


def span(rec: dict[str, Any], g: dict[str, Any]) -> tuple[int, int]:
    """Offsets of a label's span in its article (``occurrence``, 1-based, default 1)."""
    text, s = rec["text"], -1
    for _ in range(g.get("occurrence", 1)):
        s = text.find(g["text"], s + 1)
        if s < 0:
            raise ValueError(f"{rec['url']}: {g['text']!r} not found")
    return s, s + len(g["text"])


_AUD = re.compile(r"(?<![A-Za-z])(?:AU?\$|\$AU?(?=\s?\d)|AUD)|(?i:australian)")


def _currency(s: str) -> str:
    if _AUD.search(s):
        return "AUD"
    if "£" in s or "GBP" in s:
        return "GBP"
    if "€" in s:
        return "EUR"
    if "bitcoin" in s.lower():
        return "BTC"
    return "USD"


def classes(recs: list[dict[str, Any]]) -> list[list[set[str]]]:
    """The classes of each label of one incident, article by article (see replay.md)."""
    facts = [g for rec in recs for g in rec["facts"]]
    events = Counter(g["event"] for g in facts)
    main_event = events.most_common(1)[0][0]
    pops: dict[str, set[str]] = defaultdict(set)
    money_slots: set[tuple[str, str]] = set()
    currencies: dict[tuple[str, str], set[str]] = defaultdict(set)
    for g in facts:
        if g["kind"] == "figure" and "part_of" not in g:
            pops[g["measure"]].add(g["population"])
        if g["kind"] == "money":
            slot = (g["purpose"], g.get("payee", ""))
            money_slots.add(slot)
            currencies[slot].add(_currency(g["text"]))
    out: list[list[set[str]]] = []
    for n, rec in enumerate(recs):
        row = []
        for g in rec["facts"]:
            c: set[str] = set()
            if n == 0:
                c.add("first article")
            if "part_of" in g:
                c.add("part")
            elif g["kind"] == "figure" and len(pops[g["measure"]]) > 1:
                c.add("population")
            if g["kind"] == "money" and len(money_slots) > 1:
                c.add("money purpose/payee")
            if g["kind"] == "money" and len(currencies[(g["purpose"], g.get("payee", ""))]) > 1:
                c.add("currency")
            if g["event"] != main_event:
                c.add("other event")
            if HEDGE.match(g["text"]):
                c.add("hedged")
            c.add(
                {"updated": "revision", "confirmed": "restatement", "conflicting": "conflict"}.get(
                    g["expected"], "new"
                )
            )
            c.discard("new")
            row.append(c)
        out.append(row)
    return out


def _context(text: str, start: int, end: int, width: int = 60) -> str:
    a, b = max(0, start - width), min(len(text), end + width)
    return " ".join((text[a:start] + "[[" + text[start:end] + "]]" + text[end:b]).split())


def _slot(g: dict[str, Any]) -> str:
    keys = ("subject", "event", "measure", "population", "purpose", "payee", "part_of")
    return " / ".join(f"{k}={g[k]}" for k in keys if k in g)


def replay(path: Path) -> int:
    from breachfacts.extract import extract
    from breachfacts.facts import Article
    from breachfacts.nlp import load as load_nlp
    from breachfacts.store import Store

    incidents = load(path)
    nlp = load_nlp()
    total: Counter[str] = Counter()
    later: Counter[str] = Counter()
    per_status: dict[str, Counter[str]] = defaultdict(Counter)
    per_class: dict[str, Counter[str]] = defaultdict(Counter)
    per_incident: dict[str, Counter[str]] = {}
    confusion: Counter[tuple[str, str]] = Counter()
    mismatches: list[str] = []
    missed: list[str] = []
    n_articles = 0
    for name, recs in incidents.items():
        c: Counter[str] = Counter()
        cls = classes(recs)
        with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "s.sqlite") as store:
            for n, rec in enumerate(recs):
                n_articles += 1
                meta = {"publisher": rec["outlet"], "url": rec["url"]}
                day = date.fromisoformat(rec["published"])
                art = Article(rec["url"], rec["text"], day, rec["title"], meta)
                checked = store.add([next(extract([art], nlp))], check=True).articles[0].checked
                for g, gc in zip(rec["facts"], cls[n], strict=True):
                    s, e = span(rec, g)
                    where = f"{name} | {rec['outlet']} ({rec['published']})"
                    exp = g["expected"]
                    hits = [
                        ch
                        for ch in checked
                        if ch.fact.kind == g["kind"] and ch.fact.start < e and s < ch.fact.end
                    ]
                    if hits:
                        ch = max(hits, key=lambda h: min(h.fact.end, e) - max(h.fact.start, s))
                        got = ch.status
                    else:
                        ch, got = None, "not extracted"
                    ok = "right" if got == exp else ("missed" if ch is None else "wrong")
                    for counter in (c, total, per_status[exp]):
                        counter[ok] += 1
                    if n:
                        later[ok] += 1
                    for k in gc:
                        per_class[k][ok] += 1
                    if ch is None:
                        missed.append(
                            f"  {where} {g['kind']} expected {exp}: {_context(rec['text'], s, e)}"
                            f"\n      label slot: {_slot(g)}"
                        )
                        continue
                    confusion[(exp, got)] += 1
                    if got != exp:
                        f = ch.fact
                        was = "; ".join(
                            f"{a['text']!r} ({a['published']}, {a.get('publisher') or a['source']})"
                            for a in ch.against[:4]
                        )
                        value = f.date or (f"{f.value:g}" if f.value is not None else "")
                        mismatches.append(
                            f"  {where} {g['kind']} expected {exp}, got {got}"
                            f"  [classes: {', '.join(sorted(gc)) or '-'}]"
                            f"\n      {_context(rec['text'], s, e)}"
                            f"\n      label slot: {_slot(g)}"
                            f"\n      note: {g['note']}"
                            f"\n      breachfacts: span={f.text!r} subject={ch.subject!r}"
                            f" measure={ch.measure!r} value={value} {f.unit or f.currency or ''}"
                            f" role={f.role} certainty={f.certainty} per={f.per} place={f.place}"
                            f"\n      compared with: {was or '-'}"
                        )
        per_incident[name] = c

    def acc(c: Counter[str], *, matched: bool = False) -> str:
        n = c["right"] + c["wrong"] + (0 if matched else c["missed"])
        return f"{c['right'] / n:.3f} ({c['right']}/{n})" if n else "n/a"

    labelled = sum(total.values())
    print(f"Replay set {path.name}: {n_articles} articles, {len(incidents)} incidents,")
    print(f"  {labelled} labelled facts, not extracted: {total['missed']}")
    print(f"status accuracy, not extracted counted wrong: {acc(total)}   target >= 0.92")
    print(f"status accuracy on matched facts:             {acc(total, matched=True)}")
    print(f"  later articles only (not extracted wrong):  {acc(later)}")
    print(f"  later articles only (matched):              {acc(later, matched=True)}")
    print("per expected status (not extracted wrong | matched):")
    for st in STATUSES:
        print(f"  {st:12} {acc(per_status[st]):18} | {acc(per_status[st], matched=True)}")
    print("per class (not extracted wrong | matched; a label can be in several classes):")
    for k in CLASSES:
        print(f"  {k:20} {acc(per_class[k]):18} | {acc(per_class[k], matched=True)}")
    print("per incident (not extracted wrong):")
    for name, c in per_incident.items():
        print(f"  {name:24} {acc(c):18} not extracted: {c['missed']}")
    print("confusion on matched facts (rows expected, columns got):")
    print("  " + " " * 12 + "".join(f"{s:>12}" for s in STATUSES))
    for e in STATUSES:
        print(f"  {e:12}" + "".join(f"{confusion[(e, g)]:>12}" for g in STATUSES))
    if mismatches:
        print(f"mismatches ({len(mismatches)}):")
        print("\n".join(mismatches))
    if missed:
        print(f"not extracted ({len(missed)}):")
        print("\n".join(missed))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", type=Path, default=GOLD)
    return replay(ap.parse_args(argv).path)


if __name__ == "__main__":
    raise SystemExit(main())
