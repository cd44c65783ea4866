"""`conflictkg daemon`: keep the graph in memory so that repeated queries answer at once."""

from __future__ import annotations

import click

from conflictkg.core.paths import find_project


@click.group()
def daemon():
    """Hold the graph in memory for fast repeated queries (start, status, stop).

    A one-shot `conflictkg query` reads the on-disk store. With a daemon running, `conflictkg
    query` in this project is answered from memory instead: the same results, several times
    faster on a large graph. The daemon follows the store: when ontology/ or data/ change, the
    next query reads the on-disk store while the daemon loads the new build. It holds about
    400 MB per million triples (twice that while it loads), and stops after --idle-minutes
    without a query.

    \b
    Examples:
      conflictkg daemon start
      conflictkg daemon status
      conflictkg daemon stop
    """


@daemon.command()
@click.option("--reason", is_flag=True, help="Hold the graph with its OWL RL entailments (what query --reason reads).")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Queries answered at once (default: the number of CPUs, at most 4).")
@click.option("--idle-minutes", type=click.FloatRange(min=0), default=None, metavar="MIN",
              help="Stop after this many minutes without a query; 0 never stops (default 120).")
def start(reason: bool, workers: int | None, idle_minutes: float | None):
    """Start the daemon in the background, loading the graph into memory."""
    # Imported when the command runs, so that `conflictkg --help` stays quick.
    from rich.console import Console

    # Imported when the command runs, so that `conflictkg --help` stays quick.
    from conflictkg.query import daemon as resident
    from conflictkg.storage import store

    project = find_project()
    store.ensure(project, reason=reason)  # first, with its own progress bar when it has to build
    idle = resident.DEFAULT_IDLE_MINUTES if idle_minutes is None else idle_minutes
    console = Console(stderr=True)
    if console.is_terminal:
        with console.status("loading the graph into memory…"):
            found = resident.start(project, reason=reason, workers=workers, idle_minutes=idle)
    else:
        found = resident.start(project, reason=reason, workers=workers, idle_minutes=idle)
    click.echo(_describe(found))


@daemon.command()
@click.option("--reason", is_flag=True, help="The daemon of the graph with entailments.")
def status(reason: bool):
    """Say whether a daemon runs for this project, and what it holds (exit 1 if none runs)."""
    # Imported when the command runs, so that `conflictkg --help` stays quick.
    from conflictkg.core.errors import EXIT_FAILURE, UserError
    from conflictkg.query import daemon as resident

    found = resident.status(_place(reason))
    if found is None:
        raise UserError("no query daemon runs for this project (start one with `conflictkg daemon start`)",
                        exit_code=EXIT_FAILURE)
    click.echo(_describe(found))


@daemon.command()
@click.option("--reason", is_flag=True, help="The daemon of the graph with entailments.")
def stop(reason: bool):
    """Stop the daemon (queries then read the on-disk store again)."""
    # Imported when the command runs, so that `conflictkg --help` stays quick.
    from conflictkg.query import daemon as resident

    found = resident.stop(_place(reason))
    click.echo("no query daemon was running" if found is None else f"stopped the query daemon (pid {found['pid']})")


def _place(reason: bool):
    # Imported when the command runs, so that `conflictkg --help` stays quick.
    from conflictkg.query import daemon as resident

    return resident.place_for(find_project(), "reasoned" if reason else "base")


def _describe(found: dict) -> str:
    memory = f", {found['rss_mb']:,.0f} MB resident" if found.get("rss_mb") is not None else ""
    return (f"query daemon running (pid {found['pid']}): build {found['build']}, "
            f"{found['statements']:,} statements in memory{memory}")
