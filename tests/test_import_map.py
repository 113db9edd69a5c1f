"""The project's import map has no circle: every import of a project module, those inside functions
included, is an edge, and the graph of modules must be acyclic."""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("extractors", "graph")


def module_name(path: Path) -> str:
    """The dotted module name of a source file under the project root."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    """Every module of pikg: the command line and the two packages."""
    found = {"pikg": ROOT / "pikg.py"}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            found[module_name(path)] = path
    return found


def imported(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules a module imports anywhere in its text, resolved to modules (not names)."""
    is_package = path.name == "__init__.py"
    package = name.split(".") if is_package else name.split(".")[:-1]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            candidates = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for candidate in candidates:
            while candidate and candidate not in modules:
                candidate = candidate.rpartition(".")[0]
            if candidate and candidate != name:
                targets.add(candidate)
    return targets


def import_graph() -> nx.DiGraph:
    """Modules as nodes, an edge from each module to every project module it imports."""
    modules = project_modules()
    g = nx.DiGraph()
    for name, path in modules.items():
        g.add_node(name)
        for target in imported(name, path, modules):
            # a package's __init__ is imported on the way to its modules; only its own imports count
            g.add_edge(name, target)
    return g


def test_no_import_circle() -> None:
    g = import_graph()
    assert g.number_of_nodes() > 40
    cycles = list(nx.simple_cycles(g, length_bound=8))
    assert not cycles, "import circles: " + "; ".join(" → ".join(c + [c[0]]) for c in cycles[:10])


def test_circle_is_found(tmp_path: Path) -> None:
    """The walk sees imports inside functions (the kind that hid circles before)."""
    a = tmp_path / "a.py"
    a.write_text("def f():\n    from extractors import engine\n", encoding="utf-8")
    modules = {"a": a, "extractors.engine": tmp_path / "engine.py"}
    assert imported("a", a, modules) == {"extractors.engine"}


def package_of(module: str) -> str:
    """graph.store.oxigraph → graph.store; extractors.assemble → extractors; pikg → pikg."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "graph" and len(parts) > 2 else parts[0]


def test_the_packages_of_graph_import_one_way() -> None:
    """graph/'s packages (model, store, build, …) form no circle either: a package's rooms stay its own."""
    packages = nx.DiGraph()
    for a, b in import_graph().edges():
        if package_of(a) != package_of(b):
            packages.add_edge(package_of(a), package_of(b))
    assert {"graph.model", "graph.store", "graph.output", "graph.serve"} <= set(packages)
    cycles = list(nx.simple_cycles(packages))
    assert not cycles, "package circles: " + "; ".join(" → ".join(c + [c[0]]) for c in cycles)
    assert not nx.descendants(packages, "extractors"), "extractors must not import graph"
