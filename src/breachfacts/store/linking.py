"""Filing names under stored subjects: "IHG" in a new article is the stored
"InterContinental Hotels Group".

Each function reads the store through ``conn`` and writes nothing. Which names are the same
organisation is :mod:`breachfacts.normalise.names`; this module asks the store which
stored names a new article's names may be, and files each fact's subject under one.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence

from breachfacts.facts import Fact
from breachfacts.normalise.names import group_names, lookup_keys, name_key, org_name, pick_subject
from breachfacts.store.legacy import predates_subjects, resolve_subjects

__all__ = [
    "capitalised_names",
    "file_subjects",
    "known_names",
    "link_name",
    "named_victims",
    "stored_victim_in",
]


def file_subjects(conn: sqlite3.Connection, facts: Sequence[Fact]) -> dict[str, str | None]:
    """Fact id -> the subject it is filed under: each name under the name the store knows
    it by.

    Each fact's own ``subject``, as the extractor decided it (for facts written before it
    did: :func:`~breachfacts.store.legacy.resolve_subjects`). Inside the article, names of
    one organisation ("IHG", "InterContinental Hotels Group") are grouped
    (:func:`~breachfacts.normalise.names.group_names`); each group is then linked to the
    stored name it matches (same name ignoring case, or initials), else kept as it is.
    Then :func:`named_victims`.
    """
    if predates_subjects(facts):
        subjects = resolve_subjects(facts)
    else:
        subjects = {f.id: f.subject for f in facts}
    grouped = group_names([n for n in subjects.values() if n])
    linked: dict[str, str] = {}
    for rep in dict.fromkeys(grouped.values()):
        linked[rep] = link_name(conn, rep) or rep
    out = {fid: linked[grouped[n]] if n else None for fid, n in subjects.items()}
    return named_victims(conn, facts, out)


def named_victims(
    conn: sqlite3.Connection, facts: Sequence[Fact], subjects: dict[str, str | None]
) -> dict[str, str | None]:
    """A fact whose subject is not named in its sentence (the article's main victim) is
    filed under an organisation the sentence does name, if the store knows it as the
    subject of figures, money or dates: "up to 148 million Equifax customers" in an
    article about Jenkins, where the recogniser missed "Equifax". Organisations this
    article names in another role (the FBI it notified, an outlet) are not taken.
    """
    orgs = [f for f in facts if f.kind == "organisation" and (f.canonical or f.text)]
    others = {
        name_key(n) for f in orgs if (f.role or "victim") != "victim" for n in (org_name(f), f.text)
    }
    by_sentence: dict[int, set[str]] = {}
    for o in orgs:
        by_sentence.setdefault(o.sentence.start, set()).add(org_name(o))
    found: dict[int, str | None] = {}
    out = dict(subjects)
    for f in facts:
        subject = subjects.get(f.id)
        if f.kind == "organisation" or subject is None:
            continue
        sent = f.sentence
        named = subject in by_sentence.get(sent.start, ())
        if named or name_key(subject) in name_key(sent.text):
            continue
        if sent.start not in found:
            found[sent.start] = stored_victim_in(conn, sent.text, others)
        if found[sent.start]:
            out[f.id] = found[sent.start]
    return out


def link_name(conn: sqlite3.Connection, name: str) -> str | None:
    """The stored subject ``name`` refers to: a stored name that is the same subject
    (:func:`~breachfacts.normalise.names.pick_subject`), else the one organisation an
    earlier article wrote as ``name`` ("Atlanta" stored under "Atlanta Information
    Management"), else None."""
    hit = pick_subject(name, known_names(conn, name))
    if hit is not None:
        return hit
    rows = conn.execute(
        "SELECT DISTINCT subject FROM facts WHERE kind = 'organisation'"
        " AND text = ? COLLATE NOCASE AND subject IS NOT NULL LIMIT 2",
        (name,),
    ).fetchall()
    return rows[0][0] if len(rows) == 1 else None


def known_names(conn: sqlite3.Connection, name: str) -> list[str]:
    """Stored subject names that may be ``name`` (:func:`~breachfacts.normalise.names.pick_subject`
    decides), by exact keys only (:func:`~breachfacts.normalise.names.lookup_keys`)."""
    keys, fallback = lookup_keys(name)
    rows = conn.execute(
        "SELECT DISTINCT name FROM subject_names WHERE key IN"
        f" ({', '.join('?' for _ in keys)}) LIMIT 8",
        keys,
    ).fetchall()
    if fallback and not rows:
        rows = conn.execute(
            "SELECT DISTINCT name FROM subject_names WHERE key = ? LIMIT 4", (fallback[0],)
        ).fetchall()
    return [r[0] for r in rows]


def stored_victim_in(conn: sqlite3.Connection, text: str, exclude: set[str]) -> str | None:
    """The first name in ``text`` that the store knows as a subject of non-organisation
    facts (capitalised words: :func:`capitalised_names`)."""
    grams = [(i, g) for i, g in capitalised_names(text) if name_key(g) not in exclude]
    for _, g in sorted(grams, key=lambda x: (x[0], -len(x[1]))):
        hit = link_name(conn, g)
        if hit is None or name_key(hit) in exclude:
            continue
        known = conn.execute(
            "SELECT 1 FROM facts WHERE subject = ? AND kind != 'organisation' LIMIT 1",
            (hit,),
        ).fetchone()
        if known:
            return hit
    return None


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
