"""Reading the project's RDF files and writing Turtle in one stable, sorted form.

The canonical form exists so that a change to the data reads as a small diff: subjects sorted by
IRI, `a` first, then predicates and objects sorted, one predicate per line. Blank nodes that are
used once are written inline, nested, in the position of their single use.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from conflictkg.core.errors import UserError
from conflictkg.core.paths import Project
from conflictkg.model.namespaces import PREFIXES, bind_prefixes
from conflictkg.rdf import datafiles, rdfwrite

_RDF_TYPE = RDF.type


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def from_oxigraph(term, bnodes: dict, prefix: str):
    """The rdflib term for a pyoxigraph term, as rdflib's parser makes it (a plain literal has no
    datatype). Blank nodes are labelled `<prefix>b<n>` in order of appearance, `bnodes` mapping
    the parser's labels; None for a triple term (RDF 1.2) or the default graph."""

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        label = bnodes.get(term.value)
        if label is None:
            label = bnodes[term.value] = f"{prefix}b{len(bnodes) + 1}"
        return BNode(label)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == _XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
    return None


def parse_turtle_file(path: Path, graph: Graph | None = None, *, data: bytes | None = None) -> Graph:
    """Parse one trusted project file (ontology, shapes or curated data) into `graph`, with the
    file's prefixes bound (as rdflib's own parser binds them).

    Oxigraph parses (in Rust, about twice as fast as rdflib's parser even with the conversion);
    the terms are the ones rdflib's parser makes (`from_oxigraph`), blank nodes new to `graph`. A
    syntax error becomes a one-line UserError naming the file and line.
    """

    graph = graph if graph is not None else Graph()
    path = Path(path)
    blanks: dict = {}
    prefix = str(BNode())  # unique to this parse: files read into one graph keep their blank nodes apart

    def term(t):
        converted = from_oxigraph(t, blanks, prefix)
        if converted is None:  # rdflib has no triple terms
            raise UserError(f"{path}: cannot parse {datafiles.syntax_name(path)}: RDF-star / RDF 1.2 triple terms (<< >>) are not accepted")
        return converted

    try:
        parser = datafiles.parse(path, data)
        graph.addN((term(q.subject), term(q.predicate), term(q.object), graph) for q in parser)
    except SyntaxError as exc:
        line = getattr(exc, "lineno", None)
        reason = " ".join(str(getattr(exc, "msg", None) or exc).split())[:200]
        raise UserError(f"{path}{f':{line}' if line else ''}: cannot parse {datafiles.syntax_name(path)}: {reason}") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read: {exc.strerror or exc}") from None
    for prefix_name, namespace in parser.prefixes.items():
        graph.bind(prefix_name, namespace, override=False)
    return graph


def load_graph(project: Project, *, ontology: bool = True, data: bool = True, shapes: bool = False) -> Graph:
    """The project's graph in rdflib: ontology and vocabularies, curated data, optionally shapes."""
    graph = Graph()
    bind_prefixes(graph)
    files: list[Path] = []
    if ontology:
        files += project.ontology_files()
    if data:
        files += project.data_files()
    if shapes:
        files += project.shapes_files()
    for path in files:
        parse_turtle_file(path, graph)
    return graph


# --------------------------------------------------------------------------------------------
# Canonical Turtle
# --------------------------------------------------------------------------------------------


def to_oxigraph(term):
    """The pyoxigraph term for an rdflib term (None stays None)."""

    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unexpected term {term!r}")


def canonical_turtle(graph: Graph, *, header: str | None = None, prefixes: dict[str, str] | None = None) -> str:
    """Serialise `graph` as sorted, stable Turtle (see `conflictkg.rdf.rdfwrite`, which writes it).

    `header` is written first as # comments. The prefixes are the project's, plus any other
    prefix the graph declares; only those in use are written.
    """

    if prefixes is None:
        prefixes = dict(PREFIXES)
        taken = set(prefixes.values())
        for prefix, ns in graph.namespaces():
            if prefix and prefix not in prefixes and str(ns) not in taken:
                prefixes[prefix] = str(ns)
                taken.add(str(ns))
    lines = [f"{to_oxigraph(s)} {to_oxigraph(p)} {to_oxigraph(o)} ." for s, p, o in graph]
    out = io.BytesIO()
    rdfwrite.write_turtle(rdfwrite.group([lines]), out, header=header, prefixes=prefixes)
    return out.getvalue().decode("utf-8")


def read_header(path: Path) -> str | None:
    """The leading comment block of a Turtle file, without the `# ` marks, so rewrites keep it."""
    lines = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                lines.append(line[2:].rstrip("\n") if line.startswith("# ") else line[1:].rstrip("\n"))
            else:
                break
    return "\n".join(lines) if lines else None


# --------------------------------------------------------------------------------------------
# Atomic writes
# --------------------------------------------------------------------------------------------


def iter_files(paths: Iterable[Path]) -> list[Path]:
    return sorted(Path(p) for p in paths)
