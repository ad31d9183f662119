"""The words of quantities: numbers, scales, hedges and vague amounts, as plain data.

One home for this vocabulary: the number parser (:mod:`.numbers`), money, durations and
dates read it, the pipeline's entity repair finds hedges with it, and the store reads a
fact's qualifier with :func:`hedge_reading`. Standard library only.

Example:
    >>> HEDGES["nearly"], NUMBER_WORDS["twelve"], SCALE_WORDS["million"]
    ('high', 12, 1000000.0)
"""

from __future__ import annotations

import functools

__all__ = [
    "ATTACHED_ONLY_SCALES",
    "HEDGES",
    "NEAR_HEDGES",
    "NUMBER_WORDS",
    "OTHER_QUALIFIERS",
    "SCALE_WORDS",
    "TRAILING_HEDGES",
    "VAGUE_COUNTS",
    "VAGUE_PLURALS",
    "hedge_reading",
]

#: Cardinal words, lower case. "dozen" multiplies like "hundred" ("two dozen" is 24).
NUMBER_WORDS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
}

#: Scale words and abbreviations, lower case, to their multiplier (short scale:
#: billion = 1e9). Indian "lakh" (1e5) and "crore" (1e7) are included.
SCALE_WORDS: dict[str, float] = {
    "hundred": 1e2,
    "thousand": 1e3,
    "k": 1e3,
    "lakh": 1e5,
    "lakhs": 1e5,
    "lac": 1e5,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "mil": 1e6,
    "mio": 1e6,
    "crore": 1e7,
    "crores": 1e7,
    "cr": 1e7,
    "billion": 1e9,
    "b": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "trillion": 1e12,
    "t": 1e12,
    "tn": 1e12,
    "trn": 1e12,
}

#: Abbreviations that are a scale only when written against the digits ("2.5k", "$7m",
#: "$2.1T").
ATTACHED_ONLY_SCALES: frozenset[str] = frozenset({"k", "m", "b", "t"})

#: Hedges written before the number, lower case, to the side they bound:
#: "low" (the number is a lower bound), "high" (an upper bound) or "approx".
HEDGES: dict[str, str] = {
    # lower bounds
    "more than": "low",
    "over": "low",
    "well over": "low",
    "just over": "low",
    "a little over": "low",
    "a little more than": "low",
    "slightly more than": "low",
    "slightly over": "low",
    "at least": "low",
    "no fewer than": "low",
    "no less than": "low",
    "not less than": "low",
    "not fewer than": "low",
    "in excess of": "low",
    "upwards of": "low",
    "upward of": "low",
    "above": "low",
    "well above": "low",
    "greater than": "low",
    "exceeding": "low",
    "north of": "low",
    "a minimum of": "low",
    "as little as": "low",
    "as few as": "low",
    ">": "low",
    ">=": "low",
    "≥": "low",
    # upper bounds
    "up to": "high",
    "as many as": "high",
    "as much as": "high",
    "fewer than": "high",
    "less than": "high",
    "under": "high",
    "just under": "high",
    "a little under": "high",
    "a little less than": "high",
    "slightly less than": "high",
    "slightly under": "high",
    "well under": "high",
    "below": "high",
    "just below": "high",
    "almost": "high",
    "nearly": "high",
    "close to": "high",
    "approaching": "high",
    "just shy of": "high",
    "shy of": "high",
    "just short of": "high",
    "no more than": "high",
    "not more than": "high",
    "at most": "high",
    "a maximum of": "high",
    "<": "high",
    "<=": "high",
    "≤": "high",
    # approximations
    "about": "approx",
    "around": "approx",
    "approximately": "approx",
    "approx.": "approx",
    "approx": "approx",
    "roughly": "approx",
    "some": "approx",
    "an estimated": "approx",
    "estimated": "approx",
    "circa": "approx",
    "c.": "approx",
    "ca.": "approx",
    "in the region of": "approx",
    "in the neighbourhood of": "approx",
    "in the neighborhood of": "approx",
    "on the order of": "approx",
    "of the order of": "approx",
    "something like": "approx",
    "~": "approx",
    "≈": "approx",
}

#: Hedges written after the number ("20,000 or more", "5,000+", "300-odd").
TRAILING_HEDGES: dict[str, str] = {
    "or more": "low",
    "and more": "low",
    "or above": "low",
    "and above": "low",
    "and over": "low",
    "or over": "low",
    "and counting": "low",
    "plus": "low",
    "+": "low",
    "or fewer": "high",
    "or less": "high",
    "or so": "approx",
    "or thereabouts": "approx",
    "odd": "approx",
}

