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

from spacy.attrs import DEP, ENT_TYPE, ORTH, POS, SPACY, TAG
from spacy.matcher import Matcher
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span

#: Pattern attribute -> the value it reads: of the word (its text and lexeme, the same
#: wherever it stands) or of the token in its document.
_WORD_VALUES = {
    "ORTH": "text",
    "TEXT": "text",
    "LOWER": "lower_",
    "SHAPE": "shape_",
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
}
_TOKEN_VALUES = {"POS": "pos", "TAG": "tag", "DEP": "dep", "ENT_TYPE": "ent_type", "SPACY": "spacy"}
_FLAGS = {"SPACY"} | {a for a in _WORD_VALUES if a.startswith(("IS_", "LIKE_"))}

#: One condition of a token spec: (value name, operator, argument), hashable so that a
#: condition many specs share is tested once.
Condition = tuple[str, str, Any]

#: Operators of a token spec that let the pattern skip it (zero repetitions).
_SKIPPABLE = {"?", "*"}


def conditions(spec: dict[str, Any]) -> list[Condition] | None:
    """The conditions of ``spec`` the scope tests, or None for a spec any token may match
    (a negated one). What it cannot test (another attribute or operator) is left out.

    Example:
        >>> conditions({"LOWER": "port", "IS_DIGIT": False, "LEMMA": "port"})
        [('lower_', '==', 'port'), ('is_digit', '==', False)]
    """
    if spec.get("OP") == "!":
        return None
    out: list[Condition] = []
    for attr, value in spec.items():
        name = _WORD_VALUES.get(attr) or _TOKEN_VALUES.get(attr)
        if name is None:
            continue
        if attr in _FLAGS:
            if isinstance(value, bool):
                out.append((name, "==", value))
        elif isinstance(value, str):
            out.append((name, "==", value))
        elif isinstance(value, dict) and len(value) == 1:
            ((op, arg),) = value.items()
            if op in ("IN", "NOT_IN") and isinstance(arg, list):
                if all(isinstance(a, str) for a in arg):
                    out.append((name, op.lower(), frozenset(arg)))
            elif op == "REGEX" and isinstance(arg, str):
                out.append((name, "regex", arg))
    return out


def holds(cond: Condition, value: Any) -> bool:
    """Whether ``value`` meets the condition, as spaCy's matcher tests it."""
    _, op, arg = cond
    if op == "==":
        return bool(value == arg)
    if op == "in":
        return value in arg
    if op == "not_in":
        return value not in arg
    return bool(re.search(arg, value))


def _tester(cond: Condition) -> Callable[[Any], Any]:
    """:func:`holds` for one condition, as one quick call (its truth is what counts)."""
    _, op, arg = cond
    if op == "==":
        return arg.__eq__ if isinstance(arg, str) else lambda v: v == arg
    if op == "in":
        return arg.__contains__
    if op == "not_in":
        return lambda v: v not in arg
    return re.compile(arg).search


