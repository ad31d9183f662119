"""Amounts the model cut short, split or mislabelled, put back together before facts are built.

Numbers: the scale word left outside ("10" + "bln"), digit groups split at their spaces
("1 414" + "021"), open ends ("200 or more"), four-digit counts read as years ("notified
2019 patients"). Money: the currency marker outside the amount ("$" + "55,000", "3.5" +
"MUSD"), a currency word that only names the thing paid ("a $75,000 bitcoin ransom"),
amounts tagged as names ("197p"). Dates: two dates in one entity ("May 13 and July 29").
Each function takes a span and returns the span to use; :class:`~.entities.EntityRepair`
calls them.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc, Span, Token

from ..normalise.date_forms import year_in_words
from ..normalise.dates import resolve_date
from ..normalise.money import CURRENCY_CODES, CURRENCY_SYMBOLS, CURRENCY_WORDS, parse_money
from ..normalise.numbers import parse_quantity
from ..normalise.ratios import RATIO_LINKS, parse_ratio
from ..normalise.words import ATTACHED_ONLY_SCALES, HEDGES, SCALE_WORDS
from .filters import is_version_number
from .syntax import NUMERIC

#: Tokens that mark the amount next to them as money: symbols before ("$", "US$", "£"),
#: codes and currency names after ("USD", "dollars", "bitcoins").
SYMBOLS_BEFORE = {s for s in CURRENCY_SYMBOLS if " " not in s} | (CURRENCY_CODES - {"PHP", "SOL"})
CURRENCY_AFTER = {c.lower() for c in CURRENCY_CODES - {"PHP", "SOL"}} | set(CURRENCY_WORDS)
#: Codes with a scale letter after the number: "3.5 MUSD", "40 kEUR".
CURRENCY_AFTER |= {p + c.lower() for p in ("k", "m") for c in CURRENCY_CODES}

#: A publication date to ask whether a text names a date at all ("last July" does,
#: "seven days" and "the past 48 hours" do not): any date serves.
DATE_PROBE = dt.date(2000, 6, 15)

FOUR_DIGITS = re.compile(r"\d{4}")
#: A date written in digits, or a short quarter: "01/15/2020", "2020-01-15", "Q1'22", "3Q19".
NUMERIC_DATE = re.compile(
    r"(?:\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|Q[1-4]'?\d{2}|[1-4]Q\d{2})"
)


#: Scale words written apart from the number that the model leaves outside the amount:
#: "10 bln records", "7 mn users", "13 lakh accounts" ("10 m" stays ambiguous).
_SPACED_SCALES = frozenset(SCALE_WORDS) - ATTACHED_ONLY_SCALES


#: Tens and units in words: the model may end a number at "thirty" of "thirty one".
_TENS_WORDS = frozenset("twenty thirty forty fifty sixty seventy eighty ninety".split())
_UNIT_WORDS = frozenset("one two three four five six seven eight nine".split())


def with_scale(ent: Span, floor: int) -> Span:
    """``ent`` extended over the scale word right after it ("10" + "bln" -> "10 bln",
    "200" + "m" written together -> "200m"), over digit groups written with spaces
    ("1 414 021", "45 000": the model tags a piece) and over the unit word of tens written
    apart ("thirty" + "one")."""
    doc = ent.doc
    start, end = ent.start, ent.end
    while start > floor and not doc[start - 1].ent_type_:
        step = _group_step(doc, start - 1, -1)
        if not step:
            break
        start -= step
    while end < len(doc) and not doc[end].ent_type_:
        step = _group_step(doc, end, 1)
        if not step:
            break
        end += step
    if (
        end < len(doc)
        and doc[end - 1].lower_ in _TENS_WORDS
        and doc[end - 1].whitespace_ == " "
        and doc[end].lower_ in _UNIT_WORDS
        and not doc[end].ent_type_
    ):
        end += 1  # "three hundred and thirty" + "one": the units of "thirty one"
    if end < len(doc) and not doc[end].ent_type_ and doc[end - 1].text[-1:].isdigit():
        word = doc[end].lower_.rstrip(".")
        glued = not doc[end - 1].whitespace_
        if word in _SPACED_SCALES or (glued and word in ATTACHED_ONLY_SCALES):
            end += 1
    if (start, end) == (ent.start, ent.end):
        return ent
    return Span(doc, start, end, label=ent.label_)


#: Spaces that group digits; spaCy makes a token of the thin and narrow ones.
_GROUP_SPACES = (" ", "\u2009", "\u202f", "\u00a0")


def _group_step(doc: Doc, i: int, direction: int) -> int:
    """How many tokens from ``i`` (going ``direction``) continue the digit groups next to
    it: 1 for "414" after "1 ", 2 for a thin-space token and "414"; 0 when none does."""
    near = i - direction  # the token already in the number
    if not (0 <= near < len(doc)):
        return 0
    if _groups(*sorted((doc[i], doc[near]), key=lambda t: t.i)):
        return 1
    far = i + direction
    if doc[i].text in _GROUP_SPACES[1:] and 0 <= far < len(doc):
        a, b = sorted((doc[near], doc[far]), key=lambda t: t.i)
        if a.text.isdigit() and len(a.text) <= 3 and b.text.isdigit() and len(b.text) == 3:
            return 2
    return 0


#: Words of change: "rose from 300 to 400" is no range.
_CHANGE_VERBS = frozenset(
    "rise grow increase jump climb fall drop decline decrease shrink soar surge go raise "
    "cut reduce revise up lift lower double".split()
)


def merge_ranges(ents: list[Span]) -> list[Span]:
    """Two counts the model tagged apart that form a range, joined: "500" "to" "700
    patients" -> "500 to 700" ("from 300 to 400" too, unless something rose or fell from
    one to the other)."""
    out: list[Span] = []
    for e in ents:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.label_ in ("CARDINAL", "QUANTITY")
            and e.label_ == prev.label_
            and e.start == prev.end + 1
            and e.doc[prev.end].lower_ in ("to", "-", "\u2013")
            and prev[-1].like_num
            and e[0].like_num
            and not _a_change(prev)
            and not is_version_number(prev)  # "Drupal 7 to 8" are versions, no range
        ):
            out[-1] = Span(e.doc, prev.start, e.end, label=prev.label_)
            continue
        out.append(e)
    return out


def merge_ratios(ents: list[Span]) -> list[Span]:
    """Two counts that form a ratio, joined as one share (PERCENT): "one" "in" "five
    Americans" -> "one in five", "1" "in every" "3" -> "1 in every 3" (a share of a
    group, not a count of five or three; :func:`~breachfacts.normalise.ratios.parse_ratio`).
    A count the model tagged as a ratio already is relabelled the same way."""

    def a_count(e: Span) -> bool:  # "104" the model may call a PRODUCT or a FAC
        digits = len(e) == 1 and e.text.replace(",", "").isdigit()
        return e.label_ == "CARDINAL" or (digits and e.label_ not in ("DATE", "TIME"))

    out: list[Span] = []
    for e in ents:
        prev = out[-1] if out else None
        if prev is not None and a_count(prev) and a_count(e) and e.start > prev.end:
            link = tuple(t.lower_ for t in e.doc[prev.end : e.start])
            joined = Span(e.doc, prev.start, e.end, label="PERCENT")
            if link in RATIO_LINKS and parse_ratio(joined.text) is not None:
                out[-1] = joined
                continue
        if e.label_ == "CARDINAL" and parse_ratio(e.text) is not None:
            e = Span(e.doc, e.start, e.end, label="PERCENT")
        out.append(e)
    return out


#: Words that close a range opened by "from": "from 300 to 400".
_RANGE_TO = frozenset(("to", "-", "\u2013", "through", "until"))


def _a_change(first: Span) -> bool:
    doc = first.doc
    k = first.start - 1
    if k < 0 or doc[k].lower_ != "from":
        return False
    return doc[k].head.lemma_.lower() in _CHANGE_VERBS


def merge_digit_groups(ents: list[Span]) -> list[Span]:
    """Numbers the model split at the spaces between digit groups, joined: "1 414" + "021"
    -> "1 414 021", "2" + "305 118" (tagged PRODUCT) -> "2 305 118"."""
    out: list[Span] = []
    for e in ents:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.label_ in NUMERIC
            and (e.label_ in NUMERIC or _only_digit_groups(e))
            and e.start - prev.end in (0, 1)
            and _group_step(e.doc, prev.end, 1) == 1 + e.start - prev.end
        ):
            label = "MONEY" if "MONEY" in (prev.label_, e.label_) else prev.label_
            out[-1] = Span(e.doc, prev.start, e.end, label=label)
            continue
        out.append(e)
    return out


def _only_digit_groups(ent: Span) -> bool:
    """An entity of three-digit groups alone ("305 118"), whatever the model called it."""
    return all(t.text.isdigit() and len(t.text) == 3 for t in ent)


def _groups(a: Token, b: Token) -> bool:
    """Whether ``a`` and ``b`` are digit groups of one number: "1 414", "414 021" (one space
    or a thin space between, three digits after)."""
    return (
        a.text.isdigit()
        and len(a.text) <= 3
        and a.whitespace_ in _GROUP_SPACES
        and b.text.isdigit()
        and len(b.text) == 3
    )


#: Nouns a four-digit number before them is the year of, not the count of.
_TIME_NOUNS = frozenset("season edition model version release election census budget".split())


#: Fractions of a scale before the amount the model tagged: "one and a half" + "million
#: dollars", "three quarters of" + "a million dollars", "a" + "quarter-million dollars".
_FRACTION_LEAD = re.compile(
    r"(?i)^(?:(?:\d+|[a-z]+) and a half|three quarters of|an?(?= quarter))\b"
)


def with_fraction(ent: Span, floor: int) -> Span:
    """``ent`` extended back over the fraction of its scale the model left out."""
    doc = ent.doc
    for k in range(1, 6):
        start = ent.start - k
        if start < floor or doc[start].is_sent_end:
            break
        lead = doc[start : ent.start].text
        if _FRACTION_LEAD.fullmatch(lead) or _FRACTION_LEAD.match(lead + " " + ent.text):
            longer = doc[start : ent.end]
            if parse_quantity(longer.text) is not None or parse_money(longer.text) is not None:
                return Span(doc, start, ent.end, label=ent.label_)
    return ent


def a_scaled_count(ent: Span) -> bool:
    """A DATE the model made of a count with a scale word: "Two and a half million"."""
    words = {t.lower_ for t in ent}
    if not words & {"thousand", "million", "billion", "trillion"}:
        return False
    return resolve_date(ent.text, DATE_PROBE) is None and parse_quantity(ent.text) is not None


#: A short number alone: "45".
_SHORT_NUMBER = re.compile(r"[1-9]\d{0,2}")


def coordinated_count(ent: Span) -> bool:
    """A DATE that is a bare short number joined to a count after it: "45" of "45 and 50
    cases" (a day of a month has its month: "May 13 and 14" is one DATE)."""
    doc = ent.doc
    k = ent.end
    return (
        _SHORT_NUMBER.fullmatch(ent.text) is not None
        and k + 1 < len(doc)
        and doc[k].lower_ in ("and", "or")
        and doc[k + 1].ent_type_ in ("CARDINAL", "FIGURE")
        and doc[k + 1].like_num
    )


