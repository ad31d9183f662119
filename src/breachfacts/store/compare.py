"""Compare a new fact with what the store knows: new | confirmed | updated | conflicting.

Pure functions over facts: nothing here reads a file or imports sqlite3. The store fetches
the stored facts about the same subject and measure (:class:`StoredFact`) and hands them to
:func:`status`, which compares their value intervals (:mod:`breachfacts.store.intervals`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from breachfacts.facts import Fact, json_number
from breachfacts.store.intervals import (
    Interval,
    Rates,
    by_overlap,
    convert,
    interval,
    numbers_agree,
    overlap,
    stated_agree,
)
from breachfacts.store.measures import Measures

__all__ = [
    "AGAINST_LIMIT",
    "RESTATED_MIN",
    "STATUSES",
    "Checked",
    "Status",
    "StoredFact",
    "HISTORY_DAYS",
    "against_asserted",
    "as_history",
    "as_restated",
    "beside_a_total",
    "historical",
    "parse_statuses",
    "restated",
    "same_event",
    "status",
]

Status = Literal["new", "confirmed", "updated", "conflicting"]

STATUSES: tuple[Status, ...] = ("conflicting", "updated", "new", "confirmed")
"""Every status, most important first: what contradicts the store, what changes it, what
adds to it, what repeats it. Summaries and ``--only``/``--fail-on`` messages use this order."""

AGAINST_LIMIT = 10
"""At most this many stored facts are listed in ``Checked.against`` (most recent first)."""


@dataclass(frozen=True)
class StoredFact:
    """A fact as the store holds it, with where it is and the article it came from.

    Attributes:
        fact: The fact as extracted; its ``subject`` is the organisation the store filed it
            under (case-insensitive).
        article_id: Its article's row (``facts.article_id``; ``fact.id`` is ``facts.fact_id``).
        source: The article's ``source`` (path or JSONL id).
        published: The article's date.
        measure: What it counts, the comparison key it was stored under with its subject.
        publisher: The article's publisher, if known.
    """

    fact: Fact
    article_id: int
    source: str
    published: date | None
    measure: str
    publisher: str | None = None

    def to_against(self) -> dict[str, Any]:
        """The ``against`` entry of a checked fact."""
        f = self.fact
        return {
            "value": json_number(f.value),
            "low": json_number(f.low),
            "high": json_number(f.high),
            "date": f.date,
            "text": f.text,
            "certainty": f.certainty,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
        }


@dataclass(frozen=True)
class Checked:
    """The verdict on one new fact.

    Attributes:
        fact: The new fact.
        status: ``new``, ``confirmed``, ``updated`` or ``conflicting``.
        against: The stored facts it was compared with (``StoredFact.to_against()``),
            most recent first, at most ``AGAINST_LIMIT``; empty for ``new``.
        subject: The organisation it was compared under (None if none could be found).
        measure: What it counts (see :func:`measure_of`).
    """

    fact: Fact
    status: Status
    against: list[dict[str, Any]] = field(default_factory=list)
    subject: str | None = None
    measure: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The fact's ``breachfacts/1`` object with ``status`` and ``against`` added."""
        d = self.fact.to_dict()
        d["status"] = self.status
        d["against"] = list(self.against)
        return d


def all_new(facts: Iterable[Fact]) -> list[Checked]:
    """Every fact ``new``: the verdict when there is no store yet."""
    return [Checked(f, "new") for f in facts]


_ASSERTED = ("certain", "hedged")


def _recency(s: StoredFact) -> tuple[date, int]:
    return (s.published or date.min, s.article_id)


