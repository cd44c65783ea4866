"""Differential test on Apache Jena ARQ (Debian's libapache-jena-java, issue 23): every stored query,
with its parameters bound as `conflictkg query --endpoint` sends it, gives the embedded store's rows
on the graph `conflictkg push` sends (ontology and data, as N-Triples), on the curated data and on
the exporters' edge-case fixture. All queries run in one JVM (tests/query/jena/ArqBatch.java).

Jena keeps the stored datatype of a number (`"108"^^xsd:nonNegativeInteger`) where the embedded
store writes xsd:integer: numbers are compared by value (docs/deploying.md).
"""

from __future__ import annotations

import difflib
import subprocess
from pathlib import Path

import pytest

from conflictkg.query import library, sparql
from conflictkg.query.sparqltext import bind_values
from conflictkg.storage import store
from conflictkg.storage.store import export_ntriples
from exportkit import mini_project  # noqa: F401
from enginekit import rows_of, same_but_blank_node_order, shown
from jenakit import jena_or_skip
from test_stored_queries import EXPECTED, MULTI_EVENTS, multi_project

pytestmark = pytest.mark.debian

BATCH = Path(__file__).resolve().parent / "jena" / "ArqBatch.java"


@pytest.fixture(scope="module", params=["curated", "fixture"])
def answers(request, project_copy, mini_project, tmp_path_factory):
    """{query name: (embedded result, Jena's result)} for one dataset, all of Jena's from one JVM."""
    work = tmp_path_factory.mktemp(f"arq-{request.param}")
    cp = jena_or_skip(work)
    modules = subprocess.run(["java", "--list-modules"], capture_output=True, text=True).stdout
    if "jdk.compiler" not in modules:
        pytest.skip("running Jena ARQ in one JVM needs a JDK (sudo apt-get install default-jdk-headless)")
    project = project_copy if request.param == "curated" else mini_project
    out: dict[str, tuple] = {}
    with store.reader(project) as build:
        graph = work / "graph.nt"
        export_ntriples(project, graph, build=build)
        args, planned = [], []
        for i, name in enumerate(sorted(EXPECTED)):
            q = library.find(project_copy, name)
            prepared = sparql.prepare_stored(q)
            bindings = library.bind(q.params, EXPECTED[name].params, query_name=name)
            (work / f"q{i}.rq").write_text(bind_values(prepared.text, bindings), encoding="utf-8")
            args += [str(work / f"q{i}.rq"), str(work / f"a{i}")]
            planned.append((i, name, prepared, bindings))
        done = subprocess.run(["java", "-cp", cp, str(BATCH), str(graph), *args], capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
        for i, name, prepared, bindings in planned:
            embedded = sparql.run_embedded(build, prepared, bindings, sparql.Limits(timeout=60))
            kind = "graph" if prepared.form in ("construct", "describe") else embedded.kind
            jena = sparql.read_result(work / f"a{i}", kind)
            out[name] = (embedded, jena)
    return request.param, out


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_stored_query_gives_the_embedded_rows_on_jena(name, answers):
    dataset, results = answers
    embedded, jena = results[name]
    assert jena.kind == embedded.kind and jena.variables == embedded.variables
    want, got = rows_of(embedded), rows_of(jena)
    if want != got and not same_but_blank_node_order(want, got):
        diff = "\n".join(difflib.unified_diff([shown(r) for r in want], [shown(r) for r in got],
                                              "embedded", "jena", lineterm="", n=1))
        pytest.fail(f"{name} on the {dataset} data: {len(want)} rows embedded, {len(got)} on Jena\n{diff}")


@pytest.mark.slow
def test_claims_cells_joining_several_values_are_the_embedded_ones(tmp_path):
    """claims.rq for each event and for the whole graph, on planted claims with several claimants,
    sources, quotes, events, one about no event and a node with two labels (MULTI in
    tests/query/test_stored_queries.py): Jena gives the embedded store's cells, joined in the same order."""
    cp = jena_or_skip(tmp_path)
    modules = subprocess.run(["java", "--list-modules"], capture_output=True, text=True).stdout
    if "jdk.compiler" not in modules:
        pytest.skip("running Jena ARQ in one JVM needs a JDK (sudo apt-get install default-jdk-headless)")
    project = multi_project(tmp_path / "project")
    q = library.find(project, "claims")
    prepared = sparql.prepare_stored(q)
    with store.reader(project) as build:
        graph = tmp_path / "graph.nt"
        export_ntriples(project, graph, build=build)
        args, planned = [], []
        for i, event in enumerate(MULTI_EVENTS):
            bindings = library.bind(q.params, {"event": event} if event else {}, query_name="claims")
            (tmp_path / f"q{i}.rq").write_text(bind_values(prepared.text, bindings), encoding="utf-8")
            args += [str(tmp_path / f"q{i}.rq"), str(tmp_path / f"a{i}")]
            planned.append((i, event, sparql.run_embedded(build, prepared, bindings, sparql.Limits(timeout=60))))
        done = subprocess.run(["java", "-cp", cp, str(BATCH), str(graph), *args], capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
    for i, event, embedded in planned:
        jena = sparql.read_result(tmp_path / f"a{i}", "select")
        assert len(embedded.rows) == (4 if event is None else 2)
        assert rows_of(jena) == rows_of(embedded), event or "the whole graph"
