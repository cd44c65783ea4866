"""Throughput and peak memory of the synthetic-graph generator (`conflictkg generate`).

    .venv/bin/python benchmarks/generate_bench.py                 # 100k and 1M, N-Triples, Turtle, .nt.gz
    .venv/bin/python benchmarks/generate_bench.py --sizes 10M --formats nt --runs 1

Each run is a fresh Python process (so its peak resident memory is its own) that writes the graph to
a temporary directory, which is removed afterwards. Prints a Markdown table: median wall time of the
runs, their spread (min-max), triples per second, output size and peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path


def one_run(size: int, fmt: str, path: str, seed: int) -> dict:
    """Generate once in this process and report what it cost."""
    import resource
    import time

    from conflictkg.generate import synth

    began = time.perf_counter()
    result = synth.generate_graph(path, size, seed=seed)
    seconds = time.perf_counter() - began  # includes reading the vocabulary and closing the file
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return {"size": size, "format": fmt, "seconds": seconds, "triples": result.triples,
            "bytes": os.path.getsize(path), "peak_mb": peak_kb / 1024}


def measure(size: int, fmt: str, runs: int, seed: int = 0) -> dict:
    samples = []
    with tempfile.TemporaryDirectory(prefix="ckg-genbench-") as tmp:
        path = str(Path(tmp) / f"graph.{fmt}")
        for _ in range(runs):
            proc = subprocess.run([sys.executable, __file__, "--one", str(size), fmt, path, str(seed)],
                                  capture_output=True, text=True, check=True)
            samples.append(json.loads(proc.stdout))
    times = [s["seconds"] for s in samples]
    median = statistics.median(times)
    return {"size": size, "format": fmt, "runs": runs, "median_s": median, "min_s": min(times), "max_s": max(times),
            "triples": samples[0]["triples"], "triples_per_s": samples[0]["triples"] / median,
            "mb": samples[0]["bytes"] / 1e6, "peak_mb": max(s["peak_mb"] for s in samples)}


def table(rows: list[dict]) -> str:
    out = ["| size | format | triples | median | spread | triples/s | output | peak memory |",
           "|---:|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        out.append(f"| {_size(r['size'])} | {r['format']} | {r['triples']:,} | {r['median_s']:.2f} s | "
                   f"{r['min_s']:.2f}-{r['max_s']:.2f} s | {r['triples_per_s']:,.0f} | {r['mb']:,.0f} MB | "
                   f"{r['peak_mb']:,.0f} MB |")
    return "\n".join(out)


def _size(n: int) -> str:
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,1M", help="comma-separated triple counts (default: 100k,1M)")
    parser.add_argument("--formats", default="nt,ttl,nt.gz", help="comma-separated: nt, ttl, nt.gz, ttl.gz")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (default: 3)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print the measurements as JSON instead")
    args = parser.parse_args(argv)

    from conflictkg.generate.synth import parse_size

    rows = []
    for size in [parse_size(s) for s in args.sizes.split(",")]:
        for fmt in args.formats.split(","):
            rows.append(measure(size, fmt, args.runs, args.seed))
            print(f"measured {_size(size)} {fmt}: {rows[-1]['median_s']:.2f} s", file=sys.stderr)
    print(json.dumps(rows, indent=2) if args.json else table(rows))
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--one":
        print(json.dumps(one_run(int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5]))))
        sys.exit(0)
    sys.exit(main())
