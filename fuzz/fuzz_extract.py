"""Atheris harness: bytes -> decode_bytes -> extraction -> to_dict -> json.dumps.

Only :class:`~breachfacts.errors.ReadError` may escape ``decode_bytes``; everything after
it must not raise, and every fact must keep the offset promise of ``breachfacts/1``:
``text[start:end] == fact.text`` and the same for its sentence. See ``fuzz/README.md``.

Run (atheris is not a project dependency)::

    pip install atheris
    python fuzz/fuzz_extract.py -atheris_runs=100000 [corpus_dir ...]
"""

from __future__ import annotations

import json
import sys
from datetime import date

import atheris

with atheris.instrument_imports(include=["breachfacts"]):
    # Every module on the path, so that coverage guides the fuzzer through them all.
    import breachfacts.extract
    import breachfacts.ingest.boilerplate
    import breachfacts.nlp.components
    import breachfacts.nlp.cues
    import breachfacts.nlp.entities
    import breachfacts.nlp.events
    import breachfacts.nlp.filters
    import breachfacts.nlp.org_mentions
    import breachfacts.nlp.org_roles
    import breachfacts.nlp.roles
    import breachfacts.nlp.syntax
    import breachfacts.normalise.dates
    import breachfacts.normalise.money
    import breachfacts.normalise.numbers
    import breachfacts.normalise.orgs  # noqa: F401
    from breachfacts.batch import run
    from breachfacts.errors import ReadError
    from breachfacts.facts import Article, Extraction
    from breachfacts.ingest import decode_bytes
    from breachfacts.nlp import load

NLP = None
PUBLISHED = (None, date(2020, 1, 21), date(1, 1, 1), date(9999, 12, 31))


def check(ex: Extraction) -> None:
    text = ex.article.text
    for f in ex.facts:
        assert 0 <= f.start < f.end <= len(text), f
        assert text[f.start : f.end] == f.text, f
        s = f.sentence
        assert text[s.start : s.end] == s.text, f
        assert s.start <= f.start and f.end <= s.end, f
        for bound in ("low", "value"):
            x, high = getattr(f, bound), f.high
            assert x is None or high is None or x <= high, f
    json.dumps(ex.to_dict(), ensure_ascii=False)


def test_one_input(data: bytes) -> None:
    if len(data) < 2:
        return
    # The first byte picks the publication date and the piece size; the rest is the file.
    head, body = data[0], data[1:]
    try:
        text = decode_bytes(body, "fuzz.txt")
    except ReadError:
        return
    published = PUBLISHED[head % len(PUBLISHED)]
    max_chars = 100_000 if head & 0x80 else 1 + (head & 0x7F) * 8
    [ex] = run([Article("fuzz", text, published)], NLP, max_chars=max_chars)
    check(ex)


def main() -> None:
    global NLP
    NLP = load()
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