def counts_things(ent: Span) -> bool:
    """A DATE that is a count of the plural noun after it: "notified 2019 patients",
    "About 1999 accounts" (not "their 2015 attacks", "the 2019 season")."""
    nums = [t for t in ent if t.like_num]
    if len(nums) != 1 or not FOUR_DIGITS.fullmatch(nums[0].text):
        return False
    num = nums[0]
    head = num.head
    before = num.doc[num.i - 1] if num.i > 0 else None
    return (
        num.dep_ == "nummod"
        and head.tag_ == "NNS"
        and head.i == ent.end
        and head.lemma_.lower() not in _TIME_NOUNS
        # "their 2015 attacks", "the 2016 elections": a determiner makes it the year's,
        # unless it hedges the count ("Some 1984 employees")
        and not (
            before is not None and before.pos_ in ("DET", "PRON") and before.lower_ not in HEDGES
        )
    )


#: Words before a year written like a count that make it the year: "in two thousand and
#: fifteen", "the year two thousand" (not "by" or "of": "a total of two thousand"; "from"
#: unless a change or a range follows from it: "rose from two thousand to ...").
_YEAR_CONTEXT = frozenset("in since until till during year before after from".split())


def a_year_in_words(ent: Span) -> bool:
    """A CARDINAL that is a year written in words: a pair ("twenty sixteen", "nineteen
    ninety-nine") anywhere; a count's wording ("two thousand and fifteen") only after
    "in", "since", "year" ... and before no noun it would count."""
    read = year_in_words(ent.text)
    if read is None:
        return False
    if read[1]:
        return True
    doc = ent.doc
    before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    after = doc[ent.end] if ent.end < len(doc) else None
    if before == "from" and (_a_change(ent) or (after is not None and after.lower_ in _RANGE_TO)):
        return False
    return before in _YEAR_CONTEXT and (after is None or after.pos_ not in ("NOUN", "PROPN"))


