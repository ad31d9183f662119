"""Benchmark extraction against the count of numbers in one article: 100, 1,000, 10,000.

Each article is generated from realistic sentences of breach news (figures with hedges,
money with conversions, dates, organisations, paragraphs) until it holds the requested
count of numbers. One article at a time is extracted as a single spaCy ``Doc`` (no cutting
into pieces, so any per-document quadratic step shows) and the script reports, per size,

- ``parse_ms``: ``nlp(text)`` (tokenizer, model, our components),
- ``facts_ms``: ``doc_to_extraction`` (normalisers, boilerplate, roles, events),
- ``us_per_number`` of the whole, and the growth ratio to the previous size.

A ratio of per-number time near 1 means linear growth; 10 would be quadratic. Not a test:
numbers are reported, never asserted.

Usage:
    python bench/bench_numbers.py                       # 100, 1000, 10000 numbers
    python bench/bench_numbers.py --sizes 100 1000 --runs 3
    python bench/bench_numbers.py --profile 10000       # cProfile of nlp() + facts
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import re
import statistics
import sys
import time
from datetime import date

from breachfacts.extract import doc_to_extraction, tables_of
from breachfacts.facts import Article
from breachfacts.nlp import load

ORGS = (
    "Mitsubishi Electric", "NEC Corp.", "Acme Health", "Globex Bank", "Initech",
    "the Defense Ministry", "Marriott International", "Equifax", "Capital One",
    "Colonial Pipeline", "the city of Baltimore", "Optus", "Medibank",
)  # fmt: skip
ATTACKERS = ("LockBit", "a Chinese hacking group", "REvil", "hackers", "Conti affiliates")
UNITS = ("files", "records", "customers", "employees", "accounts", "patients", "emails")
HEDGES = ("", "", "nearly ", "about ", "more than ", "up to ", "at least ", "roughly ")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
NUMBER = re.compile(r"\d[\d,.]*")

# {n}: a count, {m}: an amount, {d}: a date. Each template says how many numbers it holds.
TEMPLATES = (
    "{org} said {hedge}{n} {unit} were accessed in the attack disclosed on {d}.",
    "The breach exposed {hedge}{n} {unit} and {n2} {unit2}, {org} told regulators.",
    "{attacker} demanded a ransom of ${m} million, according to {org}.",
    "The company expects costs of about {m} billion yen (${m2} million) this year.",
    "{org} was fined £{m} million on {d} after {hedge}{n} {unit} were leaked.",
    "Between {n} and {n2} {unit} may have been affected, {org} said.",
    "In {month} {year}, {attacker} stole {n} GB of data from {org}.",
    "Investigators found that {pct}% of the {n} servers were compromised.",
)


def number_count(text: str) -> int:
    return len(NUMBER.findall(text))


def article(numbers: int, seed: int = 7) -> str:
    """A generated article holding at least ``numbers`` numbers, in paragraphs of 3-5 sentences."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    count = 0
    while count < numbers:
        sentences = []
        for _ in range(rng.randint(3, 5)):
            year = rng.randint(2015, 2023)
            s = rng.choice(TEMPLATES).format(
                org=rng.choice(ORGS),
                attacker=rng.choice(ATTACKERS),
                hedge=rng.choice(HEDGES),
                n=f"{rng.randint(2, 900_000):,}",
                n2=f"{rng.randint(2, 90_000):,}",
                unit=rng.choice(UNITS),
                unit2=rng.choice(UNITS),
                m=rng.randint(2, 500),
                m2=rng.randint(2, 900),
                d=f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {year}",
                month=rng.choice(MONTHS),
                year=year,
                pct=rng.randint(1, 99),
            )
            sentences.append(s[0].upper() + s[1:])
            count += number_count(s)
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs) + "\n"


def measure(nlp, numbers: int, runs: int) -> dict:  # noqa: ANN001
    text = article(numbers)
    art = Article("bench", text, date(2023, 6, 1))
    tables = tables_of(nlp)
    nlp.max_length = max(nlp.max_length, len(text) + 1)
    parse, facts = [], []
    n_facts = 0
    for _ in range(runs):
        t0 = time.perf_counter()
        doc = nlp(text)
        t1 = time.perf_counter()
        ex = doc_to_extraction(doc, art, tables)
        t2 = time.perf_counter()
        parse.append(t1 - t0)
        facts.append(t2 - t1)
        n_facts = len(ex.facts)
    real = number_count(text)
    total = statistics.median(parse) + statistics.median(facts)
    return {
        "numbers": real,
        "chars": len(text),
        "facts": n_facts,
        "parse_ms": round(1000 * statistics.median(parse), 1),
        "facts_ms": round(1000 * statistics.median(facts), 1),
        "us_per_number": round(1e6 * total / real, 1),
        "facts_us_per_number": round(1e6 * statistics.median(facts) / real, 1),
    }


def profile(nlp, numbers: int) -> None:  # noqa: ANN001
    text = article(numbers)
    nlp.max_length = max(nlp.max_length, len(text) + 1)
    art = Article("bench", text, date(2023, 6, 1))
    prof = cProfile.Profile()
    prof.runcall(lambda: doc_to_extraction(nlp(text), art, tables_of(nlp)))
    pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(25)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1_000, 10_000])
    ap.add_argument("--runs", type=int, default=3, help="median of this many runs per size")
    ap.add_argument("--profile", type=int, metavar="NUMBERS", help="cProfile parse and fact step")
    args = ap.parse_args(argv)
    nlp = load()
    nlp("Warm-up: 5 files on May 3, 2020 cost $2 million.")
    if args.profile:
        profile(nlp, args.profile)
        return
    rows = []
    for size in args.sizes:
        row = measure(nlp, size, args.runs)
        if rows:
            prev = rows[-1]
            row["ratio_per_number"] = round(row["us_per_number"] / prev["us_per_number"], 2)
            row["facts_ratio_per_number"] = round(
                row["facts_us_per_number"] / prev["facts_us_per_number"], 2
            )
        rows.append(row)
        print(json.dumps(row), flush=True)
    worst = max((r.get("ratio_per_number", 1.0) for r in rows), default=1.0)
    print(json.dumps({"summary": "per-number time ratio between sizes", "worst": worst}))


if __name__ == "__main__":
    main()
