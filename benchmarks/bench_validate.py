"""Validating a one-event submission against graphs of growing size, versus pySHACL on the whole
merged graph, measured in one run.

    .venv/bin/python benchmarks/bench_validate.py [--sizes 10000,100000,1000000] [--graph FILE.nt]
                                                  [--runs 5] [--baseline-timeout 600]

For each size the curated graph (ontology + data/) is loaded into an in-memory pyoxigraph store
together with a synthetic graph of that many triples (strikes on every day of 1990-2039 at
places within governorates, with participations, claims, actors and groups, all valid), or with
the triples of --graph (N-Triples or Turtle; read once, for one size). Then:

- `validate()`: the one-event submission of about 80 triples (an airstrike on a day that
  already has synthetic strikes, so the duplicate check finds candidates) is validated in
  context, --runs times after one warm-up; wall-clock and CPU time (this process and its
  workers) are reported as medians, with the number of context triples fetched.
- pySHACL baseline: the whole merged graph (store + submission) as an rdflib Graph, validated by
  pySHACL with the same shapes (and the same prepared-query cache, to be fair), once, in a
  worker under --baseline-timeout; a baseline that does not finish is reported as a lower bound.

Results go to stdout and to benchmarks/out/validate-<timestamp>.json. Run it on a quiet machine:
the ratios are taken within one run, so machine speed mostly cancels out, but other load does not.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from conflictkg.core.errors import UserError  # noqa: E402
from conflictkg.core.paths import Project  # noqa: E402
from conflictkg.rdf.safeload import Source  # noqa: E402
from conflictkg.core.sandbox import Budget, run_with_budget  # noqa: E402
from conflictkg.validation import validate as v  # noqa: E402

ID = "https://w3id.org/conflict-kg/id/"
CKG = "https://w3id.org/conflict-kg/ontology#"
VOCAB = "https://w3id.org/conflict-kg/vocab/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
SECTION = ID + "source/wikipedia-2024-palmyra-airstrike-lead"
SUBMISSION_DAY = "2012-06-15"


def synthetic_ntriples(target: int, seed: int = 1):
    """Yield N-Triples lines until about `target` triples: a realistic mix of node kinds."""
    rng = random.Random(seed)
    count = 0

    def t(s, p, o):
        nonlocal count
        count += 1
        return f"<{s}> <{p}> {o} .\n"

    def iri(x):
        return f"<{x}>"

    def lit(x, dt=None, lang=None):
        x = x.replace("\\", "\\\\").replace('"', '\\"')
        if lang:
            return f'"{x}"@{lang}'
        return f'"{x}"^^<{XSD}{dt}>' if dt else f'"{x}"'

    governorates = [f"{ID}place/syn-governorate-{i}" for i in range(20)]
    for g in governorates:
        yield t(g, RDF_TYPE, iri(CKG + "Place"))
        yield t(g, LABEL, lit(g.rsplit("/", 1)[1], lang="en"))
        yield t(g, CKG + "placeType", iri(VOCAB + "place-type/governorate"))
        yield t(g, CKG + "locatedIn", iri(ID + "place/syria"))
        yield t(g, CKG + "source", iri(SECTION))
    places = [f"{ID}place/syn-town-{i}" for i in range(2000)]
    for i, p in enumerate(places):
        yield t(p, RDF_TYPE, iri(CKG + "Place"))
        yield t(p, LABEL, lit(f"Town {i}", lang="en"))
        yield t(p, CKG + "placeType", iri(VOCAB + "place-type/city"))
        yield t(p, CKG + "locatedIn", iri(governorates[i % len(governorates)]))
        yield t(p, CKG + "source", iri(SECTION))
    actors = [f"{ID}actor/syn-group-{i}" for i in range(500)]
    for i, a in enumerate(actors):
        yield t(a, RDF_TYPE, iri(CKG + "ArmedGroup"))
        yield t(a, LABEL, lit(f"Group {i}", lang="en"))
        yield t(a, CKG + "source", iri(SECTION))
    start = 726833  # 1990-01-01 as a proleptic ordinal
    days = 50 * 365
    n = 0
    while count < target:
        n += 1
        day = __import__("datetime").date.fromordinal(start + (n * 7919) % days).isoformat()
        e = f"{ID}event/syn-strike-{n}"
        place = rng.choice(places)
        yield t(e, RDF_TYPE, iri(CKG + "Strike"))
        yield t(e, LABEL, lit(f"Synthetic strike {n}", lang="en"))
        yield t(e, CKG + "eventType", iri(VOCAB + "event-type/airstrike"))
        yield t(e, CKG + "startDate", lit(day, "date"))
        yield t(e, CKG + "datePrecision", iri(VOCAB + "precision/day"))
        yield t(e, CKG + "location", iri(place))
        yield t(e, CKG + "source", iri(SECTION))
        part = f"{ID}participation/syn-strike-{n}-perpetrator"
        yield t(e, CKG + "hasParticipation", iri(part))
        yield t(part, RDF_TYPE, iri(CKG + "Participation"))
        yield t(part, CKG + "agent", iri(rng.choice(actors)))
        yield t(part, CKG + "role", iri(VOCAB + "role/perpetrator"))
        yield t(part, CKG + "source", iri(SECTION))
        for k in range(2):
            c = f"{ID}claim/syn-strike-{n}-killed-{k}"
            yield t(c, RDF_TYPE, iri(CKG + "Claim"))
            yield t(c, CKG + "about", iri(e))
            yield t(c, CKG + "claimant", iri(rng.choice(actors)))
            yield t(c, CKG + "source", iri(SECTION))
            yield t(c, CKG + "measure", iri(VOCAB + "measure/killed"))
            yield t(c, CKG + "bestValue", lit(str(rng.randint(0, 200)), "nonNegativeInteger"))
            yield t(c, CKG + "qualifier", iri(VOCAB + "figure-qualifier/exact"))
            yield t(c, CKG + "figureText", lit("n"))
            yield t(c, CKG + "stance", iri(VOCAB + "stance/asserts"))
            yield t(c, CKG + "quote", lit(f"{n} {k}"))


SUBMISSION = f"""@prefix actor: <{ID}actor/> .
@prefix ckg: <{CKG}> .
@prefix claim: <{ID}claim/> .
@prefix event: <{ID}event/> .
@prefix group: <{ID}group/> .
@prefix part: <{ID}participation/> .
@prefix place: <{ID}place/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix source: <{ID}source/> .
@prefix xsd: <{XSD}> .
@prefix v: <{VOCAB}> .

