"""What a capitalised name is, from its context: an organisation, a place, a person, a thing.

The model's label is weakest on names it has not seen: "Payday lender Quidco has suffered
a breach" (a GPE), "according to PhishLabs" (untagged), "Linux founder Linus Torvalds" (an
ORG). Four steps over the entity list, run by :class:`~.entities.EntityRepair`:
:func:`unknown_places` (a GPE that is no known place, ``patterns/gazetteer.json``, and acts
like an organisation), :func:`context_orgs` (untagged names in an organisation's context),
:func:`titled_people`; names of things are :mod:`.thing_names`. The context words are data:
``patterns/org_context.json``.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span, Token

from .lexicon import word_set
from .org_mentions import (
    COMPANY_TAILS,
    ORG_NOUNS,
    is_known_place,
    listed_with,
    name_runs,
    proper_nouns,
)
from .syntax import lemma
from .thing_names import FILLERS, expansion

#: A name token: a proper noun with a capital letter ("PhishLabs", "eWEEK", "TP-Link").
_NAME_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

#: Words of an organisation's name: no person is called "Fidelis Cybersecurity" or
#: "Japan Times" (the company words of short forms, organisation nouns, outlets' words).
_ORG_WORDS = COMPANY_TAILS | ORG_NOUNS | {"news", "times", "post"}


def unknown_places(doc: Any, ents: list[Span], tables: dict[str, Any]) -> list[Span]:
    """GPE entities that name no known place and act like an organisation, as ORG; a
    known place in capitals that opens a paragraph (a dateline) tagged ORG, as GPE.

    A name that ends in a company word ("Fidelis Cybersecurity") is one wherever it is.
    Acting like one: the subject of a verb, a possessor, a compound of what organisations
    have or of their staff, the object of "of", "for", "by" and the like, or listed with
    organisations ("printers from Brother, Konica Minolta, Lexmark, Dell and HP"). After
    "in", "from", "across" ... a name stays a place.
    """
    gazetteer = tables.get("gazetteer") or {}
    ctx = tables.get("org_context") or {}
    if not gazetteer.get("names"):
        return ents
    out = []
    org_roots = {e.root.i for e in ents if e.label_ == "ORG"}
    for e in ents:
        if (
            e.label_ == "GPE"
            and not is_known_place(e.text, gazetteer)
            and (
                _acts(e.root, ctx)
                or e[-1].lower_ in COMPANY_TAILS
                or listed_with(e.root, org_roots)
            )
        ):
            e = Span(doc, e.start, e.end, label="ORG")
        elif e.label_ == "ORG" and _dateline(e) and is_known_place(e.text, gazetteer):
            e = Span(doc, e.start, e.end, label="GPE")  # "BALTIMORE —" opens the story
        out.append(e)
    return out


def _acts(root: Token, ctx: dict[str, Any]) -> bool:
    """Whether the name headed by ``root`` acts like an organisation in its sentence."""
    dep, head = root.dep_, root.head
    if dep in ("nsubj", "nsubjpass"):
        return lemma(head) in word_set(ctx, "act_verbs")  # "Quidco has suffered a breach"
    if dep in ("compound", "poss"):
        return head.pos_ == "NOUN" and lemma(head) in _owner_nouns(ctx)  # "Quidco's customers"
    if dep == "pobj":
        prep, gov = head.lower_, head.head
        return prep in ("of", "for", "at") and lemma(gov) in _owner_nouns(ctx)
    return False


def _owner_nouns(ctx: dict[str, Any]) -> frozenset[str]:
    return word_set(ctx, "staff_nouns") | word_set(ctx, "owned_nouns")


def context_orgs(doc: Any, ents: list[Span], tables: dict[str, Any]) -> list[Span]:
    """Proper-noun runs the model left untagged that the context marks as organisations.

    - compounded with its staff or what it owns: "PhishLabs researchers", "a Symantec
      researcher", "Twitter users", "Foxit's programs";
    - after "at", "for", "of", "with" a staff noun: "chief product officer at Rapid7";
    - a cited source: "according to PhishLabs", "reported by ZDNet", "told eWEEK";
    - the subject of what organisations do: "Oracle released", "Fidelis believes".

    A PERSON the model tagged that owns software or customers is a firm too
    ("Nuuo software", "Zscaler users"), and so is a PRODUCT in any of those contexts
    ("cybersecurity firm F-Secure", "F-Secure told the BBC").
    """
    ctx = tables.get("org_context") or {}
    if not ctx:
        return ents
    given = word_set(tables.get("first_names") or {}, "names")
    ents = [_owner_person(e, ctx, given) for e in ents]
    ents = [
        Span(doc, e.start, e.end, label="ORG")
        if e.label_ == "PRODUCT" and len(e.text) > 1 and _org_context(e, ctx)
        else e
        for e in ents
    ]
    taken = {i for e in ents for i in range(e.start, e.end)}
    added: list[Span] = []
    proper: dict[str, list[int]] | None = None  # proper nouns by text, read when first asked
    for run in name_runs(doc, _is_name, taken, _name_goes_on, parts=_NAME_PARTS):
        if _org_acronym(run, ents, ctx):
            added.append(Span(doc, run.start, run.end, label="ORG"))
            continue
        if run.start == run.sent.start and len(run) == 1 and not doc[run.start].is_upper:
            # "Adobe has released": a sentence's first word is capitalised anyway; only
            # take it as a name where the model tagged it a proper noun in another place
            if proper is None:
                proper = proper_nouns(doc)
            if not any(i != run.start for i in proper.get(run.text, ())):
                continue
        if _dateline(run):
            continue  # "GREENFIELD — Hancock Health paid": a place, however it is parsed
        if len(run.text) > 1 and _org_context(run, ctx):
            added.append(Span(doc, run.start, run.end, label="ORG"))
    return sorted([*ents, *added], key=lambda e: e.start) if added else ents


def _name_goes_on(doc: Any, j: int) -> int:
    """Tokens past ``j`` that continue a name: a number ("Unit 42"), or a glued hyphen
    and a capitalised word ("F-Secure", "TP-Link")."""
    nxt = doc[j + 1]
    if nxt.like_num and nxt.is_digit:
        return 1
    if (
        nxt.text == "-"
        and not doc[j].whitespace_
        and not nxt.whitespace_
        and j + 2 < len(doc)
        and doc[j + 2].text[:1].isupper()
    ):
        return 2
    return 0


def _owner_person(e: Span, ctx: dict[str, Any], given: frozenset[str]) -> Span:
    """A "person" that owns software, systems or customers, or that staff work at, is a
    firm: "Nuuo software", "Zscaler users", "Quidco's customers", "head of financial
    services at Booz Allen Hamilton" (the model's PERSON). A name that starts with a given
    name stays a person ("Troy Hunt's blog")."""
    if e.label_ != "PERSON" or e[0].lower_ in given or len(e) > 3:
        return e
    root = e.root
    head = root.head
    owned = word_set(ctx, "owned_nouns") | word_set(ctx, "people_nouns")
    if root.dep_ in ("compound", "poss") and head.i >= e.end and head.pos_ == "NOUN":
        if lemma(head) in owned:
            return Span(e.doc, e.start, e.end, label="ORG")
    if root.dep_ == "pobj" and head.lower_ == "at" and head.i < e.start:
        gov = head.head
        if gov.pos_ == "NOUN" and lemma(gov) in word_set(ctx, "staff_nouns"):
            return Span(e.doc, e.start, e.end, label="ORG")  # "an analyst at Booz Allen"
    return e


def _org_acronym(run: Span, ents: list[Span], ctx: dict[str, Any]) -> bool:
    """An acronym in parentheses after the organisation it abbreviates: "the Office of
    Personnel Management (OPM)", "a Defense Point Security (DPS) team member" (a
    capitalised expansion with an organisation word, tagged or not)."""
    if len(run) != 1 or not run.text.isupper():
        return False
    words = expansion(run.doc, run[0])
    if not words:
        return False
    if any(e.label_ == "ORG" and e.start <= words[-1].i < e.end for e in ents):
        return True
    body = word_set(ctx, "body_words") | ORG_NOUNS
    names = [w for w in words if w.lower_ not in FILLERS]
    return all(w.is_title or w.is_upper for w in names) and any(w.lower_ in body for w in names)


def _dateline(run: Span) -> bool:
    """Capitals opening a paragraph before a dash or comma: "GREENFIELD, Ind. —"."""
    doc = run.doc
    first = run.start == 0 or "\n" in doc[run.start - 1].text_with_ws
    return (
        first
        and run.text.isupper()
        and run.end < len(doc)
        and doc[run.end].text in (",", "\u2014", "\u2013", "-", "--")
    )


#: The parts of speech :func:`_is_name` is true for.
_NAME_PARTS = frozenset({"PROPN", "NOUN"})


def _is_name(tok: Token) -> bool:
    text = tok.text
    return (
        (tok.pos_ == "PROPN" or (tok.pos_ == "NOUN" and not tok.is_title and not tok.is_lower))
        and text[:1] in _NAME_START
        and any(c.isupper() for c in text)
        and not tok.like_num
    )


def _org_context(run: Span, ctx: dict[str, Any]) -> bool:
    root = run.root
    dep, head = root.dep_, root.head
    staff = word_set(ctx, "staff_nouns")
    prev = run.doc[run.start - 1] if run.start > 0 else None
    if prev is not None and prev.is_lower and lemma(prev) in ORG_NOUNS:
        return True  # "cybersecurity firm F-Secure"
    if any(c.dep_ == "appos" and lemma(c) in ORG_NOUNS for c in root.children):
        return True  # "F-Secure, a Finnish cybersecurity firm"
    if dep in ("compound", "poss") and head.pos_ == "NOUN" and head.i >= run.end:
        return lemma(head) in _owner_nouns(ctx)
    if dep == "pobj":
        prep, gov = head.lower_, head.head
        if prep in ("at", "for", "with", "of") and gov.pos_ == "NOUN" and lemma(gov) in staff:
            return True
        if prep == "to" and gov.lower_ == "according":
            return True
        return prep == "by" and lemma(gov) in word_set(ctx, "source_verbs")
    if dep in ("dative", "dobj") and lemma(head) == "tell":
        return True
    return dep == "nsubj" and lemma(head) in word_set(ctx, "act_verbs")


def titled_people(doc: Any, ents: list[Span], tables: dict[str, Any]) -> list[Span]:
    """Organisation mentions that a person's title or an honorific introduces, as PERSON.

    "Linux founder Linus Torvalds", "a Symantec researcher named Candid Wueest": a name of
    two or three capitalised words with no organisation word in it, right after a title
    (or a title and "named" / "called"), is a person; so is one after an honorific
    ("President Trump", "Mr. Gates", even where the name is a known organisation's).

    Given names alone do not decide: tried (a name starting with a given name of
    ``patterns/first_names.json`` as a person), it cost recall on the validation half
    (firms named after people), so they only keep a known organisation's name from a
    person's (:mod:`.known_orgs`).
    """
    ctx = tables.get("org_context") or {}
    titles, honorifics = word_set(ctx, "person_titles"), word_set(ctx, "honorifics")
    if not titles:
        return ents
    out = []
    for e in ents:
        if e.label_ == "ORG" and _titled(e, titles, honorifics):
            e = Span(doc, e.start, e.end, label="PERSON")
        out.append(e)
    return out


def _titled(e: Span, titles: frozenset[str], honorifics: frozenset[str]) -> bool:
    words = [t for t in e if t.text not in ("'s", "\u2019s")]
    if not 1 <= len(words) <= 3 or not all(t.is_title and t.is_alpha for t in words):
        return False
    if any(t.lower_ in _ORG_WORDS for t in words):
        return False
    doc = e.doc
    k = e.start - 1
    if k >= 0 and doc[k].lower_.rstrip(".") in honorifics:
        return True  # "President Trump's meeting", "Mr. Hypponen"
    if len(words) < 2:
        return False
    if k >= 0 and doc[k].lower_ in ("named", "called"):
        k -= 1
    return k >= 0 and doc[k].pos_ == "NOUN" and not doc[k].is_title and lemma(doc[k]) in titles
