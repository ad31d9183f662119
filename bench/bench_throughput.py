"""Throughput, scaling, growth and memory of breachfacts against raw spaCy.

Run from the repository root (the README's bench command):

    .venv/bin/python bench/bench_throughput.py [--articles N] [--quick] [--parts a,b,...]

Texts: the CASIE dev articles in ../shared/casie-dev when present (CASIE, Satyapanich,
Ferraro and Finin, AAAI 2020), else data/articles repeated. Every number is a ratio
against a baseline measured in the same run on the same texts, or an absolute figure the
issue names a target for. ``--parts`` picks the parts (default: all):

1. ``throughput``: breachfacts (pipeline + facts) vs raw ``nlp.pipe`` of the same model
   (all its components), single process; articles/s and chars/s of each, and the ratio.
   Each side runs in fresh processes (``--rounds`` of them, alternating with the other
   side), best pass of each: measured in one process, the two pipelines slowed each other
   unevenly;
   also the ratio with spaCy's own attribute_ruler in place of breachfacts' compiled one
   (identical annotations, see ``src/breachfacts/nlp/attrs.py``);
2. ``scaling``: 2 worker processes vs 1, for breachfacts (and raw spaCy ``n_process=2``);
3. ``growth``: seconds per article at 1x, 4x and 16x corpus size (flat = linear);
4. ``rss``: peak RSS of one ``breachfacts extract`` process per corpus size (a fresh
   subprocess each, streaming JSONL to /dev/null);
5. ``long``: one long article (``--long-kb``, default 1024 KiB of characters: the corpus
   texts joined by blank lines, cycled): seconds and peak RSS of a whole
   ``breachfacts extract`` process, against a whole process of raw ``nlp.pipe`` over the
   same text cut into the same ``--max-chars`` pieces (raw spaCy refuses a text over
   ``nlp.max_length``); rounds alternate, best seconds and the highest RSS of each side;
6. ``store``: a store of ``--store-facts`` synthetic facts (default 1,000,000; the
   ``Synth`` facts of ``bench/bench_store.py``, written through ``Store.add`` in batches of
   2,000 articles, so the store is what real adds build: subjects linked, names indexed;
   the build rate is reported too), then the ``add`` rate of ``--store-add`` more facts
   into it (facts/s) and the median ``check`` latency of one article of 50 facts over 10
   subjects, 3 of them the most covered (``--store-runs`` checks after one warm-up);
7. ``dask``: one JSONL file of ``--dask-articles`` articles (default 400, the corpus texts
   cycled), as whole ``breachfacts extract`` processes: ``--workers 1``, ``--workers 2``,
   and ``--dask local`` with a LocalCluster of 1 and of 2 workers (``--partition-size``,
   default 25; a fresh ``--out`` each run); rounds alternate, best of each. Ratios:
   cluster 2 vs 1, cluster 2 vs ``--workers 2``, ``--workers 2`` vs 1.

Results print as a table and are written to bench/out/throughput.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
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


def run_process(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one whole process, its stdout to /dev/null. Raises
    with the end of its stderr when it fails (exit 1, bad input, is let pass: the corpus has
    none, and the output of a run that had some would still be timed)."""
    with open(os.devnull, "w") as out, tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1):
            err.seek(0)
            tail = err.read().decode(errors="replace")[-500:]
            raise RuntimeError(f"{' '.join(cmd[:4])}... failed ({proc.returncode}): {tail}")
    return seconds, usage.ru_maxrss / 1024  # Linux: KiB


def extract_cmd(*args: str) -> list[str]:
    """A whole ``breachfacts extract`` process, quiet."""
    return [sys.executable, "-m", "breachfacts.cli", "extract", *args, "-q"]


def peak_rss_mb(jsonl: Path) -> float:
    """Peak RSS of one `breachfacts extract` process over ``jsonl``."""
    return run_process(extract_cmd(str(jsonl), "-f", "jsonl"))[1]


