"""Every fact breachfacts extracts from the CASIE dev split, as sorted JSONL, for diffs.

A refactor that should change nothing is checked by diffing two snapshots::

    python bench/snapshot.py > /tmp/before.jsonl
    ... change ...
    python bench/snapshot.py > /tmp/after.jsonl && diff /tmp/before.jsonl /tmp/after.jsonl

Data: CASIE (Satyapanich, Ferraro and Finin, AAAI 2020), ``$BREACHFACTS_CASIE`` or
``../shared/casie-dev``. One line per article: its id and its ``breachfacts/1`` output.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.casie import DEFAULT_CASIE, iter_articles  # noqa: E402

from breachfacts.extract import extract  # noqa: E402
from breachfacts.facts import Article  # noqa: E402
from breachfacts.nlp import load  # noqa: E402


def main() -> None:
    casie = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CASIE
    items = list(iter_articles(casie))
    articles = [Article(id=a.id, text=a.content, published=a.published) for a in items]
    for x in extract(articles, load()):
        print(json.dumps(x.to_dict(), sort_keys=True, ensure_ascii=False))


if __name__ == "__main__":
    main()
