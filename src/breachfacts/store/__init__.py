"""The fact store: record what articles said, and check new articles against it.

Example:
    >>> from breachfacts.store import Store
    >>> with Store.open(":memory:") as store:          # doctest: +SKIP
    ...     report = store.add([extraction])
    ...     checked = store.check(other_extraction)
    ...     timeline = store.history("Mitsubishi Electric")

Everything the ``add``, ``check``, ``history`` and ``store info`` commands do is a method
here; the CLI only parses arguments and prints. Errors are :class:`StoreError` (one line).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from breachfacts.errors import FactsFormatError
from breachfacts.facts import SCHEMA, Article, Extraction, Fact, fact_from_dict
from breachfacts.normalise.orgs import acronym_letters, initials
from breachfacts.store.compare import (
    AGAINST_LIMIT,
    Checked,
    Measures,
    MeasuresError,
    Rates,
    StoredFact,
    implied_rates,
    json_number,
    load_measures,
    measure_of,
    status,
)
from breachfacts.store.db import (
    BUSY_TIMEOUT,
    MIGRATIONS,
    Migration,
    StoreCorrupt,
    StoreError,
    StoreLocked,
    StoreReadOnly,
    StoreTooNew,
    connect,
    default_db_path,
    transaction,
    translate_errors,
    user_version,
)
from breachfacts.store.subjects import (
    capitalised_names,
    group_names,
    name_key,
    pick_subject,
    subject_keys,
)

__all__ = [
    "AGAINST_LIMIT",
    "AddReport",
    "AddedArticle",
    "Checked",
    "FactsFormatError",
    "History",
    "MIGRATIONS",
    "Measures",
    "MeasuresError",
    "Migration",
    "Report",
    "Store",
    "StoreCorrupt",
    "StoreError",
    "StoreLocked",
    "StoreReadOnly",
    "StoreTooNew",
    "StoredFact",
    "content_hash",
    "default_db_path",
    "extraction_from_dict",
    "resolve_subjects",
]

STORED_PER_KEY = 50
"""Only the most recently published this-many stored facts per subject and measure are
compared (undated ones count as oldest). Older reports cannot change a verdict: whatever
they say, the current value is the most recent one. This keeps ``check`` fast on subjects
with thousands of reports."""
DATE_ROLE_MEASURES = ("date:attack", "date:discovery", "date:disclosure")
RATE_WINDOW_DAYS = 31
"""A currency conversion an article states ("6 bitcoins ($51,000)") converts amounts of the
same subject only in articles published within this many days of it: rates move."""

_FACT_COLUMNS = (
    "article_id",
    "fact_id",
    "kind",
    "text",
    "start",
    "end",
    "sentence_text",
    "sentence_start",
    "sentence_end",
    "certainty",
    "value",
    "low",
    "high",
    "unit",
    "qualifier",
    "currency",
    "equivalent_of",
    "date",
    "granularity",
    "relative",
    "canonical",
    "role",
    "attacker",
    "subject",
    "measure",
    "published",
    "per",
    "place",
)
_INSERT_FACT = (
    f"INSERT INTO facts ({', '.join(_FACT_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _FACT_COLUMNS)})"
)
_STORED_COLUMNS = """
    {f}.article_id, {f}.fact_id, {f}.kind, {f}.text, a.source, a.published, {f}.subject,
    {f}.measure, {f}.certainty, {f}.value, {f}.low, {f}.high, {f}.unit, {f}.qualifier,
    {f}.currency, {f}.date, {f}.granularity, {f}.canonical, {f}.role, a.publisher,
    {f}.sentence_text
