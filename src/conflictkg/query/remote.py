"""Remote SPARQL endpoints: credentials, and pushing the graph with the Graph Store HTTP Protocol.

Credentials come only from the environment, never from the command line (where they would end
up in shell history and `ps`):

    CONFLICTKG_ENDPOINT_USER, CONFLICTKG_ENDPOINT_PASSWORD   HTTP Basic authentication
    CONFLICTKG_ENDPOINT_TOKEN                                 `Authorization: Bearer <token>`
"""

from __future__ import annotations

import base64
import html
import http.client
import json
import os
import re
import tempfile
import urllib.parse
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


def request_headers() -> dict[str, str]:
    """The headers every request to a remote server carries: credentials, if any."""
    header = authorization_header()
    return {"Authorization": header} if header else {}


def check_endpoint_url(url: str, what: str = "--endpoint") -> str:
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise UserError(f"{what} {url!r}: expected an http:// or https:// URL")
    return url


# --------------------------------------------------------------------------------------------
# Reading what a server sends: its error text, its blank-node labels, its caps
# --------------------------------------------------------------------------------------------

MESSAGE_LIMIT = 400
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_ESCAPE_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?")
_HTML_DROP = re.compile(r"<(script|style|head)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"<[^>]*>")
_HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)


def server_message(body: bytes | str | None, content_type: str | None = None, *, limit: int = MESSAGE_LIMIT) -> str:
    """The server's own reason for an error, from the body of its answer, as one safe line.

    Servers answer errors in plain text (Oxigraph, Virtuoso, Jena Fuseki), in HTML (proxies,
    Tomcat, Virtuoso's /sparql page) or in JSON: tags, scripts and styles are dropped (an HTML
    page's title is kept in front when the text does not repeat it), entities decoded, terminal
    escape sequences and control characters removed, white space collapsed, and the text cut at
    `limit` characters, so nothing the server sends can move a terminal's cursor or forge a line.
    """
    if body is None:
        return ""
    text = body.decode("utf-8", "replace") if isinstance(body, (bytes, bytearray)) else str(body)
    media = (content_type or "").split(";")[0].strip().lower()
    looks_html = media in ("text/html", "application/xhtml+xml") or re.match(r"\s*<(!doctype|html)\b", text, re.IGNORECASE)
    if looks_html:
        title = _HTML_TITLE.search(text)
        title_text = _plain(html.unescape(_HTML_TAG.sub(" ", title.group(1)))) if title else ""
        text = _plain(html.unescape(_HTML_TAG.sub(" ", _HTML_DROP.sub(" ", text))))
        if title_text and title_text not in text:
            text = f"{title_text}: {text}" if text else title_text
    elif media.endswith("json") or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if isinstance(data, dict):
            for key in ("message", "error_description", "error", "detail", "title"):
                if isinstance(data.get(key), str) and data[key].strip():
                    text = data[key]
                    break
    text = _plain(text)
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def _plain(text: str) -> str:
    text = _ESCAPE_SEQUENCE.sub(" ", text)
    text = _CONTROL.sub(" ", text.replace("\t", " "))
    return " ".join(text.split())


def http_error_message(status: int, reason: str | None, body: bytes | None, content_type: str | None) -> str:
    """`HTTP 500 Internal Server Error: <the server's reason>`, with a hint for 401/403."""
    detail = server_message(body, content_type)
    # The server's text often repeats the status ("Error 400: Parse error"): keep it, it is theirs.
    line = f"HTTP {status} {_plain(reason or '') or http.client.responses.get(status, '')}".rstrip()
    if detail:
        line += f": {detail}"
    if status in (401, 403):
        line += " (set CONFLICTKG_ENDPOINT_USER/_PASSWORD or _TOKEN)"
    return line


class BlankNodeLabels:
    """Blank-node labels as the server wrote them, mapped to labels every parser accepts.

    SPARQL results may label blank nodes however the server likes (Virtuoso: `nodeID://b10000`),
    while the strict parsers accept only N-Triples labels. Labels are scoped to one answer, so
    renaming every one of them (the same label always to the same new one) keeps the answer the
    same, and no new label can clash with one the server wrote."""

    def __init__(self):
        self.labels: dict[str, str] = {}

    def __call__(self, label: str) -> str:
        new = self.labels.get(label)
        if new is None:
            new = self.labels[label] = f"b{len(self.labels)}"
        return new


