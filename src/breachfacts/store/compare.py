"""Compare a new fact with what the store knows: new | confirmed | updated | conflicting.

Pure functions over facts; nothing here imports sqlite3. The store fetches the stored
facts about the same subject and measure and hands them to :func:`status`.

Each figure, amount or date is read as the interval its wording states:

==============================================  ===========================================
wording                                         interval
==============================================  ===========================================
"6,500" (no hedge)                              [6500, 6500]
"about / around / approximately / some /        [x * (1 - AROUND), x * (1 + AROUND)],
an estimated / roughly 6,500"                   AROUND = 0.10
"nearly / almost / up to / as many as /         [x * (1 - NEAR), x], NEAR = 0.05
close to / just under 20,000"
"just over / slightly more than x"              [x, x * (1 + NEAR)]
"more than / over / at least / upwards of x"    [x, x * OPEN_CAP], OPEN_CAP = 1.5
"fewer than / less than / under / at most x"    [x / OPEN_CAP, x]
"between 1,000 and 2,000" (value None)          [low, high]
vague ("tens of thousands")                     its bounds; an open side is capped as above
a date at its granularity                       the days it covers ("2019-06": June 1-30)
==============================================  ===========================================

Which hedge reads which way is :func:`breachfacts.normalise.numbers.hedge_reading` (the one
table of hedge words). Open bounds never stand for a half-line: "more than 40,000" agrees with "40,000" and with
"55,000" but not with "1.2 million". "as many as 2.3 million" is [2.185M, 2.3M], so it is a
new estimate, not a confirmation of "2.1 million". Two facts *agree* when their intervals
overlap (bounds inclusive).

Amounts in different currencies are compared only through a rate the reporting itself
states: an article that restates an amount in another currency ("6 bitcoins (about
$51,000)", a fact with ``equivalent_of``) implies a rate interval, hedges included
(:func:`implied_rates`), and an amount in one currency is converted with it
(:func:`convert`) before the overlap test. No rate stated, no comparison: breachfacts
carries no exchange-rate table, and crypto-currency rates move too fast for one.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, Protocol

from breachfacts.errors import MeasuresError
from breachfacts.facts import Fact, json_number
from breachfacts.jsontypes import json_type
from breachfacts.normalise.dates import date_interval
from breachfacts.normalise.numbers import hedge_reading

Status = Literal["new", "confirmed", "updated", "conflicting"]
Interval = tuple[float | None, float | None]

AROUND = 0.10
"""Margin either side of an approximate value ("about 6,500")."""
NEAR = 0.05
"""Margin below a ceiling that is close to the truth ("nearly", "as many as", "up to")."""
OPEN_CAP = 1.5
"""How far an open bound reaches: "more than x" is [x, 1.5x], "fewer than x" is [x/1.5, x]."""
AGAINST_LIMIT = 10
"""At most this many stored facts are listed in ``Checked.against`` (most recent first)."""


class Quantified(Protocol):
    """What :func:`interval` reads: a :class:`~breachfacts.facts.Fact` or a :class:`StoredFact`."""

    kind: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str | None
    date: str | None


# --------------------------------------------------------------------------- measures


MEASURE_SECTIONS: tuple[str, ...] = (
    "units",
    "figure_roles",
    "money_roles",
    "date_roles",
    "unit_scales",
)


@dataclass(frozen=True)
class Measures:
    """The table that maps a fact to the measure it is compared under.

    Attributes:
        units: figure unit lemma (lower case) -> measure ("person" -> "people affected").
        figure_roles: figure role -> measure, used when the unit is not in ``units``.
        money_roles: money role -> measure ("ransom" -> "money:ransom"); else "money:amount".
        date_roles: date role -> measure ("attack" -> "date:attack"); else "date".
        unit_scales: units measured on one scale ("terabyte" -> 1e12), so that "1 terabyte"
            and "1,000 gigabytes" compare as the same amount.
    """

    units: dict[str, str] = field(default_factory=dict)
    figure_roles: dict[str, str] = field(default_factory=dict)
    money_roles: dict[str, str] = field(default_factory=dict)
    date_roles: dict[str, str] = field(default_factory=dict)
    unit_scales: dict[str, float] = field(default_factory=dict)

    def scale(self, unit: str | None) -> float:
        """The factor that brings a value in ``unit`` onto its measure's common scale."""
        if unit is None:
            return 1.0
        return self.unit_scales.get(_unit_key(unit, self.unit_scales), 1.0)