#: Hedges whose bound lies close to the number: the truth is within a few percent of it
#: ("nearly 20,000", "up to", "just over"). The other "low" and "high" hedges are open
#: bounds ("more than", "fewer than"). See :func:`hedge_reading`.
NEAR_HEDGES: frozenset[str] = frozenset(
    {
        # just below the number
        "<",
        "<=",
        "≤",
        "a little under",
        "almost",
        "approaching",
        "as many as",
        "as much as",
        "close to",
        "just below",
        "just short of",
        "just shy of",
        "just under",
        "nearing",
        "nearly",
        "or fewer",
        "or less",
        "shy of",
        "slightly fewer than",
        "slightly less than",
        "up to",
        # just above it
        ">",
        ">=",
        "≥",
        "a little more than",
        "a little over",
        "and above",
        "and counting",
        "and more",
        "and over",
        "just above",
        "just over",
        "not fewer than",
        "or above",
        "or over",
        "slightly more than",
        "upward of",
        "well above",
    }
)

#: Qualifiers the parser does not write but facts from elsewhere may carry (older versions,
#: hand-written JSONL), to the side they bound; "exact" says the number is exact.
OTHER_QUALIFIERS: dict[str, str] = {
    "exactly": "exact",
    "precisely": "exact",
    "a total of": "exact",
    "total of": "exact",
    "just": "exact",
    "est.": "approx",
    "in the order of": "approx",
    "nearly about": "approx",
    "just above": "low",
    "nearing": "high",
    "slightly fewer than": "high",
    "up to a maximum of": "high",
}

#: Words before a number that add it to an earlier one: "*an additional* 2.4 million",
#: "*another* 500", "*a further* 300". The number reads as without them; what it counts is
#: a part added to a total, not the total (``nlp/slots.part_of``).
ADDITIVE_WORDS: frozenset[str] = frozenset(
    {"an additional", "additional", "another", "a further", "further", "an extra", "extra"}
)

#: Words before a number that focus it without bounding it: "*only* around 600,000", "*a
#: total of* 5,000". The number reads as without them (a hedge after them still counts),
#: as it does after :data:`ADDITIVE_WORDS`.
FOCUS_WORDS: frozenset[str] = frozenset(
    {"only", "just", "merely", "a mere", "a total of", "total of"} | ADDITIVE_WORDS
)

#: Vague plurals to (at least, fewer than) in units of whatever follows "of".
VAGUE_PLURALS: dict[str, tuple[int, int]] = {
    "tens": (10, 100),
    "dozens": (12, 100),
    "scores": (20, 100),
    "hundreds": (100, 1_000),
    "thousands": (1_000, 1_000_000),
    "lakhs": (100_000, 10_000_000),
    "millions": (1_000_000, 1_000_000_000),
    "crores": (10_000_000, 1_000_000_000),
    "billions": (1_000_000_000, 1_000_000_000_000),
    "trillions": (1_000_000_000_000, 1_000_000_000_000_000),
}

#: Vague counts to (lowest, highest) multiple of the scale that follows.
VAGUE_COUNTS: dict[str, tuple[int, int]] = {
    "a few": (2, 9),
    "a couple of": (2, 3),
    "a couple": (2, 3),
    "a handful of": (2, 9),
    "several": (3, 9),
}


@functools.lru_cache(maxsize=1024)
def hedge_reading(qualifier: str | None) -> str | None:
    """How a qualifier bounds its number, for comparing facts.

    ``"exact"``; ``"around"`` (either side: "about", "some"); ``"just below"`` or ``"just
    above"`` (a near bound: :data:`NEAR_HEDGES`); ``"below"`` or ``"above"`` (an open bound:
    "fewer than", "more than"); None for no qualifier or one this module does not know
    ("between"): the bounds stand as stated. Case and spacing do not matter.

    Example:
        >>> hedge_reading("nearly"), hedge_reading("More  than"), hedge_reading("or so")
        ('just below', 'above', 'around')
        >>> hedge_reading("between") is None
        True
    """
    q = " ".join((qualifier or "").lower().split())
    side = HEDGES.get(q) or TRAILING_HEDGES.get(q) or OTHER_QUALIFIERS.get(q)
    if side is None:
        return None
    if side in ("exact", "approx"):
        return "exact" if side == "exact" else "around"
    near = q in NEAR_HEDGES
    if side == "low":
        return "just above" if near else "above"
    return "just below" if near else "below"
