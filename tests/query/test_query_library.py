"""The stored query files: their grlc-style headers, parameters, and the binding of values."""

from __future__ import annotations

import re

import pytest
import yaml

from conflictkg.query import library
from conflictkg.query import sparql
from conflictkg.core.errors import UserError
from conflictkg.model.namespaces import EVENT, PLACE
from conflictkg.query.sparqltext import bind_values, query_form, tokens, where_group_offset

ALL = None


def stored(project):
    return library.library(project)


def test_at_least_fifteen_stored_queries_including_casualty_claims(project):
    lib = stored(project)
    assert len(lib) >= 15
    assert "casualty-claims" in lib
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name) for name in lib), "file names are kebab-case"


def test_every_header_is_grlc_yaml_with_summary_description_and_tags(project):
    for q in stored(project).values():
        lines = q.text.splitlines()
        assert lines[0].startswith("#+ summary:"), q.name
        # grlc strips the '#+' marks and reads the rest as YAML: do the same, independently.
        header = yaml.safe_load("\n".join(line[2:] for line in lines if line.startswith("#+")))
        assert header["summary"] and header["description"], q.name
        assert isinstance(header["tags"], list) and header["tags"], q.name


def test_every_parameter_is_documented_with_type_and_example(project):
    for q in stored(project).values():
        declared = q.header.get("params") or {}
        assert set(declared) == {p.name for p in q.params}, q.name
        for p in q.params:
            assert declared[p.name]["type"] == p.short_type, (q.name, p.name)
            assert p.description and p.example, (q.name, p.name)
            assert p.var.startswith("_"), "grlc/BASIL convention: ?_name_type"
            library.to_term(p, p.example)  # the example is a valid value


def test_select_queries_order_their_rows_and_document_their_columns(project):
    for q in stored(project).values():
        form = query_form(q.text)
        if form != "select":
            assert not q.columns, f"{q.name}: columns are for SELECT"
            continue
        words = [v.upper() for kind, v, _ in tokens(q.text) if kind == "word"]
        assert "ORDER" in words, f"{q.name}: every SELECT has ORDER BY"
        prepared = sparql.check_query(q.text, source=q.name, add_prefixes=False)
        from rdflib.plugins.sparql.algebra import translateQuery
        from rdflib.plugins.sparql.parser import parseQuery

        projected = [str(v) for v in translateQuery(parseQuery(prepared.text)).algebra["PV"]]
        assert list(q.columns) == projected, f"{q.name}: #+ columns must list the projection in order"


def test_stored_queries_are_self_contained_and_pass_the_safety_check(project):
    """They declare their own prefixes (so grlc and other tools can run them) and use no
    SERVICE, FROM or update."""
    for q in stored(project).values():
        sparql.check_query(q.text, source=q.name, add_prefixes=False)


def test_stored_queries_do_not_depend_on_reasoning(project):
    """Transitive relations are followed with property paths, never left to a reasoner."""
    for name in ("unit-hierarchy", "events-by-place", "conflict-events", "place-hierarchy"):
        text = stored(project)[name].text
        assert re.search(r"ckg:(subUnitOf|locatedIn|partOf)[+*]", text), name


# --------------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "var, kind, datatype, lang, required",
    [
        ("_event_iri", "iri", None, None, True),
        ("__event_iri", "iri", None, None, False),
        ("_asof_date", "literal", "date", None, True),
        ("_asof_xsd_date", "literal", "date", None, True),
        ("_n_integer", "literal", "integer", None, True),
        ("_label_en", "literal", None, "en", True),
        ("_name", "literal", "string", None, True),
    ],
)
def test_grlc_variable_names(var, kind, datatype, lang, required):
    p = library.param_from_var(var)
    assert (p.kind, p.required, p.lang) == (kind, required, lang)
    if datatype:
        assert p.datatype == "http://www.w3.org/2001/XMLSchema#" + datatype


def test_ordinary_variables_are_not_parameters():
    assert library.param_from_var("event") is None
    assert library.param_from_var("claimDate") is None


def test_short_names_expand_to_the_parameter_namespace(project):
    q = stored(project)["casualty-claims"]
    for value in ("2024-palmyra-airstrike", "event:2024-palmyra-airstrike", f"<{EVENT}2024-palmyra-airstrike>",
                  f"{EVENT}2024-palmyra-airstrike"):
        bound = library.bind(q.params, {"event": value})
        assert bound["_event_iri"].value == f"{EVENT}2024-palmyra-airstrike"
    other_prefix = library.bind(q.params, {"event": "place:palmyra"})
    assert other_prefix["_event_iri"].value == f"{PLACE}palmyra"


def test_values_are_typed_terms(project):
    q = stored(project)["figures-as-of"]
    term = library.bind(q.params, {"asof": "2021-01-13"})["_asof_date"]
    assert str(term) == '"2021-01-13"^^<http://www.w3.org/2001/XMLSchema#date>'


@pytest.mark.parametrize(
    "query, values, message",
    [
        ("casualty-claims", {}, "needs --param event=<IRI"),
        ("figures-as-of", {"asof": "13/01/2021"}, "expected date (YYYY-MM-DD)"),
        ("figures-as-of", {"asof": "2021-02-30"}, "expected date"),
        ("casualty-claims", {"event": "not a slug!"}, "expected an IRI"),
        ("casualty-claims", {"evnt": "x"}, "no parameter 'evnt'. Did you mean event?"),
        ("event-timeline", {"event": "x"}, "takes no parameters"),
    ],
)
def test_missing_or_ill_typed_parameters_say_which_and_what_type(project, query, values, message):
    q = stored(project)[query]
    with pytest.raises(UserError) as err:
        library.bind(q.params, values, query_name=q.name)
    assert message in err.value.message


