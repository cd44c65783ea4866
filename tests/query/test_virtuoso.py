"""Differential test on a real Virtuoso (Debian's `virtuoso-opensource`, issue 23): the graph is
pushed with `conflictkg push` as docs/deploying.md says, and every stored query must give the same
rows there as on the embedded store, on the curated data and then, after the graph is replaced, on
the exporters' edge-case fixture (tests/fixtures/export/data).

What Virtuoso does differently, and how rows are compared (docs/deploying.md, "What each engine
does differently"): numbers are compared by value (Virtuoso keeps the stored integer datatypes,
the embedded store writes xsd:integer); WKT literals come back as virtrdf:Geometry with the
coordinates as 32-bit floats, so they are compared as geometries to 4 decimal places; blank
nodes only as blank nodes (labels are per answer), and Virtuoso sorts them after literals where
SPARQL sorts them before, so rows holding one may change places.

One Virtuoso serves the whole module (it takes a few seconds to create its database).
"""

from __future__ import annotations

import difflib

import pytest

from conflictkg.core.paths import Project
from conflictkg.query import library, sparql
from conflictkg.query.remote import push
from conflictkg.storage import store
from enginekit import rows_of, same_but_blank_node_order, shown
from exportkit import mini_project  # noqa: F401
from test_stored_queries import EXPECTED, MULTI_EVENTS, multi_project
from virtuosokit import start_virtuoso

pytestmark = [pytest.mark.server, pytest.mark.debian]

GRAPH = "https://w3id.org/conflict-kg/graph/all"
MAX_ROWS = 1000  # the server's ResultSetMaxRows: far above any stored query's answer, below the graph's size


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    virtuoso = start_virtuoso(tmp_path_factory.mktemp("virtuoso"), max_rows=MAX_ROWS)
    yield virtuoso
    virtuoso.stop()


@pytest.fixture(scope="module")
def virtuoso(server):
    return server.base


@pytest.fixture(scope="module", params=["curated", "fixture"])
def loaded(request, virtuoso, project_copy, mini_project):
    """The dataset pushed into Virtuoso (replacing what was there: the fixture replaces the curated
    graph), its store build, and the query endpoint."""
    project: Project = project_copy if request.param == "curated" else mini_project
    with store.reader(project) as build:
        reports = push(project, build, f"{virtuoso}/sparql-graph-crud", graph=GRAPH)
        assert reports[0].status in (200, 201, 204)
        yield project, build, f"{virtuoso}/sparql"


@pytest.fixture(scope="module")
def queries(project_copy):
    return {name: library.find(project_copy, name) for name in EXPECTED}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_stored_query_gives_the_embedded_rows_on_virtuoso(name, loaded, queries):
    project, build, endpoint = loaded
    q = queries[name]
    prepared = sparql.prepare_stored(q)
    bindings = library.bind(q.params, EXPECTED[name].params, query_name=name)
    limits = sparql.Limits(timeout=60)
    embedded = sparql.run_embedded(build, prepared, bindings, limits)
    remote = sparql.run_remote(endpoint, prepared, bindings, limits)
    assert remote.kind == embedded.kind and remote.variables == embedded.variables
    want, got = rows_of(embedded), rows_of(remote)
    if want != got and not same_but_blank_node_order(want, got):
        diff = "\n".join(difflib.unified_diff([shown(r) for r in want], [shown(r) for r in got],
                                              "embedded", "virtuoso", lineterm="", n=1))
        pytest.fail(f"{name} on {project.root.name}: {len(want)} rows embedded, {len(got)} on Virtuoso\n{diff}")


def test_a_capped_answer_from_virtuoso_is_reported(loaded, tmp_path, monkeypatch, capsys):
    """Virtuoso cuts every answer at ResultSetMaxRows and says so only in a header."""
    from conflictkg.cli import run

    project, _, endpoint = loaded  # either graph, with the ontology, has more triples than the cap
    monkeypatch.setenv("CONFLICTKG_ROOT", str(project.root))
    query = tmp_path / "all.rq"
    query.write_text("SELECT ?s ?p ?o WHERE { ?s ?p ?o }\n")
    out = tmp_path / "all.csv"
    assert run(["query", "--file", str(query), "--endpoint", endpoint, "-o", str(out)]) == 1
    assert f"incomplete answer: the server cut the answer at {MAX_ROWS} rows" in capsys.readouterr().err
    assert not out.exists()
    assert run(["query", "--file", str(query), "--endpoint", endpoint, "-o", str(out), "--allow-partial"]) == 0
    assert len(out.read_text().splitlines()) == MAX_ROWS + 1