def builtin_measures_path() -> Path:
    """Where the built-in ``measures.json`` lives: the built-in patterns directory."""
    from breachfacts.tables import builtin_dir

    return builtin_dir() / "measures.json"


def load_measures(*extra: Path | str, builtin: bool = True) -> Measures:
    """Load the built-in measure table, then each user file in ``extra`` on top of it.

    A later file adds entries and overrides earlier ones, key by key.

    Raises:
        MeasuresError: one line naming the file and the bad entry, e.g.
            ``patterns/measures.json: [units -> person] expected a non-empty string, got 3``.

    Example:
        >>> measures = load_measures()
        >>> measures.units["customer"]
        'people affected'
    """
    paths = ([builtin_measures_path()] if builtin else []) + [Path(p) for p in extra]
    merged: dict[str, dict[str, Any]] = {name: {} for name in MEASURE_SECTIONS}
    for path in paths:
        for section, entries in _read_measures_file(path).items():
            merged[section].update(entries)
    return Measures(**merged)


def _read_measures_file(path: Path) -> dict[str, dict[str, Any]]:
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as e:
        raise MeasuresError(f"{path}: cannot read ({e.strerror or e})") from None
    except UnicodeDecodeError as e:
        raise MeasuresError(f"{path}: not UTF-8 (byte {e.start})") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as e:
        raise MeasuresError(f"{path}:{e.lineno}: invalid JSON: {e.msg}") from None
    return validate_measures(data, str(path))


def validate_measures(data: Any, where: str = "measures") -> dict[str, dict[str, Any]]:
    """Check a measures object; return its sections with keys in lower case.

    Raises:
        MeasuresError: ``<where>: [<section> -> <key>] <problem>`` for the first problem.
    """
    if not isinstance(data, dict):
        raise MeasuresError(f"{where}: expected a JSON object, got {json_type(data)}")
    out: dict[str, dict[str, Any]] = {}
    for section, entries in data.items():
        if section not in MEASURE_SECTIONS:
            known = ", ".join(MEASURE_SECTIONS)
            raise MeasuresError(f"{where}: [{section}] unknown section (known: {known})")
        if not isinstance(entries, dict):
            raise MeasuresError(
                f"{where}: [{section}] expected an object, got {json_type(entries)}"
            )
        clean: dict[str, Any] = {}
        for key, value in entries.items():
            if not key.strip():
                raise MeasuresError(f"{where}: [{section} -> {key!r}] empty key")
            if section == "unit_scales":
                ok = (
                    isinstance(value, (int, float))
                    and not isinstance(value, bool)
                    and math.isfinite(value)
                    and value > 0
                )
                if not ok:
                    raise MeasuresError(
                        f"{where}: [{section} -> {key}] expected a positive number, "
                        f"got {json.dumps(value)}"
                    )
                clean[key.strip().lower()] = float(value)
            else:
                if not isinstance(value, str) or not value.strip():
                    raise MeasuresError(
                        f"{where}: [{section} -> {key}] expected a non-empty string, "
                        f"got {json.dumps(value)}"
                    )
                clean[key.strip().lower()] = value.strip()
        out[section] = clean
    return out


def _unit_key(unit: str, table: dict[str, Any]) -> str:
    """``unit`` as a key of ``table``: lower case, then a naive singular ("files" -> "file")."""
    u = " ".join(unit.lower().split())
    if u in table:
        return u
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", "")):
        if u.endswith(suffix) and u[: -len(suffix)] + repl in table:
            return u[: -len(suffix)] + repl
    return u


