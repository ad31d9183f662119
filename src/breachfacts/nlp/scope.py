"""Where in a document token patterns can match, so the span ruler looks only there.

spaCy's ``Matcher`` tries every pattern at every token: with the 48 built-in patterns that
was a tenth of the pipeline's time on news text, though most tokens ("the", "said",
"attackers") can be part of no match at all. A match is a run of neighbouring tokens, each
satisfying one token spec of its pattern, starting at a token that satisfies the pattern's
first spec (or a later one when the specs before it are optional). :class:`PatternScope`
compiles the specs into tests over a few token values, cached per distinct combination
(as :mod:`.attrs` does for the attribute ruler), and cuts a document into the regions that
can hold a match: from a token that can start one to the end of its run of tokens that can
be inside one. :class:`ScopedSpanRuler` runs spaCy's own matcher on those regions only, so
its matches are exactly those over the whole document.

Exact by being conservative: a spec the scope cannot test (an attribute or operator it
does not know, a negated token) counts as satisfied by every token, which only widens the
regions.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable
from typing import Any

from spacy.attrs import ENT_TYPE, ORTH, POS, SPACY, TAG
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span

#: The token values a compiled spec may read: (text, lower, pos, tag, ent_type, spacy) and
#: the word's lexeme flags (which depend on the text alone).
_Values = dict[str, Any]
_Test = Callable[[_Values], bool]

#: Pattern attribute -> the name of the value it reads.
_STRING_ATTRS = {
    "ORTH": "text",
    "TEXT": "text",
    "LOWER": "lower",
    "POS": "pos",
    "TAG": "tag",
    "ENT_TYPE": "ent_type",
    "SHAPE": "shape",
}
_FLAG_ATTRS = {
    "IS_ALPHA": "is_alpha",
    "IS_ASCII": "is_ascii",
    "IS_DIGIT": "is_digit",
    "IS_LOWER": "is_lower",
    "IS_UPPER": "is_upper",
    "IS_TITLE": "is_title",
    "IS_PUNCT": "is_punct",
    "IS_SPACE": "is_space",
    "IS_STOP": "is_stop",
    "LIKE_NUM": "like_num",
    "LIKE_URL": "like_url",
    "LIKE_EMAIL": "like_email",
    "SPACY": "spacy",
}

#: Operators of a token spec that let the pattern skip it (zero repetitions).
_SKIPPABLE = {"?", "*"}


def _always(values: _Values) -> bool:
    return True


def _value_test(name: str, spec: Any) -> _Test | None:
    """A test of one string value, or None when ``spec`` is not understood."""
    if isinstance(spec, str):
        return lambda v: v[name] == spec
    if isinstance(spec, dict) and len(spec) == 1:
        ((op, arg),) = spec.items()
        if op == "IN" and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
            members = frozenset(arg)
            return lambda v: v[name] in members
        if op == "NOT_IN" and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
            excluded = frozenset(arg)
            return lambda v: v[name] not in excluded
        if op == "REGEX" and isinstance(arg, str):
            rx = re.compile(arg)
            return lambda v: bool(rx.search(v[name]))
    return None


def compile_spec(spec: dict[str, Any]) -> _Test:
    """A test that is true for every token spaCy's matcher would let ``spec`` match (and
    possibly others: what it cannot test, it lets through).

    Example:
        >>> test = compile_spec({"LOWER": {"IN": ["port", "ports"]}})
        >>> test({"lower": "ports"}), test({"lower": "sports"})
        (True, False)
    """
    if spec.get("OP") == "!":
        return _always  # any token that fails the spec: not worth testing
    tests: list[_Test] = []
    for attr, value in spec.items():
        if attr == "OP":
            continue
        test: _Test | None = None
        if attr in _STRING_ATTRS:
            test = _value_test(_STRING_ATTRS[attr], value)
        elif attr in _FLAG_ATTRS and isinstance(value, bool):
            flag = _FLAG_ATTRS[attr]
            test = lambda v, flag=flag, want=value: v[flag] == want  # noqa: E731
        if test is not None:
            tests.append(test)
    if not tests:
        return _always
    return lambda v: all(t(v) for t in tests)


def _skippable(spec: dict[str, Any]) -> bool:
    op = spec.get("OP")
    if op is None or op in ("1", "+", "!"):
        return False
    if op in _SKIPPABLE:
        return True
    # quantifiers: {n}, {n,m}, {n,}, {,m}; anything unknown counts as skippable
    m = re.fullmatch(r"\{(\d*)(?:,(\d*))?\}", str(op))
    return m is None or not m.group(1) or int(m.group(1)) == 0


class PatternScope:
    """The regions of a document that can hold a match of ``patterns`` (token patterns,
    lists of token specs as spaCy's ``Matcher`` takes them)."""

    def __init__(self, patterns: Iterable[list[dict[str, Any]]], max_cache: int = 200_000) -> None:
        #: Per pattern: the tests of its specs, of the specs a match can start with, and
        #: its longest match (None: unbounded).
        self.inside: list[list[_Test]] = []
        self.start: list[list[_Test]] = []
        self.longest: list[int | None] = []
        self.everywhere = False
        for pattern in patterns:
            tests = [compile_spec(spec) for spec in pattern]
            starts = []
            for spec, test in zip(pattern, tests, strict=True):
                starts.append(test)
                if not _skippable(spec):
                    break
            if len(starts) == len(pattern) and _skippable(pattern[-1]):
                self.everywhere = True  # every spec optional (an empty match is dropped)
            bounded = all(spec.get("OP") in (None, "1", "?", "!") for spec in pattern)
            self.inside.append(tests)
            self.start.append(starts)
            self.longest.append(len(pattern) if bounded else None)
            if any(t is _always for t in tests):
                self.everywhere = True
        self.max_cache = max_cache
        self.cache: dict[tuple[int, ...], tuple[int, int]] = {}

    def _masks(self, doc: Doc, key: tuple[int, ...]) -> tuple[int, int]:
        """Bit masks of the patterns a token can start a match of, and be inside one of."""
        orth, pos, tag, ent_type, spacy = key
        strings = doc.vocab.strings
        lex = doc.vocab[orth]
        values: _Values = {
            "text": strings[orth],
            "lower": lex.lower_,
            "shape": lex.shape_,
            "pos": POS_NAMES.get(pos, ""),
            "tag": strings[tag] if tag else "",
            "ent_type": strings[ent_type] if ent_type else "",
            "spacy": bool(spacy),
        }
        for flag in _FLAG_ATTRS.values():
            if flag != "spacy":
                values[flag] = getattr(lex, flag)
        start = inside = 0
        for p, (starts, tests) in enumerate(zip(self.start, self.inside, strict=True)):
            if any(t(values) for t in starts):
                start |= 1 << p
            if any(t(values) for t in tests):
                inside |= 1 << p
        return start, inside

    def regions(self, doc: Doc) -> list[tuple[int, int]]:
        """(start, end) token offsets of the regions that can hold a match, in order and
        apart. Every match of the patterns over ``doc`` lies inside one region.

        A match of a pattern begins at a token that can start it and runs over tokens that
        can be inside it, no longer than the pattern's longest match.
        """
        n = len(doc)
        if self.everywhere or n == 0:
            return [(0, n)] if n else []
        cache = self.cache
        if len(cache) >= self.max_cache:
            cache.clear()
        starts: list[int] = []
        insides: list[int] = []
        for row in doc.to_array([ORTH, POS, TAG, ENT_TYPE, SPACY]).tolist():
            key = tuple(row)
            masks = cache.get(key)
            if masks is None:
                masks = cache[key] = self._masks(doc, key)
            starts.append(masks[0])
            insides.append(masks[1])
        out: list[tuple[int, int]] = []
        longest = self.longest
        run_end: dict[int, int] = {}  # unbounded pattern bit -> where its last run ended
        for i, mask in enumerate(starts):
            if not mask:
                continue
            end = i + 1
            while mask:
                bit = mask & -mask
                mask ^= bit
                limit = longest[bit.bit_length() - 1]
                if limit is None and run_end.get(bit, 0) > i:
                    j = run_end[bit]  # inside the run an earlier start walked to its end
                else:
                    stop = n if limit is None else min(n, i + limit)
                    j = i + 1
                    while j < stop and insides[j] & bit:
                        j += 1
                    if limit is None:
                        run_end[bit] = j
                end = max(end, j)
            if out and i < out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], end))
            else:
                out.append((i, end))
        return out


