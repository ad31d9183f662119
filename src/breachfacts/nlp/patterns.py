"""Entity rules as data: load and validate ``patterns/*.jsonl``.

A pattern file holds one JSON object a line::

    {"id": "money-crypto-amount", "label": "MONEY", "example": "40 BTC",
     "pattern": [{"LIKE_NUM": true}, {"LOWER": {"IN": ["btc", "bitcoin"]}}]}

``label`` is one of :data:`LABELS`; ``pattern`` is a spaCy token pattern (or a phrase
string); ``example`` is a text the pattern must match. Blank lines and lines starting with
``//`` are ignored; a leading UTF-8 BOM is fine. Any problem raises :class:`PatternError`
whose message is one line naming the file, the line and the problem, e.g.
``patterns/figures.jsonl:12: [pattern -> 1 -> LIKE_NUMM] extra fields not permitted``.

A user's pattern is also compiled and tried at load (:func:`check_pattern`, on a blank
English tokenizer, a few milliseconds a pattern): each ``REGEX`` must compile and must not
backtrack exponentially (:mod:`.regexes`), and is capped to tokens of at most
:data:`~.regexes.MAX_TOKEN_CHARS` characters; a pattern that matches the empty sequence or
most of a sentence of filler is refused (it would make every token a fact, or hide every
fact); its ``example`` must match. The built-in patterns pass the same checks in the test
suite (``tests/test_patterns.py``) rather than at every start.
"""

from __future__ import annotations

import functools
import json
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from breachfacts.errors import PatternError
from breachfacts.tables import builtin_dir, nesting_depth

from .regexes import capped, regex_problem

#: Entity labels a pattern may set. ``IGNORE`` marks text that is never a fact (CVE ids,
#: version numbers, phone numbers): it wins over the statistical model's entity there.
LABELS = ("ORG", "MONEY", "FIGURE", "DATE", "IGNORE")

REQUIRED = ("id", "label", "pattern")
ALLOWED = {"id", "label", "pattern", "example", "comment"}
#: Deepest JSON nesting of a pattern line (a token pattern needs 5: line, pattern, token,
#: attribute, IN list).
MAX_DEPTH = 16
#: Token attributes only the statistical model sets: the load check cannot see them on a
#: blank tokenizer, so it tries an example without them (a looser pattern).
MODEL_ATTRS = frozenset(
    {"POS", "TAG", "MORPH", "DEP", "LEMMA", "NORM", "ENT_TYPE", "ENT_IOB", "ENT_ID"}
    | {"ENT_KB_ID", "SENT_START", "IS_SENT_START", "_"}
)
#: A sentence with no fact in it, annotated as the model annotates it: a pattern whose
#: matches cover half of it would make (or, with IGNORE, hide) facts everywhere.
FILLER = (
    "The company said that it was still looking into what had happened and would tell its "
    "customers more soon ."
).split()
_FILLER_ANNOTATION = {
    "pos": "DET NOUN VERB SCONJ PRON AUX ADV VERB ADP PRON AUX VERB CCONJ AUX VERB PRON NOUN "
    "ADV ADV PUNCT",
    "tags": "DT NN VBD IN PRP VBD RB VBG IN WP VBD VBN CC MD VB PRP$ NNS RBR RB .",
    "deps": "det nsubj ROOT mark nsubj aux advmod ccomp prep nsubj aux pcomp cc aux conj "
    "poss dobj advmod advmod punct",
    "heads": "1 2 2 7 7 7 7 2 7 11 11 8 7 14 7 16 14 18 14 2",
    "lemmas": "the company say that it be still look into what have happen and would tell its "
    "customer more soon .",
}


def pattern_files(dirs: Iterable[Path]) -> list[Path]:
    """The ``*.jsonl`` files of each directory, sorted within a directory."""
    files: list[Path] = []
    for d in dirs:
        d = Path(d)
        if d.is_file() and d.suffix == ".jsonl":
            files.append(d)
            continue
        if not d.is_dir():
            raise PatternError(f"{d}: no such patterns directory")
        for f in sorted(d.glob("*.jsonl")):
            if not f.is_file():  # a FIFO or a device would block or never end: refuse it
                raise PatternError(f"{f}: not a regular file")
            files.append(f)
    return files


