"""A query worker of `conflictkg serve`: a long-lived process that keeps one store build open.

`conflictkg query` starts a fresh `conflictkg.query._worker` per query, which is right for one
command but costs a Python start and a RocksDB open per request. The server keeps a few of these
workers instead (`conflictkg.server.pool`): each opens the current build read-only once, holds a
shared lock on it (so no builder deletes it while it is open) and moves to a new build when a
request names one. The limits are the same in spirit as `conflictkg.query._worker`: RLIMIT_DATA caps the
heap, results are cut at the row limit and refused above the byte limit, and the server kills a
worker that runs past the time limit (a fresh one takes its place).

Protocol, on stdin/stdout: one JSON request per line; the answer is one JSON header line with
`length`, followed by exactly that many bytes of payload (the rendered result, or SVG).
"""

from __future__ import annotations

import errno
import fcntl
import gc
import itertools
import json
import os
import resource
import sys
from functools import lru_cache


class Failure(Exception):
    def __init__(self, error: str, message: str):
        super().__init__(message)
        self.error = error
        self.message = message


class Opened:
    """The build this worker has open, with the shared lock that protects it from deletion."""

    def __init__(self):
        self.path: str | None = None
        self.store = None
        self.fd: int | None = None
        self.tables: dict = {}
        self.schema: dict = {}  # per build: datatype ranges, event classes

    def get(self, path: str, lock: str):
        if path == self.path:
            return self.store
        self.close()
        try:
            fd = os.open(lock, os.O_RDWR)
        except FileNotFoundError:
            raise Failure("stale", "the store build was replaced") from None
        fcntl.flock(fd, fcntl.LOCK_SH)
        if not os.path.isdir(path):
            os.close(fd)
            raise Failure("stale", "the store build was replaced")
        # Imported after the worker has limited itself (see the module docstring).
        import pyoxigraph as ox

        try:
            self.store = ox.Store.read_only(path)
        except OSError as exc:
            os.close(fd)
            raise Failure("engine", f"cannot open the store: {exc}") from None
        self.path, self.fd = path, fd
        return self.store

    def close(self) -> None:
        self.store = None
        self.tables = {}
        self.schema = {}
        gc.collect()  # RocksDB closes when the last reference goes
        if self.fd is not None:
            os.close(self.fd)
        self.path = self.fd = None


@lru_cache(maxsize=256)
def _checked(text: str):
    """An untrusted query checked by the same two-layer check as `conflictkg query` (cached: a
    client often sends the same query again)."""
    # Imported after the worker has limited itself (see the module docstring).
    from conflictkg.core.errors import UserError
    from conflictkg.query.sparql import check_query

    try:
        return check_query(text, source="query")
    except UserError as exc:
        kind = "refused" if ": refused:" in exc.message else "bad-query"
        return Failure(kind, exc.message)


def _sparql(req: dict, opened: Opened) -> tuple[dict, bytes]:
    # Imported after the worker has limited itself (see the module docstring).
    import pyoxigraph as ox

    # Imported after the worker has limited itself (see the module docstring).
    from conflictkg.query.resultformats import render
    from conflictkg.query.sparql import Result, sort_rows, sort_triples
    from conflictkg.query.sparqltext import split_order

    text = req["query"]
    if req.get("check"):
        prepared = _checked(text)
        if isinstance(prepared, Failure):
            raise prepared
        text = prepared.text
    store = opened.get(req["store"], req["lock"])
    max_rows = int(req["max_rows"])
    try:
        # Sorted here, not by the engine, when that is the same (see sparqltext.split_order);
        # a truncated answer is asked again with the engine's ORDER BY, to keep the right rows.
        split = split_order(text)
        res = store.query(split[0] if split else text, use_default_graph_as_union=True)
        if isinstance(res, ox.QueryBoolean):
            result, count, truncated = Result("ask", boolean=bool(res)), 1, False
        elif isinstance(res, ox.QuerySolutions):
            names = [v.value for v in res.variables]
            rows = [tuple(s) for s in itertools.islice(res, max_rows + 1)]
            if split and len(rows) > max_rows:
                res = store.query(text, use_default_graph_as_union=True)
                rows = [tuple(s) for s in itertools.islice(res, max_rows + 1)]
            elif split:
                rows = sort_rows(names, rows, split[1])
            truncated = len(rows) > max_rows
            rows = rows[:max_rows]
            result, count = Result("select", variables=names, rows=rows), len(rows)
        else:
            triples = list(itertools.islice(res, max_rows + 1))
            truncated = len(triples) > max_rows
            triples = sort_triples(triples[:max_rows])
            result, count = Result("graph", triples=triples), len(triples)
    except SyntaxError as exc:
        raise Failure("bad-query", " ".join(str(exc).split())[:300]) from None
    fmt = req["fmt"]
    if result.kind == "graph" and req.get("resource"):
        # The RDF of one resource: as the curated files write it, framed in JSON-LD like the export.
        result.triples = _restore_datatypes(result.triples, opened)
        if fmt == "jsonld":
            return {"ok": True, "kind": "graph", "count": count, "truncated": truncated}, _framed(result.triples, req["resource"], opened)
    if result.kind == "graph" and fmt not in ("turtle", "ntriples", "jsonld"):
        raise Failure("not-acceptable", f"a {req.get('form', 'graph').upper()} query gives a graph, not {fmt} results")
    if result.kind != "graph" and fmt not in ("json", "xml", "csv", "tsv"):
        raise Failure("not-acceptable", f"a {result.kind.upper()} query gives results, not a {fmt} graph")
    payload = render(result, fmt)
    if len(payload) > int(req["max_bytes"]):
        raise Failure("too-large", f"the answer is larger than this server gives ({_size(int(req['max_bytes']))}, "
                                   "--max-result-size): ask for less (LIMIT, fewer variables), or use `conflictkg export` "
                                   "for the whole graph")
    return {"ok": True, "kind": result.kind, "count": count, "truncated": truncated}, payload