def measure_of(fact: Fact, measures: Measures) -> str:
    """What a fact counts, the key it is compared under (with its subject).

    - figure: ``units[unit]``; else ``figure_roles[role]``; else ``"count of <unit>"``
      (compared only with the same unit), or ``"count"`` without a unit.
    - money: ``money_roles[role]``, else ``"money:amount"``. Currencies are checked later.
    - date: ``date_roles[role]`` (attack, discovery, disclosure), else ``"date"``.
    - organisation: ``"organisation"`` (the organisation is mentioned).
    - duration: ``"duration in <unit>"`` ("over 72 hours" is compared only with hours).

    A per-unit figure or amount (``per``) adds ``" per <unit>"``: "$6,800 per computer" is
    ``money:ransom per computer``, compared only with other amounts per computer, never
    with a total. A breakdown part (``place``) adds ``" in <place>"``: "245,000 in the UK"
    is ``people affected in UK``, not a revision of the total.

    Example:
        >>> from breachfacts.facts import Sentence
        >>> s = Sentence("x", 0, 1)
        >>> m = Measures(units={"customer": "people affected"})
        >>> measure_of(Fact("f1", "figure", "x", 0, 1, s, value=3, unit="customers"), m)
        'people affected'
        >>> measure_of(Fact("f2", "figure", "x", 0, 1, s, value=3, unit="case"), m)
        'count of case'
    """
    base = _base_measure(fact, measures)
    per = " ".join((getattr(fact, "per", None) or "").lower().split())
    place = " ".join((getattr(fact, "place", None) or "").split())
    if fact.kind in ("figure", "money") and per:
        base += f" per {_unit_key(per, measures.units)}"
    if fact.kind == "figure" and place:
        base += f" in {_place_key(place)}"
    return base


def _place_key(place: str) -> str:
    words = place.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words)


def _base_measure(fact: Fact, measures: Measures) -> str:
    role = (fact.role or "").lower()
    if fact.kind == "organisation":
        return "organisation"
    if fact.kind == "duration":
        unit = " ".join((fact.unit or "").lower().split())
        if len(unit) > 3:
            unit = unit.removesuffix("s")  # hours -> hour
        return f"duration in {unit}" if unit else "duration"
    if fact.kind == "money":
        return measures.money_roles.get(role, "money:amount")
    if fact.kind == "date":
        return measures.date_roles.get(role, "date")
    head = compound_head(fact, measures)
    if head is not None:
        return measures.units[head]
    if fact.unit:
        key = _unit_key(fact.unit, measures.units)
        if key in measures.units:
            return measures.units[key]
    if role in measures.figure_roles:
        return measures.figure_roles[role]
    return f"count of {' '.join(fact.unit.lower().split())}" if fact.unit else "count"


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
    unit = _unit_key(fact.unit, measures.units)
    for i, w in enumerate(words[:-1]):
        if _unit_key(w, measures.units) == unit or w.lower() == fact.unit.lower():
            nxt = _unit_key(words[i + 1], measures.units)
            return nxt if nxt != unit and nxt in measures.units else None
    return None


# --------------------------------------------------------------------------- intervals


def interval(fact: Quantified, scale: float = 1.0) -> Interval:
    """The interval a figure, amount or date states, hedge margins included.

    ``(None, None)`` means the fact states nothing comparable (no number, unresolved date).
    ``scale`` multiplies both ends (units on a common scale, see :class:`Measures`).

    Example:
        >>> interval(_Q(value=6500, qualifier="about"))
        (5850.0, 7150.0)
        >>> interval(_Q(value=40000, low=40000, qualifier="more than"))
        (40000.0, 60000.0)
        >>> interval(_Q(value=None, low=10000, high=99999, qualifier="tens of thousands"))
        (10000.0, 99999.0)
    """
    if fact.kind == "date":
        return date_interval(fact.date)
    if fact.kind == "organisation":
        return (None, None)
    lo, hi = _number_interval(fact)
    if lo is None or hi is None:
        return (None, None)
    lo, hi = lo * scale, hi * scale
    return (min(lo, hi), max(lo, hi))


