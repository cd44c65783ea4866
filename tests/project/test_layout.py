"""The package layout (docs/architecture.md): dependencies run one way, no import cycles, no private
names across packages, every import inside a function says why, and the page names the packages
that exist."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "conflictkg"
# Lowest layer first: a package may import only packages of a lower rank (docs/architecture.md).
RANK = {"core": 0, "model": 1, "rdf": 2, "storage": 3, "generate": 3, "query": 4, "validation": 5, "publish": 5,
        "submission": 6, "server": 7, "commands": 8}
TOP_MODULES = {"cli", "__main__"}  # above every package


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _resolve(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports():
    """(importing module, imported module, imported name or None, node, inside a function)."""
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = {id(n) for n in tree.body}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if not node.module.startswith("conflictkg"):
                    continue
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    target = full if full in MODULES else _resolve(node.module)
                    yield module, target, alias.name, node, id(node) not in top
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("conflictkg"):
                        yield module, _resolve(alias.name), None, node, id(node) not in top


def test_packages_import_only_lower_layers():
    wrong = []
    for module, target, _, node, _ in _imports():
        a, b = _part(module), _part(target or "")
        if not b or a == b or b == "__init__":
            continue
        if a in TOP_MODULES:
            continue
        if b in TOP_MODULES or RANK.get(b, 99) >= RANK.get(a, -1):
            wrong.append(f"{module}:{node.lineno} imports {target} ({b} is not below {a})")
    assert wrong == []


def test_no_import_cycles_between_modules():
    edges = defaultdict(set)
    for module, target, _, _, _ in _imports():
        if target and target != module and target != "conflictkg":
            edges[module].add(target)
    index, low, stack, on, cycles, counter = {}, {}, [], set(), [], [0]

    def visit(v):  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
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
                cycles.append(sorted(component))

    for v in sorted(MODULES):
        if v not in index:
            visit(v)
    assert cycles == []


def test_no_private_names_across_packages():
    private = []
    for module, target, name, node, _ in _imports():
        if not target or _part(module) == _part(target):
            continue
        last = target.rsplit(".", 1)[-1]
        for n in (name or "", last):
            if n.startswith("_") and not n.startswith("__"):
                private.append(f"{module}:{node.lineno} imports {target}.{name}")
    assert private == []


def _said_why(lines: list[str], node) -> bool:
    """A comment on the import's own lines, or on the lines just above it (skipping the imports and
    blank lines of the same group)."""
    if any("#" in lines[i] for i in range(node.lineno - 1, node.end_lineno)):
        return True
    i = node.lineno - 2
    while i >= 0:
        text = lines[i].strip()
        if text.startswith("#"):
            return True
        if text.startswith(("import ", "from ")) or not text:
            i -= 1
            continue
        return False
    return False


def test_every_import_inside_a_function_says_why():
    silent = []
    for module, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        tree = ast.parse(text)
        top = {id(n) for n in tree.body}
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in top and not _said_why(lines, node):
                silent.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    assert silent == [], "an import inside a function needs a comment saying why it is there"


@pytest.mark.parametrize("package", sorted(RANK))
def test_each_package_says_what_it_is_and_lists_its_public_modules(package):
    init = PACKAGE / package / "__init__.py"
    tree = ast.parse(init.read_text(encoding="utf-8"))
    doc = ast.get_docstring(tree)
    assert doc, f"{package}/__init__.py has no docstring"
    if package not in ("server", "commands"):
        assert "May import" in doc, f"{package}/__init__.py does not say what it may import"
        exported = next(ast.literal_eval(n.value) for n in tree.body
                        if isinstance(n, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in n.targets))
        public = {p.stem for p in (PACKAGE / package).glob("*.py") if not p.stem.startswith("_")}
        assert set(exported) == public, f"{package}.__all__ lists {sorted(exported)}, the package holds {sorted(public)}"


def test_the_architecture_page_names_the_packages_that_exist():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"^\| `([a-z_]+)` \|", page, re.M))
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert named == packages == set(RANK)
    for package in packages:
        assert f"### {package}" in page or f"### server and commands" in page


def test_the_tests_mirror_the_packages():
    folders = {p.name for p in (ROOT / "tests").iterdir() if p.is_dir() and any(p.glob("test_*.py"))}
    assert folders - {"project"} <= set(RANK)
    assert not list((ROOT / "tests").glob("test_*.py")), "tests belong in the folder of the package they test"
