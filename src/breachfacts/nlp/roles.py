"""Roles, subjects, attackers and events from the dependency parse and ``patterns/roles.json``.

A fact's role is read from the nearest cue word in the dependency tree of its sentence:
"A June 2019 *cyberattack*" makes June 2019 the attack date; "*releasing* its findings
Dec. 24" makes Dec. 24 a disclosure date; "projects worth about 100 billion yen" makes
the yen a contract value. Figures first take a class from their counted noun (people ->
victims, files -> records, servers -> systems); a people count is only "victims" in a
sentence about an attack ("disciplinary action against 12 executives" is not a victim
count, nor is "the company has 5,000 employees").

Organisations have one role per article (one sense per discourse): the evidence of all
mentions of a name is pooled, so "Nayana said ..." is the victim Nayana where another
sentence says "ransomware attacked servers that Nayana hosted". The article's main victim
(most mentioned organisation that is no attacker, news outlet, malware name or mere
source) is a victim whenever the article reports an actual attack.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..facts import Fact
from .cues import builtin_cues, certainty
from .lexicon import word_lookup, word_set
from .org_mentions import OWNED_UNIT_CLASSES
from .syntax import lemma, nearest_cue, nearest_cue_token, sentence_has

#: Event types that are attacks on a victim (vulnerability and patch news are not).
ATTACK_EVENTS = ("data breach", "ransomware", "phishing")


# ---------------------------------------------------------------------------
# figures


def counted_token(span: Span) -> Token | None:
    """The noun a figure counts when the extractor found no unit: "43 *TB*", "hundreds of
    *GBs*", "12 of its *hotels*"."""
    doc = span.doc
    root = span.root
    if root.dep_ in ("nummod", "quantmod", "compound") and root.head.i >= span.end:
        return root.head
    if span.end < len(doc):
        nxt = doc[span.end]
        if nxt.lower_ == "of" and span.end + 1 < len(doc):
            for t in doc[span.end + 1 : min(span.end + 5, len(doc))]:
                if t.pos_ in ("NOUN", "PROPN"):
                    return t
        if nxt.pos_ in ("NOUN", "PROPN"):
            return nxt
    return None


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
    """victims | records | systems | other for a figure counting ``unit``."""
    cls = unit_class(unit, lex)
    if cls is None:
        tok = counted_token(span)
        if tok is not None:
            cls = unit_class(lemma(tok), lex) or unit_class(tok.lower_, lex)
    if cls is None:
        return "other"
    if cls == "victims":
        return "victims" if _is_victim_count(span, lex) else "other"
    return cls


def _is_victim_count(span: Span, lex: dict[str, Any]) -> bool:
    """A count of people or organisations is a victim count near an impact word, or in a
    sentence about an attack, unless the noun is what an organisation has or serves."""
    noun = span.root.head if span.root.dep_ in ("nummod", "quantmod") else span.root
    nonvictim = word_set(lex, "nonvictim_verbs")
    if noun.dep_ in ("dobj", "attr") and lemma(noun.head) in nonvictim:
        return False
    if noun.dep_ == "pobj" and noun.head.lower_ == "with" and noun.head.head.pos_ == "NOUN":
        return False  # "a company with 5,000 employees"
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
    return None


def asked_unit(span: Span, lex: dict[str, Any]) -> str | None:
    """What a bare number answers when its sentence asks for a count: "how many *customers*
    might have been affected ... in the region of 270,000" -> "customer". The question words
    are ``count_questions`` in ``patterns/roles.json``; the noun is the first after them."""
    doc, sent = span.doc, span.sent
    for q in lex.get("count_questions", ()):
        words = q.lower().split()
        n = len(words)
        for i in range(sent.start, min(span.start, sent.end) - n):
            if [t.lower_ for t in doc[i : i + n]] == words:
                noun = _noun_from(doc, i + n, span.start, skip=2)
                if noun is not None:
                    return lemma(noun)
    return None


