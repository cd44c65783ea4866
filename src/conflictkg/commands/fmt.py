"""`conflictkg fmt`: rewrite data files in the canonical sorted Turtle form, or check that they are."""

from __future__ import annotations

from pathlib import Path

import click

from conflictkg.core.errors import EXIT_FAILURE, UserError
from conflictkg.core.paths import find_project
from conflictkg.core.atomic import atomic_write_text
from conflictkg.rdf.rdfio import canonical_turtle, parse_turtle_file, read_header


def format_file(path: Path) -> tuple[str, str]:
    """Return (current text, canonical text) for one Turtle file."""
    current = path.read_text(encoding="utf-8")
    graph = parse_turtle_file(path)
    return current, canonical_turtle(graph, header=read_header(path))


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a file is not in canonical form.")
@click.pass_context
def fmt(ctx: click.Context, files: tuple[Path, ...], check: bool):
    """Write Turtle data files (default: every .ttl file in data/) in the stable, sorted Turtle form.

    Files in data/ in another syntax (N-Triples, TriG, JSON-LD) are left as they are."""
    targets = list(files) or [p for p in find_project().data_files() if p.suffix.lower() == ".ttl"]
    unformatted = []
    for path in targets:
        if not path.is_file():
            raise UserError(f"{path}: no such file")
        current, canonical = format_file(path)
        if current != canonical:
            unformatted.append(path)
            if not check:
                atomic_write_text(path, canonical)
                click.echo(f"formatted {path}", err=True)
    if check and unformatted:
        for path in unformatted:
            click.echo(f"{path}: not in canonical form (run `conflictkg fmt {path}`)", err=True)
        ctx.exit(EXIT_FAILURE)
