"""Time every stored query on the embedded store and on rdflib's in-memory engine, in one run.

    .venv/bin/python benchmarks/bench_queries.py GRAPH.ttl|GRAPH.nt [options]

The graph file is loaded as the project's data (next to the project's ontology/) into a
throwaway project, so the store is built by the same code `conflictkg build` runs and the rebuild
time is measured too. Each stored query then runs with its example parameters (override with
--param name=value) on the store, opened read-only as `conflictkg query` opens it, and on an
rdflib Graph of the same triples. rdflib runs in a forked child per query so that --rdflib-timeout
can stop it. Ratios are taken within the run, so machine speed cancels out.

Targets (issue 4, at 1M triples): per-event queries and lookups (those with an IRI parameter) under
50 ms median, whole-graph queries under 2 s, every query at least 20x faster than rdflib, a store
rebuild under 30 s.

    --replicate K   load K copies of the graph, all but the first with every IRI under /id/
                    renamed, a stopgap for size tests until a realistic generator exists
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import harness  # noqa: E402
from conflictkg.query import library  # noqa: E402
from conflictkg.query import sparql  # noqa: E402
from conflictkg.storage import store  # noqa: E402
from conflictkg.core.paths import Project  # noqa: E402

PER_EVENT_TARGET_MS = 50
WHOLE_GRAPH_TARGET_MS = 2000
RATIO_TARGET = 20
REBUILD_TARGET_S = 30


def make_project(graph: Path, workdir: Path, replicate: int) -> Project:
    shutil.copytree(ROOT / "ontology", workdir / "ontology")
    shutil.copytree(ROOT / "queries", workdir / "queries")
    (workdir / "data").mkdir()
    if replicate <= 1:
        os.symlink(graph.resolve(), workdir / "data" / "graph.ttl")  # N-Triples is Turtle too
    else:
        _replicate(graph, workdir / "data" / "graph.ttl", replicate)
    return Project(workdir)


def _replicate(graph: Path, out: Path, copies: int) -> None:
    import pyoxigraph as ox

    fmt = ox.RdfFormat.N_TRIPLES if graph.suffix == ".nt" else ox.RdfFormat.TURTLE
    triples = [q.triple for q in ox.parse(path=str(graph), format=fmt)]
    ids = re.compile(r"^https://w3id\.org/conflict-kg/id/")

    def rename(term, k):
        # Copy 0 keeps its names, so the queries' example parameters still find something.
        if k and isinstance(term, ox.NamedNode) and ids.match(term.value):
            return ox.NamedNode(f"{term.value}-r{k}")
        return term

    with out.open("wb") as fh:
        for k in range(copies):
            batch = [ox.Triple(rename(t.subject, k), t.predicate, rename(t.object, k)) for t in triples]
            ox.serialize(batch, fh, ox.RdfFormat.N_TRIPLES)


@dataclass
class Planned:
    """A stored query ready to run: its name, kind (per-event or whole-graph) and bound parameters."""

    name: str
    kind: str
    prepared: object
    bindings: dict


def plan(project: Project, overrides: dict[str, str] | None = None, names: list[str] | None = None) -> list[Planned]:
    """Every stored query (or those named) with its example parameters, or `overrides`."""
    overrides = overrides or {}
    lib = library.library(project)
    out = []
    for name in names or sorted(lib):
        q = lib[name]
        values = {p.name: overrides.get(p.name, p.example) for p in q.params if p.required or p.name in overrides}
        bindings = library.bind(q.params, values, query_name=name)
        # Per-event and lookups: queries about one named thing (an IRI parameter).
        kind = "per-event" if any(p.kind == "iri" and p.required for p in q.params) else "whole-graph"
        out.append(Planned(name, kind, sparql.prepare_stored(q), bindings))
    return out


def generated_params(graph: Path) -> dict[str, str]:
    """Parameters that name real nodes of a graph from `conflictkg generate` (the examples name
    curated nodes, which a generated graph does not have): the middle event, the busiest claimant,
    the first war and governorate, and the middle claim date."""
    events, claimants, dates = 0, {}, []
    event_re = re.compile(r"^<https://w3id\.org/conflict-kg/id/event/gen-e(\d+)> <http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type>")
    claimant = "<https://w3id.org/conflict-kg/ontology#claimant> <https://w3id.org/conflict-kg/id/actor/"
    claim_date = "<https://w3id.org/conflict-kg/ontology#claimDate> \""
    with graph.open(encoding="utf-8") as fh:
        for line in fh:
            m = event_re.match(line)
            if m:
                events = max(events, int(m.group(1)) + 1)
            i = line.find(claimant)
            if i >= 0:
                slug = line[i + len(claimant):line.index(">", i + len(claimant))]
                claimants[slug] = claimants.get(slug, 0) + 1
            j = line.find(claim_date)
            if j >= 0 and len(dates) < 100_000:
                dates.append(line[j + len(claim_date):j + len(claim_date) + 10])
    busiest = max(sorted(claimants), key=lambda k: claimants[k]) if claimants else "gen-collective0"
    return {"event": f"gen-e{events // 2}", "actor": busiest, "conflict": "gen-war0", "place": "gen-c0-g0",
            "asof": sorted(dates)[len(dates) // 2] if dates else "2020-01-01"}


def samples(fn, repeat: int) -> tuple[list[float], int]:
    """Wall times in ms of `repeat` runs, and the result size of the last run."""
    times, size = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
        size = result_size(result)
    return times, size


def result_size(result) -> int:
    return len(result.rows) if result.kind == "select" else (len(result.triples) if result.kind == "graph" else 1)


def timed(fn, repeat: int) -> tuple[float, int]:
    """Median wall time in ms over `repeat` runs, and the result size of the last run."""
    times, size = samples(fn, repeat)
    return statistics.median(times), size


def _rdflib_child(conn, graph, prepared, bindings, repeat):
    try:
        conn.send(("ok", timed(lambda: sparql.run_rdflib(graph, prepared, bindings), repeat)))
    except Exception as exc:  # report, do not crash the benchmark
        conn.send(("error", f"{type(exc).__name__}: {exc}"))


def time_rdflib(graph, prepared, bindings, repeat: int, timeout: float):
    ctx = multiprocessing.get_context("fork")  # the child shares the loaded graph
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_rdflib_child, args=(child, graph, prepared, bindings, repeat))
    proc.start()
    if parent.poll(timeout):
        status, value = parent.recv()
        proc.join()
        return value if status == "ok" else (None, value)
    proc.kill()
    proc.join()
    return None, f"> {timeout:g} s"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("graph", type=Path, help="an N-Triples (.nt) or Turtle (.ttl) file")
    ap.add_argument("--query", "-q", action="append", default=[], help="only this stored query (repeatable)")
    ap.add_argument("--param", "-p", action="append", default=[], help="name=value for every query that has it")
    ap.add_argument("--generated", action="store_true", help="parameters naming nodes of a `conflictkg generate` graph")
    ap.add_argument("--repeat", type=int, default=7, help="runs per query on the store (median)")
    ap.add_argument("--rdflib-repeat", type=int, default=3, help="runs per query on rdflib (median)")
    ap.add_argument("--rdflib-timeout", type=float, default=300, help="seconds before an rdflib query is given up")
    ap.add_argument("--skip-rdflib", action="store_true", help="time the store only")
    ap.add_argument("--replicate", type=int, default=1, help="load K renamed copies of the graph")
    ap.add_argument("--json", type=Path, help="also write the measurements here")
    args = ap.parse_args(argv)

    overrides = {**(generated_params(args.graph) if args.generated else {}), **library.parse_assignments(args.param)}
    report = {"graph": str(args.graph), "replicate": args.replicate, "queries": []}
    with tempfile.TemporaryDirectory(prefix="conflictkg-bench-") as tmp:
        project = make_project(args.graph, Path(tmp), args.replicate)
        t0 = time.perf_counter()
        build, _ = store.ensure(project, progress=sys.stderr.isatty())
        report["rebuild_s"] = round(time.perf_counter() - t0, 2)
        report["statements"] = build.statements
        print(f"store rebuild: {report['rebuild_s']} s for {build.statements} statements "
              f"(target < {REBUILD_TARGET_S} s)", flush=True)
        embedded = store.open_store(build)
        graph = None
        if not args.skip_rdflib:
            t0 = time.perf_counter()
            graph = harness.rdflib_graph(project)
            report["rdflib_load_s"] = round(time.perf_counter() - t0, 2)
            print(f"rdflib load: {report['rdflib_load_s']} s for {len(graph)} triples", flush=True)
            graph.query("ASK { ?s ?p ?o }")  # import rdflib's SPARQL machinery before the forks

        # What `conflictkg query` adds on top of the engine: a worker process and result files.
        probe = sparql.prepare_stored(library.find(project, "event-timeline"))
        worker_ms, _ = timed(lambda: sparql.run_embedded(build, probe, {}), 3)
        report["worker_overhead_ms"] = round(worker_ms - timed(lambda: sparql.run_pyoxigraph(embedded, probe, {}), 3)[0], 1)
        print(f"conflictkg query worker overhead: ~{report['worker_overhead_ms']} ms per query", flush=True)

        header = f"{'query':36} {'kind':11} {'rows':>7} {'store ms':>10} {'rdflib ms':>11} {'ratio':>8}  targets"
        print(header)
        for planned in plan(project, overrides, args.query):
            name, kind, prepared, bindings = planned.name, planned.kind, planned.prepared, planned.bindings
            ms, rows = timed(lambda: sparql.run_pyoxigraph(embedded, prepared, bindings), args.repeat)
            entry = {"query": name, "kind": kind, "rows": rows, "store_ms": round(ms, 2)}
            rd = None
            if graph is not None:
                rd, _ = time_rdflib(graph, prepared, bindings, args.rdflib_repeat, args.rdflib_timeout)
                if isinstance(rd, (int, float)):
                    entry["rdflib_ms"] = round(rd, 2)
                    entry["ratio"] = round(rd / ms, 1) if ms > 0 else None
                else:
                    entry["rdflib"] = _
            limit = PER_EVENT_TARGET_MS if kind == "per-event" else WHOLE_GRAPH_TARGET_MS
            checks = [f"{'ok' if ms < limit else 'SLOW'} <{limit}ms"]
            if "ratio" in entry:
                checks.append(f"{'ok' if entry['ratio'] >= RATIO_TARGET else 'LOW'} >={RATIO_TARGET}x")
            entry["targets"] = " ".join(checks)
            report["queries"].append(entry)
            rd_text = f"{entry['rdflib_ms']:.1f}" if "rdflib_ms" in entry else entry.get("rdflib", "-")
            ratio = f"{entry['ratio']}x" if entry.get("ratio") else "-"
            print(f"{name:36} {kind:11} {rows:>7} {ms:>10.2f} {rd_text:>11} {ratio:>8}  {entry['targets']}", flush=True)
        # Drop the store (it holds files in the folder about to be removed). Not `del`: the
        # lambdas above refer to the name, and a deleted name there reads as undefined.
        embedded = None

    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
