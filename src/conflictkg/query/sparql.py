"""Running SPARQL: safety checks, parameter binding, and execution on three engines.

- embedded: the pyoxigraph store (`conflictkg.storage.store`), in a worker process with limits;
- remote: any SPARQL 1.1 endpoint (SPARQL 1.1 Protocol over HTTP), in the same kind of worker;
- rdflib: rdflib's own engine, in process (the cross-engine test and the benchmark).

All three get the same query text: parameters are pre-bound by a VALUES block of N-Triples
terms (see `conflictkg.query.sparqltext`), so they are typed RDF terms, never pasted-in user text.
"""

from __future__ import annotations

import gc
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from conflictkg.core.errors import EXIT_FAILURE, UserError
from conflictkg.model.prefixes import PREFIXES
from conflictkg.query.sparqltext import (
    UPDATE_KEYWORDS,
    bind_values,
    keywords,
    line_col,
    tokens,
    unbalanced,
    prologue_line,
    query_form,
    split_order,
    without_comments,
)
from conflictkg.query.textrows import TextRows, sort_passes, sort_text_rows

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
    # tuples of pyoxigraph terms or None; the daemon's answers are a `textrows.TextRows`, which
    # reads the same and keeps each value's text for the output formats
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    triples: list = field(default_factory=list)  # pyoxigraph Triples
    partial: str | None = None  # why a remote server's answer is incomplete (it said so), else None


@dataclass
class Prepared:
    """A query ready to run: its text (prefixes added for ad hoc queries) and its form."""

    text: str
    form: str  # select, construct, ask, describe
    source: str  # for messages: a file name or <stdin>
    line_offset: int = 0  # lines added in front of the user's text (the prefixes)


# --------------------------------------------------------------------------------------------
# Checking ad hoc queries
# --------------------------------------------------------------------------------------------

def check_query(text: str, *, source: str = "<query>", allow_service: bool = False, add_prefixes: bool = True) -> Prepared:
    """Check an untrusted query before any engine sees it, and refuse what could reach outside.

    Refused: updates (including LOAD), SERVICE (unless `allow_service`), FROM and FROM NAMED
    (rdflib would fetch the named URL or file; other engines would read graphs we did not mean).
    Two independent looks: the query's keywords (`sparqltext.keywords`), then rdflib's SPARQL
    parser, whose parse tree is searched for SERVICE and dataset clauses. A syntax error is
    reported with its line and column in the user's text.
    """
    # rdflib only here: `conflictkg query` runs a stored query without loading it.
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    words = keywords(text)
    updates = sorted(words & UPDATE_KEYWORDS)
    if updates:
        raise _refuse_update(source, updates)
    if "FROM" in words:
        raise _refuse_from(source)
    if "SERVICE" in words and not allow_service:
        raise _refuse_service(source)

    prologue = prologue_line() if add_prefixes else ""
    offset = prologue.count("\n")
    full = prologue + text
    try:
        parsed = parseQuery(full)
    except ParseException as exc:
        raise _syntax_error(source, exc, offset, text) from None
    except Exception as exc:  # rdflib raises assorted errors on odd input
        raise UserError(f"{source}: cannot parse the query: {str(exc).splitlines()[0][:200]}") from None
    body = parsed[1]
    form = body.name.removesuffix("Query").lower()
    found: set = set()
    _walk(parsed, found)
    if "DatasetClause" in found or _has_dataset_clause(body):
        raise _refuse_from(source)
    if "ServiceGraphPattern" in found and not allow_service:
        raise _refuse_service(source)
    try:
        # rdflib only here: `conflictkg query` runs a stored query without loading it.
        from rdflib.plugins.sparql.algebra import translateQuery

        translateQuery(parsed)  # resolves prefixes: an undeclared one is reported here
    except Exception as exc:
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        if "Unknown namespace prefix" in reason:
            prefix = reason.rsplit(":", 1)[-1].strip()
            reason = _undeclared(prefix, text)
        raise UserError(f"{source}: cannot use this query: {reason}") from None
    return Prepared(full, form, source, offset)


def _refuse_update(source: str, ops: list[str]) -> UserError:
    return UserError(
        f"{source}: refused: this is a SPARQL update ({', '.join(ops)}); only read-only queries "
        "(SELECT, ASK, CONSTRUCT, DESCRIBE) run here"
    )


