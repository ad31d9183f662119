"""What a figure or amount is a value *of*: its population, payee, event and whole.

Two counts about one company are the same fact only if they count the same thing: "1,200
employees" and "10,000 customers" are two populations, "a $175 million penalty to the
states" and "$100 million to the FTC" two payments, "59 of those 20,000 files" a part of
the total and no revision of it, and the 1 billion accounts of the 2013 breach no earlier
report of the 500 million of 2014. This module reads those qualifiers from the parse during
extraction; the store files each fact under its subject, measure and these qualifiers (the
slot, see docs/store.md) and compares only facts of one slot.

- :func:`population_of`: the group of people a count of people counts, from
  ``populations`` in ``patterns/roles.json`` ("staff" and "workers" are employees);
  generic words ("people", "customers", "consumers") give none, and a noun compound
  before the noun narrows any of them ("loyalty members", "business customers").
- :func:`payee_of`: whom an amount is paid to ("$100 million *to the FTC*", "paid
  $100,000 *to the hackers*").
- :func:`part_of`: the total a figure is part of ("59 *of those* files", "2,000 *of the*
  20,000 files", "12 *out of* 30 servers"): the id of the total's fact in the article, or
  ``"total"`` when the total is only referred to.
- :func:`event_of`: the year of the incident a figure or amount belongs to, when its
  sentence dates the attack ("the 2013 breach affected 1 billion accounts").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from spacy.tokens import Span

from ..facts import Fact
from ..normalise.words import ADDITIVE_WORDS
from .lexicon import word_lookup, word_set
from .syntax import counted_noun, entity_end, fronted_partitive, lemma

__all__ = ["event_of", "part_of", "payee_of", "population_of", "slot_qualifiers"]

_YEAR = re.compile(r"^(?:19[5-9]\d|20\d\d)$")
_ADDITIVES = "|".join(re.escape(w) for w in sorted(ADDITIVE_WORDS, key=len, reverse=True))
_ADDITIVE_START = re.compile(rf"^(?:{_ADDITIVES})\s")  # "an additional 2.4 million"
_ADDITIVE_END = re.compile(rf"(?:^|\s)(?:{_ADDITIVES})$")  # "another" before "500"


def population_of(span: Span, unit: str | None, lex: dict[str, Any]) -> str | None:
    """The group of people a count of people counts, or None for people in general.

    ``unit`` is the fact's counted noun (its lemma). A word of a group in ``populations``
    gives the group ("staff" -> "employee"); a word in ``populations -> generic`` gives
    None, unless a common noun compound before it narrows it ("loyalty members" ->
    "loyalty member", "business customers" -> "business customer"). A count of anything
    else (records, accounts, money) has no population.

    Example (the table part): ``{"employee": ["staff", "worker"], "generic": ["people"]}``
    makes "1,200 staff" a count of employees and "8,000 people" a count of no group.
    """
    if not unit:
        return None
    groups = lex.get("populations", {})
    lookup = word_lookup(groups)
    u = unit.lower().split()[-1] if unit.split() else ""
    group = lookup.get(u) or lookup.get(u.rstrip("s"))
    if group is None:
        return None
    noun = counted_noun(span)
    narrow = []
    if noun is not None:
        for child in noun.children:
            if (
                child.dep_ == "compound"
                and child.i < noun.i
                and child.i >= span.end
                and child.pos_ == "NOUN"
                and not child.ent_type_
            ):
                narrow.append(child.lower_)
    for word in narrow:  # "staff members" are employees
        if lookup.get(word, "generic") != "generic":
            return lookup[word]
    if narrow:
        base = u if group == "generic" else group
        return " ".join([*narrow, base])
    return None if group == "generic" else group


def payee_of(span: Span, lex: dict[str, Any]) -> str | None:
    """Whom an amount is paid to: the object of "to" after the amount, in its clause.

    "a $175 million penalty *to the states*" -> "states"; "paid $100,000 *to the
    hackers*" -> "hackers"; "$100 million *to the Federal Trade Commission*" -> "Federal
    Trade Commission". Never "up to", "to date", an infinitive ("to pay") or a date.
    """
    doc, sent = span.doc, span.sent
    preps = word_set(lex, "payee_preps")
    stop = min(sent.end, span.end + 6)
    j = span.end
    while j < stop:
        tok = doc[j]
        if tok.lower_ in preps and tok.pos_ == "ADP":
            break
        if tok.pos_ in ("VERB", "AUX", "PUNCT", "CCONJ") or tok.ent_type_ == "MONEY":
            return None
        j += 1
    else:
        return None
    k = j + 1
    while k < sent.end and doc[k].pos_ in ("DET", "NUM", "ADJ"):
        k += 1
    if k >= sent.end:
        return None
    tok = doc[k]
    if tok.ent_type_ in ("ORG", "GPE", "NORP", "PERSON"):
        return doc[k : entity_end(doc, k, sent.end)].text
    if tok.pos_ in ("NOUN", "PROPN") and not tok.ent_type_:
        if lemma(tok) in word_set(lex, "not_payees"):
            return None
        return lemma(tok)
    return None


class _Totals:
    """The figures (or amounts) of an article, found by start and by position: what
    :func:`part_of` looks a total up in, without a scan per figure."""

    def __init__(self, items: Sequence[tuple[Span, Fact]]) -> None:
        self.by_start = {sp.start: f.id for sp, f in items}
        ordered = sorted((sp.end, f.id) for sp, f in items)
        self.ends = [e for e, _ in ordered]
        self.ids = [i for _, i in ordered]

    def before(self, start: int) -> str | None:
        """The id of the last one that ends at or before token ``start``."""
        k = bisect_right(self.ends, start)
        return self.ids[k - 1] if k else None


def part_of(span: Span, totals: _Totals, lex: dict[str, Any]) -> str | None:
    """The total a figure is a part of: "59 *of those* files", "2,000 *of the* 20,000
    files", "12 *out of* 30 servers", "59 *of them*"; "*an additional* 2.4 million",
    "*another* 500" (:data:`~breachfacts.normalise.words.ADDITIVE_WORDS`) add to a total.

    Returns the id of the total's figure when the phrase names it ("of the 20,000") or,
    for "those", "these" and "them", the nearest earlier figure in the article; else
    ``"total"`` (a part of a total the article does not state). None for a figure that is
    no part ("2,000 *of the* company's customers" is a count of customers).
    """
    named = _part_of_phrase(span, totals, lex) or _fronted_part_of(span, totals, lex)
    if named is not None:
        return named
    doc, sent = span.doc, span.sent
    before = doc[max(sent.start, span.start - 2) : span.start].text.lower()
    if _ADDITIVE_START.match(span.text.lower()) or _ADDITIVE_END.search(before):
        return "total"  # "an additional 2.4 million", "another 500": added to a total
    return None


def _fronted_part_of(span: Span, totals: _Totals, lex: dict[str, Any]) -> str | None:
    """The total a sentence-opening "of" phrase names, for a figure after its comma: "*Of
    the 6.9 million accounts hacked*, 5.5 million contained ..." -> the 6.9 million; "*Of
    those*, 600 were ..." -> the nearest earlier figure (or ``"total"``)."""
    phrase = fronted_partitive(span)
    if phrase is None:
        return None
    for t in phrase:
        if t.i in totals.by_start:
            return totals.by_start[t.i]
    if phrase[0].lower_ in word_set(lex, "part_refs"):
        return totals.before(span.sent.start) or "total"
    return None


