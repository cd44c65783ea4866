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

    The infobox and the prose become the event, its participations and sourced claims (claimant,
    stance, hedge, section, the sentence as quote), linked to the graph's actors, places and events
    by name. Every statement the drafter is not sure of carries a `ckg:draftNote "CHECK: WHY"` that
    `conflictkg validate` warns of and `conflictkg submit` refuses until it is resolved and deleted;
    the header counts what was drafted and quotes what could not be read. An article whose event is
    already in the graph is drafted as an enrichment of that event.
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
    click.echo(f"{result.statements} statements drafted, {result.to_review} to review ({len(result.notes)} review markers), "
               f"{len(result.unread)} passages not read" + (f", in {output}" if output else "")
               + ("; search for ckg:draftNote and read the header" if result.notes or result.unread else ""), err=True)