def with_currency(ent: Span, floor: int) -> Span:
    """``ent`` extended over a currency marker the model left outside it, labelled MONEY.

    The model often tags "55,000" in "$55,000", or "11,000" in "$11,000 USD": the symbol
    before and a code or currency name right after belong to the amount.
    """
    doc = ent.doc
    start, end = ent.start, ent.end
    if (
        start > floor
        and doc[start - 1].text in SYMBOLS_BEFORE
        and not doc[start - 1].ent_type_
        and not doc[start].is_sent_start
    ):
        start -= 1
    if (
        end < len(doc)
        and not doc[end].is_sent_start
        and doc[end].lower_ in CURRENCY_AFTER
        and doc[end].ent_type_ in ("", "ORG", "PRODUCT", "NORP")  # "3.5 MUSD": MUSD an ORG
        and (
            doc[end].text.isupper()
            or doc[end].text[1:].isupper()
            or doc[end].lower_ in CURRENCY_WORDS
        )
        and not _names_a_thing(doc, end, start < ent.start or _has_symbol(ent))
    ):
        end += 1
    elif (
        end + 1 < len(doc)
        and doc[end : end + 2].text.lower() in CURRENCY_WORDS
        and doc[end].ent_type_ in ("", "NORP")
    ):
        end += 2  # "2 million turkish lira", "20 million Brazilian reais"
    if (start, end) == (ent.start, ent.end):
        return ent
    if ent.label_ not in ("MONEY", "CARDINAL", "QUANTITY", "FIGURE"):
        return ent
    return Span(doc, start, end, label="MONEY")


