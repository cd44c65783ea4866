"""How the project reads its own RDF files (ontology/, data/, shapes/): one parser, one configuration.

Every reader of data/ in the project (the store build, the query daemon, whole-graph validation,
submit's checks, export, fmt, the N-Triples cache) parses a file through this module, so they all
read the same triples from the same bytes. That matters because RDF parsers disagree at the edges:
rdflib ends a comment only at LF while Oxigraph (and the Turtle grammar) also ends it at CR, so
a file read by two different parsers could say two different things. Here there is one: Oxigraph's
parsers, with the file's own `file:` URI as base IRI.

The syntax follows the extension (`FORMATS`): Turtle (.ttl), N-Triples (.nt), N-Quads (.nq),
TriG (.trig) and JSON-LD (.jsonld). A file is one graph: the named graphs of a TriG, N-Quads or
JSON-LD file are merged into it, as the triples of a Turtle file are. A JSON-LD file may name the
project's context by its IRI, which is read from the package (never fetched); any other remote
context is refused.

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


FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


def format_of(path: Path):
    """The pyoxigraph format of a project file, from its extension (Turtle when it has none of
    ours: ontology/ and shapes/ files, and files named on the command line)."""
    return FORMATS.get(Path(path).suffix.lower(), ox.RdfFormat.TURTLE)


def format_key(path: Path) -> str:
    """The short name of a file's syntax, as `conflictkg validate --format-in` spells it (turtle,
    ntriples, nquads, trig, jsonld)."""
    return {".nt": "ntriples", ".nq": "nquads", ".trig": "trig", ".jsonld": "jsonld"}.get(Path(path).suffix.lower(), "turtle")


def syntax_name(path: Path) -> str:
    """The name of the syntax a file is read in, for messages ("cannot parse N-Triples")."""
    return format_of(path).name


def parse(path: Path, data: bytes | None = None, *, reader=None) -> Iterator:
    """The quads of the file `path` (from `data` or `reader` when given, else read from disk), as
    pyoxigraph parses them for every reader of the project, all in the default graph. Raises
    SyntaxError (with `lineno`) or OSError as pyoxigraph does."""

    fmt = format_of(path)
    options = {"format": fmt, "base_iri": base_iri(path)}
    if fmt == ox.RdfFormat.JSON_LD:
        raw = data if data is not None else reader.read() if reader is not None else Path(path).read_bytes()
        return _merged(ox.parse(input=_local_context(raw), **options))
    if reader is not None:
        quads = ox.parse(input=reader, **options)
    elif data is not None:
        quads = ox.parse(input=data, **options)
    else:
        quads = ox.parse(path=str(path), **options)
    return _merged(quads) if fmt.supports_datasets else quads


class _merged:
    """The quads of a dataset moved into the default graph (keeping the parser's `prefixes`)."""

    def __init__(self, quads):
        self._quads = quads

    def __iter__(self):
        for quad in self._quads:
            yield ox.Quad(quad.subject, quad.predicate, quad.object) if quad.graph_name != ox.DefaultGraph() else quad

    @property
    def prefixes(self) -> dict:
        return getattr(self._quads, "prefixes", {})


def _local_context(raw: bytes) -> bytes:
    """JSON-LD with the project's context IRI replaced by the context itself (never fetched)."""
    # json and the project's context only for JSON-LD files, which are rare in data/.
    import json

    from conflictkg.rdf.jsonld import CONTEXT_IRI, inline_context

    try:
        doc = inline_context(json.loads(raw))
    except ValueError as exc:
        raise SyntaxError(f"not valid JSON: {exc}") from None
    remote = _remote_context(doc)
    if remote is not None:
        raise SyntaxError(f"the @context {remote} would have to be fetched, and nothing is fetched: inline it "
                          f"(the project's own context, {CONTEXT_IRI}, is read from the package)")
    return json.dumps(doc).encode("utf-8")


def _remote_context(doc) -> str | None:
    """The first @context given by reference (a string) left in a JSON-LD document, if any."""
    stack = [doc]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            for key, value in item.items():
                if key == "@context":
                    for ctx in value if isinstance(value, list) else [value]:
                        if isinstance(ctx, str):
                            return ctx
                        stack.append(ctx)
                elif isinstance(value, (dict, list)):
                    stack.append(value)
    return None


def bulk_load(store, path: Path, data: bytes | None = None, *, graph: str | None = None, reader=None) -> None:
    """Load a project file into a pyoxigraph store (into the named graph `graph` if given), with
    the same format and base IRI as `parse`; from `data` or `reader` (a binary file) when given."""

    fmt = format_of(path)
    if fmt.supports_datasets:  # TriG, N-Quads, JSON-LD: one graph per file, as for Turtle
        if reader is not None and data is None:
            data = reader.read()  # through the reader, which may be hashing what is loaded
        target = ox.NamedNode(graph) if graph is not None else ox.DefaultGraph()
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, target) for q in parse(path, data))
        return
    options = {"format": fmt, "base_iri": base_iri(path)}
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
        raise UserError(f"{path}{f':{line}' if line else ''}: cannot parse {syntax_name(path)}: {exc}") from None


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
