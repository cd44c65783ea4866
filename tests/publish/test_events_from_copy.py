"""The events table of the whole graph is built from the files' N-Triples copies through a database on
disk (`conflictkg.publish.tablespool`, issue 25): its rows are, value for value and in the same order,
those `event_rows` gives from the store, including where the two could drift apart (literals Oxigraph
normalises, escapes, labels in several languages, blank nodes, a class declared in the data, a triple
in two files, missing values)."""

from __future__ import annotations

import shutil

import pytest

from conflictkg.core.paths import Project
from conflictkg.publish import tables
from conflictkg.publish.tablespool import EventTable, Values, split_literal
from conflictkg.storage.graphs import ProjectTriples, project_store
from exportkit import mini_project  # noqa: F401

AWKWARD = r"""
@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix event: <https://w3id.org/conflict-kg/id/event/> .
@prefix claim: <https://w3id.org/conflict-kg/id/claim/> .
@prefix actor: <https://w3id.org/conflict-kg/id/actor/> .
@prefix part: <https://w3id.org/conflict-kg/id/participation/> .
@prefix place: <https://w3id.org/conflict-kg/id/place/> .
@prefix measure: <https://w3id.org/conflict-kg/vocab/measure/> .
@prefix role: <https://w3id.org/conflict-kg/vocab/role/> .
@prefix stance: <https://w3id.org/conflict-kg/vocab/stance/> .
@prefix geo: <http://www.opengis.net/ont/geosparql#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ckg:TestRaid rdfs:subClassOf ckg:Strike .

event:test-awkward-raid a ckg:TestRaid, ckg:Event ;
    rdfs:label "Raid \"near\" the\tdam\nété \\ \u00e9"@fr, "Raid by the dam"@en, "Raid"@de ;
    ckg:startDate "2023-04-05"^^xsd:date ;
    ckg:location place:test-awkward-village ;
    ckg:hasParticipation part:test-awkward-raid-1, [ ckg:agent actor:test-awkward-ignored ] .

part:test-awkward-raid-1 a ckg:Participation ;
    ckg:agent _:gunmen ;
    ckg:role role:perpetrator ;
    ckg:side "01"^^xsd:integer .

_:gunmen rdfs:label "unnamed gunmen", "Bewaffnete"@de .

place:test-awkward-village a ckg:Place ;
    rdfs:label "Village" ;
    ckg:locatedIn place:test-awkward-district ;
    geo:hasGeometry [ geo:asWKT "POINT(38.5 35.25)"^^geo:wktLiteral ] .

place:test-awkward-district a ckg:Place ; rdfs:label "District", "Bezirk"@de .

claim:test-awkward-raid-killed a ckg:Claim ;
    ckg:about event:test-awkward-raid ;
    ckg:claimant actor:test-awkward-witness ;
    ckg:measure measure:killed ;
    ckg:minValue "+03"^^xsd:nonNegativeInteger ;
    ckg:maxValue "0012"^^xsd:integer ;
    ckg:claimDate "2023-04-06"^^xsd:date ;
    ckg:stance stance:asserts .

claim:test-awkward-raid-bare a ckg:Claim ;
    ckg:about event:test-awkward-raid, event:test-awkward-undated .

actor:test-awkward-witness rdfs:label "Witness"@en-GB, "Zeuge"@de .

event:test-awkward-undated a ckg:Event ; ckg:endDate "2023-05-01T10:00:00.000Z"^^xsd:dateTime .
"""

# The same claim in a second file, its figure written another way: one value in the store; and a
# blank node with the same label as one of the first file: another node.
AGAIN = r"""
@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix claim: <https://w3id.org/conflict-kg/id/claim/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
claim:test-awkward-raid-killed ckg:minValue "3"^^xsd:nonNegativeInteger ; ckg:bestValue "5.0"^^xsd:decimal .
_:gunmen <http://www.w3.org/2000/01/rdf-schema#label> "Another file's node" .
"""


