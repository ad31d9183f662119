"""Throughput, scaling, growth and memory of breachfacts against raw spaCy.

Run from the repository root (the README's bench command):

    .venv/bin/python bench/bench_throughput.py [--articles N] [--quick]

Texts: the CASIE dev articles in ../shared/casie-dev when present (CASIE, Satyapanich,
Ferraro and Finin, AAAI 2020), else data/articles repeated. Every number is a ratio
against a baseline measured in the same run on the same texts:

1. throughput: breachfacts (pipeline + facts) vs raw ``nlp.pipe`` of the same model
   (all its components), single process; articles/s and chars/s of each, and the ratio;
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200, help="base corpus size")
    ap.add_argument("--quick", action="store_true", help="skip growth at 16x and RSS")
    args = ap.parse_args()

    import spacy

    from breachfacts.batch import run
    from breachfacts.facts import Article
    from breachfacts.nlp import DEFAULT_MODEL, load

    texts, label = corpus(args.articles)
    chars = sum(map(len, texts))
    articles = [Article(f"a{i}", t, date(2020, 1, 1)) for i, t in enumerate(texts)]
    raw = spacy.load(DEFAULT_MODEL)
    nlp = load()
    list(raw.pipe(texts[:5]))
    list(run(articles[:5], nlp))  # warm up both
    res: dict[str, object] = {
        "corpus": label,
        "articles": len(texts),
        "chars": chars,
        "cpus": os.cpu_count(),
    }

    def raw_pipe(n_process: int = 1) -> None:
        for _ in raw.pipe(texts, batch_size=16, n_process=n_process):
            pass

    def ours(items: list[Article], n_process: int = 1) -> None:
        for _ in run(items, nlp, n_process=n_process, batch_size=16):
            pass

    # 1. throughput, interleaved twice to even out machine noise
    t_raw = min(timed(raw_pipe), timed(raw_pipe))
    t_ours = min(timed(lambda: ours(articles)), timed(lambda: ours(articles)))
    res["raw_articles_per_s"] = len(texts) / t_raw
    res["raw_chars_per_s"] = chars / t_raw
    res["breachfacts_articles_per_s"] = len(texts) / t_ours
    res["breachfacts_chars_per_s"] = chars / t_ours
    res["throughput_ratio"] = t_raw / t_ours
    # the same with spaCy's own attribute_ruler instead of the compiled one (nlp/attrs.py):
    # what the fact building costs on its own
    nlp.disable_pipe("breachfacts_attribute_ruler")
    nlp.enable_pipe("attribute_ruler")
    try:
        t_plain = min(timed(lambda: ours(articles)), timed(lambda: ours(articles)))
    finally:
        nlp.disable_pipe("attribute_ruler")
        nlp.enable_pipe("breachfacts_attribute_ruler")
    res["throughput_ratio_with_spacy_attribute_ruler"] = t_raw / t_plain

    # 2. scaling 1 -> 2 workers
    t_ours2 = timed(lambda: ours(articles, 2))
    t_raw2 = timed(lambda: raw_pipe(2))
    res["breachfacts_2_workers_speedup"] = t_ours / t_ours2
    res["raw_2_processes_speedup"] = t_raw / t_raw2

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
