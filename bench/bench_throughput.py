"""Throughput, scaling, growth and memory of breachfacts against raw spaCy.

Run from the repository root (the README's bench command):

    .venv/bin/python bench/bench_throughput.py [--articles N] [--quick]

Texts: the CASIE dev articles in ../shared/casie-dev when present (CASIE, Satyapanich,
Ferraro and Finin, AAAI 2020), else data/articles repeated. Every number is a ratio
against a baseline measured in the same run on the same texts:

1. throughput: breachfacts (pipeline + facts) vs raw ``nlp.pipe`` of the same model
   (all its components), single process; articles/s and chars/s of each, and the ratio.
   Each side runs in fresh processes (``--rounds`` of them, alternating with the other
   side), best pass of each: measured in one process, the two pipelines slowed each other
   unevenly;
   also the ratio with spaCy's own attribute_ruler in place of breachfacts' compiled one
   (identical annotations, see ``src/breachfacts/nlp/attrs.py``);
2. scaling: 2 worker processes vs 1, for breachfacts (and raw spaCy ``n_process=2``);
3. growth: seconds per article at 1x, 4x and 16x corpus size (flat = linear);
4. peak RSS of one ``breachfacts extract`` process per corpus size (a fresh subprocess each,
   streaming JSONL to /dev/null).

Results print as a table and are written to bench/out/throughput.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASIE = ROOT.parent / "shared" / "casie-dev" / "annotation"
OUT = ROOT / "bench" / "out"


def corpus(limit: int) -> tuple[list[str], str]:
    if CASIE.is_dir():
        texts = []
        for path in sorted(CASIE.glob("*.json"))[:limit]:
            content = json.loads(path.read_text(encoding="utf-8"))["content"]
            texts.append(content.removesuffix("</text>"))
        return texts, f"CASIE dev ({len(texts)} articles)"
    seeds = [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "articles").glob("*.txt"))
    ]
    texts = [seeds[i % len(seeds)] for i in range(limit)]
    return texts, f"data/articles repeated ({len(texts)} articles)"


def timed(fn) -> float:  # noqa: ANN001
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def timed_both(fn) -> tuple[float, float]:  # noqa: ANN001
    """(wall seconds, CPU seconds of this process) of one call."""
    t, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t, time.process_time() - c


def peak_rss_mb(jsonl: Path) -> float:
    """Peak RSS of one `breachfacts extract` process over ``jsonl`` (with its children)."""
    cmd = [sys.executable, "-m", "breachfacts.cli", "extract", str(jsonl), "-f", "jsonl", "-q"]
    with open(os.devnull, "w") as devnull:
        proc = subprocess.Popen(cmd, stdout=devnull, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"extract failed: {proc.stderr.read().decode()[-500:]}")
    return usage.ru_maxrss / 1024  # Linux: KiB


def measure(
    which: str, n_articles: int, workers: int, passes: int, batch_size: int
) -> dict[str, float]:
    """Best wall and CPU seconds of ``passes`` passes over the corpus, after one warm-up pass.

    ``which``: ``raw`` (``nlp.pipe`` of the model, all its components), ``breachfacts``
    (pipeline + facts through ``batch.run``) or ``breachfacts-spacy-ruler`` (the same with
    spaCy's own attribute_ruler instead of the compiled one, ``nlp/attrs.py``).
    """
    from breachfacts.nlp import DEFAULT_MODEL

    texts, _ = corpus(n_articles)
    if which == "raw":
        import spacy

        raw = spacy.load(DEFAULT_MODEL)

        def once() -> None:
            for _ in raw.pipe(texts, batch_size=batch_size, n_process=workers):
                pass
    else:
        from breachfacts.batch import run
        from breachfacts.facts import Article
        from breachfacts.nlp import load

        nlp = load()
        if which == "breachfacts-spacy-ruler":
            nlp.disable_pipe("breachfacts_attribute_ruler")
            nlp.enable_pipe("attribute_ruler")
        articles = [Article(f"a{i}", t, date(2020, 1, 1)) for i, t in enumerate(texts)]

        def once() -> None:
            for _ in run(articles, nlp, n_process=workers, batch_size=batch_size):
                pass

    once()
    best = [timed_both(once) for _ in range(passes)]
    return {"wall": min(w for w, _ in best), "cpu": min(c for _, c in best)}


def measured(
    which: str, n_articles: int, workers: int, batch_size: int, passes: int = 3
) -> dict[str, float]:
    """:func:`measure` in a fresh Python process, so neither side inherits the other's state."""
    cmd = [sys.executable, __file__, "--measure", which, "--articles", str(n_articles)]
    cmd += ["--workers", str(workers), "--passes", str(passes), "--batch-size", str(batch_size)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200, help="base corpus size")
    ap.add_argument("--quick", action="store_true", help="skip growth at 16x and RSS")
    ap.add_argument("--rounds", type=int, default=3, help="fresh-process rounds per side")
    ap.add_argument("--measure", help=argparse.SUPPRESS)  # internal: one side, one process
    ap.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--passes", type=int, default=3, help=argparse.SUPPRESS)
    ap.add_argument(
        "--batch-size",
        type=int,
        default=4,
        help="articles per batch for parts 1-2 (small, so 2 workers get even shares of a"
        " small corpus: 40 articles in batches of 16 split 24/16 and cap 2 workers at 1.67x)",
    )
    args = ap.parse_args()
    if args.measure:
        m = measure(args.measure, args.articles, args.workers, args.passes, args.batch_size)
        print(json.dumps(m))
        return

    from breachfacts.batch import run
    from breachfacts.facts import Article
    from breachfacts.nlp import load

    texts, label = corpus(args.articles)
    chars = sum(map(len, texts))
    res: dict[str, object] = {
        "corpus": label,
        "articles": len(texts),
        "chars": chars,
        "cpus": os.cpu_count(),
        "batch_size": args.batch_size,
    }

    # 1. throughput and 2. scaling: every side in fresh processes, the sides alternating
    # round by round so that machine noise falls on all of them; best of each side.
    sides = [("raw", 1), ("breachfacts", 1), ("breachfacts-spacy-ruler", 1)]
    sides += [("breachfacts", 2), ("raw", 2)]
    best: dict[tuple[str, int], dict[str, float]] = {}
    for _ in range(args.rounds):
        for which, workers in sides:
            m = measured(which, args.articles, workers, args.batch_size)
            b = best.setdefault((which, workers), m)
            best[which, workers] = {k: min(b[k], m[k]) for k in m}
    t_raw, t_ours = best["raw", 1]["wall"], best["breachfacts", 1]["wall"]
    res["raw_articles_per_s"] = len(texts) / t_raw
    res["raw_chars_per_s"] = chars / t_raw
    res["breachfacts_articles_per_s"] = len(texts) / t_ours
    res["breachfacts_chars_per_s"] = chars / t_ours
    res["throughput_ratio"] = t_raw / t_ours
    # CPU time is not lengthened by other processes taking the core away (it still is by
    # shared caches): a second reading of the same ratio on a busy machine
    res["throughput_ratio_cpu"] = best["raw", 1]["cpu"] / best["breachfacts", 1]["cpu"]
    res["throughput_ratio_with_spacy_attribute_ruler"] = (
        t_raw / best["breachfacts-spacy-ruler", 1]["wall"]
    )
    res["breachfacts_2_workers_speedup"] = t_ours / best["breachfacts", 2]["wall"]
    res["raw_2_processes_speedup"] = t_raw / best["raw", 2]["wall"]

    nlp = load()
    articles = [Article(f"a{i}", t, date(2020, 1, 1)) for i, t in enumerate(texts)]
    list(run(articles[:5], nlp))  # warm up

    def ours(items: list[Article]) -> None:
        for _ in run(items, nlp, batch_size=16):
            pass

    # 3. growth: seconds per article at 1x, 4x, 16x
    growth = {}
    for k in (1, 4) if args.quick else (1, 4, 16):
        items = [
            Article(f"a{i}", texts[i % len(texts)], date(2020, 1, 1)) for i in range(k * len(texts))
        ]
        growth[f"{k}x"] = timed(lambda items=items: ours(items)) / len(items)
    res["seconds_per_article"] = growth
    res["growth_16x_vs_1x" if "16x" in growth else "growth_4x_vs_1x"] = (
        growth.get("16x", growth["4x"]) / growth["1x"]
    )

    # 4. peak RSS of one extract process per corpus size
    if not args.quick:
        rss = {}
        with tempfile.TemporaryDirectory() as tmp:
            for k in (1, 4, 16):
                path = Path(tmp) / f"corpus-{k}x.jsonl"
                with path.open("w", encoding="utf-8") as f:
                    for i in range(k * len(texts)):
                        f.write(json.dumps({"id": f"a{i}", "text": texts[i % len(texts)]}) + "\n")
                rss[f"{k}x"] = peak_rss_mb(path)
        res["peak_rss_mb"] = rss

    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "throughput.json").write_text(json.dumps(res, indent=2))
    width = max(map(len, res))
    for key, value in res.items():
        shown = (
            f"{value:.3f}"
            if isinstance(value, float)
            else json.dumps(value)
            if isinstance(value, dict)
            else value
        )
        print(f"{key:<{width}}  {shown}")


if __name__ == "__main__":
    main()
