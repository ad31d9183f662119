"""The model's attribute ruler, compiled: the same annotations in a fraction of the time.

spaCy's ``attribute_ruler`` (tag -> part of speech and morphology, plus word exceptions)
runs a Matcher of 179 patterns over every token, a ninth of en_core_web_sm's run time on
news text. Almost all of its patterns are one token long and test only the tag, the lower
case form, the dependency label or whether the token is a space, so their answer depends on
those few values alone. :class:`CompiledAttributeRuler` evaluates such patterns once per
distinct combination of values (cached, read from arrays rather than Token objects),
leaves every other pattern to a Matcher run only where they can match (:mod:`.scope`), and
applies the attributes exactly as the original does: matches are found on the unmodified
document, then applied in pattern order, later patterns overriding earlier ones (part of
speech, morphology and lemma written as array columns, anything else token by token).

``tests/test_attrs.py`` checks the annotations are identical to the original's;
``bench/bench_throughput.py`` measures it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

from .scope import PatternScope, scoped_matches

#: Token attributes a compiled one-token pattern may test, and how to read them.
_GETTERS: dict[str, Callable[[Token], Any]] = {
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space,
}
_KEY_ATTRS = tuple(_GETTERS)
_TAG = _KEY_ATTRS.index("TAG")
#: The same values as array columns (``Doc.to_array``), in the order of ``_KEY_ATTRS``.
_KEY_COLUMNS = [TAG, LOWER, DEP, IS_SPACE]
#: Attributes written for all tokens at once as array columns; a token whose patterns set
#: any other is given its attributes one pattern at a time, as the original does.
_ARRAY_ATTRS = (POS, MORPH, LEMMA)


def _check(spec: Any) -> Callable[[Any], bool] | None:
    """A test for one attribute's value, or None when the spec is not supported."""
    if isinstance(spec, (str, bool)):
        return lambda v, s=spec: v == s
    if isinstance(spec, dict) and len(spec) == 1:
        ((op, arg),) = spec.items()
        if op == "IN" and isinstance(arg, list):
            return lambda v, s=frozenset(arg): v in s
        if op == "NOT_IN" and isinstance(arg, list):
            return lambda v, s=frozenset(arg): v not in s
        if op == "REGEX" and isinstance(arg, str):
            return lambda v, rx=re.compile(arg): bool(rx.search(v))
    return None


def _compile(token_spec: dict[str, Any]) -> list[tuple[int, Callable[[Any], bool]]] | None:
    """(index into the key, test) per attribute of a one-token pattern, or None."""
    checks = []
    for attr, spec in token_spec.items():
        if attr not in _GETTERS:
            return None
        test = _check(spec)
        if test is None:
            return None
        checks.append((_KEY_ATTRS.index(attr), test))
    return checks