def _refuse_from(source: str) -> UserError:
    return UserError(
        f"{source}: refused: FROM / FROM NAMED would make the engine read other graphs, files or URLs; "
        "remove them (queries run on the project's graph)"
    )


def _refuse_service(source: str) -> UserError:
    return UserError(
        f"{source}: refused: SERVICE sends (part of) the query and its bindings to another server; "
        "use --allow-service only for a query you trust"
    )


def _has_dataset_clause(body) -> bool:
    clause = body.get("datasetClause")
    return bool(clause) and not isinstance(clause, str)


def _walk(node, found: set) -> None:
    # rdflib only here: `conflictkg query` runs a stored query without loading it.
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


def _undeclared(prefix: str, text: str) -> str:
    """What to say of a prefix the query uses without declaring it (the project's prefixes need
    no declaration): where it is first used, and the prefix it may be a misspelling of."""
    # Only to suggest a prefix for a misspelled one.
    import difflib

    where = ""
    for kind, value, offset in tokens(text):
        if kind == "word" and value.startswith(prefix + ":"):
            line, col = line_col(text, offset)
            where = f" (line {line}, column {col}: {value[:60]})"
            break
    close = difflib.get_close_matches(prefix, list(PREFIXES), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]}:?" if close else f"; add PREFIX {prefix}: <...>"
    return f"the prefix '{prefix}:' is not declared{where}{hint}"


_GENERIC = re.compile(r"^Expected (?:\{.*\}|SelectQuery|ConstructQuery|AskQuery|DescribeQuery|Query|end of text)")


def _term_follows_term(text: str, line: int, col: int) -> bool:
    """Does the text at (line, col) start a term right after a term, as in `?s ?p ?o ?x`?"""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return False
    offset = sum(len(x) + 1 for x in lines[:line - 1]) + col - 1
    before = [t for t in tokens(text[:offset]) if t[0] not in ("ws", "comment")]
    after = [t for t in tokens(text[offset:]) if t[0] not in ("ws", "comment")]

    def term(tok) -> bool:
        kind, value, _ = tok
        return kind in ("var", "iri", "string") or (kind == "word" and (":" in value or value == "a"))

    return len(before) >= 3 and bool(after) and term(before[-1]) and term(after[0])


def _syntax_error(source: str, exc, line_offset: int, text: str = "") -> UserError:
    """A syntax error in words: a bracket never closed or closed by the wrong one is named with
    where it was opened; otherwise what the parser expected, where it stopped."""
    problem = unbalanced(text) if text else None
    if problem is not None:
        offset, what = problem
        line, col = line_col(text, offset)
        return UserError(f"{source}:{line}:{col}: syntax error: {what}")
    line, col = max(1, exc.lineno - line_offset), exc.col
    near = (exc.line or "")[max(0, col - 1):][:40].strip()
    if _GENERIC.match(exc.msg or ""):
        if near:
            what = f"the query cannot go on with {near!r} here"
            if _term_follows_term(text, line, col):
                what += " (a '.' may be missing before it, to end the triple pattern)"
        else:
            what = "the query ends too early (a pattern, a '}' or an expression is missing)"
        return UserError(f"{source}:{line}:{col}: syntax error: {what}")
    where = f" (at: {near!r})" if near else ""
    return UserError(f"{source}:{line}:{col}: syntax error: {exc.msg}{where}")


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
    """Run on a store build (`conflictkg.storage.store.reader`), under time and memory limits, in a
    worker process reading the on-disk store. `conflictkg.query.daemon.run_embedded` asks the
    project's query daemon first, when one runs for the build."""
    limits = limits or Limits()
    text, keys = engine_text(prepared, bindings)
    request = {"mode": "embedded", "store": str(build.path), "query": text, "form": prepared.form}
    return sort_result(_run_worker(request, prepared, limits), keys)


def engine_text(prepared: Prepared, bindings: dict | None = None) -> tuple[str, list[tuple[str, bool]]]:
    """The text the embedded store runs, and the ORDER BY keys to sort its answer by afterwards
    (`sparqltext.split_order`): Oxigraph sorts slowly, comparing terms through its dictionary, on
    disk and in memory alike."""
    # Split first, then bind: the ORDER BY does not move, and the split of the stored text is
    # cached (binding values would make every text new).
    split = split_order(prepared.text) if prepared.form == "select" else None
    text, keys = split if split else (prepared.text, [])
    return bind_values(without_comments(text), bindings or {}), keys