def _against(
    facts: Iterable[StoredFact], converted: dict[tuple[int, str], dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """The ``against`` entries, most recent first; an amount compared in another currency
    adds ``converted``: ``{"currency", "low", "high"}``, its interval at the stated rate."""
    ordered = sorted(facts, key=_recency, reverse=True)[:AGAINST_LIMIT]
    out = []
    for s in ordered:
        d = s.to_against()
        conv = (converted or {}).get((s.article_id, s.fact.id))
        if conv is not None:
            d["converted"] = conv
        out.append(d)
    return out


def status(
    fact: Fact,
    published: date | None,
    stored: Sequence[StoredFact],
    *,
    measures: Measures | None = None,
    equality_only: bool = False,
    rates: Rates | None = None,
) -> Checked:
    """Compare one new fact with the stored facts about the same subject and measure.

    Rules, in order:

    0. Organisations are mentions: any stored mention confirms one, whatever the certainty
       of the sentences ("Yahoo did not say ..." denies nothing about Yahoo).
    1. ``equality_only`` (dates without an attack/discovery/disclosure role, and role dates
       nothing was stored under yet): a stored date with the same ISO value -> ``confirmed``
       (``conflicting`` if one denies it and the other asserts it), else ``new``.
    2. Only comparable stored facts count: the same kind, money in the same currency (or
       in a currency ``rates`` converts from: see :func:`implied_rates`), and facts that
       state something (an interval; organisations always). None -> ``new``.
    3. Denial: a denied new fact that agrees with an asserted (certain or hedged) stored
       one, or an asserted new fact that agrees with a denied stored one -> ``conflicting``.
       A denied fact is otherwise ``confirmed`` by an agreeing denial, else ``new``.
    4. A date is ``confirmed`` by any asserted stored date it agrees with, else ``new``: a
       date that disagrees with the stored ones is another step of the incident (the
       intrusion, its discovery, a patch notice, the disclosure), which a role read from
       the sentence cannot tell apart, far more often than a revision. Dates are never
       ``updated`` or ``conflicting`` but by a denial.
    5. No asserted stored fact disagrees, or the most recent agreeing one is at least as
       recent (by ``published``; undated counts as oldest) as every disagreeing one ->
       ``confirmed``: the new fact repeats the current value.
    6. It disagrees with the current value: ``updated`` if ``published`` is strictly later
       than every disagreeing stored fact (all dates known), else ``conflicting`` (same
       day, earlier, or a date unknown).

    ``against`` lists the agreeing facts for ``confirmed``, the disagreeing ones for
    ``updated`` and ``conflicting`` (the contradicted ones for a denial); an amount in
    another currency carries ``converted``, what it was compared as.
    """
    if equality_only:
        same = [
            s
            for s in stored
            if s.fact.kind == fact.kind and s.fact.date and s.fact.date == fact.date
        ]
        asserted = fact.certainty in _ASSERTED
        opposed = [s for s in same if (s.fact.certainty in _ASSERTED) != asserted]
        if opposed:
            return Checked(fact, "conflicting", _against(opposed))
        return Checked(fact, "confirmed", _against(same)) if same else Checked(fact, "new")

    if fact.kind == "organisation":  # a mention: any earlier mention confirms it
        seen = [s for s in stored if s.fact.kind == "organisation"]
        return Checked(fact, "confirmed", _against(seen)) if seen else _new(fact)

    # one pass: which comparable stored facts agree, split by asserted / denied
    scale = measures.scale if measures is not None else _unit_scale
    mine = interval(fact, scale(fact.unit))
    if mine == (None, None):
        return Checked(fact, "new")
    scales: dict[str | None, float] = {}
    converted: dict[tuple[int, str], dict[str, Any]] = {}
    asserted_agree: list[StoredFact] = []
    asserted_disagree: list[StoredFact] = []
    denied_agree: list[StoredFact] = []
    for s in stored:
        other = s.fact
        if other.kind != fact.kind:
            continue
        rate: Interval | None = None
        theirs_in = other.currency or other.unit
        if fact.kind == "money" and (fact.currency or fact.unit) != theirs_in:
            rate = (rates or {}).get((theirs_in or "", fact.currency or fact.unit or ""))
            if rate is None:
                continue  # no rate stated: amounts in two currencies are not compared
        if other.unit not in scales:
            scales[other.unit] = scale(other.unit)
        theirs = (
            interval(other, scales[other.unit]) if rate is None else convert(interval(other), rate)
        )
        if theirs == (None, None):
            continue
        if rate is not None:
            converted[(s.article_id, other.id)] = {
                "currency": fact.currency or fact.unit,
                "low": json_number(float(f"{theirs[0]:.6g}")),  # 6120.000000000001 -> 6120
                "high": json_number(float(f"{theirs[1]:.6g}")),
            }
        agrees = (
            overlap(mine, theirs)  # what stated_agree gives these, without the intervals again
            if rate is not None or by_overlap(fact, other)
            else stated_agree(fact, other, scale(fact.unit), scales[other.unit])
        )
        if other.certainty in _ASSERTED:
            (asserted_agree if agrees else asserted_disagree).append(s)
        elif agrees:
            denied_agree.append(s)

    if fact.certainty not in _ASSERTED:  # a denial
        if asserted_agree:
            return Checked(fact, "conflicting", _against(asserted_agree, converted))
        return (
            Checked(fact, "confirmed", _against(denied_agree, converted))
            if denied_agree
            else _new(fact)
        )
    if denied_agree:
        return Checked(fact, "conflicting", _against(denied_agree, converted))
    if not asserted_agree and not asserted_disagree:
        return _new(fact)
    if fact.kind == "date" and asserted_agree:
        return Checked(fact, "confirmed", _against(asserted_agree, converted))
    if fact.kind == "date":
        return _new(fact)  # another step of the incident, not a revision (rule 4)
    if asserted_agree and (
        not asserted_disagree
        or max(_day(s) for s in asserted_agree) >= max(_day(s) for s in asserted_disagree)
    ):
        return Checked(fact, "confirmed", _against(asserted_agree, converted))
    later = published is not None and all(
        s.published is not None and published > s.published for s in asserted_disagree
    )
    verdict = "updated" if later else "conflicting"
    return Checked(fact, verdict, _against(asserted_disagree, converted))


def same_event(a: Fact, b: Fact) -> bool:
    """Can two facts be about one incident? Unless both name their year and the years
    differ: the 1 billion accounts of "the 2013 breach" are no earlier report of the 500
    million of "the 2014 breach"; a fact that names no year is compared with both.

    Example:
        >>> from breachfacts.facts import Sentence
        >>> f = Fact("f1", "figure", "x", 0, 1, Sentence("x", 0, 1))
        >>> from dataclasses import replace
        >>> a, b = replace(f, event="2013"), replace(f, event="2014")
        >>> same_event(a, b), same_event(f, b)
        (False, True)
    """
    return not a.event or not b.event or a.event == b.event


HISTORY_DAYS = 180
"""A figure whose sentence dates it this many days or more before the article's publication
is history ("disclosed in 2017 that 143 million ...", written in 2019)."""


def historical(facts: Sequence[Fact], published: date | None) -> set[int]:
    """The sentences (by start offset) of an article that tell history: they name a date
    that ended at least :data:`HISTORY_DAYS` before the article was published. A figure in
    one is told as history ("disclosed in 2017 that 143 million ...", written in 2019)."""
    if published is None:
        return set()
    limit = published.toordinal() - HISTORY_DAYS
    out = set()
    for d in facts:
        if d.kind == "date" and d.date:
            last = interval(d)[1]
            if last is not None and last < limit:
                out.add(d.sentence.start)
    return out


def as_history(
    checked: Checked, stored: Sequence[StoredFact], measures: Measures | None = None
) -> Checked:
    """A figure or amount told as history (its sentence is :func:`historical`) that an
    earlier report states confirms that report, not a revision of the current value:
    "disclosed in 2017 that 143 million Americans" (2019) confirms the 143 million of 2017,
    though 148 million is known since. Anything else: ``checked`` as it is."""
    fact = checked.fact
    if checked.status not in ("updated", "conflicting") or fact.certainty not in _ASSERTED:
        return checked
    scale = measures.scale if measures is not None else _unit_scale
    same = [
        s
        for s in stored
        if s.fact.kind == fact.kind
        and s.fact.certainty in _ASSERTED
        and (
            fact.kind == "figure"
            or (s.fact.currency or s.fact.unit) == (fact.currency or fact.unit)
        )
    ]
    agreeing = [s for s in same if stated_agree(fact, s.fact, scale(fact.unit), scale(s.fact.unit))]
    return Checked(fact, "confirmed", _against(agreeing)) if agreeing else checked


def against_asserted(checked: Checked) -> bool:
    """Every stored fact ``checked`` was compared with asserts its number: the verdict is
    no conflict with a denial."""
    return all(a.get("certainty") in _ASSERTED for a in checked.against)


def beside_a_total(
    checked: Sequence[Checked], scale: Callable[[str | None], float] | None = None
) -> list[Checked]:
    """The verdicts on one article's facts, where a number that would revise its slot is
    ``new`` when the same article states a larger number in that slot: it is a part beside
    the total, not a revision of it ("57 million people ... 600,000 drivers' licences",
    after "57 million": the 600,000 is no update). A larger number is left as it is ("500
    million accounts, now 1 billion" updates), and so is a contradiction by a denial.

    Only like is weighed with like: an asserted number of the same subject and measure, in
    the same currency, of an event that can be the same, on one unit scale (``scale``,
    e.g. ``Measures.scale``: "1.5 terabytes" is larger than "300 gigabytes").

    The price: a revision downwards told beside the earlier, larger number ("first 50
    million, now 30 million") reads as a part. On the replay sets parts are far more common.
    """
    scale = scale or _unit_scale

    def key(c: Checked) -> tuple[str | None, str | None, str | None]:
        f = c.fact
        return (c.subject, c.measure, (f.currency or f.unit) if f.kind == "money" else None)

    def size(f: Fact) -> float:
        return float(f.value or 0) * (1.0 if f.kind == "money" else scale(f.unit))

    def is_number(c: Checked) -> bool:
        f = c.fact
        return f.kind in ("figure", "money") and f.value is not None and f.certainty in _ASSERTED

    # the asserted numbers of each slot (and currency): their sizes and events
    slots: dict[tuple[str | None, str | None, str | None], list[tuple[float, Fact]]] = {}
    for c in checked:
        if is_number(c):
            slots.setdefault(key(c), []).append((size(c.fact), c.fact))
    out = []
    for c in checked:
        f = c.fact
        if c.status in ("updated", "conflicting") and is_number(c) and against_asserted(c):
            mine = size(f)
            if any(s > mine and same_event(o, f) for s, o in slots.get(key(c), ())):
                c = Checked(f, "new", [], c.subject, c.measure)
        out.append(c)
    return out


def as_restated(checked: Sequence[Checked]) -> list[Checked]:
    """An amount that restates another of its article in a second currency ("$100,000
    (£75,000)") is one payment: where the store had nothing to compare it with in its own
    currency, it takes the verdict of the amount it restates."""
    by_id = {c.fact.id: c for c in checked}
    out = []
    for c in checked:
        first = by_id.get(c.fact.equivalent_of or "")
        if c.status == "new" and first is not None and first.status != "new":
            c = Checked(c.fact, first.status, first.against, c.subject, c.measure)
        out.append(c)
    return out


RESTATED_MIN = 1000
"""The smallest figure or amount a restatement is recognised by outside its slot: "78.8
million consumer records" restates "78.8 million people", but "12" of one thing is no
restatement of "12" of another."""


def restated(fact: Fact, others: Sequence[StoredFact]) -> Checked | None:
    """A figure or amount nothing in its slot compares with (or whose number moved in its
    slot), that states exactly a number stored for the same subject under another slot:
    ``confirmed`` (a restatement the extraction read with another role, unit or qualifier:
    "the $115 million settlement" after "paid $115 million", "78.8 million consumer
    records" after "78.8 million people", "209,000 consumers" after the part "209,000 U.S.
    customers"), else None. The store passes only stored facts of other slots for a number
    that moved.

    Only confirms, never updates or contradicts across slots: a number that moved may
    belong to another slot. The same kind, the same currency, an event that can be the
    same, a stated number of at least :data:`RESTATED_MIN` equal within its rounding, and
    both asserted.
    """
    if fact.value is None or fact.certainty not in _ASSERTED or abs(fact.value) < RESTATED_MIN:
        return None
    same = [
        s
        for s in others
        if s.fact.kind == fact.kind
        and s.fact.value is not None
        and s.fact.certainty in _ASSERTED
        and (
            fact.kind != "money" or (s.fact.currency or s.fact.unit) == (fact.currency or fact.unit)
        )
        and same_event(fact, s.fact)
        and numbers_agree(float(fact.value), float(s.fact.value))  # the stated numbers
    ]
    return Checked(fact, "confirmed", _against(same)) if same else None


def _new(fact: Fact) -> Checked:
    return Checked(fact, "new")


def _day(s: StoredFact) -> date:
    return s.published or date.min


def _unit_scale(unit: str | None) -> float:
    return 1.0


def parse_statuses(text: str) -> frozenset[Status]:
    """The statuses a comma-separated list names (``--only``, ``--fail-on``), any case.

    Example:
        >>> sorted(parse_statuses("updated, Conflicting"))
        ['conflicting', 'updated']
        >>> parse_statuses("updated,changed")
        Traceback (most recent call last):
        ValueError: unknown status 'changed' (expected conflicting, updated, new, confirmed)

    Raises:
        ValueError: a name that is not a status, or no name at all (one line).
    """
    names = [n.strip().lower() for n in text.split(",")]
    if not any(names):
        raise ValueError(f"no status named (expected {', '.join(STATUSES)})")
    found: set[Status] = set()
    for name in names:
        if not name:
            continue
        match = next((s for s in STATUSES if s == name), None)
        if match is None:
            raise ValueError(f"unknown status {name!r} (expected {', '.join(STATUSES)})")
        found.add(match)
    return frozenset(found)
