"""The vocabulary of date phrases, as the date parser (:mod:`.dates`) matches it: leading
prepositions and modifiers it drops, vague phrases that state no date it can name, month,
weekday and ordinal alternations for its patterns, and the character folds of its input.
Standard library only.
"""

from __future__ import annotations

import re

from .periods import MONTHS, WEEKDAYS
from .words import NUMBER_WORDS

LEADING = (
    "as early as",
    "as late as",
    "as recently as",
    "as far back as",
    "as of",
    "some time in",
    "sometime in",
    "sometime",
    "starting in",
    "starting",
    "beginning in",
    "since",
    "on",
    "in",
    "by",
    "until",
    "till",
    "from",
    "at",
    "during",
    "before",
    "after",
    "through",
    "throughout",
    "around",
    "about",
    "circa",
    "approximately",
    "between",
    "over",
    "within",
    "of",
)
ARTICLES = ("the", "a", "an")
LEADING_RE = re.compile(r"^(" + "|".join(LEADING + ARTICLES) + r")(?: |$)")

ORDINAL = r"(?:first|second|third|fourth|last|final|1st|2nd|3rd|4th)"
MODIFIER_RE = re.compile(
    r"^(?:earlier|later|early|late|mid|middle of|end of|beginning of|start of|turn of"
    r"|(?:first|second|1st|2nd|latter|later) half of"
    rf"|{ORDINAL} (?:few )?(?:days?|weeks?|months?) (?:of|in))(?: |$)"
)
SEASON_RE = re.compile(r"^(?:spring|summer|autumn|fall|winter)(?: of)?(?: |$)")
TIME_OF_DAY_RE = re.compile(r" (?:morning|afternoon|evening|night|local time)$")

UNITS = r"(?:days?|weeks?|months?|years?|decades?|quarters?)"
COUNT_WORDS: dict[str, int] = {"a": 1, "an": 1, **NUMBER_WORDS}
VAGUE_COUNT = (
    r"(?:a )?(?:few|several|couple|couple of|many|number of|some|\d+|[a-z]+-[a-z]+|"
    + "|".join(sorted(COUNT_WORDS, key=len, reverse=True))
    + ")"
)
VAGUE_RE = re.compile(
    r"^(?:recently|lately|of late|nowadays|these days|recent times|the past|past"
    r"|at the time|the time|that time|this time"
    r"|recent (?:days|weeks|months|years|decades)"
    rf"|(?:past|previous|recent|coming|preceding|following|prior|same|subsequent) {UNITS}"
    r"|(?:that|the same) (?:day|week|month|year|weekend|morning|night|quarter|decade)"
    rf"|(?:past|last|previous|recent|coming|next|following|preceding) (?:a )?{VAGUE_COUNT} "
    rf"{UNITS}"
    rf"|(?:{VAGUE_COUNT} )?(?:{UNITS}|hours?|minutes?) (?:later|earlier|before|after|prior"
    r"|afterwards?|on)"
    r"|(?:day|night) (?:before|after)"
    r"|(?:spring|summer|autumn|fall|winter)"
    r"|(?:last|this|next|past|this past) (?:spring|summer|autumn|fall|winter))$"
)
# "the next week", "the last year": with an article these are windows or anaphora
ARTICLE_VAGUE_RE = re.compile(
    r"^(?:last|next|past|coming) (?:day|week|month|year|decade|quarter|weekend)$"
)
# "the end of the year": anaphoric once a modifier has been removed
BARE_UNIT_RE = re.compile(r"^(?:day|week|month|year|decade|quarter)$")


def _alternation(names: dict[str, int]) -> str:
    """A regex group of the names without a dot, longest first."""
    return "(" + "|".join(sorted((k for k in names if "." not in k), key=len, reverse=True)) + ")"


#: A month or a weekday name, as one group: "(september|...|may)".
MONTH_ALT = _alternation(MONTHS)
WEEKDAY_ALT = _alternation(WEEKDAYS)
WHICH = r"(last|this|next|past|this past)"
QUARTER_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
QUARTER_ORDINALS |= {"fourth": 4, "4th": 4, "last": 4, "final": 4}

DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u02bc\u2032`"), "'")
