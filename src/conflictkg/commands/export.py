"""`conflictkg export`: write the graph in an RDF format, as CSV tables or as GeoJSON."""

from __future__ import annotations

import click

from conflictkg.publish.export import FORMATS, TABLES, export as run_export
from conflictkg.rdf.outputs import refuse_project_sources
from conflictkg.core.paths import find_project


@click.command()
@click.option("-o", "--output", default="-", show_default=True, metavar="FILE",
              help="Where to write; the format follows the extension (.ttl .nt .nq .trig .jsonld .csv .geojson), "
                   "gzip'd when it ends in .gz (graph.nq.gz). - is stdout.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), help="Format, overriding the extension (default for stdout: turtle).")
@click.option("--event", metavar="ID", help="Only this event (event:slug, slug or IRI) with its claims, participations, sources, actors and places.")
@click.option("--reason", is_flag=True, help="Add the OWL RL entailments of ontology and data (TriG: in graph .../graph/entailments).")
@click.option("--with-ontology", is_flag=True, help="Add the ontology and the SKOS vocabularies (RDF formats).")
@click.option("--table", type=click.Choice(TABLES), default="events", show_default=True,
              help="CSV only: one row per event, or one row per claim (the stored query claims: `conflictkg query claims`).")
@click.option("--progress/--no-progress", default=None, help="Show progress on stderr (default: on a terminal, for large exports).")
@click.option("--quiet", "-q", is_flag=True, help="Nothing on stderr but errors: no progress, no summary.")
def export(output, fmt, event, reason, with_ontology, table, progress, quiet):
    """Export the curated graph: Turtle (sorted, prefixed), N-Triples, TriG (one named graph per
    source document or submission), N-Quads for bulk loaders (the TriG graphs, blank nodes as
    stable IRIs, strings in NFC), JSON-LD (framed per event), CSV or GeoJSON.

    The output file is replaced only once it is complete. See docs/exporting.md."""
    project = find_project()
    refuse_project_sources(output, project)
    result = run_export(project, output, fmt, event=event, reason=reason, with_ontology=with_ontology,
                        table=table, progress=False if quiet else progress)
    if result.output != "-" and not quiet:
        click.echo(f"wrote {result.count} {result.unit} as {result.format} to {result.output}", err=True)
