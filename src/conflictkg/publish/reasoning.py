"""`conflictkg reason`: the OWL RL entailments of the project's ontology and data, written to a file
of their own (never into data/). The entailment engine is `conflictkg.model.entailment`; this is
how its output is published, alongside the other exports.
"""

from __future__ import annotations

from pathlib import Path

from conflictkg.core.errors import UserError
from conflictkg.model.entailment import ntriples_entailments
from conflictkg.publish.export import ExportResult
from conflictkg.rdf import rdfwrite
from conflictkg.rdf.outputs import Phases, open_output
from conflictkg.storage.graphs import ProjectTriples


def write_entailments(project, output="-", fmt: str | None = None, *, progress: bool = False):
    """`conflictkg reason`: the entailments of the project's ontology and data, written to
    `output` as sorted Turtle or N-Triples. Returns an ExportResult. With `progress`, a large
    graph shows its phases on stderr."""
    if fmt is None:
        ext = Path(str(output)).suffix.lower()
        fmt = "ntriples" if ext == ".nt" else "turtle" if ext in (".ttl", "") or str(output) == "-" else None
        if fmt is None:
            raise UserError(f"{output}: write entailments as .ttl or .nt, or give --format")
    pt = ProjectTriples.of(project)
    large = sum(p.stat().st_size for p in pt.data.values()) >= PROGRESS_BYTES
    phases = Phases("reason", progress and large)
    try:
        phases.step("reading the ontology and data")
        everything = [line for g in pt.graphs(data=True, ontology=True, extra=False) for line in pt.lines(g)]
        phases.step(f"computing the entailments of {len(everything):,} triples")
        lines = rdfwrite.group([ntriples_entailments(everything)])
        header = ("OWL RL entailments of the conflict-kg ontology and curated data, written by `conflictkg reason`.\n"
                  "Derived: regenerate rather than edit. Only triples not already stated are listed.")
        bar = phases.counter(len(lines), "writing", "triples")
        with open_output(output) as out:
            if fmt == "ntriples":
                n = rdfwrite.write_ntriples(lines, out, progress=bar)
            else:
                n = rdfwrite.write_turtle(lines, out, header=header, progress=bar)
    finally:
        phases.close()
    return ExportResult(fmt, str(output), n, "triples")


# `conflictkg reason` shows its progress from this much data on (about 10k triples of N-Triples).
PROGRESS_BYTES = 1_000_000
