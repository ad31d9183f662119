"""Roles of organisations in an article: attacker, victim, responder and the main victim.

Organisations have one role per article (one sense per discourse): the evidence of all
mentions of a name is pooled, so "Nayana said ..." is the victim Nayana where another
sentence says "ransomware attacked servers that Nayana hosted". The article's main victim
(most mentioned organisation that is no attacker, news outlet, malware name or mere
source) is a victim whenever the article reports an actual attack. Unnamed attackers are
noun phrases ("a Chinese hacking group").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from spacy.attrs import LEMMA
from spacy.tokens import Doc, Span, Token

from ..facts import Fact
from .lexicon import word_lookup, word_set
from .org_mentions import OWNED_UNIT_CLASSES
from .syntax import first_conjunct, lemma, nearest_cue


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
    # "a hacker group known as / called / dubbed X", "X, a hacking group"; a conjunct
    # stands where its first conjunct does ("a gang known as ALPHV or *BlackCat*")
    tok = first_conjunct(span.root)
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
    it is attributed "to", or what is linked to it ("linked North Korea to WannaCry")."""
    root = span.root
    while root.dep_ == "compound":
        root = root.head
    root = first_conjunct(root)  # "ALPHV and *LockBit* attacked ..."
    verbs = word_set(lex, "attacker_verbs")
    if root.dep_ == "nsubj" and lemma(root.head) in verbs:
        return True
    attributing = set(lex.get("attacker_preps", {}).get("to", []))
    if (
        root.dep_ == "dobj"
        and lemma(root.head) in attributing
        and any(c.dep_ == "prep" and c.lower_ == "to" for c in root.head.children)
    ):
        return True  # "the NSA linked North Korea to the attack"
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


def is_enforcer(span: Span, lex: dict[str, Any]) -> bool:
    """The organisation enforces, sues or settles over the breach, against its victim:
    the one settled *with* or fined, sued or investigated *by* ("settle *with the Federal
    Trade Commission*", "a penalty imposed *by the ICO*"), or the subject of an enforcing
    verb ("*the ICO* fined British Airways"). The words are ``enforcement_words`` and
    ``enforcement_verbs`` in ``patterns/roles.json``."""
    root = span.root
    while root.dep_ in ("compound", "conj") and root.head is not root:
        root = root.head
    if root.dep_ == "nsubj":
        return bool(_forms(root.head) & word_set(lex, "enforcement_verbs"))
    prep = root.head
    return (
        root.dep_ == "pobj"
        and prep.lower_ in ("with", "by")
        and prep.head is not prep
        and bool(_forms(prep.head) & word_set(lex, "enforcement_words"))
    )


def _forms(tok: Token) -> set[str]:
    """A word's lemma and its plain past forms undone: the model lemmatises "fined" as
    "fin"."""
    low = tok.lower_
    forms = {lemma(tok), low}
    if low.endswith("ed"):
        forms |= {low[:-1], low[:-2]}
    return forms


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
    if is_enforcer(span, lex):
        return "responder"  # a regulator or a court: it acts on the victim
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


class OrgRoles(NamedTuple):
    """The organisations' roles in one article, and its main victim."""

    #: Canonical name -> attacker | victim | other.
    roles: dict[str, str]
    #: The organisation the article is about (:func:`main_victim`), or None.
    main_victim: str | None


def org_roles(
    spans: Sequence[Span], facts: Sequence[Fact], lex: dict[str, Any], attack: bool
) -> OrgRoles:
    """The article-level role of each organisation name, and the main victim.

    This is the one place the main victim is decided: facts whose sentence names no victim
    take it as their ``subject``, and events carry it as their ``victim``.
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
    main = main_victim(score)
    if main is not None and attack:
        roles[main] = "victim"
    return OrgRoles(roles, main)


def main_victim(scores: dict[str, float]) -> str | None:
    """The organisation an article is about: the highest victim score, the first named on a tie.

    ``scores``: canonical name -> weighted evidence of its mentions (victim 2, no role 1,
    speaker 0.5), in order of first mention, for the organisations that are no attacker,
    news outlet or malware name (:func:`org_roles`).

    Example:
        >>> main_victim({"Equifax": 3.0, "FBI": 3.0, "Reuters": 1.0})
        'Equifax'
        >>> main_victim({}) is None
        True
    """
    order = list(scores)
    return max(scores, key=lambda n: (scores[n], -order.index(n))) if scores else None


# ---------------------------------------------------------------------------
# attackers

#: Attacker nouns that need a hacking modifier ("a Chinese hacking group", not "a group").
_NEEDS_MODIFIER = {"group", "unit", "actor", "operator", "collective", "syndicate", "crew"}


def descriptive_attackers(doc: Doc, lex: dict[str, Any]) -> list[Span]:
    """Unnamed attackers as noun phrases: "a Chinese hacking group", "ransomware operators"."""
    nouns = word_set(lex, "attacker_nouns")
    mods = word_set(lex, "attacker_modifiers")
    strings = doc.vocab.strings
    if not any(strings[h].lower() in nouns for h in set(doc.to_array(LEMMA).tolist())):
        return []  # no attacker noun at all: the noun chunks are not built
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


def find_attacker(
    spans: Sequence[Span], facts: Sequence[Fact], roles: dict[str, str], described: Sequence[Span]
) -> tuple[Span | None, str | None]:
    """The article's attacker, as a span and a name, or (None, None).

    The first organisation mention whose article-level role (``roles``, from
    :func:`org_roles`) is attacker, named by its canonical name; else the first unnamed
    attacker in ``described`` (:func:`descriptive_attackers`), named by its text.
    """
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
    name: str | None = None
    if attacker_span is not None:
        idx = next((i for i, s in enumerate(spans) if s is attacker_span), None)
        name = facts[idx].canonical if idx is not None else attacker_span.text
    return attacker_span, name
