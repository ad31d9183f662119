"""Roles, subjects, attackers and events from the dependency parse and ``patterns/roles.json``.

A fact's role is read from the nearest cue word in the dependency tree of its sentence:
"A June 2019 *cyberattack*" makes June 2019 the attack date; "*releasing* its findings
Dec. 24" makes Dec. 24 a disclosure date; "projects *worth* about 100 billion yen" makes
the yen a contract value. Figures first take a class from their unit (people -> victims,
files -> records, servers -> systems); a people count is only "victims" when a breach cue
is near it ("disciplinary action against 12 executives" is not a victim count).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..facts import Fact


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def nearest_cue(span: Span, cues: dict[str, Iterable[str]], max_distance: int = 4) -> str | None:
    """The key of ``cues`` whose lemma is closest to ``span`` in its sentence's dependency tree.

    Tokens of the span itself count at distance 0 only for words other than the number
    (the "cyberattack" of "A June 2019 cyberattack" is outside the date span, so at 1).
    """
    lookup: dict[str, str] = {}
    for key, words in cues.items():
        for w in words:
            lookup.setdefault(w.lower(), key)
    sent = span.sent
    inside = set(range(span.start, span.end))
    seen = set(inside)
    queue: deque[tuple[Token, int]] = deque((t, 0) for t in span)
    while queue:
        tok, dist = queue.popleft()
        if tok.i not in inside:
            key = lookup.get(_lemma(tok)) or lookup.get(tok.lower_)
            if key is not None:
                return key
        if dist >= max_distance:
            continue
        for nxt in (tok.head, *tok.children):
            if nxt.i in seen or not (sent.start <= nxt.i < sent.end):
                continue
            seen.add(nxt.i)
            queue.append((nxt, dist + 1))
    return None


def figure_role(span: Span, unit: str | None, lex: dict[str, Any]) -> str:
    """victims | records | systems | other for a figure counting ``unit``."""
    if unit is None:
        return "other"
    cls = next(
        (k for k, units in lex.get("figure_units", {}).items() if unit.lower() in units), None
    )
    if cls is None:
        return "other"
    if cls == "victims":
        near = nearest_cue(
            span, {"impact": lex.get("impact_cues", [])}, lex.get("max_distance", 4) + 2
        )
        return "victims" if near else "other"
    return cls


def money_role(span: Span, lex: dict[str, Any]) -> str:
    """ransom | damage | fine | settlement | contract | other."""
    return nearest_cue(span, lex.get("money_cues", {}), lex.get("max_distance", 4)) or "other"


def date_role(span: Span, lex: dict[str, Any]) -> str:
    """attack | discovery | disclosure | other."""
    return nearest_cue(span, lex.get("date_cues", {}), lex.get("max_distance", 4)) or "other"


def is_media(name: str, lex: dict[str, Any]) -> bool:
    """A news outlet (reported-by), not a party of the breach."""
    words = name.lower().split()
    media = set(lex.get("media", []))
    return bool(words) and (words[-1] in media or name.lower() in media)


def org_role(span: Span, canonical: str, lex: dict[str, Any], threat_actors: set[str]) -> str:
    """victim | attacker | other for an organisation mention."""
    if canonical in threat_actors or is_attacker_position(span, lex):
        return "attacker"
    if is_media(canonical, lex):
        return "other"
    cue = nearest_cue(span, {"victim": lex.get("victim_cues", [])}, 3)
    return "victim" if cue else "other"


def is_attacker_position(span: Span, lex: dict[str, Any]) -> bool:
    """The organisation does the attacking: the active subject of an attack verb ("APT28
    breached ..."), the agent after "by" ("was hacked by X"), "behind" the attack, or what
    it is attributed "to"."""
    root = span.root
    verbs = set(lex.get("attacker_verbs", []))
    if root.dep_ == "nsubj" and _lemma(root.head) in verbs:
        return True
    if root.dep_ == "pobj":
        prep = root.head
        heads = set(lex.get("attacker_preps", {}).get(prep.lower_, []))
        governor = prep.head
        if heads and (_lemma(governor) in heads or _lemma(governor) in verbs):
            return True
        # "agent" arc: "was breached by X"
    if root.dep_ == "pobj" and root.head.dep_ == "agent" and _lemma(root.head.head) in verbs:
        return True
    return False


def is_speaker(span: Span, lex: dict[str, Any]) -> bool:
    """The organisation only reports ("the ministry *said* ..."): not what a fact is about."""
    root = span.root
    while root.dep_ == "compound":
        root = root.head
    return root.dep_ == "nsubj" and _lemma(root.head) in set(lex.get("speech_verbs", []))


#: Attacker nouns that need a hacking modifier ("a Chinese hacking group", not "a group").
_NEEDS_MODIFIER = {"group", "unit", "actor", "operator", "collective", "syndicate", "crew"}


def descriptive_attackers(doc: Doc, lex: dict[str, Any]) -> list[Span]:
    """Unnamed attackers as noun phrases: "a Chinese hacking group", "ransomware operators"."""
    nouns = set(lex.get("attacker_nouns", []))
    mods = set(lex.get("attacker_modifiers", []))
    out: list[Span] = []
    for chunk in doc.noun_chunks:
        root = chunk.root
        if _lemma(root) not in nouns:
            continue
        if _lemma(root) in _NEEDS_MODIFIER:
            if not any(t.lower_ in mods or _lemma(t) in mods for t in chunk if t is not root):
                continue
        if root.dep_ not in ("nsubj", "nsubjpass", "pobj", "attr", "dobj", "appos"):
            continue
        if any(e.label_ == "ORG" for e in chunk.ents):
            continue  # a named group is an organisation fact already
        out.append(chunk)
    return out


def sentence_events(sent: Span, lex: dict[str, Any]) -> list[tuple[str, str]]:
    """(event type, realis) for each event type a sentence mentions."""
    events = lex.get("events", {})
    lookup = {w: k for k, ws in events.items() for w in ws}
    found: dict[str, Token] = {}
    for tok in sent:
        key = lookup.get(_lemma(tok)) or lookup.get(tok.lower_)
        if key and key not in found:
            found[key] = tok
    return [(key, realis(tok, lex)) for key, tok in found.items()]


def realis(tok: Token, lex: dict[str, Any]) -> str:
    """actual | generic | denied for the event word ``tok``."""
    generic = set(lex.get("generic_cues", []))
    chain = [tok, *list(tok.ancestors)[:3]]
    for t in chain:
        for c in t.children:
            if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no"):
                return "denied"
            if c.lower_ in generic and c.dep_ in ("aux", "mark", "advmod", "amod"):
                return "generic"
        if t.lower_ in generic or _lemma(t) in ("deny",):
            return "denied" if _lemma(t) == "deny" else "generic"
    return "actual"


def assign_roles(
    doc: Doc,
    spans: list[Span],
    facts: list[Fact],
    lex: dict[str, Any],
    boiler: list[tuple[int, int]] = (),  # type: ignore[assignment]
) -> tuple[list[Fact], list[dict[str, Any]]]:
    """Give each fact its role, subject and attacker; list the article's events.

    ``spans`` are the entity spans the ``facts`` were built from (same order); facts and
    sentences inside ``boiler`` spans (advertising, captions) do not count.
    """
    threat = {
        f.canonical
        for s, f in zip(spans, facts, strict=True)
        if f.kind == "organisation" and (s.id_ or "").startswith(("org-apt", "org-threat"))
    }
    org_roles: dict[int, str] = {}
    for i, (s, f) in enumerate(zip(spans, facts, strict=True)):
        if f.kind == "organisation":
            org_roles[i] = org_role(s, f.canonical or "", lex, threat)  # type: ignore[arg-type]
    attackers = {facts[i].canonical for i, r in org_roles.items() if r == "attacker"}
    # the article's main victim: most mentioned organisation that is not an attacker or a
    # news outlet (ties: first mentioned), victim-role mentions counting double
    score: dict[str, float] = {}
    for i, r in org_roles.items():
        name = facts[i].canonical or ""
        if name in attackers or is_media(name, lex):
            continue
        score[name] = score.get(name, 0) + (2 if r == "victim" else 1)
    main_victim = max(score, key=lambda n: (score[n], -list(score).index(n))) if score else None
    described = [
        d
        for d in descriptive_attackers(doc, lex)
        if not any(a <= d.start_char < b for a, b in boiler)
    ]
    named_attacker = next(
        (facts[i].canonical for i, r in org_roles.items() if r == "attacker"), None
    )
    article_attacker = named_attacker or (described[0].text if described else None)

    out: list[Fact] = []
    for i, (s, f) in enumerate(zip(spans, facts, strict=True)):
        sent = s.sent
        in_sent = [
            (j, facts[j]) for j in org_roles if sent.start_char <= facts[j].start < sent.end_char
        ]
        victims = [g.canonical for j, g in in_sent if org_roles[j] == "victim"]
        others = [
            g.canonical
            for j, g in in_sent
            if org_roles[j] != "attacker"
            and not is_media(g.canonical or "", lex)
            and not is_speaker(spans[j], lex)
        ]
        subject = (victims or others or [main_victim])[0]
        sent_attacker = next((g.canonical for j, g in in_sent if org_roles[j] == "attacker"), None)
        if sent_attacker is None:
            sent_attacker = next((d.text for d in described if d.sent == sent), None)
        if f.kind == "organisation":
            role, subject = org_roles[i], f.canonical
        elif f.kind == "figure":
            role = figure_role(s, f.unit, lex)
        elif f.kind == "money":
            role = money_role(s, lex)
        else:
            role = date_role(s, lex)
        attacker = None if f.kind == "organisation" else (sent_attacker or article_attacker)
        out.append(replace(f, role=role, subject=subject, attacker=attacker))

    found: dict[str, list[tuple[str, Span]]] = {}
    for sent in doc.sents:
        if any(a <= sent.start_char < b for a, b in boiler):
            continue
        for etype, realis in sentence_events(sent, lex):
            found.setdefault(etype, []).append((realis, sent))
    ev_list = []
    for etype, hits in found.items():
        kinds = {r for r, _ in hits}
        realis = "actual" if "actual" in kinds else "denied" if "denied" in kinds else "generic"
        ev_list.append(
            {
                "type": etype,
                "realis": realis,
                "victim": main_victim,
                "attacker": article_attacker,
                "sentences": [
                    {"text": s.text, "start": s.start_char, "end": s.end_char, "realis": r}
                    for r, s in hits
                ],
            }
        )
    return out, ev_list
