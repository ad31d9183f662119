"""Roles and subjects of facts from the dependency parse and ``patterns/roles.json``.

A fact's role is read from the nearest cue word in the dependency tree of its sentence:
"A June 2019 *cyberattack*" makes June 2019 the attack date; "*releasing* its findings
Dec. 24" makes Dec. 24 a disclosure date; "projects worth about 100 billion yen" makes
the yen a contract value. Figures first take a class from their counted noun (people ->
victims, files -> records, servers -> systems); a people count is only "victims" in a
sentence about an attack ("disciplinary action against 12 executives" is not a victim
count, nor is "the company has 5,000 employees").

:func:`assign_roles` gives every fact its role, subject and attacker, using the roles of
the organisations and the main victim (:mod:`.org_roles`) and the article's events
(:mod:`.events`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..facts import Fact
from .antecedents import antecedent_noun, pronoun_after
from .count_places import breakdown_places
from .cues import builtin_cues, certainty
from .events import ATTACK_EVENTS, article_realis, find_events
from .lexicon import word_lookup, word_set
from .org_roles import counted_owner, descriptive_attackers, find_attacker, org_roles
from .slots import payee_of, slot_qualifiers
from .syntax import lemma, nearest_cue, nearest_cue_token, per_period, sentence_has

# ---------------------------------------------------------------------------
# figures


def counted_token(span: Span, lex: dict[str, Any] | None = None) -> Token | None:
    """The noun a figure counts when the extractor found no unit: "43 *TB*", "hundreds of
    *GBs*", "12 of its *hotels*"; with the role table ``lex``, also the noun of an elliptic
    count's antecedent ("customers, 2,000 *of whom* ...", :mod:`.antecedents`)."""
    doc = span.doc
    root = span.root
    if root.dep_ in ("nummod", "quantmod", "compound") and root.head.i >= span.end:
        return root.head
    if lex is not None and pronoun_after(span, lex) is not None:
        return antecedent_noun(span, lex)
    if span.end < len(doc):
        nxt = doc[span.end]
        if nxt.lower_ == "of" and span.end + 1 < len(doc):
            for t in doc[span.end + 1 : min(span.end + 5, len(doc))]:
                if t.pos_ in ("NOUN", "PROPN"):
                    return t
        if nxt.pos_ in ("NOUN", "PROPN"):
            return nxt
    return antecedent_noun(span, lex) if lex is not None else None


def unit_class(unit: str | None, lex: dict[str, Any]) -> str | None:
    """victims | records | systems for a counted noun lemma, or None."""
    if not unit:
        return None
    u = unit.lower()
    candidates = (u, u.rstrip("s"), u.split()[-1], u.split()[-1].rstrip("s"))
    for cls, units in lex.get("figure_units", {}).items():
        names = {x.lower() for x in units}
        if any(c in names for c in candidates):
            return cls
    return None


def figure_role(span: Span, unit: str | None, lex: dict[str, Any]) -> str:
    """victims | records | systems | other for a figure counting ``unit``; a count per
    period is a rate of business ("15 billion transactions a year"): other."""
    if unit != "percent" and per_period(span, lex):
        return "other"
    cls = unit_class(unit, lex)
    if cls is None:
        tok = counted_token(span, lex)
        if tok is not None:
            cls = unit_class(lemma(tok), lex) or unit_class(tok.lower_, lex)
    if cls is None:
        return "victims" if _bare_victim_count(span, lex) else "other"
    if cls == "victims":
        return "victims" if _is_victim_count(span, lex) else "other"
    return cls


