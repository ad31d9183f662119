"""The data model: articles in, facts out, and their ``breachfacts/1`` JSON form.

Everything downstream of the pipeline (the store, the renderers, the benchmarks)
works on these frozen dataclasses only; none of them needs spaCy.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

SCHEMA = "breachfacts/1"

Kind = Literal["figure", "money", "date", "duration", "organisation"]
Certainty = Literal["certain", "hedged", "denied"]
KINDS: tuple[str, ...] = ("figure", "money", "date", "duration", "organisation")
CERTAINTIES: tuple[str, ...] = ("certain", "hedged", "denied")


#: The optional fields that narrow a figure's or amount's slot, in their JSON order.
SLOT_QUALIFIERS: tuple[str, ...] = ("per", "place", "population", "payee", "part_of", "event")


@dataclass(frozen=True)
class Article:
    """One input article.

    Attributes:
        id: Where it came from: a path, or the ``id`` of a JSONL line.
        text: The article text; every offset in its facts indexes this string.
        published: Publication date, if known. Relative dates resolve against it.
        title: Title, where the input carried one (HTML metadata, JSONL).
        meta: Anything else the input said about the article (publisher, url, ...).
    """

    id: str
    text: str
    published: date | None = None
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Sentence:
    """The sentence a fact came from: its text and offsets into the article."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Fact:
    """One extracted fact.

    Attributes common to every kind: ``id`` (unique within its article), ``kind``,
    the exact ``text`` with ``start``/``end`` offsets (``article.text[start:end] == text``),
    its ``sentence`` and its ``certainty``.

    Figures and money: ``value`` (None for vague amounts and ranges), ``low`` and ``high``
    (inclusive bounds; None means unbounded on that side), ``unit`` (singular lemma of the
    counted noun, ``percent``, or for money the ISO 4217 / crypto currency code), and the
    hedge ``qualifier`` ("nearly", "more than", ...). Money also has ``currency`` and
    ``equivalent_of`` (id of the money fact a parenthesised conversion restates).

    Dates: ``date`` (ISO 8601 at ``granularity``: day, week, month, quarter, year, decade;
    None when unresolvable) and ``relative`` (the text needed the publication date).

    Durations ("over 72 hours"): ``value``, ``low``, ``high`` and ``qualifier`` as for
    figures, ``unit`` one of second, minute, hour, day, week, month, year, decade.

    Organisations: ``canonical`` name.

    ``role`` and ``subject`` say what the fact measures and whom it is about. Figures and
    money may add the qualifiers of their slot (:data:`SLOT_QUALIFIERS`; the store compares
    only facts of one slot, see docs/store.md): ``per``, the unit they are stated per
    ("$6,800 per computer" -> "computer"); figures ``place``, the place a breakdown part is
    restricted to ("245,000 in the UK"), ``population``, the group of people counted
    ("1,200 employees" -> "employee"; none for people in general), and ``part_of``, the id
    of the total a part belongs to ("59 of those files"; ``"total"`` if the article does
    not state it); money ``payee`` ("$100 million to the FTC"); both ``event``, the year of
    the incident their sentence dates ("the 2013 breach").
    """

    id: str
    kind: Kind
    text: str
    start: int
    end: int
    sentence: Sentence
    certainty: Certainty = "certain"
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    currency: str | None = None
    equivalent_of: str | None = None
    date: str | None = None
    granularity: str | None = None
    relative: bool | None = None
    canonical: str | None = None
    role: str | None = None
    subject: str | None = None
    attacker: str | None = None
    per: str | None = None
    place: str | None = None
    population: str | None = None
    payee: str | None = None
    part_of: str | None = None
    event: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The fact as a ``breachfacts/1`` JSON object (only the keys of its kind)."""
        d: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence.to_dict(),
            "certainty": self.certainty,
        }
        if self.kind in ("figure", "money", "duration"):
            d.update(
                value=json_number(self.value),
                low=json_number(self.low),
                high=json_number(self.high),
                unit=self.unit,
                qualifier=self.qualifier,
            )
            if self.kind == "money":
                d.update(currency=self.currency, equivalent_of=self.equivalent_of)
        elif self.kind == "date":
            d.update(date=self.date, granularity=self.granularity, relative=self.relative)
        else:
            d.update(canonical=self.canonical)
        d.update(role=self.role, subject=self.subject)
        if self.attacker is not None:
            d["attacker"] = self.attacker
        if self.per is not None:
            d["per"] = self.per
        for key in SLOT_QUALIFIERS:
            if getattr(self, key) is not None:
                d[key] = getattr(self, key)
        return d


def json_number(x: float | None) -> int | float | None:
    """Whole numbers as ints in JSON (20000, not 20000.0)."""
    if x is None:
        return None
    return int(x) if float(x).is_integer() and abs(x) < 2**53 else x


@dataclass(frozen=True)
class Extraction:
    """The facts of one article: what ``extract`` returns and the renderers print."""

    article: Article
    facts: tuple[Fact, ...]
    events: tuple[dict[str, Any], ...] = ()

    def to_dict(self, *, keep_text: bool = False) -> dict[str, Any]:
        """The article as a ``breachfacts/1`` JSON object.

        ``text_from: "html"`` says the offsets index the text extracted from an HTML page;
        ``keep_text`` adds that ``text`` so the offsets can be checked against it.
        """
        d: dict[str, Any] = {
            "schema": SCHEMA,
            "source": self.article.id,
            "published": self.article.published.isoformat() if self.article.published else None,
        }
        if self.article.title:
            d["title"] = self.article.title
        if self.article.meta.get("text_from") == "html":
            d["text_from"] = "html"
        if keep_text:
            d["text"] = self.article.text
        d["events"] = list(self.events)
        d["facts"] = [f.to_dict() for f in self.facts]
        return d


def fact_from_dict(d: dict[str, Any]) -> Fact:
    """Rebuild a Fact from its ``to_dict()`` form (for the store and ``add --facts``)."""
    s = d["sentence"]
    known = {k: d.get(k) for k in Fact.__dataclass_fields__ if k not in ("sentence",) and k in d}
    return Fact(sentence=Sentence(s["text"], s["start"], s["end"]), **known)


#: Characters a line splitter (str.splitlines, JavaScript, editors) breaks a line at that
#: json.dumps leaves raw.
_RAW_LINE_BREAK = re.compile("[\u0085\u2028\u2029]")


def json_text(item: Any, *, indent: int | None = None) -> str:
    """Readable UTF-8 JSON in which no common line splitter finds a line break but ours.

    Every character that ``str.splitlines`` (or JavaScript, or an editor) treats as a line
    break is escaped, so a JSONL record is one line for every reader, and a JSON array's
    lines are the ones ``indent`` made.

    Example:
        >>> json_text({"text": "a\\u0085b\\u2028c\\rd"})
        '{"text": "a\\\\u0085b\\\\u2028c\\\\rd"}'
    """
    text = json.dumps(item, ensure_ascii=False, indent=indent)
    return _RAW_LINE_BREAK.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
