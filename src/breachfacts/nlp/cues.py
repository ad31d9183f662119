"""How sure the text is of a claim: certain, hedged or denied, from the dependency parse.

The cue words (hedging verbs, modals and adverbs, negations, denial and reporting verbs)
are data: ``patterns/cues.json``, read as sets through :mod:`.lexicon`.
"""

from __future__ import annotations

import functools
from typing import Any

from spacy.tokens import Span, Token

from ..tables import load_json_table
from .lexicon import word_set


@functools.lru_cache(maxsize=1)
def builtin_cues() -> dict[str, Any]:
    """The built-in certainty cues (``patterns/cues.json``), loaded once per process."""
    return load_json_table("cues.json")


#: Dependency labels whose clause makes its own claim: hedges above it do not reach in.
_CLAUSE_BOUNDARIES = {"advcl", "relcl", "parataxis", "acl"}


#: Prepositions that introduce the standard of a comparison ("as bad as", "fewer than").
_COMPARATIVES = frozenset({"as", "than"})


def certainty(span: Span, cues: dict[str, Any]) -> str:
    """ "denied", "hedged" or "certain" for the claim ``span`` takes part in.

    Walks from the span up the dependency tree to the sentence root. A hedge cue (a hedging
    verb such as believe/suspect/presume, a modal such as may/might/could, an adverb such as
    reportedly/allegedly) on that path hedges the fact, unless the fact is the active
    subject of the hedging verb (the officials who *suspect* are not hedged). A negation or
    a denial verb on the path, or a "no" determiner on the counted noun, denies it, except
    where the negation only withholds ("won't *say* if the city paid", "does not *believe*":
    a speech or belief verb, listed as ``withhold_lemmas``; hedged) or times ("it wasn't
    *until* mid 2016": certain). A "no" determiner denies its own noun, not a figure in a
    phrase hung from it ("no Social Security numbers *from the 50 million records*"), and a
    figure that is the standard of a comparison ("not as bad as *the 100 million records*
    reported") is stated as given, whatever the comparison says. A clause the parser hangs
    as the complement of a later head that does not report, believe or deny ("nearly 150
    million people were exposed, ..., so this is *not* something to be taken lightly") is
    asserted on its own: the walk stops there, as at other clause boundaries. The cue lists
    are data: ``patterns/cues.json`` (``report_lemmas`` names the reporting verbs).
    """
    hedge_lemmas = word_set(cues, "hedge_lemmas")
    hedge_modals = word_set(cues, "hedge_modals")
    hedge_adverbs = word_set(cues, "hedge_adverbs")
    deny_lemmas = word_set(cues, "deny_lemmas")
    negations = word_set(cues, "negations")
    withhold = word_set(cues, "withhold_lemmas")
    hedged = denied = in_phrase = False
    but_at = -1  # a "but" after the fact whose later conjuncts a negation may belong to
    tok: Token = span.root
    prev: Token | None = None
    steps = 0
    while steps < 12:
        steps += 1
        via = prev.dep_ if prev is not None else ""
        if via == "ccomp":
            but_at = -1  # a reporting or denying head governs its whole complement
        if via in _CLAUSE_BOUNDARIES:
            break  # "As reported by X, the data *might* ...": X's clause is not hedged
        if via == "prep" and tok.pos_ in ("NOUN", "PROPN", "PRON"):
            in_phrase = True  # the fact sits in a phrase hung from a noun
        if via == "prep" and prev is not None and prev.lower_ in _COMPARATIVES:
            if tok.pos_ in ("ADJ", "ADV"):
                break  # "not as bad as *the 100 million records*": the standard compared with
        if via == "ccomp" and prev is not None and prev.i < tok.i:
            lemma = tok.lemma_.lower()
            if not (
                lemma in withhold
                or lemma in hedge_lemmas
                or lemma in deny_lemmas
                or lemma in word_set(cues, "report_lemmas")
            ):
                break  # a clause before a head that does not report: juxtaposed, not content
        if prev is not None:
            lemma = tok.lemma_.lower()
            if lemma in deny_lemmas and via not in ("nsubj",) and not 0 <= but_at < tok.i:
                denied = True
            if lemma in hedge_lemmas and via not in ("nsubj",):
                hedged = True
        if prev is not None and but_at < 0:
            but_at = _but_after(tok, span)  # "of 600,000 customers but more sensitive data"
        for child in tok.children:
            if child is prev:
                continue
            low = child.lower_
            if 0 <= but_at < child.i and (child.dep_ == "neg" or low in negations):
                continue  # "... but more sensitive information had *not* been stolen"
            if child.dep_ == "neg" or (child.dep_ == "det" and low in negations):
                if child.dep_ == "neg" and tok.lemma_.lower() in withhold:
                    hedged = True  # "won't say whether", "does not believe"
                elif child.dep_ == "neg" and any(c.lower_ == "until" for c in tok.children):
                    pass  # "it wasn't until June that ...": a time, not a denial
                elif child.dep_ == "det" and in_phrase:
                    pass  # "no Social Security numbers *from the 50 million records*"
                elif prev is not None or child.dep_ == "det":
                    denied = True
            if child.dep_ == "aux" and low in hedge_modals:
                hedged = True
            if child.dep_ == "advmod" and low in hedge_adverbs:
                hedged = True
        if tok.head is tok:
            break
        prev, tok = tok, tok.head
    if denied:
        return "denied"
    return "hedged" if hedged else "certain"


def _but_after(tok: Token, span: Span) -> int:
    """The index of a "but" that ``tok`` coordinates a later conjunct with, after the fact;
    else -1. A negation after it is the later conjunct's ("the numbers of 600,000
    customers but more sensitive information ... had not been stolen": the parser hangs
    both on one verb); one before it stays the fact's ("not a zero-day flaw, but ...")."""
    for c in tok.children:
        if c.dep_ == "cc" and c.lower_ == "but" and span.end <= c.i:
            if any(d.dep_ == "conj" and d.i > c.i for d in tok.children):
                return c.i
    return -1
