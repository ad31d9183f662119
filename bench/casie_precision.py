"""Precision, recall and attribute accuracy against exhaustive gold on CASIE dev articles.

Data: CASIE, Satyapanich, Ferraro & Finin, AAAI 2020 (github.com/Ebiquity/CASIE). CASIE
marks only event arguments, so it can measure recall but not precision. For precision, 28
articles of the development split (``../shared/casie-dev``) were annotated exhaustively:
every figure, money amount, date and named organisation, with its values, and later every
duration (a length of time: "seven days", "less than 24 hours", "a year"). The gold file
``bench/gold/casie-exhaustive.jsonl`` holds only ids, offsets, a short sha1 of each span
and the values; the texts are read from the CASIE folder at run time (see
``bench/gold/README.md`` for how the articles were chosen and the guidelines).

Scoring, per kind (figure, money, date, organisation, duration):

* *Precision*: a predicted fact is correct when it overlaps a gold fact of the same kind.
  A prediction that overlaps only ``optional`` gold (borderline cases such as "one of the
  biggest", durations like "48 hours" among figures, brand names that act as companies,
  "for years" among durations) counts neither way.
* *Recall*: the fraction of (non-optional) gold facts overlapped by a prediction of the
  same kind.
* *Attributes* of matched pairs (each found gold fact with its most-overlapping
  prediction): figures: ``value`` (value, low and high all equal within 1e-6 relative) and
  ``unit`` (the gold lemma or an accepted alternative); durations: ``value`` (as for
  figures) and ``unit`` (second, minute, hour, day, week, month, year, decade); money:
  ``value`` and ``currency``;
  dates: the ISO ``date`` (gold or an accepted alternative, e.g. the speech date and the
  publication-relative reading of a quoted "today"); organisations: ``canonical``
  (case-insensitive, gold or an accepted alternative).

The raw spaCy baseline is the entities of the default model (``DEFAULT_MODEL``: CARDINAL,
QUANTITY and PERCENT as figures, MONEY as money, DATE as dates, ORG as organisations), their
values read by the breachfacts normalisers (``parse_quantity``, ``parse_money``, ``resolve_date``,
``canonical_org``; the unit is the lemma of the noun right after a number, ``percent`` for
PERCENT). Its durations are the DATE and TIME entities that contain a time-unit word
("seven days", "the past 48 hours", but also "two years ago"), read by
:func:`parse_duration`; those DATE entities are scored as dates as well.

Usage:
    python bench/casie_precision.py                # table, FP/FN lists, JSON in bench/out/
    python bench/casie_precision.py --no-baseline  # breachfacts only
    python bench/casie_precision.py --no-list      # table only
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from breachfacts.nlp.pipeline import DEFAULT_MODEL

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # bench.casie, run as a script

from bench.casie import HALVES, in_half  # noqa: E402

DEFAULT_CASIE = ROOT.parent / "shared" / "casie-dev"
DEFAULT_GOLD = ROOT / "bench" / "gold" / "casie-exhaustive.jsonl"
DEFAULT_OUT = ROOT / "bench" / "out" / "casie_precision.json"
CITATION = "CASIE, Satyapanich, Ferraro & Finin, AAAI 2020"
KINDS = ("figure", "money", "date", "organisation", "duration")
RAW_LABELS = {
    "figure": ("CARDINAL", "QUANTITY", "PERCENT"),
    "money": ("MONEY",),
    "date": ("DATE",),
    "organisation": ("ORG",),
}
#: spaCy labels whose entities are durations for the baseline when they hold a time unit.
RAW_DURATION_LABELS = ("DATE", "TIME")
#: The attributes reported per kind (column names of the table).
ATTRS = {
    "figure": ("value", "unit"),
    "money": ("value", "currency"),
    "date": ("date",),
    "organisation": ("canonical",),
    "duration": ("value", "unit"),
}
TARGET_PRECISION = 0.90
#: Time-unit words of the baseline's durations, to the unit name of the gold.
TIME_UNITS = {
    **{u: u for u in ("second", "minute", "hour", "day", "week", "month", "year", "decade")},
    **{u + "s": u for u in ("second", "minute", "hour", "day", "week", "month", "year", "decade")},
    "sec": "second",
    "secs": "second",
    "min": "minute",
    "mins": "minute",
    "hr": "hour",
    "hrs": "hour",
    "yr": "year",
    "yrs": "year",
}
_TIME_UNIT = re.compile(
    r"\b(" + "|".join(sorted(TIME_UNITS, key=len, reverse=True)) + r")\b", re.IGNORECASE
)


# ---------------------------------------------------------------------------
# Data


@dataclass
class Span:
    """A gold or predicted fact: offsets, kind and the attributes that are scored."""

    kind: str
    start: int
    end: int
    text: str = ""
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    currency: str | None = None
    date: str | None = None
    canonical: str | None = None
    optional: bool = False
    #: Accepted alternatives (gold only): unit, date and canonical name.
    alternatives: dict[str, list[Any]] = field(default_factory=dict)


@dataclass
class GoldArticle:
    id: str
    text: str
    published: date | None
    gold: list[Span]


def article_text(content: str) -> str:
    """The CASIE ``content`` without the stray closing tag some files end with.

    Example:
        >>> article_text("Hackers stole data.</text>")
        'Hackers stole data.'
    """
    stripped = content.rstrip()
    return stripped[: -len("</text>")] if stripped.endswith("</text>") else content


def sha10(text: str) -> str:
    """First 10 hex digits of the sha1 of ``text`` (how the gold file checks its spans)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def load_gold(gold_path: Path, casie: Path) -> tuple[list[GoldArticle], list[str]]:
    """Gold articles with their texts from ``casie``; and a list of span/sha1 mismatches."""
    articles: list[GoldArticle] = []
    problems: list[str] = []
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        doc = json.loads((casie / "annotation" / f"{rec['id']}.json").read_text(encoding="utf-8"))
        text = article_text(doc["content"])
        pub = date.fromisoformat(rec["published"]) if rec.get("published") else None
        spans: list[Span] = []
        for f in rec["facts"]:
            span_text = text[f["start"] : f["end"]]
            if sha10(span_text) != f["sha1"]:
                problems.append(
                    f"{rec['id']} {f['kind']} {f['start']}-{f['end']}: "
                    f"sha1 mismatch ({span_text!r})"
                )
                continue
            alts: dict[str, list[Any]] = {}
            for key in ("unit", "date", "canonical"):
                if f.get(f"{key}_alternatives"):
                    alts[key] = list(f[f"{key}_alternatives"])
            spans.append(
                Span(
                    kind=f["kind"],
                    start=f["start"],
                    end=f["end"],
                    text=span_text,
                    value=f.get("value"),
                    low=f.get("low"),
                    high=f.get("high"),
                    unit=f.get("unit"),
                    currency=f.get("currency"),
                    date=f.get("date"),
                    canonical=f.get("canonical"),
                    optional=bool(f.get("optional")),
                    alternatives=alts,
                )
            )
        articles.append(GoldArticle(rec["id"], text, pub, spans))
    return articles, problems


