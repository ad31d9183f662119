"""breachfacts: figures, money, dates and organisations from news about cyberattacks.

The public API, in the order the data flows::

    from breachfacts import Article, Store, load
    from breachfacts.extract import extract
    nlp = load()                                    # spaCy pipeline + patterns/
    for x in extract([Article("a.txt", text, published)], nlp):
        print(x.to_dict())                          # breachfacts/1
    with Store.open("facts.sqlite") as store:       # confirmed | updated | conflicting | new
        store.add([x], check=True)

In a spaCy pipeline of one's own, ``nlp.add_pipe("breachfacts_entities", after="ner")`` and
:func:`facts_from_doc` (docs/spacy.md).

The data model (:mod:`breachfacts.facts`) is imported here; :func:`load`, :class:`Store` and
:func:`facts_from_doc` on first use, so ``import breachfacts`` does not load spaCy.
``extract`` stays in its module (:func:`breachfacts.extract.extract`): a package attribute of
that name would be replaced by the submodule the moment it is imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .facts import SCHEMA, Article, Extraction, Fact, Sentence

if TYPE_CHECKING:
    from .extract import facts_from_doc
    from .nlp import load
    from .store import Store

__all__ = ["SCHEMA", "Article", "Extraction", "Fact", "Sentence", "Store", "facts_from_doc", "load"]

_LAZY = {"load": ".nlp", "Store": ".store", "facts_from_doc": ".extract"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
