"""`conflictkg facts`: a submission from a fact sheet (the facts an analyst recorded from an article)."""

from __future__ import annotations

from pathlib import Path

import click

from conflictkg.core.atomic import atomic_write_text
from conflictkg.core.errors import UserError
from conflictkg.core.paths import find_project
from conflictkg.rdf.rdfio import load_graph
from conflictkg.submission.factsheet import FactSheetError, convert, read_sheet


@click.command()
@click.argument("sheet", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the submission here (default: standard output).")
@click.option("--link", "links", multiple=True, metavar="NAME=IRI",
              help="Link the sheet's entity NAME to a node of the graph (event:..., actor:...), when the graph knows "
                   "it by another name. Repeatable.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
def facts(sheet: Path, output: Path | None, links: tuple[str, ...], force: bool):
    """Turn SHEET, a fact sheet in YAML (every entity and fact of an article, each fact with its
    section and exact quote: the format of benchmarks/gold/README.md), into a submission in Turtle
    for `conflictkg submit`.

    Each fact is written in the model's form: figures and statements as claims, participants as
    participations, dates, places, links, outcomes and aliases as statements with a record of their
    section and quote. Entities are linked to the graph by iri:, --link, or name and alias; an event,
    actor or place the graph holds is enriched rather than described again. Every problem is one
    line naming the fact or entity (exit 2), and nothing is written.
    """
    mapping = {}
    for link in links:
        name, sep, iri = link.rpartition("=")
        if not sep or not name.strip() or not iri.strip():
            raise UserError(f"--link {link}: write NAME=IRI (\"Balyun airstrikes=event:2020-02-27-balyun-airstrikes\")")
        mapping[name.strip()] = iri.strip()
    data = read_sheet(sheet)
    if output is not None and output.exists() and not force:
        raise UserError(f"{output} exists: choose another name, or --force to overwrite it")
    try:
        result = convert(data, load_graph(find_project()), links=mapping, name=str(sheet))
    except FactSheetError as exc:
        for problem in exc.problems:
            click.echo(f"conflictkg: error: {problem}", err=True)
        raise SystemExit(exc.exit_code) from None
    if output is None:
        click.echo(result.text, nl=False)
    else:
        atomic_write_text(output, result.text)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    total = sum(result.facts.values())
    click.echo(f"{total} facts converted ({', '.join(f'{k} {v}' for k, v in sorted(result.facts.items()))}); "
               f"{len(result.linked)} entities linked to the graph, {len(result.minted)} new"
               + (f", in {output}" if output else ""), err=True)