def sort_result(result: "Result", keys: list[tuple[str, bool]]) -> "Result":
    if keys and result.kind == "select":
        if isinstance(result.rows, TextRows):  # the daemon's answer: sorted on its cells, in the same order
            result.rows = sort_text_rows(result.variables, result.rows, keys, order_key)
        else:
            result.rows = sort_rows(result.variables, result.rows, keys)
    return result


def run_remote(endpoint: str, prepared: Prepared, bindings: dict | None = None, limits: Limits | None = None,
               *, allow_partial: bool = False) -> Result:
    """Run on a SPARQL 1.1 query endpoint, under the same limits.

    A server that cuts its answer short and says so (Virtuoso's ResultSetMaxRows, an anytime
    query: see `conflictkg.query.remote.truncation`) makes this an error unless `allow_partial`;
    then the result carries the reason in `partial`."""
    # remote loads http.client and the store's export code, which a local query does without.
    from conflictkg.query.remote import check_endpoint_url

    check_endpoint_url(endpoint)
    text = bind_values(prepared.text, bindings or {})
    request = {"mode": "remote", "endpoint": endpoint, "query": text, "form": prepared.form}
    result = _run_worker(request, prepared, limits or Limits(), remote=endpoint)
    if result.partial and not allow_partial:
        raise UserError(
            f"{endpoint}: incomplete answer: {result.partial}; raise the server's cap (docs/deploying.md), "
            "add a LIMIT, or pass --allow-partial to take what it sent",
            exit_code=EXIT_FAILURE,
        )
    return result


def _run_worker(request: dict, prepared: Prepared, limits: Limits, remote: str | None = None) -> Result:
    request = dict(request, timeout=limits.timeout, memory_mb=limits.memory_mb)
    env = dict(os.environ, RUST_BACKTRACE="0", PYTHONDONTWRITEBYTECODE="1")
    with tempfile.TemporaryDirectory(prefix="conflictkg-query-") as tmp:
        request["result"] = str(Path(tmp) / "result")
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "conflictkg.query._worker"],
                input=json.dumps(request).encode(),
                capture_output=True,
                timeout=limits.timeout,
                env=env,
            )
        except subprocess.TimeoutExpired:
            raise timed_out(prepared, limits) from None
        status = _status(proc.stdout)
        if status is None:
            raise _crash(prepared, proc, limits)
        if not status.get("ok"):
            raise failure(prepared, status, limits, remote)
        result = read_result(Path(request["result"]), status["kind"])
        result.partial = status.get("partial")
        return result


