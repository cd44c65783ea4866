"""Helpers for tests that compare query answers with expectations written as prefixed names."""

from __future__ import annotations

from rdflib import Literal, URIRef

from conflictkg.model.namespaces import PREFIXES

_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def short(term) -> str | None:
    """A term as the tests write it: `prefix:local` for IRIs, the lexical form for literals."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        s = str(term)
        for prefix, ns in _BY_LENGTH:
            if s.startswith(ns):
                return f"{prefix}:{s[len(ns):]}"
        return s
    if isinstance(term, Literal):
        return str(term)
    return str(term)


def rows(graph, query: str) -> list[tuple]:
    from conflictkg.model.namespaces import sparql_prologue

    return [tuple(short(v) for v in row) for row in graph.query(sparql_prologue() + query)]