"""
_STORED_SELECT = (
    "SELECT "
    + _STORED_COLUMNS.format(f="f")
    + " FROM facts AS f JOIN articles AS a ON a.id = f.article_id"
)
_CONVERSIONS_SELECT = (
    "SELECT "
    + _STORED_COLUMNS.format(f="f")
    + ", "
    + _STORED_COLUMNS.format(f="e")
    + " FROM facts AS e"
    " JOIN facts AS f ON f.article_id = e.article_id AND f.fact_id = e.equivalent_of"
    " JOIN articles AS a ON a.id = e.article_id"
    " WHERE e.subject = ? AND e.equivalent_of IS NOT NULL AND e.published BETWEEN ? AND ?"
    " AND e.kind = 'money' AND f.kind = 'money' AND e.article_id != ? LIMIT ?"
)


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
        return cls(
            measure=s.measure,
            kind=s.kind,
            text=s.text,
            value=s.value,
            low=s.low,
            high=s.high,
            unit=s.unit,
            qualifier=s.qualifier,
            currency=s.currency,
            date=s.date,
            certainty=s.certainty,
            role=s.role,
            source=s.source,
            publisher=s.publisher,
            published=s.published,
            sentence=s.sentence,
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


_MEASURE_ORDER = (
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


def content_hash(text: str) -> str:
    """sha256 of the article text (UTF-8), hex: the store's identity of an article."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def resolve_subjects(facts: Sequence[Fact]) -> dict[str, str | None]:
    """Fact id -> the organisation each fact is about.

    In order: the fact's own ``subject``; for an organisation, its own canonical name; the
    first organisation whose offsets lie inside the fact's sentence; the article's main
    victim, the organisation mentioned most often (ties: the first mentioned); else None.
    """
    orgs = sorted(
        (f for f in facts if f.kind == "organisation" and (f.canonical or f.text)),
        key=lambda f: f.start,
    )
    counts = Counter(_org_name(f) for f in orgs)
    main: str | None = None
    if counts:
        best = max(counts.values())
        main = next(_org_name(f) for f in orgs if counts[_org_name(f)] == best)
    out: dict[str, str | None] = {}
    for f in facts:
        if f.subject:
            out[f.id] = f.subject
        elif f.kind == "organisation":
            out[f.id] = _org_name(f) if (f.canonical or f.text) else None
        else:
            s = f.sentence
            inside = next(
                (o for o in orgs if s.start <= o.start and o.end <= s.end and o.id != f.id),
                None,
            )
            out[f.id] = _org_name(inside) if inside else main
    return out


def _org_name(f: Fact) -> str:
    return f.canonical or f.text


def extraction_from_dict(doc: dict[str, Any], where: str = "document") -> Extraction:
    """Rebuild an :class:`Extraction` from its ``breachfacts/1`` JSON object.

    The article text is ``doc["text"]`` when present (JSONL output does not carry it).

    Raises:
        FactsFormatError: ``<where>: <problem>``.
    """
    if not isinstance(doc, dict):
        raise FactsFormatError(f"{where}: expected a JSON object")
    if doc.get("schema") != SCHEMA:
        raise FactsFormatError(f"{where}: schema is {doc.get('schema')!r}, expected {SCHEMA!r}")
    try:
        source = str(doc["source"])
        pub = doc.get("published")
        published = date.fromisoformat(pub) if pub else None
        facts = tuple(fact_from_dict(d) for d in doc["facts"])
    except KeyError as e:
        raise FactsFormatError(f"{where}: missing key {e.args[0]!r}") from None
    except (TypeError, ValueError) as e:
        raise FactsFormatError(f"{where}: {e}") from None
    article = Article(source, str(doc.get("text") or ""), published, doc.get("title"))
    return Extraction(article, facts, tuple(doc.get("events") or ()))


def _dict_hash(doc: dict[str, Any]) -> str:
    if doc.get("text"):
        return content_hash(str(doc["text"]))
    key = {k: doc.get(k) for k in ("source", "published", "title", "facts")}
    return content_hash(json.dumps(key, sort_keys=True, ensure_ascii=False))


def _insert_article(conn: sqlite3.Connection, article: Article, digest: str) -> int:
    meta = dict(article.meta or {})
    publisher = meta.get("publisher")
    cur = conn.execute(
        "INSERT INTO articles (source, content_hash, published, title, publisher, meta, added_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            article.id,
            digest,
            article.published.isoformat() if article.published else None,
            article.title,
            str(publisher) if publisher is not None else None,
            json.dumps(meta, ensure_ascii=False, default=str) if meta else None,
            datetime.now(timezone.utc).isoformat(timespec="seconds"),
        ),
    )
    return int(cur.lastrowid or 0)


