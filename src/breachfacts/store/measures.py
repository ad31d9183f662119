"""Measures: what a fact counts, the key it is compared under (with its subject).

``patterns/measures.json`` (and a user's ``--measures`` files on top) maps a figure's unit
or role, a money role and a date role to a measure: "customer" -> "people affected",
"ransom" -> "money:ransom". This module reads and checks those files (it is the store's
only reader of files besides the database) and names the measure of a fact
(:func:`measure_of`).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from breachfacts.errors import MeasuresError, not_utf8
from breachfacts.facts import Fact
from breachfacts.jsontypes import json_type
from breachfacts.tables import builtin_dir

__all__ = [
    "MEASURE_SECTIONS",
    "Measures",
    "MeasuresError",
    "builtin_measures_path",
    "load_measures",
    "measure_of",
    "unit_key",
    "validate_measures",
]


MEASURE_SECTIONS: tuple[str, ...] = (
    "units",
    "figure_roles",
    "money_roles",
    "date_roles",
    "unit_scales",
)


@dataclass(frozen=True)
class Measures:
    """The table that maps a fact to the measure it is compared under.

    Attributes:
        units: figure unit lemma (lower case) -> measure ("person" -> "people affected").
        figure_roles: figure role -> measure, used when the unit is not in ``units``.
        money_roles: money role -> measure ("ransom" -> "money:ransom"); else "money:amount".
        date_roles: date role -> measure ("attack" -> "date:attack"); else "date".
        unit_scales: units measured on one scale ("terabyte" -> 1e12), so that "1 terabyte"
            and "1,000 gigabytes" compare as the same amount.
    """

    units: dict[str, str] = field(default_factory=dict)
    figure_roles: dict[str, str] = field(default_factory=dict)
    money_roles: dict[str, str] = field(default_factory=dict)
    date_roles: dict[str, str] = field(default_factory=dict)
    unit_scales: dict[str, float] = field(default_factory=dict)
    _scales: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def scale(self, unit: str | None) -> float:
        """The factor that brings a value in ``unit`` onto its measure's common scale."""
        if unit is None:
            return 1.0
        hit = self._scales.get(unit)
        if hit is None:
            hit = self._scales[unit] = self.unit_scales.get(unit_key(unit, self.unit_scales), 1.0)
        return hit


def builtin_measures_path() -> Path:
    """Where the built-in ``measures.json`` lives: the built-in patterns directory."""
    return builtin_dir() / "measures.json"


def load_measures(*extra: Path | str, builtin: bool = True) -> Measures:
    """Load the built-in measure table, then each user file in ``extra`` on top of it.

    A later file adds entries and overrides earlier ones, key by key.

    Raises:
        MeasuresError: one line naming the file and the bad entry, e.g.
            ``patterns/measures.json: [units -> person] expected a non-empty string, got 3``.

    Example:
        >>> measures = load_measures()
        >>> measures.units["customer"]
        'people affected'
    """
    paths = ([builtin_measures_path()] if builtin else []) + [Path(p) for p in extra]
    merged: dict[str, dict[str, Any]] = {name: {} for name in MEASURE_SECTIONS}
    for path in paths:
        for section, entries in _read_measures_file(path).items():
            merged[section].update(entries)
    return Measures(**merged)


