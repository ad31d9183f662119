"""The breachfacts spaCy components: thin factories over the modules that do the work.

Importing this module registers the factories (each ``make_*`` function only checks its
config and calls a constructor; the classes know nothing about registration) and the span
extension ``Span._.counted_noun`` (:func:`~.syntax.counted_noun`). pyproject.toml names
each factory under ``[project.entry-points.spacy_factories]``, so spaCy imports this module
itself: ``nlp.add_pipe("breachfacts_entities")`` and ``spacy.load(path)`` of a saved
pipeline work without importing breachfacts first.

=============================  ==========================================================
factory                        where it goes, what it does
=============================  ==========================================================
breachfacts_decimal_norms      first: ".8" is read as "0.8" (:mod:`.decimals`)
breachfacts_attribute_ruler    after ``attribute_ruler`` (disabled): the same annotations,
                               faster (:mod:`.attrs`); optional
breachfacts_tok2vec            after ``tok2vec`` (disabled): the same vectors, long
                               documents a chunk at a time (:mod:`.tok2vec`); optional
breachfacts_lemmatizer         after ``lemmatizer`` (disabled): the same lemmas, cached
                               per word (:mod:`.lemmas`); optional
breachfacts_paragraphs         before ``parser``: a line break starts a sentence
breachfacts_entities           after ``ner``: entity rules and repair, with the patterns and
                               tables (:class:`~.entity_rules.EntityRules`)
=============================  ==========================================================

:func:`breachfacts.nlp.add_components` adds them in that order.

DOCS: docs/spacy.md
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from breachfacts.errors import ComponentConfigError

from .attrs import CompiledAttributeRuler
from .decimals import decimal_norms
from .entity_rules import EntityRules
from .lemmas import CachedLemmatizer
from .syntax import counted_noun, paragraph_breaks
from .tok2vec import ChunkedTok2Vec, receptive_field

Language.component(
    "breachfacts_decimal_norms",
    assigns=["token.norm"],
    func=decimal_norms,
)


def _check_source(nlp: Language, name: str, source: str, attr: str, what: str) -> None:
    """Raise ComponentConfigError unless ``source`` is an earlier component of ``nlp`` that
    has ``attr`` (what a ``what`` has)."""
    if source not in nlp.component_names or not hasattr(nlp.get_pipe(source), attr):
        found = ", ".join(nlp.component_names) or "none"
        raise ComponentConfigError(
            f"[{name} -> source] {source!r} is no {what} of this pipeline (its components: {found})"
        )


@Language.factory(
    "breachfacts_attribute_ruler",
    default_config={"source": "attribute_ruler"},
    assigns=["token.pos", "token.morph", "token.lemma"],
    requires=["token.tag"],
)
def make_compiled_attribute_ruler(nlp: Language, name: str, source: str) -> CompiledAttributeRuler:
    """The compiled form of ``nlp``'s attribute ruler ``source`` (an earlier component)."""
    _check_source(nlp, name, source, "patterns", "attribute ruler")
    return CompiledAttributeRuler(nlp.get_pipe(source))


@Language.factory(
    "breachfacts_tok2vec",
    default_config={"source": "tok2vec", "chunk": 2000},
    assigns=["doc.tensor"],
)
def make_chunked_tok2vec(nlp: Language, name: str, source: str, chunk: int) -> ChunkedTok2Vec:
    """The chunked form of ``nlp``'s tok2vec component ``source`` (an earlier component)."""
    _check_source(nlp, name, source, "listeners", "tok2vec component")
    if chunk < 1:
        raise ComponentConfigError(f"[{name} -> chunk] expected a positive number, got {chunk}")
    model = nlp.config["components"].get(source, {}).get("model", {})
    return ChunkedTok2Vec(nlp.get_pipe(source), receptive_field(model), chunk)


@Language.factory(
    "breachfacts_lemmatizer",
    default_config={"source": "lemmatizer"},
    assigns=["token.lemma"],
    requires=["token.pos"],
)
def make_cached_lemmatizer(nlp: Language, name: str, source: str) -> CachedLemmatizer:
    """The cached form of ``nlp``'s lemmatizer ``source`` (an earlier component)."""
    _check_source(nlp, name, source, "lemmatize", "lemmatizer")
    return CachedLemmatizer(nlp.get_pipe(source))


@Language.component("breachfacts_paragraphs", assigns=["token.is_sent_start"])
def make_paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break (:func:`.syntax.paragraph_breaks`).

    RETURNS (Doc): The same document, sentence starts set.
    """
    return paragraph_breaks(doc)


@Language.factory(
    "breachfacts_entities",
    default_config={"patterns": []},
    requires=["doc.ents", "token.dep", "token.pos", "token.lemma"],
    assigns=["doc.ents"],
)
def make_entity_rules(nlp: Language, name: str, patterns: list[str]) -> EntityRules:
    """Map config to constructor: ``patterns`` are a user's pattern directories, read after
    the built-in ones (as ``breachfacts --patterns DIR``)."""
    for i, item in enumerate(patterns):
        if not item.strip():
            raise ComponentConfigError(
                f"[{name} -> patterns -> {i}] expected a directory name, got an empty string"
            )
    return EntityRules(nlp, name, patterns)


def _counted_noun_getter(span: Span) -> Token | None:
    return counted_noun(span)


if not Span.has_extension("counted_noun"):
    Span.set_extension("counted_noun", getter=_counted_noun_getter)
