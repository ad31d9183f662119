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

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from breachfacts.facts import Extraction, Fact
from breachfacts.normalise.names import pick_subject, subject_keys
from breachfacts.store import legacy
from breachfacts.store import rows as rows_mod
from breachfacts.store.compare import (
    Checked,
    StoredFact,
    against_asserted,
    as_history,
    as_restated,
    beside_a_total,
    historical,
    restated,
    same_event,
    status,
)
from breachfacts.store.db import (
    MIGRATIONS,
    StoreError,
    connect,
    default_db_path,
    transaction,
    translate_errors,
    user_version,
)
from breachfacts.store.documents import (
    content_hash,
    document_hash,
    extraction_from_dict,
    raw_hash,
)
from breachfacts.store.intervals import Rates, implied_rates, numbers_agree
from breachfacts.store.linking import file_subjects, known_names
from breachfacts.store.measures import Measures, load_measures, measure_of
from breachfacts.store.reports import AddedArticle, AddReport, History, timeline
from breachfacts.store.rows import (
    CONVERSIONS_SELECT,
    STORED_SELECT,
    fact_row,
    insert_article,
    row_problem,
    stored_fact,
)

__all__ = [
    "BATCH_ARTICLES",
    "BATCH_CHARS",
    "RATE_WINDOW_DAYS",
    "STORED_PER_KEY",
    "Store",
    "StoreError",
]

BATCH_ARTICLES = 64
"""Articles per transaction when ``add`` streams its inputs (:meth:`Store.add_batches`)."""
BATCH_CHARS = 4_000_000
"""... or fewer, once their texts hold this many characters: memory stays bounded."""
STORED_PER_KEY = 50
"""Only the most recently published this-many stored facts per subject and measure are
compared (undated ones count as oldest). Older reports cannot change a verdict: whatever
they say, the current value is the most recent one. This keeps ``check`` fast on subjects
with thousands of reports."""
RATE_WINDOW_DAYS = 31
"""A currency conversion an article states ("6 bitcoins ($51,000)") converts amounts of the
same subject only in articles published within this many days of it: rates move."""