def _read_measures_file(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise MeasuresError(f"{path}: cannot read ({e.strerror or e})") from None
    try:
        raw = data.decode("utf-8-sig")  # a leading BOM is accepted, as in every table
    except UnicodeDecodeError as e:
        raise MeasuresError(f"{path}: {not_utf8(data, e)}") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as e:
        raise MeasuresError(f"{path}:{e.lineno}: invalid JSON: {e.msg}") from None
    except (RecursionError, ValueError) as e:  # nested too deep; a number too long to read
        raise MeasuresError(f"{path}: invalid JSON: {str(e).splitlines()[0][:80]}") from None
    return validate_measures(data, str(path))


def validate_measures(data: Any, where: str = "measures") -> dict[str, dict[str, Any]]:
    """Check a measures object; return its sections with keys in lower case.

    Raises:
        MeasuresError: ``<where>: [<section> -> <key>] <problem>`` for the first problem.
    """
    if not isinstance(data, dict):
        raise MeasuresError(f"{where}: expected a JSON object, got {json_type(data)}")
    out: dict[str, dict[str, Any]] = {}
    for section, entries in data.items():
        if section not in MEASURE_SECTIONS:
            known = ", ".join(MEASURE_SECTIONS)
            raise MeasuresError(f"{where}: [{section}] unknown section (known: {known})")
        if not isinstance(entries, dict):
            raise MeasuresError(
                f"{where}: [{section}] expected an object, got {json_type(entries)}"
            )
        clean: dict[str, Any] = {}
        for key, value in entries.items():
            if not key.strip():
                raise MeasuresError(f"{where}: [{section} -> {key!r}] empty key")
            if section == "unit_scales":
                ok = (
                    isinstance(value, (int, float))
                    and not isinstance(value, bool)
                    and math.isfinite(value)
                    and value > 0
                )
                if not ok:
                    raise MeasuresError(
                        f"{where}: [{section} -> {key}] expected a positive number, "
                        f"got {json.dumps(value)}"
                    )
                clean[key.strip().lower()] = float(value)
            else:
                if not isinstance(value, str) or not value.strip():
                    raise MeasuresError(
                        f"{where}: [{section} -> {key}] expected a non-empty string, "
                        f"got {json.dumps(value)}"
                    )
                clean[key.strip().lower()] = value.strip()
        out[section] = clean
    return out


def unit_key(unit: str, table: dict[str, Any]) -> str:
    """``unit`` as a key of ``table``: lower case, then a naive singular ("files" -> "file")."""
    u = " ".join(unit.lower().split())
    if u in table:
        return u
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", "")):
        if u.endswith(suffix) and u[: -len(suffix)] + repl in table:
            return u[: -len(suffix)] + repl
    return u


def measure_of(fact: Fact, measures: Measures) -> str:
    """What a fact counts, the key it is compared under (with its subject): its slot.

    - figure: ``units[unit]``; else ``figure_roles[role]``; else ``"count of <unit>"``
      (compared only with the same unit), or ``"count"`` without a unit.
    - money: ``money_roles[role]``, else ``"money:amount"``. Currencies are checked later.
    - date: ``date_roles[role]`` (attack, discovery, disclosure), else ``"date"``.
    - organisation: ``"organisation"`` (the organisation is mentioned).
    - duration: ``"duration in <unit>"`` ("over 72 hours" is compared only with hours).

    The fact's slot qualifiers (set by the extraction, see ``Fact``) narrow the measure, so
    that only facts of one slot are compared:

    - ``per``: a per-unit figure or amount adds ``" per <unit>"``: "$6,800 per computer" is
      ``money:ransom per computer``, compared only with other amounts per computer;
    - ``place``: a breakdown part adds ``" in <place>"``: "245,000 in the UK" is ``people
      affected in UK``, not a revision of the total;
    - ``population``: a group of people adds ``" (<group>)"``: "1,200 employees" is
      ``people affected (employee)``, never compared with the customers;
    - ``payee``: money paid to someone adds ``" to <payee>"``: "$100 million to the FTC"
      is ``money:settlement to FTC``, not the total settlement;
    - ``part_of``: a part of a total adds ``" (part)"``: "59 of those files" is ``files
      (part)``.

    The incident (``event``) is no part of the measure: facts of two years are kept apart
    when both name their year (see ``Store.check``).

    Example:
        >>> from breachfacts.facts import Sentence
        >>> s = Sentence("x", 0, 1)
        >>> m = Measures(units={"customer": "people affected"})
        >>> measure_of(Fact("f1", "figure", "x", 0, 1, s, value=3, unit="customers"), m)
        'people affected'
        >>> measure_of(Fact("f2", "figure", "x", 0, 1, s, value=3, unit="case"), m)
        'count of case'
        >>> measure_of(Fact("f3", "figure", "x", 0, 1, s, value=3, unit="staff",
        ...                 population="employee"), Measures(units={"staff": "people affected"}))
        'people affected (employee)'
    """
    base = _base_measure(fact, measures)
    per = " ".join((getattr(fact, "per", None) or "").lower().split())
    place = " ".join((getattr(fact, "place", None) or "").split())
    population = " ".join((getattr(fact, "population", None) or "").lower().split())
    payee = " ".join((getattr(fact, "payee", None) or "").split())
    if fact.kind in ("figure", "money") and per:
        base += f" per {unit_key(per, measures.units)}"
    if fact.kind == "figure" and place:
        base += f" in {_place_key(place)}"
    if fact.kind == "figure" and population:
        base += f" ({population})"
    if fact.kind == "money" and payee:
        base += f" to {_place_key(payee)}"
    if fact.kind in ("figure", "money") and getattr(fact, "part_of", None):
        base += " (part)"
    return base


def _place_key(place: str) -> str:
    words = place.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words)


def _base_measure(fact: Fact, measures: Measures) -> str:
    role = (fact.role or "").lower()
    if fact.kind == "organisation":
        return "organisation"
    if fact.kind == "duration":
        unit = " ".join((fact.unit or "").lower().split())
        if len(unit) > 3:
            unit = unit.removesuffix("s")  # hours -> hour
        return f"duration in {unit}" if unit else "duration"
    if fact.kind == "money":
        return measures.money_roles.get(role, "money:amount")
    if fact.kind == "date":
        return measures.date_roles.get(role, "date")
    if fact.unit:
        key = unit_key(fact.unit, measures.units)
        if key in measures.units:
            return measures.units[key]
    if role in measures.figure_roles:
        return measures.figure_roles[role]
    return f"count of {' '.join(fact.unit.lower().split())}" if fact.unit else "count"
