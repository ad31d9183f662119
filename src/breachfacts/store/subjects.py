"""Which stored organisation a subject names: "IHG" is "InterContinental Hotels Group".

Pure functions over names; the store looks candidates up by :func:`subject_keys` (table
``subject_names``) and picks with :func:`pick_subject`.

Two names are the same subject when they are equal ignoring case and spacing, or one is
written as an acronym (capitals: "IHG", "I.H.G.") of the other's initials ("InterContinental
Hotels Group", "Intercontinental Hotels Group"). Short forms by first words ("Mitsubishi" for
"Mitsubishi Electric") are linked inside one article by the extractor, never across articles:
"Yahoo" and "Yahoo Japan" are different companies.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from breachfacts.normalise.orgs import acronym_letters, initials

__all__ = [
    "capitalised_names",
    "group_names",
    "name_key",
    "pick_subject",
    "same_subject",
    "subject_keys",
]


def name_key(name: str) -> str:
    """Case-folded, single-spaced: ``name_key("Intercontinental  Hotels")`` is
    ``"intercontinental hotels"``."""
    return " ".join(name.split()).casefold()


def subject_keys(name: str) -> set[str]:
    """The lookup keys a stored name is found by: its :func:`name_key`; its initials when it
    has two words or more (lower case); for a name written as an acronym, ``=`` and its
    letters (so a full name looks up the acronyms of its initials exactly, without meeting
    every other full name with the same initials).

    Example:
        >>> sorted(subject_keys("InterContinental Hotels Group"))
        ['ichg', 'ihg', 'intercontinental hotels group']
        >>> sorted(subject_keys("I.H.G."))
        ['=ihg', 'i.h.g.']
    """
    keys = {name_key(name)} | _initials(name)
    letters = acronym_letters(name)
    if letters:
        keys.add("=" + letters)
    return {k for k in keys if k}


def same_subject(a: str, b: str) -> bool:
    """Equal ignoring case and spacing, or one is an acronym of the other.

    Example:
        >>> same_subject("IHG", "Intercontinental Hotels Group")
        True
        >>> same_subject("Intercontinental Hotels Group", "InterContinental Hotels Group")
        True
        >>> same_subject("Indiana Health Group", "InterContinental Hotels Group")
        False
    """
    if name_key(a) == name_key(b):
        return True
    la, lb = acronym_letters(a), acronym_letters(b)
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


_CAP_WORD = re.compile(r"[A-Z][\w&.'\u2019-]*")
_JOINERS = frozenset({"of", "and", "&", "for", "de"})


def capitalised_names(text: str, max_words: int = 5) -> list[tuple[int, str]]:
    """Every run of capitalised words in ``text`` (and each shorter run inside it), with its
    offset: the names a sentence may mention that the entity recogniser missed. A trailing
    possessive goes; "of", "and", "&" may join words inside a run.

    Example:
        >>> capitalised_names("details of up to 148 million Equifax customers")
        [(29, 'Equifax')]
        >>> [n for _, n in capitalised_names("Bank of America's users")]
        ['Bank', 'Bank of America', 'America']
    """
    words: list[tuple[int, int, str]] = []  # (start, end, word) of capitalised words and joiners
    for m in re.finditer(r"\S+", text):
        raw = m.group()
        w = raw.lstrip("(\"\u201c'")
        lead = len(raw) - len(w)
        w = w.rstrip(',;:.!?"\u201d)')
        if w.endswith(("'s", "\u2019s")):
            w = w[:-2]
        start = m.start() + lead
        if lead:  # "(IHG)" starts a run of its own
            words.append((m.start(), m.start(), ""))
        if _CAP_WORD.fullmatch(w) or w in _JOINERS:
            words.append((start, start + len(w), w))
        else:
            words.append((start, start, ""))
    out: list[tuple[int, str]] = []
    for i, (start, _, w) in enumerate(words):
        if not w or w in _JOINERS:
            continue
        for j in range(i, min(len(words), i + max_words)):
            end_w = words[j][2]
            if not end_w:
                break
            if end_w in _JOINERS:
                continue
            out.append((start, text[start : words[j][1]]))
            if words[j][1] < len(text) and text[words[j][1]] in ",;:.!?)'\u2019":
                break  # a run ends at punctuation
    return out
