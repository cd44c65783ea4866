"""`conflictkg reason`: write the OWL RL entailments of ontology plus data to a separate file."""

from __future__ import annotations

import click

from conflictkg.core.errors import EXIT_FAILURE
from conflictkg.core.paths import find_project
from conflictkg.rdf.outputs import refuse_project_sources


@click.command()
@click.option("-o", "--output", default="-", show_default=True, metavar="FILE",
              help="Where to write the entailed triples (.ttl or .nt; - is stdout). Never inside data/.")
@click.option("-f", "--format", "fmt", type=click.Choice(["turtle", "ntriples"]), help="Format, overriding the extension.")
@click.option("--check", is_flag=True, help="Also run owlrl's full OWL RL closure (slow) and exit 1 if it finds an inconsistency.")
@click.option("--quiet", "-q", is_flag=True, help="No progress on stderr (shown only on a terminal, for a large graph).")
def reason(output, fmt, check, quiet):
    """Materialise the OWL RL entailments (class and property hierarchies, domains and ranges,
    transitive, symmetric and inverse properties, property chains) of the ontology plus the
    curated data. Only the new triples are written; data/ is never modified. See docs/reasoning.md."""
    # Imported when the command runs, so that `conflictkg --help` stays quick.
    from conflictkg.publish.reasoning import write_entailments
    from conflictkg.rdf.outputs import progress_wanted

    project = find_project()
    refuse_project_sources(output, project)
    result = write_entailments(project, output, fmt, progress=progress_wanted(quiet))
    if output != "-" and not quiet:
        click.echo(f"wrote {result.count} entailed triples to {output}", err=True)
    if check:
        # Imported when the command runs, so that `conflictkg --help` stays quick.
        from conflictkg.model.entailment import inconsistencies
        from conflictkg.rdf.rdfio import load_graph

        problems = inconsistencies(load_graph(project))
        for message in problems:
            click.echo(f"inconsistent: {' '.join(message.split())}", err=True)
        if problems:
            raise SystemExit(EXIT_FAILURE)
        click.echo("consistent: owlrl finds no inconsistency", err=True)
