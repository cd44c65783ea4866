"""Where the exporters, the reasoner and the charts get the project's triples from.

Two views of the same files, one named graph per file
(`https://w3id.org/conflict-kg/graph/<folder>/<file stem>`, e.g. `graph/data/palmyra-airstrike-2024`,
`graph/ontology/conflict-kg`):

- `ProjectTriples`: every file as N-Triples lines, exactly as written. The RDF exports, the
  reasoner and whole-graph validation use it. Parsing is pyoxigraph's (Rust), about a million
  triples in three seconds; the lines are then kept, compressed, in `.conflictkg/ntriples/`
  (`conflictkg.storage.ntcache`).
- `project_store(project)`: the embedded store (`conflictkg.storage.store`, built or refreshed when the
  files changed) for SPARQL: the CSV and GeoJSON tables and the charts. `load_store` builds the
  same in memory, for a selection of triples or where no store should be written.

Why not export from the store: Oxigraph normalises literals when it stores them
(oxigraph/oxigraph#526): `"108"^^xsd:nonNegativeInteger` comes back as `"108"^^xsd:integer`,
`"05"^^xsd:integer` as `"5"`. Numbers in a table do not mind, but an RDF export would no longer be
the curated graph (its SHACL datatypes would fail), so the RDF exports read the files.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox

from conflictkg.core.errors import UserError
from conflictkg.core.paths import Project
from conflictkg.model.namespaces import BASE, CKG
from conflictkg.rdf import datafiles
from conflictkg.storage import store as embedded
from conflictkg.storage.ntcache import iter_ntriples, ntriples_cache, parse_error, read_ntriples
from conflictkg.storage.store import graph_iri

GRAPH_BASE = BASE + "graph/"
DATA_GRAPH_BASE = GRAPH_BASE + "data/"
ONTOLOGY_GRAPH_BASE = GRAPH_BASE + "ontology/"
# Where `--reason` puts the entailed triples (N-Triples syntax, like every graph name here).
ENTAILMENTS_GRAPH = f"<{GRAPH_BASE}entailments>"

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def graph_for_file(project: Project, path: Path) -> str:
    """The named graph a project file is loaded into, as `<IRI>`: the same as the embedded
    store's (`conflictkg.storage.store.graph_iri`), e.g. `<.../graph/data/palmyra-airstrike-2024>`."""

    return f"<{graph_iri(project, Path(path))}>"


@dataclass
class ProjectTriples:
    """The project's files as N-Triples, one named graph per file, parsed on first use."""

    project: Project
    ontology: dict[str, Path] = field(default_factory=dict)  # graph -> file
    data: dict[str, Path] = field(default_factory=dict)
    _lines: dict[str, list[str]] = field(default_factory=dict, repr=False)
    extra: dict[str, list[str]] = field(default_factory=dict)  # graphs added in memory (entailments)

    @classmethod
    def of(cls, project: Project) -> "ProjectTriples":
        self = cls(project)
        for path in project.ontology_files():
            self.ontology[graph_for_file(project, path)] = path
        for path in project.data_files():
            self.data[graph_for_file(project, path)] = path
        return self

    def lines(self, graph: str) -> list[str]:
        if graph in self.extra:
            return self.extra[graph]
        if graph not in self._lines:
            path = self.data.get(graph) or self.ontology[graph]
            self._lines[graph] = read_ntriples(path, ntriples_cache(self.project))
        return self._lines[graph]

    def iter_lines(self, graph: str) -> Iterator[str]:
        """The lines of `graph` one by one, read from the file's N-Triples copy on disk: memory does
        not grow with the file (`lines` keeps them all)."""
        if graph in self.extra or graph in self._lines:
            yield from self.lines(graph)
            return
        path = self.data.get(graph) or self.ontology[graph]
        yield from iter_ntriples(path, ntriples_cache(self.project))

    def graphs(self, *, data: bool = True, ontology: bool = False, extra: bool = True) -> list[str]:
        out = []
        if ontology:
            out += sorted(self.ontology)
        if data:
            out += sorted(self.data)
        if extra:
            out += sorted(self.extra)
        return out

    def provenance_name(self, graph: str) -> str:
        """The name a file's graph gets in a TriG export: the submission or the source document the
        file describes, when it describes exactly one (a submission wins over the documents it
        cites); otherwise the file's own graph name. So a file per article gives one graph per
        article, named by the article, and a submission file a graph named by the submission."""
        for cls in ("Submission", "SourceDocument"):
            suffix = f" {RDF_TYPE} <{CKG}{cls}> ."
            nodes = {line.split(" ", 1)[0] for line in self.lines(graph) if line.endswith(suffix)}
            if len(nodes) == 1:
                (node,) = nodes
                if node.startswith("<"):
                    return node
        return graph


@contextmanager
def project_store(project: Project, *, progress: bool = True) -> Iterator[ox.Store]:
    """The project's embedded store, opened read-only (see `conflictkg.storage.store.reader`;
    `progress`: show a build's progress on a terminal, if it needs one)."""

    with embedded.reader(project, progress=progress) as build:
        yield embedded.open_store(build)


def load_store(project: Project) -> ox.Store:
    """A pyoxigraph store with the ontology, the vocabularies and the curated data of `project`,
    one named graph per file, for SPARQL. (Literals are normalised by Oxigraph: see above.)"""
    store = ox.Store()
    for path in [*project.ontology_files(), *project.data_files()]:
        graph = ox.NamedNode(graph_for_file(project, path)[1:-1])
        try:
            datafiles.bulk_load(store, path, graph=graph.value)
        except SyntaxError as exc:
            raise parse_error(path, exc) from None
        except OSError as exc:
            raise UserError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return store