def _status(stdout: bytes) -> dict | None:
    for line in reversed(stdout.decode("utf-8", "replace").splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                return None
    return None


# What a worker writes to stderr when an allocation was refused: RLIMIT_DATA, its memory cap, makes
# the allocator fail, and Rust (Oxigraph) then aborts, C++ throws bad_alloc, Python raises MemoryError.
ALLOCATION_FAILED = ("memory allocation of", "MemoryError", "std::bad_alloc")


def at_memory_cap(stderr: str) -> bool:
    """Whether a worker's last words say an allocation was refused: only then was it at its cap."""
    return any(words in stderr for words in ALLOCATION_FAILED)


def killed_by_signal(prepared: Prepared, signum: int) -> UserError:
    """A worker killed by a signal of someone else's (a user's kill, the system's out-of-memory
    killer when the machine runs short): say so, and blame none of the query's limits."""
    try:
        name = signal.Signals(signum).name
    except ValueError:
        name = "unknown signal"
    return UserError(
        f"{prepared.source}: stopped: the query worker was killed by signal {signum} ({name}), not by a limit "
        "of this query (another process, or the system's out-of-memory killer); run it again",
        exit_code=EXIT_FAILURE,
    )


def _crash(prepared: Prepared, proc, limits: Limits) -> UserError:
    rc = proc.returncode
    err = proc.stderr.decode("utf-8", "replace")
    if at_memory_cap(err):
        return out_of_memory(prepared, limits)
    if rc == -signal.SIGXCPU:
        return UserError(f"{prepared.source}: stopped: CPU time limit reached (raise it with --timeout)", exit_code=EXIT_FAILURE)
    if rc == -signal.SIGXFSZ:
        return _too_large(prepared, limits)
    if rc is not None and rc < 0:
        return killed_by_signal(prepared, -rc)
    last = [line for line in err.splitlines() if line.strip()]
    detail = last[-1][:300] if last else f"exit status {rc}"
    return UserError(f"{prepared.source}: the query worker failed: {detail}", exit_code=EXIT_FAILURE)


def _too_large(prepared: Prepared, limits: Limits) -> UserError:
    return UserError(
        f"{prepared.source}: stopped: the result is larger than {limits.memory_mb} MB (add a LIMIT, or raise --memory-limit)",
        exit_code=EXIT_FAILURE,
    )


def timed_out(prepared: Prepared, limits: Limits) -> UserError:
    return UserError(
        f"{prepared.source}: stopped after {limits.timeout:g} s, the time limit (raise it with --timeout)",
        exit_code=EXIT_FAILURE,
    )


def out_of_memory(prepared: Prepared, limits: Limits) -> UserError:
    return UserError(
        f"{prepared.source}: stopped: the query needed more than {limits.memory_mb} MB, the memory limit "
        "(raise it with --memory-limit)",
        exit_code=EXIT_FAILURE,
    )


def failure(prepared: Prepared, status: dict, limits: Limits, remote: str | None = None) -> UserError:
    """The error for a worker's status that says the query failed (the one-shot worker's or the
    daemon's: they report the same kinds)."""
    kind, message = status.get("error"), status.get("message", "")
    if kind == "syntax":
        first = " ".join(message.split())[:200]
        return UserError(f"{prepared.source}: syntax error: {_shift_lines(first, prepared.line_offset)}")
    if kind == "memory":
        return out_of_memory(prepared, limits)
    if kind == "too-large":
        return _too_large(prepared, limits)
    if remote:
        return UserError(f"{remote}: {message}", exit_code=EXIT_FAILURE)
    return UserError(f"{prepared.source}: the query failed: {message}", exit_code=EXIT_FAILURE)


def _shift_lines(message: str, offset: int) -> str:
    """pyoxigraph says "error at 3:5": count lines in the user's text, not ours."""

    if not offset:
        return message
    return re.sub(r"(\d+):(\d+)", lambda m: f"{max(1, int(m.group(1)) - offset)}:{m.group(2)}", message, count=1)


def read_result(path: Path, kind: str) -> Result:
    """Read what the worker wrote: SPARQL JSON results, or N-Triples for graphs."""
    return parse_result(path.read_bytes(), kind)


def parse_result(data, kind: str, *, tsv: bool = False) -> Result:
    """A result from SPARQL JSON results (or TSV results, with `tsv`), or from N-Triples when
    `kind` is "graph". `data` is bytes or a binary file read as it comes (the daemon's stream),
    written by one of our own workers: not for text from elsewhere."""


    # The rows hold no cycles, and pausing the collector while thousands of tuples are made
    # saves up to half the time (it would otherwise walk them again and again).
    paused = gc.isenabled()
    gc.disable()
    try:
        if kind == "graph":
            # Lenient: the text comes from our own worker's Oxigraph serializer, so its IRIs are
            # valid already, and checking them again was over half the parse time.
            triples = [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES, lenient=True)]
            return Result("graph", triples=sort_triples(triples))
        parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.TSV if tsv else ox.QueryResultsFormat.JSON)
        if isinstance(parsed, ox.QueryBoolean):
            return Result("ask", boolean=bool(parsed))
        names = [v.value for v in parsed.variables]
        rows = [tuple(solution) for solution in parsed]  # in the order of the variables
        return Result("select", variables=names, rows=rows)
    finally:
        if paused:
            gc.enable()


_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {_XSD + n: int for n in (
    "integer nonPositiveInteger negativeInteger long int short byte nonNegativeInteger "
    "unsignedLong unsignedInt unsignedShort unsignedByte positiveInteger"
).split()} | {_XSD + "decimal": Decimal, _XSD + "float": float, _XSD + "double": float}
_EPOCH_DAY = date(1970, 1, 1).toordinal()
_TEMPORAL = {_XSD + "date": 0, _XSD + "dateTime": 1, _XSD + "dateTimeStamp": 1}