place:bench-village a ckg:Place ;
    rdfs:label "Bench village"@en ;
    ckg:placeType <{VOCAB}place-type/city> ;
    ckg:locatedIn place:syn-governorate-3 ;
    ckg:source source:wikipedia-2024-palmyra-airstrike-lead .

event:bench-strike a ckg:Strike ;
    rdfs:label "Bench strike"@en ;
    ckg:eventType <{VOCAB}event-type/airstrike> ;
    ckg:startDate "{SUBMISSION_DAY}"^^xsd:date ;
    ckg:datePrecision <{VOCAB}precision/day> ;
    ckg:location place:bench-village ;
    ckg:partOf event:syrian-civil-war ;
    ckg:hasParticipation part:bench-strike-perpetrator, part:bench-strike-target ;
    ckg:source source:wikipedia-2024-palmyra-airstrike-lead ;
    ckg:quote "a strike on the bench village" .

part:bench-strike-perpetrator a ckg:Participation ;
    ckg:agent actor:israeli-air-force ; ckg:role <{VOCAB}role/perpetrator> ; ckg:side 1 ;
    ckg:source source:wikipedia-2024-palmyra-airstrike-lead ; ckg:quote "by the air force" .

part:bench-strike-target a ckg:Participation ;
    ckg:agent actor:syn-group-7 ; ckg:role <{VOCAB}role/target> ; ckg:side 2 ;
    ckg:source source:wikipedia-2024-palmyra-airstrike-lead ; ckg:quote "on the group" .

group:bench-fighters a ckg:Group ;
    rdfs:label "fighters at the depot"@en ; ckg:affiliation actor:syn-group-7 ;
    ckg:combatantStatus <{VOCAB}combatant-status/combatant> ;
    ckg:source source:wikipedia-2024-palmyra-airstrike-lead .
""" + "".join(
    f"""
claim:bench-strike-killed-{who} a ckg:Claim ;
    ckg:about event:bench-strike ; ckg:claimant actor:{who} ;
    ckg:source source:wikipedia-2024-palmyra-airstrike-lead ; ckg:measure <{VOCAB}measure/killed> ;
    ckg:bestValue "{n}"^^xsd:nonNegativeInteger ; ckg:qualifier <{VOCAB}figure-qualifier/exact> ;
    ckg:figureText "{n}" ; ckg:claimDate "{SUBMISSION_DAY}"^^xsd:date ;
    ckg:claimDatePrecision <{VOCAB}precision/day> ; ckg:stance <{VOCAB}stance/asserts> ;
    ckg:quote "{n} killed" .
"""
    for who, n in (("sohr", 12), ("syrian-state-media", 9), ("wikipedia", 12))
) + f"""
claim:bench-strike-killed-sohr-fighters a ckg:Claim ;
    ckg:about event:bench-strike ; ckg:claimant actor:sohr ; ckg:appliesTo group:bench-fighters ;
    ckg:breakdownOf claim:bench-strike-killed-sohr ;
    ckg:source source:wikipedia-2024-palmyra-airstrike-lead ; ckg:measure <{VOCAB}measure/killed> ;
    ckg:bestValue "7"^^xsd:nonNegativeInteger ; ckg:qualifier <{VOCAB}figure-qualifier/exact> ;
    ckg:figureText "7" ; ckg:stance <{VOCAB}stance/asserts> ; ckg:quote "7 fighters" .