def place_of(span: Span, lex: dict[str, Any]) -> str | None:
    """The place a count is restricted to: "245,000 *in the UK*", "25,000 customers *from
    Poland*" -> "UK", "Poland" (a GPE, LOC or NORP entity after ``place_preps``)."""
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
    stop = k + 1
    while stop < end and doc[stop].ent_iob_ == "I":
        stop += 1
    return doc[k:stop].text


def breakdown_places(
    spans: Sequence[Span], facts: Sequence[Fact], lex: dict[str, Any]
) -> dict[str, str]:
    """Fact id -> place, for figures that are parts of a breakdown: restricted to a place
    (:func:`place_of`) in a sentence that states another figure too ("some 270,000
    customers, around 245,000 in the UK and 25,000 in Poland"). A lone "1,000 customers in
    the US" is the figure itself, not a part."""
    per_sent: dict[int, int] = {}
    for s, f in zip(spans, facts, strict=True):
        if f.kind == "figure":
            per_sent[s.sent.start] = per_sent.get(s.sent.start, 0) + 1
    out: dict[str, str] = {}
    for s, f in zip(spans, facts, strict=True):
        if f.kind == "figure" and per_sent.get(s.sent.start, 0) > 1:
            place = place_of(s, lex)
            if place:
                out[f.id] = place
    return out


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
    hit = nearest_cue_token(span, lex.get("money_cues", {}), lex.get("max_distance", 4))
    role = hit[0] if hit else None
    ransom_ctx = sentence_has(span.sent, word_set(lex, "ransom_context"))
    if ransom_ctx and role != "ransom":
        flip = word_set(lex, "ransom_context_flips")
        if hit is None or lemma(hit[1]) in flip or hit[1].lower_ in flip:
            return "ransom"
    if role is None:
        sent_cue = _sentence_cue(span, lex.get("money_cues", {}))
        if sent_cue is not None:
            return sent_cue
        if ransom_article:
            return "ransom"
    return role or "other"


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


def date_role(span: Span, lex: dict[str, Any]) -> str:
    """attack | discovery | disclosure | other."""
    return nearest_cue(span, lex.get("date_cues", {}), lex.get("max_distance", 4)) or "other"


# ---------------------------------------------------------------------------
# organisations


def is_media(name: str, lex: dict[str, Any]) -> bool:
    """A news outlet (reported-by), not a party of the breach."""
    words = name.lower().split()
    media = word_set(lex, "media")
    return bool(words) and (words[-1] in media or name.lower() in media)


def is_tool(span: Span, name: str, lex: dict[str, Any]) -> bool:
    """A malware or ransomware name tagged as an organisation ("WannaCry ransomware")."""
    tools = word_set(lex, "malware_names")
    nouns = word_set(lex, "malware_nouns")
    words = name.lower().split()
    if (
        name.lower() in tools
        or any(w in tools for w in words)
        or words[-1:] in ([n] for n in nouns)
    ):
        return True
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    root = span.root
    return bool(
        (nxt is not None and lemma(nxt) in nouns)
        or (root.dep_ == "compound" and lemma(root.head) in nouns)
    )


def is_threat_actor(span: Span, name: str, lex: dict[str, Any]) -> bool:
    """A known or self-describing threat actor: "APT28", "the Lazarus hacking group",
    "a hacker group known as the Shadow Brokers"."""
    low = name.lower()
    actors = word_set(lex, "threat_actors")
    if low in actors or any(a in low.split() for a in actors if " " not in a):
        return True
    if (span.id_ or "").startswith("org-apt"):
        return True
    nouns, mods = word_set(lex, "attacker_nouns"), word_set(lex, "attacker_modifiers")
    if (span.id_ or "").startswith("org-threat") and low.split()[-1] in nouns - {"group"}:
        return True
    doc = span.doc
    after = doc[span.end : min(span.end + 3, len(doc))]
    if any(t.lower_ in mods for t in after[:2]) and any(lemma(t) in nouns for t in after):
        return True  # "Lazarus hacking group"
    # "a hacker group known as / called / dubbed X", "X, a hacking group"
    tok = span.root
    for _ in range(3):
        if tok.head is tok:
            break
        tok = tok.head
        if lemma(tok) in nouns and any(c.lower_ in mods or lemma(c) in mods for c in tok.children):
            return True
    return any(
        c.dep_ == "appos"
        and lemma(c) in nouns
        and any(g.lower_ in mods or lemma(g) in mods for g in c.children)
        for c in span.root.children
    )