def compile_spec(spec: dict[str, Any]) -> Callable[[dict[str, Any]], bool]:
    """A test over a token's values that is true for every token spaCy's matcher would let
    ``spec`` match (and possibly others: what it cannot test, it lets through).

    Example:
        >>> test = compile_spec({"LOWER": {"IN": ["port", "ports"]}})
        >>> test({"lower_": "ports"}), test({"lower_": "sports"})
        (True, False)
    """
    conds = conditions(spec) or []
    return lambda values: all(holds(c, values[c[0]]) for c in conds)


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
    lists of token specs as spaCy's ``Matcher`` takes them).

    Each token spec is a bit. A token's specs are those none of whose conditions fail;
    the failures are cached per word (text and lexeme) and per token values (part of
    speech, tag, entity type, trailing space), so a new word costs one test of each
    distinct word condition.
    """

    def __init__(self, patterns: Iterable[list[dict[str, Any]]], max_cache: int = 500_000) -> None:
        #: Per pattern: the bits of its specs, of the specs a match can start with, and
        #: its longest match (None: unbounded).
        self.spec_bits: list[int] = []
        self.start_bits: list[int] = []
        self.longest: list[int | None] = []
        self.everywhere = False
        #: condition -> the bits of the specs that have it, for word and token conditions
        self.word_conds: dict[Condition, int] = {}
        self.token_conds: dict[Condition, int] = {}
        n = 0
        for pattern in patterns:
            bits = starts = 0
            starting = True
            for spec in pattern:
                bit = 1 << n
                n += 1
                bits |= bit
                if starting:
                    starts |= bit
                    starting = _skippable(spec)
                conds = conditions(spec)
                if not conds:
                    self.everywhere = True  # any token may match it
                for cond in conds or ():
                    table = (
                        self.token_conds if cond[0] in _TOKEN_VALUES.values() else self.word_conds
                    )
                    table[cond] = table.get(cond, 0) | bit
            if starting:
                self.everywhere = True  # every spec optional (an empty match is dropped)
            bounded = all(spec.get("OP") in (None, "1", "?", "!") for spec in pattern)
            self.spec_bits.append(bits)
            self.start_bits.append(starts)
            self.longest.append(len(pattern) if bounded else None)
        self.all_bits = (1 << n) - 1
        #: the word conditions as (value name, test, bits): each test a C-level call
        self.word_tests = [(c[0], _tester(c), bits) for c, bits in self.word_conds.items()]
        self.word_names = sorted({c[0] for c in self.word_conds})
        self.max_cache = max_cache
        self.word_fail: dict[int, int] = {}
        self.token_fail: dict[tuple[int, ...], int] = {}
        self.masks: dict[int, tuple[int, int]] = {}

    def _word_fail(self, doc: Doc, orth: int) -> int:
        lex = doc.vocab[orth]
        values = {
            name: getattr(lex, "orth_" if name == "text" else name) for name in self.word_names
        }
        fail = 0
        for name, test, bits in self.word_tests:
            if not test(values[name]):
                fail |= bits
        return fail

    def _token_fail(self, doc: Doc, key: tuple[int, ...]) -> int:
        pos, tag, dep, ent_type, spacy = key
        strings = doc.vocab.strings
        values = {
            "pos": POS_NAMES.get(pos, ""),
            "tag": strings[tag] if tag else "",
            "dep": strings[dep] if dep else "",
            "ent_type": strings[ent_type] if ent_type else "",
            "spacy": bool(spacy),
        }
        fail = 0
        for cond, bits in self.token_conds.items():
            if not holds(cond, values[cond[0]]):
                fail |= bits
        return fail

    def _masks(self, specs: int) -> tuple[int, int]:
        """Bit masks of the patterns a token meeting ``specs`` can start a match of, and
        be inside one of."""
        start = inside = 0
        for p, (bits, starts) in enumerate(zip(self.spec_bits, self.start_bits, strict=True)):
            if specs & starts:
                start |= 1 << p
            if specs & bits:
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
        word_fail, token_fail, masks = self.word_fail, self.token_fail, self.masks
        if len(word_fail) >= self.max_cache:
            word_fail.clear()
        everything = self.all_bits
        starts: list[int] = []
        insides: list[int] = []
        for orth, pos, tag, dep, ent_type, spacy in doc.to_array(
            [ORTH, POS, TAG, DEP, ENT_TYPE, SPACY]
        ).tolist():
            failed = word_fail.get(orth)
            if failed is None:
                failed = word_fail[orth] = self._word_fail(doc, orth)
            key = (pos, tag, dep, ent_type, spacy)
            other = token_fail.get(key)
            if other is None:
                other = token_fail[key] = self._token_fail(doc, key)
            specs = everything & ~(failed | other)
            found = masks.get(specs)
            if found is None:
                found = masks[specs] = self._masks(specs)
            starts.append(found[0])
            insides.append(found[1])
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


def scoped_matches(
    matcher: Matcher, scope: PatternScope, doc: Doc, *, allow_missing: bool = False
) -> list[tuple[int, int, int]]:
    """``matcher(doc)``'s (match_id, start, end) matches, found by running it on the
    regions of ``scope`` (the same patterns) only."""
    out: list[tuple[int, int, int]] = []
    # The matcher checks the document's annotations (tags for POS patterns, ...) on each
    # call, over every token: on the first region only
    checked = allow_missing
    for begin, end in scope.regions(doc):
        found = matcher(doc[begin:end], allow_missing=checked)
        out.extend((m, begin + s, begin + e) for m, s, e in found)
        checked = True
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
                matches.extend(scoped_matches(self.matcher, self.scope, doc))
            matches.extend(self.phrase_matcher(doc))
        labels = self._match_label_id_map
        unique = {
            Span(doc, start, end, label=labels[m]["label"], span_id=labels[m]["id"])
            for m, start, end in matches
            if start != end
        }
        return sorted(unique)
