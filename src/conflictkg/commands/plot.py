"""`conflictkg plot`: charts of the casualty claims of an event, and of events over time."""

from __future__ import annotations

import click

from conflictkg.core.paths import find_project
from conflictkg.rdf.outputs import open_output, refuse_project_sources


def _tables():
    # Imported when the command runs, so that `conflictkg --help` stays quick.
    from conflictkg.publish.tables import GraphTables
    from conflictkg.storage.graphs import project_store

    with project_store(find_project()) as store:
        return GraphTables.read(store)


@click.group()
def plot():
    """Charts as SVG or PNG (the format follows the extension of -o). See docs/exporting.md."""


@plot.command("claims")
@click.argument("event")
@click.option("-o", "--output", required=True, metavar="FILE.svg|FILE.png", help="Where to write the chart.")
def claims(event, output):
    """Every casualty claim about EVENT (event:slug, slug or IRI): one mark per claim with its
    range, grouped by measure and claimant, open-ended figures as arrows, revisions joined."""
    # Imported when the command runs, so that `conflictkg --help` stays quick.
    from conflictkg.publish.charts import chart_format, claims_figure, find_event, render

    refuse_project_sources(output, find_project())
    fmt = chart_format(output)
    t = _tables()
    data = render(claims_figure(t, find_event(t, event)), fmt)
    with open_output(output) as out:
        out.write(data)
    click.echo(f"wrote {output}", err=True)


@plot.command("timeline")
@click.option("-o", "--output", required=True, metavar="FILE.svg|FILE.png", help="Where to write the chart.")
@click.option("--include-conflicts", is_flag=True, help="Also draw wars, campaigns and other ckg:Conflict events.")
def timeline(output, include_conflicts):
    """Military events over time, coloured by type, sized by their fatality figures."""
    # Imported when the command runs, so that `conflictkg --help` stays quick.
    from conflictkg.publish.charts import chart_format, render, timeline_figure

    refuse_project_sources(output, find_project())
    fmt = chart_format(output)
    data = render(timeline_figure(_tables(), include_conflicts=include_conflicts), fmt)
    with open_output(output) as out:
        out.write(data)
    click.echo(f"wrote {output}", err=True)