# ---------------------------------------------------------------------------
# Systems


def breachfacts_predictions(articles: list[GoldArticle]) -> list[list[Span]]:
    """The facts breachfacts extracts from each article."""
    from breachfacts.extract import extract
    from breachfacts.facts import Article
    from breachfacts.nlp import load

    nlp = load()
    arts = [Article(id=a.id, text=a.text, published=a.published) for a in articles]
    out: list[list[Span]] = []
    for ex in extract(arts, nlp):
        out.append(
            [
                Span(
                    kind=f.kind,
                    start=f.start,
                    end=f.end,
                    text=f.text,
                    value=f.value,
                    low=f.low,
                    high=f.high,
                    unit=f.unit if f.kind in ("figure", "duration") else None,
                    currency=f.currency,
                    date=f.date,
                    canonical=f.canonical,
                )
                for f in ex.facts
            ]
        )
    return out


def spacy_predictions(articles: list[GoldArticle], model: str = DEFAULT_MODEL) -> list[list[Span]]:
    """Raw spaCy entities of each article, read by the breachfacts normalisers."""
    import spacy

    from breachfacts.normalise.dates import resolve_date
    from breachfacts.normalise.money import parse_money
    from breachfacts.normalise.numbers import parse_quantity
    from breachfacts.normalise.orgs import canonical_org

    nlp = spacy.load(model)
    out: list[list[Span]] = []
    for doc, art in zip(nlp.pipe(a.text for a in articles), articles, strict=True):
        spans: list[Span] = []
        for e in doc.ents:
            if e.label_ in RAW_DURATION_LABELS:
                d = parse_duration(e.text)
                if d is not None:
                    value, low, high, unit = d
                    spans.append(
                        Span(
                            kind="duration",
                            start=e.start_char,
                            end=e.end_char,
                            text=e.text,
                            value=value,
                            low=low,
                            high=high,
                            unit=unit,
                        )
                    )
            kind = next((k for k, labels in RAW_LABELS.items() if e.label_ in labels), None)
            if kind is None:
                continue
            s = Span(kind=kind, start=e.start_char, end=e.end_char, text=e.text)
            if kind == "figure":
                q = parse_quantity(e.text)
                if q is not None:
                    s.value, s.low, s.high = q.value, q.low, q.high
                if e.label_ == "PERCENT":
                    s.unit = "percent"
                elif e.end < len(doc) and doc[e.end].pos_ == "NOUN":
                    s.unit = doc[e.end].lemma_.lower()
            elif kind == "money":
                m = parse_money(e.text)
                if m is not None:
                    s.value, s.low, s.high, s.currency = m.value, m.low, m.high, m.currency
            elif kind == "date":
                d = resolve_date(e.text, art.published)
                s.date = d.date if d is not None else None
            else:
                s.canonical = canonical_org(e.text)
            spans.append(s)
        out.append(spans)
    return out


