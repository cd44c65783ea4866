"""Reasoning time of the fast OWL RL rules against owlrl (and the `reasonable` package), in one run.

    .venv/bin/python benchmarks/bench_reason.py                       # 10k, 30k, 100k, 1M triples
    .venv/bin/python benchmarks/bench_reason.py --sizes 5000,20000 --owlrl-max 20000

For each size, the ontology plus a generated graph (`conflictkg.generate.synth`, as `conflictkg generate` writes it) is reasoned over by:
- `fast (N-Triples)`: conflictkg.model.entailment.ntriples_entailments on N-Triples lines (export, `conflictkg reason`);
- `fast (rdflib)`: conflictkg.model.entailment.entailments on an rdflib Graph (the API `query --reason` calls);
- `owlrl`: owlrl's OWL RL closure (only up to --owlrl-max triples: it grows much faster than linearly);
- `reasonable`: the Rust `reasonable` package, if installed (up to --reasonable-max).
Each result is compared with owlrl's, after leaving out the trivial triples (conflictkg.model.entailment.is_trivial).
Times are CPU seconds and exclude parsing. Results are printed as a Markdown table and saved in benchmarks/out/.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from conflictkg.generate import synth  # noqa: E402
from rdflib import Graph, Literal  # noqa: E402
from rdflib.namespace import XSD  # noqa: E402

from conflictkg.storage.ntcache import read_ntriples  # noqa: E402
from conflictkg.model.entailment import entailments, is_trivial, ntriples_entailments, owlrl_entailments  # noqa: E402


def timed(fn):
    """(CPU seconds of this process, result): on a shared machine wall time includes waiting for
    a core. The reasoners are single-threaded, so CPU time is their running time."""
    c = time.process_time()
    out = fn()
    return time.process_time() - c, out


def plain(t):
    """rdflib distinguishes "x" from "x"^^xsd:string; RDF 1.1 does not."""
    return tuple(Literal(str(x), lang=x.language) if isinstance(x, Literal) and x.datatype == XSD.string else x for x in t)


def run_size(size: int, args, tmp: Path) -> list[dict]:
    nt = tmp / f"synthetic-{size}.nt"
    with nt.open("wb") as fh:
        synth.stream_graph(fh, size, seed=0, fmt="nt")
    onto = [ROOT / "ontology" / "conflict-kg.ttl", ROOT / "ontology" / "vocabularies.ttl"]
    lines = [line for f in onto for line in read_ntriples(f)] + read_ntriples(nt)
    n = len(lines)
    rows = []
    s, nt_new = timed(lambda: ntriples_entailments(lines))
    rows.append({"reasoner": "fast (N-Triples)", "triples": n, "seconds": round(s, 2), "entailed": len(nt_new)})
    graph = None
    if n <= args.rdflib_max:
        load_s, graph = timed(lambda: _rdflib_graph(onto, nt))
        s, fast = timed(lambda: set(entailments(graph)))
        rows.append({"reasoner": "fast (rdflib)", "triples": n, "seconds": round(s, 2), "entailed": len(fast),
                     "note": f"rdflib parse {load_s:.1f} s not included"})
    reference = None
    if graph is not None and n <= args.owlrl_max:
        s, reference = timed(lambda: owlrl_entailments(graph))
        rows.append({"reasoner": "owlrl", "triples": n, "seconds": round(s, 2), "entailed": len(reference)})
        rows[1]["agrees_with_owlrl"] = fast == reference
        parsed = Graph().parse(data="\n".join(nt_new) + "\n", format="nt")
        rows[0]["agrees_with_owlrl"] = {plain(t) for t in parsed} == {plain(t) for t in reference}
    if graph is not None and n <= args.reasonable_max:
        try:
            import reasonable
        except ImportError:
            reasonable = None
        if reasonable is not None:
            def run_reasonable():
                r = reasonable.PyReasoner()
                r.from_graph(graph)
                return r.reason()

            s, out = timed(run_reasonable)
            new = {plain(t) for t in out} - {plain(t) for t in graph}
            new = {t for t in new if not is_trivial(t)}
            row = {"reasoner": "reasonable", "triples": n, "seconds": round(s, 2), "entailed": len(new)}
            if reference is not None:
                ref = {plain(t) for t in reference}
                row["agrees_with_owlrl"] = new == ref
                row["missing_vs_owlrl"] = len(ref - new)
                row["extra_vs_owlrl"] = len(new - ref)
            rows.append(row)
    return rows


def _rdflib_graph(onto, nt) -> Graph:
    g = Graph()
    for f in onto:
        g.parse(f, format="turtle")
    g.parse(nt, format="nt")
    return g


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,30000,100000,1000000")
    ap.add_argument("--owlrl-max", type=int, default=35_000)
    ap.add_argument("--reasonable-max", type=int, default=150_000)
    ap.add_argument("--rdflib-max", type=int, default=150_000)
    args = ap.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in [int(x) for x in args.sizes.split(",")]:
            rows = run_size(size, args, Path(tmp))
            owl = next((r["seconds"] for r in rows if r["reasoner"] == "owlrl"), None)
            for r in rows:
                if owl and r["reasoner"] != "owlrl":
                    r["owlrl_over_this"] = round(owl / max(r["seconds"], 1e-3), 1)
                print(json.dumps(r), file=sys.stderr)
            results += rows
    print(f"\nOWL RL reasoning, ontology + generated data ({platform.python_implementation()} "
          f"{platform.python_version()}, {platform.machine()})\n")
    print("| triples | reasoner | CPU seconds | entailed | same as owlrl | owlrl time / this |")
    print("|---:|---|---:|---:|---|---:|")
    for r in results:
        same = r.get("agrees_with_owlrl")
        same = "" if same is None else ("yes" if same else f"no (missing {r.get('missing_vs_owlrl', '?')}, extra {r.get('extra_vs_owlrl', '?')})")
        print(f"| {r['triples']:,} | {r['reasoner']} | {r['seconds']} | {r['entailed']:,} | {same} | {r.get('owlrl_over_this', '')} |")
    out_dir = ROOT / "benchmarks" / "out"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "reason.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
