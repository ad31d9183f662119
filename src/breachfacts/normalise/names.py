"""Organisation identity: which names are one organisation, across articles and inside one.

Pure functions over names (no SQLite, no spaCy). Two names are the same subject when they
are equal ignoring case and spacing, or one is written as an acronym (capitals: "IHG",
"I.H.G.") of the other's initials ("InterContinental Hotels Group", "Intercontinental Hotels
Group"). Short forms by first words ("Mitsubishi" for "Mitsubishi Electric") are linked
inside one article by the extractor (:func:`~breachfacts.normalise.orgs.same_org`), never
across articles: "Yahoo" and "Yahoo Japan" are different companies. Across articles, a
name is the same subject as the name with company words after it (:func:`core_name`:
"Marriott" and "Marriott International", "Uber" and "Uber Technologies").

The store files every subject name under :func:`subject_keys` (table ``subject_names``),
looks a new name up by :func:`lookup_keys`, and picks with :func:`pick_subject`. The letters
of a name (:func:`~breachfacts.normalise.orgs.acronym_letters`,
:func:`~breachfacts.normalise.orgs.initials`) stay in ``orgs`` beside
:func:`~breachfacts.normalise.orgs.canonical_org`, which they read the name through.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from breachfacts.facts import Fact
from breachfacts.normalise.orgs import COMPANY_TAILS, acronym_letters, initials

__all__ = [
    "core_name",
    "group_names",
    "lookup_keys",
    "name_key",
    "org_name",
    "pick_subject",
    "same_subject",
    "subject_keys",
]


def org_name(f: Fact) -> str:
    """The name an organisation fact is filed under: its canonical name, else its text."""
    return f.canonical or f.text


def name_key(name: str) -> str:
    """Case-folded, single-spaced: ``name_key("Intercontinental  Hotels")`` is
    ``"intercontinental hotels"``."""
    return " ".join(name.split()).casefold()


_TAILS = frozenset(w.rstrip(".") for w in COMPANY_TAILS)


def core_name(name: str) -> str:
    """``name`` without the company words at its end (:data:`COMPANY_TAILS`: "International",
    "Technologies", "Hotels & Resorts", "Inc."), as a :func:`name_key`; never empty.

    Example:
        >>> core_name("Marriott International"), core_name("Starwood Hotels & Resorts")
        ('marriott', 'starwood')
        >>> core_name("Yahoo Japan"), core_name("Group")
        ('yahoo japan', 'group')
    """
    words = name_key(name).split()
    k = len(words)
    while k > 1 and (words[k - 1].rstrip(".") in _TAILS or words[k - 1] in ("&", "and")):
        k -= 1
    while k > 1 and words[k - 1] in ("&", "and"):
        k -= 1
    return " ".join(words[:k])


def subject_keys(name: str) -> set[str]:
    """The lookup keys a stored name is found by: its :func:`name_key`; its initials when it
    has two words or more (lower case); for a name written as an acronym, ``=`` and its
    letters (so a full name looks up the acronyms of its initials exactly, without meeting
    every other full name with the same initials); for any other name, ``~`` and its
    :func:`core_name`.

    Example:
        >>> sorted(subject_keys("InterContinental Hotels Group"))
        ['ichg', 'ihg', 'intercontinental hotels group', '~intercontinental']
        >>> sorted(subject_keys("I.H.G."))
        ['=ihg', 'i.h.g.']
    """
    keys = {name_key(name)} | _initials(name)
    letters = acronym_letters(name)
    if letters:
        keys.add("=" + letters)
    else:
        keys.add("~" + core_name(name))
    return {k for k in keys if k}


def same_subject(a: str, b: str) -> bool:
    """Equal ignoring case and spacing, one is the other with company words after it
    (:func:`core_name`), or one is an acronym of the other.

    Example:
        >>> same_subject("IHG", "Intercontinental Hotels Group")
        True
        >>> same_subject("Intercontinental Hotels Group", "InterContinental Hotels Group")
        True
        >>> same_subject("Indiana Health Group", "InterContinental Hotels Group")
        False
        >>> same_subject("Marriott", "Marriott International"), same_subject("Yahoo", "Yahoo Japan")
        (True, False)
    """
    if name_key(a) == name_key(b):
        return True
    la, lb = acronym_letters(a), acronym_letters(b)
    if not la and not lb and core_name(a) == core_name(b):
        return True
    if la and lb:
        return la == lb
    if la:
        return la in _initials(b)
    if lb:
        return lb in _initials(a)
    return False


@functools.lru_cache(maxsize=4096)
def _initials(name: str) -> frozenset[str]:
    return frozenset(initials(name))


def pick_subject(name: str, candidates: Iterable[str]) -> str | None:
    """The stored name ``name`` refers to: an equal one (ignoring case), else the only
    candidate that is the same subject; None if none is, or several different ones are.

    Example:
        >>> pick_subject("IHG", ["Indiana Health Group", "InterContinental Hotels Group"])
        >>> pick_subject("IHG", ["InterContinental Hotels Group", "Hilton"])
        'InterContinental Hotels Group'
    """
    cands = list(dict.fromkeys(candidates))
    key = name_key(name)
    exact = next((c for c in cands if name_key(c) == key), None)
    if exact is not None:
        return exact
    same = {name_key(c): c for c in cands if same_subject(name, c)}
    return next(iter(same.values())) if len(same) == 1 else None


def group_names(names: Sequence[str]) -> dict[str, str]:
    """Inside one article: each name -> the name its group is filed under.

    Names that are the same subject form a group; it is filed under its longest name that
    is not an acronym (the full name), ties to the first mentioned.

    Example:
        >>> group_names(["IHG", "InterContinental Hotels Group", "Hilton"])
        {'IHG': 'InterContinental Hotels Group', 'InterContinental Hotels Group': \
'InterContinental Hotels Group', 'Hilton': 'Hilton'}
    """
    groups: list[list[str]] = []
    for n in dict.fromkeys(names):
        home = next((g for g in groups if any(same_subject(n, m) for m in g)), None)
        if home is None:
            groups.append([n])
        else:
            home.append(n)
    out: dict[str, str] = {}
    for g in groups:
        full = [n for n in g if acronym_letters(n) is None] or g
        rep = max(full, key=lambda n: (len(n.split()), -g.index(n)))
        out.update((n, rep) for n in g)
    return out


def lookup_keys(name: str) -> tuple[list[str], list[str]]:
    """The ``subject_names`` keys under which stored names that may be ``name`` are found
    (:func:`pick_subject` decides among them): exact keys first, then keys to try only if
    those find nothing.

    Exact: equal ignoring case, and the stored acronyms of its initials; for an acronym, the
    stored acronyms with its letters. Fallback, for an acronym only: the full names with
    those initials (two different ones make it ambiguous).

    Example:
        >>> lookup_keys("InterContinental Hotels Group")
        (['intercontinental hotels group', '=ichg', '=ihg', '~intercontinental'], [])
        >>> lookup_keys("IHG")
        (['ihg', '=ihg'], ['ihg'])
    """
    letters = acronym_letters(name)
    keys = [name_key(name)]
    keys += ["=" + letters] if letters else sorted("=" + i for i in initials(name))
    if not letters:
        keys.append("~" + core_name(name))
    return keys, [letters] if letters else []
