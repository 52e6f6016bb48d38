"""Print pia_core's dependency graph: which package imports which, and every import cycle.

Run it with `python -m tools.dependencies`. It reads the source with `ast` and imports nothing, so it
also counts imports inside functions (the usual way a circle is hidden) and works on broken code.
A "package" is a subpackage of pia_core (`pia_core.scan`) or a top-level module (`pia_core.i18n`);
imports inside one package are left out of the package graph but kept in the module graph.
Imports that pyproject.toml's import-linter contracts allow by name (`ignore_imports`: the old
paths of moved modules) are listed and left out of the cycles, so what remains is what the contracts
forbid. Options: --modules also prints the module graph; --all keeps the allowed imports in;
--root DIR reads another package.
"""

from __future__ import annotations

import argparse
import ast
import sys
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
ROOT_PACKAGE = "pia_core"

MAX_PATHS = 20_000  # paths followed per search for the shortest cycles

Graph = dict[str, set[str]]
Edge = tuple[str, str]


def module_names(root: Path, package: str) -> dict[str, Path]:
    """Every module under root by dotted name; a package's __init__ is the package's own name."""
    names: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The absolute name an ImportFrom reads from (relative imports counted from the module)."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    # "from . import x" in a package's __init__ means the package itself, in a module its parent.
    base = base[: len(base) - node.level + (1 if is_package else 0)]
    return ".".join([*base, node.module] if node.module else base)


def _known(name: str, modules: Mapping[str, Path]) -> str | None:
    """The longest known module that `name` is or lies in (`pia_core.scan.model.Scan` → the module)."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def module_graph(modules: Mapping[str, Path], package: str) -> Graph:
    """Module → the modules of `package` it imports, anywhere in its body."""
    graph: Graph = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                source = _resolve(node, name, is_package)
                # "from pia_core.scan import model" counts as importing the submodule and
                # "from pia_core import CONTENT_DIR" as importing the package (as import-linter does).
                targets = [
                    f"{source}.{alias.name}" if f"{source}.{alias.name}" in modules else source
                    for alias in node.names
                ]
            for target in targets:
                if target == package or target.startswith(package + "."):
                    found = _known(target, modules)
                    if found is not None and found != name:
                        graph[name].add(found)
    return graph


def allowed_imports(pyproject: Path) -> set[Edge]:
    """The `ignore_imports` of every import-linter contract that names two modules exactly (a
    wildcard one, like `pia_core.ui.** -> streamlit`, is about external packages here)."""
    if not pyproject.exists():
        return set()
    config = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    contracts = config.get("tool", {}).get("importlinter", {}).get("contracts", [])
    edges: set[Edge] = set()
    for contract in contracts:
        for expression in contract.get("ignore_imports", []):
            importer, _, imported = (part.strip() for part in expression.partition("->"))
            if "*" not in expression and imported:
                edges.add((importer, imported))
    return edges


def without(modules: Graph, edges: set[Edge]) -> tuple[Graph, list[Edge]]:
    """The graph without `edges`, and those of them it had."""
    found = sorted((a, b) for a, b in edges if b in modules.get(a, ()))
    return {name: targets - {b for a, b in found if a == name} for name, targets in modules.items()}, found


def package_of(module: str, package: str) -> str:
    """`pia_core.scan.model` → `scan`; `pia_core.i18n` → `i18n`; the root itself → `__init__`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == package else "__init__"


def package_graph(modules: Graph, package: str) -> Graph:
    graph: Graph = {}
    for module, targets in modules.items():
        source = package_of(module, package)
        graph.setdefault(source, set())
        for target in targets:
            if package_of(target, package) != source:
                graph[source].add(package_of(target, package))
    return graph


def strongly_connected(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Tarjan's components with more than one member (or a self-loop), each sorted, largest first."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph.get(node, ())):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(graph) + 100))
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found, key=lambda c: (-len(c), c))


def simple_cycles(graph: Mapping[str, Iterable[str]], members: list[str], limit: int = 20) -> list[list[str]]:
    """Up to `limit` elementary cycles inside one component, shortest first, each starting at its
    smallest member, so a reader sees the concrete loops and not only the tangle."""
    inside = set(members)
    cycles: list[list[str]] = []
    for start in sorted(members):
        # Breadth-first paths from start back to start through members larger than start: every
        # cycle is found once, from its smallest member.
        paths: list[list[str]] = [[start]]
        while paths and len(cycles) < limit * 4:
            longer: list[list[str]] = []
            for path in paths:
                for succ in sorted(graph.get(path[-1], ())):
                    if succ == start:
                        cycles.append(path)
                    elif succ in inside and succ > start and succ not in path and len(path) < 8:
                        longer.append([*path, succ])
            paths = longer[:MAX_PATHS]  # a dense tangle has too many to walk them all
    return sorted(cycles, key=lambda c: (len(c), c))[:limit]


def _edges_between(modules: Graph, package: str, source: str, target: str) -> list[str]:
    return sorted(
        f"{a} -> {b}"
        for a, targets in modules.items()
        for b in targets
        if package_of(a, package) == source and package_of(b, package) == target
    )


def report(modules: Graph, package: str, show_modules: bool, allowed: list[Edge] | None = None) -> str:
    packages = package_graph(modules, package)
    lines = [f"# packages of {package} and what each imports (inside functions too)"]
    width = max(len(name) for name in packages)
    lines += [f"{name:<{width}}  -> {', '.join(sorted(packages[name])) or '-'}" for name in sorted(packages)]
    if allowed:
        lines += ["", f"# left out, allowed by name in pyproject.toml (ignore_imports): {len(allowed)}"]
        lines += [f"  {a} -> {b}" for a, b in allowed]

    lines.append("")
    components = strongly_connected(packages)
    lines.append(f"# package cycles: {len(components)}")
    for component in components:
        lines.append("  tangle: " + ", ".join(component))
        for cycle in simple_cycles(packages, component):
            lines.append("    " + " -> ".join([*cycle, cycle[0]]))
            # The imports behind each two-package loop, the thinner direction first: usually the
            # one to move.
            if len(cycle) == 2:
                directions = [_edges_between(modules, package, a, b) for a, b in (cycle, cycle[::-1])]
                for edges in sorted(directions, key=len):
                    shown = edges[:6] + ([f"... {len(edges) - 6} more"] if len(edges) > 6 else [])
                    lines += [f"      {edge}" for edge in shown]

    lines.append("")
    module_components = strongly_connected(modules)
    lines.append(f"# module cycles: {len(module_components)}")
    for component in module_components:
        lines.append(f"  tangle of {len(component)}: " + ", ".join(component))
        for cycle in simple_cycles(modules, component, limit=8):
            lines.append("    " + " -> ".join([*cycle, cycle[0]]))

    if show_modules:
        lines += ["", "# modules"]
        for name in sorted(modules):
            lines.append(f"{name} -> {', '.join(sorted(modules[name])) or '-'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--modules", action="store_true", help="also print the module-level graph")
    parser.add_argument("--all", action="store_true", help="keep the imports pyproject.toml allows by name")
    parser.add_argument("--root", type=Path, default=REPO_DIR / ROOT_PACKAGE, help="package directory")
    args = parser.parse_args(argv)
    root: Path = args.root
    modules = module_graph(module_names(root, root.name), root.name)
    allowed: list[Edge] = []
    if not args.all:
        modules, allowed = without(modules, allowed_imports(root.parent / "pyproject.toml"))
    print(report(modules, root.name, args.modules, allowed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
