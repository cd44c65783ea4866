"""`conflictkg query`: run a stored or ad hoc SPARQL query, embedded or on a remote endpoint."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import click

from conflictkg.core.errors import UserError
from conflictkg.core.paths import find_project
from conflictkg.query.resultformats import ALL_FORMATS
from conflictkg.query.sparql import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT


@click.command()
@click.argument("name", required=False)
@click.option("--file", "-f", "file", metavar="Q.rq", help="Run an ad hoc query from a file ('-' reads stdin).")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter value, e.g. --param event=2024-palmyra-airstrike (repeatable).")
@click.option("--format", "fmt", type=click.Choice(ALL_FORMATS), default=None,
              help="Output format. Default: from -o's extension, else table on a terminal and csv when piped; "
                   "turtle for CONSTRUCT/DESCRIBE.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to FILE (its extension picks the format: .csv .tsv .json .xml .ttl .nt .jsonld .txt).")
@click.option("--endpoint", metavar="URL", envvar="CONFLICTKG_ENDPOINT", default=None,
              help="Run on this SPARQL 1.1 query endpoint instead of the embedded store "
                   "(also $CONFLICTKG_ENDPOINT; credentials from $CONFLICTKG_ENDPOINT_USER/_PASSWORD or _TOKEN).")
@click.option("--reason", is_flag=True, help="Query the graph with its OWL RL entailments (embedded store only).")
@click.option("--timeout", type=float, default=DEFAULT_TIMEOUT, show_default=True, help="Stop the query after this many seconds.")
@click.option("--memory-limit", type=int, default=DEFAULT_MEMORY_MB, show_default=True, metavar="MB",
              help="Stop the query if it needs more memory than this, or its result is larger.")
@click.option("--allow-service", is_flag=True,
              help="Let an ad hoc query use SERVICE (it sends data to another server). Only for queries you trust.")
@click.option("--allow-partial", is_flag=True,
              help="With --endpoint: accept an answer the server says it cut short (Virtuoso's ResultSetMaxRows, an "
                   "anytime query), with a warning on stderr; without it such an answer is an error (exit 1).")
@click.option("--no-daemon", is_flag=True, help="Read the on-disk store even when a query daemon runs (see `conflictkg daemon`).")
@click.option("--labels/--no-labels", "labels", default=None,
              help="Names for IRIs: a table shows each IRI's label (--no-labels: its short IRI); CSV, TSV, JSON and XML "
                   "get a column NAMELabel after each IRI column. Default: on for tables, off otherwise.")
@click.option("--columns", "columns", metavar="A,B,...", default=None,
              help="Only these columns, in this order (SELECT results; every format).")
@click.option("--wide", is_flag=True,
              help="A table with every column at full width, however wide (default: fitted to the terminal, "
                   "long text cut with an ellipsis).")
def query(name, file, params, fmt, output, endpoint, reason, timeout, memory_limit, allow_service, allow_partial,
          no_daemon, labels, columns, wide):
    """Run the stored query NAME (see `conflictkg queries`), or an ad hoc query with --file.

    \b
    Examples:
      conflictkg query casualty-claims --param event=2024-palmyra-airstrike
      conflictkg query event-timeline -o timeline.csv
      echo 'SELECT ?e WHERE { ?e a ckg:Strike } ORDER BY ?e' | conflictkg query -
      conflictkg query event-claims -p event=2024-palmyra-airstrike --endpoint http://localhost:7878/query

    Ad hoc queries may use the project prefixes (ckg:, event:, ...) without declaring them.
    They may not use SERVICE (unless --allow-service), FROM / FROM NAMED, LOAD or any update.
    Exit status: 0 ok, 1 the query was stopped or failed (or the endpoint cut its answer short and
    --allow-partial was not given), 2 bad query, parameters or options.
    """
    # Imported when the command runs, so that `conflictkg --help` stays quick.
    from conflictkg.query import library, lookup, sparql
    if name == "-" and file is None:
        name, file = None, "-"
    if (name is None) == (file is None):
        raise UserError("give either a stored query NAME or --file Q.rq (or - for stdin)")
    if allow_partial and not endpoint:
        raise UserError("--allow-partial applies to --endpoint answers (the embedded store never cuts one short)")
    if endpoint and reason:
        raise UserError("--reason works on the embedded store; to query entailments remotely, push them with `conflictkg push --reason`")
    limits = sparql.Limits(timeout=timeout, memory_mb=memory_limit)
    values = library.parse_assignments(params)

    project = find_project()
    if name is not None:
        stored = library.find(project, name)
        prepared = sparql.prepare_stored(stored)
        label = stored.name
    else:
        source, text = _read_adhoc(file)
        prepared = sparql.check_query(text, source=source, allow_service=allow_service)
        stored = library.parse_stored_query(Path(source), text, name=source)  # an ad hoc file may declare #+ params
        label = source
    bindings = library.bind(stored.params, values, query_name=label)

    shape = Shape(fmt, output, labels, [c.strip() for c in columns.split(",") if c.strip()] if columns else None, wide)
    if endpoint:
        def run_on_graph(q):
            return sparql.run_remote(endpoint, q, {}, limits)

        _check_terms(run_on_graph, name, prepared)
        result = sparql.run_remote(endpoint, prepared, bindings, limits, allow_partial=allow_partial)
        if result.partial:
            click.echo(f"warning: {endpoint}: incomplete answer: {result.partial}", err=True)
        if _empty(result):
            lookup.check_params(run_on_graph, stored.params, bindings, values)
        _finish(result, run_on_graph, values, shape)
        return
    # Imported when the command runs, so that `conflictkg --help` stays quick.
    from conflictkg.query import daemon
    from conflictkg.storage import store

    with store.reader(project, reason=reason) as build:
        def run_on_graph(q):
            return daemon.run_embedded(build, q, {}, limits, daemon=not no_daemon)

        _check_terms(run_on_graph, name, prepared)
        result = daemon.run_embedded(build, prepared, bindings, limits, daemon=not no_daemon)
        if _empty(result):
            lookup.check_params(run_on_graph, stored.params, bindings, values)
        _finish(result, run_on_graph, values, shape)


def _empty(result) -> bool:
    """An answer that a parameter naming nothing would also give: no rows, no triples, false. Then
    (only then, to spare a look-up on every query) the IRI parameters are checked against the graph."""
    if result.kind == "select":
        return not result.rows
    if result.kind == "graph":
        return not result.triples
    return not result.boolean


def _check_terms(run_on_graph, name: str | None, prepared) -> None:
    """An ad hoc query naming IRIs of the project's namespaces that the graph does not hold gets a
    note for each, with the closest names (stored queries are tested against the graph)."""
    # Imported when the command runs, so that `conflictkg --help` stays quick.
    from conflictkg.query import lookup

    if name is not None:
        return
    user_text = "\n".join(prepared.text.split("\n")[prepared.line_offset:])
    for line in lookup.unknown_terms(run_on_graph, user_text):
        click.echo(f"conflictkg: note: {prepared.source}: {line}", err=True)


@dataclass
class Shape:
    """How the user asked to see the result."""

    fmt: str | None
    output: Path | None
    labels: bool | None
    columns: list[str] | None
    wide: bool


def _finish(result, run_on_graph, values: dict[str, str], shape: Shape) -> None:
    """Print or write the result as asked: columns chosen, labels looked up, a table fitted."""
    # Imported when the command runs, so that `conflictkg --help` stays quick.
    from conflictkg.query import lookup
    from conflictkg.query.resultformats import choose_format, iris, select_columns, with_label_columns

    _report_empty(result, values)
    terminal = shape.output is None and sys.stdout.isatty()
    chosen = choose_format(shape.fmt, shape.output, result.kind, terminal)
    if shape.columns:
        result = select_columns(result, shape.columns)
    if shape.labels and result.kind != "select":
        raise UserError("--labels names the IRIs of SELECT results; this query gives "
                        f"{'a graph' if result.kind == 'graph' else 'true or false'}")
    want = shape.labels if shape.labels is not None else chosen == "table"
    names = lookup.names(run_on_graph, iris(result)) if want and result.kind == "select" and result.rows else {}
    if chosen == "table":
        _table(result, names, shape, terminal)
        return
    if want:
        result = with_label_columns(result, {iri: found[0] for iri, found in names.items()})
    _emit(result, chosen, shape.output)


def _table(result, names: dict[str, tuple[str, ...]], shape: Shape, terminal: bool) -> None:
    # Imported when the command runs, so that `conflictkg --help` stays quick.
    import shutil

    from conflictkg.core.atomic import atomic_write_bytes
    from conflictkg.query import textable
    from conflictkg.query.resultformats import table_cells

    headers, rows = table_cells(result, names)
    width = None if shape.wide or shape.output is not None else shutil.get_terminal_size().columns
    text, hidden = textable.draw(headers, rows, width, color=terminal)
    if shape.output is not None:
        atomic_write_bytes(shape.output, text.encode("utf-8"))
        click.echo(f"wrote {len(rows)} rows to {shape.output}", err=True)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    if hidden:
        click.echo(f"conflictkg: note: {len(hidden)} column{'s' if len(hidden) != 1 else ''} left out to fit "
                   f"{width} characters: {', '.join(hidden)} (choose with --columns, all with --wide)", err=True)
    if terminal and result.kind == "select":
        click.echo(f"{len(result.rows)} row{'s' if len(result.rows) != 1 else ''}", err=True)


def _report_empty(result, values: dict[str, str]) -> None:
    """Say on stderr that a query answered nothing, and what may be the cause."""
    if result.kind != "ask" and _empty(result):
        what = "no rows" if result.kind == "select" else "no triples"
        if values:
            given = " ".join(f"--param {k}={v}" for k, v in values.items())
            hint = f"; with {given}: a parameter may filter everything out"
        else:
            hint = ""
        click.echo(f"conflictkg: note: {what}: the query matched nothing{hint}", err=True)


def _read_adhoc(file: str) -> tuple[str, str]:
    if file == "-":
        return "<stdin>", sys.stdin.read()
    path = Path(file)
    try:
        return str(path), path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read it: {exc}") from None


def _emit(result, fmt: str, output: Path | None) -> None:
    # Imported when the command runs, so that `conflictkg --help` stays quick.
    from conflictkg.core.atomic import atomic_write_bytes
    from conflictkg.query.resultformats import render

    data = render(result, fmt)
    if output is not None:
        atomic_write_bytes(output, data)
        count = len(result.triples) if result.kind == "graph" else len(result.rows)
        unit = "triples" if result.kind == "graph" else "rows"
        click.echo(f"wrote {count} {unit} to {output}" if result.kind != "ask" else f"wrote {output}", err=True)
        return
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
