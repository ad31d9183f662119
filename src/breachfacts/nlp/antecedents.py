"""The noun an elliptic count counts: a number stated without its noun, that takes it from
the phrase it restates or is part of.

News text often leaves the noun of a count to its antecedent:

- a relative or anaphoric pronoun after the number: "customers, 2,000 *of whom* had their
  data stolen", "2 million customers, 40,000 *of them* in Ohio" -> customers;
- apposition to a count: "91 percent (490,557) of users" -> users;
- inclusion in a count: "85 firms, *including* 47 in Texas" -> firms;
- coordination with a count: "hundreds of thousands, if not millions, of citizens" ->
  citizens;
- a fronted part phrase: "*Of those* 1,900 customers, 350 had their cards stolen" ->
  customers.

The words are ``elliptic_counts`` in ``patterns/roles.json``: ``relative`` and
``anaphoric`` pronouns, ``partitive`` prepositions ("of", "among") and ``inclusive`` words
("including"). :func:`antecedent_noun` is asked only for a number that counts no noun of
its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spacy.tokens import Span, Token

from .lexicon import word_set
from .syntax import is_number_word, lemma

__all__ = ["antecedent_noun", "pronoun_after"]

_PERCENT = ("percent", "per cent", "%")


_NONE: dict[str, Any] = {}


def _words(lex: Mapping[str, Any], key: str) -> frozenset[str]:
    """The lower-cased words of ``elliptic_counts -> key`` (a set built once per table)."""
    return word_set(lex.get("elliptic_counts", _NONE), key)


def _is_count_word(tok: Token) -> bool:
    """A number, a scale word ("thousands") or a percentage: what a count's noun is not."""
    return tok.pos_ == "NUM" or is_number_word(tok) or lemma(tok) in _PERCENT


def _part_noun(tok: Token, preps: frozenset[str]) -> Token | None:
    """The noun of a partitive phrase hung from ``tok``: "91 percent *of users*"."""
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.pos_ == "NOUN" and not _is_count_word(obj):
                    return obj
    return None


def _noun_of_count(tok: Token, preps: frozenset[str]) -> Token | None:
    """The noun a count word counts: its partitive noun, else the noun it modifies."""
    noun = _part_noun(tok, preps)
    if noun is not None:
        return noun
    if tok.dep_ in ("nummod", "quantmod") and tok.head.pos_ == "NOUN":
        return tok.head
    return None


def pronoun_after(span: Span, lex: Mapping[str, Any]) -> Token | None:
    """The pronoun of "N of whom / of them / of those" right after ``span``, or None."""
    doc, end = span.doc, span.sent.end
    if span.end + 1 >= end or doc[span.end].lower_ not in _words(lex, "partitive"):
        return None
    ref = doc[span.end + 1]
    refs = _words(lex, "relative") | _words(lex, "anaphoric")
    return ref if ref.lower_ in refs else None


def antecedent_noun(span: Span, lex: Mapping[str, Any]) -> Token | None:
    """The noun an elliptic count ``span`` takes from its antecedent, or None."""
    preps = _words(lex, "partitive")
    root = span.root
    ref = pronoun_after(span, lex)
    if ref is not None:
        if ref.lower_ in _words(lex, "relative"):
            clause = root
            while clause.dep_ != "relcl" and clause.head.i != clause.i:
                clause = clause.head
            if clause.dep_ == "relcl" and clause.head.pos_ == "NOUN":
                return clause.head
        # the nearest plural noun before ("customers, 40,000 of them"; a relative clause
        # the parser did not attach to its noun)
        for tok in reversed(span.doc[span.sent.start : span.start]):
            if tok.tag_ == "NNS" and not _is_count_word(tok):
                return tok
        return None
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in _words(lex, "inclusive"):
        head = head.head  # "85 firms, including 47": from the word to what it hangs on
        if head.pos_ == "NOUN":
            return _noun_of_count(head, preps) if _is_count_word(head) else head
        return None
    if root.dep_ == "appos" and head.pos_ == "NOUN":
        return _noun_of_count(head, preps) if _is_count_word(head) else head
    if root.dep_ == "conj" and _is_count_word(head):
        return _noun_of_count(head, preps)
    if root.dep_ in ("nsubj", "nsubjpass"):
        for prep in head.children:  # "Of those 1,900 customers, 350 had ..."
            if prep.dep_ == "prep" and prep.lower_ in preps and prep.i < root.i:
                return _part_noun(head, preps)
    return None
