"""Remote SPARQL endpoints: credentials, and pushing the graph with the Graph Store HTTP Protocol.

Credentials come only from the environment, never from the command line (where they would end
up in shell history and `ps`):

    CONFLICTKG_ENDPOINT_USER, CONFLICTKG_ENDPOINT_PASSWORD   HTTP Basic authentication
    CONFLICTKG_ENDPOINT_TOKEN                                 `Authorization: Bearer <token>`
"""

from __future__ import annotations

import base64
import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from conflictkg.core.errors import EXIT_FAILURE, UserError
from conflictkg.storage.store import export_ntriples, source_graphs

ENV_USER = "CONFLICTKG_ENDPOINT_USER"
ENV_PASSWORD = "CONFLICTKG_ENDPOINT_PASSWORD"
ENV_TOKEN = "CONFLICTKG_ENDPOINT_TOKEN"


def authorization_header() -> str | None:
    token = os.environ.get(ENV_TOKEN)
    if token:
        return f"Bearer {token}"
    user = os.environ.get(ENV_USER)
    if user:
        password = os.environ.get(ENV_PASSWORD, "")
        return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return None


def apply_credentials(sparql_wrapper) -> None:
    """Give a SPARQLWrapper the credentials from the environment, if any."""
    header = authorization_header()
    if header:
        sparql_wrapper.addCustomHttpHeader("Authorization", header)


def check_endpoint_url(url: str, what: str = "--endpoint") -> str:
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise UserError(f"{what} {url!r}: expected an http:// or https:// URL")
    return url


# --------------------------------------------------------------------------------------------
# Graph Store HTTP Protocol
# --------------------------------------------------------------------------------------------


@dataclass
class PushReport:
    url: str
    graph: str | None  # None = the default graph
    triples: int
    status: int


def graph_store_url(endpoint: str, graph: str | None) -> str:
    """`?default` or `?graph=<iri>` appended to the Graph Store endpoint (SPARQL 1.1 GSP, §4)."""
    sep = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    if graph is None:
        return f"{endpoint}{sep}default"
    return f"{endpoint}{sep}graph={urllib.parse.quote(graph, safe='')}"


def put_file(endpoint: str, graph: str | None, path: Path, *, replace: bool = True, timeout: float = 600) -> int:
    """Send an N-Triples file to one graph: PUT replaces the graph, POST adds to it."""
    url = graph_store_url(endpoint, graph)
    size = path.stat().st_size
    with path.open("rb") as body:
        request = urllib.request.Request(url, data=body, method="PUT" if replace else "POST")
        request.add_header("Content-Type", "application/n-triples")
        request.add_header("Content-Length", str(size))
        header = authorization_header()
        if header:
            request.add_header("Authorization", header)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            detail = f": {detail[0][:300]}" if detail else ""
            hint = " (set CONFLICTKG_ENDPOINT_USER/_PASSWORD or _TOKEN)" if exc.code in (401, 403) else ""
            raise UserError(f"{url}: HTTP {exc.code} {exc.reason}{detail}{hint}", exit_code=EXIT_FAILURE) from None
        except (urllib.error.URLError, OSError) as exc:
            raise UserError(f"cannot reach {endpoint}: {getattr(exc, 'reason', exc)}", exit_code=EXIT_FAILURE) from None


def push(project, build, endpoint: str, *, graph: str | None = None, named_graphs: bool = False,
         replace: bool = True, timeout: float = 600) -> list[PushReport]:
    """Load a store build into a remote store through its Graph Store endpoint.

    Default: the union of all files into the default graph (or into `graph`), so stored queries
    run on the server unchanged. `named_graphs`: one graph per source file, as in the embedded
    store; the server must then treat its default graph as the union of all graphs.
    """

    check_endpoint_url(endpoint)
    reports = []
    with tempfile.TemporaryDirectory(prefix="conflictkg-push-") as tmp:
        path = Path(tmp) / "graph.nt"
        if named_graphs:
            for g, _, _ in source_graphs(project, build):
                count = export_ntriples(project, path, build=build, graph=g)
                status = put_file(endpoint, g, path, replace=replace, timeout=timeout)
                reports.append(PushReport(graph_store_url(endpoint, g), g, count, status))
        else:
            count = export_ntriples(project, path, build=build)
            status = put_file(endpoint, graph, path, replace=replace, timeout=timeout)
            reports.append(PushReport(graph_store_url(endpoint, graph), graph, count, status))
    return reports
