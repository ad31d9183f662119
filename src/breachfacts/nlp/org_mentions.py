"""Finding organisation mentions the statistical model missed or mislabelled.

Context makes a name an organisation: an organisation noun next to it ("security firm
Kaspersky"), a count of what it owns ("148 million Equifax customers"), a place acting as
victim or attacker ("Atlanta intends to pay"), a conjunct of an organisation ("Google and
Facebook"), a name modifying a noun after "the" ("the Ashley Madison data dump"). A name is
one thing within an article: mentions follow the label the name has most often, and an
organisation named once is tagged wherever it recurs. The short form of an organisation
named earlier ("Mitsubishi" after "Mitsubishi Electric") is that organisation.

Each step takes the entity list and returns a new one; :class:`~.entities.EntityRepair`
runs them in order.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterator, Sequence
from typing import Any

from spacy.attrs import IS_ALPHA, IS_LOWER, LOWER, ORTH, POS
from spacy.parts_of_speech import IDS
from spacy.tokens import Doc, Span, Token

from ..normalise.orgs import COMPANY_TAILS, same_org
from .lexicon import word_lookup, word_set

#: ``figure_units`` classes of ``patterns/roles.json`` whose nouns an organisation owns:
#: "148 million *Equifax* customers", "3 billion *Yahoo* accounts" (not "systems": "1,000
#: Cisco routers" names a vendor, not the victim).
OWNED_UNIT_CLASSES = ("victims", "records")


#: Nouns that say the name next to them is an organisation: "security firm Kaspersky",
#: "supermarket chain Uncle Giuseppe", "Spiral Toys, the company behind the toys".
ORG_NOUNS = frozenset(
    """company firm chain lender retailer provider maker vendor giant startup start-up insurer
    bank group gang agency exchange marketplace brand toymaker carmaker manufacturer
    organisation organization outlet newspaper magazine broadcaster hospital university
    college charity nonprofit airline hotelier conglomerate subsidiary supplier distributor
    processor telco consultancy""".split()
)

#: Model labels a cued name may have had wrongly ("Spiral Toys" PERSON, "Landauer" GPE).
_RELABEL = {"PERSON", "GPE", "LOC", "FAC", "PRODUCT", "NORP", "LAW", "WORK_OF_ART", ""}


def cued_orgs(doc: Doc, ents: list[Span], roles: dict[str, Any] | None = None) -> list[Span]:
    """Names the context marks as organisations, relabelled ORG.

    A run of capitalised proper nouns right after an organisation noun ("firm Telefonica",
    "lender Wonga") or in apposition with one ("Spiral Toys, the company", "the company
    behind the products, Spiral Toys") is an organisation whatever the model called it.
    Nouns that also name people's jobs (developer, publisher) are not cues. So is a run
    between a count and the people or records it counts ("148 million Equifax customers":
    the model tags no name there); the nouns are ``figure_units`` of ``roles``.
    """
    owned = word_lookup((roles or {}).get("figure_units", {}))  # noun -> its class
    count_ends = {e.end for e in ents if e.label_ in ("CARDINAL", "FIGURE")}
    label_of = {i: e for e in ents for i in range(e.start, e.end)}
    out = list(ents)
    for run in name_runs(doc, _is_name_token, parts=_NAME_PARTS):
        owners = {id(label_of[k]): label_of[k] for k in range(run.start, run.end) if k in label_of}
        if any(e.label_ not in _RELABEL for e in owners.values()):
            continue
        if any(e.start < run.start or e.end > run.end for e in owners.values()):
            continue
        if not (_org_cue(run) or _counted_owner(run, count_ends, owned)):
            continue
        out = [e for e in out if id(e) not in owners]
        out.append(Span(doc, run.start, run.end, label="ORG"))
    return sorted(out, key=lambda e: e.start)


def name_runs(
    doc: Doc,
    is_name: Callable[[Token], bool],
    taken: Container[int] = (),
    more: Callable[[Doc, int], int] | None = None,
    parts: Container[str] | None = None,
) -> Iterator[Span]:
    """The maximal runs of name tokens outside ``taken``, in order. ``more(doc, j)`` may
    let a run go on past ``j`` by that many tokens where ``is_name`` alone would stop it
    ("Unit 42", "F-Secure"). ``parts``: the parts of speech ``is_name`` can be true for;
    a token with another one is no name, without a Token made to ask ``is_name``."""
    n = len(doc)
    if parts is None:
        maybe = [True] * n
    else:
        allowed = {IDS[p] for p in parts}
        maybe = [p in allowed for p in doc.to_array(POS).tolist()]
    i = 0
    while i < n:
        if i in taken or not maybe[i] or not is_name(doc[i]):
            i += 1
            continue
        j = i
        while j + 1 < n and j + 1 not in taken:
            step = 1 if maybe[j + 1] and is_name(doc[j + 1]) else (more(doc, j) if more else 0)
            if not step:
                break
            j += step
        yield doc[i : j + 1]
        i = j + 1


def lower_case_words(doc: Doc, *, alpha: bool = True, attr: int = ORTH) -> set[str]:
    """The texts (``attr``: ORTH) or lower-case forms (LOWER) of the tokens of ``doc``
    written in lower case, only alphabetic ones when ``alpha``; read from arrays, with no
    Token object per token."""
    strings = doc.vocab.strings
    rows = doc.to_array([attr, IS_LOWER, IS_ALPHA]).tolist()
    return {strings[form] for form in {f for f, low, a in rows if low and (a or not alpha)}}


def proper_nouns(doc: Doc) -> dict[str, list[int]]:
    """Token text -> the positions where it is tagged a proper noun, read from arrays (a
    scan of the document per question took seconds on a long article)."""
    propn = IDS["PROPN"]
    by_orth: dict[int, list[int]] = {}
    for i, (orth, pos) in enumerate(doc.to_array([ORTH, POS]).tolist()):
        if pos == propn:
            by_orth.setdefault(orth, []).append(i)
    strings = doc.vocab.strings
    return {strings[orth]: at for orth, at in by_orth.items()}


#: The parts of speech :func:`_is_name_token` is true for.
_NAME_PARTS = frozenset({"PROPN"})


def _is_name_token(tok: Token) -> bool:
    return tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.is_alpha  # "ERPScan" too


def _counted_owner(run: Span, count_ends: set[int], owned: dict[str, str]) -> bool:
    """Whether ``run`` stands between a count and a noun it owns: "3 billion *Yahoo* accounts"."""
    doc = run.doc
    if run.start not in count_ends or run.end >= len(doc):
        return False
    noun = doc[run.end]
    return (
        noun.pos_ == "NOUN"
        and owned.get(noun.lemma_.lower()) in OWNED_UNIT_CLASSES
        and run.root.head.i == noun.i
    )


def _org_cue(run: Span) -> bool:
    """Whether the context of ``run`` says it names an organisation."""
    doc = run.doc
    prev = doc[run.start - 1] if run.start > 0 else None
    if prev is not None and prev.pos_ == "NOUN" and prev.lemma_.lower() in ORG_NOUNS:
        return not prev.is_title  # "firm Telefonica", not "Company Telefonica" headline case
    root = run.root
    if root.dep_ == "appos" and root.head.lemma_.lower() in ORG_NOUNS and root.head.pos_ == "NOUN":
        return True
    return any(
        c.dep_ == "appos" and c.pos_ == "NOUN" and c.lemma_.lower() in ORG_NOUNS
        for c in root.children
    )


#: ``doc.user_data`` key: the lower-cased place names made organisations in the document.
ACTING_PLACES = "breachfacts_acting_places"


def acting_places(doc: Doc, ents: list[Span], places: dict[str, Any]) -> list[Span]:
    """Places named as the victim or the attacker of an attack, as organisations.

    "Atlanta intends to pay the ransom", "the city of Atlanta was attacked", "Atlanta's main
    website", "the NSA linked North Korea to WannaCry": the place stands for its government.
    Only the syntactic positions of ``patterns/places.json`` count; "hospitals in Atlanta"
    keeps Atlanta a place. "the city of Atlanta" becomes the organisation "city of Atlanta".
    The place names are listed in ``doc.user_data[ACTING_PLACES]``: a place is no short form
    of an organisation named after it ("Atlanta", "Atlanta Information Management").
    """
    labels = set(places.get("place_labels", ()))
    if not labels or not any(e.label_ in labels for e in ents):
        return ents
    governments = word_set(places, "government_nouns")
    out: list[Span] = []
    for e in ents:
        if e.label_ not in labels:
            out.append(e)
            continue
        anchor, start = e.root, e.start
        head = anchor.head
        if (
            anchor.dep_ == "pobj"
            and head.lower_ == "of"
            and head.head.lemma_.lower() in governments
            and head.head.i == head.i - 1
            and (not out or out[-1].end <= head.head.i)
        ):
            anchor, start = head.head, head.head.i  # "the city of Atlanta"
        if _place_acts(anchor, places):
            name = doc[e.start : e.end].text.lower()
            acting = doc.user_data.setdefault(ACTING_PLACES, [])
            if name not in acting:
                acting.append(name)  # a list: Doc.to_bytes (n_process > 1) keeps it
            e = Span(doc, start, e.end, label="ORG")
        out.append(e)
    return out


def _place_acts(tok: Token, places: dict[str, Any]) -> bool:
    """Whether ``tok`` (a place's head) is the victim or the attacker of what is said."""
    head, dep = tok.head, tok.dep_
    lemma = head.lemma_.lower()
    attacked = word_set(places, "attacked_verbs")
    if dep in ("nsubjpass", "dobj") and lemma in attacked:
        return True  # "Atlanta was hit", "SamSam hit Atlanta"
    if dep == "dobj" and lemma in word_set(places, "attribution_verbs"):
        preps = word_set(places, "attribution_preps")
        return any(c.dep_ == "prep" and c.lower_ in preps for c in head.children)
    if dep == "pobj" and head.lower_ in ("on", "against"):
        governor = head.head.lemma_.lower()
        if governor in word_set(places, "attack_nouns") or governor in attacked:
            return True  # "the attack on Atlanta", "launched against the city"
    if dep == "pobj" and head.lower_ in word_set(places, "attribution_preps"):
        return head.head.lemma_.lower() in word_set(places, "attribution_verbs")
    if dep == "nsubj":
        actions = word_set(places, "victim_actions")
        if lemma in actions:
            return True  # "Atlanta sends the bitcoins", "Hong Kong experienced a breach"
        if lemma in word_set(places, "intent_verbs") and any(
            c.dep_ == "xcomp" and c.lemma_.lower() in actions for c in head.children
        ):
            return True  # "Atlanta intends to pay"
        if lemma == "be" and any(c.lower_ == "behind" for c in head.children):
            return True  # "North Korea was behind the attack"
    if dep == "compound" and lemma in word_set(places, "attack_nouns"):
        return True  # "the Baltimore hack"
    if dep == "poss" and lemma in word_set(places, "system_nouns"):
        return True  # "Atlanta's main website"
    return False


def listed_with(root: Token, org_roots: set[int]) -> bool:
    """Whether the name headed by ``root`` is a conjunct of an organisation (in a list of
    them: "Brother, Konica Minolta, Lexmark, Dell and HP")."""
    return (root.dep_ == "conj" and root.head.i in org_roots) or any(
        c.dep_ == "conj" and c.i in org_roots for c in root.children
    )


def conjoined_orgs(doc: Doc, ents: list[Span]) -> list[Span]:
    """Capitalised names the model left untagged, listed together with an organisation.

    "Google and Facebook have admitted": a proper-noun run that is a conjunct of an ORG
    entity (or whose conjunct is one) and carries no entity label of its own is an
    organisation too.
    """
    taken = {i: e for e in ents for i in range(e.start, e.end)}
    org_roots = {e.root.i for e in ents if e.label_ == "ORG"}
    if not org_roots:
        return ents
    added: list[Span] = []
    for run in name_runs(doc, _is_name_token, taken, parts=_NAME_PARTS):
        if listed_with(run.root, org_roots) and len(run.text) > 2:
            added.append(Span(doc, run.start, run.end, label="ORG"))
    return sorted([*ents, *added], key=lambda e: e.start) if added else ents


def named_modifiers(doc: Doc, ents: list[Span]) -> list[Span]:
    """A "person" after "the" that modifies a noun names a company or service.

    "the Ashley Madison data dump", "users of the Ashley Madison dating service": people's
    names take no article, so the model's PERSON there is the brand.
    """
    out = []
    for e in ents:
        if (
            e.label_ == "PERSON"
            and e.start > 0
            and doc[e.start - 1].lower_ == "the"
            and e.root.dep_ in ("compound", "nmod", "amod")
            and e.root.head.i >= e.end
            and e.root.head.pos_ == "NOUN"
        ):
            e = Span(doc, e.start, e.end, label="ORG")
        out.append(e)
    return out


def relabel_org_mentions(
    doc: Doc, ents: list[Span], gazetteer: dict[str, Any] | None = None
) -> list[Span]:
    """Mentions of a name that is an organisation elsewhere in the article, as ORG.

    The model calls "DocuSign" PRODUCT in one sentence and ORG in the next, "Oracle" a
    PERSON in one and ORG in three: a name is one thing within an article. A mention
    (possessive or not: "Adobe's" is "Adobe") becomes ORG when the same name is ORG at
    least as often as it has its own label, or is the short form of an organisation's
    full name there (:func:`short_form`). Left alone: a person's full name or a word of
    one ("Troy Hunt", "Hunt"), and a real place (``gazetteer``), which acts as an
    organisation only where :func:`acting_places` says so.
    """
    counts: dict[tuple[str, str], int] = {}
    for e in ents:
        key = (bare_name(e.text), e.label_)
        counts[key] = counts.get(key, 0) + 1
    # "Fidelis" is an organisation wherever "Fidelis Cybersecurity" is one
    shorts = {short for e in ents if e.label_ == "ORG" and (short := short_form(e))}
    person_words = {t.text for e in ents if e.label_ == "PERSON" for t in full_name_tokens(e)}
    out = []
    for e in ents:
        name = bare_name(e.text)
        org = counts.get((name, "ORG"), 0)
        if (
            e.label_ in _RELABEL
            and e.label_ != ""
            and len(name) > 2
            and (name in shorts or (org and org >= counts[name, e.label_]))
            and not (e.label_ == "PERSON" and (full_name_tokens(e) or name in person_words))
            and not (e.label_ in ("GPE", "LOC") and is_known_place(name, gazetteer or {}))
        ):
            e = Span(doc, e.start, e.end, label="ORG")
        out.append(e)
    return out


def bare_name(text: str) -> str:
    """``text`` without a possessive ending: "Adobe's" -> "Adobe", "Jones'" -> "Jones"."""
    for end in ("'s", "\u2019s", "'", "\u2019"):
        if text.endswith(end):
            return text[: -len(end)]
    return text


def full_name_tokens(e: Span) -> list[Token]:
    """The name words of a person's full name ("Troy Hunt"), or [] for one word or a name
    no person has ("Oracle Java SE": a capitalised acronym is no part of a person's name).

    A possessive ending is no word of the name: the model's PERSON "Adobe's" is one word.
    """
    words = [t for t in e if t.text not in ("'s", "\u2019s")]
    if not 2 <= len(words) <= 4 or not all(t.is_title and t.is_alpha for t in words):
        return []
    return words


def short_form(e: Span) -> str | None:
    """The short form of the organisation ``e`` names, if it has a distinctive one.

    "Fidelis Cybersecurity" -> "Fidelis", "Hartley's Furniture" -> "Hartley's": the name
    without its company words, or its first word when that is a possessive. None for a
    one-word name or a first word that is a common or short word ("National Health
    Service", "US Bank").
    """
    words = [t for t in e if t.is_alpha or t.text in ("'s", "\u2019s", "-")]
    if len(words) < 2:
        return None
    if len(e) >= 3 and e[1].text in ("'s", "\u2019s") and e[0].is_title:
        return e[:2].text  # "Hartley's Furniture"
    k = len(e)
    while k > 1 and e[k - 1].lower_.rstrip(".") in {w.rstrip(".") for w in COMPANY_TAILS}:
        k -= 1
    if k == len(e) or k > 2:
        return None
    head = e[:k]
    first = head[0]
    if first.is_stop or len(head.text) < 4 or first.pos_ != "PROPN" or not first.text[:1].isupper():
        return None
    return head.text


def propagate_orgs(doc: Doc, ents: list[Span]) -> list[Span]:
    """Tag the other mentions of a name the model recognised as an organisation once.

    One sense per discourse: if "Asahi Shimbun" is an ORG in the caption, it is one in
    "The Asahi Shimbun broke the report" too, where the model missed it. Only
    multi-character names with a capital letter, only whole tokens, never inside
    another entity.
    """
    names = {
        e.text
        for e in ents
        if e.label_ == "ORG" and len(e.text) > 2 and any(c.isupper() for c in e.text)
    }
    lower = lower_case_words(doc, alpha=False, attr=LOWER)
    names |= {
        short
        for e in ents
        if e.label_ == "ORG" and (short := short_form(e)) and short.lower() not in lower
    }
    if not names:
        return []
    taken = {i for e in ents for i in range(e.start, e.end)}
    added: list[Span] = []
    text = doc.text
    for name in sorted(names, key=len, reverse=True):
        start = text.find(name)
        while start != -1:
            span = doc.char_span(start, start + len(name), label="ORG")
            if span is not None and not any(i in taken for i in range(span.start, span.end)):
                added.append(span)
                taken.update(range(span.start, span.end))
            start = text.find(name, start + len(name))
    return added


def is_known_place(name: str, gazetteer: dict[str, Any], abbreviations: bool = True) -> bool:
    """Whether ``name`` is a real place by ``gazetteer`` (its ``names``), or an abbreviation.

    "Atlanta", "the United Kingdom", "Mecklenburg" (a county's name without "County"),
    "U.K." and "UK" (dotted or short capitals: the model tags such abbreviations GPE for
    places; not with ``abbreviations=False``, for a name known as an organisation: "I.R.S.")
    are places; "Quidco" is none.
    """
    names: dict[str, Any] = gazetteer.get("names") or {}
    low = " ".join(name.lower().replace("\u2019", "'").split())
    if low.startswith("the "):
        low = low[4:]
    if low.endswith("'s"):
        low = low[:-2]
    if not low:
        return False
    if names.get(low) or names.get(low + " county"):
        return True
    if not abbreviations:
        return False
    compact = name.replace(".", "").replace(" ", "")
    return "." in name or (compact.isupper() and len(compact) <= 3)


def is_acting_place(doc: Doc, name: str) -> bool:
    """Whether the canonical ``name`` is a place :func:`acting_places` made an organisation."""
    return name.lower() in doc.user_data.get(ACTING_PLACES, ())


def full_name_of(doc: Doc, name: str, seen: Sequence[str]) -> str | None:
    """The organisation named earlier (``seen``, in order) that ``name`` is a short form of.

    "Mitsubishi" after "Mitsubishi Electric" is its short form
    (:func:`~breachfacts.normalise.orgs.same_org`); the city "Atlanta", made an organisation
    by :func:`acting_places`, is no short form of "Atlanta Information Management".
    """
    if is_acting_place(doc, name):
        return None
    return next((s for s in seen if s != name and same_org(name, s)), None)