def validate_line(obj: Any) -> list[str]:
    """Problems with one decoded pattern line, each as ``[loc] message``; empty when valid."""
    if not isinstance(obj, dict):
        return ["[] a pattern line must be a JSON object"]
    problems = [f"[{key}] field required" for key in REQUIRED if key not in obj]
    problems += [f"[{key}] unknown field" for key in sorted(set(obj) - ALLOWED)]
    if "id" in obj and (not isinstance(obj["id"], str) or not obj["id"]):
        problems.append("[id] must be a non-empty string")
    if "label" in obj and obj["label"] not in LABELS:
        problems.append(f"[label] {obj['label']!r} is not one of {', '.join(LABELS)}")
    if "example" in obj and not isinstance(obj["example"], str):
        problems.append("[example] must be a string")
    pattern = obj.get("pattern")
    if "pattern" in obj:
        if isinstance(pattern, str):
            if not pattern.strip():
                problems.append("[pattern] empty phrase")
        elif isinstance(pattern, list) and pattern:
            from spacy.schemas import validate_token_pattern

            problems += [f"{p}" for p in validate_token_pattern(pattern)]
        else:
            problems.append("[pattern] must be a phrase string or a non-empty list of token dicts")
    return problems


def load_file(path: Path, check: bool = True) -> list[dict[str, Any]]:
    """Read and validate one pattern file; raises :class:`PatternError` on the first problem.

    With ``check`` (a user's file) each pattern is also compiled and tried
    (:func:`check_pattern`) and its regexes are capped (:func:`~.regexes.capped`).
    """
    try:
        # a leading BOM is fine; lines end at "\n" only (U+2028 may sit inside a string)
        lines = path.read_text(encoding="utf-8-sig").split("\n")
    except (OSError, UnicodeDecodeError) as err:
        raise PatternError(f"{path}: cannot read ({err})") from None
    out: list[dict[str, Any]] = []
    for lineno, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise PatternError(
                f"{path}:{lineno}: malformed JSON ({err.msg} at column {err.colno})"
            ) from None
        except (ValueError, RecursionError) as err:  # 5000-digit numbers, [[[[... 100,000 deep
            raise PatternError(f"{path}:{lineno}: malformed JSON ({_brief(err)})") from None
        if nesting_depth(obj) > MAX_DEPTH:
            raise PatternError(f"{path}:{lineno}: [] nested more than {MAX_DEPTH} deep")
        problems = validate_line(obj)
        if not problems and check:
            obj, problems = check_pattern(obj)
        if problems:
            raise PatternError(f"{path}:{lineno}: {' '.join(problems[0].split())}")
        out.append({**obj, "_source": f"{path}:{lineno}"})
    return out


