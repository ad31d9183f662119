"""Benchmark the fact store: check one article against 10k, 100k and 1M stored facts.

Synthetic facts (no NLP): ~20 per article, subjects drawn from ~5,000 organisations with a
Zipf-like popularity (a few breaches get most of the coverage), over ~20 measures. The store
grows to each size in turn; at each size the script times

- ``check`` of one article with 50 facts about a mix of popular and rare subjects
  (median and p95 of ``--runs`` runs),
- ``history`` of the most covered organisation and of a typical one,

and prints one JSON line per size, then a summary line with the growth ratios. The issue's
target is ``check`` under 50 ms at 1M facts, growing sub-linearly. Not a test: numbers are
reported, never asserted.

Usage:
    python bench/bench_store.py                      # 10k, 100k, 1M in a temporary folder
    python bench/bench_store.py --sizes 10000 --runs 5 --db /tmp/bench.sqlite
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from breachfacts.facts import Article, Extraction, Fact, Sentence
from breachfacts.store import Store

N_SUBJECTS = 5_000
FACTS_PER_ARTICLE = 20
FIGURE_UNITS = (
    "person", "customer", "account", "record", "file", "email", "payment card", "gigabyte",
    "server", "patient", "case", "employee",
)  # fmt: skip
MONEY_ROLES = ("ransom", "damage", "fine", "settlement", "contract", None)
DATE_ROLES = ("attack", "discovery", "disclosure", None)
CURRENCIES = ("USD", "USD", "USD", "EUR", "GBP", "JPY")
QUALIFIERS = (None, None, None, "about", "more than", "nearly", "up to", "as many as")
EPOCH = date(2015, 1, 1)


def subject_name(i: int) -> str:
    return f"Org {i:05d}"


def zipf_weights(n: int, s: float = 1.0) -> list[float]:
    return [1 / (k**s) for k in range(1, n + 1)]


class Synth:
    """Deterministic synthetic articles."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.subjects = list(range(N_SUBJECTS))
        self.weights = zipf_weights(N_SUBJECTS)
        self.n = 0

    def subject(self) -> int:
        return self.rng.choices(self.subjects, self.weights)[0]

    def fact(self, i: int, subject: str, s: Sentence, kind: str | None = None) -> Fact:
        rng = self.rng
        kind = kind or rng.choices(("figure", "money", "date", "organisation"), (9, 3, 4, 4))[0]
        certainty = rng.choices(("certain", "hedged", "denied"), (85, 13, 2))[0]
        common = dict(id=f"f{i}", text="x", start=0, end=1, sentence=s, certainty=certainty)
        if kind == "organisation":
            other = subject_name(self.subject()) if rng.random() < 0.3 else subject
            return Fact(kind="organisation", canonical=other, **common)  # type: ignore[arg-type]
        if kind == "date":
            d = EPOCH + timedelta(days=rng.randrange(3000))
            iso, gran = (
                (d.isoformat(), "day") if rng.random() < 0.5 else (d.isoformat()[:7], "month")
            )
            return Fact(kind="date", date=iso, granularity=gran, role=rng.choice(DATE_ROLES),
                        subject=subject, **common)  # type: ignore[arg-type]  # fmt: skip
        value = float(round(10 ** rng.uniform(1, 8)))
        q = rng.choice(QUALIFIERS)
        if kind == "money":
            cur = rng.choice(CURRENCIES)
            return Fact(kind="money", value=value, unit=cur, currency=cur, qualifier=q,
                        role=rng.choice(MONEY_ROLES), subject=subject, **common)  # type: ignore[arg-type]  # fmt: skip
        return Fact(kind="figure", value=value, unit=rng.choice(FIGURE_UNITS), qualifier=q,
                    subject=subject, **common)  # type: ignore[arg-type]  # fmt: skip

    def article(self) -> Extraction:
        self.n += 1
        subject = subject_name(self.subject())
        text = f"Synthetic article {self.n} about {subject}."
        s = Sentence(text, 0, len(text))
        facts = [self.fact(0, subject, s, "organisation")]
        facts += [self.fact(i, subject, s) for i in range(1, FACTS_PER_ARTICLE)]
        published = EPOCH + timedelta(days=self.rng.randrange(3000))
        return Extraction(Article(f"synthetic/{self.n}.txt", text, published), tuple(facts))

    def articles(self, n_facts: int) -> Iterator[Extraction]:
        for _ in range(n_facts // FACTS_PER_ARTICLE):
            yield self.article()

    def check_article(self, n_facts: int = 50) -> Extraction:
        """50 facts over 10 subjects: the top 3, and 7 drawn by popularity."""
        subjects = [subject_name(i) for i in range(3)]
        subjects += [subject_name(self.subject()) for _ in range(7)]
        text = f"The article to check ({self.rng.random()})."
        s = Sentence(text, 0, len(text))
        facts = [self.fact(i, subjects[i % len(subjects)], s) for i in range(n_facts)]
        return Extraction(Article("check.txt", text, date(2024, 1, 1)), tuple(facts))


def grow(store: Store, synth: Synth, n_facts: int, batch: int = 2_000) -> float:
    """Add ``n_facts`` facts in batches of ``batch`` articles; return facts per second."""
    t0 = time.perf_counter()
    it = synth.articles(n_facts)
    while True:
        chunk = [x for _, x in zip(range(batch), it, strict=False)]
        if not chunk:
            break
        store.add(chunk)
    return n_facts / (time.perf_counter() - t0)


def timed(fn, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def measure(store: Store, synth: Synth, runs: int, add_rate: float) -> dict[str, object]:
    article = synth.check_article()
    store.check(article)  # warm the page cache once, as a second check in a session would be
    check_ms = timed(lambda: store.check(article), runs)
    top, typical = subject_name(0), subject_name(200)
    history_top = timed(lambda: store.history(top), max(3, runs // 4))
    history_typ = timed(lambda: store.history(typical), max(3, runs // 4))
    h = store.history(top)
    info = store.info()
    return {
        "facts": info["facts"],
        "articles": info["articles"],
        "db_bytes": info["size_bytes"],
        "db_mb": round((info["size_bytes"] or 0) / 1e6, 1),
        "add_facts_per_s": round(add_rate),
        "check_facts": len(article.facts),
        "check_ms_median": round(statistics.median(check_ms), 2),
        "check_ms_p95": round(sorted(check_ms)[int(0.95 * (len(check_ms) - 1))], 2),
        "check_ms_per_fact": round(statistics.median(check_ms) / len(article.facts), 3),
        "history_top_ms_median": round(statistics.median(history_top), 1),
        "history_top_reports": sum(len(v) for v in h.timeline.values()),
        "history_typical_ms_median": round(statistics.median(history_typ), 2),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated fact counts")
    p.add_argument("--runs", type=int, default=20, help="timed check runs per size")
    p.add_argument("--db", type=Path, help="store file (default: a temporary one)")
    p.add_argument("--seed", type=int, default=6)
    args = p.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.sqlite"
        if path.exists():
            sys.exit(f"bench_store: {path} exists; give a new path")
        synth = Synth(args.seed)
        results = []
        with Store.open(path) as store:
            have = 0
            for size in sizes:
                rate = grow(store, synth, size - have)
                have = size
                store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                results.append(measure(store, synth, args.runs, rate))
                print(json.dumps(results[-1]), flush=True)
        if len(results) > 1:
            first, last = results[0], results[-1]
            growth = last["facts"] / first["facts"]  # type: ignore[operator]
            summary = {
                "summary": True,
                "facts_growth": round(growth, 1),
                "check_time_growth": round(
                    last["check_ms_median"] / first["check_ms_median"],  # type: ignore[operator]
                    2,
                ),
                "check_ms_median_at_max": last["check_ms_median"],
                "target_ms": 50,
            }
            print(json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
