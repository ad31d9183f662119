"""Print breachfacts' modules with line counts, its internal import graph and any import cycles.

Usage: python scripts/import_graph.py [--dot]

Reads the source with ast (nothing is imported), so it works without spaCy installed.
Function-local imports count: a loop hidden inside a function is still a loop.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "breachfacts"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted((ROOT / PACKAGE).rglob("*.py"))}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The breachfacts modules that `name` imports (resolved to a known module)."""
    is_pkg = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def resolve(target: str) -> str | None:
        while target:
            if target in known:
                return target
            target = target.rpartition(".")[0]
        return None

    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_pkg else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            targets = [f"{mod}.{a.name}" for a in node.names] + [mod]
        for t in targets:
            if t.startswith(PACKAGE):
                r = resolve(t)
                if r and r != name:
                    found.add(r)
    return found


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    g = {}
    for n, p in mods.items():
        deps = imports_of(n, p, known)
        # importing a.b.c implies importing its packages a.b and a: not an edge worth showing
        g[n] = {d for d in deps if not n.startswith(d + ".")}
    return g


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(g.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(g):
        if v not in index:
            visit(v)
    return out


def main() -> None:
    mods = modules()
    g = graph()
    if "--dot" in sys.argv:
        print("digraph breachfacts {")
        for n in sorted(g):
            for d in sorted(g[n]):
                print(f'  "{n}" -> "{d}";')
        print("}")
        return
    print("modules (lines):")
    for n, p in mods.items():
        print(f"  {len(p.read_text(encoding='utf-8').splitlines()):5d}  {n}")
    print("\nimports (module -> breachfacts modules it imports):")
    for n in sorted(g):
        short = sorted(d.removeprefix(PACKAGE + ".") for d in g[n])
        print(f"  {n.removeprefix(PACKAGE + '.') or PACKAGE} -> {', '.join(short) or '-'}")
    cyc = cycles(g)
    print("\ncycles:", "none" if not cyc else "")
    for c in cyc:
        print("  " + " <-> ".join(c))


if __name__ == "__main__":
    main()
