"""`conflictkg submit`: add a submission to data/ if it validates, with a provenance record."""

from __future__ import annotations

from pathlib import Path

import click

from conflictkg.core.paths import find_project
from conflictkg.submission.submit import Refused, submit_file


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--author", help="Who submits (default: `git config user.name` <user.email>).")
@click.option("--strict", is_flag=True, help="Refuse the submission if validation gives warnings.")
@click.option("--force", is_flag=True, help="Accept it even if it may duplicate an existing event, actor or place.")
@click.option("--dry-run", is_flag=True, help="Check everything and print what would be written; write nothing.")
@click.option("--input-format", "fmt", type=click.Choice(["turtle", "ntriples", "jsonld"]),
              help="The file's format (default: from its extension: .ttl, .nt, .jsonld or .json).")
def submit(file: Path, author: str | None, strict: bool, force: bool, dry_run: bool, fmt: str | None):
    """Validate FILE (Turtle or JSON-LD) and, only if it conforms, add it to data/ as a new
    submission with a record of who, when, which sources and a content hash.

    A submission adds new nodes only (blank nodes are given readable IRIs); statements about nodes
    already in the graph are refused with how to say them as claims. Exit codes: 0 accepted, 1
    refused (data/ unchanged), 2 unreadable input.
    """
    project = find_project()
    try:
        result = submit_file(project, file, author=author, strict=strict, force=force, dry_run=dry_run, fmt=fmt)
    except Refused as exc:
        for problem in exc.problems:
            click.echo(f"{file}: {problem}", err=True)
        raise
    for warning in result.warnings:
        click.echo(f"{file}: warning: {warning}", err=True)
    for info in result.infos:
        click.echo(f"{file}: info: {info}", err=True)
    if dry_run:
        click.echo(result.turtle, nl=False)
        click.echo(f"dry run: {file} would be accepted as {_short(result.submission)} adding "
                   f"{len(result.added)} node(s); nothing written", err=True)
        return
    rel = result.path.relative_to(project.root) if result.path.is_relative_to(project.root) else result.path
    click.echo(f"accepted {file} as {_short(result.submission)} in {rel}: {len(result.added)} node(s) added", err=True)
    for node in result.added:
        click.echo(_short(node))


def _short(node) -> str:
    # Imported when the command runs, so that `conflictkg --help` stays quick.
    from conflictkg.model.names import qname

    return qname(node)
