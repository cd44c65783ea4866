"""`conflictkg build`: make sure the embedded store is up to date, and say what it holds."""

from __future__ import annotations

import click

from conflictkg.storage import store
from conflictkg.core.paths import find_project


@click.command()
@click.option("--force", is_flag=True, help="Rebuild even if ontology/ and data/ have not changed.")
@click.option("--reason", is_flag=True, help="Build the variant with OWL RL entailments (used by query --reason).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing; only the exit status tells.")
def build(force: bool, reason: bool, quiet: bool):
    """Build the embedded store in .conflictkg/store/ from ontology/ and data/.

    Queries build it themselves when needed; this command is for doing it ahead of time
    (or after an upgrade, with --force). It prints how many triples it holds.
    """
    project = find_project()
    result, rebuilt = store.ensure(project, reason=reason, force=force, progress=not quiet)
    if quiet:
        return
    rel = result.path.relative_to(project.root) if result.path.is_relative_to(project.root) else result.path
    files = len(result.manifest.get("files", []))
    what = "with OWL RL entailments" if reason else "from ontology/ and data/"
    if rebuilt:
        click.echo(f"built {rel}: {result.statements} triples {what} ({files} files, {result.manifest.get('seconds', 0):.2f} s)")
    else:
        click.echo(f"up to date {rel}: {result.statements} triples {what} ({files} files)")
