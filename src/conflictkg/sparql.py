"""Running SPARQL: safety checks, parameter binding, and execution on three engines.

- embedded: the pyoxigraph store (`conflictkg.store`), in a worker process with limits;
- remote: any SPARQL 1.1 endpoint through SPARQLWrapper, in the same kind of worker;
- rdflib: rdflib's own engine, in process (the cross-engine test and the benchmark).

All three get the same query text: parameters are pre-bound by a VALUES block of N-Triples
terms (see `conflictkg.sparqltext`), so they are typed RDF terms, never pasted-in user text.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from conflictkg.errors import EXIT_FAILURE, UserError
from conflictkg.sparqltext import bind_values, prologue_line, query_form

DEFAULT_TIMEOUT = 60.0
DEFAULT_MEMORY_MB = 2048


@dataclass
class Limits:
    timeout: float = DEFAULT_TIMEOUT  # seconds of wall-clock time
    memory_mb: int = DEFAULT_MEMORY_MB  # heap of the worker, and size of the result

    def __post_init__(self):
        if not self.timeout or self.timeout <= 0:
            raise UserError("--timeout must be a positive number of seconds")
        if self.memory_mb < 64:
            raise UserError("--memory-limit must be at least 64 (MB)")


@dataclass
class Result:
    kind: str  # "select", "ask" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)  # pyoxigraph terms or None
    boolean: bool | None = None
    triples: list = field(default_factory=list)  # pyoxigraph Triples


@dataclass
class Prepared:
    """A query ready to run: its text (prefixes added for ad hoc queries) and its form."""

    text: str
    form: str  # select, construct, ask, describe
    source: str  # for messages: a file name or <stdin>


# --------------------------------------------------------------------------------------------
# Checking ad hoc queries
# --------------------------------------------------------------------------------------------

_UPDATE_NAMES = {
    "Load": "LOAD",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT",
}


def check_query(text: str, *, source: str = "<query>", allow_service: bool = False, add_prefixes: bool = True) -> Prepared:
    """Parse an untrusted query with rdflib's SPARQL parser and refuse what could reach outside.

    Refused: updates (including LOAD), SERVICE (unless `allow_service`), FROM and FROM NAMED
    (rdflib would fetch the named URL or file; other engines would read graphs we did not mean).
    A syntax error is reported with its line and column.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    prologue = prologue_line() if add_prefixes else ""
    full = prologue + text
    try:
        parsed = parseQuery(full)
    except ParseException as exc:
        query_error = exc
        try:
            update = parseUpdate(full)
        except ParseException as exc2:
            worst = exc2 if exc2.loc > query_error.loc else query_error
            raise _syntax_error(source, worst, len(prologue)) from None
        except Exception:  # rdflib raises assorted errors on odd input
            raise _syntax_error(source, query_error, len(prologue)) from None
        ops = sorted({_UPDATE_NAMES.get(getattr(r, "name", ""), "update") for r in update.request})
        raise UserError(
            f"{source}: refused: this is a SPARQL update ({', '.join(ops)}); only read-only queries "
            "(SELECT, ASK, CONSTRUCT, DESCRIBE) run here"
        ) from None
    except Exception as exc:  # e.g. an undefined prefix raises outside pyparsing
        raise UserError(f"{source}: cannot parse the query: {str(exc).splitlines()[0][:200]}") from None
    body = parsed[1]
    form = body.name.removesuffix("Query").lower()
    found = set()
    _walk(parsed, found)
    if "DatasetClause" in found or _has_dataset_clause(body):
        raise UserError(
            f"{source}: refused: FROM / FROM NAMED would make the engine read other graphs, files or URLs; "
            "remove them (queries run on the project's graph)"
        )
    if "ServiceGraphPattern" in found and not allow_service:
        raise UserError(
            f"{source}: refused: SERVICE sends (part of) the query and its bindings to another server; "
            "use --allow-service only for a query you trust"
        )
    return Prepared(full, form, source)


