"""Where a count is for: the place of a breakdown part ("245,000 *in the UK*", "2.7 million
*U.K.* customers").

A count restricted to a place is a part of the article's total when its sentence states
another figure too ("some 270,000 customers, around 245,000 in the UK and 25,000 in
Poland"), or when the article states a larger count of the same role for no place ("57
million users ... 2.7 million U.K. customers"). The store files such a part under its
place (``people affected in U.K.``, docs/store.md), so it is compared only with parts for
the same place, never with the total.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spacy.tokens import Span

from ..facts import Fact
from .lexicon import word_set
from .syntax import counted_noun, entity_end

__all__ = ["breakdown_places", "place_of"]


def place_of(span: Span, lex: dict[str, Any]) -> str | None:
    """The place a count is restricted to: "245,000 *in the UK*", "25,000 customers *from
    Poland*" -> "UK", "Poland" (a GPE, LOC or NORP entity after ``place_preps``), or a
    place before the counted noun: "100,000 *Canadian* consumers", "13,500 *Pennsylvania*
    Uber drivers" (a GPE or NORP entity modifying it). A place the model leaves untagged is
    none: ISO 3166-2 names regions "Southern" and "Central" too."""
    return _place_after(span, lex) or _place_before_noun(span)


def _place_after(span: Span, lex: dict[str, Any]) -> str | None:
    preps = word_set(lex, "place_preps")
    doc, end = span.doc, span.sent.end
    j = span.end
    while j < min(span.end + 2, end) and doc[j].pos_ in ("NOUN", "PROPN") and not doc[j].ent_type_:
        j += 1
    if not (j < end and doc[j].lower_ in preps):
        return None
    k = j + 1
    if k < end and doc[k].lower_ == "the":
        k += 1
    if k >= end or doc[k].ent_type_ not in ("GPE", "LOC", "NORP"):
        return None
    return doc[k : entity_end(doc, k, end)].text


def _place_before_noun(span: Span) -> str | None:
    """A GPE or NORP entity between a count and the noun it counts, modifying that noun."""
    doc, noun = span.doc, counted_noun(span)
    if noun is None or noun.i < span.end:
        return None
    for k in range(span.end, noun.i):
        if doc[k].ent_type_ not in ("GPE", "NORP") or doc[k].ent_iob_ != "B":
            continue
        end = entity_end(doc, k, noun.i) - 1  # the entity's last token
        head, mods = doc[end], ("compound", "amod", "nmod")
        if head.dep_ in mods and head.head.dep_ in mods and head.head.head.i == noun.i:
            head = head.head  # "13,500 Pennsylvania Uber drivers"
        if head.head.i == noun.i and head.dep_ in mods:
            return doc[k : end + 1].text
        return None
    return None


def breakdown_places(
    spans: Sequence[Span], facts: Sequence[Fact], lex: dict[str, Any]
) -> dict[str, str]:
    """Fact id -> place, for figures that are parts of a breakdown: restricted to a place
    (:func:`place_of`) in a sentence that states another figure too ("some 270,000
    customers, around 245,000 in the UK and 25,000 in Poland"), or below a figure of the
    same role the article states for no place ("13,500 Pennsylvania drivers" where the
    article gives 57 million affected). A lone "1,000 customers in the US" that is the
    article's largest is the figure itself, not a part."""
    per_sent: dict[int, int] = {}
    figures = [(s, f) for s, f in zip(spans, facts, strict=True) if f.kind == "figure"]
    for s, _ in figures:
        per_sent[s.sent.start] = per_sent.get(s.sent.start, 0) + 1
    placed = {f.id: p for s, f in figures if (p := place_of(s, lex))}
    out: dict[str, str] = {}
    for s, f in figures:
        place = placed.get(f.id)
        if not place:
            continue
        if per_sent.get(s.sent.start, 0) > 1 or _below_unplaced(f, figures, placed):
            out[f.id] = place
    return out


def _below_unplaced(
    fact: Fact, figures: Sequence[tuple[Span, Fact]], placed: dict[str, str]
) -> bool:
    """Another asserted figure of the same role, for no place, is larger than ``fact``'s."""
    top = fact.high if fact.high is not None else fact.value
    if top is None or fact.role is None:
        return False
    return any(
        g.id not in placed
        and g.role == fact.role
        and g.certainty != "denied"
        and (g.low if g.low is not None else g.value or 0) > top
        for _, g in figures
    )
