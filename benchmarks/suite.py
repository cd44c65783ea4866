"""The benchmark suite of issue 8: every operation against its baseline, in one run, as Markdown.

    .venv/bin/python benchmarks/suite.py [--sizes 10k,100k,1M,10M] [--repeat N] [--quick] [-o docs/performance.md]

For each size a graph is generated (`conflictkg.generate.synth`, seed 0) into a throw-away project with the
real ontology, shapes and stored queries, and each operation is timed against its baseline in the
same run:

| operation | ours | baseline |
|---|---|---|
| store build | `conflictkg.storage.store.ensure(force=True)` | rdflib's parser on the same files (`harness.rdflib_graph`); Oxigraph's own bulk load of the same files into an on-disk store (`oxigraph load`), one named graph per file as ours, and all in the default graph (`oxigraph load, one graph`: what `oxigraph load` does without `--graph`), each with its size on disk against our derived data (the store plus every cache in `.conflictkg/`, measured once every other operation has made its caches) |
| each stored query | pyoxigraph, store opened read-only; and through the query daemon (graph in memory) | rdflib's in-memory SPARQL engine |
| one submission | `validate.validate([submission], store=...)` | pySHACL over the merged whole graph |
| whole graph | `validate.validate()`: the shapes compiled to SPARQL on the embedded store (store build not included: it is its own operation) | pySHACL; Apache Jena `shacl` if Java and Debian's jars are present |
| each export format | `export.export()` from the files | rdflib's serialisers (+ the rdflib parse) |
| reasoning | `publish.reasoning.write_entailments()` | owlrl's OWL RL closure (+ the rdflib parse), up to --owlrl-max triples |
| server, 50 clients | `benchmarks/load.py`, when present (see `run_server`) | - |

Every measured run is a fresh forked process (see harness.py): the report gives the median wall
time, the spread (min-max), the number of runs and the peak resident memory of the process and
its children. Baselines are cut off at a cap and reported as "> cap". With two sizes the scaling
exponent log(t2/t1)/log(n2/n1) is reported for every operation; with three or more (`--sizes
100k,1M,10M`) every size side by side, the exponent of each step and overall, and the peak memory
at each size.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shlex
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_export  # noqa: E402
import bench_queries  # noqa: E402
import harness  # noqa: E402
from jena_classpath import classpath as jena_classpath  # noqa: E402

EXPORT_FORMATS = ("turtle", "ntriples", "trig", "jsonld", "csv", "geojson")
SERVER_CLIENTS = 50
# `--publish`: the one command behind docs/performance.md. Two sizes, three runs per operation,
# baselines capped, and a budget of two hours after which nothing new starts.
PUBLISH_ARGS = ["--sizes", "100k,1M", "--repeat", "3", "--cap", "180", "--query-cap", "60", "--budget", "7200"]

# The targets of issue 8, stated at 1M triples on a 2-core machine.
TARGETS = {
    "build_s": 30.0,
    "per_event_s": 0.050,
    "whole_graph_query_s": 2.0,
    "query_ratio": 20.0,
    "submission_s": 0.5,
    "validate_ratio": 20.0,
    "jena_ratio": 1.0,
    "rdf_export_tps": 200_000,
    "jsonld_over_nt": 3.0,
    "reason_ratio": 20.0,
    "peak_mb": 4096,
    "derived_over_oxigraph": 1.5,  # issue 25: the store plus every cache, against Oxigraph's own store
}


@dataclass
class Settings:
    repeat: int
    cap: float  # seconds before a baseline (or any operation) is given up
    query_cap: float  # the same for one rdflib query
    owlrl_max: int  # owlrl only up to this many triples
    quick: bool
    only: tuple = ()  # operation name prefixes to run (--only); empty: all
    skip_engines: tuple = ()  # baseline engines not to run (--skip-engines); --merge keeps their rows
    deadline: float | None = None  # time.time() past which no further operation starts (--budget)

    def query_runs(self, minimum: int) -> tuple[int, float]:
        """How often one stored query is timed: at least `minimum` runs, more while they take under
        QUERY_BUDGET_S; with --quick exactly one (a smoke test of the code, not a measurement)."""
        return (1, 0.0) if self.quick else (minimum, QUERY_BUDGET_S)

    def wanted_ignoring_time(self, op: str) -> bool:
        return not self.only or any(op.startswith(o) for o in self.only)

    def out_of_time(self) -> bool:
        return self.deadline is not None and time.time() >= self.deadline

    def wanted(self, op: str) -> bool:
        if self.out_of_time():
            return False
        return not self.only or any(op.startswith(o) for o in self.only)

    def runs(self, op: str, engine: str) -> bool:
        """Whether the baseline `engine` of `op` is to run."""
        return self.wanted(op) and engine not in self.skip_engines

    def touches(self, family: str) -> bool:
        """Whether any operation of `family` (a name prefix, such as "export") is to run."""
        if self.out_of_time():
            return False
        return not self.only or any(op.startswith(family) or family.startswith(op) for op in self.only)


# --------------------------------------------------------------------------------------------
# The operations of one size
# --------------------------------------------------------------------------------------------


def record(rows: list, op: str, engine: str, outcome: harness.Outcome, **extra) -> dict:
    row = {"op": op, "engine": engine, **outcome.summary(), **extra}
    rows.append(row)
    print(f"  {op:38} {engine:16} {_short(row)}", file=sys.stderr, flush=True)
    return row


def _short(row: dict) -> str:
    if row.get("median_s") is not None:
        return f"{row['median_s']:.4f} s median of {row['runs']}, peak {row.get('peak_mb') or 0:.0f} MB"
    return row.get("status", "") + (f" ({row['error']})" if row.get("error") else "") + (f" {row['note']}" if row.get("note") else "")


def derived_on_disk(project) -> dict:
    """What `.conflictkg/` takes on disk, in MB (file sizes, as the `oxigraph load` baseline counts
    them): the current builds of the store, and everything else (the N-Triples copies, pointers,
    locks, logs). A build that is no longer current is left out: the next builder deletes it."""
    from conflictkg.storage.store import Layout

    layout = Layout(project)
    current = {layout.builds / p["build"] for v in ("base", "reasoned") if (p := layout.read_pointer(v))}
    store_bytes = cache_bytes = 0
    for path in project.cache_dir.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        size = path.stat().st_size
        if any(build in path.parents for build in current):
            store_bytes += size
        elif layout.builds not in path.parents:
            cache_bytes += size
    return {"store_mb": round(store_bytes / 1e6, 1), "caches_mb": round(cache_bytes / 1e6, 1)}


ONE_GRAPH = "oxigraph load, one graph"


def derived_ratio(ours: dict, rows: list, engine: str = "oxigraph load") -> tuple[float, float, float] | None:
    """(our store + caches in MB, the baseline `engine`'s store in MB, their ratio) of a "store build" row."""
    extra = ours.get("extra") or {}
    base = next((r for r in rows if r["op"] == "store build" and r["engine"] == engine), None)
    theirs = ((base or {}).get("extra") or {}).get("disk_mb")
    if "store_mb" not in extra or not theirs:
        return None
    derived = extra["store_mb"] + extra["caches_mb"]
    return derived, theirs, derived / theirs


def not_run(rows: list, op: str, engine: str, note: str) -> None:
    rows.append({"op": op, "engine": engine, "status": "n/a", "note": note, "runs": 0})
    print(f"  {op:38} {engine:16} n/a: {note}", file=sys.stderr, flush=True)


def run_size(size: int, work: Path, settings: Settings) -> dict:
    """Generate a graph of `size` triples and measure every operation on it."""
    from conflictkg.generate import synth

    project = harness.make_project(work / "project", size=size)
    graph_file = project.data_dir / "graph.ttl"
    triples = sum(1 for _ in graph_file.open("rb"))
    submission = synth.generate_submission(size, seed=0, index=0)
    params = bench_queries.generated_params(graph_file)
    print(f"{triples:,} triples generated ({size:,} asked); submission of {submission.triples} triples", file=sys.stderr)
    rows: list[dict] = []
    cap = settings.cap

    # Store build: every run rebuilds from the files in a fresh process.
    def build():
        from conflictkg.storage import store

        seconds, (b, _) = harness.stopwatch(lambda: store.ensure(project, force=True, progress=False))
        return {"s": seconds, "statements": b.statements}

    build_row = None
    if settings.wanted("store build"):
        build_row = record(rows, "store build", "ours", harness.repeated(build, settings.repeat, cap))

    # The baselines: Oxigraph's own bulk load of the same files into an on-disk store (what
    # `oxigraph load` does), one named graph per file as the build has them, and (ONE_GRAPH) all in
    # the default graph, as `oxigraph load` without --graph puts them: Oxigraph keeps three indexes
    # for the default graph and six for named graphs, so that store is about half the size and is
    # loaded in about two thirds of the time (10M: 828 against 1,622 MB, 37 against 59 s). The one
    # named graph per file is what the provenance views, TriG and the SPARQL endpoint's GRAPH read.
    def oxigraph_load(per_file: bool = True):
        import shutil
        import tempfile

        import pyoxigraph as ox

        from conflictkg.rdf import datafiles
        from conflictkg.storage.store import graph_iri

        folder = Path(tempfile.mkdtemp(prefix="oxigraph-load-", dir=work))
        try:
            began = time.perf_counter()
            target = ox.Store(str(folder / "store"))
            for path in project.ontology_files() + project.data_files():
                datafiles.bulk_load(target, path, graph=graph_iri(project, path) if per_file else None)
            target.flush()
            seconds = time.perf_counter() - began
            del target
            disk = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
            return {"s": seconds, "disk_mb": round(disk / 1e6, 1)}
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    if settings.runs("store build", "oxigraph load"):
        record(rows, "store build", "oxigraph load", harness.repeated(oxigraph_load, settings.repeat, cap))
    if settings.runs("store build", ONE_GRAPH):
        record(rows, "store build", ONE_GRAPH,
               harness.repeated(lambda: oxigraph_load(per_file=False), settings.repeat, cap))
    from conflictkg.storage import store

    # The others read this build. Built in a child, so this process stays as small as a CLI process
    # that opens a store: what it forks (the submission's budgeted worker) costs what it would there.
    def build_once(emit):
        store.ensure(project, progress=False)
        emit({"s": 0})

    ready = harness.forked(build_once, cap * 4)
    if ready.status != "ok" or not ready.samples:
        raise RuntimeError(f"could not build the store: {ready.error or ready.status}")

    if settings.touches("query "):
        ours_queries(rows, project, params, settings)
        daemon_queries(rows, project, params, settings)
    ours_validation(rows, project, submission, settings)
    ours_exports(rows, project, triples, settings)

    def reason():
        from conflictkg.publish.reasoning import write_entailments

        out = work / "entailed.nt"
        seconds, result = harness.stopwatch(lambda: write_entailments(project, out, "ntriples"))
        return {"s": seconds, "entailed": result.count}

    if settings.wanted("reasoning"):
        record(rows, "reasoning", "ours", harness.repeated(reason, settings.repeat, cap))
    if build_row is not None:
        # Once the queries, validations, exports and the reasoner have made their caches: what the
        # project's derived data takes on disk, against the store of each Oxigraph load of this run.
        build_row.setdefault("extra", {}).update(derived_on_disk(project))

    baselines(rows, project, params, submission, triples, settings, work)
    if settings.runs("validate whole graph", "Jena shacl"):
        jena(rows, project, triples, settings, work)
    if settings.wanted("server"):
        run_server(rows, project, settings)
    if settings.out_of_time():
        # Said in the table, so that a run cut by its budget never reads as a complete one.
        for op in expected_ops(project.root):
            if settings.wanted_ignoring_time(op) and not any(r["op"] == op for r in rows):
                not_run(rows, op, "ours", "not run: the time budget (--budget) ran out")
    for row in rows:
        # The cap each row was measured under, so that a report merging several runs (--merge)
        # shows every "> cap" and lower-bound ratio with its own.
        rdflib_query = row["op"].startswith("query ") and row["engine"] == "rdflib"
        row.setdefault("cap_s", settings.query_cap if rdflib_query else settings.cap)
    return {"size": size, "triples": triples, "rows": rows, "params": params}


def ours_queries(rows: list, project, params: dict, settings: Settings) -> None:
    from conflictkg.query import sparql
    from conflictkg.storage import store

    build, _ = store.ensure(project, progress=False)
    runs = settings.query_runs(max(3, settings.repeat * 2))  # queries are quick: more runs for a steadier median
    for planned in bench_queries.plan(project, params):

        def body(emit, planned=planned):
            embedded = store.open_store(build)

            time_query(emit, lambda: sparql.run_pyoxigraph(embedded, planned.prepared, planned.bindings), runs)

        record(rows, f"query {planned.name}", "ours", harness.forked(body, settings.cap), kind=planned.kind)


DAEMON = "ours, daemon"
# Queries of a few milliseconds vary by 2x from run to run on these machines: each engine runs a
# query again while its runs so far took under a second, up to 25 runs (harness.repeat_timed).
QUERY_BUDGET_S = 1.0
QUERY_MAX_RUNS = 25


def time_query(emit, run, runs: tuple[int, float]) -> None:
    """Time `run` (one stored query, on any engine) as `Settings.query_runs` says: at least its
    minimum and more while the runs take under its budget, emitting each run's seconds and result size."""

    def once() -> float:
        seconds, result = harness.stopwatch(run)
        emit({"s": seconds, "rows": bench_queries.result_size(result)})
        return seconds

    minimum, budget = runs
    harness.repeat_timed(once, minimum, budget, QUERY_MAX_RUNS)


def daemon_queries(rows: list, project, params: dict, settings: Settings) -> None:
    """Every stored query answered by the query daemon (`conflictkg daemon`: the graph held in
    memory by a resident process), as `conflictkg query` gets it when one runs: the request over
    its socket, the worker's sorted answer, parsing it. The daemon's start (loading the graph)
    is a row of its own, with the daemon's peak memory."""
    from conflictkg.query import daemon
    from conflictkg.query import sparql
    from conflictkg.storage import store

    build, _ = store.ensure(project, progress=False)
    place = daemon.place_for(project)
    try:
        seconds, found = harness.stopwatch(lambda: daemon.start(project, idle_minutes=0))
    except Exception as exc:  # noqa: BLE001 - a failed daemon is a row, not a crash of the suite
        not_run(rows, "query daemon start", "ours", f"failed: {exc}")
        return
    try:
        rows.append({"op": "query daemon start", "engine": "ours", "median_s": seconds, "min_s": seconds,
                     "max_s": seconds, "runs": 1, "status": "ok", "peak_mb": found.get("peak_mb") or found.get("rss_mb"),
                     "note": f"{found['statements']:,} statements loaded in {found['load_seconds']:g} s; "
                             f"{found.get('rss_mb') or 0:,.0f} MB resident after"})
        print(f"  {'query daemon start':38} {'ours':16} {seconds:.2f} s, {found.get('rss_mb')} MB", file=sys.stderr, flush=True)
        limits = sparql.Limits(timeout=settings.cap)
        runs = settings.query_runs(max(3, settings.repeat * 2))
        for planned in bench_queries.plan(project, params):

            def body(emit, planned=planned):
                def one():
                    answer = daemon.run(build, planned.prepared, planned.bindings, limits)
                    if answer is None:
                        raise RuntimeError("the daemon did not answer")
                    return answer

                time_query(emit, one, runs)

            record(rows, f"query {planned.name}", DAEMON, harness.forked(body, settings.cap), kind=planned.kind)
    finally:
        daemon.stop(place)


def _submission_source(submission):
    from conflictkg.rdf.safeload import Source

    return Source("submission.ttl", submission.text.encode("utf-8"), "turtle")


def _budget(settings: Settings):
    from conflictkg.core.sandbox import Budget

    return Budget(timeout=settings.cap, memory_mb=16_384)


def ours_validation(rows: list, project, submission, settings: Settings) -> None:
    from conflictkg.storage import store
    from conflictkg.validation import validate

    build, _ = store.ensure(project, progress=False)
    source = _submission_source(submission)

    def body(emit):
        embedded = store.open_store(build)
        run = lambda: validate.validate([source], project=project, store=embedded, budget=_budget(settings))  # noqa: E731
        cold, report = harness.stopwatch(run)  # loads the shapes and schema, warms the query cache
        for _ in range(max(3, settings.repeat)):
            seconds, report = harness.stopwatch(run)
            emit({"s": seconds, "cold_s": round(cold, 3), "results": len(report.results)})

    if settings.wanted("validate one submission"):
        record(rows, "validate one submission", "ours", harness.forked(body, settings.cap * 2),
               note="shapes compiled to SPARQL, on an in-memory store of the submission and its context")

    def whole():
        seconds, report = harness.stopwatch(lambda: validate.validate(project=project, budget=_budget(settings)))
        # For the comparison with Jena's report (`jena`): which results, not only how many.
        keys = sorted({ours_result_key(r) for r in report.results})
        (project.root / WHOLE_RESULTS).write_text(json.dumps(keys), encoding="utf-8")
        return {"s": seconds, "results": len(report.results)}

    if settings.wanted("validate whole graph"):
        record(rows, "validate whole graph", "ours", harness.repeated(whole, settings.repeat, settings.cap),
               note="shapes compiled to SPARQL (conflictkg.validation.shaclsparql), run on an in-memory copy of the graph "
                    "(its loading timed); the store build is its own operation")


def ours_exports(rows: list, project, triples: int, settings: Settings) -> None:
    from conflictkg.publish.export import export

    for fmt in EXPORT_FORMATS:
        if not settings.wanted(f"export {fmt}"):
            continue
        out = project.root / f"out.{bench_export.EXT[fmt]}"

        def one(fmt=fmt, out=out):
            seconds, _ = harness.stopwatch(lambda: export(project, out, fmt, progress=False))
            return {"s": seconds, "mb": round(out.stat().st_size / 1e6, 1)}

        record(rows, f"export {fmt}", "ours", harness.repeated(one, settings.repeat, settings.cap), triples=triples)


def baselines(rows: list, project, params: dict, submission, triples: int, settings: Settings, work: Path) -> None:
    """Every rdflib-based baseline, from one process that parses the graph once and forks per operation."""
    cap = settings.cap
    planned = (("store build", "rdflib parse"), ("query ", "rdflib"), ("validate whole graph", "pySHACL"),
               ("validate one submission", "pySHACL (merged)"), ("export", "rdflib"), ("reasoning", "owlrl"))
    if not any(settings.touches(op) and engine not in settings.skip_engines for op, engine in planned):
        return  # nothing to compare against: spare the rdflib parse

    def body(emit):
        import logging

        from conflictkg.query import sparql
        logging.getLogger("rdflib").setLevel(logging.ERROR)
        seconds, graph = harness.stopwatch(lambda: harness.rdflib_graph(project))
        peak = _self_peak_mb()
        if settings.wanted("store build"):
            emit({"row": {"op": "store build", "engine": "rdflib parse", "status": "ok", "runs": 1, "median_s": seconds,
                          "min_s": seconds, "max_s": seconds, "peak_mb": round(peak, 1)}})
        graph.query("ASK { ?s ?p ?o }")  # import rdflib's SPARQL machinery before the forks
        for planned in bench_queries.plan(project, params) if settings.touches("query ") else ():

            def q(inner, planned=planned):
                time_query(inner, lambda: sparql.run_rdflib(graph, planned.prepared, planned.bindings),
                           settings.query_runs(min(3, settings.repeat)))

            emit({"row": {"op": f"query {planned.name}", "engine": "rdflib", **harness.forked(q, settings.query_cap).summary()}})

        shapes = harness.rdflib_graph(project, ontology=False, data=False, shapes=True)

        def pyshacl_run(data):
            import pyshacl

            t, (conforms, report, _) = harness.stopwatch(lambda: pyshacl.validate(
                data, shacl_graph=shapes, inference="none", advanced=False, meta_shacl=False, do_owl_imports=False))
            from conflictkg.model.namespaces import SH

            return {"s": t, "results": len(set(report.subjects(None, SH.ValidationResult)))}

        def merged(inner):
            from rdflib import Graph

            g = graph  # forked: adding to it does not touch the parent's copy
            g.parse(data=submission.text, format="turtle")
            inner(pyshacl_run(g))

        if settings.runs("validate whole graph", "pySHACL"):
            whole = harness.forked(lambda inner: inner(pyshacl_run(graph)), cap)
            emit({"row": {"op": "validate whole graph", "engine": "pySHACL", **whole.summary(), "load_s": seconds}})
        if settings.runs("validate one submission", "pySHACL (merged)"):
            emit({"row": {"op": "validate one submission", "engine": "pySHACL (merged)",
                          **harness.forked(merged, cap).summary()}})

        for fmt, name in bench_export.RDFLIB_FORMATS.items():
            if not settings.wanted(f"export {fmt}"):
                continue
            out = work / f"rdflib.{bench_export.EXT[fmt]}"

            def ser(inner, fmt=fmt, out=out):
                t, size = harness.stopwatch(lambda: bench_export.rdflib_serialize(graph, fmt, out))
                inner({"s": t, "mb": round(size / 1e6, 1)})

            emit({"row": {"op": f"export {fmt}", "engine": f"rdflib {name}", **harness.forked(ser, cap).summary(),
                          "load_s": seconds}})

        if not settings.wanted("reasoning"):
            pass
        elif triples <= settings.owlrl_max:
            from conflictkg.model.entailment import owlrl_entailments

            def owl(inner):
                t, new = harness.stopwatch(lambda: owlrl_entailments(graph))
                inner({"s": t, "entailed": len(new)})

            emit({"row": {"op": "reasoning", "engine": "owlrl", **harness.forked(owl, cap).summary(), "load_s": seconds}})
        else:
            emit({"row": {"op": "reasoning", "engine": "owlrl", "status": "n/a", "runs": 0,
                          "note": f"not run above {settings.owlrl_max:,} triples (--owlrl-max): its time grows faster than the graph"}})

    # Enough for every capped step, plus the parse itself (also capped).
    n_queries = len(bench_queries.plan(project, params))
    total = 2 * cap + n_queries * settings.query_cap + 8 * cap + 60
    outcome = harness.forked(body, total)
    got = {(r["row"]["op"], r["row"]["engine"]) for r in outcome.samples}
    for s in outcome.samples:
        row = s["row"]
        rows.append(row)
        print(f"  {row['op']:38} {row['engine']:16} {_short(row)}", file=sys.stderr, flush=True)
    if outcome.status != "ok" or not got:
        why = "the rdflib parse did not finish within the cap" if not got else (outcome.error or outcome.status)
        for r in [x for x in rows if x["engine"] == "ours"]:
            engine = {"store build": "rdflib parse"}.get(r["op"], "rdflib")
            if not any(x["op"] == r["op"] and x["engine"] != "ours" for x in rows):
                rows.append({"op": r["op"], "engine": engine, "status": "cap" if outcome.status == "cap" else "error",
                             "runs": 0, "note": why})


def _self_peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --------------------------------------------------------------------------------------------
# Apache Jena (only if present; never installed from here)
# --------------------------------------------------------------------------------------------


def jena(rows: list, project, triples: int, settings: Settings, work: Path) -> None:
    cp = jena_classpath(work)
    op = "validate whole graph"
    if cp is None:
        not_run(rows, op, "Jena shacl", "not available (needs java and Debian's libapache-jena-java)")
        return
    import pyoxigraph as ox

    data, shapes = work / "jena-data.nt", work / "jena-shapes.nt"
    for out, files in ((data, project.ontology_files() + project.data_files()), (shapes, project.shapes_files())):
        with out.open("wb") as fh:
            for f in files:
                ox.serialize(ox.parse(path=str(f), format=ox.RdfFormat.TURTLE), fh, ox.RdfFormat.N_TRIPLES)
    argv = ["java", "-cp", cp, "shacl.shacl", "validate", "--shapes", str(shapes), "--data", str(data)]
    total = harness.Outcome()
    report = None
    for _ in range(max(1, min(3, settings.repeat))):
        one, stdout = harness.run_command(argv, settings.cap)
        total.samples += [{**s, "results": stdout.count("ValidationResult")} for s in one.samples]
        total.peak_mb = max(total.peak_mb or 0, one.peak_mb or 0)
        if one.samples:
            report = stdout
        if one.status != "ok":
            if not total.samples:
                total.status, total.error = one.status, one.error
            break
    note = "JVM start and load included"
    ours = project.root / WHOLE_RESULTS
    if report is not None and ours.exists():
        ontology_nodes = {q.subject.value for f in project.ontology_files()
                          for q in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE)}
        note = compare_reports(set(map(tuple, json.loads(ours.read_text(encoding="utf-8")))),
                               jena_result_keys(report), ontology_nodes) + "; " + note
    record(rows, op, "Jena shacl", total, note=note)


