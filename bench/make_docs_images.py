"""Regenerate the images in docs/: the HTML report of a seed article and the timeline plot.

    python bench/make_docs_images.py            # writes docs/report.png and docs/timeline.png

docs/report.png is a headless-Chromium screenshot of ``extract --format html`` for
data/articles/mitsubishi-electric-2020-12.txt with the side panel open on one fact.
docs/timeline.png is ``history "Mitsubishi Electric" --plot`` after adding both seed
articles to an empty store. Needs matplotlib (``[plot]``) and Debian's chromium.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from breachfacts.extract import extract
from breachfacts.ingest import read_inputs
from breachfacts.nlp import load
from breachfacts.store import Store
from breachfacts.views.html import write_html
from breachfacts.views.plot import plot_history

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "articles"
REPORT_ARTICLE = "mitsubishi-electric-2020-12.txt"
PANEL_FACT_TEXT = "nearly 20,000"


def screenshot(page: Path, png: Path, query: str, size: str, workdir: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        sys.exit("make_docs_images: no chromium found (apt-get install chromium)")
    cmd = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--user-data-dir={workdir / 'chromium-profile'}",
        f"--screenshot={png}",
        f"--window-size={size}",
        page.resolve().as_uri() + query,
    ]
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNGs")
    parser.add_argument("--size", default="1200,1500", help="browser window, WIDTH,HEIGHT")
    args = parser.parse_args(argv)
    nlp = load()
    paths = [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    # ids relative to the repository, as a user running from its root would see them
    articles = [replace(a, id=str(Path(a.id).relative_to(ROOT))) for a in read_inputs(paths)]
    extractions = {Path(x.article.id).name: x for x in extract(articles, nlp)}
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        seed = extractions[REPORT_ARTICLE]
        page = work / "report.html"
        write_html([seed], page)
        target = next(f for f in seed.facts if f.text == PANEL_FACT_TEXT)
        report = args.out / "report.png"
        screenshot(page, report, f"?fact=a1-{target.id}", args.size, work)
        print(f"wrote {report.relative_to(ROOT) if report.is_relative_to(ROOT) else report}")

        with Store.open(work / "facts.sqlite") as store:
            store.add(sorted(extractions.values(), key=lambda x: x.article.published or date.min))
            history = store.history("Mitsubishi Electric").to_dict()
        timeline = plot_history(history, args.out / "timeline.png")
        print(f"wrote {timeline.relative_to(ROOT) if timeline.is_relative_to(ROOT) else timeline}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