def _part_of_phrase(span: Span, totals: _Totals, lex: dict[str, Any]) -> str | None:
    """The total an "of those / of the / out of" phrase after the figure names."""
    doc, sent = span.doc, span.sent
    j = span.end
    if j < sent.end and doc[j].lower_ == "out" and j + 1 < sent.end:
        j += 1
    if not (j < sent.end and doc[j].lower_ == "of"):
        return None
    nxt = doc[j + 1] if j + 1 < sent.end else None
    if nxt is None:
        return None
    refers = word_set(lex, "part_refs")
    owners = word_set(lex, "part_owners")  # "of its 5 million users" names its total
    after = j + 2 if nxt.lower_ in refers | owners or nxt.lower_ == "the" else j + 1
    # a figure right after "of (the|those)": the total is named
    named = totals.by_start.get(after) or (totals.by_start.get(j + 1) if nxt.like_num else None)
    if named is not None:
        return named
    if nxt.lower_ in refers:
        return totals.before(span.start) or "total"
    return None


def event_of(span: Span, attack_years: set[str], lex: dict[str, Any]) -> str | None:
    """The year of the incident a figure or amount belongs to: the year of an attack date
    in its sentence (``attack_years``: "A June 2019 cyberattack ... 8,000 people"), or of a
    year that modifies an attack word there ("the *2013* breach affected 1 billion
    accounts"). None when the sentence dates no attack, or dates two."""
    events = {w.lower() for ws in lex.get("events", {}).values() for w in ws}
    years = set(attack_years) | {
        t.text
        for t in span.sent
        if _YEAR.match(t.text) and t.head.i != t.i and lemma(t.head) in events
    }
    return years.pop() if len(years) == 1 else None


def slot_qualifiers(
    spans: Sequence[Span], facts: Sequence[Fact], lex: dict[str, Any]
) -> dict[str, dict[str, str]]:
    """Fact id -> its slot qualifiers (``population``, ``payee``, ``part_of``, ``event``),
    only those found, for the figures and amounts of one article (roles already given:
    an attack date's role names the event)."""
    pairs = list(zip(spans, facts, strict=True))
    figures = _Totals([(s, f) for s, f in pairs if f.kind == "figure"])
    amounts = _Totals([(s, f) for s, f in pairs if f.kind == "money"])
    attack_years: dict[int, set[str]] = {}  # sentence start -> years of its attack dates
    for s, f in pairs:
        if f.kind == "date" and f.role == "attack" and (f.date or "")[:4].isdigit():
            attack_years.setdefault(s.sent.start, set()).add((f.date or "")[:4])
    events: dict[int, str | None] = {}  # sentence start -> its event year, worked out once
    out: dict[str, dict[str, str]] = {}
    for s, f in pairs:
        q: dict[str, str | None] = {}
        if f.kind == "figure":
            q["population"] = population_of(s, f.unit, lex)
            q["part_of"] = part_of(s, figures, lex)
        elif f.kind == "money" and not f.equivalent_of:
            q["payee"] = payee_of(s, lex)
            q["part_of"] = part_of(s, amounts, lex)
        else:
            continue
        start = s.sent.start
        if start not in events:
            events[start] = event_of(s, attack_years.get(start, set()), lex)
        q["event"] = events[start]
        found = {k: v for k, v in q.items() if v}
        if found:
            out[f.id] = found  # type: ignore[assignment]
    return out
