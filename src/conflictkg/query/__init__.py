"""Querying: the library of stored queries (`library`), checking and running SPARQL on the embedded
store, a remote endpoint or the query daemon (`sparql`, `sparqltext`, `daemon` and the rows of its
answers as text, `textrows`, `remote`, and the
`_worker` process each one-shot query runs in), checking parameters against the graph and
looking up labels (`lookup`), and writing results (`resultformats`, and tables that fit a
terminal: `textable`).

May import: conflictkg.core, conflictkg.model, conflictkg.rdf, conflictkg.storage.
"""

__all__ = ["library", "sparql", "sparqltext", "resultformats", "remote", "daemon", "lookup", "textable", "textrows"]
