"""How the project reads its own RDF files (ontology/, data/, shapes/): one parser, one configuration.

Every reader of data/ in the project (the store build, the query daemon, whole-graph validation,
submit's checks, export, fmt, the N-Triples cache) parses a file through this module, so they all
read the same triples from the same bytes. That matters because RDF parsers disagree at the edges:
rdflib ends a comment only at LF while Oxigraph (and the Turtle grammar) also ends it at CR, so
a file read by two different parsers could say two different things. Here there is one: Oxigraph's
Turtle parser, with the file's own `file:` URI as base IRI.

Standard library and pyoxigraph only: `conflictkg query` imports this without rdflib.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from conflictkg.core.errors import UserError


def base_iri(path: Path) -> str:
    """The base IRI relative IRIs in a project file resolve against: the file's own URI."""
    return Path(path).resolve().as_uri()


def parse(path: Path, data: bytes | None = None, *, reader=None) -> Iterator:
    """The quads of the Turtle file `path` (from `data` or `reader` when given, else read from
    disk), as pyoxigraph parses them for every reader of the project. Raises SyntaxError (with
    `lineno`) or OSError as pyoxigraph does."""

    options = {"format": ox.RdfFormat.TURTLE, "base_iri": base_iri(path)}
    if reader is not None:
        return ox.parse(input=reader, **options)
    if data is not None:
        return ox.parse(input=data, **options)
    return ox.parse(path=str(path), **options)


def bulk_load(store, path: Path, data: bytes | None = None, *, graph: str | None = None, reader=None) -> None:
    """Load a project file into a pyoxigraph store (into the named graph `graph` if given), with
    the same format and base IRI as `parse`; from `data` or `reader` (a binary file) when given."""

    options = {"format": ox.RdfFormat.TURTLE, "base_iri": base_iri(path)}
    if graph is not None:
        options["to_graph"] = ox.NamedNode(graph)
    if reader is not None:
        store.bulk_load(input=reader, **options)
    elif data is not None:
        store.bulk_load(input=data, **options)
    else:
        store.bulk_load(path=str(path), **options)


def parse_triples(data: bytes, path: Path) -> Iterator:
    """The triples of `data` as if it were the file `path`; a syntax error is a UserError naming it."""

    try:
        for quad in parse(path, data):
            yield quad.triple
    except SyntaxError as exc:
        line = getattr(exc, "lineno", None)
        raise UserError(f"{path}{f':{line}' if line else ''}: cannot parse Turtle: {exc}") from None


def triple(s, p, o):
    """A pyoxigraph triple (for comparing what was meant with what was read)."""

    return ox.Triple(s, p, o)


def canonical_ntriples(triples: Iterable) -> bytes:
    """Sorted, distinct N-Triples lines as Oxigraph writes them: the form content hashes are taken of."""
    lines = sorted({f"{t} .\n" for t in triples})
    return "".join(lines).encode("utf-8")


def content_hash(triples: Iterable) -> str:
    """SHA-256 of `canonical_ntriples`."""
    return hashlib.sha256(canonical_ntriples(triples)).hexdigest()