def check_pattern(obj: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Compile and try one valid pattern line: ``(line with capped regexes, problems)``.

    Refused: a REGEX that does not compile or backtracks exponentially; a token pattern
    whose every token is optional (it matches the empty sequence); a pattern whose matches
    cover half of :data:`FILLER`; an ``example`` it does not match (tried without the
    attributes of :data:`MODEL_ATTRS`, which a blank tokenizer cannot set); a pattern spaCy's
    matcher rejects or fails on.
    """
    pattern = obj["pattern"]
    if isinstance(pattern, list):
        for loc, rx in _regexes(pattern, "pattern"):
            problem = regex_problem(rx)
            if problem:
                return obj, [f"[{loc}] {problem}"]
        if all(_optional(token.get("OP")) for token in pattern):
            return obj, ["[pattern] matches the empty sequence (every token is optional)"]
        pattern = _map_regexes(pattern, capped)
    obj = {**obj, "pattern": pattern}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # re's "possible nested set"
            covered = _filler_coverage(pattern)
        if covered * 2 >= len(FILLER):
            return obj, [
                f"[pattern] matches {covered} of the {len(FILLER)} tokens of a sentence of "
                f"filler ({' '.join(FILLER[:4])} ...): it would match almost anything"
            ]
        if "example" in obj and not _matches(_loosen(pattern), obj["example"]):
            return obj, [f"[example] {obj['example']!r} does not match its own pattern"]
    except Exception as err:  # noqa: BLE001 - whatever spaCy's matcher raises, one line
        return obj, [f"[pattern] spaCy cannot use this pattern ({_brief(err)})"]
    return obj, []


def load_patterns(extra_dirs: Iterable[Path] = ()) -> list[dict[str, Any]]:
    """All patterns: the built-in ones, then each user directory's, ids unique across all.

    The user's patterns are checked (:func:`check_pattern`); the built-in ones are checked
    by the test suite, not at every start.
    """
    seen: dict[str, str] = {}
    patterns: list[dict[str, Any]] = []
    builtin = builtin_dir()
    for path in pattern_files([builtin, *extra_dirs]):
        for p in load_file(path, check=path.parent != builtin):
            if p["id"] in seen:
                raise PatternError(
                    f"{p['_source']}: duplicate id {p['id']!r} (first at {seen[p['id']]})"
                )
            seen[p["id"]] = p["_source"]
            patterns.append(p)
    return patterns


def _brief(err: BaseException) -> str:
    return " ".join(f"{type(err).__name__}: {err}".split())[:160]


def _optional(op: Any) -> bool:
    """True for an operator that lets its token match nothing: ``?``, ``*``, ``{0,n}``..."""
    if op in ("?", "*"):
        return True
    if isinstance(op, str) and op.startswith("{") and op.endswith("}"):
        low = op[1:-1].split(",")[0].strip()
        return low in ("", "0")
    return False


def _regexes(value: Any, loc: str) -> Iterable[tuple[str, str]]:
    """``(location, regex)`` of every ``REGEX`` in a token pattern."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "REGEX" and isinstance(inner, str):
                yield f"{loc} -> {key}", inner
            else:
                yield from _regexes(inner, f"{loc} -> {key}")
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _regexes(inner, f"{loc} -> {i}")


def _map_regexes(value: Any, fn: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: fn(v) if k == "REGEX" and isinstance(v, str) else _map_regexes(v, fn)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_map_regexes(v, fn) for v in value]
    return value


def _loosen(pattern: Any) -> Any:
    """The pattern without the model's attributes: it matches wherever the pattern does."""
    if isinstance(pattern, str):
        return pattern
    out = []
    for token in pattern:
        kept = {k: v for k, v in token.items() if k not in MODEL_ATTRS}
        if token.get("OP") == "!" and len(kept) < len(token):
            kept = {}  # "not a NOUN" loosened is "any one token"
        out.append(kept)
    return out


@functools.lru_cache(maxsize=1)
def _blank() -> Any:
    import spacy

    return spacy.blank("en")


def _matcher(pattern: Any) -> Any:
    from spacy.matcher import Matcher, PhraseMatcher

    nlp = _blank()
    if isinstance(pattern, str):
        matcher = PhraseMatcher(nlp.vocab)
        matcher.add("p", [nlp.make_doc(pattern)])
    else:
        matcher = Matcher(nlp.vocab, validate=True)
        matcher.add("p", [pattern])
    return matcher


def _matches(pattern: Any, text: str) -> bool:
    return bool(_matcher(pattern)(_blank().make_doc(text)))


def _filler_coverage(pattern: Any) -> int:
    """How many tokens of :data:`FILLER` the pattern's matches cover."""
    from spacy.tokens import Doc

    a = _FILLER_ANNOTATION
    doc = Doc(
        _blank().vocab,
        words=FILLER,
        spaces=[True] * (len(FILLER) - 2) + [False, False],
        pos=a["pos"].split(),
        tags=a["tags"].split(),
        deps=a["deps"].split(),
        heads=[int(h) for h in a["heads"].split()],
        lemmas=a["lemmas"].split(),
    )
    covered: set[int] = set()
    for _id, start, end in _matcher(pattern)(doc):
        covered.update(range(start, end))
    return len(covered)