#: Words after a number that leave it open above: "200 or more", "300 plus", "1,000-plus".
_OPEN_ENDS = (("or", "more"), ("or", "above"), ("-", "plus"), ("plus",))


def with_open_end(ent: Span) -> Span:
    """``ent`` extended over "or more", "plus", "-plus" right after its number."""
    doc = ent.doc
    if not ent[-1].like_num:
        return ent
    for words in _OPEN_ENDS:
        end = ent.end + len(words)
        tail = doc[ent.end : end]
        if (
            end <= len(doc)
            and tuple(t.lower_ for t in tail) == words
            and not any(t.ent_type_ for t in tail)
        ):
            return Span(doc, ent.start, end, label=ent.label_)
    return ent


def is_day_number(text: str) -> bool:
    """A day of a month in digits alone: "9", "31" (not "0", "32", "2019")."""
    return text.isdecimal() and len(text) <= 2 and 1 <= int(text) <= 31  # not "²"


def _counts_a_noun(span: Span) -> bool:
    """Whether a noun follows ``span``: "9 people" counts, "9." or "9 to" does not."""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].pos_ in ("NOUN", "PROPN")


def coordinated_day(ent: Span, prev: Span | None) -> bool:
    """A CARDINAL that is a day of the month of the date before it: "14" of "May 13 and
    14" (the model tags "May 13" and "14" apart)."""
    doc = ent.doc
    if prev is None or prev.label_ != "DATE" or not is_day_number(ent.text):
        return False
    if _counts_a_noun(ent):
        return False  # "on June 2 and 9 people died"
    if prev.end != ent.start - 1 or doc[prev.end].lower_ not in ("and", "or", "&"):
        return False
    read = resolve_date(prev.text, DATE_PROBE)
    return read is not None and read.granularity == "day" and prev[-1].text.isdigit()


