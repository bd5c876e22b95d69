"""The import graph: no circle between modules, and no layer imports a layer above it (docs/architecture.md).

Every import counts, those inside functions too: a lazy import hides a circle from Python, not from a reader.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "cogsim"

#: The layers, lowest first; a module may import its own layer's modules and any layer below.
#: Helper modules (``cogsim._*``) sit below everything.
LAYERS = ["stimuli", "lesions", "patients", "presets", "paradigms", "checks", "explain", "analysis", "sweeps", "cases",
          "replication", "labs", "cli", ""]


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path = ROOT) -> dict:
    """Module → the cogsim modules it imports (a package only when the import names the package itself)."""
    files = {_module_name(p, root): p for p in root.rglob("*.py") if "sources" not in p.relative_to(root).parts}
    graph = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[:len(package.split(".")) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in files]
                edges.update(subs if len(subs) == len(node.names) else [target, *subs])
            elif isinstance(node, ast.Import):
                edges.update(a.name for a in node.names)
        graph[name] = {e for e in edges if e in files and e != name}
    return graph


def _layer(module: str) -> int | None:
    """The rank of *module*'s layer; None for a helper (``cogsim._x``)."""
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else ""
    if top.startswith("_"):
        return None
    return LAYERS.index(top)


def cycles(graph: dict) -> list:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, found, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def upward(graph: dict) -> list:
    """Imports from a module into a higher layer, or from a helper into a layer."""
    bad = []
    for module, targets in graph.items():
        for target in targets:
            here, there = _layer(module), _layer(target)
            if there is None:
                continue
            if here is None or there > here:
                bad.append(f"{module} -> {target}")
    return sorted(bad)


def test_every_module_is_in_a_layer():
    for module in import_graph():
        top = module.split(".")[1] if "." in module else ""
        assert top.startswith("_") or top in LAYERS, f"{module} is in no layer of docs/architecture.md"


def test_no_import_circle():
    assert cycles(import_graph()) == []


def test_no_import_up():
    assert upward(import_graph()) == []


def test_the_checks_find_a_circle_and_an_import_up(tmp_path):
    """The two checks on a small package made to break both rules."""
    pkg = tmp_path / "cogsim"
    (pkg / "stimuli").mkdir(parents=True)
    (pkg / "analysis").mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "stimuli" / "__init__.py").write_text("def f():\n    from ..analysis import report\n")
    (pkg / "analysis" / "__init__.py").write_text("")
    (pkg / "analysis" / "report.py").write_text("from . import figures\n")
    (pkg / "analysis" / "figures.py").write_text("from .report import x\n")
    graph = import_graph(pkg)
    assert cycles(graph) == [["cogsim.analysis.figures", "cogsim.analysis.report"]]
    assert upward(graph) == ["cogsim.stimuli -> cogsim.analysis.report"]


@pytest.mark.parametrize("module", ["cogsim.replication", "cogsim.analysis.report"])
def test_no_function_over_80_lines(module):
    """The main data path stays readable: no function of the replication or the report over 80 lines."""
    path = ROOT.parent / (module.replace(".", "/") + ".py")
    long = [f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 80]
    assert long == []
