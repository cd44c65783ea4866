"""Like with like (docs/ontology.md): the stored queries contested-range and is-contested compare a
figure only with figures of the same measure, counted thing and population, and figures-as-of lets
a figure replace only an earlier one of the same key, on the embedded store, on rdflib's own engine
and on a real Oxigraph server.

The project is a copy of the curated one plus tests/data/likewith/like-with-like.ttl: an offensive
with killed figures for side 1 (35), for side 2 (120), for the whole event from two claimants who
differ ("at least 150" and 90), for a commander (a group, 1) and "6 tanks destroyed" for side 2;
and a strike with only a side's losses and a commander's death, by different claimants.
"""

from __future__ import annotations

import pytest

from conflictkg.query import library
from conflictkg.query import sparql
from conflictkg.storage import store

from conftest import start_oxigraph, stop
from test_stored_queries import EXPECTED, normalise, short  # tests/query is on sys.path

OFFENSIVE = "event:2025-05-like-with-like-offensive"
STRIKE = "event:2025-05-like-with-like-strike"
COLONEL = "group:like-with-like-colonel"

# Mixed as before, the offensive's killed figures read 1–150 (the commander against SOHR's total),
# and SOHR's side-1 figure was hidden by its later total. Like with like, each population is a row.
CONTESTED_RANGE = [
    (OFFENSIVE, "measure:killed", "counted:person", "all", "2", "2", "90", "150", "60"),
    (OFFENSIVE, "measure:destroyed", "counted:tank", "side 2", "1", "1", "6", "6", "0"),
    (OFFENSIVE, "measure:killed", "counted:person", COLONEL, "1", "1", "1", "1", "0"),
    (OFFENSIVE, "measure:killed", "counted:person", "side 1", "1", "1", "35", "35", "0"),
    (OFFENSIVE, "measure:killed", "counted:person", "side 2", "1", "1", "120", "120", "0"),
    (STRIKE, "measure:killed", "counted:person", COLONEL, "1", "1", "1", "1", "0"),
    (STRIKE, "measure:killed", "counted:person", "side 2", "1", "1", "12", "12", "0"),
]


@pytest.fixture(scope="module")
def likewith_build(likewith_project):
    build, _ = store.ensure(likewith_project, progress=False)
    return build


@pytest.fixture(scope="module")
def likewith_store(likewith_build):
    return store.open_store(likewith_build)


def run(project, name: str, params: dict, engine):
    q = library.find(project, name)
    return engine(sparql.prepare_stored(q), library.bind(q.params, params, query_name=q.name))


def rows(result) -> list[tuple]:
    return [tuple(short(x) for x in row) for row in result.rows]


def test_contested_range_compares_like_with_like(likewith_project, likewith_store):
    result = run(likewith_project, "contested-range", {}, lambda p, b: sparql.run_pyoxigraph(likewith_store, p, b))
    assert tuple(result.variables) == EXPECTED["contested-range"].columns
    got = rows(result)
    assert [r for r in got if r[0] in (OFFENSIVE, STRIKE)] == CONTESTED_RANGE
    # The curated events' rows are the curated project's, in the same order.
    assert [r for r in got if r[0] not in (OFFENSIVE, STRIKE)] == EXPECTED["contested-range"].rows


def test_no_row_mixes_keys(likewith_project, likewith_store):
    """The offensive's five killed figures are in four rows, one per population, and each figure is
    counted in exactly one of them: none joins a row of another key."""
    result = run(likewith_project, "contested-range", {}, lambda p, b: sparql.run_pyoxigraph(likewith_store, p, b))
    by_key = {r[:4]: int(r[5]) for r in rows(result) if r[0] == OFFENSIVE}
    killed = [k for k in by_key if k[1] == "measure:killed"]
    assert sorted(k[3] for k in killed) == sorted(["all", "side 1", "side 2", COLONEL])
    assert sum(by_key[k] for k in killed) == 5  # the five killed figures, each in one row only


def test_the_cli_order_is_the_engines(likewith_project, likewith_build, likewith_store):
    """The population column mixes IRIs (groups) and strings (sides, "all"): sorting after the
    engine (`conflictkg query`) gives the engine's own ORDER BY."""
    q = library.find(likewith_project, "contested-range")
    prepared = sparql.prepare_stored(q)
    embedded = sparql.run_embedded(likewith_build, prepared, {}, sparql.Limits(timeout=60))
    engine = likewith_store.query(prepared.text, use_default_graph_as_union=True)
    names = [v.value for v in engine.variables]
    assert [tuple(short(x) for x in row) for row in embedded.rows] == [tuple(short(s[n]) for n in names) for s in engine]


