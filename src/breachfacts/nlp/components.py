"""The breachfacts spaCy components: thin factories over the modules that do the work.

Importing this module registers the ``breachfacts_entities`` factory
(:class:`~.entities.EntityRepair`), the ``breachfacts_paragraphs`` component
(:func:`~.syntax.paragraph_breaks`), the ``breachfacts.superset_ents_filter.v1`` span
filter (:func:`~.filters.superset_ents_filter`) and the span extension
``Span._.counted_noun`` (:func:`~.syntax.counted_noun`). ``breachfacts_decimal_norms`` is
registered by :mod:`.decimals`.

DOCS: README.md#how-it-works
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import registry

from .entities import EntityRepair
from .filters import superset_ents_filter
from .syntax import counted_noun, paragraph_breaks


@Language.factory(
    "breachfacts_entities",
    requires=["doc.ents", "token.dep"],
    assigns=["doc.ents"],
)
def make_entity_repair(nlp: Language, name: str) -> EntityRepair:
    """Map config to constructor (nothing to configure: tables come from ``configure``)."""
    return EntityRepair(nlp, name)


@Language.component("breachfacts_paragraphs", assigns=["token.is_sent_start"])
def make_paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break (:func:`.syntax.paragraph_breaks`).

    RETURNS (Doc): The same document, sentence starts set.
    """
    return paragraph_breaks(doc)


@registry.misc("breachfacts.superset_ents_filter.v1")
def make_superset_ents_filter() -> Callable[[Iterable[Span], Iterable[Span]], list[Span]]:
    """Registry entry so the span ruler's config can name :func:`.filters.superset_ents_filter`."""
    return superset_ents_filter


def _counted_noun_getter(span: Span) -> Token | None:
    return counted_noun(span)


if not Span.has_extension("counted_noun"):
    Span.set_extension("counted_noun", getter=_counted_noun_getter)
