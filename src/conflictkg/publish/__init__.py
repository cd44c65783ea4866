"""What the graph is turned into for other tools and readers: RDF and table exports (`export`),
the ACLED/UCDP-style tables (`tables`; the events table of the whole graph built on disk from the
files' N-Triples copies, `tablespool`), an event's figures in one line per comparison key (`headline`), charts (`charts`), the ontology diagram (`diagram`) and the
written OWL RL entailments (`reasoning`).

May import: conflictkg.core, conflictkg.model, conflictkg.rdf, conflictkg.storage, conflictkg.query.
"""

__all__ = ["export", "tables", "tablespool", "headline", "charts", "diagram", "reasoning"]
