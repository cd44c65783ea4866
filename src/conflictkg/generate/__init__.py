"""Synthetic graphs in the project's model, for benchmarks and load tests (`synth`).

May import: conflictkg.core, conflictkg.model, conflictkg.rdf.
"""

__all__ = ["synth"]