def _bare_victim_count(span: Span, lex: dict[str, Any]) -> bool:
    """A number that counts no noun is a victim count when a verb that makes its object a
    victim (``victim_cues`` in ``patterns/roles.json``) takes it as its object or passive
    subject: "the breach *affected* more than 1,000", "the attack has *hit* more than
    200,000". Verbs whose object is data (``data_verbs``: "stole 40,000", "leaked 2,000")
    leave it ``other``."""
    if counted_token(span, lex) is not None:
        return False
    root, verb = span.root, span.root.head
    # the parser reads a bare object number as an adverbial ("affected more than 7,972",
    # "breached 2"): taken as the object when the verb has no other
    as_object = root.dep_ in ("advmod", "npadvmod") and not any(
        c.dep_ in ("dobj", "nsubjpass") for c in verb.children
    )
    if root.dep_ not in ("dobj", "nsubjpass") and not as_object:
        return False
    verbs = word_set(lex, "victim_cues") - word_set(lex, "data_verbs")
    return lemma(verb) in verbs


def _is_victim_count(span: Span, lex: dict[str, Any]) -> bool:
    """A count of people or organisations is a victim count near an impact word, or in a
    sentence about an attack, unless the noun is what an organisation has or serves."""
    noun = span.root.head if span.root.dep_ in ("nummod", "quantmod") else span.root
    nonvictim = word_set(lex, "nonvictim_verbs")
    if noun.dep_ in ("dobj", "attr") and lemma(noun.head) in nonvictim:
        return False
    if noun.dep_ == "pobj" and noun.head.lower_ == "with" and noun.head.head.pos_ == "NOUN":
        return False  # "a company with 5,000 employees"
    if noun.dep_ == "pobj" and lemma(noun.head.head) in word_set(lex, "sample_nouns"):
        return False  # "a survey of 1,016 adults": the people asked
    impact = {"impact": lex.get("impact_cues", [])}
    if nearest_cue(span, impact, lex.get("max_distance", 4) + 2):
        return True
    events = {w for ws in lex.get("events", {}).values() for w in ws}
    return sentence_has(span.sent, word_set(lex, "impact_cues") | events)


# ---------------------------------------------------------------------------
# per-unit amounts and breakdown parts

#: Tokens skipped between a per-word and its noun ("for each *seized* computer", "per *lost
#: or stolen* record").
_NOUN_MODIFIERS = ("ADJ", "VERB", "ADV", "CCONJ", "DET", "PUNCT", "NUM")


def _noun_from(doc: Doc, i: int, end: int, skip: int = 4) -> Token | None:
    """The first noun at or after token ``i`` (before ``end``), over up to ``skip`` modifiers."""
    for tok in doc[i : min(end, i + skip + 1)]:
        if tok.pos_ in ("NOUN", "PROPN"):
            return tok
        if tok.pos_ not in _NOUN_MODIFIERS:
            return None
    return None


def per_unit(span: Span, lex: dict[str, Any]) -> str | None:
    """The unit an amount or count is stated per, or None for a total.

    After the number: "$6,800 *per computer*", "0.8 bitcoins *for each* seized *computer*",
    "$225 *per* lost or stolen *record*", "100,000 victims *per day*"; before it, in the noun
    the amount is "of": "a pay-*per-computer* option of $6,800". The per-words are
    ``per_words`` in ``patterns/roles.json``. Returns the noun's lemma, lower case.
    """
    words = word_set(lex, "per_words")
    if not words:
        return None
    doc, end = span.doc, span.sent.end
    j = span.end
    while j < min(span.end + 2, end) and doc[j].pos_ in ("NOUN", "PROPN"):
        j += 1  # a figure's counted noun: "100,000 victims per day"
    if j < end and doc[j].lower_ == "for":
        j += 1
    if j < end and doc[j].lower_ in words:
        noun = _noun_from(doc, j + 1, end)
        if noun is not None:
            return lemma(noun)
    # "a pay-per-computer option of $6,800": per-word inside the noun phrase before "of"
    start = span.sent.start
    if span.start - 2 >= start and doc[span.start - 1].lower_ == "of":
        owner = span.start - 2
        for k in range(owner - 1, max(start, owner - 6) - 1, -1):
            if doc[k].lower_ in words:
                noun = _noun_from(doc, k + 1, owner, skip=1)
                if noun is not None:
                    return lemma(noun)
    return _distributed_to(span, words)