def parse_duration(
    text: str,
) -> tuple[float | None, float | None, float | None, str] | None:
    """``(value, low, high, unit)`` of a duration phrase; ``None`` without a time-unit word.

    The words before the first time unit are read by ``parse_quantity``, after dropping a
    leading preposition ("for", "after", "in", "during") and "the past/last/previous/next",
    reading "within" as "up to" and "a"/"an"/"a single" as 1. A singular "second" is a unit
    only after a number and not before another unit or "half" ("the second half", "a second
    day" are not). No number, or one the normaliser cannot read, gives value and bounds
    ``None``.

    Example:
        >>> parse_duration("the past 48 hours")
        (48, 48, 48, 'hour')
        >>> parse_duration("Less than a year"), parse_duration("within a few days")
        ((1, None, 1, 'year'), (None, None, 9, 'day'))
        >>> parse_duration("the last couple of months"), parse_duration("weeks")
        ((None, 2, 3, 'month'), (None, None, None, 'week'))
        >>> parse_duration("the second half of 2015") is None, parse_duration("a second day")
        (True, (None, None, None, 'day'))
        >>> parse_duration("after 60 seconds"), parse_duration("a second")
        ((60, 60, 60, 'second'), (1, 1, 1, 'second'))
    """
    from breachfacts.normalise.numbers import parse_quantity

    for m in _TIME_UNIT.finditer(text):
        word = m.group(1).lower()
        head = text[: m.start()].strip().rstrip("-").strip()
        head = re.sub(
            r"^(?:(?:for|after|in|during)\s+)?(?:the\s+)?"
            r"(?:(?:past|last|previous|next|coming|following)\s+)?",
            "",
            head,
            flags=re.IGNORECASE,
        )
        head = re.sub(r"^within\b", "up to", head, flags=re.IGNORECASE)
        head = re.sub(r"\b(?:a|an)(?:\s+single)?$", "1", head, flags=re.IGNORECASE)
        if re.match(r"couple\b", head, flags=re.IGNORECASE):
            head = "a " + head
        after = re.match(r"\s*([a-z]+)", text[m.end() :], flags=re.IGNORECASE)
        if word == "second" and (
            not re.search(r"(?:\b(?:1|one)|[0-9])$", head, flags=re.IGNORECASE)
            or (after is not None and after.group(1).lower() in (*TIME_UNITS, "half", "quarter"))
        ):
            continue
        q = parse_quantity(head) if head else None
        if q is None:
            return None, None, None, TIME_UNITS[word]
        return q.value, q.low, q.high, TIME_UNITS[word]
    return None


# ---------------------------------------------------------------------------
# Scoring


def overlap(a: Span, b: Span) -> int:
    """Characters two spans share (0 when disjoint)."""
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def close(a: float | None, b: float | None) -> bool:
    """Equal within 1e-6 relative; None only equals None."""
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1.0)


def _fold(s: str | None) -> str | None:
    return None if s is None else s.replace("\u2019", "'").casefold().strip()


def _accepts(gold: Span, key: str, got: Any) -> bool:
    options = [getattr(gold, key), *gold.alternatives.get(key, [])]
    if key in ("unit", "canonical"):
        return _fold(got) in {_fold(o) for o in options}
    return got in options


def attribute_checks(gold: Span, pred: Span) -> dict[str, bool]:
    """Which scored attributes of ``pred`` agree with ``gold``."""
    if gold.kind in ("figure", "money", "duration"):
        value_ok = (
            close(gold.value, pred.value)
            and close(gold.low, pred.low)
            and close(gold.high, pred.high)
        )
        if gold.kind in ("figure", "duration"):
            return {"value": value_ok, "unit": _accepts(gold, "unit", pred.unit)}
        return {
            "value": value_ok,
            "currency": (gold.currency or "").upper() == (pred.currency or "").upper(),
        }
    if gold.kind == "date":
        return {"date": _accepts(gold, "date", pred.date)}
    return {"canonical": _accepts(gold, "canonical", pred.canonical)}