def is_attacker_position(span: Span, lex: dict[str, Any]) -> bool:
    """The organisation does the attacking: the active subject of an attack verb ("APT28
    breached ..."), the agent after "by" ("was hacked by X"), "behind" the attack, or what
    it is attributed "to"."""
    root = span.root
    while root.dep_ == "compound":
        root = root.head
    verbs = word_set(lex, "attacker_verbs")
    if root.dep_ == "nsubj" and lemma(root.head) in verbs:
        return True
    if root.dep_ == "pobj":
        prep = root.head
        heads = set(lex.get("attacker_preps", {}).get(prep.lower_, []))
        governor = prep.head
        if prep.dep_ == "agent":
            return lemma(governor) in verbs or lemma(governor) in heads
        if heads and lemma(governor) in heads:
            return True
        if prep.lower_ == "by" and lemma(governor) in verbs:
            return True
    return False


def is_speaker(span: Span, lex: dict[str, Any]) -> bool:
    """The organisation only reports ("the ministry *said* ...", "according to X"): not
    what a fact is about."""
    root = span.root
    while root.dep_ in ("compound", "poss") and root.head is not root:
        if root.dep_ == "poss" and lemma(root.head) not in word_set(lex, "speaker_nouns"):
            break
        root = root.head
    if root.dep_ == "nsubj" and lemma(root.head) in word_set(lex, "speech_verbs"):
        return True
    return root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according"


def self_report(span: Span, lex: dict[str, Any]) -> bool:
    """The speaker reports its own breach: "X confirmed that *it* has *suffered* a breach",
    "X said payment systems at *its* hotels had been *breached*"."""
    root = span.root
    while root.dep_ in ("compound", "poss") and root.head is not root:
        root = root.head
    verb = root.head
    pronouns = word_set(lex, "self_pronouns")
    cues = word_set(lex, "victim_cues")
    for clause in verb.children:
        if clause.dep_ not in ("ccomp", "xcomp", "advcl"):
            continue
        words = list(clause.subtree)
        if any(t.lower_ in pronouns for t in words) and any(lemma(t) in cues for t in words):
            return True
    return False


def is_responder(span: Span, lex: dict[str, Any]) -> bool:
    """The organisation helps deal with the attack ("Federal officials, Microsoft and Cisco
    are *working* with the city to resolve the attack", "Mandiant *investigated*"): the
    subject of one of ``responder_verbs`` in ``patterns/roles.json``, itself or as a
    conjunct of that subject; or the one help comes from ("with *support from* Microsoft",
    "*help from* the FBI"). Who an organisation works *with* is left alone: "Microsoft is
    working with Lenovo" to fix Lenovo's laptops."""
    verbs = word_set(lex, "responder_verbs")
    root = span.root
    while root.dep_ in ("compound", "conj") and root.head is not root:
        root = root.head
    if root.dep_ == "nsubj":
        return lemma(root.head) in verbs
    prep = root.head
    return (
        root.dep_ == "pobj"
        and prep.lower_ == "from"
        and prep.head is not prep
        and lemma(prep.head) in verbs
    )


def is_recipient(span: Span, lex: dict[str, Any]) -> bool:
    """The organisation receives a report ("the company *notified* the FBI", "*reported* it
    to the police"): an authority told of the breach, not its victim. The verbs are
    ``recipient_verbs`` in ``patterns/roles.json``."""
    verbs = word_set(lex, "recipient_verbs")
    root = span.root
    while root.dep_ == "compound" and root.head is not root:
        root = root.head
    if root.dep_ in ("dobj", "dative") and lemma(root.head) in verbs:
        return True
    return root.dep_ == "pobj" and root.head.lower_ == "to" and lemma(root.head.head) in verbs