def order_key(term) -> tuple:
    """A sort key giving SPARQL's ORDER BY order (unbound < blank node < IRI < literal; numbers
    by value, dates and date-times by time, strings by code point), and a fixed order between
    literals SPARQL does not compare (by kind, then datatype, then lexical form)."""

    if term is None:
        return (0,)
    if isinstance(term, ox.BlankNode):
        return (1, term.value)
    if isinstance(term, ox.NamedNode):
        return (2, term.value)
    datatype = term.datatype.value
    number = _NUMERIC.get(datatype)
    if number is not None:
        try:
            value = number(term.value)  # int, Decimal and float compare exactly with each other
            return (3, 0, "", value if value == value else Decimal("-Infinity"), "")
        except (InvalidOperation, ValueError):
            pass
    elif datatype in _TEMPORAL:
        when = _temporal(term.value, _TEMPORAL[datatype])
        if when is not None:
            return (3, 1, "", when, "")
    elif term.language or datatype == _XSD + "string":
        # Oxigraph puts a language-tagged string before the plain one of the same text.
        return (3, 2, "", term.value, (0, term.language) if term.language else (1, ""))
    return (3, 3, datatype, term.value, "")


def _temporal(text: str, kind: int):
    try:
        if kind == 0:  # a date: midnight UTC, as seconds (what the date-time branch gives it)
            return (date.fromisoformat(text[:10]).toordinal() - _EPOCH_DAY) * 86400.0
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return when.timestamp()
    except ValueError:
        return None


def sort_rows(variables: list[str], rows: list[tuple], keys: list[tuple[str, bool]]) -> list[tuple]:
    """`rows` in the order of an ORDER BY on `keys` ((variable, descending) pairs), stable."""

    rows = list(rows)
    named = ox.NamedNode
    # One stable pass per key, last key first. A column of IRIs only (most are) sorts by the IRI
    # strings themselves; others get order_key once per distinct term.
    for i, descending in sort_passes(variables, keys):
        column = [row[i] for row in rows]
        if all(type(term) is named for term in column):
            sort_keys = [term.value for term in column]
        else:
            memo: dict = {}
            sort_keys = []
            for term in column:
                if type(term) is named:
                    sort_keys.append((2, term.value))
                    continue
                hit = memo.get(term)
                if hit is None:
                    hit = memo[term] = order_key(term)
                sort_keys.append(hit)
        order = sorted(range(len(rows)), key=sort_keys.__getitem__, reverse=descending)
        rows = [rows[j] for j in order]
    return rows


def sort_triples(triples: list) -> list:
    """CONSTRUCT results come in engine order; sort them so output is stable. By each triple's
    N-Triples text, a third of the cost of sorting by its three terms' texts and the same order:
    subjects and predicates hold no space, which sorts before every character they may hold."""
    return sorted(triples, key=str)


# --------------------------------------------------------------------------------------------
# In-process engines (tests, benchmarks)
# --------------------------------------------------------------------------------------------


def run_pyoxigraph(store, prepared: Prepared, bindings: dict | None = None) -> Result:
    """Run on an open pyoxigraph store in this process (no limits: for trusted queries only)."""

    text, keys = engine_text(prepared, bindings)
    res = store.query(text, use_default_graph_as_union=True)
    if isinstance(res, ox.QueryBoolean):
        return Result("ask", boolean=bool(res))
    if isinstance(res, ox.QuerySolutions):
        names = [v.value for v in res.variables]
        return sort_result(Result("select", variables=names, rows=[tuple(s) for s in res]), keys)
    return Result("graph", triples=sort_triples(list(res)))


def run_rdflib(graph, prepared: Prepared, bindings: dict | None = None) -> Result:
    """Run on an rdflib Graph with rdflib's own SPARQL engine, converting terms to pyoxigraph's."""
    # Imported here: the stored-query path never needs rdflib, and importing it was a quarter of
    # a `conflictkg query`'s start-up.
    from conflictkg.rdf.rdfio import to_oxigraph as rdflib_to_oxigraph

    text = bind_values(prepared.text, bindings or {})
    res = graph.query(text)
    if res.type == "ASK":
        return Result("ask", boolean=bool(res.askAnswer))
    if res.type == "SELECT":
        names = [str(v) for v in res.vars]
        rows = [tuple(rdflib_to_oxigraph(row[i]) for i in range(len(names))) for row in res]
        return Result("select", variables=names, rows=rows)

    triples = [ox.Triple(*(rdflib_to_oxigraph(t) for t in triple)) for triple in res.graph]
    return Result("graph", triples=sort_triples(triples))

