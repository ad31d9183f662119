"""The house rules, checked on the source (ast only: nothing is imported).

- no import circle (function-local imports count: a loop hidden in a function is a loop);
- no floor imports a floor above it (the table below);
- no module much over 500 lines;
- a name another module imports does not start with an underscore.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
spec = importlib.util.spec_from_file_location("import_graph", ROOT / "scripts" / "import_graph.py")
assert spec and spec.loader
import_graph = importlib.util.module_from_spec(spec)
spec.loader.exec_module(import_graph)

MAX_LINES = 550  # "no module much over 500 lines"

#: Each floor with the floors it may import (besides itself). Prefixes of module names,
#: longest match wins. The data flows up: read articles -> pipeline and patterns ->
#: normalisers -> facts -> store -> views and CLI.
FLOORS: dict[str, set[str]] = {
    "breachfacts.errors": set(),
    "breachfacts.jsontypes": set(),
    "breachfacts.facts": set(),
    "breachfacts.pieces": set(),
    "breachfacts.tables": {"errors", "jsontypes"},
    "breachfacts.normalise": {"errors", "jsontypes", "facts"},
    "breachfacts.ingest": {"errors", "jsontypes", "facts"},
    "breachfacts.nlp": {"errors", "jsontypes", "facts", "pieces", "tables", "normalise"},
    "breachfacts.extract": {"errors", "jsontypes", "facts", "tables", "normalise", "nlp", "ingest"},
    "breachfacts.batch": {
        "errors", "jsontypes", "facts", "pieces", "tables", "normalise", "nlp", "ingest", "extract",
    },
    "breachfacts.distributed": {
        "errors", "jsontypes", "facts", "pieces", "tables", "normalise", "nlp", "ingest", "extract",
        "batch",
    },
    # following a feed: read it, fetch and extract the new items, check and add them
    "breachfacts.follow": {
        "errors", "jsontypes", "facts", "tables", "normalise", "nlp", "ingest", "extract",
        "batch", "store",
    },
    "breachfacts.store": {"errors", "jsontypes", "facts", "tables", "normalise"},
    # views read facts and the store's public report types (breachfacts.store), never its
    # internals (checked separately below)
    "breachfacts.views": {"errors", "jsontypes", "facts", "normalise", "store"},
    "breachfacts.cli": {
        "errors", "jsontypes", "facts", "pieces", "tables", "normalise", "nlp", "ingest", "extract",
        "batch", "distributed", "follow", "store", "views",
    },
}  # fmt: skip
#: The package itself is the public API: it may name anything (lazily).
TOP = "breachfacts"


def floor_of(module: str) -> str | None:
    best = None
    for prefix in FLOORS:
        if (module == prefix or module.startswith(prefix + ".")) and (
            best is None or len(prefix) > len(best)
        ):
            best = prefix
    return best


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph.graph()


def test_no_import_cycles(graph: dict[str, set[str]]) -> None:
    assert import_graph.cycles(graph) == []


def test_every_module_has_a_floor(graph: dict[str, set[str]]) -> None:
    assert [m for m in graph if m != TOP and floor_of(m) is None] == []


def test_no_floor_imports_upward(graph: dict[str, set[str]]) -> None:
    bad = []
    for mod, deps in graph.items():
        if mod == TOP:
            continue
        floor = floor_of(mod)
        assert floor is not None
        allowed = {"breachfacts." + f for f in FLOORS[floor]} | {floor}
        for dep in deps:
            dep_floor = floor_of(dep) or dep
            if dep_floor not in allowed:
                bad.append(f"{mod} -> {dep}")
    assert bad == []


def test_views_use_only_the_store_public_api(graph: dict[str, set[str]]) -> None:
    bad = [
        f"{mod} -> {dep}"
        for mod, deps in graph.items()
        if mod.startswith("breachfacts.views")
        for dep in deps
        if dep.startswith("breachfacts.store.")
    ]
    assert bad == []


def test_no_module_much_over_500_lines() -> None:
    long = {
        name: n
        for name, path in import_graph.modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_imported_names_are_public() -> None:
    """`from breachfacts.x import _name` in another module: the name is part of x's interface
    and should say so."""
    bad = []
    files = [*import_graph.modules().values(), *(ROOT / "bench").glob("*.py")]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (
                node.level or (node.module or "").startswith("breachfacts")
            ):
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        bad.append(f"{path.relative_to(ROOT)}: {node.module}.{alias.name}")
    assert bad == []