@pytest.mark.parametrize("event, contested", [
    ("2025-05-like-with-like-offensive", True),  # SOHR's "at least 150" against state media's 90
    ("2025-05-like-with-like-strike", False),  # a side's 12 against a commander's 1: no contest
    ("2024-palmyra-airstrike", True),
    ("2021-01-22-hama-airstrike", False),
])
def test_is_contested_compares_like_with_like(likewith_project, likewith_store, event, contested):
    result = run(likewith_project, "is-contested", {"event": event}, lambda p, b: sparql.run_pyoxigraph(likewith_store, p, b))
    assert result.boolean is contested


def test_only_the_key_makes_the_strike_uncontested(likewith_store):
    """The strike's two claimants do give different killed figures: compared without the key (as
    is-contested did before), the strike would be contested."""
    keyless = """PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
    ASK { ?a ckg:about ?e ; ckg:measure ?m ; ckg:claimant ?x ; ckg:bestValue ?v .
          ?b ckg:about ?e ; ckg:measure ?m ; ckg:claimant ?y ; ckg:bestValue ?w .
          FILTER(?x != ?y && ?v != ?w) }
    VALUES ?e { <https://w3id.org/conflict-kg/id/event/2025-05-like-with-like-strike> }"""
    assert bool(likewith_store.query(keyless, use_default_graph_as_union=True))


@pytest.fixture(scope="module")
def likewith_server(likewith_project, likewith_build, tmp_path_factory):
    """A plain Oxigraph server of its own (not the session's, which holds the curated project),
    loaded the way docs/deploying.md says: conflictkg push."""
    from conflictkg.query.remote import push

    proc, base = start_oxigraph(tmp_path_factory.mktemp("likewith-oxigraph"))
    try:
        reports = push(likewith_project, likewith_build, f"{base}/store")
        assert reports[0].status in (200, 201, 204)
        yield f"{base}/query"
    finally:
        stop(proc)


@pytest.mark.server
@pytest.mark.parametrize("name, params", [
    ("contested-range", {}),
    ("figures-as-of", {"asof": "2025-05-06"}),
    ("is-contested", {"event": "2025-05-like-with-like-offensive"}),
    ("is-contested", {"event": "2025-05-like-with-like-strike"}),
])
def test_same_answers_on_rdflib_and_a_server(name, params, likewith_project, likewith_build, likewith_server):
    """Standard SPARQL 1.1 only: rdflib's engine and a SPARQL server give the same answers."""
    from conflictkg.rdf.rdfio import load_graph

    limits = sparql.Limits(timeout=60)
    embedded = run(likewith_project, name, params, lambda p, b: sparql.run_embedded(likewith_build, p, b, limits))
    on_rdflib = run(likewith_project, name, params, lambda p, b: sparql.run_rdflib(load_graph(likewith_project), p, b))
    remote = run(likewith_project, name, params, lambda p, b: sparql.run_remote(likewith_server, p, b, limits))
    assert normalise(embedded) == normalise(on_rdflib) == normalise(remote)


def test_figures_as_of_replace_only_like_with_like(likewith_project, likewith_store):
    """SOHR's side-1 figure (4 May) stands beside its later total (5 May) and tanks (6 May): a
    later figure replaces only an earlier one of the same key."""
    result = run(likewith_project, "figures-as-of", {"asof": "2025-05-06"},
                 lambda p, b: sparql.run_pyoxigraph(likewith_store, p, b))
    got = [r[:6] + r[-1:] for r in rows(result) if r[0] == OFFENSIVE]
    assert got == [
        (OFFENSIVE, "measure:destroyed", "counted:tank", "side 2", "actor:sohr", "2025-05-06",
         "claim:like-with-like-sohr-destroyed-tanks-side-2"),
        (OFFENSIVE, "measure:killed", "counted:person", "all", "actor:sohr", "2025-05-05", "claim:like-with-like-sohr-killed"),
        (OFFENSIVE, "measure:killed", "counted:person", "side 1", "actor:sohr", "2025-05-04",
         "claim:like-with-like-sohr-killed-side-1"),
    ]