@pytest.fixture(scope="module")
def awkward_project(tmp_path_factory, mini_project):  # noqa: F811
    root = tmp_path_factory.mktemp("awkward")
    shutil.copytree(mini_project.root / "ontology", root / "ontology")
    shutil.copytree(mini_project.root / "data", root / "data")
    (root / "data" / "awkward.ttl").write_text(AWKWARD, encoding="utf-8")
    (root / "data" / "again.ttl").write_text(AGAIN, encoding="utf-8")
    return Project(root)


def from_store(project: Project) -> list[dict]:
    with project_store(project, progress=False) as store:
        return tables.event_rows(tables.GraphTables.read(store))


def from_copy(project: Project) -> list[dict]:
    with EventTable(ProjectTriples.of(project)) as table:
        n = len(table)
        seen = []
        table.build(progress=seen.append)
        rows = list(table)
    assert n == len(rows) and seen and seen[-1] == n
    return rows


@pytest.mark.parametrize("which", ["fixture", "awkward"])
def test_the_rows_from_the_copy_are_those_from_the_store(which, mini_project, awkward_project):  # noqa: F811
    project = {"fixture": mini_project, "awkward": awkward_project}[which]
    rows = from_copy(project)
    assert rows == from_store(project)
    if which == "awkward":
        raid = next(r for r in rows if r["event_id"] == "test-awkward-raid")
        assert raid["event_class"] == "TestRaid"  # the class the data declares, the most specific
        assert raid["event_label"] == "Raid by the dam"  # English before other languages
        assert raid["perpetrators"] == "unnamed gunmen" and raid["side_1"] == "unnamed gunmen"
        assert (raid["fatalities_low"], raid["fatalities_best"], raid["fatalities_high"]) == (3, 5, 12)
        assert raid["place"] == "Village" and raid["admin2"] is None and (raid["longitude"], raid["latitude"]) == (
            38.5, 35.25)
        assert "killed: 5 (Witness, 2023-04-06)" in raid["claims_summary"] and raid["n_claims"] == 2
        undated = next(r for r in rows if r["event_id"] == "test-awkward-undated")
        assert undated["end_date"] == "2023-05-01T10:00:00Z" and undated["start_date"] is None
        assert rows[-1] is not raid and rows.index(undated) > rows.index(raid)


def test_the_curated_graph(project):
    assert from_copy(project) == from_store(project)


def test_literals_read_as_the_store_gives_them():
    value = Values()
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert value(f'"05"^^<{xsd}integer>') == "5" and value(f'"+5"^^<{xsd}nonNegativeInteger>') == "5"
    assert value(f'"1.50"^^<{xsd}decimal>') == "1.5" and value(f'"1"^^<{xsd}boolean>') == "true"
    assert value(f'"2024-01-05T10:00:00.000Z"^^<{xsd}dateTime>') == "2024-01-05T10:00:00Z"
    assert value(f'"abc"^^<{xsd}integer>') == "abc"  # not a number: as written, as the store keeps it
    assert value(f'" 05"^^<{xsd}anyURI>') == " 05" and value('"POINT(1 2)"^^<http://x/wkt>') == "POINT(1 2)"
    assert value('"a\\"b\\\\c\\nd\\u00E9\\U0001F600"@en') == 'a"b\\c\ndé\U0001F600'
    assert value("<http://x/y>") == "http://x/y" and value("_:b0") == "b0"
    assert split_literal('"x"@en-gb') == ("x", "en-gb", "") and split_literal('"x"') == ("x", "", "")


def test_nothing_is_left_on_disk(mini_project, tmp_path):  # noqa: F811
    with EventTable(ProjectTriples.of(mini_project), directory=tmp_path) as table:
        assert list(tmp_path.iterdir())
        assert len(list(table)) == len(table) > 0
    assert list(tmp_path.iterdir()) == []