def test_virtuosos_own_error_text_is_shown(loaded, tmp_path, monkeypatch, capsys):
    """A query Virtuoso refuses (a transitive path with neither end bound): its reason, on one line."""
    from conflictkg.cli import run

    project, _, endpoint = loaded
    monkeypatch.setenv("CONFLICTKG_ROOT", str(project.root))
    query = tmp_path / "unbound.rq"
    query.write_text("SELECT * WHERE { VALUES ?a { ckg:x } ?a ckg:p+ ?b . ?a ckg:p+ ?c }\n")
    assert run(["query", "--file", str(query), "--endpoint", endpoint]) == 1
    err = capsys.readouterr().err
    # Before it, notes on the IRIs the query names that the graph does not hold (ckg:x, ckg:p).
    errors = [line for line in err.splitlines() if not line.startswith("conflictkg: note:")]
    assert len(errors) == 1 and "Virtuoso 37000 Error TR" in errors[0] and "transitive" in errors[0], err


def test_the_bulk_loader_reads_the_nquads_dump(server, mini_project):
    """docs/deploying.md's bulk-loader recipe: `conflictkg export -o graph.nq.gz`, then Virtuoso's
    ld_dir and rdf_loader_run: every quad in its graph, blank nodes as the same genid IRIs."""
    import gzip

    import pyoxigraph as ox

    from conflictkg.publish.export import export

    dump = server.load_dir / "graph.nq.gz"
    export(mini_project, dump)
    quads = list(ox.parse(gzip.decompress(dump.read_bytes()), format=ox.RdfFormat.N_QUADS))
    graphs = sorted({q.graph_name.value for q in quads})
    try:
        server.isql(f"ld_dir('{server.load_dir}', 'graph.nq.gz', 'https://w3id.org/conflict-kg/graph/unused'); "
                    "rdf_loader_run(); checkpoint;")
        counts = {}
        for g in graphs:
            count = sparql.check_query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}", add_prefixes=False)
            counts[g] = int(sparql.run_remote(f"{server.base}/sparql", count).rows[0][0].value)
        assert counts == {g: sum(1 for q in quads if q.graph_name.value == g) for g in graphs}
        genid = next(q.object.value for q in quads if q.object.value.startswith("https://w3id.org/conflict-kg/.well-known/genid/"))
        ask = sparql.check_query(f"ASK {{ GRAPH ?g {{ ?s ?p <{genid}> }} }}", add_prefixes=False)
        assert sparql.run_remote(f"{server.base}/sparql", ask).boolean is True
    finally:
        server.isql("; ".join(f"SPARQL CLEAR GRAPH <{g}>" for g in graphs) + "; DELETE FROM DB.DBA.load_list;")


def test_claims_cells_joining_several_values_are_the_embedded_ones(server, tmp_path):
    """claims.rq for one event, on planted claims with several claimants, sources, quotes, events
    and a node with two labels (tests/query/test_stored_queries.py, MULTI): the same cells, joined
    in the same order, as on the embedded store. Pushed into a graph of its own, cleared after;
    the IRIs are apart from those of the other datasets, so the events' claims are MULTI's alone."""
    project = multi_project(tmp_path)
    graph = "https://example.org/test/multi"
    q = library.find(project, "claims")
    prepared = sparql.prepare_stored(q)
    limits = sparql.Limits(timeout=60)
    try:
        with store.reader(project) as build:
            reports = push(project, build, f"{server.base}/sparql-graph-crud", graph=graph)
            assert reports[0].status in (200, 201, 204)
            for event in [e for e in MULTI_EVENTS if e]:
                bindings = library.bind(q.params, {"event": event}, query_name="claims")
                embedded = sparql.run_embedded(build, prepared, bindings, limits)
                remote = sparql.run_remote(f"{server.base}/sparql", prepared, bindings, limits)
                assert len(embedded.rows) == 2
                assert rows_of(remote) == rows_of(embedded), event
    finally:
        server.isql(f"SPARQL CLEAR GRAPH <{graph}>;")
