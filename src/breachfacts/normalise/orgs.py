"""Organisation names: ``"The Mitsubishi Electric Corp."`` -> ``"Mitsubishi Electric"``.

Pure functions over ``str``, standard library only. Three steps, each its own function:

* :func:`clean_org_span` finds the name inside an entity's text, past caption boilerplate
  ("Photo/Illustration", "(Asahi Shimbun file photo)") and leading articles, so the caller
  can re-anchor the entity on the document.
* :func:`canonical_org` gives the form every mention is stored under: no leading "the", no
  legal suffix, no possessive, straight apostrophes, single spaces, then the alias table
  (``patterns/aliases.json``, checked by :func:`check_aliases` once loaded).
* :func:`same_org` says whether a later short mention ("Mitsubishi", or the initials "IHG")
  names an organisation already seen in full ("Mitsubishi Electric", "InterContinental Hotels
  Group").

Deliberate choices:

* Legal suffixes go ("Corp.", "Inc.", "Co., Ltd.", "plc", "GmbH", "S.A.", ...) but "Group",
  "Holdings" and "Company" stay: "Lazarus Group" is a name, and a holding company is a
  different legal person from its subsidiary. A suffix is never the whole name.
* Short suffixes that are also words or initials ("Co", "AG", "SA", "SE", "NV") count only in
  their usual casing; the long ones ("Corp", "Inc", "Ltd", "LLC", ...) in any casing.
* A trailing possessive ("Mitsubishi Electric's") is dropped. Names that end in "'s" ("McDonald's",
  "Moody's") survive because the alias table is consulted before that step and lists them.
* Aliases are looked up case-insensitively on the text as written (stripped), and again after
  each cleaning step; the first hit gives the target unchanged, so targets must be canonical.
* A government prefix goes ("City of Atlanta", "the State of Ohio" -> "Atlanta", "Ohio"):
  articles name the same government both ways.
* A trailing incident noun goes ("Intercontinental Hotels Group Data Breach" -> "Intercontinental
  Hotels Group"): a headline-style entity names the organisation, not the event. The nouns are
  :data:`INCIDENT_SUFFIXES`; like legal suffixes, one is never the whole name.
* Junk gives ``None``: no letter, only function words, more than eight words, a line break,
  a leading currency sign ("$874 million"), or caption boilerplate at the start.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from breachfacts.errors import PatternError
from breachfacts.jsontypes import json_type

__all__ = [
    "GOVERNMENT_PREFIXES",
    "COMPANY_TAILS",
    "INCIDENT_SUFFIXES",
    "LEGAL_SUFFIXES",
    "MAX_TOKENS",
    "acronym_letters",
    "acronym_of",
    "initials",
    "canonical_org",
    "check_aliases",
    "clean_org_span",
    "same_org",
]

#: Legal-form suffixes matched in any casing, dots removed.
#: Last words of a company's full name that its short form drops: "Fidelis Cybersecurity"
#: is "Fidelis", "Kaleida Health" "Kaleida".
COMPANY_TAILS = frozenset(
    """inc inc. corp corp. corporation co co. ltd ltd. llc plc gmbh ag sa nv holdings group
    labs lab security cybersecurity systems technologies software networks health healthcare
    hotels resorts media telecom communications insurance airlines motors energy
    electronics entertainment pharmaceuticals industries enterprises solutions services
    international""".split()
)


LEGAL_SUFFIXES: frozenset[str] = frozenset(
    "corp corporation inc incorporated ltd limited llc llp plc gmbh pty".split()
)
#: "City of Atlanta" is the government of Atlanta, named "Atlanta" as often: the prefix goes.
GOVERNMENT_PREFIXES: frozenset[str] = frozenset(
    {"city", "town", "village", "county", "state", "commonwealth", "municipality"}
)
#: Words naming a body of a government ("City of London Police"): the prefix then stays.
_BODY_NOUNS = frozenset(
    "police council department schools school university college hospital court courts"
    " library authority office board commission district".split()
)
#: Incident nouns a headline-style entity may end in ("... Group Data Breach"), any casing.
INCIDENT_SUFFIXES: tuple[str, ...] = (
    "data breach",
    "security breach",
    "breach",
    "data leak",
    "leak",
    "hack",
    "cyberattack",
    "cyber attack",
    "cyber-attack",
    "attack",
)
#: Short legal-form suffixes matched only as written here, dots removed.
_CASED_SUFFIXES = frozenset("Co CO AG SA NV BV SE SpA SPA KK AB".split())

#: Longer spans are sentences or headlines, not names.
MAX_TOKENS = 8

_FUNCTION_WORDS = frozenset(
    "the a an of and & for in on at to by from with its their his her our this that it they"
    " we he she".split()
)
_CAPTION = re.compile(
    r"(?:photos?|photograph|images?|files?|credits?|caption|illustrations?|illutrations?"
    r"|pictured|pictures?|courtesy|graphic|video)(?:/[a-z]+)*:?",
    re.IGNORECASE,
)
_CAPTION_PAREN = re.compile(
    r"[(\[][^()\[\]]*\b(?:photo|file photo|image|credit|illustration|courtesy)\b[^()\[\]]*[)\]]",
    re.IGNORECASE,
)
_ARTICLES = frozenset({"the", "a", "an"})
_CURRENCY = "$\u20ac\u00a3\u00a5\u20b9\u20a9"  # a money amount tagged ORG
_SURROUND = " \t\"'\u201c\u201d\u2018\u2019\u00ab\u00bb,;:!?*|-\u2013\u2014"
_TRAIL_PUNCT = ",;:!?\"'\u201c\u201d\u2018\u2019\u00bb*|"
_LEAD_PUNCT = "\"'\u201c\u201d\u2018\u2019\u00ab*|-\u2013\u2014:;,"
_SPACES = re.compile(r"[\s\u200b\u2060\ufeff]+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})

#: Lower-case words a name never ends with: the model's span ran on ("Northrop Grumman and").
_TRAIL_WORDS = frozenset({"and", "or", "of", "on", "in", "at", "for", "the", "to", "with", "&"})

#: Single words too generic to stand for a longer name they begin ("National", "Japan").
_GENERIC_HEADS = frozenset(
    "national federal state department ministry agency office bureau university college"
    " bank group company international global united general royal central american"
    " british chinese japanese russian korean european japan china russia us u.s. uk new"
    " first north south east west".split()
)


def clean_org_span(text: str) -> tuple[int, int] | None:
    """Character offsets of the organisation name inside ``text``, or None if there is none.

    Leading caption boilerplate ("Photo/Illustration", "File", "(Reuters file photo)"),
    articles and quotes are skipped; trailing punctuation and caption parentheticals are
    cut, and so is anything after a line break.

    Example:
        >>> text = "Photo/Illutration The Mitsubishi Electric Corp."
        >>> start, end = clean_org_span(text)
        >>> text[start:end]
        'Mitsubishi Electric Corp.'
        >>> clean_org_span("Photo") is None
        True
    """
    start, end = 0, len(text)
    while True:
        while start < end and (text[start].isspace() or text[start] in _LEAD_PUNCT):
            start += 1
        m = _CAPTION_PAREN.match(text, start, end)
        if m:
            start = m.end()
            continue
        m = re.compile(r"\S+").match(text, start, end)
        if m is None:
            return None
        word = m.group()
        rest = text[m.end() : end].strip()
        if rest and (_CAPTION.fullmatch(word) or word.lower() in _ARTICLES):
            start = m.end()
            continue
        if _CAPTION.fullmatch(word):
            return None
        break
    newline = text.find("\n", start, end)
    if newline != -1:
        end = newline
    while True:
        while end > start and (text[end - 1].isspace() or text[end - 1] in _TRAIL_PUNCT):
            end -= 1
        inner = text[start:end]
        m = re.search(_CAPTION_PAREN.pattern + r"$", inner, re.IGNORECASE)
        if m:
            end = start + m.start()
            continue
        if inner.endswith((")", "]")) and inner.count("(") + inner.count("[") < inner.count(
            ")"
        ) + inner.count("]"):
            end -= 1
            continue
        if inner.endswith(("(", "[")):
            end -= 1
            continue
        last = inner.rsplit(None, 1)
        if len(last) == 2 and last[1] in _TRAIL_WORDS:  # "Northrop Grumman and"
            end = start + len(last[0])
            continue
        break
    if end <= start or not any(c.isalpha() for c in text[start:end]):
        return None
    if text[start:end].lower() in _ARTICLES:
        return None
    return start, end


def canonical_org(text: str, aliases: Mapping[str, str] | None = None) -> str | None:
    """The form an organisation is stored under, or None if ``text`` is not a name.

    Example:
        >>> canonical_org("Mitsubishi Electric Corp.")
        'Mitsubishi Electric'
        >>> canonical_org("The Japan Times")
        'Japan Times'
        >>> aliases = {"Japanese Defense Ministry": "Defense Ministry"}
        >>> canonical_org("the Japanese Defense Ministry", aliases)
        'Defense Ministry'
        >>> canonical_org("the") is None
        True
    """
    if "\n" in text or "\r" in text:
        return None
    table = _keyed(aliases) if aliases else {}
    s = _SPACES.sub(" ", text.translate(_APOSTROPHES)).strip()
    while True:
        if table:
            hit = table.get(_key(s))
            if hit is not None:
                return _SPACES.sub(" ", hit).strip()
        t = _clean_step(s)
        if t == s:
            break
        s = t
    return None if _is_junk(s) else s


#: Alias tables by their keys (:func:`_key`), remembered against the table object itself
#: (tables are loaded once and never changed): bounded, so fresh dicts only churn it.
_KEYED: dict[int, tuple[Mapping[str, str], int, dict[str, str]]] = {}


def _keyed(aliases: Mapping[str, str]) -> dict[str, str]:
    """``aliases`` with :func:`_key` keys, built once per table."""
    hit = _KEYED.get(id(aliases))
    if hit is not None and hit[0] is aliases and hit[1] == len(aliases):
        return hit[2]
    table = {_key(k): v for k, v in aliases.items()}
    if len(_KEYED) >= 64:
        _KEYED.clear()
    _KEYED[id(aliases)] = (aliases, len(aliases), table)  # holding the table keeps its id unique
    return table


def _clean_step(s: str) -> str:
    """One cleaning step; ``canonical_org`` repeats it until nothing changes."""
    t = s.strip(_SURROUND)
    if t.endswith(("(", "[")) or (t.startswith(("(", "[")) and t.endswith((")", "]"))):
        return t.strip("()[] ")
    if t != s:
        return t
    words = s.split(" ")
    if len(words) > 1 and words[0].lower() == "the":
        return " ".join(words[1:])
    if (
        len(words) > 2
        and words[0].lower() in GOVERNMENT_PREFIXES
        and words[1].lower() == "of"
        and not any(w.lower() in _BODY_NOUNS for w in words[2:])
    ):
        return " ".join(words[2:])
    if len(words) > 1 and _is_suffix(words[-1]):
        return " ".join(words[:-1]).rstrip(", ")
    low = s.casefold()
    for suffix in INCIDENT_SUFFIXES:
        head = low[: -len(suffix) - 1]
        if low.endswith(" " + suffix) and f"{head} {suffix}" not in INCIDENT_SUFFIXES:
            return s[: -len(suffix) - 1].rstrip(", ")
    if s.endswith("'s") and len(s) > 2:
        return s[:-2]
    if s.endswith(".") and "." not in s.split(" ")[-1][:-1]:
        return s[:-1]
    return s


def _is_suffix(word: str) -> bool:
    bare = word.replace(".", "").rstrip(",")
    return bare.lower() in LEGAL_SUFFIXES or bare in _CASED_SUFFIXES


def _is_junk(s: str) -> bool:
    words = s.split(" ")
    return (
        not any(c.isalpha() for c in s)
        or len(words) > MAX_TOKENS
        or all(w.lower() in _FUNCTION_WORDS for w in words)
        or s[0] in _CURRENCY
        or _CAPTION.fullmatch(words[0]) is not None
        or _CAPTION_PAREN.search(s) is not None
    )


def _key(name: str) -> str:
    """Alias-table key: case-folded, straight apostrophes, single spaces, no outer quotes."""
    return _SPACES.sub(" ", name.translate(_APOSTROPHES)).strip(_SURROUND).casefold()


def same_org(short: str, full: str) -> bool:
    """Whether ``short`` is a short form of ``full``: its words begin ``full``'s words, or
    it is ``full``'s initials (:func:`acronym_of`).

    Case, legal suffixes and a leading "the" are ignored. A single generic word
    ("National", "Japan") is not taken as a short form.

    Example:
        >>> same_org("Mitsubishi", "Mitsubishi Electric")
        True
        >>> same_org("IHG", "InterContinental Hotels Group")
        True
        >>> same_org("Mitsubishi Electric", "Mitsubishi Heavy Industries")
        False
    """
    if acronym_of(short, full):
        return True
    a, b = _words(short), _words(full)
    if not a or len(a) > len(b):
        return False
    if len(a) == 1 and len(b) > 1 and a[0] in _GENERIC_HEADS:
        return False
    return b[: len(a)] == a


_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,7}|(?:[A-Z]\.){2,8}")
_INNER_CAPS = re.compile(r"(?<=[a-z])[A-Z]")
_SKIP_IN_INITIALS = frozenset({"of", "and", "&", "the", "for", "de", "du", "la", "at", "in"})


def initials(full: str) -> set[str]:
    """The acronyms ``full`` may be written as, in lower case (empty for a one-word name).

    Initials of every word, or of every word but "of", "and", "the", ...; a capital inside a
    word also starts a word ("InterContinental" -> i, c) in a second reading.

    Example:
        >>> sorted(initials("InterContinental Hotels Group"))
        ['ichg', 'ihg']
        >>> sorted(initials("Federal Bureau of Investigation"))
        ['fbi', 'fboi']
        >>> initials("Yahoo")
        set()
    """
    return set(_initials(full))


@functools.lru_cache(maxsize=8192)
def _initials(full: str) -> frozenset[str]:
    """:func:`initials`, remembered: a long article compares each name with every other."""
    words = [w for w in (canonical_org(full) or "").replace("-", " ").split(" ") if w]
    if len(words) < 2:
        return frozenset()
    content = [w for w in words if w.casefold() not in _SKIP_IN_INITIALS]
    out: set[str] = set()
    for ws in (words, content):
        ws = [w for w in ws if w[0].isalnum()]
        out.add("".join(w[0] for w in ws).casefold())
        out.add("".join(w[0] + "".join(_INNER_CAPS.findall(w)) for w in ws).casefold())
    return frozenset(x for x in out if len(x) >= 2)


def acronym_letters(name: str) -> str | None:
    """``name``'s letters in lower case if it is written as an acronym (2-8 capitals, dots
    or "&" allowed: "IHG", "U.S.", "AT&T"), else None.

    Example:
        >>> acronym_letters("I.H.G."), acronym_letters("Ihg")
        ('ihg', None)
    """
    a = name.strip()
    if not _ACRONYM.fullmatch(a):
        return None
    letters = a.replace(".", "").replace("&", "").casefold()
    return letters if len(letters) >= 2 else None


def acronym_of(acronym: str, full: str) -> bool:
    """Whether ``acronym`` (capitals, 2-8 letters, dots allowed) is the initials of ``full``
    (:func:`initials`; letters compare case-insensitively).

    Example:
        >>> acronym_of("IHG", "Intercontinental Hotels Group")
        True
        >>> acronym_of("ICHG", "InterContinental Hotels Group")
        True
        >>> acronym_of("FBI", "Federal Bureau of Investigation")
        True
        >>> acronym_of("Ihg", "Intercontinental Hotels Group")
        False
    """
    letters = acronym_letters(acronym)
    return letters is not None and letters in _initials(full)


@functools.lru_cache(maxsize=8192)
def _words(name: str) -> tuple[str, ...]:
    """The case-folded words of ``name``'s canonical form, remembered (as :func:`_initials`)."""
    canonical = canonical_org(name) or ""
    return tuple(w.strip(".,'").casefold() for w in canonical.split(" ") if w.strip(".,'"))