@dataclass
class KindScore:
    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0
    ignored: int = 0
    attrs: dict[str, list[int]] = field(default_factory=dict)  # name -> [right, checked]

    @property
    def precision(self) -> float | None:
        n = self.correct + self.false_positives
        return self.correct / n if n else None

    @property
    def false_positives(self) -> int:
        return self.predicted - self.correct - self.ignored

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    def accuracy(self, name: str) -> float | None:
        right, checked = self.attrs.get(name, [0, 0])
        return right / checked if checked else None


def _fmt_span(s: Span) -> dict[str, Any]:
    d = {k: v for k, v in asdict(s).items() if v not in (None, False, {}, "")}
    d.pop("kind", None)
    return d


def score(articles: list[GoldArticle], predictions: list[list[Span]]) -> dict[str, Any]:
    """Per-kind scores and the false positives, false negatives and wrong attributes."""
    scores = {k: KindScore(attrs={a: [0, 0] for a in ATTRS[k]}) for k in KINDS}
    fps: list[dict[str, Any]] = []
    fns: list[dict[str, Any]] = []
    wrong: list[dict[str, Any]] = []
    for art, preds in zip(articles, predictions, strict=True):
        for kind in KINDS:
            sc = scores[kind]
            gold = [g for g in art.gold if g.kind == kind]
            required = [g for g in gold if not g.optional]
            mine = [p for p in preds if p.kind == kind]
            sc.predicted += len(mine)
            for p in mine:
                if any(overlap(p, g) for g in required):
                    sc.correct += 1
                elif any(overlap(p, g) for g in gold):
                    sc.ignored += 1
                else:
                    fps.append(
                        {
                            "id": art.id,
                            "kind": kind,
                            **_fmt_span(p),
                            "context": context(art.text, p),
                        }
                    )
            sc.gold += len(required)
            for g in required:
                hits = [p for p in mine if overlap(p, g)]
                if not hits:
                    fns.append(
                        {
                            "id": art.id,
                            "kind": kind,
                            **_fmt_span(g),
                            "context": context(art.text, g),
                        }
                    )
                    continue
                sc.found += 1
                best = max(hits, key=lambda p: overlap(p, g))
                checks = attribute_checks(g, best)
                for name, ok in checks.items():
                    sc.attrs[name][0] += ok
                    sc.attrs[name][1] += 1
                if not all(checks.values()):
                    wrong.append(
                        {
                            "id": art.id,
                            "kind": kind,
                            "wrong": [n for n, ok in checks.items() if not ok],
                            "gold": _fmt_span(g),
                            "predicted": _fmt_span(best),
                        }
                    )
    return {
        "scores": scores,
        "false_positives": fps,
        "false_negatives": fns,
        "wrong_attributes": wrong,
    }


def context(text: str, s: Span, width: int = 50) -> str:
    """The span in brackets with some text either side, on one line."""
    left = text[max(0, s.start - width) : s.start]
    right = text[s.end : s.end + width]
    return re.sub(r"\s+", " ", f"{left}[{text[s.start : s.end]}]{right}")