def _insert_facts(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    conn.executemany(_INSERT_FACT, rows)


def _fact_row(
    article_id: int, f: Fact, subject: str | None, measure: str, published: str | None
) -> tuple[Any, ...]:
    return (
        article_id,
        f.id,
        f.kind,
        f.text,
        f.start,
        f.end,
        f.sentence.text,
        f.sentence.start,
        f.sentence.end,
        f.certainty,
        f.value,
        f.low,
        f.high,
        f.unit,
        f.qualifier,
        f.currency,
        f.equivalent_of,
        f.date,
        f.granularity,
        None if f.relative is None else int(f.relative),
        f.canonical,
        f.role,
        f.attacker,
        subject,
        measure,
        published,
        f.per,
        f.place,
    )


def _conversions(facts: Sequence[Fact]) -> list[tuple[Fact, Fact]]:
    """(amount, its restatement in another currency) pairs of one article."""
    by_id = {f.id: f for f in facts}
    return [
        (by_id[f.equivalent_of], f) for f in facts if f.kind == "money" and f.equivalent_of in by_id
    ]


def _stored(row: sqlite3.Row | tuple[Any, ...]) -> StoredFact:
    r = tuple(row)
    published = date.fromisoformat(r[5]) if r[5] else None
    return StoredFact(*r[:5], published, *r[6:])


class Store:
    """An open fact store. Use as a context manager, or call :meth:`close`.

    Example:
        >>> with Store.open(tmp_path / "facts.sqlite") as store:   # doctest: +SKIP
        ...     store.info()["facts"]
        0
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, measures: Measures) -> None:
        self.conn = conn
        self.path = path
        self.measures = measures

    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        measures: Measures | None = None,
        timeout: float = BUSY_TIMEOUT,
        readonly: bool = False,
    ) -> Store:
        """Open the store at ``path`` (default: :func:`default_db_path`), creating it.

        Args:
            measures: The unit -> measure table; default ``load_measures()``.
            timeout: Seconds to wait for another writer before :class:`StoreLocked`.
            readonly: Open without creating or migrating; writes raise :class:`StoreReadOnly`.

        Raises:
            StoreError: locked, read-only, corrupt or too-new store (one line).
            MeasuresError: a bad ``measures.json`` (one line naming the file).
        """
        p = Path(path) if path is not None else default_db_path()
        m = measures if measures is not None else load_measures()
        conn = connect(p, timeout=timeout, readonly=readonly)
        return cls(conn, p, m)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing

    def add(self, extractions: Iterable[Extraction], *, check: bool = False) -> AddReport:
        """Record a batch of articles and their facts, all in one transaction.

        An article whose text is already stored (same :func:`content_hash`, also earlier in
        the same batch) writes nothing and is reported as ``duplicate``. Any exception,
        Ctrl-C included, rolls the whole batch back: the store is as it was before.

        Args:
            check: Also compare each article with the store as it stood before that article
                (``AddedArticle.checked``): the ``check --add`` command.
        """
        return self._add(((x, content_hash(x.article.text)) for x in extractions), check)

    def add_fact_dicts(
        self, docs: Iterable[dict[str, Any]], *, check: bool = False, where: str = "document"
    ) -> AddReport:
        """Like :meth:`add`, for ``breachfacts/1`` JSON objects (``extract --format jsonl``).

        Without a ``text`` key the identity of a document is the hash of its source,
        published date, title and facts. One transaction per call.

        Raises:
            FactsFormatError: ``<where>:<n>: <problem>`` (n counts documents from 1); the
                batch is rolled back.
        """

        def pairs() -> Iterator[tuple[Extraction, str]]:
            for n, doc in enumerate(docs, 1):
                yield extraction_from_dict(doc, f"{where}:{n}"), _dict_hash(doc)

        return self._add(pairs(), check)

    def _add(self, items: Iterable[tuple[Extraction, str]], check: bool) -> AddReport:
        out: list[AddedArticle] = []
        with translate_errors(self.path), transaction(self.conn):
            for extraction, digest in items:
                out.append(self._add_one(extraction, digest, check))
        return AddReport(out)

    def _add_one(self, x: Extraction, digest: str, check: bool) -> AddedArticle:
        row = self.conn.execute(
            "SELECT id FROM articles WHERE content_hash = ?", (digest,)
        ).fetchone()
        if row is not None:
            return AddedArticle(x.article.id, "duplicate", int(row[0]), 0)
        subjects = self._subjects(x.facts)
        checked = self._check(x, subjects=subjects) if check else []
        article_id = _insert_article(self.conn, x.article, digest)
        published = x.article.published.isoformat() if x.article.published else None
        rows = [
            _fact_row(article_id, f, subjects[f.id], measure_of(f, self.measures), published)
            for f in x.facts
        ]
        _insert_facts(self.conn, rows)
        names = {n for n in subjects.values() if n}
        self.conn.executemany(
            "INSERT OR IGNORE INTO subject_names (key, name) VALUES (?, ?)",
            [(k, n) for n in sorted(names) for k in sorted(subject_keys(n))],
        )
        return AddedArticle(x.article.id, "added", article_id, len(rows), checked)

    def _subjects(self, facts: Sequence[Fact]) -> dict[str, str | None]:
        """:func:`resolve_subjects`, each name filed under the name the store knows it by.

        Inside the article, names of one organisation ("IHG", "InterContinental Hotels
        Group") are grouped (:func:`~breachfacts.store.subjects.group_names`); each group is
        then linked to the stored name it matches (same name ignoring case, or initials),
        else kept as it is.
        """
        subjects = resolve_subjects(facts)
        grouped = group_names([n for n in subjects.values() if n])
        linked: dict[str, str] = {}
        for rep in dict.fromkeys(grouped.values()):
            linked[rep] = self._link_name(rep) or rep
        out = {fid: linked[grouped[n]] if n else None for fid, n in subjects.items()}
        return self._named_victims(facts, out)

    def _named_victims(
        self, facts: Sequence[Fact], subjects: dict[str, str | None]
    ) -> dict[str, str | None]:
        """A fact whose subject is not named in its sentence (the article's main victim) is
        filed under an organisation the sentence does name, if the store knows it as the
        subject of figures, money or dates: "up to 148 million Equifax customers" in an
        article about Jenkins, where the recogniser missed "Equifax". Organisations this
        article names in another role (the FBI it notified, an outlet) are not taken.
        """
        orgs = [f for f in facts if f.kind == "organisation" and (f.canonical or f.text)]
        others = {
            name_key(n)
            for f in orgs
            if (f.role or "victim") != "victim"
            for n in (_org_name(f), f.text)
        }
        by_sentence: dict[int, set[str]] = {}
        for o in orgs:
            by_sentence.setdefault(o.sentence.start, set()).add(_org_name(o))
        found: dict[int, str | None] = {}
        out = dict(subjects)
        for f in facts:
            subject = subjects.get(f.id)
            if f.kind == "organisation" or subject is None:
                continue
            sent = f.sentence
            named = subject in by_sentence.get(sent.start, ())
            if named or name_key(subject) in name_key(sent.text):
                continue
            if sent.start not in found:
                found[sent.start] = self._stored_victim_in(sent.text, others)
            if found[sent.start]:
                out[f.id] = found[sent.start]
        return out

    def _link_name(self, name: str) -> str | None:
        """The stored subject ``name`` refers to: a stored name that is the same subject
        (:func:`pick_subject`), else the one organisation an earlier article wrote as
        ``name`` ("Atlanta" stored under "Atlanta Information Management"), else None."""
        hit = pick_subject(name, self._known_names(name))
        if hit is not None:
            return hit
        rows = self.conn.execute(
            "SELECT DISTINCT subject FROM facts WHERE kind = 'organisation'"
            " AND text = ? COLLATE NOCASE AND subject IS NOT NULL LIMIT 2",
            (name,),
        ).fetchall()
        return rows[0][0] if len(rows) == 1 else None

    def _known_names(self, name: str) -> list[str]:
        """Stored subject names that may be ``name`` (:func:`pick_subject` decides), by exact
        keys only: equal ignoring case, and stored acronyms of its initials; for an acronym,
        stored acronyms with its letters, else a few full names with those initials (two
        different ones make it ambiguous)."""
        letters = acronym_letters(name)
        keys = [name_key(name)]
        keys += ["=" + letters] if letters else sorted("=" + i for i in initials(name))
        rows = self.conn.execute(
            "SELECT DISTINCT name FROM subject_names WHERE key IN"
            f" ({', '.join('?' for _ in keys)}) LIMIT 8",
            keys,
        ).fetchall()
        if letters and not rows:
            rows = self.conn.execute(
                "SELECT DISTINCT name FROM subject_names WHERE key = ? LIMIT 4", (letters,)
            ).fetchall()
        return [r[0] for r in rows]

    def _stored_victim_in(self, text: str, exclude: set[str]) -> str | None:
        """The first name in ``text`` that the store knows as a subject of non-organisation
        facts (capitalised words; :func:`~breachfacts.store.subjects.capitalised_names`)."""
        grams = [(i, g) for i, g in capitalised_names(text) if name_key(g) not in exclude]
        for _, g in sorted(grams, key=lambda x: (x[0], -len(x[1]))):
            hit = self._link_name(g)
            if hit is None or name_key(hit) in exclude:
                continue
            known = self.conn.execute(
                "SELECT 1 FROM facts WHERE subject = ? AND kind != 'organisation' LIMIT 1",
                (hit,),
            ).fetchone()
            if known:
                return hit
        return None

    # ------------------------------------------------------------------ reading

    def check(self, extraction: Extraction) -> list[Checked]:
        """Each fact of one article with its status against the store (writes nothing).

        If the same article (same text) is already stored, its own facts are left out of
        the comparison, so checking a stored article tells what the *other* articles say.
        """
        with translate_errors(self.path):
            return self._check(extraction)

    def check_fact_dict(self, doc: dict[str, Any], where: str = "document") -> list[Checked]:
        """:meth:`check` for a ``breachfacts/1`` JSON object."""
        x = extraction_from_dict(doc, where)
        with translate_errors(self.path):
            return self._check(x, _dict_hash(doc))

    def _check(
        self,
        x: Extraction,
        digest: str | None = None,
        subjects: dict[str, str | None] | None = None,
    ) -> list[Checked]:
        digest = digest or content_hash(x.article.text)
        own = self.conn.execute(
            "SELECT id FROM articles WHERE content_hash = ?", (digest,)
        ).fetchone()
        exclude = int(own[0]) if own else -1
        if subjects is None:
            subjects = self._subjects(x.facts)
        cache: dict[tuple[str, str], list[StoredFact]] = {}

        def stored(subject: str, measure: str) -> list[StoredFact]:
            key = (subject.casefold(), measure)
            if key not in cache:
                cache[key] = self._stored(subject, measure, exclude)
            return cache[key]

        own_pairs = _conversions(x.facts)
        rates_cache: dict[str, Rates] = {}

        def rates(subject: str) -> Rates:
            key = subject.casefold()
            if key not in rates_cache:
                pairs = own_pairs + self._stored_conversions(subject, x.article.published, exclude)
                rates_cache[key] = implied_rates(pairs)
            return rates_cache[key]

        out: list[Checked] = []
        published = x.article.published
        for f in x.facts:
            subject = subjects[f.id]
            measure = measure_of(f, self.measures)
            if subject is None:
                out.append(Checked(f, "new", [], None, measure))
                continue
            if f.kind == "date" and measure == "date":
                c = status(
                    f, published, self._same_dates(subject, f.date, exclude), equality_only=True
                )
            elif f.kind == "date" and not stored(subject, measure):
                # an attack/discovery/disclosure date nobody reported yet may still repeat a
                # date stored under another role: compare by equality with all of them
                c = status(
                    f, published, self._same_dates(subject, f.date, exclude), equality_only=True
                )
            else:
                known = stored(subject, measure)
                currency = f.currency or f.unit
                other = f.kind == "money" and any((s.currency or s.unit) != currency for s in known)
                c = status(
                    f,
                    published,
                    known,
                    measures=self.measures,
                    rates=rates(subject) if other else None,
                )
            out.append(Checked(c.fact, c.status, c.against, subject, measure))
        return out

    def _stored_conversions(
        self, subject: str, published: date | None, exclude: int
    ) -> list[tuple[StoredFact, StoredFact]]:
        """Stored (amount, restatement in another currency) pairs of ``subject`` from
        articles published within :data:`RATE_WINDOW_DAYS` of ``published`` (none if the
        new article is undated)."""
        if published is None:
            return []
        lo = date.fromordinal(published.toordinal() - RATE_WINDOW_DAYS).isoformat()
        hi = date.fromordinal(published.toordinal() + RATE_WINDOW_DAYS).isoformat()
        rows = self.conn.execute(
            _CONVERSIONS_SELECT, (subject, lo, hi, exclude, STORED_PER_KEY)
        ).fetchall()
        n = len(rows[0]) // 2 if rows else 0
        return [(_stored(r[:n]), _stored(r[n:])) for r in rows]

    def _stored(self, subject: str, measure: str, exclude: int) -> list[StoredFact]:
        rows = self.conn.execute(
            _STORED_SELECT + " WHERE f.subject = ? AND f.measure = ? AND f.article_id != ?"
            " ORDER BY f.published DESC LIMIT ?",
            (subject, measure, exclude, STORED_PER_KEY),
        ).fetchall()
        return [_stored(r) for r in rows]

    def _same_dates(self, subject: str, iso: str | None, exclude: int) -> list[StoredFact]:
        """Stored dates of ``subject`` equal to ``iso``, under any role."""
        if not iso:
            return []
        rows = self.conn.execute(
            _STORED_SELECT + " WHERE f.kind = 'date' AND f.subject = ? AND f.date = ?"
            " AND f.article_id != ? ORDER BY f.published DESC LIMIT ?",
            (subject, iso, exclude, STORED_PER_KEY),
        ).fetchall()
        return [_stored(r) for r in rows]

    def resolve(self, name: str) -> list[str]:
        """Canonical names a query may mean (case-insensitive; canonical or surface form)."""
        q = " ".join(name.split())
        with translate_errors(self.path):
            rows = self.conn.execute(
                "SELECT DISTINCT canonical FROM facts WHERE canonical = ? LIMIT 1", (q,)
            ).fetchall()
            if not rows:
                rows = self.conn.execute(
                    "SELECT subject FROM facts WHERE subject = ? LIMIT 1", (q,)
                ).fetchall()
            if not rows:
                rows = self.conn.execute(
                    "SELECT canonical, count(*) AS n FROM facts"
                    " WHERE kind = 'organisation' AND text = ? COLLATE NOCASE"
                    " AND canonical IS NOT NULL GROUP BY canonical ORDER BY n DESC",
                    (q,),
                ).fetchall()
            if not rows:  # initials of a stored name, or a stored acronym
                hit = pick_subject(q, self._known_names(q))
                rows = [(hit,)] if hit else []
        return [r[0] for r in rows]

    def history(self, org: str) -> History:
        """The timeline of one organisation (canonical name or any name an article used).

        Returns a :class:`History` whose ``found`` is False when the store knows nothing.
        """
        names = self.resolve(org)
        if not names:
            return History(org, [], 0, {})
        canonical = names[0]
        with translate_errors(self.path):
            rows = self.conn.execute(
                _STORED_SELECT + " WHERE f.subject = ? AND f.measure != 'organisation'"
                " ORDER BY f.measure, f.published, f.article_id, f.start",
                (canonical,),
            ).fetchall()
            aliases = [
                r[0]
                for r in self.conn.execute(
                    "SELECT DISTINCT text FROM facts WHERE kind = 'organisation'"
                    " AND canonical = ? ORDER BY text",
                    (canonical,),
                )
            ]
            n_articles = self.conn.execute(
                "SELECT count(DISTINCT article_id) FROM facts WHERE subject = ?", (canonical,)
            ).fetchone()[0]
            stored_name = self.conn.execute(
                "SELECT canonical FROM facts WHERE canonical = ? LIMIT 1", (canonical,)
            ).fetchone()
        timeline: dict[str, list[Report]] = {}
        for r in rows:
            s = _stored(r)
            timeline.setdefault(s.measure, []).append(Report.from_stored(s))
        for reports in timeline.values():
            reports.sort(key=lambda r: r.published is None)  # stable: undated last
        order = {m: i for i, m in enumerate(_MEASURE_ORDER)}
        ordered = dict(
            sorted(timeline.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
        )
        name = stored_name[0] if stored_name else canonical
        return History(name, aliases, int(n_articles), ordered)

    def info(self) -> dict[str, Any]:
        """Path, counts and schema version, for ``store info``."""
        with translate_errors(self.path):
            articles = self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            facts = self.conn.execute("SELECT count(*) FROM facts").fetchone()[0]
            version = user_version(self.conn)
        try:
            size = self.path.stat().st_size
        except OSError:
            size = None
        return {
            "path": str(self.path),
            "articles": int(articles),
            "facts": int(facts),
            "schema_version": version,
            "migrations": [m.name for m in MIGRATIONS[:version]],
            "size_bytes": size,
        }