def _has_dataset_clause(body) -> bool:
    clause = body.get("datasetClause")
    return bool(clause) and not isinstance(clause, str)


def _walk(node, found: set) -> None:
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    seen = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, CompValue):
            found.add(item.name)
            stack.extend(item.values())
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)) or type(item).__name__ == "ParseResults":
            stack.extend(list(item))


def _syntax_error(source: str, exc, prologue_len: int) -> UserError:
    line, col = exc.lineno, exc.col
    if line == 1:
        col = max(1, col - prologue_len)
    near = exc.line[:60] if exc.line else ""
    if line == 1:
        near = exc.line[prologue_len:][:60]
    msg = str(exc.msg)
    return UserError(f"{source}:{line}:{col}: syntax error: {msg}" + (f" (near: {near.strip()!r})" if near.strip() else ""))


def prepare_stored(query) -> Prepared:
    """A stored query is project code, checked by the test suite: no parse, just its form."""
    form = query_form(query.text)
    if form is None:
        raise UserError(f"{query.path}: not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    return Prepared(query.text, form, str(query.path))


# --------------------------------------------------------------------------------------------
# Execution in a worker process
# --------------------------------------------------------------------------------------------


def run_embedded(build, prepared: Prepared, bindings: dict | None = None, limits: Limits | None = None) -> Result:
    """Run on a store build (`conflictkg.store.reader`), under time and memory limits."""
    text = bind_values(prepared.text, bindings or {})
    request = {"mode": "embedded", "store": str(build.path), "query": text, "form": prepared.form}
    return _run_worker(request, prepared, limits or Limits())


def run_remote(endpoint: str, prepared: Prepared, bindings: dict | None = None, limits: Limits | None = None) -> Result:
    """Run on a SPARQL 1.1 query endpoint through SPARQLWrapper, under the same limits."""
    from conflictkg.remote import check_endpoint_url

    check_endpoint_url(endpoint)
    text = bind_values(prepared.text, bindings or {})
    request = {"mode": "remote", "endpoint": endpoint, "query": text, "form": prepared.form}
    return _run_worker(request, prepared, limits or Limits(), remote=endpoint)


def _run_worker(request: dict, prepared: Prepared, limits: Limits, remote: str | None = None) -> Result:
    request = dict(request, timeout=limits.timeout, memory_mb=limits.memory_mb)
    env = dict(os.environ, RUST_BACKTRACE="0", PYTHONDONTWRITEBYTECODE="1")
    with tempfile.TemporaryDirectory(prefix="conflictkg-query-") as tmp:
        request["result"] = str(Path(tmp) / "result")
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "conflictkg._worker"],
                input=json.dumps(request).encode(),
                capture_output=True,
                timeout=limits.timeout,
                env=env,
            )
        except subprocess.TimeoutExpired:
            raise UserError(
                f"{prepared.source}: stopped after {limits.timeout:g} s, the time limit (raise it with --timeout)",
                exit_code=EXIT_FAILURE,
            ) from None
        status = _status(proc.stdout)
        if status is None:
            raise _crash(prepared, proc, limits)
        if not status.get("ok"):
            raise _failure(prepared, status, limits, remote)
        return read_result(Path(request["result"]), status["kind"])


