"""What ``add`` and ``history`` return: small dataclasses with ``to_dict()``.

``check`` returns :class:`~breachfacts.store.compare.Checked` verdicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from breachfacts.facts import json_number
from breachfacts.store.compare import Checked, StoredFact

__all__ = [
    "MEASURE_ORDER",
    "AddReport",
    "AddedArticle",
    "History",
    "Report",
    "slot_name",
    "timeline",
]


@dataclass(frozen=True)
class AddedArticle:
    """What ``add`` did with one article.

    Attributes:
        source: The article's id (path or JSONL id).
        status: ``added`` or ``duplicate`` (same content hash already stored: nothing written).
        article_id: Its row in ``articles`` (the existing row for a duplicate).
        facts: Facts written (0 for a duplicate).
        checked: With ``add(..., check=True)``: each fact's verdict against the store as it
            was before this article (empty for a duplicate).
    """

    source: str
    status: str
    article_id: int
    facts: int
    checked: list[Checked] = field(default_factory=list)


@dataclass(frozen=True)
class AddReport:
    """The result of one ``add`` batch (one transaction)."""

    articles: list[AddedArticle]

    @property
    def added(self) -> list[AddedArticle]:
        return [a for a in self.articles if a.status == "added"]

    @property
    def duplicates(self) -> list[AddedArticle]:
        return [a for a in self.articles if a.status == "duplicate"]

    @property
    def facts(self) -> int:
        return sum(a.facts for a in self.articles)

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": len(self.added),
            "duplicates": len(self.duplicates),
            "facts": self.facts,
            "articles": [
                {"source": a.source, "status": a.status, "id": a.article_id, "facts": a.facts}
                for a in self.articles
            ],
        }


@dataclass(frozen=True)
class Report:
    """One value reported about an organisation, as ``history`` lists it."""

    measure: str
    kind: str
    text: str
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    qualifier: str | None
    currency: str | None
    date: str | None
    certainty: str
    role: str | None
    source: str
    publisher: str | None
    published: date | None
    sentence: str | None

    @classmethod
    def from_stored(cls, s: StoredFact) -> Report:
        f = s.fact
        return cls(
            measure=s.measure,
            kind=f.kind,
            text=f.text,
            value=f.value,
            low=f.low,
            high=f.high,
            unit=f.unit,
            qualifier=f.qualifier,
            currency=f.currency,
            date=f.date,
            certainty=f.certainty,
            role=f.role,
            source=s.source,
            publisher=s.publisher,
            published=s.published,
            sentence=f.sentence.text,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "value": json_number(self.value),
            "low": json_number(self.low),
            "high": json_number(self.high),
            "unit": self.unit,
            "qualifier": self.qualifier,
            "currency": self.currency,
            "date": self.date,
            "certainty": self.certainty,
            "role": self.role,
            "source": self.source,
            "publisher": self.publisher,
            "published": self.published.isoformat() if self.published else None,
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class History:
    """What the store knows about one organisation.

    Attributes:
        organisation: The canonical name found (the query itself if nothing matched).
        names: Every surface form the articles used for it ("Mitsubishi Electric Corp.").
        articles: How many stored articles mention it or report about it.
        timeline: measure -> reports, oldest first (undated last). Measures come in a fixed
            order: people, accounts, cards, records, files, ..., money, dates, then others.
    """

    organisation: str
    names: list[str]
    articles: int
    timeline: dict[str, list[Report]]

    @property
    def found(self) -> bool:
        return self.articles > 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "organisation": self.organisation,
            "names": list(self.names),
            "articles": self.articles,
            "timeline": {m: [r.to_dict() for r in rs] for m, rs in self.timeline.items()},
        }


MEASURE_ORDER = (
    "people affected",
    "accounts",
    "payment cards",
    "records",
    "files",
    "emails",
    "data volume",
    "systems",
    "money:ransom",
    "money:damage",
    "money:fine",
    "money:settlement",
    "money:contract",
    "money:amount",
    "date:attack",
    "date:discovery",
    "date:disclosure",
    "date",
)
"""The order of measures in a :class:`History` timeline; others follow, by name."""


def slot_name(measure: str, event: str | None) -> str:
    """The name of a slot in a timeline: its measure, and the year of its incident when the
    articles named one ("accounts [2013]", "accounts [2014]").

    Example:
        >>> slot_name("accounts", "2013"), slot_name("files (part)", None)
        ('accounts [2013]', 'files (part)')
    """
    return f"{measure} [{event}]" if event else measure


def timeline(stored: list[StoredFact]) -> dict[str, list[Report]]:
    """Reports by slot (:func:`slot_name`) in :data:`MEASURE_ORDER` of their measure, each
    oldest first (undated last); ``stored`` comes ordered by measure, published date,
    article and offset."""
    out: dict[str, list[Report]] = {}
    for s in stored:
        out.setdefault(slot_name(s.measure, s.fact.event), []).append(Report.from_stored(s))
    for reports in out.values():
        reports.sort(key=lambda r: r.published is None)  # stable: undated last
    return dict(sorted(out.items(), key=lambda kv: (_measure_rank(kv[0]), kv[0])))


def _measure_rank(slot: str) -> int:
    """The place of a slot's measure in :data:`MEASURE_ORDER` ("people affected
    (employee) [2013]" ranks with "people affected"); others after all of them."""
    best = len(MEASURE_ORDER)
    for i, m in enumerate(MEASURE_ORDER):
        if (slot == m or slot.startswith(m + " ")) and i < best:
            best = i
    return best
