"""Value intervals: the range of values a figure, amount or date states, hedges included.

Pure functions over facts (:class:`Quantified`: a :class:`~breachfacts.facts.Fact` or
anything with its fields). Each figure, amount or date is read as the interval its wording
states:

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

Which hedge reads which way is :func:`breachfacts.normalise.words.hedge_reading` (the one
table of hedge words). Open bounds never stand for a half-line: "more than 40,000" agrees
with "40,000" and with "55,000" but not with "1.2 million". "as many as 2.3 million" is
[2.185M, 2.3M], so it is a new estimate, not a confirmation of "2.1 million". Two facts
*agree* when their intervals overlap (bounds inclusive).

Amounts in different currencies are compared only through a rate the reporting itself
states: an article that restates an amount in another currency ("6 bitcoins (about
$51,000)", a fact with ``equivalent_of``) implies a rate interval, hedges included
(:func:`implied_rates`), and an amount in one currency is converted with it
(:func:`convert`) before the overlap test. No rate stated, no comparison: breachfacts
carries no exchange-rate table, and crypto-currency rates move too fast for one.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from breachfacts.normalise.periods import date_interval
from breachfacts.normalise.words import hedge_reading

if TYPE_CHECKING:
    from breachfacts.store.measures import Measures

__all__ = [
    "AROUND",
    "NEAR",
    "OPEN_CAP",
    "Interval",
    "Quantified",
    "Rates",
    "agree",
    "by_overlap",
    "convert",
    "implied_rates",
    "interval",
    "overlap",
    "rounding",
    "stated_agree",
]

Interval = tuple[float | None, float | None]

AROUND = 0.10
"""Margin either side of an approximate value ("about 6,500")."""
NEAR = 0.05
"""Margin below a ceiling that is close to the truth ("nearly", "as many as", "up to")."""
OPEN_CAP = 1.5
"""How far an open bound reaches: "more than x" is [x, 1.5x], "fewer than x" is [x/1.5, x]."""


class Quantified(Protocol):
    """What :func:`interval` reads: a :class:`~breachfacts.facts.Fact` or a :class:`StoredFact`."""

    kind: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str | None
    date: str | None


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


@functools.lru_cache(maxsize=4096)
def rounding(x: float) -> float:
    """Half a unit of the last significant digit of ``x`` as written: the margin its own
    rounding allows ("143 million" is 143 +- 0.5 million, "147.9 million" 147.9 +- 0.05
    million, "20,000" 20,000 +- 5,000).

    Example:
        >>> rounding(143e6), rounding(147.9e6), rounding(20_000), rounding(1184), rounding(0.8)
        (500000.0, 50000.0, 5000.0, 0.5, 0.05)
    """
    if not math.isfinite(x) or x == 0:
        return 0.0
    exponent = Decimal(f"{abs(x):.12g}").normalize().as_tuple().exponent
    return 10.0 ** int(exponent) / 2  # type: ignore[arg-type]


def by_overlap(a: Quantified, b: Quantified) -> bool:
    """Whether :func:`stated_agree` compares ``a`` and ``b`` by their intervals alone: a
    date, or a fact that states no number (a range, a vague amount)."""
    return a.kind == "date" or a.value is None or b.value is None


def stated_agree(a: Quantified, b: Quantified, scale_a: float = 1.0, scale_b: float = 1.0) -> bool:
    """Do two figures or amounts state the same number, within their wording's own rounding?

    Overlapping intervals alone do not make a confirmation: "as many as 143 million" and
    "as many as 147.9 million" overlap, but the stated number moved. Two stated numbers
    agree when they differ by at most the coarser one's :func:`rounding`, and never by more
    than AROUND of the larger ("about 19,000" agrees with "nearly 19,000" and with "18,700";
    "nearly 150 million" does not agree with "143 million"; "1 billion" not with "1.5
    billion"). An open bound also agrees with a number on its open side within OPEN_CAP
    ("more than 1,000" hotels with "1,184"), and two open bounds agree when their intervals
    overlap. A range or a vague amount (no stated number) agrees by overlap, as does a date.

    Example:
        >>> a = _Q(value=143e6, qualifier="as many as")
        >>> stated_agree(a, _Q(value=147.9e6, qualifier="as many as"))
        False
        >>> stated_agree(_Q(value=19000, qualifier="about"), _Q(value=19000, qualifier="nearly"))
        True
        >>> stated_agree(_Q(value=1000, low=1000, qualifier="more than"), _Q(value=1184))
        True
        >>> stated_agree(_Q(value=150e6, qualifier="nearly"), _Q(value=143e6))
        False
    """
    if by_overlap(a, b):
        return overlap(interval(a, scale_a), interval(b, scale_b))
    va, vb = float(a.value) * scale_a, float(b.value) * scale_b
    ra, rb = hedge_reading(a.qualifier), hedge_reading(b.qualifier)
    open_a, open_b = ra in ("above", "below"), rb in ("above", "below")
    if open_a or open_b:  # the intervals only matter for an open bound
        ia, ib = interval(a, scale_a), interval(b, scale_b)
        if open_a and open_b:
            return overlap(ia, ib)
        if open_a and ia[0] is not None and ia[0] <= vb <= ia[1]:  # type: ignore[operator]
            return True
        if open_b and ib[0] is not None and ib[0] <= va <= ib[1]:  # type: ignore[operator]
            return True
    return numbers_agree(va, vb)


def numbers_agree(va: float, vb: float) -> bool:
    """Two stated numbers agree: they differ by at most the coarser one's :func:`rounding`,
    and never by more than AROUND of the larger (what :func:`stated_agree` asks of two
    numbers stated without a hedge that opens them).

    Example:
        >>> numbers_agree(19000, 18700), numbers_agree(143e6, 150e6)
        (True, False)
    """
    tolerance = min(max(rounding(va), rounding(vb)), AROUND * max(abs(va), abs(vb)))
    return abs(va - vb) <= tolerance


def agree(a: Quantified, b: Quantified, measures: Measures | None = None) -> bool:
    """Do two facts state compatible values? The same number within its rounding
    (:func:`stated_agree`); dates, ranges and vague amounts: their intervals overlap.

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
    return stated_agree(a, b, sa, sb)


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