def _distributed_to(span: Span, words: frozenset[str]) -> str | None:
    """The unit of an amount each one of a group receives: "*Each driver* will receive
    $100", "*each one* who was affected gets a $100 payment" -> "driver", "person"."""
    root = span.root
    if root.dep_ in ("compound", "nummod", "quantmod") and root.head.i >= span.end:
        root = root.head  # "a $100 *payment*"
    if root.dep_ != "dobj":
        return None
    subject = next((c for c in root.head.children if c.dep_ == "nsubj"), None)
    if (
        subject is None
        or not any(c.dep_ == "det" and c.lower_ in words for c in subject.children)
        and subject.lower_ not in words
    ):
        return None
    noun = subject
    if noun.lower_ in words:  # "each will receive": no noun
        return None
    return "person" if noun.lower_ == "one" else lemma(noun)


def asked_unit(span: Span, lex: dict[str, Any]) -> str | None:
    """What a bare number answers when its sentence asks for a count, or names the count
    before it: "how many *customers* might have been affected ... in the region of 270,000",
    "the total number of *consumers* affected is now about 148 million" -> "customer",
    "consumer". The question words are ``count_questions`` and the count words
    ``count_nouns`` in ``patterns/roles.json``; the noun is the first after them."""
    doc, sent = span.doc, span.sent
    for q in lex.get("count_questions", ()):
        words = q.lower().split()
        n = len(words)
        for i in range(sent.start, min(span.start, sent.end) - n):
            if [t.lower_ for t in doc[i : i + n]] == words:
                noun = _noun_from(doc, i + n, span.start, skip=2)
                if noun is not None:
                    return lemma(noun)
    count_nouns = word_set(lex, "count_nouns")
    for tok in doc[sent.start : max(sent.start, span.start - 2)]:
        if lemma(tok) in count_nouns and doc[tok.i + 1].lower_ == "of":
            noun = _noun_from(doc, tok.i + 2, span.start, skip=2)
            if noun is None or any(t.like_num for t in doc[noun.i : span.start]):
                continue  # "the number of X at 34,000 and that of Y at 4,600": not Y's
            while noun.i + 1 < span.start and doc[noun.i + 1].pos_ in ("NOUN", "PROPN"):
                noun = doc[noun.i + 1]  # the head of "MongoDB victims"
            return lemma(noun)
    return None


# ---------------------------------------------------------------------------
# money


def money_role(
    span: Span,
    lex: dict[str, Any],
    ransom_article: bool = False,
) -> str:
    """ransom | damage | fine | settlement | contract | other.

    The nearest money cue decides; in a sentence about ransom ("ransomware", "extort",
    "decrypt") money that is stolen, priced, deposited or has no cue is ransom; in an
    article about an actual ransomware attack, money with no cue in its sentence is too.
    """
    purpose = purpose_cue(span, lex.get("money_cues", {}))
    if purpose is not None:
        return purpose
    hit = nearest_cue_token(span, lex.get("money_cues", {}), lex.get("max_distance", 4))
    role = hit[0] if hit else None
    ransom_ctx = sentence_has(span.sent, word_set(lex, "ransom_context"))
    if ransom_ctx and role != "ransom":
        flip = word_set(lex, "ransom_context_flips")
        if hit is None or lemma(hit[1]) in flip or hit[1].lower_ in flip:
            return "ransom"
    if (
        role == "ransom"
        and not (ransom_ctx or ransom_article)
        and _agreed_payment(hit[1], lex)
        and (payee_of(span, lex) or "") not in word_set(lex, "attacker_nouns")
    ):
        return "settlement"  # "Uber has agreed to pay $148 million": agreed, not extorted
    if role is None:
        sent_cue = _sentence_cue(span, lex.get("money_cues", {}))
        if sent_cue is not None:
            return sent_cue
        if ransom_article:
            return "ransom"
    return role or "other"