_INTEGER_RANGES = """SELECT ?p ?range WHERE {
  ?p <http://www.w3.org/2000/01/rdf-schema#range> ?range .
  VALUES ?range { <http://www.w3.org/2001/XMLSchema#nonNegativeInteger> <http://www.w3.org/2001/XMLSchema#positiveInteger>
                  <http://www.w3.org/2001/XMLSchema#negativeInteger> <http://www.w3.org/2001/XMLSchema#nonPositiveInteger> }
}"""
_EVENT_CLASSES = """SELECT ?c WHERE {
  ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>* <https://w3id.org/conflict-kg/ontology#Event> }"""
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def _restore_datatypes(triples: list, opened: Opened) -> list:
    """Oxigraph stores every integer type as xsd:integer (oxigraph#526): give the values of the
    ontology's integer-ranged properties (ckg:minValue, ckg:side...) their declared datatype back,
    which is what the files say and the shapes require."""
    # Imported after the worker has limited itself (see the module docstring).
    import pyoxigraph as ox

    ranges = opened.schema.get("ranges")
    if ranges is None:
        ranges = opened.schema["ranges"] = {
            r["p"].value: r["range"] for r in opened.store.query(_INTEGER_RANGES, use_default_graph_as_union=True)
        }
    out = []
    for t in triples:
        o = t.object
        target = ranges.get(t.predicate.value)
        if target is not None and isinstance(o, ox.Literal) and o.datatype.value == XSD_INTEGER:
            t = ox.Triple(t.subject, t.predicate, ox.Literal(o.value, datatype=target))
        out.append(t)
    return out


def _framed(triples: list, resource: str, opened: Opened) -> bytes:
    """JSON-LD compacted with the project's context (inline) and framed as `conflictkg export`
    frames it (conflictkg.rdf.jsonld)."""
    # Imported after the worker has limited itself (see the module docstring).
    import io

    # Imported after the worker has limited itself (see the module docstring).
    from conflictkg.rdf.jsonld import write_jsonld
    from conflictkg.rdf.rdfwrite import group

    classes = opened.schema.get("event_classes")
    if classes is None:
        classes = opened.schema["event_classes"] = {
            f"<{r['c'].value}>" for r in opened.store.query(_EVENT_CLASSES, use_default_graph_as_union=True)
        }
    lines = [f"{t.subject} {t.predicate} {t.object} ." for t in triples]
    out = io.BytesIO()
    write_jsonld(group([lines]), out, event_classes=classes, first=f"<{resource}>")
    return out.getvalue()


