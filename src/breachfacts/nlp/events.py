"""Event types of an article and whether each happened, from ``patterns/roles.json``.

A sentence mentions an event type through one of its ``events`` words ("breach",
"ransomware", "phished"); the word's realis says whether it happened (actual), might
happen (generic) or is denied. An article's realis for a type pools its sentences.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from spacy.tokens import Doc, Span, Token

from .lexicon import word_set
from .syntax import lemma

#: Event types that are attacks on a victim (vulnerability and patch news are not).
ATTACK_EVENTS = ("data breach", "ransomware", "phishing")


def sentence_events(sent: Span, lex: dict[str, Any]) -> list[tuple[str, str]]:
    """(event type, realis) for each event type a sentence mentions."""
    events = lex.get("events", {})
    lookup = {w: k for k, ws in events.items() for w in ws}
    found: dict[str, Token] = {}
    for tok in sent:
        key = lookup.get(lemma(tok)) or lookup.get(tok.lower_)
        if key and key not in found:
            found[key] = tok
    return [(key, realis(tok, lex)) for key, tok in found.items()]


def realis(tok: Token, lex: dict[str, Any]) -> str:
    """actual | generic | denied for the event word ``tok``.

    denied: a negation on the word or its governors ("no information was *leaked*",
    "has not been *breached*"), a "no" determiner, or a denial verb above it ("denied
    that data was *stolen*"). generic: a modal, condition or possibility cue ("could
    *steal*", "if attackers *exploit*", "the risk of a *breach*").
    """
    generic = word_set(lex, "generic_cues")
    deny = word_set(lex, "deny_cues") or {"deny"}
    chain = [tok, *list(tok.ancestors)[:3]]
    negations = word_set(lex, "negation_dets") or {"no"}
    for t in chain:
        for c in t.children:
            if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in negations):
                return "denied"
            if c.dep_ in ("nsubj", "nsubjpass", "dobj") and any(
                g.dep_ == "det" and g.lower_ in negations for g in c.children
            ):
                return "denied"  # "*no* customer data was stolen"
            if c.lower_ in generic and c.dep_ in ("aux", "mark", "advmod", "amod"):
                return "generic"
        if t is not tok and lemma(t) in deny:
            return "denied"
        if t.lower_ in generic:
            return "generic"
    return "actual"


def find_events(
    doc: Doc, lex: dict[str, Any], boiler: Sequence[tuple[int, int]] = ()
) -> dict[str, list[tuple[str, Span]]]:
    """Event type -> [(realis, sentence)] over the sentences outside ``boiler``."""
    found: dict[str, list[tuple[str, Span]]] = {}
    for sent in doc.sents:
        if any(a <= sent.start_char < b for a, b in boiler):
            continue
        for etype, r in sentence_events(sent, lex):
            found.setdefault(etype, []).append((r, sent))
    return found


def article_realis(kinds: Iterable[str]) -> str:
    """An article's realis for an event type: actual if any sentence reports it as
    happened, else denied if any denies it, else generic."""
    ks = set(kinds)
    return "actual" if "actual" in ks else "denied" if "denied" in ks else "generic"