def _agreed_payment(cue: Token, lex: dict[str, Any]) -> bool:
    """A payment cue that is what someone agreed to do ("has *agreed to pay* $148
    million"): the cue is the complement of one of ``agreement_verbs``. Outside ransom
    sentences and ransomware articles that is a settlement, not a ransom."""
    return cue.dep_ == "xcomp" and lemma(cue.head) in word_set(lex, "agreement_verbs")


def purpose_cue(span: Span, cues: dict[str, Iterable[str]]) -> str | None:
    """The money cue of what an amount is paid *for*, when a purpose clause says it: the
    verb the amount is the object of has a "to" clause whose verb or object is a cue.

    "agreed to pay $80 million *to settle* charges" -> settlement (the nearest cue, "pay",
    would say ransom); "paid $17,000 *to unlock* its files" -> ransom; "paid $1 million to
    settle the lawsuit" -> settlement. None when there is no such clause or it names no cue.
    """
    head = span.root
    while head.dep_ in ("compound", "quantmod", "nummod", "nmod", "amod") and head.head is not head:
        head = head.head  # "$ 80 million": up to the amount's own head word
    if head.dep_ not in ("dobj", "obj", "dative") or head.head.pos_ not in ("VERB", "AUX"):
        return None
    lookup = word_lookup(cues)
    for clause in head.head.children:
        if clause.dep_ not in ("advcl", "xcomp") or clause.i <= head.i:
            continue
        if not any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
            continue
        for tok in (clause, *(c for c in clause.children if c.dep_ in ("dobj", "obj"))):
            key = lookup.get(lemma(tok)) or lookup.get(tok.lower_)
            if key is not None:
                return key
    return None


def _sentence_cue(span: Span, cues: dict[str, Iterable[str]]) -> str | None:
    """The cue key nearest to ``span`` in word order within its sentence."""
    lookup = {w.lower(): k for k, ws in cues.items() for w in ws}
    best: tuple[int, str] | None = None
    for t in span.sent:
        if span.start <= t.i < span.end:
            continue
        key = lookup.get(lemma(t)) or lookup.get(t.lower_)
        if key is None:
            continue
        d = span.start - t.i if t.i < span.start else t.i - span.end
        if best is None or d < best[0]:
            best = (d, key)
    return best[1] if best else None


# ---------------------------------------------------------------------------
# dates


def _restates_date(before: Span, span: Span) -> bool:
    """``span`` is a date in parentheses right after the date ``before``: "on Thursday
    *(Oct 5)*" says the same day again, and takes its role."""
    doc = span.doc
    return (
        before.label_ == span.label_ == "DATE"
        and span.start >= 1
        and doc[span.start - 1].text == "("
        and before.end == span.start - 1
    )


def date_role(span: Span, lex: dict[str, Any]) -> str:
    """attack | discovery | disclosure | other."""
    return nearest_cue(span, lex.get("date_cues", {}), lex.get("max_distance", 4)) or "other"


