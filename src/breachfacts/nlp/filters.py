"""Filters over entities: names that are no organisation, version numbers, rule overlaps.

:func:`drop_not_orgs` removes organisation mentions that name a product, malware, protocol,
identifier, person or common word; :func:`is_version_number` tells a version ("Drupal 7 or
8") from a count; :func:`superset_ents_filter` merges the span ruler's matches into the
model's entities. Pure functions of spans and tables, like spaCy's ``filter_spans``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from spacy.tokens import Doc, Span, Token

from .known_orgs import is_known_org
from .org_mentions import ORG_NOUNS, full_name_tokens, lower_case_words
from .syntax import NUMERIC

# ---------------------------------------------------------------------------
# Not organisations: products, malware, protocols, ids, people, common words


#: Categories of ``patterns/not_orgs.json`` names that also make a longer name that
#: begins or ends with them not an organisation ("Windows Authentication Methods",
#: "Microsoft Windows", "RIG EK").
_NAMING_KINDS = {
    "malware",
    "exploit kit",
    "exploit",
    "product",
    "protocol",
    "format",
    "technology",
    "campaign",
}

#: Last words that make a name an organisation even after a product word ("Linux Foundation").
_ORG_TAILS = frozenset(
    """foundation project team group inc inc. corp corp. ltd ltd. llc association society
    institute consortium alliance council labs lab security company""".split()
)

#: An id or a constant, not a name: "SA-CORE-2018-004", "MS16-137", "0x90312".
_ID_SHAPE = re.compile(r"(?i)^(?:0x[0-9a-f]+|(?=.*-)(?=(?:.*\d){3})[a-z0-9]+(?:-[a-z0-9]+)+)$")

#: Words a capitalised single-token "organisation" can be when it is just a sentence start.
_FUNCTION_POS = {"ADV", "ADJ", "VERB", "ADP", "DET", "PRON", "SCONJ", "CCONJ", "AUX", "PART"}


def not_org_reason(name: str, table: dict[str, Any]) -> str | None:
    """Why the name ``name`` is not an organisation by the ``not_orgs`` table, or None.

    The whole name ("WannaCry", "Transfer Protocol"), its first or last word when that is a
    product, malware or protocol ("Windows Authentication Methods", "Microsoft Windows";
    not "Linux Foundation"), or its last word as a suffix ("Jigsaw Ransomware", "RIG EK",
    "Information Technology Act").
    """
    names: dict[str, Any] = table.get("names") or {}
    suffixes: dict[str, Any] = table.get("suffixes") or {}
    low = " ".join(name.lower().replace("\u2019", "'").split())
    if low.startswith("the "):
        low = low[4:]
    if not low:
        return None
    if names.get(low):
        return str(names[low])
    if low.endswith("s") and names.get(low[:-1]) in _NAMING_KINDS:
        return str(names[low[:-1]])  # "iPhones"
    words = low.split()
    if len(words) > 1:
        if suffixes.get(words[-1]):
            return str(suffixes[words[-1]])
        if words[-1] not in _ORG_TAILS:
            for w in (words[0], words[-1]):
                kind = names.get(w)
                if kind in _NAMING_KINDS:
                    return str(kind)
    if _ID_SHAPE.match(low):
        return "identifier"
    if _PERIOD.match(low):
        return "period"
    return None


#: A quarter or half of a year: "Q2", "H1" (as in "the 2017 Q2 report").
_PERIOD = re.compile(r"^(?:q[1-4]|h[12])$")


def drop_not_orgs(
    doc: Doc, ents: list[Span], table: dict[str, Any], known: dict[str, Any] | None = None
) -> list[Span]:
    """``ents`` without the organisation mentions that name no organisation.

    Besides the ``not_orgs`` table (:func:`not_org_reason`):

    - an acronym defined by a lower-case expansion ("personally identifiable information
      (PII)", "line printer daemon (LPD)") names a thing, not a body;
    - a single word the model tags PERSON elsewhere in the article, as a first name or a
      surname ("Janine Eveler" ... "Eveler said"), is a person, unless it is also part of
      a longer organisation name there ("Kaspersky Lab");
    - a single capitalised word that opens a sentence and is not a noun there ("Commonly
      used printers"), or is written lower-case elsewhere in the article ("Computer systems ... the
      computer") is a common word.

    A name judged not an organisation in one mention is none in the whole article.
    """
    orgs = [e for e in ents if e.label_ == "ORG"]
    if not orgs:
        return ents
    person_words = {t.text for e in ents if e.label_ == "PERSON" for t in full_name_tokens(e)}
    in_long_org = {t.text for e in orgs if len(e) > 1 for t in e}
    lower_words = lower_case_words(doc)
    bad: set[str] = set()
    for e in orgs:
        text = e.text
        if text in bad:
            continue
        if not_org_reason(text, table) is not None or _product_piece(e, table):
            bad.add(text)
            continue
        if len(e) != 1 or (known and is_known_org(text, known)):
            continue  # a known organisation ("a Symantec researcher", ADJ) is no common word
        tok = e[0]
        if _acronym_defined_lowercase(tok):
            bad.add(text)
        elif text in person_words and text not in in_long_org:
            bad.add(text)
        elif (
            tok.is_title
            and not tok.is_upper
            and (
                (tok.pos_ in _FUNCTION_POS and _opens_sentence(tok))
                or (tok.pos_ != "PROPN" and tok.lower_ in lower_words)
            )
        ):
            bad.add(text)
    if not bad:
        return ents
    return [e for e in ents if not (e.label_ == "ORG" and e.text in bad)]


def _product_piece(e: Span, table: dict[str, Any]) -> bool:
    """Whether ``e`` is the end of a product name of the table whose first word the model
    left out: "Google [Play]". (A vendor before its product, "[Oracle] Database", stays.)"""
    doc = e.doc
    names: dict[str, Any] = table.get("names") or {}
    before = doc[e.start - 1] if e.start > 0 else None
    if before is None or before.is_lower or before.ent_type_:
        return False
    longer = " ".join(f"{before.text} {e.text}".lower().split())
    return names.get(longer) in _NAMING_KINDS


def _opens_sentence(tok: Token) -> bool:
    """Whether ``tok`` starts its sentence (after any opening quote or bracket), where a
    common word is capitalised anyway: "Commonly used printers ..."."""
    k = tok.i - 1
    while k >= 0 and tok.doc[k].is_punct and tok.doc[k].text in "\"'(\u201c\u2018[":
        k -= 1
    return k < tok.sent.start


def _acronym_defined_lowercase(tok: Token) -> bool:
    """``tok`` is an acronym in parentheses after a lower-case expansion: "information (PII)"."""
    doc = tok.doc
    if tok.i < 2 or tok.i + 1 >= len(doc):
        return False
    if doc[tok.i - 1].text != "(" or doc[tok.i + 1].text != ")":
        return False
    if not (sum(c.isupper() for c in tok.text) >= 2 and len(tok.text) <= 6):
        return False
    before = doc[tok.i - 2]
    return before.is_alpha and before.is_lower and before.lower_ not in ORG_NOUNS


# ---------------------------------------------------------------------------
# Version numbers


_VERSION = re.compile(r"^v?\d+(?:\.\d+)*(?:\.x)?$")
_VERSION_WORDS = {"version", "versions", "ver", "release", "releases", "build", "builds", "v"}
_LIST_GLUE = {",", "and", "or", "through", "to", "-", "\u2013", "&", "/"}
_CALENDAR = {
    *"january february march april may june july august".split(),
    *"september october november december".split(),
    *"jan feb mar apr jun jul aug sep sept oct nov dec".split(),
    *"monday tuesday wednesday thursday friday saturday sunday".split(),
}


def is_version_number(ent: Span) -> bool:
    """A bare number that is a version: "Drupal 7 or 8", "7.59", "8.5.x", "versions 9.0, 8.5".

    The number stands alone (no scale word, no unit inside the span) and, going back over
    a list of such numbers ("9.0, 8.5, 8.0, and"), follows a version word or a product-like
    proper noun (not a month or weekday, not a place, date or person). "8.5.x" is a version
    wherever it stands.
    """
    if len(ent) != 1 or not _VERSION.match(ent.text):
        return False
    if ent.text.endswith(".x"):
        return True
    doc = ent.doc
    i = ent.start - 1
    while i >= 0 and (doc[i].lower_ in _LIST_GLUE or _VERSION.match(doc[i].text)):
        i -= 1
    if i < 0:
        return False
    prev = doc[i]
    if prev.lower_ in _VERSION_WORDS:
        return True
    number = ent.text.lstrip("v")
    if "." not in number and (len(number) > 3 or int(number) > 999):
        return False
    return (
        prev.pos_ == "PROPN"
        and not prev.is_currency  # "₹75 lakh": a rupee sign tagged PROPN
        and not prev.is_upper
        and prev.lower_ not in _CALENDAR
        and prev.ent_type_ not in ("DATE", "TIME", "GPE", "LOC", "NORP", "PERSON", "MONEY")
    )


# ---------------------------------------------------------------------------
# Rule matches over model entities


def superset_ents_filter(entities: Iterable[Span], spans: Iterable[Span]) -> list[Span]:
    """Merge rule matches into the model's entities.

    A rule span replaces the model entities it overlaps when it covers all of them (it
    is at least as informed: "40 BTC" over CARDINAL "40" + ORG "BTC"; a leading article or
    quote of the model's span does not count), or when it is an
    ``IGNORE`` span; otherwise the model's entity stays. A number rule that only overlaps
    numeric entities takes their union ("more than $600" + "$600m" -> "more than $600m").
    Among rule spans, longest first.
    """
    # Kept entities never overlap: index them by token, so that finding the ones a rule
    # span overlaps costs its length, not a scan of every entity (quadratic on long docs).
    kept: dict[int, Span] = {}  # first token -> entity
    owner: dict[int, int] = {}  # token -> first token of the kept entity over it
    for e in entities:
        kept[e.start] = e
        owner.update(dict.fromkeys(range(e.start, e.end), e.start))
    taken: set[int] = set()
    for span in sorted(spans, key=lambda s: (s.end - s.start, -s.start), reverse=True):
        if any(i in taken for i in range(span.start, span.end)):
            continue
        firsts = dict.fromkeys(owner[i] for i in range(span.start, span.end) if i in owner)
        overlapping = [kept[k] for k in firsts]
        if span.label_ in NUMERIC and overlapping and all(e.label_ in NUMERIC for e in overlapping):
            start = min([span.start, *(e.start for e in overlapping)])
            end = max([span.end, *(e.end for e in overlapping)])
            if not any(i in taken for i in range(start, end)):
                money = any(e.label_ == "MONEY" for e in overlapping)
                span = Span(span.doc, start, end, label="MONEY" if money else span.label_)
        covers = all(span.start <= a and b <= span.end for a, b in map(_core, overlapping))
        if covers or span.label_ == "IGNORE":
            for e in overlapping:
                del kept[e.start]
                for i in range(e.start, e.end):
                    del owner[i]
            kept[span.start] = span
            owner.update(dict.fromkeys(range(span.start, span.end), span.start))
            taken.update(range(span.start, span.end))
    return list(kept.values())


def _core(ent: Span) -> tuple[int, int]:
    """Token bounds of ``ent`` without leading articles and surrounding punctuation.

    The model's 'the "Turkish Crime Family' is covered by a rule's "Turkish Crime Family".
    """
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end - 1 and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start + 1 and doc[end - 1].is_punct:
        end -= 1
    return start, end
