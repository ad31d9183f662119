"""The ``breachfacts_entities`` component: entity rules, then entity repair, with their data.

:class:`EntityRules` runs a spaCy ``SpanRuler`` over the token patterns (``patterns/*.jsonl``
plus a user's), which adds its spans to ``doc.ents`` where the model found nothing and
replaces the model's entities its spans contain (:func:`.filters.superset_ents_filter`),
then :class:`.entities.EntityRepair` with the data tables. It holds the patterns and tables
(:class:`.data.PatternData`) and writes them with the pipeline: ``nlp.to_disk(path)`` saves
them into the component's folder and ``spacy.load(path)`` reads them from there, never from
the directories they first came from.

The class knows nothing about registration: the factory is in :mod:`.components`.

DOCS: docs/spacy.md
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from . import data as pattern_data
from .data import PatternData, read_pattern_dirs
from .entities import EntityRepair
from .filters import superset_ents_filter
from .scope import ScopedSpanRuler


class EntityRules:
    """Entity rules and entity repair over the patterns and tables of ``patterns``.

    The directories are read when the data is first needed (the first document, or
    :attr:`data`, :attr:`tables`, :meth:`initialize`), unless :meth:`use`,
    :meth:`from_disk` or :meth:`from_bytes` gave the data before: a saved pipeline loads
    even where the directories are gone.

    DOCS: docs/spacy.md
    """

    def __init__(self, nlp: Language, name: str, patterns: Sequence[str] = ()) -> None:
        """Args:
        nlp: The pipeline (its vocabulary and tokenizer).
        name: The component's name in the pipeline.
        patterns: A user's pattern directories, read after the built-in ``patterns/``.
        """
        self.nlp = nlp
        self.name = name
        self.patterns = tuple(patterns)
        self.repair = EntityRepair(nlp, name)
        self._data: PatternData | None = None
        self._ruler: ScopedSpanRuler | None = None

    @property
    def data(self) -> PatternData:
        """The patterns and tables the component runs with (read on first use)."""
        if self._data is None:
            self.use(read_pattern_dirs(self.patterns))
        assert self._data is not None
        return self._data

    @property
    def tables(self) -> dict[str, Any]:
        """The data tables (aliases, units, cues, roles, ...) by name."""
        return self.data.tables

    def use(self, data: PatternData) -> None:
        """Run with ``data`` from now on (the span ruler is built anew)."""
        ruler = ScopedSpanRuler(  # spaCy's SpanRuler, its matcher run where a match can be
            self.nlp,
            self.name,
            spans_key=None,
            annotate_ents=True,
            ents_filter=superset_ents_filter,
            overwrite=False,
            validate=True,
        )
        with warnings.catch_warnings():  # a user REGEX's "possible nested set" (checked at load)
            warnings.simplefilter("ignore", FutureWarning)
            ruler.add_patterns([{**p, "pattern": self._tokens(p["pattern"])} for p in data.rules])
        self.repair.configure(data.tables)
        self._data, self._ruler = data, ruler

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None) -> None:
        """Read the pattern directories now (spaCy's ``initialize``): a bad pattern file
        raises :class:`~breachfacts.errors.PatternError` here rather than on the first
        document."""
        self._data = None
        _ = self.data

    def __call__(self, doc: Doc) -> Doc:
        """Add the rules' entities, then repair the entities.

        RETURNS (Doc): The same document, ``doc.ents`` set.
        """
        if self._ruler is None:
            _ = self.data
        assert self._ruler is not None
        return self.repair(self._ruler(doc))

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the patterns and tables into the folder ``path``."""
        pattern_data.write_dir(self.data, Path(path))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> EntityRules:
        """Load the patterns and tables :meth:`to_disk` saved in ``path``.

        RETURNS (EntityRules): The component.
        """
        self.use(pattern_data.read_dir(Path(path)))
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """The patterns and tables as bytes."""
        return pattern_data.to_bytes(self.data)

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = ()) -> EntityRules:
        """Load the patterns and tables :meth:`to_bytes` gave.

        RETURNS (EntityRules): The component.
        """
        self.use(pattern_data.from_bytes(bytes_data))
        return self

    def _tokens(self, pattern: str | list) -> list:
        """A phrase pattern as the token pattern the phrase matcher would run (ORTH of each
        token), so that spaCy does not warn about phrase patterns on a full pipeline."""
        if isinstance(pattern, str):
            return [{"ORTH": t.text} for t in self.nlp.make_doc(pattern)]
        return pattern