def summary(scores: dict[str, KindScore]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind, sc in scores.items():
        out[kind] = {
            "gold": sc.gold,
            "found": sc.found,
            "predicted": sc.predicted,
            "correct": sc.correct,
            "false_positives": sc.false_positives,
            "ignored_optional": sc.ignored,
            "precision": _round(sc.precision),
            "recall": _round(sc.recall),
            **{f"{a}_accuracy": _round(sc.accuracy(a)) for a in ATTRS[kind]},
            **{f"{a}_checked": sc.attrs[a][1] for a in ATTRS[kind]},
        }
    return out


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def _pct(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def table(results: dict[str, dict[str, Any]]) -> str:
    """A fixed-width table: one row per kind and system."""
    head = (
        f"{'kind':<13}{'system':<12}{'gold':>5}{'pred':>6}{'FP':>5}"
        f"{'prec':>7}{'recall':>8}  attributes"
    )
    lines = [head, "-" * (len(head) + 24)]
    for kind in KINDS:
        for system, res in results.items():
            s = res["summary"][kind]
            attrs = "  ".join(
                f"{a} {_pct(s[f'{a}_accuracy'])} ({s[f'{a}_checked']})" for a in ATTRS[kind]
            )
            flag = (
                " *"
                if system == "breachfacts"
                and s["precision"] is not None
                and s["precision"] < TARGET_PRECISION
                else ""
            )
            lines.append(
                f"{kind:<13}{system:<12}{s['gold']:>5}{s['predicted']:>6}{s['false_positives']:>5}"
                f"{_pct(s['precision']):>7}{_pct(s['recall']):>8}  {attrs}{flag}"
            )
    lines.append(
        f"(* below the {TARGET_PRECISION:.2f} precision target; attribute counts are matched pairs)"
    )
    return "\n".join(lines)


def _listing(title: str, rows: list[dict[str, Any]]) -> list[str]:
    lines = [f"\n{title} ({len(rows)})"]
    for kind in KINDS:
        mine = [r for r in rows if r["kind"] == kind]
        if not mine:
            continue
        lines.append(f"  {kind} ({len(mine)})")
        for r in mine:
            if "context" in r:
                vals = {
                    k: v
                    for k, v in r.items()
                    if k not in ("id", "kind", "text", "start", "end", "context")
                }
                lines.append(
                    f"    {r['id']:>6}  {r['context']}  {json.dumps(vals, ensure_ascii=False)}"
                )
            else:
                g, p = r["gold"], r["predicted"]
                keys = set(r["wrong"]) | ({"low", "high"} if "value" in r["wrong"] else set())
                keys |= {k for k in ("unit", "date", "canonical") if k in r["wrong"]}
                gv = {k: g.get(k) for k in sorted(keys)}
                pv = {k: p.get(k) for k in sorted(keys)}
                lines.append(
                    f"    {r['id']:>6}  {g['text']!r} -> {p['text']!r}"
                    f"  gold {json.dumps(gv, ensure_ascii=False)}"
                    f"  got {json.dumps(pv, ensure_ascii=False)}"
                )
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--casie", type=Path, default=DEFAULT_CASIE, help="the CASIE dev split folder")
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="exhaustive gold JSONL")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the JSON results")
    ap.add_argument("--no-baseline", action="store_true", help="skip the raw spaCy baseline")
    ap.add_argument("--no-list", action="store_true", help="print the table only")
    ap.add_argument("--list-baseline", action="store_true", help="also list the baseline's FP/FN")
    ap.add_argument(
        "--half", choices=HALVES, default="all", help="tune: ids divisible by 8; validate: the rest"
    )
    args = ap.parse_args(argv)

    if not (args.casie / "annotation").is_dir():
        print(
            f"skipped: the CASIE dev split is not at {args.casie} (annotation/ missing)",
            file=sys.stderr,
        )
        return 0
    articles, problems = load_gold(args.gold, args.casie)
    articles = [a for a in articles if in_half(a.id, args.half)]
    for p in problems:
        print(f"warning: {p}", file=sys.stderr)
    n_gold = {
        k: sum(1 for a in articles for g in a.gold if g.kind == k and not g.optional) for k in KINDS
    }
    n_opt = {
        k: sum(1 for a in articles for g in a.gold if g.kind == k and g.optional) for k in KINDS
    }
    print(f"{len(articles)} CASIE dev articles, {args.half} ({CITATION}), gold {args.gold.name}")
    print("gold facts: " + ", ".join(f"{k} {n_gold[k]} (+{n_opt[k]} optional)" for k in KINDS))

    systems: dict[str, list[list[Span]]] = {"breachfacts": breachfacts_predictions(articles)}
    if not args.no_baseline:
        systems["raw spaCy"] = spacy_predictions(articles)
    results: dict[str, dict[str, Any]] = {}
    for name, preds in systems.items():
        r = score(articles, preds)
        results[name] = {
            "summary": summary(r["scores"]),
            "false_positives": r["false_positives"],
            "false_negatives": r["false_negatives"],
            "wrong_attributes": r["wrong_attributes"],
        }
    print()
    print(table(results))
    if not args.no_list:
        for name, res in results.items():
            if name != "breachfacts" and not args.list_baseline:
                continue
            print(f"\n=== {name}")
            out = _listing("false positives", res["false_positives"])
            out += _listing("false negatives", res["false_negatives"])
            out += _listing("wrong attributes", res["wrong_attributes"])
            print("\n".join(out))

    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "data": CITATION,
        "gold": str(args.gold.relative_to(ROOT))
        if args.gold.is_relative_to(ROOT)
        else str(args.gold),
        "articles": [a.id for a in articles],
        "gold_counts": n_gold,
        "optional_counts": n_opt,
        "target_precision": TARGET_PRECISION,
        "systems": results,
    }
    args.out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