def check_aliases(table: Mapping[str, Any], where: str = "aliases.json") -> dict[str, str]:
    """Check an alias table as loaded (a JSON object of alias -> canonical name); return it.

    Every alias and name is a non-empty string, and no alias is given twice (ignoring case,
    spacing and apostrophes, as :func:`canonical_org` looks them up) with two different
    names. Keys starting with ``/``, ``_`` or ``comment`` are comments and skipped.

    Raises:
        PatternError: ``<where>: [<alias>] <problem>`` for the first problem.

    Example:
        >>> check_aliases({"Fancy Bear": "APT28", "fancy  bear": "APT28"})
        {'Fancy Bear': 'APT28', 'fancy  bear': 'APT28'}
        >>> try:
        ...     check_aliases({"Fancy Bear": "APT28", "fancy bear": "APT29"}, "a.json")
        ... except ValueError as err:
        ...     print(err)
        a.json: [fancy bear] given twice (also as 'Fancy Bear' -> 'APT28')
    """
    if not isinstance(table, Mapping):
        raise PatternError(
            f"{where}: must be a JSON object of alias -> name, not {json_type(table)}"
        )
    seen: dict[str, tuple[str, str]] = {}
    out: dict[str, str] = {}
    for alias, target in table.items():
        if alias.startswith(("/", "_", "comment")):
            continue
        if not isinstance(target, str):
            raise PatternError(f"{where}: [{alias}] must be a string, not {json_type(target)}")
        if not alias.strip() or not target.strip():
            raise PatternError(f"{where}: [{alias}] alias and name must not be empty")
        first = seen.setdefault(_key(alias), (alias, target))
        if first[1] != target:
            raise PatternError(
                f"{where}: [{alias}] given twice (also as {first[0]!r} -> {first[1]!r})"
            )
        out[alias] = target
    return out
