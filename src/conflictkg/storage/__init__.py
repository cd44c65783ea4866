"""Where the graph lives between commands: the embedded Oxigraph store built from ontology/ and
data/ (`store`), and the project's triples as N-Triples per file for exports and whole-graph work
(`graphs`).

May import: conflictkg.core, conflictkg.model, conflictkg.rdf.
"""

__all__ = ["store", "graphs"]
