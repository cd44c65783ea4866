"""Export throughput per format on a generated graph.

    .venv/bin/python benchmarks/bench_export.py            # 1,000,000 triples
    .venv/bin/python benchmarks/bench_export.py 200000 --rdflib

It writes the synthetic graph (`conflictkg.generate.synth`, as `conflictkg generate` writes it) into a throw-away project with the real
ontology, then times `conflictkg.publish.export.export` for every format, end to end: reading and parsing
the files, sorting, writing to a file. The RDF formats also report the writing step alone
(everything after the files are parsed). Wall and CPU time are both reported: on a shared machine
the wall time includes waiting for a core. With --rdflib, rdflib's own Turtle and N-Triples
serialisers are timed on the same graph, for comparison, in the same run. Results are printed as
a Markdown table and saved as JSON in benchmarks/out/.
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import harness  # noqa: E402

from conflictkg.rdf import rdfwrite  # noqa: E402
from conflictkg.publish.export import export, select  # noqa: E402
from conflictkg.storage.graphs import ProjectTriples  # noqa: E402
from conflictkg.rdf.jsonld import write_jsonld  # noqa: E402
from conflictkg.core.paths import Project  # noqa: E402

EXT = {"turtle": "ttl", "ntriples": "nt", "trig": "trig", "jsonld": "jsonld", "csv": "csv", "geojson": "geojson"}


# rdflib's serialiser for each RDF format, the baseline of the suite (benchmarks/suite.py).
RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "trig": "trig", "jsonld": "json-ld"}


def make_project(size: int, folder: Path) -> Project:
    return harness.make_project(folder, size=size, extras=())


def rdflib_serialize(graph, fmt: str, out: Path) -> int:
    """Write `graph` (rdflib) in `fmt` (one of RDFLIB_FORMATS) with rdflib's own serialiser; bytes written."""
    graph.serialize(destination=str(out), format=RDFLIB_FORMATS[fmt], encoding="utf-8")
    return out.stat().st_size


def timed(fn):
    """(wall seconds, CPU seconds of this process, result). Both are reported: on a shared machine
    the wall time includes waiting for a core, the CPU time does not."""
    t, c = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - t, time.process_time() - c, out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("triples", type=int, nargs="?", default=1_000_000)
    ap.add_argument("--formats", default=",".join(EXT))
    ap.add_argument("--rdflib", action="store_true", help="also time rdflib's serialisers (slow)")
    args = ap.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project = make_project(args.triples, tmp / "project")
        pt = ProjectTriples.of(project)
        parse_s, parse_cpu, _ = timed(lambda: [pt.lines(g) for g in pt.graphs(data=True, ontology=True)])
        n = len(pt.lines(pt.graphs()[0]))
        again = ProjectTriples.of(project)
        cached_s, cached_cpu, _ = timed(lambda: [again.lines(g) for g in again.graphs(data=True, ontology=True)])
        print(f"{n:,} triples generated; pyoxigraph parses them in {parse_s:.2f} s ({parse_cpu:.2f} s CPU), "
              f"the cached N-Triples read back in {cached_s:.2f} s ({cached_cpu:.2f} s CPU); the exports "
              "below read the cache, as every export after the first does", file=sys.stderr)
        for fmt in args.formats.split(","):
            out = tmp / f"out.{EXT[fmt]}"
            total, total_cpu, result = timed(lambda: export(project, out, fmt, progress=False))
            row = {"format": fmt, "triples": n, "end_to_end_s": round(total, 2), "end_to_end_cpu_s": round(total_cpu, 2),
                   "end_to_end_triples_per_cpu_s": int(n / total_cpu), "size_mb": round(out.stat().st_size / 1e6, 1)}
            if fmt in ("turtle", "ntriples", "trig", "jsonld"):
                cached = ProjectTriples.of(project)
                for g in cached.graphs(data=True, ontology=True):
                    cached.lines(g)
                sel = select(cached)
                sink = io.BytesIO()
                if fmt == "trig":
                    from conflictkg.publish.export import trig_graphs

                    write_s, write_cpu, _ = timed(lambda: rdfwrite.write_trig(rdfwrite.group_graphs(trig_graphs(cached, sel)), sink))
                else:
                    def write():
                        lines = rdfwrite.group(sel.lines())
                        if fmt == "ntriples":
                            rdfwrite.write_ntriples(lines, sink)
                        elif fmt == "turtle":
                            rdfwrite.write_turtle(lines, sink)
                        else:
                            write_jsonld(lines, sink, event_classes=sel.event_classes)

                    write_s, write_cpu, _ = timed(write)
                row.update(write_s=round(write_s, 2), write_cpu_s=round(write_cpu, 2),
                           write_triples_per_cpu_s=int(n / write_cpu))
            results.append(row)
            print(json.dumps(row), file=sys.stderr)
        if args.rdflib:
            from rdflib import Graph

            load_s, _, g = timed(lambda: Graph().parse(project.data_dir / "graph.ttl", format="nt"))
            for fmt, name in (("turtle", "rdflib turtle"), ("nt", "rdflib ntriples")):
                s, cpu, _ = timed(lambda: g.serialize(format=fmt, encoding="utf-8"))
                results.append({"format": name, "triples": n, "write_s": round(s, 2), "write_cpu_s": round(cpu, 2),
                                "write_triples_per_cpu_s": int(n / cpu), "note": f"after {load_s:.1f} s to parse with rdflib"})
                print(json.dumps(results[-1]), file=sys.stderr)
    print(f"\nExport of {n:,} generated triples ({platform.python_implementation()} {platform.python_version()}, "
          f"{platform.machine()})\n")
    print("| format | end to end: wall s | CPU s | triples per CPU s | writing only: wall s | CPU s | triples per CPU s | output MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")

    def num(v):
        return f"{v:,}" if isinstance(v, int) else ("" if v is None else str(v))

    for r in results:
        cells = [r["format"], num(r.get("end_to_end_s")), num(r.get("end_to_end_cpu_s")),
                 num(r.get("end_to_end_triples_per_cpu_s")), num(r.get("write_s")), num(r.get("write_cpu_s")),
                 num(r.get("write_triples_per_cpu_s")), num(r.get("size_mb"))]
        print("| " + " | ".join(cells) + " |")
    out_dir = ROOT / "benchmarks" / "out"
    out_dir.mkdir(exist_ok=True)
    (out_dir / f"export-{n}.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
