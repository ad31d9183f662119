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

from breachfacts.errors import PatternError
from breachfacts.tables import builtin_dir

#: Entity labels a pattern may set. ``IGNORE`` marks text that is never a fact (CVE ids,
#: version numbers, phone numbers): it wins over the statistical model's entity there.
LABELS = ("ORG", "MONEY", "FIGURE", "DATE", "IGNORE")

REQUIRED = ("id", "label", "pattern")
ALLOWED = {"id", "label", "pattern", "example", "comment"}


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
        lines = path.read_text(encoding="utf-8-sig").splitlines()  # a leading BOM is fine
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