def write_jsonl(path: Path, texts: list[str], n: int) -> Path:
    """``n`` articles, the texts cycled, one JSON object a line."""
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"id": f"a{i}", "text": texts[i % len(texts)]}) + "\n")
    return path


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

        def here() -> None:
            for _ in raw.pipe(texts, batch_size=batch_size):
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

        def here() -> None:
            for _ in run(articles, nlp, n_process=1, batch_size=batch_size):
                pass

    # The warm-up pass runs in this process on both sides, so worker processes forked after
    # it start with its word caches filled (tokenizer, lemmas, scope), as the one-process
    # side has them; before, the 2-worker side paid cold caches in every timed pass.
    here()
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


PARTS = ("throughput", "scaling", "growth", "rss", "long", "store", "dask")


def throughput_and_scaling(args: argparse.Namespace, texts: list[str], parts: set[str]) -> dict:
    """Parts 1 and 2: every side in fresh processes, the sides alternating round by round so
    that machine noise falls on all of them; best of each side."""
    sides = [("raw", 1), ("breachfacts", 1)]
    if "throughput" in parts:
        sides.append(("breachfacts-spacy-ruler", 1))
    if "scaling" in parts:
        sides += [("breachfacts", 2), ("raw", 2)]
    best: dict[tuple[str, int], dict[str, float]] = {}
    for _ in range(args.rounds):
        for which, workers in sides:
            m = measured(which, args.articles, workers, args.batch_size)
            b = best.setdefault((which, workers), m)
            best[which, workers] = {k: min(b[k], m[k]) for k in m}
    chars = sum(map(len, texts))
    t_raw, t_ours = best["raw", 1]["wall"], best["breachfacts", 1]["wall"]
    res: dict[str, object] = {}
    if "throughput" in parts:
        res["raw_articles_per_s"] = len(texts) / t_raw
        res["raw_chars_per_s"] = chars / t_raw
        res["breachfacts_articles_per_s"] = len(texts) / t_ours
        res["breachfacts_chars_per_s"] = chars / t_ours
        res["throughput_ratio"] = t_raw / t_ours
        # CPU time is not lengthened by other processes taking the core away (it still is
        # by shared caches): a second reading of the same ratio on a busy machine
        res["throughput_ratio_cpu"] = best["raw", 1]["cpu"] / best["breachfacts", 1]["cpu"]
        res["throughput_ratio_with_spacy_attribute_ruler"] = (
            t_raw / best["breachfacts-spacy-ruler", 1]["wall"]
        )
    if "scaling" in parts:
        res["breachfacts_2_workers_speedup"] = t_ours / best["breachfacts", 2]["wall"]
        res["raw_2_processes_speedup"] = t_raw / best["raw", 2]["wall"]
    return res


def growth(texts: list[str], quick: bool) -> dict:
    """Part 3: seconds per article at 1x, 4x, 16x, in this process."""
    from breachfacts.batch import run
    from breachfacts.facts import Article
    from breachfacts.nlp import load

    nlp = load()
    articles = [Article(f"a{i}", t, date(2020, 1, 1)) for i, t in enumerate(texts)]
    list(run(articles[:5], nlp))  # warm up

    def ours(items: list[Article]) -> None:
        for _ in run(items, nlp, batch_size=16):
            pass

    per = {}
    for k in (1, 4) if quick else (1, 4, 16):
        items = [
            Article(f"a{i}", texts[i % len(texts)], date(2020, 1, 1)) for i in range(k * len(texts))
        ]
        per[f"{k}x"] = timed(lambda items=items: ours(items)) / len(items)
    key = "growth_16x_vs_1x" if "16x" in per else "growth_4x_vs_1x"
    return {"seconds_per_article": per, key: per.get("16x", per["4x"]) / per["1x"]}


def rss(texts: list[str]) -> dict:
    """Part 4: peak RSS of one extract process per corpus size."""
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for k in (1, 4, 16):
            path = write_jsonl(Path(tmp) / f"corpus-{k}x.jsonl", texts, k * len(texts))
            out[f"{k}x"] = peak_rss_mb(path)
    return {"peak_rss_mb": out}