def _status(stdout: bytes) -> dict | None:
    for line in reversed(stdout.decode("utf-8", "replace").splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                return None
    return None


def _crash(prepared: Prepared, proc, limits: Limits) -> UserError:
    rc = proc.returncode
    err = proc.stderr.decode("utf-8", "replace")
    memory = f"{prepared.source}: stopped: the query needed more than {limits.memory_mb} MB, the memory limit (raise it with --memory-limit)"
    if "memory allocation" in err or "MemoryError" in err or rc in (-signal.SIGABRT, -signal.SIGKILL, -signal.SIGSEGV):
        return UserError(memory, exit_code=EXIT_FAILURE)
    if rc == -signal.SIGXCPU:
        return UserError(f"{prepared.source}: stopped: CPU time limit reached (raise it with --timeout)", exit_code=EXIT_FAILURE)
    if rc == -signal.SIGXFSZ:
        return _too_large(prepared, limits)
    last = [line for line in err.splitlines() if line.strip()]
    detail = last[-1][:300] if last else f"exit status {rc}"
    return UserError(f"{prepared.source}: the query worker failed: {detail}", exit_code=EXIT_FAILURE)


def _too_large(prepared: Prepared, limits: Limits) -> UserError:
    return UserError(
        f"{prepared.source}: stopped: the result is larger than {limits.memory_mb} MB (add a LIMIT, or raise --memory-limit)",
        exit_code=EXIT_FAILURE,
    )


def _failure(prepared: Prepared, status: dict, limits: Limits, remote: str | None) -> UserError:
    kind, message = status.get("error"), status.get("message", "")
    if kind == "syntax":
        return UserError(f"{prepared.source}: syntax error: {message}")
    if kind == "memory":
        return UserError(
            f"{prepared.source}: stopped: the query needed more than {limits.memory_mb} MB (raise it with --memory-limit)",
            exit_code=EXIT_FAILURE,
        )
    if kind == "too-large":
        return _too_large(prepared, limits)
    if remote:
        return UserError(f"{remote}: {message}", exit_code=EXIT_FAILURE)
    return UserError(f"{prepared.source}: the query failed: {message}", exit_code=EXIT_FAILURE)


def read_result(path: Path, kind: str) -> Result:
    """Read what the worker wrote: SPARQL JSON results, or N-Triples for graphs."""
    import pyoxigraph as ox

    if kind == "graph":
        triples = [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)]
        return Result("graph", triples=sort_triples(triples))
    parsed = ox.parse_query_results(path=str(path), format=ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QueryBoolean):
        return Result("ask", boolean=bool(parsed))
    names = [v.value for v in parsed.variables]
    rows = [tuple(solution[name] for name in names) for solution in parsed]
    return Result("select", variables=names, rows=rows)


def sort_triples(triples: list) -> list:
    """CONSTRUCT results come in engine order; sort them so output is stable."""
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


# --------------------------------------------------------------------------------------------
# In-process engines (tests, benchmarks)
# --------------------------------------------------------------------------------------------


def run_pyoxigraph(store, prepared: Prepared, bindings: dict | None = None) -> Result:
    """Run on an open pyoxigraph store in this process (no limits: for trusted queries only)."""
    import pyoxigraph as ox

    text = bind_values(prepared.text, bindings or {})
    res = store.query(text, use_default_graph_as_union=True)
    if isinstance(res, ox.QueryBoolean):
        return Result("ask", boolean=bool(res))
    if isinstance(res, ox.QuerySolutions):
        names = [v.value for v in res.variables]
        return Result("select", variables=names, rows=[tuple(s[n] for n in names) for s in res])
    return Result("graph", triples=sort_triples(list(res)))


def run_rdflib(graph, prepared: Prepared, bindings: dict | None = None) -> Result:
    """Run on an rdflib Graph with rdflib's own SPARQL engine, converting terms to pyoxigraph's."""
    text = bind_values(prepared.text, bindings or {})
    res = graph.query(text)
    if res.type == "ASK":
        return Result("ask", boolean=bool(res.askAnswer))
    if res.type == "SELECT":
        names = [str(v) for v in res.vars]
        rows = [tuple(rdflib_to_oxigraph(row[i]) for i in range(len(names))) for row in res]
        return Result("select", variables=names, rows=rows)
    import pyoxigraph as ox

    triples = [ox.Triple(*(rdflib_to_oxigraph(t) for t in triple)) for triple in res.graph]
    return Result("graph", triples=sort_triples(triples))


def rdflib_to_oxigraph(term):
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unexpected term {term!r}")
