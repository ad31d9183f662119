"""Repairs for facts written by older breachfacts versions.

Applies to facts without a ``subject``: ``breachfacts/1`` JSONL written before the
extractor decided subjects (``add --facts old.jsonl``), and hand-made facts. The extractor
now files each fact under the victim it found (:func:`breachfacts.nlp.roles.assign_roles`);
for such old facts the store falls back to the organisation named in the fact's sentence,
else the article's most-mentioned organisation (:func:`resolve_subjects`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from breachfacts.facts import Fact

__all__ = ["resolve_subjects"]


def resolve_subjects(facts: Sequence[Fact]) -> dict[str, str | None]:
    """Fact id -> the organisation each fact is about.

    In order: the fact's own ``subject``; for an organisation, its own canonical name; the
    first organisation whose offsets lie inside the fact's sentence; the article's main
    victim, the organisation mentioned most often (ties: the first mentioned); else None.
    """
    orgs = sorted(
        (f for f in facts if f.kind == "organisation" and (f.canonical or f.text)),
        key=lambda f: f.start,
    )
    counts = Counter(org_name(f) for f in orgs)
    main: str | None = None
    if counts:
        best = max(counts.values())
        main = next(org_name(f) for f in orgs if counts[org_name(f)] == best)
    out: dict[str, str | None] = {}
    for f in facts:
        if f.subject:
            out[f.id] = f.subject
        elif f.kind == "organisation":
            out[f.id] = org_name(f) if (f.canonical or f.text) else None
        else:
            s = f.sentence
            inside = next(
                (o for o in orgs if s.start <= o.start and o.end <= s.end and o.id != f.id),
                None,
            )
            out[f.id] = org_name(inside) if inside else main
    return out


def org_name(f: Fact) -> str:
    """The name an organisation fact is filed under: its canonical name, else its text."""
    return f.canonical or f.text
