"""`conflictkg validate`: check a submission (or the whole curated graph) against the shapes."""

from __future__ import annotations

import click

from conflictkg.core.errors import UserError


@click.command()
@click.argument("files", nargs=-1)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "turtle"]),
    default="text",
    show_default=True,
    help="Report format: readable text, JSON (stable schema) or the SHACL report graph in Turtle.",
)
@click.option(
    "--input-format",
    metavar="FORMAT",
    help="Format of the inputs (turtle, ntriples, nquads, trig, jsonld) instead of guessing from the extension.",
)
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option("--max-bytes", type=click.IntRange(1), help="Largest input accepted, in bytes.")
@click.option("--max-triples", type=click.IntRange(1), help="Most triples accepted in a submission.")
@click.option("--max-literal", type=click.IntRange(1), help="Longest literal accepted, in characters.")
@click.option("--max-depth", type=click.IntRange(1), help="Deepest nesting accepted (brackets, JSON, blank nodes).")
@click.option("--timeout", type=click.FloatRange(0.1), help="Time budget of reading and of validating, in seconds.")
@click.option("--memory", type=click.IntRange(64), help="Memory budget of the worker, in MB.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), metavar="N",
              help="Whole graph: run its checks in N workers at once (default: the cores available, at most 4; "
                   "each has the --memory budget).")
@click.option(
    "--engine",
    type=click.Choice(["sparql", "pyshacl"]),
    default="sparql",
    show_default=True,
    help="The shapes compiled to SPARQL (on the embedded store for the whole graph, on a small "
    "in-memory store of a submission and its context), or pySHACL (the reference; slower).",
)
@click.option("--summary", is_flag=True,
              help="Text report: only the verdict and one line per kind of result (how many, and an example).")
@click.option("--max-results", type=click.IntRange(0), default=None, metavar="N",
              help="Text report: detail at most N results (default 100; 0 for all). The summary counts every one; "
                   "JSON and Turtle always hold them all.")
@click.option("--quiet", "-q", is_flag=True, help="No progress on stderr (shown only on a terminal, for a large graph).")
def validate(files, output_format, input_format, strict, max_bytes, max_triples, max_literal, max_depth, timeout, memory,
             jobs, engine, summary, max_results, quiet):
    """Validate FILES (a submission; '-' reads standard input) in the context of the curated graph,
    or with no FILES the whole curated graph.

    The text report opens with the verdict and one line per kind of result, then details each
    result (--max-results, --summary). Accepts Turtle, N-Triples, N-Quads, TriG and JSON-LD. Exit codes: 0 conforms (warnings allowed
    unless --strict), 1 violations, 2 usage, parse, load or refused input.
    """
    # Imported when the command runs, so that `conflictkg --help` stays quick.
    import logging
    from dataclasses import replace

    # rdflib logs a warning with a traceback for every ill-typed literal; the report says it better.
    logging.getLogger("rdflib").setLevel(logging.ERROR)

    # Imported when the command runs, so that `conflictkg --help` stays quick.
    from conflictkg.core.sandbox import Budget
    from conflictkg.rdf.safeload import Limits, read_source
    from conflictkg.validation.validate import MAX_RESULTS, render_json, render_text
    from conflictkg.validation.validate import validate as run_validation

    limits = Limits()
    overrides = {
        "max_bytes": max_bytes,
        "max_triples": max_triples,
        "max_literal": max_literal,
        "max_depth": max_depth,
    }
    limits = replace(limits, **{k: v for k, v in overrides.items() if v is not None})
    # The whole graph is the project's own data, and takes longer than one submission: a larger
    # default budget (a submission is untrusted input and keeps the tight one).
    budget = Budget() if files else Budget(timeout=1800.0, memory_mb=8192)
    budget = replace(budget, **{k: v for k, v in {"timeout": timeout, "memory_mb": memory}.items() if v is not None})
    if output_format != "text" and (summary or max_results is not None):
        raise UserError(f"--summary and --max-results shape the text report; --format {output_format} always holds "
                        "every result")
    if files and jobs is not None:
        raise UserError("--jobs applies to the whole graph (no FILES): a submission is checked in one worker")
    if list(files).count("-") > 1:
        raise UserError("standard input ('-') can be named only once")
    sources = [read_source(name, input_format, limits) for name in files]
    # Imported when the command runs, so that `conflictkg --help` stays quick.
    from conflictkg.rdf.outputs import progress_wanted

    report = run_validation(sources, limits=limits, budget=budget, engine=engine, progress=progress_wanted(quiet),
                            jobs=jobs)
    if output_format == "json":
        click.echo(render_json(report, strict=strict), nl=False)
    elif output_format == "turtle":
        click.echo(report.report_turtle, nl=False)
    else:
        limit = MAX_RESULTS if max_results is None else max_results
        click.echo(render_text(report, strict=strict, summary=summary, max_results=limit), nl=False)
    code = report.exit_code(strict)
    if code:
        click.get_current_context().exit(code)