# The part of the graph the charts of an event read: the event, its claims and participations, the
# sources, documents and labels of what these name (the class hierarchy is added from _CLASSES).
# Each branch starts from the event, so the cost follows its size, not the graph's (FILTER, not
# VALUES, for the predicates: Oxigraph would start from a VALUES block and scan the predicate).
_SUBGRAPH = """
PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?s ?p ?o . EVENT ?ep ?eo } WHERE {
  { EVENT ?ep ?eo }
  UNION { ?s ckg:about EVENT ; ?p ?o }
  UNION { EVENT ckg:hasParticipation ?s . ?s ?p ?o }
  UNION { ?claim ckg:about EVENT ; ?q ?s . ?s ?p ?o . FILTER(?p IN (rdfs:label, ckg:sectionOf, ckg:url)) }
  UNION { EVENT ?q ?s . ?s ?p ?o . FILTER(?p IN (rdfs:label, ckg:url)) }
  UNION { EVENT ckg:hasParticipation ?part . ?part ?q ?s . ?s rdfs:label ?o . BIND(rdfs:label AS ?p) }
  UNION { ?claim ckg:about EVENT ; ckg:source/ckg:sectionOf ?s . ?s ?p ?o . FILTER(?p IN (rdfs:label, ckg:url)) }
}"""
_CLASSES = "SELECT ?c ?d WHERE { ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?d }"


def subgraph(store, events: list[str], schema: dict | None = None):
    """An in-memory store with what the charts read about `events` (IRIs)."""
    # Imported after the worker has limited itself (see the module docstring).
    import pyoxigraph as ox

    schema = {} if schema is None else schema
    classes = schema.get("classes")
    if classes is None:
        sub = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
        classes = schema["classes"] = [
            ox.Quad(r["c"], sub, r["d"]) for r in store.query(_CLASSES, use_default_graph_as_union=True)
        ]
    small = ox.Store()
    small.extend(classes)
    # One query per event with the event written in (a checked IRI): Oxigraph then starts every
    # branch from it, where one VALUES block of many events made it scan the graph.
    for event in events:
        text = _SUBGRAPH.replace("EVENT", str(ox.NamedNode(event)))
        small.extend(ox.Quad(t.subject, t.predicate, t.object) for t in store.query(text, use_default_graph_as_union=True))
    return small


def _chart(req: dict, opened: Opened) -> tuple[dict, bytes]:
    try:
        # Imported after the worker has limited itself (see the module docstring).
        from conflictkg.publish import charts
        from conflictkg.publish.tables import GraphTables
    except ImportError:
        raise Failure("unavailable", "charts need conflictkg.publish.charts, which this version does not have") from None

    store = opened.get(req["store"], req["lock"])
    if req["chart"] == "claims":
        small = subgraph(store, [req["event"]], opened.schema)
        svg = charts.claims_svg(GraphTables.read(small), req["event"])
    else:
        events = req.get("events") or []
        if not events:
            raise Failure("unavailable", "no events to draw")
        svg = charts.timeline_svg(GraphTables.read(subgraph(store, events, opened.schema)))
    return {"ok": True, "kind": "svg"}, svg.encode("utf-8")


def _size(n: int) -> str:
    """Bytes as a person reads them: 1,048,576 -> "1 MiB", 65,536 -> "64 KiB", 1,500 -> "1,500 bytes"."""
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= factor and n % factor == 0:
            return f"{n // factor:,} {unit}"
    return f"{n:,} bytes"


def _limit_memory(memory_mb: int) -> None:
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return (lines[0] if lines else type(exc).__name__)[:300]


def main() -> int:
    memory_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 2048
    niceness = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    _limit_memory(memory_mb)
    if niceness > 0:
        os.nice(niceness)  # ad hoc queries yield the CPU to pages and stored queries
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but answers goes to the pipe
    import pyoxigraph  # noqa: F401  (load it before the first request)

    opened = Opened()
    handlers = {"sparql": _sparql, "chart": _chart, "ping": lambda req, opened: ({"ok": True}, b"")}
    for line in sys.stdin.buffer:
        if not line.strip():
            continue
        payload = b""
        try:
            req = json.loads(line)
            header, payload = handlers[req["op"]](req, opened)
        except Failure as exc:
            header = {"ok": False, "error": exc.error, "message": exc.message}
            if exc.error == "stale":
                opened.close()
        except MemoryError:
            header = {"ok": False, "error": "memory", "message": "the query needed more memory than the limit"}
        except OSError as exc:
            if exc.errno == errno.ENOMEM:
                header = {"ok": False, "error": "memory", "message": "the query needed more memory than the limit"}
            else:
                header = {"ok": False, "error": "engine", "message": _first_line(exc)}
        except Exception as exc:  # one bad request must not take the worker down
            header = {"ok": False, "error": "engine", "message": _first_line(exc)}
        header["length"] = len(payload)
        out.write(json.dumps(header).encode("utf-8") + b"\n")
        out.write(payload)
        out.flush()
    opened.close()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("RUST_BACKTRACE", "0")
    sys.exit(main())