def normalise_json_results(body: bytes) -> bytes:
    """SPARQL JSON results with every blank node relabelled (see `BlankNodeLabels`) and the
    2008 draft's "typed-literal" read as "literal", so a strict parser reads what any
    compliant server sends. The body is returned unchanged when there is nothing to change."""
    if b'"bnode"' not in body and b'"typed-literal"' not in body:
        return body
    data = json.loads(body)
    relabel = BlankNodeLabels()

    def fix(term):
        if not isinstance(term, dict):
            return term
        kind = term.get("type")
        if kind == "bnode" and isinstance(term.get("value"), str):
            return dict(term, value=relabel(term["value"]))
        if kind == "typed-literal":
            return dict(term, type="literal")
        if kind == "triple" and isinstance(term.get("value"), dict):
            return dict(term, value={k: fix(v) for k, v in term["value"].items()})
        return term

    bindings = data.get("results", {}).get("bindings") if isinstance(data, dict) else None
    if isinstance(bindings, list):
        data["results"]["bindings"] = [
            {k: fix(v) for k, v in row.items()} if isinstance(row, dict) else row for row in bindings
        ]
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


_XML_BNODE = re.compile(rb"(<bnode\s*>)([^<]*)(</bnode\s*>)")


def normalise_xml_results(body: bytes) -> bytes:
    """SPARQL XML results with every blank node relabelled (see `BlankNodeLabels`)."""
    relabel = BlankNodeLabels()
    return _XML_BNODE.sub(
        lambda m: m.group(1) + relabel(html.unescape(m.group(2).decode("utf-8", "replace")).strip()).encode() + m.group(3),
        body,
    )


def truncation(headers) -> str | None:
    """Why the server's answer is incomplete, when its headers say so; None when they do not.

    Virtuoso cuts every answer at its ResultSetMaxRows (10,000 rows by default) and says so only
    in an `X-SPARQL-MaxRows` header; its "anytime" queries return what they found when the time
    ran out with `X-SQL-State: S1TAT`. Both give an answer that looks complete."""
    max_rows = headers.get("X-SPARQL-MaxRows")
    if max_rows:
        return f"the server cut the answer at {server_message(max_rows, limit=40)} rows (X-SPARQL-MaxRows; Virtuoso's ResultSetMaxRows)"
    state = (headers.get("X-SQL-State") or "").strip()
    if state:
        message = server_message(headers.get("X-SQL-Message") or "", limit=200)
        if state == "S1TAT":
            why = "the server stopped the query at its time limit and sent what it had found (X-SQL-State: S1TAT, an anytime query)"
        else:
            why = f"the server reported SQL state {state} with the answer"
        return f"{why}: {message}" if message else why
    partial = headers.get("X-Partial-Results") or headers.get("X-Result-Partial")
    if partial and partial.strip().lower() not in ("0", "false", "no"):
        return "the server marked the answer as partial"
    return None


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
    """Send an N-Triples file to one graph: PUT replaces the graph, POST adds to it.

    The file is streamed; a server that refuses it part-way (a size cap, a parse error) and
    closes the connection still has its answer read, so the error says the server's reason
    rather than "Broken pipe"."""
    url = graph_store_url(endpoint, graph)
    parts = urllib.parse.urlsplit(url)
    size = path.stat().st_size
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    try:
        connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    except (ValueError, http.client.InvalidURL) as exc:
        raise UserError(f"--endpoint {endpoint!r}: {exc}") from None
    sent, broken = 0, None
    try:
        try:
            connection.putrequest("PUT" if replace else "POST", target)
            connection.putheader("Content-Type", "application/n-triples")
            connection.putheader("Content-Length", str(size))
            for key, value in request_headers().items():
                connection.putheader(key, value)
            connection.endheaders()
        except OSError as exc:
            raise UserError(f"cannot reach {endpoint}: {getattr(exc, 'strerror', None) or exc}", exit_code=EXIT_FAILURE) from None
        with path.open("rb") as body:
            while chunk := body.read(1 << 16):
                try:
                    connection.send(chunk)
                except OSError as exc:  # the server stopped reading: its answer says why
                    broken = exc
                    break
                sent += len(chunk)
        try:
            response = connection.getresponse()
            status, reason = response.status, response.reason
            content_type = response.getheader("Content-Type")
            location = response.getheader("Location")
            answer = response.read(64 * 1024) if status >= 300 else b""
        except (http.client.HTTPException, OSError) as exc:
            if broken is not None:
                raise UserError(
                    f"{url}: the server closed the connection after {sent} of {size} bytes without saying why "
                    f"({broken.strerror or broken}); its log has the reason (often a cap on the request size)",
                    exit_code=EXIT_FAILURE) from None
            raise UserError(f"{url}: no answer from the server: {getattr(exc, 'strerror', None) or exc}",
                            exit_code=EXIT_FAILURE) from None
    finally:
        connection.close()
    if status >= 300:
        message = http_error_message(status, reason, answer, content_type)
        if 300 <= status < 400 and location:
            message += f" (it redirects to {server_message(location, limit=200)}: push to that URL)"
        raise UserError(f"{url}: {message}", exit_code=EXIT_FAILURE)
    if broken is not None:
        raise UserError(f"{url}: the server answered HTTP {status} before it had read the whole graph "
                        f"({sent} of {size} bytes)", exit_code=EXIT_FAILURE)
    return status


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
