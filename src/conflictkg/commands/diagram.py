"""`conflictkg diagram`: the ontology as a Mermaid class diagram."""

from __future__ import annotations

from pathlib import Path

import click

from conflictkg.publish.diagram import mermaid, update_document
from conflictkg.core.errors import EXIT_FAILURE, UserError
from conflictkg.core.paths import find_project
from conflictkg.core.atomic import atomic_write_text
from conflictkg.rdf.rdfio import load_graph


@click.command()
@click.option("--update", "update", type=click.Path(path_type=Path), help="Rewrite the generated block in this Markdown file.")
@click.option("--check", is_flag=True, help="With --update: change nothing, exit 1 if the block is out of date.")
@click.pass_context
def diagram(ctx: click.Context, update: Path | None, check: bool):
    """Print the ontology as a Mermaid class diagram, or refresh the one in a Markdown document."""
    onto = load_graph(find_project(), data=False)
    if update is None:
        click.echo(mermaid(onto), nl=False)
        return
    if not update.is_file():
        raise UserError(f"{update}: no such file")
    text = update.read_text(encoding="utf-8")
    try:
        new = update_document(text, onto)
    except ValueError as exc:
        raise UserError(f"{update}: {exc}") from None
    if new == text:
        return
    if check:
        click.echo(f"{update}: diagram is out of date (run `conflictkg diagram --update {update}`)", err=True)
        ctx.exit(EXIT_FAILURE)
    atomic_write_text(update, new)
    click.echo(f"updated {update}", err=True)
