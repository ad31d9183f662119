"""The patterns and tables a pipeline runs with: read once, then carried by the pipeline.

:func:`read_pattern_dirs` reads the built-in ``patterns/`` and a user's ``--patterns``
directories (token patterns ``*.jsonl`` through :mod:`.patterns`, the JSON tables through
:mod:`breachfacts.tables`) into one :class:`PatternData`. The ``breachfacts_entities``
component keeps it, and writes it into a saved pipeline (:func:`write_dir`,
:func:`to_bytes`), so a pipeline loaded with ``spacy.load(path)`` runs with the patterns it
was saved with and never reads the directories again (:func:`read_dir`, :func:`from_bytes`).

DOCS: docs/spacy.md
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import srsly

from breachfacts.errors import PatternError
from breachfacts.jsontypes import a, json_type
from breachfacts.normalise.orgs import check_aliases
from breachfacts.tables import load_json_table

from .patterns import load_patterns

#: Data tables read from each patterns directory (``<name>.json``).
TABLES = (
    "aliases",
    "units",
    "cues",
    "roles",
    "not_orgs",
    "places",
    "conversions",
    "gazetteer",
    "org_context",
    "known_orgs",
    "first_names",
    "measures",
    "currency_places",
)
#: The keys of a rule: what the span ruler is given.
RULE_KEYS = ("id", "label", "pattern")
#: File names inside a saved component's folder.
RULES_FILE = "patterns.jsonl"
TABLES_FILE = "tables.json"


@dataclass(frozen=True)
class PatternData:
    """The token patterns and data tables of one pipeline.

    Attributes:
        rules: Each pattern as ``{"id", "label", "pattern"}``, built-in ones first, in the
            order the span ruler takes them (a user's regexes already capped).
        tables: Each table of :data:`TABLES` by name, a user's entries merged in.
    """

    rules: list[dict[str, Any]]
    tables: dict[str, Any]


def read_pattern_dirs(dirs: Sequence[Path | str] = ()) -> PatternData:
    """The built-in patterns and tables, with those of each directory of ``dirs`` added.

    Raises :class:`~breachfacts.errors.PatternError` (one line naming the file) on the first
    problem, as ``breachfacts --patterns DIR`` reports it.
    """
    paths = [Path(d) for d in dirs]
    rules = [{k: p[k] for k in RULE_KEYS} for p in load_patterns(paths)]
    tables = {name: load_json_table(f"{name}.json", paths) for name in TABLES}
    user_aliases = [d / "aliases.json" for d in paths if (d / "aliases.json").is_file()]
    check_aliases(tables["aliases"], str(user_aliases[-1]) if user_aliases else "aliases.json")
    return PatternData(rules=rules, tables=tables)


def write_dir(data: PatternData, path: Path) -> None:
    """Write ``data`` into the folder ``path`` (made if missing)."""
    path.mkdir(parents=True, exist_ok=True)
    srsly.write_jsonl(path / RULES_FILE, data.rules)
    srsly.write_json(path / TABLES_FILE, data.tables)


def read_dir(path: Path) -> PatternData:
    """What :func:`write_dir` wrote into ``path``; a missing or malformed file raises
    :class:`~breachfacts.errors.PatternError` naming it."""
    try:
        rules = list(srsly.read_jsonl(path / RULES_FILE))
        tables = srsly.read_json(path / TABLES_FILE)
    except (OSError, ValueError) as err:
        raise PatternError(f"{path}: cannot read the saved patterns ({_brief(err)})") from None
    return checked(rules, tables, str(path))


def to_bytes(data: PatternData) -> bytes:
    """``data`` as msgpack bytes."""
    return srsly.msgpack_dumps({"rules": data.rules, "tables": data.tables})


def from_bytes(raw: bytes) -> PatternData:
    """What :func:`to_bytes` gave."""
    try:
        msg = srsly.msgpack_loads(raw)
    except ValueError as err:
        raise PatternError(f"saved patterns: not msgpack ({_brief(err)})") from None
    if not isinstance(msg, dict):
        raise PatternError(f"saved patterns: expected a map, got {a(json_type(msg))}")
    return checked(msg.get("rules"), msg.get("tables"), "saved patterns")


def checked(rules: Any, tables: Any, where: str) -> PatternData:
    """``rules`` and ``tables`` read back from a saved pipeline, checked for shape.

    Example:
        >>> checked([{"id": "x", "label": "ORG", "pattern": "Acme"}], {}, "p").rules[0]["id"]
        'x'
        >>> checked([{"id": "x"}], {}, "p")
        Traceback (most recent call last):
        ...
        breachfacts.errors.PatternError: p: [rules -> 0] expected id, label and pattern
    """
    if not isinstance(rules, list):
        raise PatternError(f"{where}: [rules] expected an array, got {a(json_type(rules))}")
    for i, rule in enumerate(rules):
        if not isinstance(rule, dict) or any(k not in rule for k in RULE_KEYS):
            raise PatternError(f"{where}: [rules -> {i}] expected id, label and pattern")
    if not isinstance(tables, dict):
        raise PatternError(f"{where}: [tables] expected an object, got {a(json_type(tables))}")
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise PatternError(
                f"{where}: [tables -> {name}] expected an object, got {a(json_type(table))}"
            )
    return PatternData(rules=rules, tables=tables)


def _brief(err: BaseException) -> str:
    return " ".join(str(err).split())[:160]
