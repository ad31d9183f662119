"""Where a number entity begins and whether it is a fact at all, from the words around it.

Part of the entity repair (:mod:`.entities`): a hedge the model left outside a number is
taken in ("up to" + "5 million"), a second hedge is not ("data *about* more than 300,000");
a number inside a hyphenated modifier ("a *one-time* cost") or the period of a rate
("15 billion transactions *a year*") is no fact.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spacy.tokens import Span

from ..normalise.words import HEDGES
from .lexicon import word_set
from .syntax import MISREAD_NOUN, NUMERIC, is_number_word, period_after

#: Hedge phrases as token tuples, longest first, for extending a number leftwards.
HEDGE_TOKENS = sorted({tuple(h.lower().split()) for h in HEDGES}, key=lambda t: (-len(t), t))
#: Durations also take "within" ("within a few days": at most nine days).
DURATION_HEDGES = sorted({*HEDGE_TOKENS, ("within",)}, key=lambda t: (-len(t), t))
HEDGE_MAX = len(HEDGE_TOKENS[0])
HEDGE_SET = frozenset(HEDGE_TOKENS)


def in_a_modifier(ent: Span, lex: dict[str, Any]) -> bool:
    """A number joined by a hyphen to the word after it, into a modifier: "a *one-time*
    cost", "*two-factor* authentication", "a *10-member* team" count nothing. "5,000-strong"
    and "1,000-plus" (``hyphen_count_words`` in ``patterns/roles.json``) still count, as do
    a scale ("2-million") and units the model tags as dates ("24-hour")."""
    doc, last = ent.doc, ent[-1]
    if last.whitespace_ or ent.end + 1 >= len(doc) or doc[ent.end].text != "-":
        return False
    if not is_number_word(last) or doc[ent.end].whitespace_:
        return False
    word = doc[ent.end + 1]
    after = doc[ent.end + 2] if ent.end + 2 < len(doc) else None
    return (
        word.is_alpha
        and word.is_lower
        and word.lower_ not in word_set(lex, "hyphen_count_words")
        and not is_number_word(word)
        and after is not None
        and after.is_alpha  # a modifier of the word after it, not "40,000-records."
    )


def rate_period(ent: Span, lex: dict[str, Any]) -> bool:
    """A date entity that is only the period of a rate: "15 billion transactions *a
    year*", "$2 million *a month*" (right after a counted noun or an amount)."""
    doc = ent.doc
    if ent.start == 0 or period_after(doc, ent.start, lex) != ent.end:
        return False
    prev = doc[ent.start - 1]
    counted = prev.pos_ == "NOUN" and any(
        c.dep_ in ("nummod", "quantmod") or c.ent_type_ in NUMERIC for c in prev.children
    )
    # a word right after a number, whatever the parser made of it ("2,049 records")
    after_number = (
        ent.start >= 2 and prev.pos_ in MISREAD_NOUN and doc[ent.start - 2].ent_type_ in NUMERIC
    )
    return counted or after_number or prev.ent_type_ in (*NUMERIC, "MONEY")


def only_a_hedge(ent: Span) -> bool:
    """A number entity that is a hedge phrase and nothing else ("more than", "about"): the
    model split it from the number after it."""
    return ent.label_ in NUMERIC and tuple(t.lower_ for t in ent) in HEDGE_SET


def without_stacked_preposition(ent: Span) -> Span:
    """``ent`` without a first one-word hedge that another hedge follows: "information
    [about more than 300,000] users" -> "more than 300,000" (a preposition there),
    "spread [over about 5,000] machines" -> "about 5,000", "[around about 500]" -> "about
    500". Two hedges do not parse, and the number was lost."""
    first = ent[0] if len(ent) > 2 else None
    if first is None or (first.lower_,) not in HEDGE_SET:
        return ent
    rest = tuple(t.lower_ for t in ent[1 : 1 + HEDGE_MAX])
    if any(rest[: len(h)] == h for h in HEDGE_TOKENS):
        return Span(ent.doc, ent.start + 1, ent.end, label=ent.label)
    return ent


def with_hedge(ent: Span, floor: int, hedges: Sequence[tuple[str, ...]] = ()) -> Span:
    """``ent`` extended leftwards over a hedge phrase that the model left outside it.

    ``hedges``: token tuples, longest first; the number hedges when empty.
    """
    hedges = hedges or HEDGE_TOKENS
    doc = ent.doc
    own = tuple(t.lower_ for t in ent[:HEDGE_MAX])
    if any(own[: len(h)] == h for h in hedges):
        return ent  # one hedge: "data about [more than 300,000]" is not "about more than"
    # The words before the entity back to ``floor``, never across a sentence start
    # (a hedge may begin its sentence, but the entity may not), skipping whitespace tokens
    # ("more than<NBSP>a thousand"): read once, then compared with each hedge.
    before: list[str] = []
    at: list[int] = []
    k = ent.start - 1
    while k >= floor and len(before) < HEDGE_MAX and not doc[k + 1].is_sent_start:
        if not doc[k].is_space:
            before.append(doc[k].lower_)
            at.append(k)
        k -= 1
    before.reverse()
    at.reverse()
    for hedge in hedges:
        n = len(hedge)
        if n <= len(before) and tuple(before[len(before) - n :]) == hedge:
            return Span(doc, at[len(at) - n], ent.end, label=ent.label)
    return ent


def split_trailing_names(ents: list[Span]) -> list[Span]:
    """Count entities that the model ran into the capitalised words after the number, cut
    before them: "[Some 237,642,650 French] customers" -> "Some 237,642,650" and "French"
    (NORP: a proper adjective, tagged JJ, is a nationality); proper nouns cut off stay
    untagged, for the organisation rules to read."""
    out: list[Span] = []
    for e in ents:
        end = e.end
        while (
            end - 1 > e.start
            and e.doc[end - 1].is_title
            and e.doc[end - 1].is_alpha
            and not is_number_word(e.doc[end - 1])
        ):
            end -= 1
        if e.label_ != "CARDINAL" or end == e.end or not is_number_word(e.doc[end - 1]):
            out.append(e)
            continue
        out.append(Span(e.doc, e.start, end, label=e.label))
        if all(t.tag_ == "JJ" for t in e.doc[end : e.end]):
            out.append(Span(e.doc, end, e.end, label="NORP"))
    return out


def one_of_the_most(ent: Span) -> bool:
    """ "*one* of the largest healthcare systems", "*one* of the most popular apps": a
    description, not a count (a superlative, tagged JJS or RBS, in the "of" phrase)."""
    doc = ent.doc
    if ent.text.lower() != "one" or ent.end + 1 >= len(doc) or doc[ent.end].lower_ != "of":
        return False
    for tok in doc[ent.end + 1 : min(ent.end + 5, len(doc))]:
        if tok.tag_ in ("JJS", "RBS"):
            return True
        if tok.pos_ in ("NOUN", "PROPN", "PUNCT", "VERB"):
            return False
    return False
