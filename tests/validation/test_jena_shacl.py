"""Apache Jena's SHACL engine gets the project's results on the example corpora (issue 23): every
valid example conforms, and every invalid one raises exactly the results in its .expected.json
(severity, focus node, path, shape and constraint component), so the shapes are portable, and none
of their SPARQL constraints is skipped by Jena (it runs a property shape's SPARQL constraint once
per value, so never where the value is missing: those constraints are node shapes).

All examples run in one JVM (tests/validation/jena/ShaclBatch.java). Skipped, saying what to
install, without Debian's libapache-jena-java and a JDK.
"""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph
from rdflib.namespace import SH

from conflictkg.rdf.safeload import Limits, Source, _parse_quads, format_for, read_project_context
from conflictkg.validation.validate import short
from jenakit import jena_or_skip

pytestmark = pytest.mark.debian

DATA = Path(__file__).resolve().parents[1] / "data"
BATCH = Path(__file__).resolve().parent / "jena" / "ShaclBatch.java"
VALID = sorted(p for p in (DATA / "valid").iterdir())
INVALID = sorted((DATA / "invalid").glob("*.ttl"))


def _triples_of(path: Path) -> list[str]:
    """The example's triples as N-Triples lines, parsed as `conflictkg validate` parses it."""
    source = Source(path.name, path.read_bytes(), format_for(path.name, None))
    lines = []
    for quad, _ in _parse_quads(source, path.read_text(encoding="utf-8"), Limits(), read_project_context()):
        lines.append(f"{quad.subject} {quad.predicate} {quad.object} .")
    return lines


def _ntriples(files: list[Path], out: Path) -> None:
    with out.open("wb") as fh:
        for f in files:
            ox.serialize(ox.parse(path=str(f), format=ox.RdfFormat.TURTLE), fh, ox.RdfFormat.N_TRIPLES)


def _path_key(path: str | None) -> str | None:
    if not path:
        return None
    return "(complex path)" if any(c in path for c in "|/^*+?( ") or path.startswith("_:") else path


def _key(severity: str, focus: str, path: str | None, shape: str, component: str) -> tuple:
    return (severity, "_:" if focus.startswith("_:") else focus, _path_key(path), shape, component)


def _jena_results(report: Path) -> list[tuple]:
    from conflictkg.validation.terms import term_text

    graph = Graph().parse(report, format="turtle")
    out = []
    for result in graph.subjects(None, SH.ValidationResult):
        path = graph.value(result, SH.resultPath)
        out.append(_key(
            short(term_text(graph.value(result, SH.resultSeverity))).removeprefix("sh:"),
            short(term_text(graph.value(result, SH.focusNode))),
            "_:" if isinstance(path, BNode) else (short(term_text(path)) if path is not None else None),
            short(term_text(graph.value(result, SH.sourceShape))),
            short(term_text(graph.value(result, SH.sourceConstraintComponent))),
        ))
    return out


@pytest.fixture(scope="module")
def jena_reports(project, tmp_path_factory):
    """Each example's report from Jena: {example path: (results, the example's own nodes)}."""
    work = tmp_path_factory.mktemp("jena-shacl")
    cp = jena_or_skip(work)
    modules = subprocess.run(["java", "--list-modules"], capture_output=True, text=True).stdout
    if "jdk.compiler" not in modules:
        pytest.skip("running Jena's SHACL engine in one JVM needs a JDK (sudo apt-get install default-jdk-headless)")
    shapes, ontology, curated = work / "shapes.nt", work / "ontology.nt", work / "curated.nt"
    _ntriples(project.shapes_files(), shapes)
    _ntriples(project.ontology_files(), ontology)
    _ntriples(project.ontology_files() + project.data_files(), curated)
    batches: dict[Path, list[str]] = {curated: [], ontology: []}
    nodes: dict[Path, set[str]] = {}
    for i, example in enumerate(VALID + INVALID):
        expected = example.with_suffix(".expected.json")
        graph_mode = expected.exists() and json.loads(expected.read_text()).get("mode") == "graph"
        lines = _triples_of(example)
        data = work / f"example-{i}.nt"
        data.write_text("\n".join(lines) + "\n", encoding="utf-8")
        # The nodes it describes or names (a part added to a curated total is a result on the total).
        nodes[example] = {short(term.strip("<>")) for line in lines for term in (line.split(" ", 1)[0], line.split(" ", 2)[2][:-2])
                          if term.startswith("<")}
        # A submission is checked against the curated graph; a "graph" example alone, as data/.
        batches[ontology if graph_mode else curated] += [str(data), str(work / f"report-{i}.ttl")]
    for base, args in batches.items():
        if args:
            done = subprocess.run(["java", "-cp", cp, str(BATCH), str(shapes), str(base), *args],
                                  capture_output=True, text=True, timeout=600)
            assert done.returncode == 0, done.stderr[-3000:]
    # The project validates data, not the ontology's own individuals (ckg:unknownActor has no
    # ckg:source): Jena's results on those are left aside, as benchmarks/suite.py does.
    ontology_nodes = {short(q.subject.value) for f in project.ontology_files()
                      for q in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE) if isinstance(q.subject, ox.NamedNode)}
    out = {}
    for i, example in enumerate(VALID + INVALID):
        results = _jena_results(work / f"report-{i}.ttl")
        # Only results on the example's own nodes: the curated graph's are not the example's.
        out[example] = [r for r in results
                        if (r[1] == "_:" or r[1] in nodes[example]) and r[1] not in ontology_nodes]
    return out


@pytest.mark.slow
@pytest.mark.parametrize("path", VALID, ids=[p.name for p in VALID])
def test_jena_finds_the_valid_examples_conform(path, jena_reports):
    assert jena_reports[path] == []


@pytest.mark.slow
@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_jena_raises_exactly_the_expected_results(path, jena_reports):
    expected = json.loads(path.with_suffix(".expected.json").read_text())["results"]
    want = Counter(_key(r["severity"], r["focus_node"], r["result_path"], r["source_shape"], r["constraint_component"])
                   for r in expected)
    got = Counter(jena_reports[path])
    assert got == want, f"missing {sorted(want - got)}, extra {sorted(got - want)}"
