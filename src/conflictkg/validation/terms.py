"""How validation names what it reports on: RDF terms and SHACL paths as text, files relative to
the project, the prefixes its messages use, and copying a result's tree out of a report graph.
Shared by the pySHACL path (`validate`) and the compiled-SPARQL engine (`shaclsparql`).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Literal
from rdflib.collection import Collection
from rdflib.namespace import RDF

from conflictkg.model.namespaces import PREFIXES, SH

SHAPES_NS = "https://w3id.org/conflict-kg/shapes#"
DISPLAY_PREFIXES = {**PREFIXES, "shape": SHAPES_NS}


def term_text(term) -> str | None:
    if term is None:
        return None
    if isinstance(term, BNode):
        return "_:" + str(term)
    if isinstance(term, Literal):
        return term.n3()
    return str(term)


def path_text(graph, path, nested: bool = False) -> str:
    """A SHACL path: an IRI for a predicate path, else a SPARQL property path (IRIs in <>)."""

    if not isinstance(path, BNode):
        return f"<{path}>" if nested else str(path)
    if (path, SH.inversePath, None) in graph:
        return "^" + group_path(path_text(graph, graph.value(path, SH.inversePath), True))
    if (path, SH.alternativePath, None) in graph:
        items = Collection(graph, graph.value(path, SH.alternativePath))
        return "(" + "|".join(path_text(graph, i, True) for i in items) + ")"
    for key, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        if (path, key, None) in graph:
            return group_path(path_text(graph, graph.value(path, key), True)) + mark
    if (path, RDF.first, None) in graph:
        return "/".join(path_text(graph, i, True) for i in Collection(graph, path))
    return "_:" + str(path)


def group_path(text: str) -> str:
    simple = text.startswith("<") and text.endswith(">") and text.count("<") == 1
    return text if simple or (text.startswith("(") and text.endswith(")")) else f"({text})"


def display_path(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return path.name


def copy_tree(src, node, dst) -> None:
    """Copy `node`'s triples from graph `src` to `dst`, and those of the blank nodes it reaches."""

    stack, seen = [node], set()
    while stack:
        n = stack.pop()
        if n in seen:
            continue
        seen.add(n)
        for p, o in src.predicate_objects(n):
            dst.add((n, p, o))
            if isinstance(o, BNode):
                stack.append(o)