def long_text(texts: list[str], chars: int) -> str:
    """``chars`` characters of the corpus texts joined by blank lines, cycled."""
    pieces, size, i = [], 0, 0
    while size < chars:
        pieces.append(texts[i % len(texts)])
        size += len(pieces[-1]) + 2
        i += 1
    return "\n\n".join(pieces)[:chars]


def raw_long(path: str, max_chars: int) -> None:
    """Raw ``nlp.pipe`` of the model over the text of ``path`` in ``max_chars`` pieces (the
    cuts breachfacts makes), one piece at a time: part 5's baseline, run as a process."""
    import spacy

    from breachfacts.nlp import DEFAULT_MODEL
    from breachfacts.pieces import iter_split

    text = Path(path).read_text(encoding="utf-8")
    raw = spacy.load(DEFAULT_MODEL)
    for _ in raw.pipe((piece for _, piece in iter_split(text, max_chars)), batch_size=1):
        pass


def long_article(args: argparse.Namespace, texts: list[str]) -> dict:
    """Part 5: one long article, whole processes, alternating; best seconds, highest RSS."""
    from breachfacts.pieces import DEFAULT_MAX_CHARS

    chars = args.long_kb * 1024
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.txt"
        path.write_text(long_text(texts, chars), encoding="utf-8")
        sides = {
            "breachfacts": extract_cmd(str(path), "-f", "jsonl", "-p", "2020-01-01"),
            "raw": [sys.executable, __file__, "--raw-long", str(path)],
        }
        seen: dict[str, list[tuple[float, float]]] = {k: [] for k in sides}
        for _ in range(args.rounds):
            for side, cmd in sides.items():
                seen[side].append(run_process(cmd))
    best = {k: min(s for s, _ in v) for k, v in seen.items()}
    peak = {k: max(r for _, r in v) for k, v in seen.items()}
    return {
        "long_article_chars": chars,
        "long_article_max_chars": DEFAULT_MAX_CHARS,
        "long_article_seconds": best["breachfacts"],
        "long_article_peak_rss_mb": peak["breachfacts"],
        "long_article_raw_seconds": best["raw"],
        "long_article_raw_peak_rss_mb": peak["raw"],
        "long_article_ratio": best["raw"] / best["breachfacts"],
    }


def store(args: argparse.Namespace) -> dict:
    """Part 6: add rate into, and check latency at, a store of ``--store-facts`` facts."""
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_store import Synth, grow
    from breachfacts.store import Store

    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.sqlite") as db:
        synth = Synth(6)
        t = time.perf_counter()
        build_rate = grow(db, synth, args.store_facts)
        build_s = time.perf_counter() - t
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        add_rate = grow(db, synth, args.store_add)
        article = synth.check_article()
        db.check(article)  # warm the page cache once, as a second check in a session would be
        ms = []
        for _ in range(args.store_runs):
            t = time.perf_counter()
            db.check(article)
            ms.append((time.perf_counter() - t) * 1000)
        info = db.info()
    return {
        "store_facts": args.store_facts,
        "store_build_seconds": build_s,
        "store_build_facts_per_s": build_rate,
        "store_add_facts": args.store_add,
        "store_add_facts_per_s": add_rate,
        "store_db_mb": (info["size_bytes"] or 0) / 1e6,
        "store_check_facts": len(article.facts),
        "store_check_ms_median": statistics.median(ms),
        "store_check_ms_max": max(ms),
    }


