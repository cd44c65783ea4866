"""Validating one submission against a large graph on the persistent store, with both engines.

    .venv/bin/python benchmarks/bench_submission.py GRAPH.nt [--work DIR] [--runs 7] [--size N]

GRAPH is linked as the data of a throwaway project in --work (kept, so a second run reuses its
store: at 10M triples the build takes minutes). The store is built as `conflictkg build` builds
it, then the generated submission for a graph of that size (`conflictkg generate --submission 0`,
an event on a day that already has generated events, so the duplicate check finds candidates)
is validated in context, as `conflictkg validate FILE` does, by the compiled SPARQL engine and by
pySHACL: one cold call (shapes loaded, plan compiled or pySHACL's queries prepared), then --runs
warm calls, each in its budgeted worker. Prints the medians, spread and context size, and the
peak memory of this process. The ratio is pySHACL's time over ours, in the same run.

This is where the suite (`benchmarks/suite.py`) does not go: it generates every size itself and
measures every baseline, which at 10M triples would take hours.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import harness  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("graph", type=Path, help="N-Triples (or Turtle) file: the project's data")
    parser.add_argument("--work", type=Path, help="project folder to create or reuse (default: next to GRAPH)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--size", type=int, help="size the submission is generated for (default: the graph's lines)")
    args = parser.parse_args(argv)

    from conflictkg.storage import store
    from conflictkg.generate import synth
    from conflictkg.validation import validate
    from conflictkg.core.paths import Project
    from conflictkg.rdf.safeload import Source

    work = args.work or args.graph.with_suffix(".project")
    project = Project(work) if (work / "data").exists() else harness.make_project(work, graph=args.graph)
    size = args.size or sum(1 for _ in args.graph.open("rb"))
    began = time.perf_counter()
    build, _ = store.ensure(project, progress=True)
    print(f"graph: {args.graph} ({size:,} lines); store ready in {time.perf_counter() - began:.1f} s")
    opened = store.open_store(build)
    submission = synth.generate_submission(size, seed=0, index=0)
    source = Source("submission.ttl", submission.text.encode("utf-8"), "turtle")
    print(f"submission: {submission.triples} triples")
    medians = {}
    for engine in ("sparql", "pyshacl"):
        cold, report = harness.stopwatch(lambda: validate.validate([source], project=project, store=opened, engine=engine))
        warm = []
        for _ in range(args.runs):
            seconds, report = harness.stopwatch(
                lambda: validate.validate([source], project=project, store=opened, engine=engine))
            warm.append(seconds)
        medians[engine] = statistics.median(warm)
        print(f"{engine:8} median {medians[engine] * 1000:7.1f} ms  (min {min(warm) * 1000:.1f}, max "
              f"{max(warm) * 1000:.1f}; first call {cold * 1000:.0f} ms)  results {len(report.results)}, "
              f"context {report.context_triples} triples")
    print(f"ratio (pySHACL / ours): {medians['pyshacl'] / medians['sparql']:.1f}x")
    print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