def copula_complement(span: Span, lex: dict[str, Any]) -> Span | None:
    """What the organisation is said to be, when it is the subject of a copula: "Payday lender
    Wonga appears to be *the latest big-name brand* to suffer a breach" -> "brand" (the
    victim cue then reads from there). Copulas are ``copulas`` in ``patterns/roles.json``."""
    copulas = word_set(lex, "copulas")
    root = span.root
    for _ in range(3):  # "Payday lender Wonga": up through compounds and appositions
        if root.dep_ not in ("compound", "appos") or root.head is root:
            break
        root = root.head
    if root.dep_ != "nsubj" or lemma(root.head) not in copulas:
        return None
    verb = root.head
    for _ in range(2):  # "appears to be": down through an xcomp copula
        attr = next((c for c in verb.children if c.dep_ in ("attr", "acomp")), None)
        if attr is not None:
            return span.doc[attr.i : attr.i + 1]
        verb = next((c for c in verb.children if c.dep_ == "xcomp" and lemma(c) in copulas), None)
        if verb is None:
            return None
    return None


def _anchor(span: Span) -> Span:
    """The first conjunct of a coordination ("for Net Orbit, PhoneSheriff and TeenShield"
    -> the span's position is that of "Net Orbit")."""
    tok = span.root
    steps = 0
    while tok.dep_ == "conj" and tok.head is not tok and steps < 6:
        tok, steps = tok.head, steps + 1
    return span if tok is span.root else span.doc[tok.i : tok.i + 1]


def org_evidence(span: Span, name: str, lex: dict[str, Any]) -> str:
    """What one mention says about its organisation: attacker | tool | media | speaker |
    recipient | responder | victim | none."""
    if is_threat_actor(span, name, lex) or is_attacker_position(span, lex):
        return "attacker"
    if is_tool(span, name, lex):
        return "tool"
    if is_media(name, lex):
        return "media"
    if is_speaker(span, lex):
        return "victim" if self_report(span, lex) else "speaker"
    if owns_count(span, lex):
        return "victim"  # "148 million *Equifax* customers" were exposed
    if is_recipient(span, lex):
        return "recipient"
    if is_responder(span, lex) and not self_report(span, lex):
        return "responder"
    cues, distance = {"victim": lex.get("victim_cues", [])}, lex.get("victim_distance", 3)
    if nearest_cue(_anchor(span), cues, distance):
        return "victim"
    complement = copula_complement(span, lex)
    if complement is not None and nearest_cue(complement, cues, distance):
        return "victim"
    return "none"


def owns_count(span: Span, lex: dict[str, Any]) -> bool:
    """The name stands between a count and the people or records it counts ("148 million
    *Equifax* customers"): they are its customers, accounts, records."""
    doc = span.doc
    if span.start == 0 or span.end >= len(doc):
        return False
    before, noun = doc[span.start - 1], doc[span.end]
    owned = word_lookup(lex.get("figure_units", {}))
    return (
        before.ent_type_ in ("CARDINAL", "FIGURE")
        and noun.pos_ == "NOUN"
        and span.root.head.i == noun.i
        and owned.get(lemma(noun)) in OWNED_UNIT_CLASSES
    )


def counted_owner(
    span: Span, in_sent: Sequence[tuple[Span, Fact]], roles: dict[str, str], lex: dict[str, Any]
) -> str | None:
    """The organisation named between the count ``span`` and the people or records it
    counts (:func:`owns_count`): "148 million *Equifax* customers" are Equifax's. Never an
    attacker."""
    for sp, g in in_sent:
        if sp.start == span.end and owns_count(sp, lex):
            if roles.get(g.canonical or "") != "attacker":
                return g.canonical
    return None


