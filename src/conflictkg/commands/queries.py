"""`conflictkg queries`: list the stored queries, or show one in full."""

from __future__ import annotations

import json
import sys

import click

from conflictkg.core.paths import find_project
from conflictkg.query import library


def _params_text(q) -> str:
    parts = []
    for p in q.params:
        mark = "" if p.required else "?"
        parts.append(f"{p.name}{mark}:{p.short_type}")
    return " ".join(parts)


@click.command("queries")
@click.argument("name", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON (name, summary, tags, params, columns).")
def queries(name: str | None, as_json: bool):
    """List the stored queries in queries/ with their parameters; with NAME, show one in full.

    In the list a parameter is written name:type; name?:type has a default.
    Run one with: conflictkg query NAME --param name=value
    """
    project = find_project()
    if name:
        q = library.find(project, name)
        if as_json:
            click.echo(json.dumps(_as_dict(q), indent=1))
            return
        _show(q)
        return
    lib = library.library(project)
    if as_json:
        click.echo(json.dumps([_as_dict(q) for q in lib.values()], indent=1))
        return
    # Imported when the command runs, so that `conflictkg --help` stays quick.
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False, header_style="bold", box=None, pad_edge=False)
    table.add_column("query", no_wrap=True)
    table.add_column("summary")
    table.add_column("parameters", no_wrap=True)
    for q in lib.values():
        table.add_row(Text(q.name), Text(q.summary), Text(_params_text(q)))
    console = Console(width=None if sys.stdout.isatty() else 160)
    console.print(table)


def _as_dict(q) -> dict:
    return {**library.describe(q), "file": str(q.path)}


def _show(q) -> None:
    click.echo(f"{q.name}: {q.summary}")
    if q.description:
        click.echo("")
        click.echo(q.description)
    if q.tags:
        click.echo(f"\ntags: {', '.join(q.tags)}")
    if q.params:
        click.echo("\nparameters:")
        for p in q.params:
            extra = "required" if p.required else f"default {p.default}"
            click.echo(f"  {p.name} ({p.type_label}; {extra})")
            if p.description:
                click.echo(f"      {p.description}")
            if p.example:
                click.echo(f"      example: {p.example}")
    if q.columns:
        click.echo("\ncolumns:")
        for col, text in q.columns.items():
            click.echo(f"  {col}: {text}")
    example = " ".join(f"--param {p.name}={p.example}" for p in q.params if p.required and p.example)
    click.echo(f"\nrun: conflictkg query {q.name}{' ' + example if example else ''}")