def coordinated_dates(ent: Span) -> list[Span]:
    """A date entity that joins two dates with "and"/"or", as two: "May 13 and July 29",
    "4 June and 9 August 2018", "June 2 and 9" (the year of the second goes to the first,
    and the month of the first to a bare day after it, only through the extraction's
    context, not here). A range ("between X and Y", "from X to Y") stays one."""
    doc = ent.doc
    conj = [t for t in ent if t.lower_ in ("and", "or") and ent.start < t.i < ent.end - 1]
    if len(conj) != 1 or ent.start > 0 and doc[ent.start - 1].lower_ in ("between", "from"):
        return [ent]
    if ent[0].lower_ in ("between", "from"):
        return [ent]
    k = conj[0].i
    left, right = doc[ent.start : k], doc[k + 1 : ent.end]
    first = resolve_date(left.text, DATE_PROBE)
    if first is None:
        return [ent]
    if resolve_date(right.text, DATE_PROBE) is None and not (
        first.granularity == "day" and is_day_number(right.text) and not _counts_a_noun(right)
    ):  # "June 2 and 9"
        return [ent]
    return [
        Span(doc, left.start, left.end, label="DATE"),
        Span(doc, right.start, right.end, label="DATE"),
    ]


def without_leading_to(ent: Span) -> Span:
    """``ent`` without a first "to" the model took in: "rose [to CAD$3.2 million]" ->
    "CAD$3.2 million" (a hedge "up to" is found again before the amount)."""
    if len(ent) > 1 and ent[0].lower_ == "to":
        return Span(ent.doc, ent.start + 1, ent.end, label=ent.label_)
    return ent


def attributive_currency_out(ent: Span) -> Span:
    """``ent`` without a last currency word that only modifies the noun after it, when the
    amount already has its currency: "a [$75,000 bitcoin] ransom" -> "$75,000"."""
    doc = ent.doc
    if (
        len(ent) > 2
        and ent[-1].lower_ in CURRENCY_WORDS
        and _has_symbol(ent[:-1])
        and _names_a_thing(doc, ent.end - 1, True)
    ):
        return Span(doc, ent.start, ent.end - 1, label=ent.label_)
    return ent


def counted_currency(ent: Span) -> bool:
    """A CARDINAL or DATE that ends in the currency it counts: "two thousand and fifteen
    dollars" (not "20 bitcoin" + "wallets": the word then names a thing; not a DATE in
    digits: "in 2019 dollars" is a price level)."""
    doc = ent.doc
    return (
        len(ent) > 1
        and not (ent.label_ == "DATE" and any(FOUR_DIGITS.fullmatch(t.text) for t in ent))
        and ent[-1].lower_ in CURRENCY_WORDS
        and not (ent.end < len(doc) and doc[ent.end].pos_ == "NOUN")
        and (money := parse_money(ent.text)) is not None
        and money.currency is not None
    )


def priced(ent: Span) -> bool:
    """Whether a name-like entity is an amount of money: digits and a currency ("197p",
    "USD 3bn" tagged PRODUCT)."""
    return any(c.isdigit() for c in ent.text) and parse_money(ent.text) is not None


def _has_symbol(ent: Span) -> bool:
    return any(t.text in SYMBOLS_BEFORE for t in ent)


def _names_a_thing(doc: Doc, i: int, priced: bool) -> bool:
    """Whether the currency word at ``i`` only modifies the noun after it, for an amount
    already in another currency: "a $75,000 bitcoin ransom" (USD, not BTC)."""
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    return priced and nxt is not None and nxt.pos_ == "NOUN"
