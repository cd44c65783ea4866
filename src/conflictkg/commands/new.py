"""`conflictkg new`: a commented template for a new strike or offensive."""

from __future__ import annotations

from pathlib import Path

import click

from conflictkg.core.atomic import atomic_write_text
from conflictkg.core.errors import UserError
from conflictkg.submission.templates import FORMATS, KINDS, template


@click.command()
@click.argument("kind", type=click.Choice(KINDS))
@click.option("--id", "slug", help="Name the event event:SLUG (default: a temporary ID that submit names).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="turtle", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the template here (default: standard output).")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
def new(kind: str, slug: str | None, fmt: str, output: Path | None, force: bool):
    """Write a commented template for a new KIND of event (strike or offensive), every field with
    an example. Fill it in, delete its ckg:draftNote line, then `conflictkg submit` it."""
    text = template(kind, slug=slug, fmt=fmt)
    if slug is not None:
        _check_new_slug(slug)
    if output is None:
        click.echo(text, nl=False)
        return
    if output.exists() and not force:
        raise UserError(f"{output} exists: choose another name, or --force to overwrite it")
    atomic_write_text(output, text)
    click.echo(f"wrote {output}: fill it in, delete its ckg:draftNote line, then `conflictkg submit {output}`", err=True)


def _check_new_slug(slug: str) -> None:
    # Imported when the command runs, so that `conflictkg --help` stays quick.
    from rdflib import URIRef

    from conflictkg.core.paths import find_project
    from conflictkg.model.namespaces import EVENT

    # Imported when the command runs, so that `conflictkg --help` stays quick.
    from conflictkg.rdf.rdfio import load_graph

    graph = load_graph(find_project())
    if (URIRef(EVENT[slug]), None, None) in graph:
        raise UserError(f"--id {slug}: event:{slug} is already in the graph; choose another slug, or submit claims about it")