def assign_roles(
    doc: Doc,
    spans: list[Span],
    facts: list[Fact],
    lex: dict[str, Any],
    boiler: Sequence[tuple[int, int]] = (),
    cues: dict[str, Any] | None = None,
) -> tuple[list[Fact], list[dict[str, Any]]]:
    """Give each fact its role, subject and attacker; list the article's events.

    ``spans`` are the entity spans the ``facts`` were built from (same order); facts and
    sentences inside ``boiler`` spans (advertising, captions) do not count. ``cues`` are
    the certainty cues (``patterns/cues.json``; the built-in table when None) used to say
    whether the attacker is named with certainty or only suspected.
    """
    cues = builtin_cues() if cues is None else cues
    found = find_events(doc, lex, boiler)
    realis_of = {etype: article_realis(r for r, _ in hits) for etype, hits in found.items()}
    attack = any(realis_of.get(e) == "actual" for e in ATTACK_EVENTS)
    ransom_article = realis_of.get("ransomware") == "actual"

    roles, main_victim = org_roles(spans, facts, lex, attack)
    described = [
        d
        for d in descriptive_attackers(doc, lex)
        if not any(a <= d.start_char < b for a, b in boiler)
    ]
    attacker_span, article_attacker = find_attacker(spans, facts, roles, described)

    org_at = [
        (s, f)
        for s, f in zip(spans, facts, strict=True)
        if f.kind == "organisation" and f.canonical
    ]
    # organisations by sentence, built once: a scan of all of them per fact is quadratic
    orgs_by_sent: dict[tuple[int, int], list[tuple[Span, Fact]]] = {}
    for sp, g in org_at:
        key = (sp.sent.start, sp.sent.end)
        orgs_by_sent.setdefault(key, []).append((sp, g))
    described_by_sent: dict[tuple[int, int], str] = {}
    for d in described:
        described_by_sent.setdefault((d.sent.start, d.sent.end), d.text)
    out: list[Fact] = []
    for s, f in zip(spans, facts, strict=True):
        sent = s.sent
        in_sent = orgs_by_sent.get((sent.start, sent.end), [])
        victims = [g.canonical for _, g in in_sent if roles.get(g.canonical or "") == "victim"]
        subject = victims[0] if victims else main_victim
        sent_attacker = next(
            (g.canonical for _, g in in_sent if roles.get(g.canonical or "") == "attacker"), None
        )
        if sent_attacker is None:
            sent_attacker = described_by_sent.get((sent.start, sent.end))
        if f.kind == "organisation":
            role, subject = roles.get(f.canonical or "", "other"), f.canonical
        elif f.kind == "figure":
            role = figure_role(s, f.unit, lex)
            subject = counted_owner(s, in_sent, roles, lex) or subject
        elif f.kind == "money":
            role = money_role(s, lex, ransom_article)
        elif f.kind == "date":
            restated = out[-1] if out and _restates_date(spans[len(out) - 1], s) else None
            role = restated.role if restated is not None else date_role(s, lex)
        else:
            role = None  # durations: no role table yet
        attacker = None if f.kind == "organisation" else (sent_attacker or article_attacker)
        per = per_unit(s, lex) if f.kind in ("figure", "money") else None
        unit = f.unit
        if f.kind == "figure" and unit is None:
            unit = asked_unit(s, lex)
            if unit is not None:
                role = figure_role(s, unit, lex)
        elif f.kind == "figure" and unit in word_set(lex, "pro_nouns"):
            # "7.6 million current account holders and 65.4 million former *ones*"
            earlier = [g for g in out if g.kind == "figure" and g.sentence == f.sentence]
            if earlier and earlier[-1].unit not in (None, unit):
                unit, role = earlier[-1].unit, earlier[-1].role
        out.append(
            replace(
                f,
                role=role,
                subject=subject,
                attacker=attacker,
                per=per,
                unit=unit,
            )
        )

    # breakdown places and the slot qualifiers (population, payee, part of a total,
    # event), roles being known
    places = breakdown_places(spans, out, lex)
    out = [replace(f, place=places[f.id]) if f.id in places else f for f in out]
    qualifiers = slot_qualifiers(spans, out, lex)
    out = [replace(f, **qualifiers[f.id]) if f.id in qualifiers else f for f in out]
    # money restating another amount ("100 billion yen ($874 million)") shares its role
    # and its slot
    by_id = {f.id: f for f in out}
    out = [
        replace(
            f,
            role=by_id[f.equivalent_of].role,
            payee=by_id[f.equivalent_of].payee,
            event=by_id[f.equivalent_of].event,
        )
        if f.kind == "money" and f.equivalent_of in by_id
        else f
        for f in out
    ]

    attacker_certainty = certainty(attacker_span, cues) if attacker_span is not None else None
    ev_list = []
    for etype, hits in found.items():
        ev_list.append(
            {
                "type": etype,
                "realis": realis_of[etype],
                "victim": main_victim,
                "attacker": article_attacker,
                "attacker_certainty": attacker_certainty,
                "sentences": [
                    {"text": s.text, "start": s.start_char, "end": s.end_char, "realis": r}
                    for r, s in hits
                ],
            }
        )
    return out, ev_list
