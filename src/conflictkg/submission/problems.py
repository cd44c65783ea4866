"""How a submission's problems are told: the refusal that carries them, and how a node of the
submission is named in a message (its prefixed IRI, or for a blank node its type and what tells it
apart). Shared by `submit` and the checks it runs (`limits`, `quotes`).
"""

from __future__ import annotations

from rdflib import BNode, Graph
from rdflib.namespace import RDF, RDFS

from conflictkg.core.errors import EXIT_FAILURE, UserError
from conflictkg.model.names import qname
from conflictkg.model.namespaces import CKG


class Refused(UserError):
    """The submission cannot be accepted; `problems` lists every reason, one line each."""

    exit_code = EXIT_FAILURE

    def __init__(self, name: str, problems: list[str], summary: str | None = None):
        self.problems = problems
        super().__init__(summary or f"{name}: refused ({len(problems)} problem(s)); data/ is unchanged")


def term(term) -> str:
    """An IRI as a prefixed name when it can be one (`actor:sohr`), else `<iri>`."""
    return qname(term)


def show(graph: Graph, node) -> str:
    """A node of the submission as a message names it."""
    if isinstance(node, BNode):
        label = graph.value(node, RDFS.label)
        types = ", ".join(sorted(term(t) for t in graph.objects(node, RDF.type))) or "untyped node"
        if label is None:
            # Claims and participations have no label: what they say tells them apart.
            parts = [term(v) for v in (graph.value(node, CKG.measure), graph.value(node, CKG.agent),
                                       graph.value(node, CKG.role)) if v is not None]
            figure = graph.value(node, CKG.figureText)
            parts += [f"\"{figure}\""] if figure is not None else []
            return f"the {types}" + (f" ({', '.join(parts)})" if parts else "") + " (a blank node)"
        return f"the {types} \"{label}\" (a blank node)"
    return term(node)
