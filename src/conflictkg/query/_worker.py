"""The process a query runs in, so that its time and memory limits really stop it.

Started by `conflictkg.query.sparql` as `python -m conflictkg.query._worker`; it reads one JSON request on
stdin, limits itself before it imports anything heavy, runs the query on the embedded store
(opened read-only) or on a remote endpoint, writes the result to the file it was given (SPARQL
JSON results for SELECT/ASK, N-Triples for CONSTRUCT/DESCRIBE) and prints one JSON status line.

Limits: RLIMIT_DATA caps the heap (a Rust allocation failure aborts the process), RLIMIT_FSIZE
caps the result file, RLIMIT_CPU is a backstop in case the parent dies; the parent kills the
worker when the wall-clock timeout passes.
"""

from __future__ import annotations

import errno
import json
import math
import os
import resource
import sys


def _limit(request: dict) -> None:
    memory = int(request["memory_mb"]) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (memory, memory))
    cpu = int(math.ceil(float(request["timeout"]))) + 5
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))


def _write(result, out_path: str) -> dict:
    # Imported after the worker has limited itself (see the module docstring).
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        with open(out_path, "wb") as fh:
            result.serialize(fh, ox.QueryResultsFormat.JSON)
        return {"ok": True, "kind": "ask"}
    if isinstance(result, ox.QuerySolutions):
        with open(out_path, "wb") as fh:
            result.serialize(fh, ox.QueryResultsFormat.JSON)
        return {"ok": True, "kind": "select"}
    with open(out_path, "wb") as fh:
        ox.serialize(result, fh, ox.RdfFormat.N_TRIPLES)
    return {"ok": True, "kind": "graph"}


def _embedded(request: dict) -> dict:
    # Imported after the worker has limited itself (see the module docstring).
    import pyoxigraph as ox

    store = ox.Store.read_only(request["store"])
    try:
        result = store.query(request["query"], use_default_graph_as_union=True)
        return _write(result, request["result"])
    except SyntaxError as exc:
        return {"ok": False, "error": "syntax", "message": str(exc)}


def _remote(request: dict) -> dict:
    """POST the query (SPARQL 1.1 Protocol, form-encoded: every server takes it) and read the
    answer whatever a compliant server sends: any blank-node labels, the 2008 "typed-literal",
    its error text, and the headers that say it cut the answer short."""
    # Imported after the worker has limited itself (see the module docstring).
    import urllib.error
    import urllib.parse
    import urllib.request

    # Imported after the worker has limited itself (see the module docstring).
    import pyoxigraph as ox

    # Imported after the worker has limited itself (see the module docstring).
    from conflictkg.query import remote

    form = request["form"]
    endpoint = request["endpoint"]
    if form in ("construct", "describe"):
        accept = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
    else:
        accept = "application/sparql-results+json, application/sparql-results+xml;q=0.5"
    data = urllib.parse.urlencode({"query": request["query"]}).encode("utf-8")
    http_request = urllib.request.Request(endpoint, data=data, method="POST")
    http_request.add_header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
    http_request.add_header("Accept", accept)
    for key, value in remote.request_headers().items():
        http_request.add_header(key, value)
    timeout = max(1.0, float(request["timeout"]))
    try:
        with urllib.request.urlopen(http_request, timeout=timeout) as response:
            media = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            partial = remote.truncation(response.headers)
            body = response.read()
    except urllib.error.HTTPError as exc:
        body = _read_error_body(exc)
        message = remote.http_error_message(exc.code, exc.reason, body, exc.headers.get("Content-Type") if exc.headers else None)
        return {"ok": False, "error": "http", "message": message}
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return {"ok": False, "error": "connection", "message": f"cannot reach {endpoint}: {reason}"}
    try:
        if form in ("construct", "describe"):
            fmt = ox.RdfFormat.from_media_type(media) or ox.RdfFormat.TURTLE
            triples = (q.triple for q in ox.parse(body, fmt))
            status = _write(triples, request["result"])
        else:
            fmt = ox.QueryResultsFormat.from_media_type(media) or ox.QueryResultsFormat.JSON
            if fmt == ox.QueryResultsFormat.JSON:
                body = remote.normalise_json_results(body)
            elif fmt == ox.QueryResultsFormat.XML:
                body = remote.normalise_xml_results(body)
            status = _write(ox.parse_query_results(body, fmt), request["result"])
    except (SyntaxError, ValueError) as exc:
        shown = media or "no content type"
        return {"ok": False, "error": "http",
                "message": f"the endpoint sent an answer we cannot read ({shown}): {_first_line(exc)}"}
    if partial:
        status["partial"] = partial
    return status


def _read_error_body(exc) -> bytes:
    try:
        return exc.read(64 * 1024)
    except (OSError, ValueError):
        return b""


def _first_line(value) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return (lines[0] if lines else text)[:300]


def main() -> int:
    request = json.loads(sys.stdin.read())
    _limit(request)
    try:
        if request["mode"] == "remote":
            status = _remote(request)
        else:
            status = _embedded(request)
    except MemoryError:
        status = {"ok": False, "error": "memory", "message": "out of memory"}
    except OSError as exc:
        if exc.errno == errno.EFBIG:  # RLIMIT_FSIZE: Python ignores SIGXFSZ, so the write fails
            status = {"ok": False, "error": "too-large", "message": "result too large"}
        else:
            status = {"ok": False, "error": "engine", "message": _first_line(exc)}
    except (RuntimeError, ValueError) as exc:
        status = {"ok": False, "error": "engine", "message": _first_line(exc)}
    sys.stdout.write(json.dumps(status) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("RUST_BACKTRACE", "0")
    sys.exit(main())
