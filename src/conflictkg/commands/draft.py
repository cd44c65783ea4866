"""`conflictkg draft`: a draft submission from an article's infobox, for an analyst to finish."""

from __future__ import annotations

from pathlib import Path

import click

from conflictkg.submission.article import read_article
from conflictkg.submission.draft import draft_submission
from conflictkg.core.errors import UserError
from conflictkg.model.names import NameIndex
from conflictkg.rdf.rdfio import load_graph
from conflictkg.core.paths import find_project
from conflictkg.core.atomic import atomic_write_text


@click.command()
@click.argument("article", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the draft here (default: standard output).")
@click.option("--url", help="The article's address (default: the English Wikipedia address made from its title).")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
def draft(article: Path, output: Path | None, url: str | None, force: bool):
    """Turn ARTICLE (title, `- Key: value` infobox lines, `== Section ==` headings) into a draft
    submission in Turtle.

    Infobox facts become the event, its participations and claims sourced to the Infobox section,
    linked to the graph's actors, places and events by name. Everything the draft could not map is
    marked with a `ckg:draftNote` that `conflictkg submit` refuses until it is resolved and deleted.
    """
    if url is not None and not url.startswith(("http://", "https://")):
        raise UserError(f"--url {url}: give an http(s) address")
    parsed = read_article(article)
    result = draft_submission(parsed, NameIndex.from_graph(load_graph(find_project())), url=url)
    if output is None:
        click.echo(result.text, nl=False)
    else:
        if output.exists() and not force:
            raise UserError(f"{output} exists: choose another name, or --force to overwrite it")
        atomic_write_text(output, result.text)
    click.echo(f"{len(result.notes)} note(s) to resolve" + (f" in {output}" if output else "")
               + (": search for ckg:draftNote" if result.notes else ""), err=True)
