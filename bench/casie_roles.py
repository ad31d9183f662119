"""Role accuracy on the CASIE development split: does the matching fact carry the right role?

Data: CASIE, Satyapanich, Ferraro and Finin, "CASIE: Extracting Cybersecurity Event
Information from Text", AAAI 2020 (github.com/Ebiquity/CASIE). The development split
(``../shared/casie-dev``, 262 articles) is read at run time; no CASIE text is copied into
this repository.

Each article is ``annotation/NNNNN.json``: ``content`` (a trailing ``</text>`` removed) is
the text, ``info.date`` (``YYYY_MM_DD``) the publication date. Gold event arguments are
compared with the facts ``breachfacts.extract`` finds at the same place. About 3% of CASIE
offsets are shifted by a few characters; an argument whose offsets do not hold its text
is re-anchored to the nearest occurrence of that text (dropped if there is none).

Categories and the role a matching fact must carry:

=================  =======================================  ==========  ====================
category           gold argument (event subtype)            fact kind   right role
=================  =======================================  ==========  ====================
counts             Number-of-Victim (any)                   figure      victims
counts             Number-of-Data (any)                     figure      records or systems
money              Price (Ransom), Payment (any)            money       ransom
money              Damage-Amount (any)                      money       damage
time:attack        Time (Databreach, Ransom, Phishing)      date        attack
time:vulnerability Time (Discover-/PatchVulnerability)      date        discovery/disclosure
orgs               Victim, type Organization (any)          organis.    victim
orgs               Attacker, type Organization (any)        organis.    attacker
subject            Number-of-*/money args of an event with  figure,     fact.subject is that
                   a named Victim organisation              money       organisation
=================  =======================================  ==========  ====================

A gold argument *matches* a fact of the right kind whose span overlaps it (the largest
overlap wins). Accuracy is the fraction of matched arguments whose fact has the right role;
``matched`` says how many arguments found a fact at all. The time rows are reported, not
targeted: a CASIE Time is the time of the event *mention*, which for "the breach was
discovered in May" is a discovery date attached to a breach event. Targets (issue 5):
counts and money >= 0.85, organisations >= 0.75.

Usage:
    python bench/casie_roles.py                       # table + bench/out/casie_roles.json
    python bench/casie_roles.py --errors 20           # also print 20 wrong cases per row
    python bench/casie_roles.py --casie DIR --out FILE
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # bench.casie, run as a script

from bench.casie import HALVES, article_text, in_half, published_of, reanchor  # noqa: E402

from breachfacts.extract import extract  # noqa: E402
from breachfacts.facts import Article, Extraction, Fact  # noqa: E402
from breachfacts.normalise.orgs import same_org  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CASIE = ROOT.parent / "shared" / "casie-dev"
DEFAULT_OUT = ROOT / "bench" / "out" / "casie_roles.json"
TARGETS = {"counts": 0.85, "money": 0.85, "orgs": 0.75}
ATTACK_EVENTS = {"Databreach", "Ransom", "Phishing"}
VULN_EVENTS = {"DiscoverVulnerability", "PatchVulnerability"}


@dataclass(frozen=True)
class Gold:
    """One gold argument, re-anchored: where it is and what role a matching fact needs."""

    article: str
    category: str
    row: str
    start: int
    end: int
    text: str
    kind: str
    expected: frozenset[str]
    subtype: str
    victim_org: tuple[int, int] | None = None


@dataclass
class Row:
    """Counts for one table row."""

    total: int = 0
    matched: int = 0
    right: int = 0
    got: Counter[str] = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def accuracy(self) -> float | None:
        return self.right / self.matched if self.matched else None


def gold_of(article_id: str, text: str, events: list[dict[str, Any]]) -> list[Gold]:
    """The gold arguments of the measured categories in one article."""
    out: list[Gold] = []
    for ev in events:
        subtype = ev.get("subtype", "")
        args = ev.get("argument", []) or []
        victim_org = next(
            (
                reanchor(text, a["startOffset"], a["endOffset"], a["text"])
                for a in args
                if a["role"]["type"] == "Victim" and a.get("type") == "Organization"
            ),
            None,
        )
        for a in args:
            role, atype = a["role"]["type"], a.get("type")
            spec = _spec(role, atype, subtype)
            if spec is None:
                continue
            category, row, kind, expected = spec
            where = reanchor(text, a["startOffset"], a["endOffset"], a["text"])
            if where is None:
                continue
            out.append(
                Gold(
                    article_id,
                    category,
                    row,
                    where[0],
                    where[1],
                    a["text"],
                    kind,
                    frozenset(expected),
                    subtype,
                    victim_org if category in ("counts", "money") else None,
                )
            )
    return out


def _spec(role: str, atype: str | None, subtype: str) -> tuple[str, str, str, set[str]] | None:
    """(category, row, fact kind, right roles) for a gold argument, or None if not measured."""
    if role == "Number-of-Victim":
        return "counts", "Number-of-Victim", "figure", {"victims"}
    if role == "Number-of-Data":
        return "counts", "Number-of-Data", "figure", {"records", "systems"}
    if role in ("Price", "Payment"):
        return "money", f"{role} ({subtype})", "money", {"ransom"}
    if role == "Damage-Amount":
        return "money", "Damage-Amount", "money", {"damage"}
    if role == "Time" and subtype in ATTACK_EVENTS:
        return "time:attack", "Time (attack events)", "date", {"attack"}
    if role == "Time" and subtype in VULN_EVENTS:
        return (
            "time:vulnerability",
            "Time (vulnerability events)",
            "date",
            {
                "discovery",
                "disclosure",
            },
        )
    if role == "Victim" and atype == "Organization":
        return "orgs", "Victim organisation", "organisation", {"victim"}
    if role == "Attacker" and atype == "Organization":
        return "orgs", "Attacker organisation", "organisation", {"attacker"}
    return None


def load_casie(
    casie: Path, limit: int | None = None, half: str = "all"
) -> list[tuple[Article, list[Gold]]]:
    """Articles (of one half of the split) with their gold arguments, in file order."""
    out: list[tuple[Article, list[Gold]]] = []
    files = [p for p in sorted((casie / "annotation").glob("*.json")) if in_half(p.stem, half)]
    for path in files[:limit] if limit else files:
        d = json.loads(path.read_text(encoding="utf-8"))
        text = article_text(d.get("content", ""))
        if not text.strip():
            continue
        events = [e for h in d.get("cyberevent", {}).get("hopper", []) for e in h.get("events", [])]
        art = Article(id=path.stem, text=text, published=published_of(d.get("info", {})))
        out.append((art, gold_of(art.id, text, events)))
    return out


def _same(a: str, b: str) -> bool:
    """The same organisation, either name being the short form of the other."""
    return a.lower() == b.lower() or same_org(a, b) or same_org(b, a)


def _org_at(facts: tuple[Fact, ...], where: tuple[int, int]) -> str | None:
    """The canonical name of the organisation fact at ``where`` (a gold Victim argument)."""
    for f in facts:
        if f.kind == "organisation" and f.start < where[1] and where[0] < f.end:
            return f.canonical
    return None


def best_match(facts: tuple[Fact, ...], g: Gold) -> Fact | None:
    """The fact of ``g.kind`` overlapping ``g`` the most, or None."""
    best, overlap = None, 0
    for f in facts:
        if f.kind != g.kind:
            continue
        o = min(f.end, g.end) - max(f.start, g.start)
        if o > overlap:
            best, overlap = f, o
    return best


def score(
    pairs: list[tuple[Extraction, list[Gold]]], keep_errors: int = 0
) -> tuple[dict[str, Row], dict[str, Row]]:
    """Rows by table row and by category (plus a ``subject`` category)."""
    rows: dict[str, Row] = {}
    cats: dict[str, Row] = {}
    for ex, golds in pairs:
        text = ex.article.text
        for g in golds:
            f = best_match(ex.facts, g)
            checks = [(g.row, g.category, f is not None and (f.role in g.expected))]
            want = _org_at(ex.facts, g.victim_org) if g.victim_org else None
            if want is not None:
                ok = f is not None and f.subject is not None and _same(f.subject, want)
                checks.append(("subject (" + g.category + ")", "subject", ok))
            for row_name, cat, ok in checks:
                for key, table in ((row_name, rows), (cat, cats)):
                    r = table.setdefault(key, Row())
                    r.total += 1
                    if f is None:
                        continue
                    r.matched += 1
                    r.right += ok
                    r.got[(f.role or "null") if cat != "subject" else str(ok)] += 1
                    if not ok and table is rows and len(r.errors) < keep_errors:
                        s = f.sentence
                        r.errors.append(
                            {
                                "article": g.article,
                                "gold": g.text,
                                "fact": f.text,
                                "role": f.role,
                                "subject": f.subject,
                                "want": sorted(g.expected) if cat != "subject" else want,
                                "sentence": text[s.start : s.end][:300],
                            }
                        )
    return rows, cats


def run(
    casie: Path, limit: int | None = None, keep_errors: int = 0, half: str = "all"
) -> dict[str, Any]:
    """Extract the split and score it; the JSON report."""
    data = load_casie(casie, limit, half)
    extractions = list(extract([a for a, _ in data]))
    rows, cats = score([(ex, g) for ex, (_, g) in zip(extractions, data, strict=True)], keep_errors)
    return {
        "data": "CASIE dev split (Satyapanich, Ferraro & Finin, AAAI 2020)",
        "articles": len(data),
        "targets": TARGETS,
        "categories": {k: _row_json(v) for k, v in sorted(cats.items())},
        "rows": {k: _row_json(v) for k, v in sorted(rows.items())},
    }


def _row_json(r: Row) -> dict[str, Any]:
    d: dict[str, Any] = {
        "gold": r.total,
        "matched": r.matched,
        "right": r.right,
        "accuracy": None if r.accuracy is None else round(r.accuracy, 3),
        "roles_found": dict(r.got.most_common()),
    }
    if r.errors:
        d["errors"] = r.errors
    return d


def print_table(report: dict[str, Any]) -> None:
    """The categories, then the rows, as a fixed-width table on stdout."""
    print(f"CASIE dev: {report['articles']} articles (Satyapanich, Ferraro & Finin, AAAI 2020)")
    head = f"{'':32} {'gold':>5} {'matched':>7} {'right':>5} {'accuracy':>8} {'target':>6}"
    for title, block in (("category", report["categories"]), ("row", report["rows"])):
        print()
        print(title + head[len(title) :])
        for name, r in block.items():
            acc = "-" if r["accuracy"] is None else f"{r['accuracy']:.3f}"
            tgt = TARGETS.get(name)
            print(
                f"{name:32} {r['gold']:>5} {r['matched']:>7} {r['right']:>5} {acc:>8} "
                f"{'' if tgt is None else f'{tgt:.2f}':>6}"
            )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--casie", type=Path, default=DEFAULT_CASIE, help="the casie-dev folder")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON report path")
    p.add_argument("--limit", type=int, default=None, help="only the first N articles")
    p.add_argument("--errors", type=int, default=0, help="print N wrong cases per row")
    p.add_argument(
        "--half", choices=HALVES, default="all", help="tune: ids divisible by 8; validate: the rest"
    )
    args = p.parse_args(argv)
    if not (args.casie / "annotation").is_dir():
        print(f"casie_roles: {args.casie}/annotation not found", file=sys.stderr)
        return 2
    report = run(args.casie, args.limit, args.errors, args.half)
    print_table(report)
    if args.errors:
        for name, r in report["rows"].items():
            for e in r.get("errors", []):
                print(f"\n[{name}] {e['article']}: gold {e['gold']!r} fact {e['fact']!r}", end="")
                print(f" role={e['role']} subject={e['subject']} want={e['want']}")
                print(f"    {e['sentence']}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
