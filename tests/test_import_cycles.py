"""The packages of tracker/ depend on each other in one direction only.

Each feature package (tracker/agreements …), each shared package
(interchange, api, audit …) and each top-level module is one node; an
import anywhere in it, at the top or inside a function, is an edge. Any
cycle, of two nodes or more, fails with the imports that make it.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "tracker"


def unit_of(module: str) -> str:
    """tracker.agreements.views → agreements; tracker.dates → dates; tracker → tracker."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    path = ROOT.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imported(path: Path, module: str) -> set[str]:
    names = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([node.module] if node.module else []))
            # "from tracker import dates" imports the module tracker.dates, not tracker.
            names |= {
                f"{base}.{alias.name}" if is_module(f"{base}.{alias.name}") else base
                for alias in node.names
            }
    return {name for name in names if name == "tracker" or name.startswith("tracker.")}


def dependency_graph() -> dict[str, dict[str, list[str]]]:
    """{unit: {unit it imports: [the modules that import it]}}."""
    graph: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in sorted(ROOT.rglob("*.py")):
        module = module_name(path)
        for name in imported(path, module):
            source, target = unit_of(module), unit_of(name)
            if source != target:
                graph[source][target].append(module)
    return graph


def cycles(graph) -> list[list[str]]:
    """The strongly connected parts of more than one node (Tarjan, iteratively)."""
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], [0]
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = counter[0]
                    counter[0] += 1
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph.get(target, {})))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    part = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        part.append(member)
                        if member == node:
                            break
                    if len(part) > 1:
                        found.append(sorted(part))
    return found


def test_no_package_imports_a_package_that_imports_it_back():
    graph = dependency_graph()
    found = cycles(graph)
    explained = [
        f"{' ↔ '.join(part)}: "
        + "; ".join(
            f"{source} → {target} ({', '.join(sorted(set(graph[source][target])))})"
            for source in part
            for target in part
            if target in graph.get(source, {})
        )
        for part in found
    ]
    assert explained == []


def test_the_cycle_check_finds_a_cycle():
    graph = {
        "a": {"b": ["tracker.a.x"]},
        "b": {"c": ["tracker.b.y"]},
        "c": {"a": ["tracker.c"]},
        "d": {"a": ["tracker.d"]},
    }

    assert cycles(graph) == [["a", "b", "c"]]
