"""Validation against the SHACL shapes: a submission in the context of the graph, or the whole
graph (`validate`), with the shapes compiled to SPARQL (`shaclsparql`) or run by pySHACL; `terms`
is how both name what they report.

May import: conflictkg.core, conflictkg.model, conflictkg.rdf, conflictkg.storage, conflictkg.query.
"""

__all__ = ["validate", "shaclsparql", "terms"]