WHOLE_RESULTS = "whole-graph-results.json"


def _value_key(value: str | None) -> str | None:
    """A result's value as `validate.Result` writes it (IRI, _:label, or a literal in N-Triples
    form): IRIs compare as they are; literals and blank nodes only as such (each tool writes them
    differently)."""
    if value is None:
        return None
    if value.startswith("_:"):
        return "_:"
    return "(literal)" if value.startswith('"') else value


def _path_key(path: str | None) -> str | None:
    """A result path as `validate.Result` writes it: an IRI, or a SPARQL property path (with its
    IRIs in <>), which Jena writes as a blank node: complex paths compare only as such."""
    if path is None:
        return None
    return "(complex path)" if "<" in path or path.startswith("_:") else path


def ours_result_key(r) -> tuple:
    """What identifies a validation result across tools: focus node, path, value (blank nodes and
    literals only as such), shape, constraint component, severity."""
    focus = "_:" if r.focus_node.startswith("_:") else r.focus_node
    return (focus, _path_key(r.result_path), _value_key(r.value), r.source_shape, r.constraint_component, r.severity)


def jena_result_keys(turtle: str) -> set:
    """`ours_result_key` for each result of a SHACL report in Turtle (Jena's output)."""
    from rdflib import Graph
    from rdflib.namespace import SH

    from conflictkg.validation.terms import term_text as written  # as validate.Result writes terms

    graph = Graph().parse(data=turtle, format="turtle")
    keys = set()
    for result in graph.subjects(None, SH.ValidationResult):
        focus = written(graph.value(result, SH.focusNode))
        keys.add((
            "_:" if focus.startswith("_:") else focus,
            _path_key(written(graph.value(result, SH.resultPath))),
            _value_key(written(graph.value(result, SH.value))),
            str(graph.value(result, SH.sourceShape)),
            str(graph.value(result, SH.sourceConstraintComponent)),
            str(graph.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
        ))
    return keys


def compare_reports(ours: set, theirs: set, ontology_nodes: set) -> str:
    """A note saying whether two sets of result keys agree, and where not, how."""
    if ours == theirs:
        return f"the same {len(ours):,} results as ours"
    common = ours & theirs
    only_theirs, only_ours = theirs - ours, ours - theirs
    # Whole-graph validation reports the nodes described in data/ only (docs/validating.md).
    on_ontology = {k for k in only_theirs if k[0] in ontology_nodes}
    parts = [f"the same {len(common):,} results as ours"]
    if on_ontology:
        names = ", ".join(sorted(_short_iri(k[0]) for k in on_ontology)[:3])
        parts.append(f"{len(on_ontology)} more on ontology nodes ({names}), which ours does not report by design")
    if only_theirs - on_ontology:
        first = sorted(only_theirs - on_ontology)[0]
        parts.append(f"{len(only_theirs - on_ontology)} only in Jena (e.g. {_short_iri(first[0])} {_short_iri(first[3])})")
    if only_ours:
        first = sorted(only_ours)[0]
        parts.append(f"{len(only_ours)} only in ours (e.g. {_short_iri(first[0])} {_short_iri(first[3])})")
    return "; ".join(parts)


def _short_iri(iri: str) -> str:
    from conflictkg.validation.validate import short

    return short(iri) or iri


# --------------------------------------------------------------------------------------------
# The server (hook)
# --------------------------------------------------------------------------------------------


def run_server(rows: list, project, settings: Settings) -> None:
    """The server under 50 concurrent clients, measured by `benchmarks/load.py` when it exists.

    Contract for load.py: a function
        suite_run(project_root: Path, clients: int, cap: float, quick: bool) -> dict
    that starts `conflictkg serve` on the project, drives it with `clients` concurrent clients
    for at most `cap` seconds, stops it, and returns {"latencies_s": [per-request seconds...],
    "peak_mb": server peak RSS, "requests_per_s": float, "errors": int}.
    """
    op = f"server, {SERVER_CLIENTS} clients"
    path = ROOT / "benchmarks" / "load.py"
    if not path.exists():
        not_run(rows, op, "ours", "not available (benchmarks/load.py not present yet)")
        return
    import importlib

    load = importlib.import_module("load")
    if not hasattr(load, "suite_run"):
        not_run(rows, op, "ours", "benchmarks/load.py has no suite_run() (see suite.run_server)")
        return

    def body(emit):
        result = load.suite_run(project.root, SERVER_CLIENTS, settings.cap, settings.quick)
        for t in result.get("latencies_s", []):
            emit({"s": t})
        emit({"requests_per_s": result.get("requests_per_s"), "errors": result.get("errors"),
              "server_peak_mb": result.get("peak_mb")})

    record(rows, op, "ours", harness.forked(body, settings.cap * 2))


# --------------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------------


def fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 1:
        return f"{seconds * 1000:.3g} ms" if seconds >= 0.001 else f"{seconds * 1000:.2f} ms"
    return f"{seconds:.3g} s" if seconds < 100 else f"{seconds:.0f} s"


def fmt_mb(mb: float | None) -> str:
    return "" if not mb else f"{mb:,.0f} MB"


def time_cell(row: dict | None, cap: float) -> str:
    if row is None:
        return ""
    if row.get("median_s") is not None:
        return fmt_s(row["median_s"])
    if row.get("status") == "cap":
        return f"> {fmt_s(row.get('cap_s', cap))} (cap)"
    if row.get("status") == "error":
        return "error"
    return "n/a"


def spread_cell(row: dict) -> str:
    if row.get("median_s") is None:
        return ""
    return f"{fmt_s(row['min_s'])} – {fmt_s(row['max_s'])}"


def baseline_seconds(base: dict, end_to_end: bool) -> float | None:
    """The baseline's time as compared with ours: with the rdflib parse added where ours parses too."""
    if base.get("median_s") is None:
        return None
    return base["median_s"] + (base.get("load_s") or 0 if end_to_end else 0)


def ratio_of(ours: dict, base: dict | None, cap: float, end_to_end: bool) -> tuple[str, float | None, bool]:
    """(cell text, ratio or its lower bound, is a lower bound)."""
    if base is None or ours.get("median_s") in (None, 0):
        return "", None, False
    b = baseline_seconds(base, end_to_end)
    if b is not None:
        r = b / ours["median_s"]
        return f"{r:,.1f}×", r, False
    if base.get("status") == "cap":
        cap = base.get("cap_s", cap)
        r = (cap + (base.get("load_s") or 0 if end_to_end else 0)) / ours["median_s"]
        return f"> {r:,.1f}×", r, True
    return "", None, False


END_TO_END = ("validate whole graph", "export", "reasoning")  # ours reads the files: add the rdflib parse


def _end_to_end(op: str) -> bool:
    return op.startswith(END_TO_END)


def mark(ok: bool | None) -> str:
    return "" if ok is None else ("✅" if ok else "❌")


def ratio_mark(ratio: float, lower: bool, target: float) -> str:
    """A lower bound under the target (the baseline hit its cap) decides nothing."""
    if lower and ratio < target:
        return "? (baseline capped)"
    return mark(ratio >= target)


def target_cell(op: str, ours: dict, ratio: float | None, lower: bool, rows: list, triples: int, engine: str) -> str:
    """The issue's target for this row and whether the measurement meets it."""
    t = ours.get("median_s")
    parts = []
    if t is None:
        return ""
    if op == "store build":
        parts.append(f"< {TARGETS['build_s']:g} s {mark(t < TARGETS['build_s'])}")
        disk = derived_ratio(ours, rows, engine) if engine in ("oxigraph load", ONE_GRAPH) else None
        if disk:
            limit = TARGETS["derived_over_oxigraph"]
            parts.append(f"on disk ≤ {limit:g}× Oxigraph's ({disk[2]:.2f}×) {mark(disk[2] <= limit)}")
    elif op == "query daemon start":
        pass
    elif op.startswith("query "):
        per_event = ours.get("kind") == "per-event"
        limit = TARGETS["per_event_s"] if per_event else TARGETS["whole_graph_query_s"]
        parts.append(f"< {fmt_s(limit)} {mark(t < limit)}")
        if ratio is not None:
            parts.append(f"≥ {TARGETS['query_ratio']:g}× {ratio_mark(ratio, lower, TARGETS['query_ratio'])}")
    elif op == "validate one submission":
        parts.append(f"< {TARGETS['submission_s']:g} s {mark(t < TARGETS['submission_s'])}")
    elif op == "validate whole graph":
        if engine == "Jena shacl":
            if ratio is not None:
                parts.append(f"no slower than Jena {ratio_mark(ratio, lower, TARGETS['jena_ratio'])}")
        elif ratio is not None:
            parts.append(f"≥ {TARGETS['validate_ratio']:g}× {ratio_mark(ratio, lower, TARGETS['validate_ratio'])}")
    elif op in ("export turtle", "export ntriples"):
        tps = triples / t
        parts.append(f"≥ 200k triples/s {mark(tps >= TARGETS['rdf_export_tps'])}")
    elif op == "export jsonld":
        nt = next((r for r in rows if r["op"] == "export ntriples" and r["engine"] == "ours"), None)
        if nt and nt.get("median_s"):
            parts.append(f"≤ 3× N-Triples ({t / nt['median_s']:.1f}×) {mark(t <= TARGETS['jsonld_over_nt'] * nt['median_s'])}")
    elif op == "reasoning" and ratio is not None:
        parts.append(f"≥ {TARGETS['reason_ratio']:g}× {ratio_mark(ratio, lower, TARGETS['reason_ratio'])}")
    if ours.get("peak_mb"):
        parts.append(f"mem < 4 GB {mark(ours['peak_mb'] < TARGETS['peak_mb'])}")
    return "; ".join(parts)


def op_order(rows: list) -> list[str]:
    seen = []
    for r in rows:
        if r["op"] not in seen:
            seen.append(r["op"])
    return seen


def size_table(result: dict, cap: float, query_cap: float) -> list[str]:
    rows = result["rows"]
    out = ["| operation | median | spread (min – max) | runs | CPU per run | peak memory | baseline | baseline median | baseline peak | ratio | target (at 1M) | notes |",
           "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---|---|"]
    for op in op_order(rows):
        mine = [r for r in rows if r["op"] == op and r["engine"] in ("ours", DAEMON)]
        bases = [r for r in rows if r["op"] == op and r["engine"] not in ("ours", DAEMON)] or [None]
        for ours in mine:
            for base in bases:
                out.append(_table_row(op, ours, base, result, rows, cap, query_cap))
    return out


def _table_row(op: str, ours: dict, base: dict | None, result: dict, rows: list, cap: float, query_cap: float) -> str:
    base_cap = query_cap if op.startswith("query ") else cap
    end_to_end = _end_to_end(op) and base is not None and base.get("engine", "").startswith(("rdflib", "pySHACL", "owlrl"))
    ratio_text, ratio, lower = ratio_of(ours, base, base_cap, end_to_end)
    notes = []
    label = op
    if op.startswith("query ") and op != "query daemon start":
        label = f"{op} ({ours.get('kind', '')})"
        if ours["engine"] == DAEMON:
            label += ", daemon"
        rows_out = (ours.get("extra") or {}).get("rows")
        if rows_out is not None:
            notes.append(f"{rows_out:,} rows")
    extra = ours.get("extra") or {}
    if "cold_s" in extra:
        notes.append(f"first call {fmt_s(extra['cold_s'])} (loads shapes)")
    if "results" in extra and op.startswith("validate"):
        bextra = (base or {}).get("extra") or {}
        same = f" (baseline {bextra['results']})" if "results" in bextra else ""
        notes.append(f"{extra['results']} results{same}")
    if op == "store build" and (base or {}).get("engine") in ("oxigraph load", ONE_GRAPH):
        disk = derived_ratio(ours, rows, base["engine"])
        if disk:
            notes.append(f"on disk: store {extra['store_mb']:,.1f} MB + caches {extra['caches_mb']:,.1f} MB = "
                         f"{disk[0]:,.1f} MB, {disk[2]:.2f}× Oxigraph's store ({disk[1]:,.1f} MB)")
    if op in ("export csv", "export geojson"):
        notes.append("no rdflib equivalent")
    if op.startswith("export") and ours.get("median_s"):
        notes.append(f"{result['triples'] / ours['median_s']:,.0f} triples/s")
    if "entailed" in extra:
        notes.append(f"{extra['entailed']:,} entailed")
    if end_to_end and base and base.get("load_s") and base.get("median_s") is not None:
        notes.append(f"baseline includes its {fmt_s(base['load_s'])} parse")
    for r in (ours, base):
        if r and r.get("note"):
            notes.append(r["note"])
        if r and r.get("error"):
            notes.append(f"{r['engine']}: {r['error'][:120]}")
    target = target_cell(op, ours, ratio, lower, rows, result["triples"], (base or {}).get("engine", ""))
    return "| " + " | ".join([
        label, time_cell(ours, cap), spread_cell(ours), str(ours.get("runs", 0)), fmt_s(ours.get("cpu_per_run_s")),
        fmt_mb(ours.get("peak_mb")),
        (base or {}).get("engine", "") if base else "", time_cell(base, base_cap), fmt_mb((base or {}).get("peak_mb")),
        ratio_text, target, "; ".join(notes)]) + " |"


def scaling_table(results: list[dict]) -> list[str]:
    if len(results) < 2:
        return ["(one size only: run two sizes, e.g. --sizes 100k,1M, for the scaling exponents)"]
    if len(results) > 2:
        return scaling_table_sizes(results)
    a, b = results[-2], results[-1]
    n1, n2 = a["triples"], b["triples"]
    out = [f"From {n1:,} to {n2:,} triples: exponent = log(t2/t1) / log(n2/n1); 1 is linear, 2 quadratic, 0 flat.",
           "", "| operation | engine | t1 | t2 | exponent | |", "|---|---|---:|---:|---:|---|"]
    for op in op_order(b["rows"]):
        for r2 in [r for r in b["rows"] if r["op"] == op]:
            r1 = next((r for r in a["rows"] if r["op"] == op and r["engine"] == r2["engine"]), None)
            if not r1 or r1.get("median_s") is None or r2.get("median_s") is None:
                continue
            e = math.log(r2["median_s"] / r1["median_s"]) / math.log(n2 / n1)
            flag = "superlinear" if e > 1.2 else ("flat" if e < 0.2 else "")
            if op == "validate one submission" and r2["engine"] == "ours":
                flag = f"target flat {mark(e < 0.2)}"
            out.append(f"| {op} | {r2['engine']} | {fmt_s(r1['median_s'])} | {fmt_s(r2['median_s'])} | {e:.2f} | {flag} |")
    return out


def scaling_table_sizes(results: list[dict]) -> list[str]:
    """Three sizes or more (`--sizes 100k,1M,10M`): every size side by side, the exponent of each
    step and of the whole range, and the peak memory at each size."""
    sizes = [r["triples"] for r in results]
    steps = list(zip(results, results[1:]))
    head = ("| operation | engine | " + " | ".join(f"t at {n:,}" for n in sizes) + " | "
            + " | ".join(f"exponent {a['triples']:,} → {b['triples']:,}" for a, b in steps)
            + " | exponent overall | " + " | ".join(f"peak at {n:,}" for n in sizes) + " | |")
    out = ["exponent = log(t2/t1) / log(n2/n1) between two sizes; 1 is linear, 2 quadratic, 0 flat. "
           "\"superlinear\" marks an exponent above 1.2 on the last step.", "", head,
           "|---|---|" + "---:|" * (2 * len(sizes) + len(steps) + 1) + "---|"]
    last = results[-1]
    for op in op_order(last["rows"]):
        for r_last in [r for r in last["rows"] if r["op"] == op]:
            per = [next((r for r in res["rows"] if r["op"] == op and r["engine"] == r_last["engine"]), None)
                   for res in results]
            times = [r.get("median_s") if r else None for r in per]
            if sum(t is not None for t in times) < 2:
                continue
            exps = []
            for (a, b), t1, t2 in zip(steps, times, times[1:]):
                exps.append(math.log(t2 / t1) / math.log(b["triples"] / a["triples"]) if t1 and t2 else None)
            known = [(n, t) for n, t in zip(sizes, times) if t]
            overall = math.log(known[-1][1] / known[0][1]) / math.log(known[-1][0] / known[0][0])
            flag = "superlinear" if exps[-1] is not None and exps[-1] > 1.2 else (
                "flat" if overall < 0.2 else "")
            peaks = [f"{r['peak_mb']:,.0f} MB" if r and r.get("peak_mb") else "" for r in per]
            out.append(f"| {op} | {r_last['engine']} | " + " | ".join(fmt_s(t) if t else "–" for t in times) + " | "
                       + " | ".join(f"{e:.2f}" if e is not None else "–" for e in exps) + f" | {overall:.2f} | "
                       + " | ".join(peaks) + f" | {flag} |")
    return out


def machine(load_start, load_end) -> list[str]:
    import importlib.metadata as md

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    for pkg in ("rdflib", "pyshacl", "owlrl", "pyoxigraph"):
        try:
            versions.append(f"{pkg} {md.version(pkg)}")
        except md.PackageNotFoundError:
            versions.append(f"{pkg} not installed")
    mem = ""
    try:
        kb = int(next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    return [f"- Code: commit {COMMIT} of conflict-kg",
            f"- Machine: {os.cpu_count()} cores ({cpu or platform.machine()}){mem}, {platform.system()} {platform.release()}",
            f"- Load average (1, 5, 15 min) at start: {', '.join(f'{x:.2f}' for x in load_start)}; at end: {', '.join(f'{x:.2f}' for x in load_end)}",
            f"- {platform.python_implementation()} {platform.python_version()}; {', '.join(versions)}"]


def _commit() -> str:
    """The checkout's commit when the run starts (with "+ local changes" when it has some)."""
    import subprocess  # only here: the rest of the suite needs no git

    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return head + (" + local changes" if dirty else "")


COMMIT = _commit()

# Measured by hand for issue 25 (not by this run): kept in the report when it is regenerated.
SCALE_NOTES = (Path(__file__).resolve().parent / "scale_notes.md").read_text(encoding="utf-8") \
    if (Path(__file__).resolve().parent / "scale_notes.md").is_file() else ""

BOUNDS = """\
## What bounds the misses

Where a row misses its target the target is kept, and this is what limits the measured number today:

- **Whole-graph validation** compiles the shapes into SPARQL (`conflictkg.validation.shaclsparql`, about 220
  queries) that find the violations of all focus nodes at once, on an in-memory copy of the graph
  loaded from the N-Triples cache (about 5 s per million triples; the on-disk store is 3-4 times
  slower for these queries). The copy is built on a thread of its own: the queries run in a forked
  worker, whose allocations would otherwise walk free chunks among the copy on pages shared with
  the parent, and copy them (39-42 s instead of 32-35 s at 1M, measured apart). At
  1M triples the queries take about 30 s, led by the SPARQL-based
  constraints that test each node against the graph (terms and references, typed nodes, possible
  duplicates: 1-4 s each); then one pass over the data files (about 10 s) finds each result's file
  and line and the values of the literal checks the store cannot decide as written (it keeps
  literals in canonical form). pySHACL evaluates every constraint per focus node in Python: it did
  not finish within the 1,800 s cap at either size, so its ratios are lower bounds. Jena's time
  includes the JVM start and its parse. Its report is compared with ours result by result (focus
  node, path, value, shape, component, severity): at both sizes it finds the same results, plus one
  warning on `ckg:unknownActor`, an individual of the ontology, which our whole-graph validation
  leaves out by design (it reports the nodes described in data/). The cost grows a little faster than the graph: the
  generated graph of this run packs more events into each day as it grows (592 possible duplicates
  at 1M, none at 100k), and each result is then located in the files. The generator no longer
  writes those duplicates (they came from events with no free day in their campaign).
- **One submission** is validated with the shapes compiled to SPARQL on a small in-memory store of
  the submission, the context it needs (fetched by lookups in the store) and the schema: a few
  thousand triples whatever the size of the graph. Most of the time is fixed: reading the
  submission in its sandbox (about 15 ms), forking the worker that holds the budget, and running
  about 220 small queries (about 35 ms, mostly parsing and planning them). What grows is the duplicate check's candidates: the
  generated graph packs more events into each day as it grows, and the existing events of the
  same type dated within a day of the submitted one come in with their dates, type and places (36
  context triples at 100k, 135 at 1M, 315 at 10M). Measured apart at 10M with
  `benchmarks/bench_submission.py GRAPH.nt` (on the persistent store the CLI reads, both engines
  in the same run, medians of 9): 0.16 s at 10M, 0.096 s at 1M and 0.066 s at 100k, against 0.71,
  0.47 and 0.39 s for pySHACL on the same context; at 10M the context's 258 lookups cost more in
  the larger on-disk store. Each suite row is measured from a process the
  size of a CLI process (the store is built in a child), as the budgeted worker's fork costs more
  from a larger parent.
- **Stored queries** run on Oxigraph's on-disk (RocksDB) store, which a one-shot `conflictkg query`
  opens in milliseconds at any size. On it, scanning one predicate costs well under a microsecond
  per triple, but each lookup by subject (a nested-loop join) costs about 8 µs and each term
  turned back into a string about 3 µs, several times their in-memory cost; and Oxigraph's ORDER BY
  decodes both terms of every comparison (40,000 rows sorted by IRI: seconds, against a tenth of
  that unsorted). So answers are sorted after the engine and the whole-graph queries join by
  hashing (one sub-SELECT per property). What remains is some 50–70 µs per result row for a
  star-shaped answer, against some 500 µs in rdflib, so queries that return thousands of rows with
  little work per row (denials, commanders, event-relations, actor-claims for the busiest claimant)
  stay under 20× rdflib on it. Pyoxigraph 0.5 exposes none of RocksDB's cache or table options, so
  that bound is the on-disk backend, not the query. The rows marked "daemon" are the same queries
  answered by the query daemon (`conflictkg daemon start`, docs/querying.md), which holds the graph
  in memory: what `conflictkg query` gets while one runs, the request over its socket, the answer
  streamed back, parsed as it arrives and sorted, included. Its start (loading the graph) and its
  peak memory are the row "query daemon start". The daemon's answers are sorted after the engine
  too: in memory Oxigraph's ORDER BY still compares terms through its dictionary (about 100 ms of
  event-relations' 150 ms in a worker, for 11,408 rows, which the client sorts in about 30 ms),
  and an answer without ORDER BY starts streaming at once, so the worker writes while the client
  parses. Queries that return thousands of rows with little work per row take an eighth to
  under half of their on-disk time through it, depending on the run (actor-claims, commanders,
  denials, event-relations);
  those whose time is mostly evaluation, half or more (event-timeline, revision-chains,
  contested-range). Per-event queries of a millisecond or two do not gain, and some lose: a round trip
  costs about 0.2 ms at the floor (a connect and a one-line exchange between two Python processes
  on a Unix socket, measured apart) and 0.5–0.7 ms for an empty ASK through the daemon; a worker
  woken for one request runs a small query about twice as slowly as a process that has just run
  it (measured on event-graph); and much of their time is Oxigraph parsing and planning the query
  text, which pyoxigraph cannot prepare once. End to end the daemon still wins for these: a
  one-shot query also starts its worker process (see docs/querying.md). event-graph builds its
  graph from one template triple, bound in each branch: Oxigraph instantiates every template
  triple for every solution, and the three it had before (two of them unbound in each solution)
  cost about a fifth more. rdflib's times for small queries vary by up to 2× from run to run
  (conflict-events 171–302 ms at 1M in eight runs, event-graph 19–37 ms), and ours at a
  millisecond or two vary too (conflict-events 8.4–13.3 ms through the daemon in the last five),
  so ratios near 20× fall on either side of it. The daemon loads the graph on a thread of its
  own, out of the main malloc arena its forked workers allocate from (`sandbox.on_own_thread`):
  in paired runs of two daemons at 1M, queries alternating between them, answers took 5–15% less
  time than with the graph loaded on the main thread.
  Where rdflib is capped on a query written with sub-SELECTs, the ratio says little: rdflib joins
  sub-SELECTs by nested loops, so these texts are far slower on rdflib than the plainer ones they
  replaced (event-timeline took 0.9 s on rdflib at 100k before the rewrite).
- **Exports** read each file's N-Triples from the project's cache (`.conflictkg/ntriples/`, gzip,
  keyed by the SHA-256 of the file; the first export after a change parses with pyoxigraph) and render in
  Python (grouping, sorting, string building): the Python rendering is the floor of the RDF
  formats; CSV and GeoJSON add SPARQL over the store.
- **Reasoning** is the project's own rule engine in Python over N-Triples lines.
- **Store build** is pyoxigraph's bulk load (Rust) plus hashing the files.
"""


def _caps(results: list[dict], settings: Settings) -> str:
    """The caps the rows were measured under: a report merged from several runs (--merge) has rows
    of each run, so the caps come from the rows, not from the last command's settings."""
    def caps(rdflib_query: bool, default: float) -> str:
        found = sorted({row.get("cap_s", default) for result in results for row in result["rows"]
                        if (row["op"].startswith("query ") and row["engine"] == "rdflib") == rdflib_query})
        found = found or [default]
        return " or ".join(f"{c:g} s" for c in found)

    return f"{caps(False, settings.cap)} per operation, {caps(True, settings.query_cap)} per rdflib query"


def render(results: list[dict], settings: Settings, command: str, load_start, load_end, started: float,
           partial: str = "") -> str:
    lines = ["# Performance", "",
             "Produced by `benchmarks/suite.py`, in one run. Regenerate with:", "", "```sh", command, "```", "",
             *([f"**{partial}**", ""] if partial else []),
             *machine(load_start, load_end),
             f"- Wall time of the {'last ' if len(command.splitlines()) > 1 else ''}command: "
             f"{time.time() - started:,.0f} s, up to {settings.repeat} runs per operation (fewer when one run "
             f"takes the whole cap). Caps, as each row was measured: {_caps(results, settings)}; owlrl up to "
             f"{settings.owlrl_max:,} triples.",
             "",
             "**Timings are noisy**: the machine is shared, so wall times include waiting for a core. Each ratio "
             "compares two measurements taken in the same run, on the same graph, minutes apart, so the machine's "
             "speed largely cancels out of it. Every run is a fresh process; peak memory is the peak resident "
             "set of that process and its children (for baselines that share one rdflib parse, it includes the "
             "parsed graph). \"> cap\" means the baseline was stopped at the cap, so the ratio is a lower bound. "
             "Baselines of operations that read the files (whole-graph validation, exports, reasoning) include "
             "the rdflib parse (shown in the notes); query and submission baselines do not. "
             "\"CPU per run\" is the CPU time of our process and its children divided by the runs: less "
             "sensitive to a busy machine than the wall time (it can exceed the wall time when Oxigraph uses "
             "both cores).",
             "",
             "Graphs are generated by `conflictkg.generate.synth` (seed 0), as `conflictkg generate --triples N` writes them; "
             "queries that take a parameter are given a node of the generated graph (the middle event, the busiest "
             "claimant, the first war and governorate, the median claim date). The targets are the issue's, "
             "stated at 1M triples; at smaller sizes their marks are indicative only.", ""]
    for res in results:
        lines += [f"## {res['triples']:,} triples", "", *size_table(res, settings.cap, settings.query_cap), ""]
    lines += ["## Scaling", "", *scaling_table(results), "", BOUNDS, SCALE_NOTES]
    return "\n".join(lines) + "\n"


def expected_ops(project_root: Path | None = None) -> list[str]:
    """Every operation row the report must have (the test checks them)."""
    from conflictkg.query import library as queries
    from conflictkg.core.paths import Project

    names = sorted(queries.library(Project(project_root or ROOT)))
    return (["store build"] + [f"query {n}" for n in names]
            + ["validate one submission", "validate whole graph"] + [f"export {f}" for f in EXPORT_FORMATS]
            + ["reasoning", f"server, {SERVER_CLIENTS} clients"])


def merge_results(earlier: list[dict], new: list[dict], keep_engines: tuple = ()) -> list[dict]:
    """`earlier` (one result per size) with the rows of every operation measured in `new` replaced
    by the new rows, in the same place; sizes `new` did not run keep their earlier rows, and so do
    the rows of `keep_engines` (baselines not run this time: --skip-engines)."""
    if keep_engines:
        new = [_with_kept_rows(fresh, earlier, keep_engines) for fresh in new]
    by_size = {r["size"]: r for r in new}
    merged = []
    for old in earlier:
        fresh = by_size.get(old["size"])
        if fresh is None:
            merged.append(old)
            continue
        ops = {r["op"] for r in fresh["rows"]}
        rows, placed = [], set()
        for row in old["rows"]:
            if row["op"] not in ops:
                rows.append(row)
            elif row["op"] not in placed:
                rows += [r for r in fresh["rows"] if r["op"] == row["op"]]
                placed.add(row["op"])
        rows += [r for r in fresh["rows"] if r["op"] not in placed and r["op"] in ops - {x["op"] for x in old["rows"]}]
        merged.append({**old, "rows": rows})
    return merged


def _with_kept_rows(fresh: dict, earlier: list[dict], keep_engines: tuple) -> dict:
    """`fresh` plus the earlier rows of `keep_engines` for the operations it ran, each operation's
    rows in the earlier order of engines (so the report keeps its layout)."""
    old_rows = next((old["rows"] for old in earlier if old["size"] == fresh["size"]), [])
    ran = {r["op"] for r in fresh["rows"]}
    rows = [r for r in fresh["rows"] if r["engine"] not in keep_engines]
    rows += [r for r in old_rows if r["engine"] in keep_engines and r["op"] in ran]
    place = {(r["op"], r["engine"]): i for i, r in enumerate(old_rows)}
    first = {op: min((i for (o, _), i in place.items() if o == op), default=len(old_rows)) for op in ran}
    rows.sort(key=lambda r: (first[r["op"]], place.get((r["op"], r["engine"]), len(old_rows))))
    return {**fresh, "rows": rows}


def main(argv: list[str] | None = None) -> int:
    from conflictkg.generate.synth import parse_size

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default=None, help="comma-separated sizes (default 100k,1M; with --quick 10k)")
    ap.add_argument("--repeat", type=int, default=None, help="runs per operation (default 5; with --quick 1)")
    ap.add_argument("--quick", action="store_true", help="small caps and one run: a smoke test of the suite")
    ap.add_argument("--cap", type=float, default=None, help="seconds before an operation is given up (default 180; quick 20)")
    ap.add_argument("--query-cap", type=float, default=None, help="seconds before one rdflib query is given up (default 60; quick 10)")
    ap.add_argument("--owlrl-max", type=int, default=150_000, help="run owlrl only up to this many triples")
    ap.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "performance.md")
    ap.add_argument("--json", type=Path, help="also write the raw measurements here")
    ap.add_argument("--render", type=Path, metavar="JSON", help="only rewrite the report from a --json file of an earlier run")
    ap.add_argument("--only", default="", help="comma-separated operation name prefixes to run (e.g. 'validate,export turtle')")
    ap.add_argument("--skip-engines", default="",
                    help="comma-separated baselines not to run (e.g. 'pySHACL'); with --merge their earlier rows are kept")
    ap.add_argument("--merge", type=Path, metavar="JSON",
                    help="with --only: an earlier run's --json whose rows of the operations run now are replaced "
                         "(for partial reruns; never into the published docs/performance.md)")
    ap.add_argument("--budget", type=float, default=None, metavar="SECONDS",
                    help="start no operation after this many seconds; the ones left are reported as not run")
    ap.add_argument("--publish", action="store_true",
                    help=f"regenerate docs/performance.md from scratch: {' '.join(PUBLISH_ARGS)}, the raw "
                         "measurements in benchmarks/out/performance.json (other options add to or override these)")
    args = ap.parse_args(argv)
    if args.publish:
        args = ap.parse_args(PUBLISH_ARGS + [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--publish"])
        args.publish = True
        args.json = args.json or ROOT / "benchmarks" / "out" / "performance.json"
    published = args.output.resolve() == (ROOT / "docs" / "performance.md").resolve()
    if published and not args.render and (args.merge or args.only or args.skip_engines or args.quick):
        ap.error("docs/performance.md is published from one complete run (--publish): write partial reruns "
                 "(--only, --merge, --skip-engines, --quick) elsewhere with -o")
    if args.render:
        raw = json.loads(args.render.read_text(encoding="utf-8"))
        meta = raw["meta"]
        settings = Settings(**meta["settings"])
        text = render(raw["results"], settings, meta["command"], meta["load_start"], meta["load_end"],
                      time.time() - meta["wall_s"], meta.get("partial", ""))
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
        return 0
    settings = Settings(
        repeat=args.repeat or (1 if args.quick else 5),
        cap=args.cap or (20.0 if args.quick else 180.0),
        query_cap=args.query_cap or (10.0 if args.quick else 60.0),
        owlrl_max=args.owlrl_max,
        quick=args.quick,
        only=tuple(o.strip() for o in args.only.split(",") if o.strip()),
        skip_engines=tuple(e.strip() for e in args.skip_engines.split(",") if e.strip()),
    )
    if args.budget:
        settings.deadline = time.time() + args.budget
    sizes = [parse_size(s) for s in (args.sizes or ("10k" if args.quick else "100k,1M")).split(",")]
    given = argv if argv is not None else sys.argv[1:]
    command = ".venv/bin/python benchmarks/suite.py " + " ".join(shlex.quote(a) for a in given)
    started, load_start = time.time(), os.getloadavg()
    earlier = None
    if args.merge:
        if not settings.only:
            ap.error("--merge needs --only (the operations whose rows are replaced)")
        earlier = json.loads(args.merge.read_text(encoding="utf-8"))
        command = earlier["meta"]["command"] + "\n" + command.strip()
    fresh: list[dict] = []
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="conflictkg-suite-") as tmp:
        for size in sizes:
            print(f"== {size:,} triples", file=sys.stderr, flush=True)
            fresh.append(run_size(size, Path(tmp) / str(size), settings))
            shutil.rmtree(Path(tmp) / str(size), ignore_errors=True)
            results = merge_results(earlier["results"], fresh, settings.skip_engines) if earlier is not None else fresh
            # Written after every size, so an interrupted run keeps what it measured.
            done = "" if len(fresh) == len(sizes) else f"(interrupted: {len(fresh)} of {len(sizes)} sizes done)"
            if settings.out_of_time():
                skipped = sum(1 for r in fresh for row in r["rows"] if "budget" in (row.get("note") or ""))
                done = (done + " " if done else "") + (f"(the time budget of {args.budget:g} s ran out: {skipped} "
                                                       f"operation(s) not run, marked in the tables)")
            # Read once: the report and the raw file must agree (--render rebuilds one from the other).
            load_end = os.getloadavg()
            text = render(results, settings, command.strip(), load_start, load_end, started, done)
            args.output.write_text(text, encoding="utf-8")
            if args.json:
                args.json.parent.mkdir(parents=True, exist_ok=True)
                meta = {"command": command.strip(), "settings": settings.__dict__, "load_start": load_start,
                        "load_end": load_end, "wall_s": time.time() - started, "partial": done}
                args.json.write_text(json.dumps({"meta": meta, "results": results}, indent=1, default=str) + "\n")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
