"""The model's attribute ruler, compiled: the same annotations in a fraction of the time.

spaCy's ``attribute_ruler`` (tag -> part of speech and morphology, plus word exceptions)
runs a Matcher of 179 patterns over every token, a ninth of en_core_web_sm's run time on
news text. Almost all of its patterns are one token long and test only the tag, the lower
case form, the dependency label or whether the token is a space, so their answer depends on
those few values alone. :class:`CompiledAttributeRuler` evaluates such patterns once per
distinct combination of values (cached), leaves every other pattern to a Matcher, and
applies the attributes exactly as the original does: matches are found on the unmodified
document, then applied in pattern order, later patterns overriding earlier ones.

``tests/test_attrs.py`` checks the annotations are identical to the original's;
``bench/bench_throughput.py`` measures it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

#: Token attributes a compiled one-token pattern may test, and how to read them.
_GETTERS: dict[str, Callable[[Token], Any]] = {
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space,
}
_KEY_ATTRS = tuple(_GETTERS)
_TAG = _KEY_ATTRS.index("TAG")


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
        n_multi = 0
        for attr_id, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                checks = _compile(pattern[0]) if len(pattern) == 1 else None
                if checks is not None and entry.get("index", 0) in (0, -1):
                    self.single.append((attr_id, checks))
                else:
                    self.matcher.add(str(attr_id), [pattern])
                    n_multi += 1
            self.indices[attr_id] = entry.get("index", 0)
        self.has_multi = n_multi > 0
        self.attrs = ruler.attrs  # normalised attributes, by pattern number
        self.cache: dict[tuple[Any, ...], tuple[int, ...]] = {}
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

    def _hits(self, token: Token) -> tuple[int, ...]:
        tag = token.tag_
        cands, needed = self._plan(tag)
        if not cands:
            return ()
        key = (tag, *(_GETTERS[_KEY_ATTRS[i]](token) for i in needed))
        hit = self.cache.get(key)
        if hit is None:
            if len(self.cache) >= self.max_cache:
                self.cache.clear()
            values = dict(zip(needed, key[1:], strict=True))
            values[_TAG] = tag
            hit = self.cache[key] = tuple(
                attr_id for attr_id, checks in cands if all(test(values[i]) for i, test in checks)
            )
        return hit

    def __call__(self, doc: Doc) -> Doc:
        if self.stale:
            self._compile()
        # Every match is found on the document as it came in, as the Matcher would.
        hits: list[list[int] | tuple[int, ...]] = [self._hits(t) for t in doc]
        if self.has_multi:
            strings = doc.vocab.strings
            for match_id, start, end in self.matcher(doc, allow_missing=True):
                attr_id = int(strings[match_id])
                index = self.indices[attr_id]
                i = start + index if index >= 0 else end + index
                if start <= i < end:
                    hits[i] = sorted([*hits[i], attr_id])
        attrs = self.attrs
        for token, ids in zip(doc, hits, strict=True):
            for attr_id in ids:
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
