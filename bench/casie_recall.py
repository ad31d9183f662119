"""Recall and value accuracy on the CASIE development split, raw spaCy vs breachfacts.

Data: CASIE, Satyapanich, Ferraro & Finin, AAAI 2020 (github.com/Ebiquity/CASIE), the dev
split in ``../shared/casie-dev`` (262 articles), read at run time through ``bench/casie.py``.

=========  ==========================================  ==============  =====================
category   gold arguments                              breachfacts     raw spaCy entities
=========  ==========================================  ==============  =====================
counts     Number-of-Victim, Number-of-Data            figure          CARDINAL QUANTITY
                                                                       PERCENT
money      Price, Payment, Damage-Amount               money           MONEY
times      Time                                        date, duration  DATE TIME
orgs       Victim / Attacker of type Organization,     organisation    ORG
           named (see ``is_name``)
=========  ==========================================  ==============  =====================

*Recall*: the fraction of gold arguments that a fact (or entity) of the matching kind
overlaps. *Values*: of the found counts, money and times, the fraction whose value agrees
with the reference read from the gold text itself: counts with ``parse_quantity``, money
with ``parse_money`` (value, low and high within 0.5%), times with ``resolve_date`` against
the article's publication date (same ISO value). Only gold texts the reference parser reads
are checked; ``checked`` says how many. Raw spaCy entities are read by the same normalisers.

Usage:
    python bench/casie_recall.py                 # table + bench/out/casie_recall.json
    python bench/casie_recall.py --misses 40     # also list misses and wrong values
    python bench/casie_recall.py --no-baseline   # breachfacts only (faster)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.casie import (
    CITATION,
    DEFAULT_CASIE,
    HALVES,
    ROOT,
    Argument,
    CasieArticle,
    iter_articles,
)

from breachfacts.nlp.pipeline import DEFAULT_MODEL
from breachfacts.normalise.dates import resolve_date
from breachfacts.normalise.money import parse_money
from breachfacts.normalise.numbers import parse_quantity

DEFAULT_OUT = ROOT / "bench" / "out" / "casie_recall.json"
CATEGORIES = ("counts", "money", "times", "orgs")
#: breachfacts fact kind -> category; CASIE's Time covers points and lengths of time.
CATEGORY_OF = {
    "figure": "counts",
    "money": "money",
    "date": "times",
    "duration": "times",
    "organisation": "orgs",
}
RAW_LABELS = {
    "counts": {"CARDINAL", "QUANTITY", "PERCENT"},
    "money": {"MONEY"},
    "times": {"DATE", "TIME"},
    "orgs": {"ORG"},
}
TARGETS = {"counts": 0.97, "money": 0.92, "times": 0.95, "orgs": 0.85, "values": 0.97}


def category_of(arg: Argument) -> str | None:
    """The measured category of a gold argument, or None."""
    if arg.role in ("Number-of-Victim", "Number-of-Data"):
        return "counts"
    if arg.role in ("Price", "Payment", "Damage-Amount"):
        return "money"
    if arg.role == "Time":
        return "times"
    if arg.role in ("Victim", "Attacker") and arg.type == "Organization":
        return "orgs"
    return None


#: Words that open a description, not a name: "the hotel group", "its Holiday Inn".
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "our", "one", "some", "two"}


def is_name(text: str, content: str, start: int) -> bool:
    """Whether an organisation argument is a name ("Licking County", "APT10", "UK payday
    loan firm Wonga"), not a description or pronoun ("the county", "Japanese
    organisations", "Officials" opening a sentence, "they").

    A name ends in a capitalised word (or a number); a lone capitalised word opening a
    sentence counts only when the article also capitalises it mid-sentence.

    Example:
        >>> is_name("The hotel group", "x. The hotel group", 3), is_name("NHS", "the NHS", 4)
        (False, True)
    """
    words = text.split()
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    if not words:
        return False
    last = words[-1].strip("()[]{}\"'\u201c\u201d\u2018\u2019.,;:")
    if not (last[:1].isupper() or last[:1].isdigit()):
        return False
    if len(words) > 1 or len(text.split()) > 1 or any(c.isupper() for c in last[1:]):
        return True
    before = content[:start].rstrip(" \t\"'\u201c\u2018([")
    if before and before[-1] not in ".!?:\n":
        return True
    return re.search(r"[a-z,] " + re.escape(last) + r"\b", content) is not None


@dataclass(frozen=True)
class Found:
    """A system span of one category with what it was read as."""

    start: int
    end: int
    text: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    date: str | None = None


@dataclass
class Score:
    """Recall and value counts of one system on one category."""

    total: int = 0
    found: int = 0
    checked: int = 0
    right: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    wrong: list[dict[str, Any]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.total if self.total else 0.0

    @property
    def values(self) -> float | None:
        return self.right / self.checked if self.checked else None


# ---------------------------------------------------------------------------
# Systems: article -> {category: [Found]}


def breachfacts_spans(articles: list[CasieArticle]) -> list[dict[str, list[Found]]]:
    """Facts of each article from the breachfacts pipeline, by category."""
    from breachfacts.extract import extract
    from breachfacts.facts import Article
    from breachfacts.nlp import load

    nlp = load()
    arts = [Article(id=a.id, text=a.content, published=a.published) for a in articles]
    out: list[dict[str, list[Found]]] = []
    for ex in extract(arts, nlp):
        by: dict[str, list[Found]] = {c: [] for c in CATEGORIES}
        for f in ex.facts:
            cat = CATEGORY_OF[f.kind]
            by[cat].append(Found(f.start, f.end, f.text, f.value, f.low, f.high, f.date))
        out.append(by)
    return out


def raw_spacy_spans(
    articles: list[CasieArticle], model: str = DEFAULT_MODEL
) -> list[dict[str, list[Found]]]:
    """Plain spaCy NER entities of each article, read by the breachfacts normalisers."""
    import spacy

    nlp = spacy.load(model)
    out: list[dict[str, list[Found]]] = []
    for doc, art in zip(nlp.pipe(a.content for a in articles), articles, strict=True):
        by: dict[str, list[Found]] = {c: [] for c in CATEGORIES}
        for e in doc.ents:
            for cat, labels in RAW_LABELS.items():
                if e.label_ in labels:
                    by[cat].append(_read(cat, e.text, e.start_char, e.end_char, art.published))
        out.append(by)
    return out


def _read(cat: str, text: str, start: int, end: int, published: date | None) -> Found:
    if cat == "counts":
        q = parse_quantity(text)
        if q is not None:
            return Found(start, end, text, q.value, q.low, q.high)
    elif cat == "money":
        m = parse_money(text)
        if m is not None:
            return Found(start, end, text, m.value, m.low, m.high)
    elif cat == "times":
        d = resolve_date(text, published)
        if d is not None:
            return Found(start, end, text, date=d.date)
    return Found(start, end, text)


# ---------------------------------------------------------------------------
# Scoring


def reference(cat: str, text: str, published: date | None) -> Found | None:
    """The value the gold text itself reads as, or None when the reference parser fails."""
    if cat == "counts":
        q = parse_quantity(text)
        return Found(0, 0, text, q.value, q.low, q.high) if q else None
    if cat == "money":
        m = parse_money(text)
        return Found(0, 0, text, m.value, m.low, m.high) if m else None
    if cat == "times":
        d = resolve_date(text, published)
        return Found(0, 0, text, date=d.date) if d is not None and d.date else None
    return None


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 0.005 * max(abs(a), abs(b), 1.0)


def agrees(cat: str, got: Found, ref: Found) -> bool:
    """Whether a found span's value is the reference value.

    Gold spans leave hedges out ("about [$1 million]"), so a stated amount is compared on
    its value; a range or vague amount (no value) on its bounds.
    """
    if cat == "times":
        return got.date == ref.date
    if ref.value is not None:
        return _close(got.value, ref.value)
    return got.value is None and _close(got.low, ref.low) and _close(got.high, ref.high)


def best(found: Iterable[Found], arg: Argument) -> Found | None:
    """The span overlapping ``arg`` the most, or None."""
    top, overlap = None, 0
    for f in found:
        o = min(f.end, arg.end) - max(f.start, arg.start)
        if o > overlap:
            top, overlap = f, o
    return top


def context(text: str, start: int, end: int, width: int = 60) -> str:
    """``width`` characters around a span, the span in brackets, on one line."""
    a = max(0, start - width // 2)
    b = min(len(text), end + width // 2)
    s = text[a:start] + "[" + text[start:end] + "]" + text[end:b]
    return " ".join(s.split())


def score(articles: list[CasieArticle], system: list[dict[str, list[Found]]]) -> dict[str, Score]:
    """Recall and value scores per category for one system."""
    scores = {c: Score() for c in CATEGORIES}
    for art, spans in zip(articles, system, strict=True):
        seen: set[tuple[str, int, int]] = set()
        for arg in art.arguments:
            cat = category_of(arg)
            if cat == "orgs" and not is_name(arg.text, art.content, arg.start):
                continue  # descriptions and pronouns are not organisation names
            if cat is None or (cat, arg.start, arg.end) in seen:
                continue  # the same span argued by two events counts once
            seen.add((cat, arg.start, arg.end))
            s = scores[cat]
            s.total += 1
            got = best(spans[cat], arg)
            where = {"article": art.id, "gold": arg.text, "role": arg.role}
            if got is None:
                s.misses.append({**where, "context": context(art.content, arg.start, arg.end)})
                continue
            s.found += 1
            ref = reference(cat, arg.text, art.published)
            if ref is None:
                continue
            s.checked += 1
            if agrees(cat, got, ref):
                s.right += 1
            else:
                s.wrong.append(
                    {
                        **where,
                        "found": got.text,
                        "got": [got.value, got.low, got.high, got.date],
                        "want": [ref.value, ref.low, ref.high, ref.date],
                    }
                )
    return scores


def summary(scores: dict[str, Score]) -> dict[str, Any]:
    """Ratios per category plus values pooled over counts, money and times."""
    checked = sum(s.checked for s in scores.values())
    right = sum(s.right for s in scores.values())
    return {
        **{
            c: {
                "total": s.total,
                "found": s.found,
                "recall": round(s.recall, 4),
                "values_checked": s.checked,
                "values_right": s.right,
                "values": None if s.values is None else round(s.values, 4),
            }
            for c, s in scores.items()
        },
        "values": {
            "checked": checked,
            "right": right,
            "accuracy": round(right / checked, 4) if checked else None,
        },
    }


def table(results: dict[str, dict[str, Any]]) -> str:
    """The recall/value table, one column per system."""
    names = list(results)
    lines = [f"{'':<16}" + "".join(f"{n:>22}" for n in names) + f"{'target':>9}"]
    for c in CATEGORIES:
        row = f"{c + ' recall':<16}"
        for n in names:
            r = results[n][c]
            row += f"{r['recall']:>10.3f} ({r['found']:>3}/{r['total']:>3})  "
        lines.append(row + f"{TARGETS[c]:>9.2f}")
    for c in ("counts", "money", "times"):
        row = f"{c + ' values':<16}"
        for n in names:
            r = results[n][c]
            v = "-" if r["values"] is None else f"{r['values']:.3f}"
            row += f"{v:>10} ({r['values_right']:>3}/{r['values_checked']:>3})  "
        lines.append(row)
    row = f"{'values (all)':<16}"
    for n in names:
        v = results[n]["values"]
        a = "-" if v["accuracy"] is None else f"{v['accuracy']:.3f}"
        row += f"{a:>10} ({v['right']:>3}/{v['checked']:>3})  "
    lines.append(row + f"{TARGETS['values']:>9.2f}")
    return "\n".join(lines)


def measure(
    casie: Path = DEFAULT_CASIE, baseline: bool = True, limit: int | None = None, half: str = "all"
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Score]]]:
    """Scores of breachfacts (and raw spaCy) on the split: (summaries, raw scores)."""
    articles = list(iter_articles(casie, limit, half))
    systems = {"breachfacts": breachfacts_spans}
    if baseline:
        systems = {"raw spaCy": raw_spacy_spans, **systems}
    scores = {name: score(articles, fn(articles)) for name, fn in systems.items()}
    return {n: summary(s) for n, s in scores.items()}, scores


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--casie", type=Path, default=DEFAULT_CASIE)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--misses", type=int, default=0, help="list up to N misses per category")
    ap.add_argument("--no-baseline", action="store_true", help="skip the raw spaCy run")
    ap.add_argument(
        "--half", choices=HALVES, default="all", help="tune: ids divisible by 8; validate: the rest"
    )
    args = ap.parse_args(argv)
    if not (args.casie / "annotation").is_dir():
        print(f"casie_recall: {args.casie}: no annotation/ folder", file=sys.stderr)
        return 2
    results, scores = measure(args.casie, not args.no_baseline, args.limit, args.half)
    print(f"Recall and values on the CASIE dev split, {args.half} ({CITATION})")
    print(table(results))
    if args.misses:
        s = scores["breachfacts"]
        for c in CATEGORIES:
            print(f"\n## breachfacts misses: {c} ({len(s[c].misses)})")
            for m in s[c].misses[: args.misses]:
                print(f"  {m['article']} {m['role']:<16} {m['gold']!r:<28} {m['context']}")
            if s[c].wrong:
                print(f"## breachfacts wrong values: {c} ({len(s[c].wrong)})")
                for w in s[c].wrong[: args.misses]:
                    got, want = w["got"], w["want"]
                    print(f"  {w['article']} {w['gold']!r} found {w['found']!r} {got} want {want}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "data": f"{CITATION}, dev split ({args.casie.name}), {args.half}",
        "targets": TARGETS,
        "results": results,
        "misses": {c: scores["breachfacts"][c].misses for c in CATEGORIES},
        "wrong_values": {c: scores["breachfacts"][c].wrong for c in CATEGORIES},
    }
    args.out.write_text(json.dumps(payload, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