def _number_interval(f: Quantified) -> Interval:
    v = f.value
    reading = hedge_reading(f.qualifier)
    if v is not None:
        x = float(v)
        bare = not (f.qualifier or "").strip() and f.low is None and f.high is None
        if reading == "exact" or bare:
            return (x, x)
        if reading == "around":
            return (x - x * AROUND, x + x * AROUND)
        if reading == "just below":
            return (x - x * NEAR, x)
        if reading == "just above":
            return (x, x + x * NEAR)
        if reading == "above":
            return (x, x * OPEN_CAP)
        if reading == "below":
            return (x / OPEN_CAP, x)
    return _bounds_interval(f.low, f.high, v)


def _bounds_interval(low: float | None, high: float | None, value: float | None) -> Interval:
    """Bounds as stated, an open side capped by OPEN_CAP; the value alone if no bounds."""
    if low is None and high is None:
        return (None, None) if value is None else (float(value), float(value))
    if high is None:
        return (float(low), float(low) * OPEN_CAP)  # type: ignore[arg-type]
    if low is None:
        return (float(high) / OPEN_CAP, float(high))
    return (float(low), float(high))


def overlap(a: Interval, b: Interval) -> bool:
    """Do two closed intervals share a point? ``(None, None)`` overlaps nothing."""
    if None in a or None in b:
        return False
    return a[0] <= b[1] and b[0] <= a[1]  # type: ignore[operator]


Rates = dict[tuple[str, str], Interval]
"""(from currency, to currency) -> units of ``to`` per unit of ``from``, as an interval."""


def implied_rates(pairs: Iterable[tuple[Quantified, Quantified]], currency: Any = None) -> Rates:
    """The exchange rates stated by restatements: (amount, the same amount in another currency).

    Each pair gives the rate interval its two intervals allow (hedges included: "6 bitcoins
    (about $51,000)" is 7,650..9,350 USD per BTC) in both directions; several pairs for the
    same two currencies give the smallest interval holding all of them (rates stated at
    different times differ). ``currency(fact)`` names a fact's currency (default: its
    ``currency``, else its ``unit``). Pairs in one currency, or without positive
    intervals, state no rate.

    Example:
        >>> r = implied_rates([(_Q(value=6, currency="BTC"),
        ...                     _Q(value=51000, qualifier="about", currency="USD"))])
        >>> r[("BTC", "USD")]
        (7650.0, 9350.0)
        >>> convert((0.8, 0.8), r[("BTC", "USD")])
        (6120.0, 7480.0)
    """
    name = currency or _currency_of
    rates: Rates = {}
    for a, b in pairs:
        ca, cb = name(a), name(b)
        (alo, ahi), (blo, bhi) = interval(a), interval(b)
        if not ca or not cb or ca == cb or None in (alo, ahi, blo, bhi):
            continue
        if min(alo, ahi, blo, bhi) <= 0:  # type: ignore[type-var]
            continue
        for key, r in (
            ((ca, cb), (blo / ahi, bhi / alo)),  # type: ignore[operator]
            ((cb, ca), (alo / bhi, ahi / blo)),  # type: ignore[operator]
        ):
            old = rates.get(key)
            rates[key] = r if old is None else (min(old[0], r[0]), max(old[1], r[1]))  # type: ignore[type-var]
    return rates


def convert(iv: Interval, rate: Interval) -> Interval:
    """An amount's interval in another currency, at a rate interval (both positive)."""
    if None in iv or None in rate:
        return (None, None)
    return (iv[0] * rate[0], iv[1] * rate[1])  # type: ignore[operator]


def _currency_of(f: Any) -> str | None:
    return getattr(f, "currency", None) or getattr(f, "unit", None)


def agree(a: Quantified, b: Quantified, measures: Measures | None = None) -> bool:
    """Do two facts state compatible values? Their intervals overlap.

    Example:
        >>> agree(_Q(value=6500), _Q(value=6500, qualifier="about"))
        True
        >>> agree(_Q(value=40000, qualifier="more than"), _Q(value=1_200_000))
        False
    """
    if a.kind == "organisation" and b.kind == "organisation":
        return True
    sa = measures.scale(getattr(a, "unit", None)) if measures else 1.0
    sb = measures.scale(getattr(b, "unit", None)) if measures else 1.0
    return overlap(interval(a, sa), interval(b, sb))


