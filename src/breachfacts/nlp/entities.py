"""Entity repair: the statistical model's entities tidied before facts are built.

Numbers take the hedge and the currency the model left outside them ("up to" + "5
million", "$" + "55,000"); version numbers and ``IGNORE`` spans go; DATE and TIME entities
are cut to the date or the duration they state; organisation names lose caption junk. Then
the organisation mentions are found (:mod:`.org_mentions`) and filtered (:mod:`.filters`).
:class:`EntityRepair` is the second half of the ``breachfacts_entities`` component
(:class:`.entity_rules.EntityRules`, registered in :mod:`.components`).

DOCS: README.md#how-it-works
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import astuple
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..normalise.dates import resolve_date
from ..normalise.durations import Duration, parse_duration
from ..normalise.money import (
    Money,
    parse_money,
)
from ..normalise.numbers import is_year_like
from ..normalise.orgs import clean_org_span
from .amounts import (
    CURRENCY_AFTER,
    DATE_PROBE,
    FOUR_DIGITS,
    NUMERIC_DATE,
    SYMBOLS_BEFORE,
    a_scaled_count,
    a_year_in_words,
    attributive_currency_out,
    coordinated_count,
    coordinated_dates,
    coordinated_day,
    counted_currency,
    counts_things,
    merge_digit_groups,
    merge_ranges,
    merge_ratios,
    priced,
    with_currency,
    with_fraction,
    with_open_end,
    with_scale,
    without_leading_to,
)
from .antecedents import pronoun_after
from .filters import drop_not_orgs, is_version_number
from .known_orgs import known_orgs
from .number_spans import (
    DURATION_HEDGES,
    in_a_modifier,
    one_of_the_most,
    only_a_hedge,
    rate_period,
    split_trailing_names,
    with_hedge,
    without_stacked_preposition,
)
from .org_context import context_orgs, titled_people, unknown_places
from .org_mentions import (
    acting_places,
    conjoined_orgs,
    cued_orgs,
    named_modifiers,
    propagate_orgs,
    relabel_org_mentions,
)
from .syntax import NUMERIC, fronted_partitive
from .thing_names import thing_names

#: Labels of names: a bare number under one is a count the model read as a model number.
_NAME_LABELS = ("PRODUCT", "ORG", "WORK_OF_ART", "FAC", "LAW", "EVENT")
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})*|\d+")
#: Digits in thousands groups: a count or an amount, never a year, a version or a code.
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")
#: A name that starts with digits, in mixed case: "23andMe", "1Password" (not "5G",
#: "2FA", "10th", "3rd", "5Gbps": no lower-case word with a capital after or before it).
_DIGIT_LED_NAME = re.compile(r"\d+(?:[a-z]+[A-Z][A-Za-z]*|[A-Z][a-z]{4,})")
#: The dashes a dateline ends with ("SAN FRANCISCO - ", "BALTIMORE — ").
_DATELINE_DASHES = frozenset({"-", "--", "\u2014", "\u2013"})


def _bare_number(ent: Span) -> bool:
    """One token of digits that no name comes before: "757 of whom live in Ohio", not
    "Boeing 757", "Windows 10" or "iPhone 7" (a capitalised word or a name just before)."""
    if len(ent) != 1 or not _DIGITS.fullmatch(ent.text):
        return False
    prev = ent.doc[ent.start - 1] if ent.start > 0 else None
    return prev is None or not (
        prev.is_title or prev.is_upper or prev.pos_ == "PROPN" or prev.ent_type_
    )


def _digit_led_name(ent: Span) -> bool:
    """A number entity that is one name token starting with digits ("23andMe", tagged
    CARDINAL by the model): no number in it, a name."""
    return len(ent) == 1 and bool(_DIGIT_LED_NAME.fullmatch(ent.text))


def _split_dateline(ent: Span) -> list[Span]:
    """An organisation span that runs over a dateline's dash, as the dateline and the words
    after it: "[SAN FRANCISCO - Personal] genetics firm" -> "SAN FRANCISCO" (a place, see
    :func:`~.org_context.unknown_places`) and nothing, "[WASHINGTON - Microsoft] said" ->
    "WASHINGTON", "Microsoft". The words after the dash stay a name only if they are proper
    nouns."""
    doc = ent.doc
    first = ent.start == 0 or "\n" in doc[ent.start - 1].text_with_ws
    dash = next((t.i for t in ent if t.text in _DATELINE_DASHES), None)
    if not first or dash is None or dash == ent.start:
        return [ent]
    head, tail = doc[ent.start : dash], doc[dash + 1 : ent.end]
    if not head.text.isupper():
        return [ent]
    parts = [Span(doc, head.start, head.end, label=ent.label)]
    if len(tail) and all(t.pos_ == "PROPN" for t in tail):
        parts.append(Span(doc, tail.start, tail.end, label=ent.label))
    return parts


def _untagged_parts(doc: Doc, lex: dict[str, Any]) -> list[Span]:
    """Numbers the model left untagged: any in thousands groups ("Some 79,275,274 British
    customers"), and those that count a part of something named before: "12,345
    customers, 708 *of them* in Ohio" (the pronouns of ``elliptic_counts`` in
    ``patterns/roles.json``, :func:`~.antecedents.pronoun_after`), "Of the 1,000 accounts
    hacked, *900* were sold" (right after a sentence-opening "of" phrase's comma)."""
    out = []
    for tok in doc:
        if not tok.ent_type_ and tok.pos_ == "NUM" and _DIGITS.fullmatch(tok.text):
            span = Span(doc, tok.i, tok.i + 1, label="CARDINAL")
            if (
                pronoun_after(span, lex) is not None
                or _part_after_partitive(span)
                or _GROUPED.fullmatch(tok.text)  # "Some 79,275,274 British customers"
            ):
                out.append(span)
    return out


