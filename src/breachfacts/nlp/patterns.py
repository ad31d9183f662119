"""Entity rules as data: load and validate ``patterns/*.jsonl``.

A pattern file holds one JSON object a line::

    {"id": "money-crypto-amount", "label": "MONEY", "example": "40 BTC",
     "pattern": [{"LIKE_NUM": true}, {"LOWER": {"IN": ["btc", "bitcoin"]}}]}

``label`` is one of :data:`LABELS`; ``pattern`` is a spaCy token pattern (or a phrase
string); ``example`` is a text the pattern must match (the test suite checks it). Blank
lines and lines starting with ``//`` are ignored. Any problem raises :class:`PatternError`
whose message is one line naming the file, the line and the problem, e.g.
``patterns/figures.jsonl:12: [pattern -> 1 -> LIKE_NUMM] extra fields not permitted``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from breachfacts.jsontypes import a, json_type

#: Where the built-in patterns live: ``patterns/`` at the project root when run from a
#: checkout (or an editable install), else the copy a wheel ships inside the package
#: (``src/breachfacts/data/patterns`` is a symlink to ``patterns/`` in the source tree).
BUILTIN_DIRS = (
    Path(__file__).resolve().parents[3] / "patterns",
    Path(__file__).resolve().parents[1] / "data" / "patterns",
)

#: Entity labels a pattern may set. ``IGNORE`` marks text that is never a fact (CVE ids,
#: version numbers, phone numbers): it wins over the statistical model's entity there.
LABELS = ("ORG", "MONEY", "FIGURE", "DATE", "IGNORE")

REQUIRED = ("id", "label", "pattern")
ALLOWED = {"id", "label", "pattern", "example", "comment"}


class PatternError(ValueError):
    """A malformed pattern file; ``str()`` is the one-line message."""


def builtin_dir() -> Path:
    """The directory of the built-in pattern files."""
    for d in BUILTIN_DIRS:
        if d.is_dir():
            return d
    raise PatternError("built-in patterns directory not found (reinstall breachfacts)")


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
        files.extend(sorted(d.glob("*.jsonl")))
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


def load_file(path: Path) -> list[dict[str, Any]]:
    """Read and validate one pattern file; raises :class:`PatternError` on the first problem."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
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
        problems = validate_line(obj)
        if problems:
            raise PatternError(f"{path}:{lineno}: {problems[0].replace(chr(10), ' ')}")
        out.append({**obj, "_source": f"{path}:{lineno}"})
    return out


def load_patterns(extra_dirs: Iterable[Path] = ()) -> list[dict[str, Any]]:
    """All patterns: the built-in ones, then each user directory's, ids unique across all."""
    seen: dict[str, str] = {}
    patterns: list[dict[str, Any]] = []
    for path in pattern_files([builtin_dir(), *extra_dirs]):
        for p in load_file(path):
            if p["id"] in seen:
                raise PatternError(
                    f"{p['_source']}: duplicate id {p['id']!r} (first at {seen[p['id']]})"
                )
            seen[p["id"]] = p["_source"]
            patterns.append(p)
    return patterns


def load_json_table(name: str, extra_dirs: Iterable[Path] = ()) -> dict[str, Any]:
    """A JSON object table (``aliases.json``, ``units.json``, ...) merged over the user dirs.

    Later directories extend and override earlier ones key by key. A user entry for a key
    the built-in table has must have the built-in value's shape (a list of words stays a
    list of words, a number a number, a table of lists a table of lists); a problem raises
    :class:`PatternError` naming the file and the key, e.g.
    ``my-patterns/cues.json: [hedge_lemmas] expected an array of strings, got a string``.
    """
    table: dict[str, Any] = {}
    builtin: dict[str, Any] | None = None
    for d in [builtin_dir(), *extra_dirs]:
        path = Path(d) / name
        if not path.is_file():
            continue
        try:
            obj = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise PatternError(f"{path}: malformed JSON ({err})") from None
        if not isinstance(obj, dict):
            raise PatternError(f"{path}: must be a JSON object")
        if builtin is None:
            builtin = obj
        else:
            for key, value in obj.items():
                like = builtin.get(key, _uniform_value(builtin))
                problem = None if like is None else shape_problem(value, like)
                if problem:
                    raise PatternError(f"{path}: [{key}{problem}")
        for key, value in obj.items():
            if isinstance(value, dict) and isinstance(table.get(key), dict):
                table[key] = {**table[key], **value}
            else:
                table[key] = value
    return table


def _uniform_value(table: dict[str, Any]) -> Any:
    """A value of ``table`` if all its entries (comments aside) have one shape, else None:
    a new key of ``aliases.json`` must map to a string like the others."""
    values = [v for k, v in table.items() if not k.startswith(("/", "_", "comment"))]
    return values[0] if values and len({json_type(v) for v in values}) == 1 else None


def shape_problem(value: Any, like: Any) -> str | None:
    """Where ``value`` differs in shape from the built-in ``like``: ``"] expected ..."`` or
    ``" -> key] expected ..."`` to complete a ``[key`` location; None if it matches.

    Example:
        >>> shape_problem(["worth"], ["equal to"]) is None
        True
        >>> shape_problem("worth", ["equal to"])
        '] expected an array of strings, got a string'
        >>> shape_problem({"attack": "hack"}, {"attack": ["breach"]})
        ' -> attack] expected an array of strings, got a string'
    """
    if isinstance(like, list):
        strings = all(isinstance(x, str) for x in like)
        want = "an array of strings" if strings else "an array"
        if not isinstance(value, list):
            return f"] expected {want}, got {a(json_type(value))}"
        if strings:
            for i, x in enumerate(value):
                if not isinstance(x, str):
                    return f" -> {i}] expected a string, got {a(json_type(x))}"
        return None
    if isinstance(like, dict):
        if not isinstance(value, dict):
            return f"] expected an object, got {a(json_type(value))}"
        sample = next(iter(like.values()), None)
        for k, v in value.items():
            ref = like.get(k, sample)
            if ref is None:
                continue
            inner = shape_problem(v, ref)
            if inner:
                return f" -> {k}{inner}"
        return None
    if json_type(like) != json_type(value):
        return f"] expected {a(json_type(like))}, got {a(json_type(value))}"
    return None