"""


def build_store(project: Project, size: int, graph: Path | None):
    import pyoxigraph as ox

    store = v.memory_store(project)
    if graph is not None:
        fmt = ox.RdfFormat.N_TRIPLES if graph.suffix == ".nt" else ox.RdfFormat.TURTLE
        store.bulk_load(path=str(graph), format=fmt)
        return store
    chunk: list[str] = []
    for line in synthetic_ntriples(size):
        chunk.append(line)
        if len(chunk) >= 200_000:
            store.bulk_load(input="".join(chunk).encode(), format=ox.RdfFormat.N_TRIPLES)
            chunk = []
    if chunk:
        store.bulk_load(input="".join(chunk).encode(), format=ox.RdfFormat.N_TRIPLES)
    return store


def cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def measure_ours(project, store, runs: int) -> dict:
    source = Source("bench-submission.ttl", SUBMISSION.encode(), "turtle")
    report = v.validate([source], project=project, store=store)  # warm-up
    walls, cpus = [], []
    for _ in range(runs):
        c, w = cpu_seconds(), time.perf_counter()
        report = v.validate([source], project=project, store=store)
        walls.append(time.perf_counter() - w)
        cpus.append(cpu_seconds() - c)
    return {
        "wall_median_s": statistics.median(walls),
        "cpu_median_s": statistics.median(cpus),
        "submission_triples": report.inputs[0].triples,
        "context_triples": report.context_triples,
        "results": {k.lower(): n for k, n in report.counts.items()},
    }


def _baseline(store, shapes, submission_triples) -> dict:
    """In a worker: the whole merged graph through pySHACL."""
    import pyshacl
    from rdflib import Graph

    t0 = time.perf_counter()
    graph = Graph()
    for quad in store:
        graph.add((v._rd(quad.subject), v._rd(quad.predicate), v._rd(quad.object)))
    for t in submission_triples:
        graph.add(t)
    loaded = time.perf_counter() - t0
    with v._QueryCache():
        conforms, report, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="none")
    return {"load_s": loaded, "validate_s": time.perf_counter() - t0 - loaded, "triples": len(graph)}


def measure_baseline(project, store, timeout: float) -> dict:
    from conflictkg.rdf.safeload import Limits, load_sources

    shapes, _, _, policy = v._project_schema(str(project.root))
    loaded = load_sources([Source("bench-submission.ttl", SUBMISSION.encode(), "turtle")], Limits(), policy)
    triples = [(s, p, o) for s, p, o, g in loaded.quads]
    v._ensure_warm(shapes, [])
    start = time.perf_counter()
    try:
        out = run_with_budget(_baseline, store, shapes, triples, budget=Budget(timeout=timeout, memory_mb=16000), what="baseline")
        out["wall_s"] = time.perf_counter() - start
        out["finished"] = True
    except UserError as exc:
        why = "timed out" if "time budget" in exc.message else ("out of memory" if "memory" in exc.message else exc.message)
        out = {"wall_s": time.perf_counter() - start, "finished": False, "why": why}
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--graph", type=Path, help="use this N-Triples/Turtle file instead of a synthetic graph")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline-timeout", type=float, default=600.0)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args(argv)
    project = Project(ROOT)
    sizes = [int(s) for s in args.sizes.split(",")] if args.graph is None else [0]
    rows = []
    for size in sizes:
        t = time.perf_counter()
        store = build_store(project, size, args.graph)
        load = time.perf_counter() - t
        row = {"requested_triples": size, "store_triples": len(store), "store_load_s": load}
        row["ours"] = measure_ours(project, store, args.runs)
        if not args.no_baseline:
            row["baseline"] = measure_baseline(project, store, args.baseline_timeout)
            base = row["baseline"]["wall_s"]
            row["ratio"] = base / row["ours"]["wall_median_s"]
            row["ratio_is_lower_bound"] = not row["baseline"]["finished"]
        rows.append(row)
        ours = row["ours"]
        line = (
            f"{row['store_triples']:>9} triples: validate {ours['wall_median_s']:.3f} s wall, "
            f"{ours['cpu_median_s']:.3f} s CPU (median of {args.runs}; {ours['submission_triples']} triples "
            f"submitted, {ours['context_triples']} of context)"
        )
        if "baseline" in row:
            b = row["baseline"]
            done = f"{b['wall_s']:.1f} s" if b["finished"] else f"> {b['wall_s']:.0f} s ({b['why']})"
            bound = ">= " if row["ratio_is_lower_bound"] else ""
            line += f"; pySHACL on the whole graph {done}; ratio {bound}{row['ratio']:.0f}x"
        print(line, flush=True)
        del store
    out_dir = ROOT / "benchmarks" / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"validate-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps({"runs": args.runs, "rows": rows}, indent=2))
    print(f"results: {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
