"""Repairs for facts written by older breachfacts versions.

When it applies: to an article none of whose facts carries a ``subject``
(:func:`predates_subjects`): ``breachfacts/1`` JSONL written before the extractor decided
subjects (``add --facts old.jsonl``), and hand-made facts. Facts from the
current extractor never come here: it files each fact under the victim it found
(:func:`breachfacts.nlp.roles.assign_roles`) and names what a figure counts
("500 million user accounts" counts accounts), and the store takes both as they are.

What it repairs, as the store did for every article before the extractor knew better:

* the subject (:func:`resolve_subjects`): the organisation named in the fact's sentence,
  else the article's most-mentioned organisation;
* the measure (:func:`measure_of`): a unit that only modifies the counted noun ("500
  million *user* accounts" written with unit "user") is measured by that noun
  (:func:`compound_head`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from breachfacts.facts import Fact
from breachfacts.normalise.names import org_name
from breachfacts.store.measures import Measures, unit_key
from breachfacts.store.measures import measure_of as current_measure_of

__all__ = ["compound_head", "measure_of", "predates_subjects", "resolve_subjects"]


def predates_subjects(facts: Sequence[Fact]) -> bool:
    """True when no fact carries a subject: written before the extractor decided subjects
    (or by hand), so the repairs of this module apply. (The extractor gives every
    organisation itself as subject, so its articles with organisations never qualify.)

    Example:
        >>> from breachfacts.facts import Sentence
        >>> f = Fact("f1", "figure", "3", 0, 1, Sentence("3", 0, 1), value=3)
        >>> predates_subjects([f]), predates_subjects([replace(f, subject="Acme")])
        (True, False)
    """
    return not any(f.subject for f in facts)


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


def measure_of(fact: Fact, measures: Measures) -> str:
    """:func:`breachfacts.store.measures.measure_of`, a figure whose unit modifies another
    unit measured by the head noun (:func:`compound_head`)."""
    head = compound_head(fact, measures)
    return current_measure_of(fact if head is None else replace(fact, unit=head), measures)


_WORD = re.compile(r"[^\W\d_][\w'-]*")


def compound_head(fact: Fact, measures: Measures) -> str | None:
    """The ``units`` key of the noun a figure's unit modifies, if that noun is in ``units``.

    The unit word is a modifier when the next word of the sentence is itself a unit: "500
    million *user* accounts" counts accounts, "2 million *customer* records" records, while
    "270,000 customers of ..." and "credit card numbers" ("number" is no unit) keep theirs.

    Example:
        >>> from breachfacts.facts import Sentence
        >>> text = "It stole 500 million user accounts."
        >>> f = Fact("f1", "figure", "500 million", 9, 20, Sentence(text, 0, len(text)),
        ...          value=5e8, unit="user")
        >>> compound_head(f, Measures(units={"user": "people affected", "account": "accounts"}))
        'account'
    """
    if not fact.unit or fact.kind != "figure":
        return None
    s = fact.sentence
    rest = s.text[max(0, fact.end - s.start) :]
    words = [m.group() for m in _WORD.finditer(rest[:80])][:4]
    unit = unit_key(fact.unit, measures.units)
    for i, w in enumerate(words[:-1]):
        if unit_key(w, measures.units) == unit or w.lower() == fact.unit.lower():
            nxt = unit_key(words[i + 1], measures.units)
            return nxt if nxt != unit and nxt in measures.units else None
    return None