class CompiledAttributeRuler:
    """Stand-in for a spaCy ``AttributeRuler``: same annotations, compiled one-token rules."""

    def __init__(self, ruler: Any, max_cache: int = 100_000) -> None:
        self.ruler = ruler
        self.max_cache = max_cache
        self._compile()

    def _compile(self) -> None:
        """Compile the source ruler's patterns as they are now."""
        ruler = self.ruler
        self.stale = False
        self.single: list[tuple[int, list[tuple[int, Callable[[Any], bool]]]]] = []
        self.matcher = Matcher(ruler.vocab, validate=False)
        self.indices: dict[int, int] = {}
        multi: list[list[dict[str, Any]]] = []
        for attr_id, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                checks = _compile(pattern[0]) if len(pattern) == 1 else None
                if checks is not None and entry.get("index", 0) in (0, -1):
                    self.single.append((attr_id, checks))
                else:
                    self.matcher.add(str(attr_id), [pattern])
                    multi.append(pattern)
            self.indices[attr_id] = entry.get("index", 0)
        self.has_multi = bool(multi)
        self.scope = PatternScope(multi)  # where they can match
        self.attrs = ruler.attrs  # normalised attributes, by pattern number
        self.cache: dict[tuple[Any, ...], tuple[int, ...]] = {}
        self.hits_by_ids: dict[tuple[int, ...], tuple[int, ...]] = {}
        self.columns: dict[tuple[int, ...], tuple[tuple[int, int], ...] | None] = {}
        self.plans: dict[str, tuple[list[tuple[int, list[Any]]], tuple[int, ...]]] = {}

    def _plan(self, tag: str) -> tuple[list[tuple[int, list[Any]]], tuple[int, ...]]:
        """The one-token patterns that can match a token tagged ``tag`` (in pattern order),
        and which other attributes they read."""
        plan = self.plans.get(tag)
        if plan is None:
            cands = [
                (attr_id, checks)
                for attr_id, checks in self.single
                if all(test(tag) for i, test in checks if i == _TAG)
            ]
            needed = sorted({i for _, checks in cands for i, _ in checks if i != _TAG})
            plan = self.plans[tag] = (cands, tuple(needed))
        return plan

    def _hits(self, values: tuple[str, str, str, bool]) -> tuple[int, ...]:
        """The one-token patterns (in order) that match a token of these values."""
        tag = values[_TAG]
        cands, needed = self._plan(tag)
        if not cands:
            return ()
        key = (tag, *(values[i] for i in needed))
        hit = self.cache.get(key)
        if hit is None:
            if len(self.cache) >= self.max_cache:
                self.cache.clear()
            hit = self.cache[key] = tuple(
                attr_id for attr_id, checks in cands if all(test(values[i]) for i, test in checks)
            )
        return hit

    def _hits_of(self, doc: Doc, ids: tuple[int, ...]) -> tuple[int, ...]:
        """:meth:`_hits` for a token's array values (tag, lower, dep, is_space)."""
        hit = self.hits_by_ids.get(ids)
        if hit is None:
            if len(self.hits_by_ids) >= self.max_cache:
                self.hits_by_ids.clear()
            strings = doc.vocab.strings
            tag, lower, dep, space = ids
            values = (strings[tag], strings[lower], strings[dep], bool(space))
            hit = self.hits_by_ids[ids] = self._hits(values)
        return hit

    def _columns(self, hits: tuple[int, ...]) -> tuple[tuple[int, int], ...] | None:
        """(column, value) the patterns ``hits`` leave a token with, in ``_ARRAY_ATTRS``
        columns (later patterns overriding earlier ones); None when they set another
        attribute."""
        if hits not in self.columns:
            merged: dict[Any, Any] = {}
            for attr_id in hits:
                merged.update(self.attrs[attr_id])
            plan: tuple[tuple[int, int], ...] | None = None
            if all(a in _ARRAY_ATTRS for a in merged):
                plan = tuple((_ARRAY_ATTRS.index(a), v) for a, v in merged.items())
            self.columns[hits] = plan
        return self.columns[hits]

    def __call__(self, doc: Doc) -> Doc:
        if self.stale:
            self._compile()
        # Every match is found on the document as it came in, as the Matcher would.
        hits_of = self._hits_of
        hits: list[list[int] | tuple[int, ...]] = [
            hits_of(doc, tuple(row)) for row in doc.to_array(_KEY_COLUMNS).tolist()
        ]
        if self.has_multi:
            strings = doc.vocab.strings
            for match_id, start, end in scoped_matches(
                self.matcher, self.scope, doc, allow_missing=True
            ):
                attr_id = int(strings[match_id])
                index = self.indices[attr_id]
                i = start + index if index >= 0 else end + index
                if start <= i < end:
                    hits[i] = sorted([*hits[i], attr_id])
        # Part of speech, morphology and lemma as three columns; anything else per token.
        columns = doc.to_array(list(_ARRAY_ATTRS))
        one_by_one = []
        for i, ids in enumerate(hits):
            if not ids:
                continue
            plan = self._columns(tuple(ids))
            if plan is None:
                one_by_one.append(i)
                continue
            for col, value in plan:
                columns[i, col] = value
        doc.from_array(list(_ARRAY_ATTRS), columns)
        attrs = self.attrs
        for i in one_by_one:
            token = doc[i]
            for attr_id in hits[i]:
                set_token_attrs(token, attrs[attr_id])
        return doc

    # The source ruler carries the patterns in a saved pipeline; this one only compiles
    # them again once the source has loaded them (components load in pipeline order, and
    # the first document comes after all of them).
    def to_disk(self, path: Any, *, exclude: Any = ()) -> None:
        """Nothing to save: the source ruler saves the patterns."""

    def from_disk(self, path: Any, *, exclude: Any = ()) -> CompiledAttributeRuler:
        """Compile the source ruler's patterns again before the next document.

        RETURNS (CompiledAttributeRuler): The component.
        """
        self.stale = True
        return self

    def to_bytes(self, *, exclude: Any = ()) -> bytes:
        """Nothing to save: the source ruler saves the patterns."""
        return b""

    def from_bytes(self, bytes_data: bytes, *, exclude: Any = ()) -> CompiledAttributeRuler:
        """As :meth:`from_disk`.

        RETURNS (CompiledAttributeRuler): The component.
        """
        self.stale = True
        return self


def use_compiled_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Run ``nlp``'s attribute ruler ``name`` as a :class:`CompiledAttributeRuler`.

    The compiled component goes right after the original, which is disabled (kept, so the
    pipeline still holds its patterns). Returns whether it did: False when there is no
    such component or it is not an attribute ruler.
    """
    if name not in nlp.pipe_names or not hasattr(nlp.get_pipe(name), "patterns"):
        return False
    nlp.add_pipe("breachfacts_attribute_ruler", after=name, config={"source": name})
    nlp.disable_pipe(name)
    return True
