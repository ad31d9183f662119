"""Organisations known by name: ``patterns/known_orgs.json``.

The small model misses well-known organisations in some contexts ("disclosed on Twitter",
"a Symantec researcher", "F-Secure told the BBC") and tags some as people, places or
products. The table (listed companies of 20 stock indices, MITRE ATT&CK groups, agencies,
security vendors and news media; see its ``sources``) names them. A name written as the
table writes it becomes an organisation where the model tagged nothing or gave it another
label, with three limits:

- a person's full name (starting with a given name) stays a person ("Tim Cook"),
  and so does a name after an honorific ("Mr. Gates");
- a real place tagged GPE stays a place (``patterns/gazetteer.json``);
- a name the table marks ``ambiguous`` (also an English word: "Target", "Apple", "Oracle")
  counts only where the model reads it as a proper noun.

The names are matched case-sensitively on whole tokens, possessives included ("Adobe's"),
a one-word name in inner capitals also as capitalised only ("Youtube", "Linkedin"), and an
acronym also with periods ("I.R.S." for "IRS").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from spacy.tokens import Doc, Span

from .lexicon import word_set
from .org_mentions import bare_name, full_name_tokens, is_known_place

#: Model labels a known name may have had wrongly.
_RELABEL = {"PERSON", "GPE", "LOC", "FAC", "PRODUCT", "NORP", "WORK_OF_ART", "LAW", "EVENT"}

#: The longest name in tokens worth looking for (longer table names are matched by the model).
_MAX_TOKENS = 5


class _Index(NamedTuple):
    """What the matcher derives from one table, built once: the names as written (->
    ambiguous), the same lower-cased, and the first words a name can start with."""

    names: dict[str, bool]
    lower: frozenset[str]
    firsts: frozenset[str]


_INDEXES: dict[int, tuple[Mapping[str, Any], _Index]] = {}


def _index(table: Mapping[str, Any]) -> _Index:
    hit = _INDEXES.get(id(table))
    if hit is not None and hit[0] is table:
        return hit[1]
    names: dict[str, bool] = {}
    for entry in table.get("orgs") or ():
        if not isinstance(entry, Mapping):
            continue
        ambiguous = bool(entry.get("ambiguous"))
        for name in [entry.get("name"), *(entry.get("aliases") or ())]:
            if isinstance(name, str) and len(name) > 1:
                names.setdefault(name, ambiguous)
                title = name[:1] + name[1:].lower()
                if not ambiguous and " " not in name and len(name) > 4 and title != name:
                    names.setdefault(title, False)  # "Youtube", "Linkedin" as some write them
    firsts = frozenset(
        [n.split(None, 1)[0] for n in names]  # "Amazon.com", "AT&T": one token
        + [re.split(r"[\s'\u2019.,&-]", n, maxsplit=1)[0] for n in names]  # "TP" of "TP-Link"
    )
    index = _Index(names, frozenset(n.lower() for n in names), firsts)
    if len(_INDEXES) > 64:
        _INDEXES.clear()
    _INDEXES[id(table)] = (table, index)  # holding the table keeps its id unique
    return index


def known_names(table: Mapping[str, Any]) -> dict[str, bool]:
    """Name or alias as written -> whether it is ambiguous; built once per table."""
    return _index(table).names


def is_known_org(name: str, table: Mapping[str, Any]) -> bool:
    """Whether ``name`` (possessive or not) is a name or alias of ``table``, any case."""
    lower = _index(table).lower
    return name.lower() in lower or bare_name(name).lower() in lower


#: An acronym written with periods: "I.R.S.", "F.B.I." (the table writes "IRS", "FBI").
_DOTTED = re.compile(r"^(?:[A-Z]\.){2,}$")


def _known(text: str, names: Mapping[str, bool]) -> str | None:
    """The table's spelling of ``text`` ("McDonald's" as it is, "Adobe's" as "Adobe",
    "I.R.S." as "IRS")."""
    if text in names:
        return text
    bare = bare_name(text)
    if bare in names:
        return bare
    if _DOTTED.match(bare):
        undotted = bare.replace(".", "")
        return undotted if undotted in names else None
    return None


def known_orgs(doc: Doc, ents: list[Span], tables: Mapping[str, Any]) -> list[Span]:
    """``ents`` with the known organisations the model missed or mislabelled as ORG."""
    table = tables.get("known_orgs") or {}
    names = known_names(table)
    if not names:
        return ents
    gazetteer = tables.get("gazetteer") or {}
    honorifics = word_set(tables.get("org_context") or {}, "honorifics")
    given = word_set(tables.get("first_names") or {}, "names")
    out = []
    for e in ents:
        if e.label_ in _RELABEL and _known(e.text, names):
            if _fits(e, names, gazetteer, honorifics, given):
                e = Span(doc, e.start, e.end, label="ORG")
        elif e.label_ in _RELABEL and len(e) > 2:
            parts = _conjuncts(e)
            if len(parts) > 1 and all(_known(p.text, names) for p in parts):
                out.extend(Span(doc, p.start, p.end, label="ORG") for p in parts)
                continue  # "security firms [Avast and Check Point]" tagged WORK_OF_ART
        out.append(e)
    taken = {i for e in out for i in range(e.start, e.end)}
    firsts = _index(table).firsts
    added = []
    i = 0
    while i < len(doc):
        if i in taken or (doc[i].text not in firsts and not _DOTTED.match(doc[i].text)):
            i += 1
            continue
        hit = None
        for n in range(min(_MAX_TOKENS, len(doc) - i), 0, -1):
            if any(k in taken for k in range(i, i + n)):
                continue
            span = doc[i : i + n]
            if _known(span.text, names) and _fits(span, names, gazetteer, honorifics, given):
                hit = span
                break
        if hit is None:
            i += 1
            continue
        added.append(Span(doc, hit.start, hit.end, label="ORG"))
        i = hit.end
    return sorted([*out, *added], key=lambda e: e.start) if added else out


def _conjuncts(e: Span) -> list[Span]:
    """The parts of ``e`` between "and", "or" and commas."""
    parts, start = [], e.start
    for t in e:
        if t.lower_ in ("and", "or", ",") and t.i > start:
            parts.append(e.doc[start : t.i])
            start = t.i + 1
    if start < e.end:
        parts.append(e.doc[start : e.end])
    return parts


def _fits(
    span: Span,
    names: dict[str, bool],
    gazetteer: Mapping[str, Any],
    honorifics: frozenset[str],
    given: frozenset[str],
) -> bool:
    """Whether the known name ``span`` is the organisation here."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_.rstrip(".") in honorifics:
        return False  # "Mr. Gates"
    if full_name_tokens(span) and span[0].lower_ in given:
        if span.label_ == "PERSON" or span[0].ent_type_ == "PERSON":
            return False  # "Tim Cook" stays a person; "Check Point" is no given name
    if span.label_ in ("GPE", "LOC") and is_known_place(span.text, gazetteer, abbreviations=False):
        return False  # a table name is no place for being short: "I.R.S.", "IRS"
    if names.get(_known(span.text, names) or ""):
        return all(t.pos_ == "PROPN" for t in span if t.is_alpha)
    return True
