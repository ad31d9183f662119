"""The fact store: record what articles said, and check new articles against it.

Example:
    >>> from breachfacts.store import Store
    >>> with Store.open(":memory:") as store:          # doctest: +SKIP
    ...     report = store.add([extraction])
    ...     checked = store.check(other_extraction)
    ...     timeline = store.history("Mitsubishi Electric")

The public API, re-exported from its modules: :class:`Store` (:mod:`.store`), what it
returns (:mod:`.reports`, :mod:`.compare`), the measure table (:mod:`.measures`), schema
migrations (:mod:`.db`) and errors (one line each).
"""

from __future__ import annotations

from breachfacts.errors import FactsFormatError
from breachfacts.store.compare import (
    AGAINST_LIMIT,
    STATUSES,
    Checked,
    StoredFact,
    all_new,
    parse_statuses,
)
from breachfacts.store.db import (
    MIGRATIONS,
    Migration,
    StoreCorrupt,
    StoreError,
    StoreLocked,
    StoreReadOnly,
    StoreTooNew,
    default_db_path,
    lock_timeout,
)
from breachfacts.store.documents import (
    content_hash,
    extraction_from_dict,
    read_fact_documents,
    read_fact_records,
)
from breachfacts.store.measures import Measures, MeasuresError, load_measures
from breachfacts.store.reports import AddedArticle, AddReport, History, Report
from breachfacts.store.store import Store

__all__ = [
    "AGAINST_LIMIT",
    "STATUSES",
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
    "all_new",
    "content_hash",
    "default_db_path",
    "lock_timeout",
    "parse_statuses",
    "extraction_from_dict",
    "load_measures",
    "read_fact_documents",
    "read_fact_records",
]