class ScopedSpanRuler(SpanRuler):
    """spaCy's ``SpanRuler``, its token matcher run only on the regions of the document
    where a pattern can match (:class:`PatternScope`): the same matches, less work."""

    _scope: PatternScope | None = None

    def add_patterns(self, patterns: list[dict[str, Any]]) -> None:
        super().add_patterns(patterns)
        self._scope = None

    def clear(self) -> None:
        super().clear()
        self._scope = None

    @property
    def scope(self) -> PatternScope:
        if self._scope is None:
            token_patterns = [p["pattern"] for p in self.patterns if isinstance(p["pattern"], list)]
            self._scope = PatternScope(token_patterns)
        return self._scope

    def match(self, doc: Doc) -> list[Span]:
        """The matches of the patterns in ``doc``, as :meth:`SpanRuler.match` gives them."""
        self._require_patterns()
        matches: list[tuple[int, int, int]] = []
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="\\[W036")
            if len(self.matcher):
                # The matcher checks the document's annotations (tags for POS patterns, ...)
                # on each call, over every token: on the first region only
                checked = False
                for begin, end in self.scope.regions(doc):
                    found = self.matcher(doc[begin:end], allow_missing=checked)
                    matches.extend((m, begin + s, begin + e) for m, s, e in found)
                    checked = True
            matches.extend(self.phrase_matcher(doc))
        labels = self._match_label_id_map
        unique = {
            Span(doc, start, end, label=labels[m]["label"], span_id=labels[m]["id"])
            for m, start, end in matches
            if start != end
        }
        return sorted(unique)
