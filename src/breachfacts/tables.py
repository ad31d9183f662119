"""Where the pattern tables live, and how a JSON table is read, merged and checked.

The built-in tables (``patterns/*.json``) and the user's ``--patterns DIR`` copies are
read here for every floor that needs one: the pipeline (``aliases.json``, ``cues.json``,
...) and the store (``measures.json``). Token patterns (``*.jsonl``) are the pipeline's
own business (:mod:`breachfacts.nlp.patterns`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from breachfacts.errors import PatternError
from breachfacts.jsontypes import a, json_type

#: Where the built-in patterns live: ``patterns/`` at the project root when run from a
#: checkout (or an editable install), else the copy a wheel ships inside the package
#: (``src/breachfacts/data/patterns`` is a symlink to ``patterns/`` in the source tree).
BUILTIN_DIRS = (
    Path(__file__).resolve().parents[2] / "patterns",
    Path(__file__).resolve().parent / "data" / "patterns",
)


#: Deepest nesting of a JSON table (the built-in ones need 4).
MAX_TABLE_DEPTH = 16


def nesting_depth(value: Any) -> int:
    """How deep JSON arrays and objects nest in ``value`` (counted without recursion).

    Example:
        >>> nesting_depth({"a": [1, [2]]}), nesting_depth("x")
        (3, 0)
    """
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        elif not isinstance(item, list):
            continue
        deepest = max(deepest, depth)
        stack.extend((x, depth + 1) for x in item)
    return deepest


def builtin_dir() -> Path:
    """The directory of the built-in pattern files."""
    for d in BUILTIN_DIRS:
        if d.is_dir():
            return d
    raise PatternError("built-in patterns directory not found (reinstall breachfacts)")


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
            if path.exists():  # a FIFO or a device would block or never end: refuse it
                raise PatternError(f"{path}: not a regular file")
            continue
        try:
            # utf-8-sig: a leading BOM (as Windows editors write) is read as articles are
            obj = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise PatternError(f"{path}: malformed JSON ({err})") from None
        except (ValueError, RecursionError) as err:  # 5000-digit numbers, [[[[... 100,000 deep
            raise PatternError(f"{path}: malformed JSON ({type(err).__name__}: {err})") from None
        if not isinstance(obj, dict):
            raise PatternError(f"{path}: must be a JSON object")
        if nesting_depth(obj) > MAX_TABLE_DEPTH:
            raise PatternError(f"{path}: nested more than {MAX_TABLE_DEPTH} deep")
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