def _part_after_partitive(span: Span) -> bool:
    """A number right after the comma of a sentence-opening "of" phrase: "Of the 1,000
    accounts hacked, *900* were sold" (which the model may leave untagged or call a date)."""
    doc = span.doc
    return (
        span.start > 0 and doc[span.start - 1].text == "," and fronted_partitive(span) is not None
    )


#: Labels the model gives amounts of money it misread: "197p" (PRODUCT), "2.8m zlotys"
#: (ORG), "as little as 50 cents" (PERCENT).
_PRICED_LABELS = ("PRODUCT", "ORG", "WORK_OF_ART", "QUANTITY", "PERCENT")


class EntityRepair:
    """Tidy the statistical model's entities before facts are built.

    - numbers get the hedge that precedes them ("up to" + "5 million");
    - ``IGNORE`` spans from the patterns (CVE ids, versions, phone numbers) are removed;
    - organisation spans lose leading caption words and articles ("Photo/Illustration The
      Mitsubishi Electric Corp." -> "Mitsubishi Electric Corp."), and pure junk is dropped.

    DOCS: README.md#how-it-works
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.tables: dict[str, Any] = {}

    def configure(self, tables: dict[str, Any]) -> None:
        """Give the component the data tables (aliases, units, cues) loaded from patterns/."""
        self.tables = tables

    def __call__(self, doc: Doc) -> Doc:
        ents: list[Span] = []
        # (label, start, end) -> what the parser read in the entity's text while repairing it
        readings: dict[tuple[str, int, int], Money | Duration | None] = {}
        found = sorted([*doc.ents, *_untagged_parts(doc, self.tables.get("roles", {}))])
        for ent in merge_ratios(merge_ranges(merge_digit_groups(split_trailing_names(found)))):
            if ent.label_ == "IGNORE" or (ents and ent.start < ents[-1].end):
                continue  # an IGNORE span, or one the entity before took in ("3.5 MUSD")
            if (ent.label_ in _PRICED_LABELS and priced(ent)) or (
                ent.label_ in ("CARDINAL", "DATE") and counted_currency(ent)
            ):
                ent = Span(doc, ent.start, ent.end, label="MONEY")  # "197p", "50 cents"
            ent = _within_sentence(ent)
            if ent.label_ == "DATE" and FOUR_DIGITS.fullmatch(ent.text):
                if not is_year_like(ent.text):  # "the 2450 schools"
                    ent = Span(doc, ent.start, ent.end, label="CARDINAL")
            if ent.label_ in _NAME_LABELS and _bare_number(ent):
                ent = Span(doc, ent.start, ent.end, label="CARDINAL")  # "757 of whom" (PRODUCT)
            if ent.label_ not in ("DATE", "TIME") and NUMERIC_DATE.fullmatch(ent.text):
                ent = Span(doc, ent.start, ent.end, label="DATE")  # "01/15/2020" tagged ORG
            if ent.label_ == "DATE" and (
                counts_things(ent)
                or a_scaled_count(ent)
                or coordinated_count(ent)
                or (_DIGITS.fullmatch(ent.text) and _part_after_partitive(ent))
            ):
                ent = Span(doc, ent.start, ent.end, label="CARDINAL")  # "2019 patients"
            if ent.label_ == "CARDINAL" and coordinated_day(ent, ents[-1] if ents else None):
                ent = Span(doc, ent.start, ent.end, label="DATE")  # "May 13 and" + "14"
            if ent.label_ == "CARDINAL" and a_year_in_words(ent):
                ent = Span(doc, ent.start, ent.end, label="DATE")  # "in twenty sixteen"
            if ent.label_ in NUMERIC and _digit_led_name(ent):
                ent = Span(doc, ent.start, ent.end, label="ORG")  # "23andMe" (CARDINAL)
            if ent.label_ == "CARDINAL" and (
                in_a_modifier(ent, self.tables.get("roles", {})) or one_of_the_most(ent)
            ):
                continue  # "a one-time cost", "one of the largest firms": no count
            if ent.label_ in NUMERIC:
                if is_version_number(ent):
                    continue
                prev = ents[-1] if ents else None
                if prev is not None and prev.label_ in ("DATE", "CARDINAL"):
                    # "three quarters" (DATE) "of a million dollars", "one" "and a half million"
                    joined = with_fraction(ent, prev.start)
                    if joined.start <= prev.start:
                        ents.pop()
                        ent = joined
                if prev is not None and only_a_hedge(prev) and prev.end == ent.start:
                    ents.pop()  # "more than" tagged apart from "84,820,007": the hedge's
                floor = ents[-1].end if ents else 0
                ent = with_fraction(without_stacked_preposition(without_leading_to(ent)), floor)
                ent = with_currency(with_open_end(with_scale(ent, floor)), floor)
                ent = with_hedge(attributive_currency_out(ent), floor)
                if ent.label_ == "MONEY":
                    money = parse_money(ent.text)
                    if _has_currency(ent, money):
                        readings["MONEY", ent.start, ent.end] = money
                    else:
                        # "more than 2.9 billion records": no currency, so a count
                        ent = Span(doc, ent.start, ent.end, label="CARDINAL")
            elif ent.label_ in ("DATE", "TIME"):
                if rate_period(ent, self.tables.get("roles", {})):
                    continue  # "15 billion transactions [a year]": a rate's period
                core = _duration_core(ent)
                if core is not None:
                    duration, reading = core
                    floor = ents[-1].end if ents else 0
                    hedged = with_hedge(duration, floor, DURATION_HEDGES)
                    # "over" + "the past six months" is a preposition, not a hedge
                    read = parse_duration(hedged.text) if hedged is not duration else None
                    if read is not None and read.qualifier:
                        ent, reading = hedged, read
                    else:
                        ent = duration
                    readings["DURATION", ent.start, ent.end] = reading
                else:
                    *before, ent = coordinated_dates(ent)
                    ents.extend(_within_sentence(_date_core(b)) for b in before)
                    ent = _date_core(ent)
            elif ent.label_ == "ORG":
                *dateline, ent = _split_dateline(ent)
                ents.extend(dateline)
                *before, ent = _split_parenthesis(ent)
                ents.extend(c for b in before if (c := _clean_org(b)) is not None)
                cleaned = _clean_org(ent)
                if cleaned is None:
                    continue
                ent = cleaned
            ents.append(_within_sentence(ent))
        ents = cued_orgs(doc, ents, self.tables.get("roles", {}))
        ents = known_orgs(doc, ents, self.tables)
        ents = unknown_places(doc, ents, self.tables)
        ents = context_orgs(doc, ents, self.tables)
        ents = titled_people(doc, ents, self.tables)
        ents = acting_places(doc, ents, self.tables.get("places", {}))
        ents = conjoined_orgs(doc, ents)
        ents = named_modifiers(doc, ents)
        not_orgs = self.tables.get("not_orgs", {})
        known = self.tables.get("known_orgs", {})
        ents = drop_not_orgs(doc, ents, not_orgs, known)
        ents = thing_names(doc, ents, self.tables)
        relabelled = relabel_org_mentions(doc, ents, self.tables.get("gazetteer"))
        added = propagate_orgs(doc, relabelled)
        kept = thing_names(
            doc, drop_not_orgs(doc, relabelled + added, not_orgs, known), self.tables
        )
        # the steps above keep entities apart; should two still overlap (a digit group the
        # merge joined over a piece another rule tagged, "00 001"), the longer one stays
        doc.ents = filter_spans(kept)
        _keep_readings(doc, readings)
        return doc


# ---------------------------------------------------------------------------
# Readings: each amount's text is parsed once, here, and extraction reads the result

#: First item of the ``doc.user_data`` key of a reading: ``(READING, label, start, end)``.
READING = "breachfacts_reading"

#: A reading not stored (the entity did not come through the repair).
_UNREAD = object()

_PARSERS: dict[str, Callable[[str], Money | Duration | None]] = {
    "MONEY": parse_money,
    "DURATION": parse_duration,
}


def _keep_readings(doc: Doc, readings: dict[tuple[str, int, int], Money | Duration | None]) -> None:
    """Store what each MONEY and DURATION entity of ``doc`` reads as, in ``doc.user_data``.

    The values are lists of the reading's fields (or None), so that ``Doc.to_bytes`` keeps
    them when ``nlp.pipe`` runs in several processes. An entity whose text the repair did
    not parse (cut at a sentence start afterwards, or labelled by a pattern) is parsed now.
    """
    for ent in doc.ents:
        parse = _PARSERS.get(ent.label_)
        if parse is None:
            continue
        key = (ent.label_, ent.start, ent.end)
        value = readings[key] if key in readings else parse(ent.text)
        doc.user_data[(READING, *key)] = None if value is None else list(astuple(value))


def money_of(ent: Span) -> Money | None:
    """The amount a MONEY entity states, as :func:`~breachfacts.normalise.money.parse_money`
    reads its text.

    Read once, by the entity repair; an entity it did not see is parsed here.
    """
    fields = ent.doc.user_data.get((READING, "MONEY", ent.start, ent.end), _UNREAD)
    if fields is _UNREAD:
        return parse_money(ent.text)
    return None if fields is None else Money(*fields)


def duration_of(ent: Span) -> Duration | None:
    """The length a DURATION entity states, as
    :func:`~breachfacts.normalise.durations.parse_duration` reads its text.

    Read once, by the entity repair; an entity it did not see is parsed here.
    """
    fields = ent.doc.user_data.get((READING, "DURATION", ent.start, ent.end), _UNREAD)
    if fields is _UNREAD:
        return parse_duration(ent.text)
    return None if fields is None else Duration(*fields)


def _within_sentence(ent: Span) -> Span:
    """``ent`` cut before the first sentence start inside it (a paragraph break, a parser split).

    A name never runs over a sentence boundary: "Mitsubishi" + new sentence "Electric
    Ministry ..." is "Mitsubishi". Only the first sentence's part is kept.
    """
    for tok in ent[1:]:
        if tok.is_sent_start:
            return Span(ent.doc, ent.start, tok.i, label=ent.label)
    return ent


def _has_currency(ent: Span, money: Money | None) -> bool:
    """Whether a money entity names a currency at all (symbol, code or currency word).

    ``money``: what :func:`parse_money` reads in the entity's text.
    """
    if money is not None:
        return True
    return any(
        t.text in SYMBOLS_BEFORE or t.lower_ in CURRENCY_AFTER or any(c in t.text for c in "$£€¥₹")
        for t in ent
    )


#: Words after a duration that turn it into a point in time: "two years prior", "ago".
_RELATIVE_AFTER = {"ago", "later", "earlier", "prior", "before", "after", "afterwards"}


#: Words before a count of time units that make it a frequency.
_FREQUENCY = {"every", "each", "per"}


def _bare_duration(span: Span) -> bool:
    """A lone plural unit that states a length: "for days", "weeks before the attack"."""
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    return before == "for" or after in _RELATIVE_AFTER


def _duration_core(ent: Span) -> tuple[Span, Duration] | None:
    """The duration inside a DATE or TIME entity, labelled DURATION, and its reading, or None.

    "seven days", "over 72 hours", "the past 48 hours", "48 hours" of "48 hours after":
    the longest part of the entity that :func:`parse_duration` reads. An entity that names
    a date ("two years ago", "last week", "one day in March 2017") is not a duration.
    """
    doc = ent.doc
    named = resolve_date(ent.text, DATE_PROBE)
    if named is not None and named.date is not None:
        return None
    if ent.end < len(doc) and doc[ent.end].lower_ == "ago":
        return None  # "three days" + "ago": a date (the model left "ago" out)
    n = len(ent)
    for length in range(min(n, 12), 0, -1):
        for i in range(ent.start, ent.end - length + 1):
            sub = doc[i : i + length]
            if sub[0].is_punct or sub[-1].is_punct:
                continue
            reading = parse_duration(sub.text)
            if reading is not None:
                if sub.start > 0 and doc[sub.start - 1].lower_ in _FREQUENCY:
                    return None  # "every three minutes": how often, not how long
                if sub.end < len(doc) and doc[sub.end].lower_ == "ago":
                    return None  # "more than 18 months ago": a date
                if sub[-1].lower_ == "second" and sub.end < ent.end:
                    continue  # "a second day": an ordinal
                if length == 1 and not _bare_duration(sub):
                    continue  # "in recent years", "on most days": no length stated
                return Span(doc, sub.start, sub.end, label="DURATION"), reading
    return None


def _date_core(ent: Span) -> Span:
    """The part of a DATE or TIME entity that reads as a date, labelled DATE.

    The model's spans carry words around the date ("Just this week", "one last year",
    "past December 29, 2016", "1 p.m. ET on Wednesday"): the longest sub-span that
    :func:`resolve_date` reads is kept. A duration followed by "ago", "later" or "prior"
    takes that word in. A span with no date in it keeps its label
    (a time of day stays TIME and makes no fact).
    """
    if resolve_date(ent.text, None) is not None:
        return ent if ent.label_ == "DATE" else Span(ent.doc, ent.start, ent.end, label="DATE")
    doc = ent.doc
    if ent.end < len(doc) and doc[ent.end].lower_ in _RELATIVE_AFTER:
        longer = doc[ent.start : ent.end + 1]  # "Two years" + "prior", "three days" + "ago"
        if resolve_date(longer.text, None) is not None:
            return Span(doc, longer.start, longer.end, label="DATE")
    n = len(ent)
    for length in range(min(n - 1, 12), 0, -1):
        for i in range(ent.start, ent.end - length + 1):
            sub = ent.doc[i : i + length]
            if sub[0].is_punct or sub[-1].is_punct:
                continue
            if resolve_date(sub.text, None) is not None:
                return Span(ent.doc, sub.start, sub.end, label="DATE")
    return ent


def _split_parenthesis(ent: Span) -> list[Span]:
    """An organisation span that runs into a parenthesis, as the name and its acronym:
    "Office of Personnel Management (OPM" -> "Office of Personnel Management", "OPM"."""
    doc = ent.doc
    opens = [t.i for t in ent if t.text == "("]
    if not opens or any(t.text == ")" for t in ent):
        return [ent]
    k = opens[0]
    parts = [doc[ent.start : k], doc[k + 1 : ent.end]]
    return [Span(doc, p.start, p.end, label="ORG") for p in parts if len(p)] or [ent]


def _clean_org(ent: Span) -> Span | None:
    """The organisation name inside ``ent`` without caption junk, or None if nothing is left."""
    inner = clean_org_span(ent.text)
    if inner is None:
        return None
    start, end = inner
    span = ent.doc.char_span(
        ent.start_char + start, ent.start_char + end, label=ent.label, alignment_mode="contract"
    )
    if span is None or not span.text.strip():
        return None
    return span
