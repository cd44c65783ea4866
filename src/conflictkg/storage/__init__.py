"""Where the graph lives between commands: the embedded Oxigraph store built from ontology/ and
data/ (`store`), each file's N-Triples kept by content hash (`ntcache`), and the project's triples
per file for exports and whole-graph work (`graphs`), and a spool on disk that sorts triples and
gives them back one subject at a time in bounded memory (`spool`).

May import: conflictkg.core, conflictkg.model, conflictkg.rdf.
"""

__all__ = ["store", "ntcache", "graphs", "spool"]
