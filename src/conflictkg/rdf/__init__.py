"""Reading and writing RDF: the one parser of the project's own files (`datafiles`), the safe
reader of untrusted submissions (`safeload`), the project graph in rdflib and canonical sorted
Turtle (`rdfio`, `rdfwrite`), N-Quads for bulk loaders (`nquads`), JSON-LD in and out (`jsonld`, `readable_jsonld`), and output files
(`outputs`).

May import: conflictkg.core, conflictkg.model.
"""

__all__ = ["datafiles", "safeload", "rdfio", "rdfwrite", "nquads", "jsonld", "readable_jsonld", "outputs"]