def org_roles(
    spans: Sequence[Span], facts: Sequence[Fact], lex: dict[str, Any], attack: bool
) -> tuple[dict[str, str], str | None]:
    """The article-level role of each organisation name, and the main victim.

    ``attack``: the article reports an actual attack (so its main victim is a victim).
    """
    evidence: dict[str, list[str]] = {}
    for s, f in zip(spans, facts, strict=True):
        if f.kind == "organisation" and f.canonical:
            evidence.setdefault(f.canonical, []).append(org_evidence(s, f.canonical, lex))
    roles: dict[str, str] = {}
    score: dict[str, float] = {}
    weights = {"victim": 2.0, "none": 1.0, "speaker": 0.5}
    for name, ev in evidence.items():
        a, v = ev.count("attacker"), ev.count("victim")
        if a and a >= v:
            roles[name] = "attacker"
        elif "media" in ev or "tool" in ev:
            roles[name] = "other"
        else:
            roles[name] = "victim" if v else "other"
            score[name] = sum(weights.get(e, 0.0) for e in ev)
    order = list(score)
    main = max(score, key=lambda n: (score[n], -order.index(n))) if score else None
    if main is not None and attack:
        roles[main] = "victim"
    return roles, main


# ---------------------------------------------------------------------------
# attackers and events

#: Attacker nouns that need a hacking modifier ("a Chinese hacking group", not "a group").
_NEEDS_MODIFIER = {"group", "unit", "actor", "operator", "collective", "syndicate", "crew"}


def descriptive_attackers(doc: Doc, lex: dict[str, Any]) -> list[Span]:
    """Unnamed attackers as noun phrases: "a Chinese hacking group", "ransomware operators"."""
    nouns = word_set(lex, "attacker_nouns")
    mods = word_set(lex, "attacker_modifiers")
    # ORG entities by first token, once: Span.ents scans every entity of the doc
    org_ends = {e.start: e.end for e in doc.ents if e.label_ == "ORG"}
    out: list[Span] = []
    for chunk in doc.noun_chunks:
        root = chunk.root
        if lemma(root) not in nouns:
            continue
        if lemma(root) in _NEEDS_MODIFIER:
            if not any(t.lower_ in mods or lemma(t) in mods for t in chunk if t is not root):
                continue
        if root.dep_ not in ("nsubj", "nsubjpass", "pobj", "attr", "dobj", "appos"):
            continue
        if any(org_ends.get(t.i, chunk.end + 1) <= chunk.end for t in chunk):
            continue  # a named group is an organisation fact already
        out.append(chunk)
    return out


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
    attacker_span: Span | None = next(
        (
            s
            for s, f in zip(spans, facts, strict=True)
            if roles.get(f.canonical or "") == "attacker"
        ),
        None,
    )
    if attacker_span is None and described:
        attacker_span = described[0]
    article_attacker: str | None = None
    if attacker_span is not None:
        idx = next((i for i, s in enumerate(spans) if s is attacker_span), None)
        article_attacker = facts[idx].canonical if idx is not None else attacker_span.text

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
    places = breakdown_places(spans, facts, lex)
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
            role = date_role(s, lex)
        else:
            role = None  # durations: no role table yet
        attacker = None if f.kind == "organisation" else (sent_attacker or article_attacker)
        per = per_unit(s, lex) if f.kind in ("figure", "money") else None
        unit = f.unit
        if f.kind == "figure" and unit is None:
            unit = asked_unit(s, lex)
            if unit is not None:
                role = figure_role(s, unit, lex)
        out.append(
            replace(
                f,
                role=role,
                subject=subject,
                attacker=attacker,
                per=per,
                place=places.get(f.id),
                unit=unit,
            )
        )

    # money restating another amount ("100 billion yen ($874 million)") shares its role
    by_id = {f.id: f for f in out}
    out = [
        replace(f, role=by_id[f.equivalent_of].role)
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
