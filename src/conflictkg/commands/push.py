"""`conflictkg push`: load the graph into a remote store with the SPARQL 1.1 Graph Store Protocol."""

from __future__ import annotations

import click

from conflictkg.storage import store
from conflictkg.core.errors import UserError
from conflictkg.core.paths import find_project
from conflictkg.query.remote import push as push_graph


@click.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="The Graph Store endpoint, e.g. http://localhost:7878/store (Oxigraph), "
                   "http://localhost:3030/ds/data (Fuseki).")
@click.option("--graph", "graph", metavar="IRI", default=None,
              help="Load into this named graph instead of the default graph.")
@click.option("--named-graphs", is_flag=True,
              help="One named graph per source file, as in the embedded store (the server must then use the "
                   "union of its graphs as default graph).")
@click.option("--append", is_flag=True, help="Add to the graph (POST) instead of replacing it (PUT).")
@click.option("--reason", is_flag=True, help="Push the graph with its OWL RL entailments.")
@click.option("--timeout", type=float, default=600, show_default=True, help="Seconds to wait for the server.")
def push(endpoint: str, graph: str | None, named_graphs: bool, append: bool, reason: bool, timeout: float):
    """Push ontology/ and data/ to a SPARQL server through its Graph Store HTTP Protocol endpoint.

    By default the graph replaces the server's default graph, so the stored queries run there
    unchanged with `conflictkg query NAME --endpoint QUERY-URL`.
    Credentials come from CONFLICTKG_ENDPOINT_USER and CONFLICTKG_ENDPOINT_PASSWORD (HTTP Basic)
    or CONFLICTKG_ENDPOINT_TOKEN (Bearer). See docs/deploying.md.
    """
    if graph and named_graphs:
        raise UserError("--graph and --named-graphs cannot be combined")
    project = find_project()
    with store.reader(project, reason=reason) as build:
        reports = push_graph(project, build, endpoint, graph=graph, named_graphs=named_graphs, replace=not append,
                             timeout=timeout)
    total = sum(r.triples for r in reports)
    where = f"{len(reports)} named graphs" if named_graphs else (f"graph <{graph}>" if graph else "the default graph")
    verb = "added" if append else "loaded"
    click.echo(f"{verb} {total} triples into {where} at {endpoint}")
