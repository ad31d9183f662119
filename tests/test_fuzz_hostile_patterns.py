"""Fuzzing the pattern loaders (issue #16, classes 9 and 13): hostile pattern files and tables.

Generated: token patterns with random attributes, values of every JSON type and operators
(valid and not); random regexes, nested quantifiers among them; patterns that match the
empty sequence or anything; wrong examples; JSON nested from 1 to 100,000 deep; BOMs; fields
of the wrong type; mangled lines. The loaders are called directly (no CLI, no model) and
must either accept a line, and then the pattern compiles and matching a fuzzed token stream
(long crafted tokens among them) finishes fast, or raise the documented
:class:`~breachfacts.errors.PatternError` whose message is one line naming the file (and the
line) - never another exception.

As in ``tests/test_fuzz.py``: a quick profile in the default run and a heavy one marked
``slow`` (``pytest tests/test_fuzz_hostile_patterns.py -m slow`` prints the cases run).
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from breachfacts.errors import PatternError
from breachfacts.nlp.patterns import LABELS, load_file
from breachfacts.tables import load_json_table
from fuzzing import case, fuzz, report_cases  # noqa: F401  (report_cases: autouse)

PROFILES = [
    pytest.param(1, id="quick"),
    pytest.param(15, id="heavy", marks=pytest.mark.slow),
]
_LINES = 200  # examples per quick run of a pattern file
_TABLES = 80  # ... of a JSON table
_REGEXES = 100  # ... of a regex tried on crafted tokens


# ------------------------------------------------------------------ strategies

ATTRS = [
    "ORTH", "TEXT", "LOWER", "NORM", "LENGTH", "IS_ALPHA", "IS_DIGIT", "IS_TITLE", "IS_PUNCT",
    "IS_SPACE", "LIKE_NUM", "LIKE_URL", "POS", "TAG", "LEMMA", "DEP", "ENT_TYPE", "MORPH",
    "IS_SENT_START", "SHAPE", "_", "LIKE_NUMM", "OP", "",
]  # fmt: skip
OPS = ["?", "*", "+", "!", "1", "{2}", "{0,3}", "{,2}", "{1,}", "{0}", "{2,1}", "**", "", 1, None]
WORDS = ["acme", "Acme", "corp", "the", "NOUN", "PROPN", "ORG", "said", "1", "x", "", " ", "é"]

# Regexes built from a grammar (nested quantifiers come up often) and raw text (mostly invalid).
regex_atom = st.sampled_from(["a", "b", r"\d", r"\w", r"\s", ".", "[a-z]", "[^,]", ",", r"\.", "x"])
regex = st.recursive(
    regex_atom,
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["*", "+", "?", "{2,}", "{0,3}", "*?"])).map("".join),
        st.tuples(inner, inner).map("".join),
        st.tuples(inner, inner).map(lambda ab: f"(?:{ab[0]}|{ab[1]})"),
        inner.map(lambda r: f"({r})"),
        inner.map(lambda r: f"^{r}$"),
    ),
    max_leaves=8,
) | st.text(alphabet=st.sampled_from("()[]{}*+?|\\^$.ab1,-"), max_size=12)

scalar = st.one_of(
    st.sampled_from(WORDS),
    st.integers(-5, 10**6),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False),
)
attr_value = st.one_of(
    scalar,
    st.lists(scalar, max_size=3),
    st.dictionaries(
        st.sampled_from(["IN", "NOT_IN", "REGEX", "FUZZY", ">=", "==", "<", "IS_SUBSET", "XX"]),
        st.one_of(scalar, st.lists(st.sampled_from(WORDS), max_size=3), regex),
        max_size=2,
    ),
    st.builds(lambda rx: {"REGEX": rx}, regex),
)
token = st.dictionaries(st.sampled_from(ATTRS), attr_value, max_size=3).flatmap(
    lambda d: st.one_of(st.just(d), st.sampled_from(OPS).map(lambda op: {**d, "OP": op}))
)
pattern = st.one_of(
    st.lists(token, max_size=4),
    st.sampled_from(WORDS),
    st.just([{"OP": "*"}]),
    st.just([{}]),
    scalar,
    st.dictionaries(st.sampled_from(WORDS), scalar, max_size=2),
)
line_obj = st.fixed_dictionaries(
    {
        "id": st.one_of(st.sampled_from(["u1", "u2"]), scalar),
        "label": st.one_of(st.sampled_from(LABELS), scalar),
        "pattern": pattern,
    },
    optional={
        "example": st.one_of(st.sampled_from(["acme corp said", "the x", "1 x", ""]), scalar),
        "comment": scalar,
        "colour": scalar,
    },
)
DEPTHS = [1, 4, 15, 17, 100, 5_000, 100_000]


def nested(depth: int, inner: str = "1") -> str:
    return "[" * depth + inner + "]" * depth


def mangle(text: str, how: int) -> str:
    """A mangled copy of a JSON text: truncated, a byte flipped, a huge number."""
    if how == 1:
        return text[: len(text) // 2]
    if how == 2 and text:
        return text[:-1] + "\u2028" + text[-1]
    if how == 3:
        return text.replace("1", "9" * 5000, 1)
    return text


pattern_line = st.one_of(
    st.tuples(line_obj, st.integers(0, 3)).map(lambda t: mangle(json.dumps(t[0]), t[1])),
    st.sampled_from(DEPTHS).map(
        lambda d: '{"id": "d", "label": "ORG", "pattern": "x", "comment": ' + nested(d) + "}"
    ),
    st.text(max_size=30),
)
pattern_file = st.tuples(
    st.booleans(), st.lists(pattern_line, min_size=1, max_size=3), st.sampled_from(["\n", "\r\n"])
).map(lambda t: ("\ufeff" if t[0] else "") + t[2].join(t[1]) + t[2])

CRAFTED = ["a" * 3000 + "!", "1" * 3000 + "x", "," * 500, "x" * 60, "ab" * 40 + "$", "é" * 200]
token_stream = st.lists(
    st.one_of(st.sampled_from(WORDS + CRAFTED), st.text(max_size=12)), min_size=1, max_size=12
).map(" ".join)

table_value = st.recursive(
    scalar | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)
table_text = st.one_of(
    st.tuples(
        st.sampled_from(["hedge_lemmas", "Acme Inc", "max_distance", "date_cues", "x"]),
        table_value,
        st.integers(0, 3),
    ).map(lambda t: mangle(json.dumps({t[0]: t[1]}), t[2])),
    st.sampled_from(DEPTHS).map(lambda d: '{"hedge_lemmas": ' + nested(d, '"x"') + "}"),
    st.text(max_size=20),
)

# ------------------------------------------------------------------ properties

_DIR = Path(tempfile.mkdtemp(prefix="bf-fuzz-patterns-"))


def _blank() -> Any:
    import spacy

    return spacy.blank("en")


def _annotated(doc: Any) -> Any:
    """``doc`` with the token annotations a pipeline sets before user patterns run (part of
    speech, tag, lemma, morphology, dependency), so a pattern on them can be tried: spaCy's
    Matcher refuses one on a bare tokenised doc (E155/E156), which the pipeline never
    gives it."""
    for tok in doc:
        tok.pos_, tok.tag_, tok.lemma_, tok.dep_ = "NOUN", "NN", tok.lower_, "dep"
        tok.set_morph("Number=Sing")
    return doc


@pytest.mark.parametrize("scale", PROFILES)
def test_pattern_file_is_accepted_and_safe_or_one_line(scale: int) -> None:
    from spacy.matcher import Matcher, PhraseMatcher

    nlp = _blank()
    path = _DIR / "mine.jsonl"

    @fuzz(_LINES, scale)
    @given(pattern_file, token_stream)
    def prop(text: str, stream: str) -> None:
        case()
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            loaded = load_file(path)
        except PatternError as err:
            message = str(err)
            assert message.startswith(f"{path}:"), message
            assert "\n" not in message and "\r" not in message, message
            return
        doc = _annotated(nlp.make_doc(stream))
        started = time.perf_counter()
        for p in loaded:
            if isinstance(p["pattern"], str):
                matcher = PhraseMatcher(nlp.vocab)
                matcher.add(p["id"], [nlp.make_doc(p["pattern"])])
            else:
                matcher = Matcher(nlp.vocab)
                matcher.add(str(p["id"]), [p["pattern"]])
            matches = matcher(doc)
            assert all(end > start for _id, start, end in matches)
        assert time.perf_counter() - started < 5, "matching a fuzzed token stream was slow"

    prop()


@pytest.mark.parametrize("scale", PROFILES)
def test_user_regex_is_refused_or_fast_on_crafted_tokens(scale: int) -> None:
    from spacy.matcher import Matcher

    nlp = _blank()
    path = _DIR / "rx.jsonl"
    docs = [nlp.make_doc(t) for t in CRAFTED]

    @fuzz(_REGEXES, scale)
    @given(regex, st.sampled_from(["TEXT", "LOWER", "NORM"]))
    def prop(rx: str, attr: str) -> None:
        case()
        line = {"id": "rx", "label": "ORG", "pattern": [{attr: {"REGEX": rx}}]}
        path.write_text(json.dumps(line) + "\n", encoding="utf-8")
        try:
            (p,) = load_file(path)
        except PatternError as err:
            assert str(err).startswith(f"{path}:1: "), str(err)
            assert "\n" not in str(err)
            return
        matcher = Matcher(nlp.vocab)
        matcher.add("rx", [p["pattern"]])
        started = time.perf_counter()
        for doc in docs:
            matcher(doc)
        assert time.perf_counter() - started < 2, f"{rx!r} is slow on a crafted token"

    prop()


@pytest.mark.parametrize("scale", PROFILES)
def test_json_table_is_merged_or_one_line(scale: int) -> None:
    folder = _DIR / "tables"
    folder.mkdir(exist_ok=True)

    @fuzz(_TABLES, scale)
    @given(st.sampled_from(["cues.json", "aliases.json", "roles.json"]), table_text, st.booleans())
    def prop(name: str, text: str, bom: bool) -> None:
        case()
        path = folder / name
        path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8", errors="surrogatepass")
        try:
            table = load_json_table(name, [folder])
        except PatternError as err:
            message = str(err)
            assert message.startswith(f"{path}:"), message
            assert "\n" not in message, message
        else:
            assert isinstance(table, dict)
        finally:
            path.unlink()

    prop()