@dataclass(frozen=True)
class _Q:
    """A bare quantity, for examples and tests."""

    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None
    kind: str = "figure"
    date: str | None = None
    unit: str | None = None
    currency: str | None = None


# --------------------------------------------------------------------------- status


@dataclass(frozen=True)
class StoredFact:
    """A fact as the store holds it, with the article it came from.

    Attributes:
        source: The article's ``source`` (path or JSONL id); ``published`` its date.
        article_id, fact_id: Where it is in the store (``facts.article_id``, ``facts.fact_id``).
        subject, measure: The comparison key it was stored under.
        The rest mirror :class:`~breachfacts.facts.Fact`.
    """

    article_id: int
    fact_id: str
    kind: str
    text: str
    source: str
    published: date | None
    subject: str | None
    measure: str
    certainty: str = "certain"
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    currency: str | None = None
    date: str | None = None
    granularity: str | None = None
    canonical: str | None = None
    role: str | None = None
    publisher: str | None = None
    sentence: str | None = None

    def to_against(self) -> dict[str, Any]:
        """The ``against`` entry of a checked fact."""
        return {
            "value": json_number(self.value),
            "low": json_number(self.low),
            "high": json_number(self.high),
            "date": self.date,
            "text": self.text,
            "certainty": self.certainty,
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
        conv = (converted or {}).get((s.article_id, s.fact_id))
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
    4. No asserted stored fact disagrees, or the most recent agreeing one is at least as
       recent (by ``published``; undated counts as oldest) as every disagreeing one ->
       ``confirmed``: the new fact repeats the current value.
    5. It disagrees with the current value: ``updated`` if ``published`` is strictly later
       than every disagreeing stored fact (all dates known), else ``conflicting`` (same
       day, earlier, or a date unknown).

    ``against`` lists the agreeing facts for ``confirmed``, the disagreeing ones for
    ``updated`` and ``conflicting`` (the contradicted ones for a denial); an amount in
    another currency carries ``converted``, what it was compared as.
    """
    if equality_only:
        same = [s for s in stored if s.kind == fact.kind and s.date and s.date == fact.date]
        asserted = fact.certainty in _ASSERTED
        opposed = [s for s in same if (s.certainty in _ASSERTED) != asserted]
        if opposed:
            return Checked(fact, "conflicting", _against(opposed))
        return Checked(fact, "confirmed", _against(same)) if same else Checked(fact, "new")

    if fact.kind == "organisation":  # a mention: any earlier mention confirms it
        seen = [s for s in stored if s.kind == "organisation"]
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
        if s.kind != fact.kind:
            continue
        rate: Interval | None = None
        if fact.kind == "money" and (fact.currency or fact.unit) != (s.currency or s.unit):
            rate = (rates or {}).get((s.currency or s.unit or "", fact.currency or fact.unit or ""))
            if rate is None:
                continue  # no rate stated: amounts in two currencies are not compared
        if s.unit not in scales:
            scales[s.unit] = scale(s.unit)
        theirs = interval(s, scales[s.unit]) if rate is None else convert(interval(s), rate)
        if theirs == (None, None):
            continue
        if rate is not None:
            converted[(s.article_id, s.fact_id)] = {
                "currency": fact.currency or fact.unit,
                "low": json_number(float(f"{theirs[0]:.6g}")),  # 6120.000000000001 -> 6120
                "high": json_number(float(f"{theirs[1]:.6g}")),
            }
        agrees = overlap(mine, theirs)
        if s.certainty in _ASSERTED:
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


def _new(fact: Fact) -> Checked:
    return Checked(fact, "new")


def _day(s: StoredFact) -> date:
    return s.published or date.min


def _unit_scale(unit: str | None) -> float:
    return 1.0
