"""Numbers and hedged quantities: ``"nearly 20,000"`` -> value with bounds.

Pure functions over ``str``, standard library only. The words they read (number and scale
words, hedges, vague amounts) are data in :mod:`.words`.

Bounds are always *inclusive*; ``None`` means unbounded on that side. How each kind of
phrase maps to a :class:`Quantity`:

=======================================  =========  ==========  ==========  ===============
phrase                                   value      low         high        qualifier
=======================================  =========  ==========  ==========  ===============
``59``                                   59         59          59          None
``more than 8,000`` / ``over 8,000``     8000       8000        None        "more than" ...
``at least 8,000`` / ``8,000 or more``   8000       8000        None        "at least" ...
``nearly 20,000`` / ``up to 20,000``     20000      None        20000       "nearly" ...
``about 5,000`` / ``some 5,000``         5000       None        None        "about" ...
``5 to 10 million``                      None       5000000     10000000    None
``between 5 and 10 million``             None       5000000     10000000    "between"
``tens of thousands``                    None       10000       99999       None
``several thousand``                     None       3000        9999        None
=======================================  =========  ==========  ==========  ===============

Deliberate choices:

* "more than N" and "fewer than N" are strict in English but are stored with the inclusive
  bound N: the figure a reporter gives is the one the store compares, and the qualifier says
  the bound is strict.
* Approximations ("about", "some", "an estimated") keep the value and leave both bounds
  ``None``; the store applies its own margin.
* Ranges and vague amounts are never averaged: ``value`` is ``None``.
* A vague plural ("tens", "hundreds", "thousands", "millions", ...) means at least one of
  that unit and fewer than the next named order: ``tens of thousands`` is 10,000..99,999
  (one ten of thousands is the lower bound, not two), ``hundreds`` 100..999, ``thousands``
  1,000..999,999, ``millions`` 1e6..1e9-1. A vague count ("several", "a few", "a couple of")
  before a scale covers the whole decade it names: ``several thousand`` is 3,000..9,999.
* "billion" is the short scale, 1e9. Single-letter abbreviations (``k``, ``m``, ``b``) count
  only when written against the digits (``2.5k``, ``$7m``); ``5 m`` is ambiguous (metres?)
  and gives ``None``.
* When only the second end of a range carries a scale it applies to both ends, unless
  that would make the low end exceed the high end: ``5-10 million`` is 5e6..1e7, but
  ``500,000 to 1 million`` is 5e5..1e6.
* A number may start at its decimal point: ``.8`` is 0.8 (as in "send .8 bitcoins"). A
  point right after a letter, a digit or another point does not start one: ``v.8`` and
  the end of an ellipsis (``...8``) are not decimals.
* Values are computed with :class:`decimal.Decimal`, so ``1.2 million`` is exactly
  ``1200000``. Whole values are returned as ``int`` (a ``float`` for typing purposes, and
  ``20000`` rather than ``20000.0`` in JSON); fractional ones as ``float``.
* Trailing words after the number are ignored when they cannot be part of it, so the
  caller may leave the counted noun on (``"nearly 20,000 files"``). If the tail holds
  another number, a number word, a scale word or "half"/"point" the phrase is ambiguous and
  the result is ``None`` (``"5 m"``, ``"5 million or 6"``). Fractions of a scale are read
  first: ``"two and a half million"`` is 2.5 million, ``"three quarters of a million"``
  750,000, ``"a quarter-million"`` 250,000.
  Leading words that are not a hedge also give ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from .words import (
    ATTACHED_ONLY_SCALES,
    FOCUS_WORDS,
    HEDGES,
    NUMBER_WORDS,
    SCALE_WORDS,
    TRAILING_HEDGES,
    VAGUE_COUNTS,
    VAGUE_PLURALS,
)

__all__ = ["Quantity", "is_year_like", "parse_number", "parse_quantity"]

#: Fractions of a scale: "half a million", "a quarter of a million".
_FRACTIONS: dict[str, Decimal] = {"half": Decimal("0.5"), "quarter": Decimal("0.25")}

# "10s of thousands", "100s of millions"
_DIGIT_PLURALS: dict[int, str] = {10: "tens", 100: "hundreds", 1000: "thousands"}

_MULTIPLIERS = {k: Decimal(str(int(v))) for k, v in SCALE_WORDS.items()}
_BIG_SPACED = {k: v for k, v in _MULTIPLIERS.items() if v >= 1000 and k not in ATTACHED_ONLY_SCALES}
_SMALL = {k: v for k, v in NUMBER_WORDS.items() if k != "dozen"}
_SCALE_PLURALS = {k + "s": v for k, v in _MULTIPLIERS.items() if len(k) > 3 and not k.endswith("s")}
#: Words that make a tail after the number ambiguous.
_NUMERIC_WORDS: frozenset[str] = frozenset(
    set(NUMBER_WORDS)
    | set(SCALE_WORDS)
    | set(VAGUE_PLURALS)
    | set(_SCALE_PLURALS)
    | {"half", "quarter", "point", "dozens"}
)

_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")
_SPACED_THOUSANDS = re.compile(r"(?<![0-9.,])([0-9]{1,3})((?: [0-9]{3})+)(?![0-9]|[.,][0-9])")
# A numeral may begin with its decimal point (".8"), but not after a letter, a digit or
# another point: "v.8" and the "8" of an ellipsis "...8" are not decimals.
_TOKEN = re.compile(
    r"(?P<num>[0-9]+(?:[.,][0-9]+)*|(?<![0-9a-z.])\.[0-9]+)(?P<suffix>[a-z]+)?"
    r"|(?P<word>[a-z]+)|(?P<other>\S)"
)
_NUMERAL_FORMS = (
    re.compile(r"[0-9]{0,21}\.[0-9]+|[0-9]{1,21}"),
    re.compile(r"[0-9]{1,3}(?:,[0-9]{3}){1,6}(?:\.[0-9]+)?"),
    re.compile(r"[0-9]{1,3}(?:\.[0-9]{3}){2,6}"),
)
_HEDGE_RE = re.compile(
    "|".join(
        re.escape(h) + (r"(?![a-z])" if h[-1].isalpha() else "")
        for h in sorted(HEDGES, key=len, reverse=True)
    )
)
_FOCUS_RE = re.compile(
    "|".join(re.escape(w) + r"\s+" for w in sorted(FOCUS_WORDS, key=len, reverse=True))
)
_YEAR = re.compile(r"(?:1[89]|20)[0-9]{2}")


@dataclass(frozen=True)
class Quantity:
    """A stated amount with inclusive bounds.

    Attributes:
        value: The number as stated; ``None`` for ranges and vague amounts.
        low: Inclusive lower bound; ``None`` means unbounded below.
        high: Inclusive upper bound; ``None`` means unbounded above.
        qualifier: The hedge as written, lower case ("nearly", "more than", "between",
            "+", ...); ``None`` if the amount is plain.
    """

    value: float | None
    low: float | None
    high: float | None
    qualifier: str | None = None


class _Tok(NamedTuple):
    kind: str  # "num", "word" or "other"
    text: str
    suffix: str = ""


class _Num(NamedTuple):
    value: Decimal
    scaled: bool  # ends in a scale word ("ten million", "3bn")
    mult: Decimal  # that trailing scale, 1 if none
    end: int


def _normalise(text: str) -> str:
    text = _SPACES.sub(" ", text.lower()).strip()
    text = _DASHES.sub("-", text)
    text = _SPACED_THOUSANDS.sub(lambda m: m.group(1) + m.group(2).replace(" ", ""), text)
    return _FRACTION_WORDS.sub(_fraction_digits, text)


#: Fractions of a scale in words: "two and a half million", "three quarters of a million",
#: "a quarter-million" (read as "2.5 million", "0.75 million", "0.25 million").
_FRACTION_WORDS = re.compile(
    r"\b(?:(?P<whole>\d+|[a-z]+) and a half|(?P<quarters>three) quarters of an?|an? quarter-)"
    r" ?(?P<scale>hundred|thousand|million|billion|trillion)\b"
)


def _fraction_digits(m: re.Match[str]) -> str:
    if m.group("whole"):
        whole = m.group("whole")
        n = int(whole) if whole.isdigit() else NUMBER_WORDS.get(whole)
        if n is None:
            return m.group(0)
        value = n + 0.5
    else:
        value = 0.75 if m.group("quarters") else 0.25
    return f"{value:g} {m.group('scale')}"


def _tokenise(text: str) -> list[_Tok]:
    toks = []
    for m in _TOKEN.finditer(text):
        if m.group("num"):
            toks.append(_Tok("num", m.group("num"), m.group("suffix") or ""))
        elif m.group("word"):
            toks.append(_Tok("word", m.group("word")))
        else:
            toks.append(_Tok("other", m.group("other")))
    return toks


def _numeral(text: str) -> Decimal | None:
    if _NUMERAL_FORMS[0].fullmatch(text):
        return Decimal(text)
    if _NUMERAL_FORMS[1].fullmatch(text):
        return Decimal(text.replace(",", ""))
    if _NUMERAL_FORMS[2].fullmatch(text):
        return Decimal(text.replace(".", ""))
    return None


def _word(toks: list[_Tok], i: int) -> str | None:
    return toks[i].text if i < len(toks) and toks[i].kind == "word" else None


def _small_words(toks: list[_Tok], i: int) -> tuple[int, int] | None:
    """A number below 100 in words ("seven", "twenty-five", "twenty five") at ``i``."""
    w = _word(toks, i)
    if w not in _SMALL:
        return None
    v = _SMALL[w]
    if 20 <= v and v % 10 == 0:
        unit = _word(toks, i + 1)
        if unit in _SMALL and 1 <= _SMALL[unit] <= 9:
            return v + _SMALL[unit], i + 2
        if i + 1 < len(toks) and toks[i + 1].text == "-":
            unit = _word(toks, i + 2)
            if unit in _SMALL and 1 <= _SMALL[unit] <= 9:
                return v + _SMALL[unit], i + 3
    return v, i + 1


def _is_multiplier(w: str | None) -> bool:
    return w is not None and (w in ("hundred", "dozen") or w in _BIG_SPACED)


def _fraction_of_scale(toks: list[_Tok], i: int) -> _Num | None:
    """ "half a million", "a quarter of a million", "a quarter million", "half a dozen" at
    ``i``."""
    j = i + 1 if _word(toks, i) in ("a", "one") else i
    part = _FRACTIONS.get(_word(toks, j) or "")
    if part is None:
        return None
    j += 2 if _word(toks, j + 1) == "of" else 1
    if _word(toks, j) in ("a", "an"):
        big, end = _word(toks, j + 1), j + 2
    else:
        big, end = _word(toks, j), j + 1  # "a quarter million", "half million"
    if big is None or not _is_multiplier(big):
        return None
    mult = _BIG_SPACED.get(big) or Decimal(100 if big == "hundred" else 12)
    return _Num(mult * part, True, mult, end)


def _words_number(toks: list[_Tok], i: int) -> _Num | None:
    """A number in words: "three", "a dozen", "one hundred and twenty", "half a million"."""
    fraction = _fraction_of_scale(toks, i)
    if fraction is not None:
        return fraction
    w = _word(toks, i)
    total, current, j = Decimal(0), Decimal(0), i
    last_big: Decimal | None = None
    scaled, mult, started = False, Decimal(1), False
    if w in ("a", "an"):
        if not _is_multiplier(_word(toks, i + 1)):
            return None
        current, j, started = Decimal(1), i + 1, True
    while True:
        w = _word(toks, j)
        if w is None:
            break
        if w in _SMALL:
            if started and (current % 100 != 0 or _SMALL[w] == 0):
                break
            small = _small_words(toks, j)
            assert small is not None
            current += small[0]
            j, started, scaled, mult = small[1], True, False, Decimal(1)
        elif w in ("hundred", "dozen") and 1 <= current < 100:
            m = Decimal(100 if w == "hundred" else 12)
            current *= m
            j, scaled, mult = j + 1, True, m
        elif w in _BIG_SPACED and current >= 1:
            big = _BIG_SPACED[w]
            if last_big is not None and big >= last_big:
                break
            total += current * big
            current, last_big = Decimal(0), big
            j, scaled, mult = j + 1, True, big
        elif w == "and" and scaled and current % 100 == 0:
            small = _small_words(toks, j + 1)
            if small is None or _is_multiplier(_word(toks, small[1])):
                break
            current += small[0]
            j, scaled, mult = small[1], False, Decimal(1)
        else:
            break
    if not started:
        return None
    return _Num(total + current, scaled, mult, j)


def _number(toks: list[_Tok], i: int) -> _Num | None:
    """One number at ``i``, digits or words, with any scale."""
    if i >= len(toks):
        return None
    tok = toks[i]
    if tok.kind != "num":
        return _words_number(toks, i)
    value = _numeral(tok.text)
    if value is None:
        return None
    if tok.suffix:
        if tok.suffix not in _MULTIPLIERS:
            return None
        mult = _MULTIPLIERS[tok.suffix]
        return _Num(value * mult, True, mult, i + 1)
    j, mult, scaled = i + 1, Decimal(1), False
    if _word(toks, j) in ("hundred", "dozen"):
        mult = Decimal(100 if _word(toks, j) == "hundred" else 12)
        j, scaled = j + 1, True
    w = _word(toks, j)
    if w in _BIG_SPACED:
        mult *= _BIG_SPACED[w]
        j, scaled = j + 1, True
    return _Num(value * mult, scaled, mult, j)


def _chain_multiplier(toks: list[_Tok], j: int) -> tuple[Decimal, int]:
    """``of thousands of millions`` after a vague plural: the product and where it ends."""
    mult = Decimal(1)
    while _word(toks, j) == "of":
        w = _word(toks, j + 1)
        if w in _BIG_SPACED:
            mult *= _BIG_SPACED[w]  # type: ignore[index]
        elif w in _SCALE_PLURALS:
            mult *= _SCALE_PLURALS[w]  # type: ignore[index]
        else:
            break
        j += 2
    return mult, j


def _vague(toks: list[_Tok], i: int) -> tuple[Decimal, Decimal, int] | None:
    """A vague amount at ``i``: (low, high, end)."""
    if i >= len(toks):
        return None
    tok = toks[i]
    plural = tok.text if tok.kind == "word" else None
    if tok.kind == "num" and tok.suffix == "s":
        n = _numeral(tok.text)
        plural = _DIGIT_PLURALS.get(int(n)) if n is not None and n == int(n) else None
    if plural in VAGUE_PLURALS:
        at_least, fewer_than = VAGUE_PLURALS[plural]
        mult, j = _chain_multiplier(toks, i + 1)
        return at_least * mult, fewer_than * mult - 1, j
    for phrase, (lowest, highest) in sorted(VAGUE_COUNTS.items(), key=lambda kv: -len(kv[0])):
        words = phrase.split()
        if all(_word(toks, i + k) == w for k, w in enumerate(words)):
            j = i + len(words)
            mult = Decimal(1)
            if _word(toks, j) == "hundred":
                mult, j = Decimal(100), j + 1
            if _word(toks, j) in _BIG_SPACED:
                mult, j = mult * _BIG_SPACED[_word(toks, j)], j + 1  # type: ignore[index]
            return lowest * mult, (highest + 1) * mult - 1, j
    return None


def _range(toks: list[_Tok], i: int) -> tuple[Decimal, Decimal, str | None, int] | None:
    """``between A and B``, ``from A to B``, ``A to B``, ``A-B``, ``A or B`` at ``i``."""
    opener = _word(toks, i)
    if opener in ("between", "from"):
        qualifier: str | None = opener
        i += 1
        joins = ("and", "-", "to") if opener == "between" else ("to", "-")
    else:
        qualifier, joins = None, ("to", "-", "or")
    a = _number(toks, i)
    if a is None or a.end >= len(toks) or toks[a.end].text not in joins:
        return None
    b = _number(toks, a.end + 1)
    if b is None:
        return None
    low = a.value
    if not a.scaled and b.scaled and a.value * b.mult <= b.value:
        low = a.value * b.mult
    if low > b.value:
        return None
    return low, b.value, qualifier, b.end


def _out(d: Decimal | None) -> float | None:
    if d is None:
        return None
    return int(d) if d == d.to_integral_value() else float(d)


def _trailing(toks: list[_Tok], j: int) -> tuple[str, str, int] | None:
    """A trailing hedge at ``j``: (phrase as written, direction, end)."""
    k = j + 1 if j < len(toks) and toks[j].text == "-" and _word(toks, j + 1) == "odd" else j
    for phrase, side in sorted(TRAILING_HEDGES.items(), key=lambda kv: -len(kv[0])):
        words = phrase.split()
        if all(k + n < len(toks) and toks[k + n].text == w for n, w in enumerate(words)):
            return phrase, side, k + len(words)
    return None


def _ambiguous_tail(toks: list[_Tok]) -> bool:
    return any(t.kind == "num" or t.text in _NUMERIC_WORDS for t in toks)


def _apply(
    value: Decimal | None, low: Decimal, high: Decimal, side: str | None, qualifier: str | None
) -> Quantity:
    if side == "low":
        return Quantity(_out(value), _out(low), None, qualifier)
    if side == "high":
        return Quantity(_out(value), None, _out(high), qualifier)
    if side == "approx" and value is not None:
        return Quantity(_out(value), None, None, qualifier)
    return Quantity(_out(value), _out(low), _out(high), qualifier)


def parse_number(text: str) -> float | None:
    """Read one number, digits or words, with its scale; ``None`` if the text is not one.

    Example:
        >>> parse_number("1.2 million")
        1200000
        >>> parse_number("8 000"), parse_number("3bn"), parse_number("twenty-five")
        (8000, 3000000000, 25)
        >>> parse_number("a dozen"), parse_number("2.5k"), parse_number("85.50")
        (12, 2500, 85.5)
        >>> parse_number("a quarter of a million"), parse_number("half a billion")
        (250000, 500000000)
        >>> parse_number(".8"), parse_number("...8"), parse_number("v.8")
        (0.8, None, None)
        >>> parse_number("files") is None
        True
    """
    toks = _tokenise(_normalise(text))
    num = _number(toks, 0)
    if num is None or num.end != len(toks):
        return None
    return _out(num.value)


def parse_quantity(text: str) -> Quantity | None:
    """Turn a hedged number phrase into a value with bounds; ``None`` if there is none.

    Example:
        >>> parse_quantity("more than 8,000")
        Quantity(value=8000, low=8000, high=None, qualifier='more than')
        >>> parse_quantity("nearly 20,000 files")
        Quantity(value=20000, low=None, high=20000, qualifier='nearly')
        >>> parse_quantity("5-10 million")
        Quantity(value=None, low=5000000, high=10000000, qualifier=None)
        >>> parse_quantity("tens of thousands")
        Quantity(value=None, low=10000, high=99999, qualifier=None)
    """
    norm = re.sub(r"(?<=\d)-plus\b", " plus", _normalise(text))  # "1,000-plus"
    qualifier, side = None, None
    hedge = _HEDGE_RE.match(norm)
    focus = None if hedge else _FOCUS_RE.match(norm)
    if focus:  # "only around 600,000", "an additional 2.4 million": read past the word
        norm = norm[focus.end() :]
        hedge = _HEDGE_RE.match(norm)
    if hedge:
        qualifier = hedge.group(0)
        side = HEDGES[qualifier]
        norm = norm[hedge.end() :].strip()
        after = _FOCUS_RE.match(norm)  # "up to an additional 2 million"
        if after:
            norm = norm[after.end() :]
    toks = _tokenise(norm)
    value: Decimal | None = None
    rng = _range(toks, 0)
    if rng is not None:
        low, high, range_word, end = rng
        if qualifier is None:
            qualifier = range_word
    else:
        vague = _vague(toks, 0)
        if vague is not None:
            low, high, end = vague
        else:
            num = _number(toks, 0)
            if num is None:
                return None
            value = low = high = num.value
            end = num.end
    trailing = _trailing(toks, end)
    if trailing is not None:
        phrase, trailing_side, end = trailing
        if side is None:
            qualifier, side = phrase, trailing_side
        elif side != trailing_side:
            return None
    if _ambiguous_tail(toks[end:]):
        return None
    return _apply(value, low, high, side, qualifier)


def is_year_like(text: str) -> bool:
    """True for a bare four-digit number from 1800 to 2099, which may be a year.

    Example:
        >>> is_year_like("2019"), is_year_like("2,019"), is_year_like("20,000")
        (True, False, False)
    """
    return _YEAR.fullmatch(text.strip()) is not None
