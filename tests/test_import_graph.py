"""
The shape of the house, read from the code itself: the publishing core imports no domain,
the Forum's domain does not import documents, nothing imports the project, and no module
reaches itself through others (imports inside functions count: they are no way round).

    .venv/bin/pytest tests/test_import_graph.py -q      # or: python tests/test_import_graph.py
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("forum", "documents")
# Who may import whom: core ← forum ← documents, and the project on top of all.
ALLOWED = {
    "core": {"core"},
    "forum": {"core", "forum"},
    "documents": {"core", "forum", "documents"},
    "project": {"core", "forum", "documents", "project"},
}


def modules():
    """{dotted name: path} of every module of the installable packages."""
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def layer(module):
    if module.startswith("forum.core"):
        return "core"
    if module.startswith("forum.project"):
        return "project"
    return module.split(".")[0]


def imports(path, known):
    """The project's modules that the file at ``path`` imports, wherever it does."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # "from forum.core import registry" imports the module forum.core.registry.
            names = [
                f"{node.module}.{alias.name}"
                if f"{node.module}.{alias.name}" in known
                else node.module
                for alias in node.names
            ]
        else:
            continue
        found.update(name for name in names if name.split(".")[0] in PACKAGES)
    return found


def graph():
    known = modules()
    return {name: imports(path, known) - {name} for name, path in known.items()}


def cycles(edges):
    """Every strongly connected group of more than one module (Tarjan)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in edges:
        if node not in index:
            visit(node)
    return groups


def wrong_way(edges):
    return sorted(
        f"{source} → {target}"
        for source, targets in edges.items()
        for target in targets
        if layer(target) not in ALLOWED[layer(source)]
    )


def test_dependencies_point_one_way():
    assert wrong_way(graph()) == []


def test_no_module_reaches_itself():
    assert cycles(graph()) == []


def test_the_walk_sees_imports_at_any_depth(tmp_path):
    """The checks catch what they are for: an import inside a function, a cycle."""
    module = tmp_path / "example.py"
    module.write_text("def f():\n    from documents.models import Document\n")
    assert imports(module, {"documents.models"}) == {"documents.models"}
    assert wrong_way({"forum.core.cache": {"documents.models"}}) == [
        "forum.core.cache → documents.models"
    ]
    assert cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]


if __name__ == "__main__":
    edges = graph()
    for source in sorted(edges):
        print(f"{source} ({layer(source)}) → {', '.join(sorted(edges[source])) or '—'}")
    problems = wrong_way(edges) + [" ⟲ ".join(group) for group in cycles(edges)]
    print("\n".join(problems) or "No arrow the wrong way, no circle.")
    sys.exit(1 if problems else 0)
