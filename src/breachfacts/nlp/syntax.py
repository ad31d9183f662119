"""Dependency helpers shared by the components, the roles and extraction.

What a number counts (:func:`counted_noun`), the nearest cue word in the dependency tree
(:func:`nearest_cue`), whether a sentence has a word (:func:`sentence_has`), and the
paragraph breaks set before the parser runs (:func:`paragraph_breaks`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..normalise.words import NUMBER_WORDS, SCALE_WORDS
from .lexicon import word_lookup

#: Entity labels of amounts: counts, quantities, money, percentages and rule figures.
NUMERIC = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "FIGURE"}


def lemma(tok: Token) -> str:
    """The lower-cased lemma of ``tok``: the form the cue tables list."""
    return tok.lemma_.lower()


def nearest_cue(span: Span, cues: dict[str, Iterable[str]], max_distance: int = 4) -> str | None:
    """The key of ``cues`` whose lemma is closest to ``span`` in its sentence's dependency tree.

    Tokens of the span itself count at distance 0 only for words other than the number
    (the "cyberattack" of "A June 2019 cyberattack" is outside the date span, so at 1).
    """
    hit = nearest_cue_token(span, cues, max_distance)
    return hit[0] if hit else None


def nearest_cue_token(
    span: Span, cues: dict[str, Iterable[str]], max_distance: int = 4
) -> tuple[str, Token] | None:
    """Like :func:`nearest_cue`, with the cue token found.

    A cue of two words is a verb and its complement ("become public", "make public"): it
    is looked up before the verb alone ("became public" is a disclosure, "became aware" a
    discovery).
    """
    lookup = word_lookup(cues)
    sent = span.sent
    inside = set(range(span.start, span.end))
    seen = set(inside)
    queue: deque[tuple[Token, int]] = deque((t, 0) for t in span)
    while queue:
        tok, dist = queue.popleft()
        if tok.i not in inside:
            key = _phrase_cue(tok, lookup) or lookup.get(lemma(tok)) or lookup.get(tok.lower_)
            if key is not None:
                return key, tok
        if dist >= max_distance:
            continue
        for nxt in (tok.head, *tok.children):
            if nxt.i in seen or not (sent.start <= nxt.i < sent.end):
                continue
            seen.add(nxt.i)
            queue.append((nxt, dist + 1))
    return None


_COMPLEMENTS = frozenset({"acomp", "ccomp", "oprd", "prt", "dobj", "xcomp"})


def _phrase_cue(tok: Token, lookup: dict[str, str]) -> str | None:
    """The key of a two-word cue made of ``tok`` and one of its complements."""
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    verb = lemma(tok)
    for child in tok.children:
        if child.dep_ in _COMPLEMENTS:
            key = lookup.get(f"{verb} {lemma(child)}")
            if key is not None:
                return key
    return None


def sentence_has(sent: Span, words: set[str]) -> bool:
    """Whether a lemma or lower-cased word of ``sent`` is in ``words``."""
    return any(lemma(t) in words or t.lower_ in words for t in sent)


def entity_end(doc: Doc, k: int, stop: int) -> int:
    """The end (exclusive) of the entity that begins at token ``k``, no further than
    ``stop``: "the *Federal Trade Commission* said" from "Federal"."""
    end = k + 1
    while end < stop and doc[end].ent_iob_ == "I":
        end += 1
    return end


def counted_noun(span: Span) -> Token | None:
    """The noun a number phrase counts, from the dependency parse.

    "nearly 20,000 files" -> files (the number modifies it); "59 of those data files" ->
    files (partitive "of"); "12 current and former executives" -> executives. Falls back to
    the first noun right after the number, over adjectives and participles.
    """
    doc = span.doc
    nums = [t for t in span if t.like_num or t.pos_ == "NUM"]
    anchor = nums[-1] if nums else span.root
    # partitive: "59 of (those) data files", "three of the 59 cases"
    for child in anchor.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                inside = span.start <= pobj.i < span.end  # "[thousands of customers]"
                if (
                    pobj.dep_ == "pobj"
                    and pobj.pos_ in ("NOUN", "PROPN")
                    and (inside or not pobj.ent_type_)
                    and not is_number_word(pobj)  # "hundreds of [thousands]"
                ):
                    return pobj
    head = anchor.head
    if (
        anchor.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "npadvmod")
        and (
            head.i >= span.end
            or (head.i == span.end - 1 > anchor.i and head.tag_ == "NNS")  # "[seventy records]"
        )
        and head.pos_ in ("NOUN", "PROPN")
        and head.i - span.end <= 5
        and not (head.ent_type_ and head.ent_type_ not in NUMERIC)
    ):
        # a noun compound counts its last noun: "500 million user accounts" -> accounts,
        # as the fallback below reads "customer records"
        while (
            head.dep_ == "compound"
            and head.head.i == head.i + 1
            and head.head.pos_ == "NOUN"
            and not head.head.ent_type_
        ):
            head = head.head
        return head
    i = span.end
    while i < len(doc) and i < span.end + 4:
        tok = doc[i]
        if tok.pos_ == "NOUN" and not tok.ent_type_:
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            if nxt is not None and nxt.pos_ == "NOUN" and not nxt.ent_type_:
                i += 1
                continue
            return tok
        if tok.pos_ not in ("ADJ", "VERB", "ADV", "CCONJ") or tok.is_punct:
            break
        i += 1
    return None


def fronted_partitive(span: Span) -> Span | None:
    """The words of a sentence-opening "of" phrase that ``span`` follows, between "of"
    and its comma: "Of *the 6.9 million accounts hacked*, 5.5 million ...", "Out of *the
    30 servers*, 12 ...", "Of *those*, 59 ...". None when the sentence opens otherwise or
    the span is inside the phrase."""
    doc, sent = span.doc, span.sent
    i = sent.start
    while i < span.start and (doc[i].is_space or doc[i].is_quote):
        i += 1
    if i < span.start and doc[i].lower_ == "out":
        i += 1
    if not (i < span.start and doc[i].lower_ == "of"):
        return None
    comma = next((t.i for t in doc[i + 1 : span.start] if t.text == ","), None)
    if comma is None or comma == i + 1:
        return None
    return doc[i + 1 : comma]


def first_conjunct(tok: Token) -> Token:
    """The first of the conjuncts ``tok`` is one of ("ALPHV or *BlackCat*" -> ALPHV): it
    stands in the sentence for all of them."""
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    return tok


def period_after(doc: Doc, k: int, lex: dict[str, Any]) -> int:
    """The end of a rate's period that starts at token ``k`` ("*a year*", "*per day*",
    "*each month*", "*annually*"), or 0 when none does. The words are ``rate_periods`` in
    ``patterns/roles.json``."""
    words = lex.get("rate_periods", {})
    if k >= len(doc):
        return 0
    if doc[k].lower_ in words.get("adverbs", ()):
        return k + 1
    if (
        k + 1 < len(doc)
        and doc[k].lower_ in words.get("determiners", ())
        and doc[k + 1].lower_ in words.get("periods", ())
        and not (k + 2 < len(doc) and doc[k + 2].lower_ in words.get("relative", ()))
    ):
        return k + 2  # not "a year *ago*": a point in time
    return 0


def per_period(span: Span, lex: dict[str, Any]) -> bool:
    """A count stated per period, a rate: "processes 15 billion transactions *a year*",
    "blocks 4 million attacks *daily*" (after the counted noun, or the number itself)."""
    doc, noun = span.doc, counted_noun(span)
    k = noun.i + 1 if noun is not None and noun.i >= span.end else span.end
    if period_after(doc, k, lex) > 0:
        return True
    # the parser missed the noun ("2,049 records a day" with "records" read as a verb)
    return (
        noun is None
        and k < len(doc)
        and doc[k].pos_ in MISREAD_NOUN
        and period_after(doc, k + 1, lex) > 0
    )


#: What the parser may make of a counted noun it missed ("2,049 *records* a day" as a
#: verb); never a preposition ("tens of thousands *within* a week").
MISREAD_NOUN = frozenset({"NOUN", "PROPN", "VERB"})


def is_number_word(tok: Token) -> bool:
    """A number or a scale word, singular or plural: "thousands", "millions", "dozen"."""
    low = tok.lower_
    return (
        tok.like_num
        or low in NUMBER_WORDS
        or low in SCALE_WORDS
        or low.removesuffix("s") in SCALE_WORDS
    )


def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, before the parser runs.

    News text is laid out in paragraphs; a quote ending in a comma must not glue the next
    paragraph onto its sentence. The parser keeps boundaries that are already set.
    """
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            if not tok.is_space:
                tok.is_sent_start = True
    return doc