def dask(args: argparse.Namespace, texts: list[str]) -> dict:
    """Part 7: one JSONL file, whole processes: --workers 1 and 2, LocalCluster of 1 and 2."""
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = str(write_jsonl(Path(tmp) / "corpus.jsonl", texts, args.dask_articles))
        out = Path(tmp) / "out"
        common = [jsonl, "-p", "2020-01-01"]
        size = ["--partition-size", str(args.partition_size)]
        sides = {
            "workers_1": extract_cmd(*common, "-f", "jsonl", "--workers", "1"),
            "workers_2": extract_cmd(*common, "-f", "jsonl", "--workers", "2"),
            "cluster_1": extract_cmd(*common, "--dask", "local", "--workers", "1", *size),
            "cluster_2": extract_cmd(*common, "--dask", "local", "--workers", "2", *size),
        }
        best: dict[str, float] = {}
        for _ in range(args.rounds):
            for side, cmd in sides.items():
                shutil.rmtree(out, ignore_errors=True)  # a fresh run, not a restart
                if side.startswith("cluster"):
                    cmd = [*cmd, "--out", str(out)]
                seconds, _ = run_process(cmd)
                best[side] = min(best.get(side, seconds), seconds)
        parts = json.loads((out / "manifest.json").read_text())["partitions"]
    done = sum(p["articles"] for p in parts if p["status"] == "done")
    if done != args.dask_articles:
        raise RuntimeError(f"dask: {done} of {args.dask_articles} articles in the parts")
    return {
        "dask_articles": args.dask_articles,
        "dask_partitions": len(parts),
        "dask_seconds": best,
        "workers_2_vs_1": best["workers_1"] / best["workers_2"],
        "cluster_2_vs_1": best["cluster_1"] / best["cluster_2"],
        "cluster_2_vs_workers_2": best["workers_2"] / best["cluster_2"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200, help="base corpus size")
    ap.add_argument("--quick", action="store_true", help="skip growth at 16x and RSS")
    ap.add_argument("--rounds", type=int, default=3, help="fresh-process rounds per side")
    ap.add_argument("--parts", default=",".join(PARTS), help="comma-separated, of: %(default)s")
    ap.add_argument("--long-kb", type=int, default=1024, help="long article, KiB of characters")
    ap.add_argument("--store-facts", type=int, default=1_000_000, help="facts in the store")
    ap.add_argument("--store-add", type=int, default=20_000, help="facts added to time add")
    ap.add_argument("--store-runs", type=int, default=50, help="timed checks")
    ap.add_argument("--dask-articles", type=int, default=400, help="articles in the JSONL file")
    ap.add_argument("--partition-size", type=int, default=25, help="dask: lines per partition")
    ap.add_argument("--measure", help=argparse.SUPPRESS)  # internal: one side, one process
    ap.add_argument("--raw-long", help=argparse.SUPPRESS)  # internal: part 5's baseline
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
    if args.raw_long:
        from breachfacts.pieces import DEFAULT_MAX_CHARS

        raw_long(args.raw_long, DEFAULT_MAX_CHARS)
        return
    parts = {p.strip() for p in args.parts.split(",") if p.strip()}
    if parts - set(PARTS):
        ap.error(f"--parts: unknown {', '.join(sorted(parts - set(PARTS)))}; of {PARTS}")

    texts, label = corpus(args.articles)
    res: dict[str, object] = {
        "corpus": label,
        "articles": len(texts),
        "chars": sum(map(len, texts)),
        "cpus": os.cpu_count(),
        "batch_size": args.batch_size,
        "parts": [p for p in PARTS if p in parts],
    }
    if parts & {"throughput", "scaling"}:
        res |= throughput_and_scaling(args, texts, parts)
    if "growth" in parts:
        res |= growth(texts, args.quick)
    if "rss" in parts and not args.quick:
        res |= rss(texts)
    if "long" in parts:
        res |= long_article(args, texts)
    if "store" in parts:
        res |= store(args)
    if "dask" in parts:
        res |= dask(args, texts)

    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "throughput.json").write_text(json.dumps(res, indent=2))
    width = max(map(len, res))
    for key, value in res.items():
        shown = (
            f"{value:.3f}"
            if isinstance(value, float)
            else json.dumps(value)
            if isinstance(value, (dict, list))
            else value
        )
        print(f"{key:<{width}}  {shown}")


if __name__ == "__main__":
    main()