def conversions(facts: Sequence[Fact]) -> list[tuple[Fact, Fact]]:
    """(amount, its restatement in another currency) pairs of one article."""
    by_id = {f.id: f for f in facts}
    return [
        (by_id[f.equivalent_of], f) for f in facts if f.kind == "money" and f.equivalent_of in by_id
    ]


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
        self.skipped: list[str] = []
        """One line per stored fact left out of a comparison or a timeline because a field
        has the wrong type (written by an older breachfacts that trusted ``add --facts``
        input): the CLI prints them, and exits 1."""

    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        measures: Measures | None = None,
        timeout: float | None = None,
        readonly: bool = False,
    ) -> Store:
        """Open the store at ``path`` (default: :func:`default_db_path`), creating it.

        Args:
            measures: The unit -> measure table; default ``load_measures()``.
            timeout: Seconds a write waits for another writer before :class:`StoreLocked`
                (default :func:`~breachfacts.store.db.lock_timeout`: ``$BREACHFACTS_LOCK_TIMEOUT``,
                else :data:`~breachfacts.store.db.BUSY_TIMEOUT`).
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

    def add(
        self,
        extractions: Iterable[Extraction],
        *,
        check: bool = False,
        then: Callable[[sqlite3.Connection, AddReport], None] | None = None,
    ) -> AddReport:
        """Record a batch of articles and their facts, all in one transaction.

        The whole of ``extractions`` is read first, and only then is the write lock taken:
        a generator that extracts (spaCy, for minutes) never keeps another writer waiting.
        A writer busy elsewhere is waited for, up to the store's lock timeout. For a stream
        too long to hold in memory, use :meth:`add_batches`.

        An article whose text is already stored (same :func:`content_hash`, also earlier in
        the same batch) writes nothing and is reported as ``duplicate``. Any exception,
        Ctrl-C included, rolls the whole batch back: the store is as it was before.

        Args:
            check: Also compare each article with the store as it stood before that article
                (``AddedArticle.checked``): the ``check --add`` command.
            then: Called in the same transaction once the articles are written, with the
                connection and the report: what it writes (the feed items the articles
                came from, say) is committed or rolled back with them.
        """
        items = [(x, content_hash(x.article.text)) for x in extractions]
        return self._add(items, check, then)

    def add_batches(
        self,
        extractions: Iterable[Extraction],
        *,
        check: bool = False,
        articles: int = BATCH_ARTICLES,
        chars: int = BATCH_CHARS,
    ) -> Iterator[AddReport]:
        """:meth:`add` a stream in batches, one transaction each: memory and the write lock
        are held for one batch at a time (``articles`` articles, or fewer once their texts
        reach ``chars`` characters). Yields each batch's report once it is committed.

        A batch is the unit of atomicity: if a write fails or the run is interrupted, the
        batches reported so far are stored, the failing one not at all (adding the same
        inputs again skips what is stored: same content).
        """
        it = iter(extractions)
        while True:
            batch: list[Extraction] = []
            size = 0
            for x in it:
                batch.append(x)
                size += len(x.article.text)
                if len(batch) >= articles or size >= chars:
                    break
            if not batch:
                return
            yield self.add(batch, check=check)

    def add_fact_dicts(
        self, docs: Iterable[dict[str, Any]], *, check: bool = False, where: str = "document"
    ) -> AddReport:
        """Like :meth:`add`, for ``breachfacts/1`` JSON objects (``extract --format jsonl``).

        Every object is checked (:func:`extraction_from_dict`: schema and bounds) before
        anything is written; then all are written in one transaction. Without a ``text``
        key the identity of a document is the hash of its source, published date, title
        and facts.

        Raises:
            FactsFormatError: ``<where>:<n>: <problem>`` (n counts documents from 1);
                nothing is written.
        """
        return self.add_fact_records(
            ((f"{where}:{n}", doc) for n, doc in enumerate(docs, 1)), check=check
        )

    def add_fact_records(
        self, records: Iterable[tuple[str, Any]], *, check: bool = False
    ) -> AddReport:
        """:meth:`add_fact_dicts` for ``(where, object)`` pairs, as
        :func:`~breachfacts.store.documents.read_fact_records` gives them (``where`` is
        ``<file>:<line>``): a bad object is named by its own line."""
        items = [(extraction_from_dict(doc, where), document_hash(doc)) for where, doc in records]
        return self._add(items, check)

    def _add(
        self,
        items: Sequence[tuple[Extraction, str]],
        check: bool,
        then: Callable[[sqlite3.Connection, AddReport], None] | None = None,
    ) -> AddReport:
        out: list[AddedArticle] = []
        with translate_errors(self.path), transaction(self.conn):
            for extraction, digest in items:
                out.append(self._add_one(extraction, digest, check))
            if then is not None:
                then(self.conn, AddReport(out))
        return AddReport(out)

    def _add_one(self, x: Extraction, digest: str, check: bool) -> AddedArticle:
        row = self._stored_article(x, digest)
        if row is not None:
            return AddedArticle(x.article.id, "duplicate", int(row[0]), 0)
        subjects = self._subjects(x.facts)
        checked = self._check(x, subjects=subjects) if check else []
        article_id = insert_article(self.conn, x.article, digest)
        published = x.article.published.isoformat() if x.article.published else None
        measure = self._measure_of(x.facts)
        rows = [
            fact_row(article_id, f, subjects[f.id], measure(f, self.measures), published)
            for f in x.facts
        ]
        rows_mod.insert_facts(self.conn, rows)
        names = {n for n in subjects.values() if n}
        self.conn.executemany(
            "INSERT OR IGNORE INTO subject_names (key, name) VALUES (?, ?)",
            [(k, n) for n in sorted(names) for k in sorted(subject_keys(n))],
        )
        return AddedArticle(x.article.id, "added", article_id, len(rows), checked)

    def _stored_article(self, x: Extraction, digest: str) -> tuple[int] | None:
        """The ``articles`` row of ``x`` if stored: by its hash, or, for an article stored
        by a breachfacts that hashed the text as it was, by :func:`raw_hash` of its text."""
        hashes = (digest, raw_hash(x.article.text)) if x.article.text else (digest, digest)
        return self.conn.execute(
            "SELECT id FROM articles WHERE content_hash IN (?, ?) LIMIT 1", hashes
        ).fetchone()

    @staticmethod
    def _measure_of(facts: Sequence[Fact]) -> Callable[[Fact, Measures], str]:
        """:func:`~breachfacts.store.measures.measure_of`, or for facts written before the
        extractor named what figures count, :func:`~breachfacts.store.legacy.measure_of`."""
        return legacy.measure_of if legacy.predates_subjects(facts) else measure_of

    def _subjects(self, facts: Sequence[Fact]) -> dict[str, str | None]:
        """Fact id -> its subject, linked to the store's names (:func:`file_subjects`)."""
        return file_subjects(self.conn, facts)

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
            return self._check(x, document_hash(doc))

    def _check(
        self,
        x: Extraction,
        digest: str | None = None,
        subjects: dict[str, str | None] | None = None,
    ) -> list[Checked]:
        own = self._stored_article(x, digest or content_hash(x.article.text))
        exclude = int(own[0]) if own else -1
        if subjects is None:
            subjects = self._subjects(x.facts)
        cache: dict[tuple[str, str], list[StoredFact]] = {}

        def stored(subject: str, measure: str) -> list[StoredFact]:
            key = (subject.casefold(), measure)
            if key not in cache:
                cache[key] = self._stored(subject, measure, exclude)
            return cache[key]

        own_pairs = conversions(x.facts)
        rates_cache: dict[str, Rates] = {}

        def rates(subject: str) -> Rates:
            key = subject.casefold()
            if key not in rates_cache:
                pairs = own_pairs + self._stored_conversions(subject, x.article.published, exclude)
                rates_cache[key] = implied_rates(pairs)
            return rates_cache[key]

        out: list[Checked] = []
        published = x.article.published
        history = historical(x.facts, published)  # sentences that tell history
        measure_fn = self._measure_of(x.facts)
        for f in x.facts:
            subject = subjects[f.id]
            measure = measure_fn(f, self.measures)
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
                known = [s for s in stored(subject, measure) if same_event(s.fact, f)]
                currency = f.currency or f.unit
                other = f.kind == "money" and any(
                    (s.fact.currency or s.fact.unit) != currency for s in known
                )
                c = status(
                    f,
                    published,
                    known,
                    measures=self.measures,
                    rates=rates(subject) if other else None,
                )
                if c.status == "new" and f.kind in ("figure", "money"):
                    c = restated(f, self._same_values(subject, f, exclude)) or c
                elif f.kind in ("figure", "money") and f.sentence.start in history:
                    c = as_history(c, known, self.measures)
                if (
                    c.status in ("updated", "conflicting")
                    and f.kind in ("figure", "money")
                    and against_asserted(c)
                ):
                    # a number that moved in its own slot but restates one of another slot
                    # ("209,000 consumers" after "209,000 U.S. customers") repeats that one;
                    # a conflict with a denial stays one
                    elsewhere = self._same_values(subject, f, exclude, other_than=measure)
                    c = restated(f, elsewhere) or c
            out.append(Checked(c.fact, c.status, c.against, subject, measure))
        return as_restated(beside_a_total(out, self.measures.scale))

    def _stored_conversions(
        self, subject: str, published: date | None, exclude: int
    ) -> list[tuple[Fact, Fact]]:
        """Stored (amount, restatement in another currency) pairs of ``subject`` from
        articles published within :data:`RATE_WINDOW_DAYS` of ``published`` (none if the
        new article is undated)."""
        if published is None:
            return []
        lo = date.fromordinal(published.toordinal() - RATE_WINDOW_DAYS).isoformat()
        hi = date.fromordinal(published.toordinal() + RATE_WINDOW_DAYS).isoformat()
        rows = self.conn.execute(
            CONVERSIONS_SELECT, (subject, lo, hi, exclude, STORED_PER_KEY)
        ).fetchall()
        n = len(rows[0]) // 2 if rows else 0
        return [
            (stored_fact(r[:n]).fact, stored_fact(r[n:]).fact)
            for r in rows
            if self._readable(r[:n]) and self._readable(r[n:])
        ]

    def _readable(self, row: Sequence[Any]) -> bool:
        """False (and a line in :attr:`skipped`) for a stored row with a bad field."""
        problem = row_problem(row)
        if problem is None:
            return True
        line = f"{self.path}: stored fact {row[5]} of {row[1]} left out: {problem}"
        if line not in self.skipped:
            self.skipped.append(line)
        return False

    def _stored_facts(self, rows: Iterable[Sequence[Any]]) -> list[StoredFact]:
        return [stored_fact(r) for r in rows if self._readable(r)]

    def _stored(self, subject: str, measure: str, exclude: int) -> list[StoredFact]:
        rows = self.conn.execute(
            STORED_SELECT + " WHERE f.subject = ? AND f.measure = ? AND f.article_id != ?"
            " ORDER BY f.published DESC LIMIT ?",
            (subject, measure, exclude, STORED_PER_KEY),
        ).fetchall()
        return self._stored_facts(rows)

    def _same_values(
        self, subject: str, fact: Fact, exclude: int, other_than: str | None = None
    ) -> list[StoredFact]:
        """Stored figures or amounts of ``subject`` whose stated number agrees with
        ``fact``'s (:func:`~breachfacts.store.intervals.numbers_agree`), under any measure,
        or any but ``other_than`` (what :func:`~breachfacts.store.compare.restated` reads)."""
        if fact.value is None:
            return []
        v = abs(float(fact.value))
        # the values first, from the index alone; whole rows only for the values whose
        # stated number agrees (a big subject has thousands of facts within a tenth)
        values = self.conn.execute(
            "SELECT DISTINCT value FROM facts WHERE subject = ? AND kind = ?"
            " AND value BETWEEN ? AND ?",
            (subject, fact.kind, v * 0.9, v * 1.1),
        ).fetchall()
        agreeing = [w for (w,) in values if isinstance(w, (int, float)) and numbers_agree(v, w)]
        if not agreeing:
            return []
        rows = self.conn.execute(
            STORED_SELECT + " WHERE f.subject = ? AND f.kind = ?"
            " AND f.value IN (SELECT value FROM json_each(?)) AND f.article_id != ?"
            " AND f.measure IS NOT ? ORDER BY f.published DESC LIMIT ?",
            (subject, fact.kind, json.dumps(agreeing), exclude, other_than, STORED_PER_KEY),
        ).fetchall()
        return self._stored_facts(rows)

    def _same_dates(self, subject: str, iso: str | None, exclude: int) -> list[StoredFact]:
        """Stored dates of ``subject`` equal to ``iso``, under any role."""
        if not iso:
            return []
        rows = self.conn.execute(
            STORED_SELECT + " WHERE f.kind = 'date' AND f.subject = ? AND f.date = ?"
            " AND f.article_id != ? ORDER BY f.published DESC LIMIT ?",
            (subject, iso, exclude, STORED_PER_KEY),
        ).fetchall()
        return self._stored_facts(rows)

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
                hit = pick_subject(q, known_names(self.conn, q))
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
                STORED_SELECT + " WHERE f.subject = ? AND f.measure != 'organisation'"
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
        name = stored_name[0] if stored_name else canonical
        reports = timeline(self._stored_facts(rows))
        return History(name, aliases, int(n_articles), reports)

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
