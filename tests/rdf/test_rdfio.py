"""`rdfio.parse_turtle_file`: Oxigraph parses project files into the same rdflib graph rdflib's own parser makes."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from conflictkg.core.errors import UserError
from conflictkg.rdf.rdfio import parse_turtle_file

EDGES = """@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:int 5 ; ex:neg -05 ; ex:dec 5.0 ; ex:dbl 1e3 ; ex:bool true ;
    ex:plain "x" ; ex:lang "z"@en ; ex:date "2024-11-20"^^xsd:date ;
    ex:long \"\"\"two
lines\"\"\" ;
    ex:list ( ex:b "c" 1 ) ; ex:blank [ ex:p [ ex:q ex:r ] ] , _:shared .
ex:d ex:shares _:shared .
"""


def _both(path):
    ours = parse_turtle_file(path)
    theirs = Graph().parse(path, format="turtle")
    return ours, theirs


def test_project_files_parse_as_rdflib_parses_them(project):
    for path in project.ontology_files() + project.shapes_files() + project.data_files():
        ours, theirs = _both(path)
        assert len(ours) == len(theirs) and isomorphic(ours, theirs), path.name
        # The file's prefixes are bound, as rdflib binds them.
        assert dict(theirs.namespaces()).items() <= dict(ours.namespaces()).items(), path.name


def test_literal_forms_blank_nodes_and_lists(tmp_path):
    path = tmp_path / "edges.ttl"
    path.write_text(EDGES, encoding="utf-8")
    ours, theirs = _both(path)
    assert len(ours) == len(theirs) and isomorphic(ours, theirs)
    literals = lambda g: {o for o in g.objects() if isinstance(o, Literal)}  # noqa: E731
    assert literals(ours) == literals(theirs)  # same lexical forms, datatypes and language tags
    assert dict(ours.namespaces())["ex"] == URIRef("https://example.org/")


def test_terms_read_in_their_rdf_1_1_form(tmp_path):
    """"y"^^xsd:string and "y" are one term, and language tags are case-insensitive. rdflib's parser
    keeps the written forms apart; ours reads them as Oxigraph (the store, the submission loader)
    does: the plain literal, the tag in lower case. So `fmt` writes "y" and "@en-gb"."""
    path = tmp_path / "terms.ttl"
    path.write_text('<https://example.org/a> <https://example.org/p> "y"^^<http://www.w3.org/2001/XMLSchema#string>, "z"@en-GB .\n',
                    encoding="utf-8")
    assert set(parse_turtle_file(path).objects()) == {Literal("y"), Literal("z", lang="en-gb")}


def test_syntax_error_names_file_and_line(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text("@prefix ex: <https://example.org/> .\n\nex:a ex:p ex:b\nex:c ex:d ex:e .\n", encoding="utf-8")
    with pytest.raises(UserError) as info:
        parse_turtle_file(path)
    assert info.value.message.startswith(f"{path}:4: cannot parse Turtle: ")
    assert "\n" not in info.value.message


def test_blank_nodes_of_two_files_stay_apart(tmp_path):
    """Two files that both write `_:x` describe two nodes, as with rdflib's parser."""
    graph = Graph()
    for name, value in (("one.ttl", "a"), ("two.ttl", "b")):
        path = tmp_path / name
        path.write_text(f'_:x <https://example.org/p> "{value}" .\n', encoding="utf-8")
        parse_turtle_file(path, graph)
    assert len(set(graph.subjects())) == 2


def test_a_triple_term_gets_a_clear_message(tmp_path):
    path = tmp_path / "rdf12.ttl"
    path.write_text("<https://example.org/a> <https://example.org/p> "
                    "<<( <https://example.org/b> <https://example.org/q> <https://example.org/c> )>> .\n", encoding="utf-8")
    with pytest.raises(UserError) as info:
        parse_turtle_file(path)
    assert info.value.message == f"{path}: cannot parse Turtle: RDF-star / RDF 1.2 triple terms (<< >>) are not accepted"