def test_unknown_query_names_suggest_close_ones(project):
    with pytest.raises(UserError) as err:
        library.find(project, "casualty-claim")
    assert "Did you mean: casualty-claims" in err.value.message
    with pytest.raises(UserError) as err:
        library.find(project, "timeline")
    assert "event-timeline" in err.value.message


def test_header_errors_name_the_file(tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("#+ summary: a: b\nSELECT * WHERE { ?s ?p ?o } ORDER BY ?s\n")
    with pytest.raises(UserError) as err:
        library.parse_stored_query(bad)
    assert str(bad) in err.value.message and "YAML" in err.value.message
    typed = tmp_path / "typed.rq"
    typed.write_text("#+ params:\n#+   n:\n#+     type: date\nSELECT * WHERE { ?s ?p ?_n_integer } ORDER BY ?s\n")
    with pytest.raises(UserError) as err:
        library.parse_stored_query(typed)
    assert "?_n_integer makes it integer" in err.value.message


# --------------------------------------------------------------------------------------------
# Where the VALUES block goes
# --------------------------------------------------------------------------------------------


def _bound(text, **terms):
    import pyoxigraph as ox

    return bind_values(text, {k: ox.Literal(v) for k, v in terms.items()})


def test_values_go_into_the_top_level_where_group():
    text = 'PREFIX ex: <http://e/#x> SELECT # a comment with { braces\n(CONCAT("{", ?a) AS ?b) WHERE { ?s ?p ?_x } ORDER BY ?b'
    out = _bound(text, _x="v")
    assert 'WHERE { VALUES (?_x) { ("v") }  ?s ?p ?_x }' in out
    assert out.count("\n") == text.count("\n"), "line numbers are kept"


def test_values_skip_a_construct_template_and_select_expressions_with_exists():
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?_x }"
    assert _bound(construct, _x="v").startswith("CONSTRUCT { ?s ?p ?o } WHERE { VALUES")
    exists = "SELECT (EXISTS { ?a ?b ?c } AS ?e) { ?s ?p ?_x }"
    assert "?e) { VALUES" in _bound(exists, _x="v")
    assert where_group_offset("CONSTRUCT WHERE { ?s ?p ?o }") is None
    with pytest.raises(UserError):
        _bound("CONSTRUCT WHERE { ?s ?p ?_x }", _x="v")


def test_injection_attempts_stay_a_string_value(project_copy, embedded_build):
    """A value like `x" } ; DROP ALL ; #` is one literal term: it matches nothing, runs nothing."""
    from conflictkg.storage import store

    evil = 'x" } ; DROP ALL ; # '
    text = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?e WHERE { ?e rdfs:label ?_label } ORDER BY ?e"
    q = library.parse_stored_query(project_copy.root / "adhoc.rq", text)
    bound = library.bind(q.params, {"label": evil})
    prepared = sparql.check_query(text, source="adhoc")
    result = sparql.run_pyoxigraph(store.open_store(embedded_build), prepared, bound)
    assert result.rows == []
    # The whole value is inside one escaped literal of the VALUES row.
    assert '("x\\" } ; DROP ALL ; # ")' in bind_values(prepared.text, bound)
    # And the store still holds everything.
    assert len(store.open_store(embedded_build)) == embedded_build.statements


def test_values_also_go_into_sub_selects_that_use_the_parameter():
    text = (
        "SELECT ?a WHERE { ?a ?p ?_x . { SELECT ?a (MAX(?d) AS ?m) WHERE { ?a ?q ?d FILTER(?d <= ?_x) } GROUP BY ?a } "
        "{ SELECT ?b WHERE { ?b ?r ?s } } }"
    )
    out = _bound(text, _x="v")
    assert out.count('VALUES (?_x) { ("v") }') == 2
    assert "{ SELECT ?b WHERE { ?b ?r ?s } }" in out, "a sub-select without the parameter is left alone"


def test_a_sub_select_that_gets_the_parameter_only_from_its_own_sub_select_binds_it_last():
    """The innermost sub-SELECT binds it first in its group; the one around it, which sees only
    what that one projects, joins it at the end of its group. First there, rdflib would join the
    ordered inner rows through a hash set, so that a GROUP_CONCAT fed by them (queries/claims.rq)
    would follow hash order; left out, Virtuoso answered figures-as-of with no rows."""
    inner = "{ SELECT * WHERE { ?a ?p ?_x . ?a ?q ?v } ORDER BY ?a ?v }"
    text = f"SELECT ?a ?c WHERE {{ ?a ?r ?s OPTIONAL {{ SELECT ?a (GROUP_CONCAT(?v) AS ?c) WHERE {{ {inner} }} GROUP BY ?a }} }}"
    out = _bound(text, _x="v")
    values = 'VALUES (?_x) { ("v") }'
    assert out.count(values) == 3, "the top level, the innermost sub-SELECT and the one around it"
    assert f"{{ SELECT * WHERE {{ {values}  ?a ?p ?_x" in out
    assert f"ORDER BY ?a ?v }}  {values} }} GROUP BY ?a" in out
    # Named in the outer one's own pattern as well: then its copy opens its group.
    both = text.replace(f"WHERE {{ {inner} }}", f"WHERE {{ {inner} FILTER(?v != ?_x) }}")
    assert f"(GROUP_CONCAT(?v) AS ?c) WHERE {{ {values}  {{ SELECT *" in _bound(both, _x="v")
    assert _bound(both, _x="v").count(values) == 3
