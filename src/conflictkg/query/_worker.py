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
    # Imported after the worker has limited itself (see the module docstring).
    import urllib.error

    # Imported after the worker has limited itself (see the module docstring).
    import pyoxigraph as ox
    from SPARQLWrapper import JSON, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    # Imported after the worker has limited itself (see the module docstring).
    from conflictkg.query.remote import apply_credentials

    form = request["form"]
    sw = SPARQLWrapper(request["endpoint"])
    sw.setMethod(POST)
    sw.setOnlyConneg(True)
    sw.setTimeout(max(1, int(math.ceil(float(request["timeout"])))))
    sw.setQuery(request["query"])
    sw.queryType = form.upper()  # we know the form; never let a guess send it to an update endpoint
    sw.setReturnFormat(JSON)
    if form in ("construct", "describe"):
        sw.addCustomHttpHeader("Accept", "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5")
    else:
        sw.addCustomHttpHeader("Accept", "application/sparql-results+json, application/sparql-results+xml;q=0.5")
    apply_credentials(sw)
    try:
        response = sw.query().response
    except SPARQLWrapperException as exc:
        return {"ok": False, "error": "http", "message": _first_line(exc)}
    except urllib.error.HTTPError as exc:
        return {"ok": False, "error": "http", "message": f"HTTP {exc.code} {exc.reason}: {_first_line(exc.read())}"}
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return {"ok": False, "error": "connection", "message": f"cannot reach {request['endpoint']}: {reason}"}
    media = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    body = response.read()
    try:
        if form in ("construct", "describe"):
            fmt = ox.RdfFormat.from_media_type(media) or ox.RdfFormat.TURTLE
            triples = (q.triple for q in ox.parse(body, fmt))
            return _write(triples, request["result"])
        fmt = ox.QueryResultsFormat.from_media_type(media) or ox.QueryResultsFormat.JSON
        return _write(ox.parse_query_results(body, fmt), request["result"])
    except (SyntaxError, ValueError) as exc:
        return {"ok": False, "error": "http", "message": f"the endpoint sent a response we cannot read ({media}): {exc}"}


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
