"""Event types of an article and whether each happened, from ``patterns/roles.json``.

A sentence mentions an event type through one of its ``events`` words ("breach",
"ransomware", "phished"); the word's realis says whether it happened (actual), might
happen (generic) or is denied. An article's realis for a type pools its sentences.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from .lexicon import word_set
from .syntax import lemma

#: Event types that are attacks on a victim (vulnerability and patch news are not).
ATTACK_EVENTS = ("data breach", "ransomware", "phishing")


#: Event word lookups by table, remembered against the table object (tables are loaded
#: once and never changed); bounded, so fresh dicts only churn it.
_LOOKUPS: dict[int, tuple[dict[str, Any], dict[str, str]]] = {}


def _lookup(events: dict[str, Any]) -> dict[str, str]:
    """Event word -> its type (a word listed twice: the later type)."""
    hit = _LOOKUPS.get(id(events))
    if hit is not None and hit[0] is events:
        return hit[1]
    lookup = {w: k for k, ws in events.items() for w in ws}
    if len(_LOOKUPS) >= 64:
        _LOOKUPS.clear()
    _LOOKUPS[id(events)] = (events, lookup)
    return lookup


def _event_keys(doc: Doc, lookup: dict[str, str]) -> list[str | None]:
    """The event type each token of ``doc`` names (by its lemma, else its lower-case
    form), read from arrays: no Token object per token."""
    strings = doc.vocab.strings
    memo: dict[tuple[int, int], str | None] = {}
    out: list[str | None] = []
    for row in doc.to_array([LEMMA, LOWER]).tolist():
        key = (row[0], row[1])
        if key not in memo:
            memo[key] = lookup.get(strings[row[0]].lower()) or lookup.get(strings[row[1]])
        out.append(memo[key])
    return out


def sentence_events(
    sent: Span, lex: dict[str, Any], keys: Sequence[str | None] | None = None
) -> list[tuple[str, str]]:
    """(event type, realis) for each event type a sentence mentions.

    ``keys``: the event type of each token of the document (:func:`_event_keys`), when
    already read.
    """
    if keys is None:
        keys = _event_keys(sent.doc, _lookup(lex.get("events", {})))
    found: dict[str, int] = {}
    for i in range(sent.start, sent.end):
        key = keys[i]
        if key and key not in found:
            found[key] = i
    doc = sent.doc
    return [(key, realis(doc[i], lex)) for key, i in found.items()]


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
    keys = _event_keys(doc, _lookup(lex.get("events", {})))
    for sent in doc.sents:
        if any(a <= sent.start_char < b for a, b in boiler):
            continue
        for etype, r in sentence_events(sent, lex, keys):
            found.setdefault(etype, []).append((r, sent))
    return found


def article_realis(kinds: Iterable[str]) -> str:
    """An article's realis for an event type: actual if any sentence reports it as
    happened, else denied if any denies it, else generic."""
    ks = set(kinds)
    return "actual" if "actual" in ks else "denied" if "denied" in ks else "generic"
