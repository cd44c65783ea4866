"""CSV and GeoJSON exports, checked against figures computed independently with SPARQL (rdflib)."""

from __future__ import annotations

import csv
import json

import pytest

from conflictkg.cli import run
from conflictkg.publish.export import export, neutralise
from conflictkg.model.namespaces import sparql_prologue
from conflictkg.rdf.rdfio import load_graph
from exportkit import mini_project  # noqa: F401

# The event figures as the docs define them, in SPARQL: claims with the measure, not a breakdown,
# not revised by a later claim, not denied or declined; per claim low = min|best|max, high = max|best|min;
# like with like: people (no other counted thing), no group, and no side (the event's columns) or
# that side (the per-side columns).
FIGURES = """
SELECT ?e (MIN(?low) AS ?lo) (MAX(?high) AS ?hi) WHERE {
  ?c a ckg:Claim ; ckg:about ?e ; ckg:measure measure:%s .
  FILTER NOT EXISTS { ?c ckg:breakdownOf ?total }
  FILTER NOT EXISTS { ?later ckg:revises ?c }
  FILTER NOT EXISTS { ?c ckg:stance ?st . FILTER(?st IN (stance:denies, stance:declines-to-comment)) }
  FILTER NOT EXISTS { ?c ckg:appliesTo ?group }
  FILTER NOT EXISTS { ?c ckg:countedThing ?thing . FILTER(?thing != counted:person) }
  %s
  OPTIONAL { ?c ckg:minValue ?min } OPTIONAL { ?c ckg:bestValue ?best } OPTIONAL { ?c ckg:maxValue ?max }
  BIND(COALESCE(?min, ?best, ?max) AS ?low) BIND(COALESCE(?max, ?best, ?min) AS ?high)
  FILTER(BOUND(?low))
} GROUP BY ?e
"""
WHOLE_EVENT = "FILTER NOT EXISTS { ?c ckg:forSide ?side }"
ONE_SIDE = "?c ckg:forSide ?side . FILTER(?side = %d)"
COUNTS = """
SELECT ?e (COUNT(DISTINCT ?c) AS ?n) (COUNT(DISTINCT ?who) AS ?claimants) WHERE {
  ?e a/rdfs:subClassOf* ckg:Event . OPTIONAL { ?c ckg:about ?e . OPTIONAL { ?c ckg:claimant ?who } }
} GROUP BY ?e
"""


def sparql(graph, query):
    return list(graph.query(sparql_prologue() + query))


@pytest.fixture(scope="module", params=["curated", "fixture", "likewith"])
def case(request, project, mini_project, likewith_project, tmp_path_factory):
    """Each project's three tables, exported once for every test that reads them (none changes them)."""
    proj = {"curated": project, "fixture": mini_project, "likewith": likewith_project}[request.param]
    out = tmp_path_factory.mktemp(f"tables-{request.param}")
    events, claims, geo = out / "events.csv", out / "claims.csv", out / "events.geojson"
    export(proj, events)
    export(proj, claims, table="claims")
    export(proj, geo)
    read = lambda p: list(csv.DictReader(p.open(newline="", encoding="utf-8")))  # noqa: E731
    return proj, load_graph(proj), read(events), read(claims), json.loads(geo.read_text())


def test_one_row_per_event_with_counts(case):
    _, g, events, _, _ = case
    expected = {str(e): (int(n), int(k)) for e, n, k in sparql(g, COUNTS)}
    assert {r["event_iri"] for r in events} == set(expected)
    for r in events:
        assert (int(r["n_claims"]), int(r["n_claimants"])) == expected[r["event_iri"]], r["event_id"]


@pytest.mark.parametrize("measure,prefix,side", [("killed", "fatalities", None), ("injured", "injured", None),
                                                ("killed", "fatalities_side_1", 1), ("killed", "fatalities_side_2", 2)])
def test_figures_match_sparql(case, measure, prefix, side):
    proj, g, events, _, _ = case
    where = WHOLE_EVENT if side is None else ONE_SIDE % side
    expected = {str(e): (int(lo), int(hi)) for e, lo, hi in sparql(g, FIGURES % (measure, where))}
    if side is None or proj.root.name.startswith("likewith"):  # only the likewith project has sides' figures
        assert expected  # the data has figures to compare
    for r in events:
        got = (r[f"{prefix}_low"], r[f"{prefix}_high"])
        if r["event_iri"] in expected:
            assert tuple(map(int, got)) == expected[r["event_iri"]], r["event_id"]
            assert int(r[f"{prefix}_low"]) <= int(r[f"{prefix}_best"]) <= int(r[f"{prefix}_high"])
        else:
            assert got == ("", "")


LIKEWITH_EVENTS = {
    # event: fatalities low, best, high, high_open; side 1 low, best, high, high_open; side 2 the same
    "2025-05-like-with-like-offensive": ("90", "90", "150", "true", "35", "35", "35", "false", "120", "120", "120", "false"),
    "2025-05-like-with-like-strike": ("", "", "", "", "", "", "", "", "12", "12", "12", "false"),
    # Only figures for groups ("a family of four", "4 civilians"): no figure for the event as a whole.
    "2021-01-22-hama-airstrike": ("", "", "", "", "", "", "", "", "", "", "", ""),
    "2024-palmyra-airstrike": ("36", "108", "108", "true", "", "", "", "", "", "", "", ""),
}
FIGURE_COLUMNS = [f"{prefix}_{col}" for prefix in ("fatalities", "fatalities_side_1", "fatalities_side_2")
                  for col in ("low", "best", "high", "high_open")]


def test_event_figures_count_like_with_like(likewith_project, tmp_path):
    """A side's losses, a commander's death and a side's tanks never widen the event's range (mixed
    together, the offensive's killed figures would read 1–150); each side has its own columns."""
    out = tmp_path / "events.csv"
    export(likewith_project, out)
    rows = {r["event_id"]: r for r in csv.DictReader(out.open(newline="", encoding="utf-8"))}
    for event, figures in LIKEWITH_EVENTS.items():
        assert tuple(rows[event][c] for c in FIGURE_COLUMNS) == figures, event
    assert rows["2025-05-like-with-like-offensive"]["injured_low"] == ""


def test_claims_say_what_they_count_and_whose(likewith_project, tmp_path):
    out = tmp_path / "claims.csv"
    export(likewith_project, out, table="claims", event="2025-05-like-with-like-offensive")
    got = {r["claim_id"]: (r["measure"], r["counted"], r["side"], r["population"], r["applies_to"])
           for r in csv.DictReader(out.open(newline="", encoding="utf-8"))}
    assert got == {
        "like-with-like-sohr-killed-side-1": ("killed", "person", "1", "side 1", ""),
        "like-with-like-wikipedia-killed-side-2": ("killed", "person", "2", "side 2", ""),
        "like-with-like-sohr-killed": ("killed", "person", "", "all", ""),
        "like-with-like-syrian-state-media-killed": ("killed", "person", "", "all", ""),
        "like-with-like-wikipedia-killed-commander": ("killed", "person", "", "like-with-like-colonel",
                                                      "the colonel commanding side 2"),
        "like-with-like-sohr-destroyed-tanks-side-2": ("destroyed", "tank", "2", "side 2", ""),
    }


def test_claims_without_a_figure_have_no_population(project, tmp_path):
    out = tmp_path / "claims.csv"
    export(project, out, table="claims", event="2024-palmyra-airstrike")
    rows = {r["claim_id"]: r for r in csv.DictReader(out.open(newline="", encoding="utf-8"))}
    time = rows["2024-palmyra-airstrike-syrian-ministry-of-defense-time"]
    assert (time["counted"], time["side"], time["population"]) == ("", "", "")
    part = rows["2024-palmyra-airstrike-sohr-killed-lead-syrian-militiamen"]
    assert (part["counted"], part["population"]) == ("person", "iranian-backed-syrian-militiamen")


def test_one_row_per_claim(case):
    _, g, _, claims, _ = case
    expected = {str(c): (int(v) if v is not None else None) for c, v in sparql(g, "SELECT ?c ?v WHERE { ?c a ckg:Claim OPTIONAL { ?c ckg:minValue ?v } }")}
    assert {r["claim_iri"] for r in claims} == set(expected)
    for r in claims:
        assert (int(r["min"]) if r["min"] else None) == expected[r["claim_iri"]]


def test_palmyra_row(project, tmp_path):
    out = tmp_path / "e.csv"
    export(project, out)
    row = next(r for r in csv.DictReader(out.open()) if r["event_id"] == "2024-palmyra-airstrike")
    assert row["event_class"] == "Strike" and row["event_type"] == "airstrike"
    assert row["start_date"] == "2024-11-20" and row["date_precision"] == "day"
    assert row["place"] == "Palmyra" and row["admin1"] == "Homs Governorate" and row["country"] == "Syria"
    assert row["fatalities_high_open"] == "true" and "Israeli Air Force" in row["perpetrators"]
    g = load_graph(project)
    (wkt,) = [str(w) for (w,) in sparql(g, "SELECT ?w WHERE { place:palmyra geo:hasGeometry/geo:asWKT ?w }")]
    lon, lat = wkt.split("(")[1].rstrip(")").split()
    assert (float(row["longitude"]), float(row["latitude"])) == (float(lon), float(lat))


def test_geojson_features_match_the_csv(case):
    _, _, events, _, geo = case
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == len(events)
    by_iri = {f["id"]: f for f in geo["features"]}
    for r in events:
        f = by_iri[r["event_iri"]]
        assert f["type"] == "Feature" and f["properties"]["event_id"] == r["event_id"]
        if r["longitude"]:
            assert f["geometry"] == {"type": "Point", "coordinates": [float(r["longitude"]), float(r["latitude"])]}
            assert -180 <= f["geometry"]["coordinates"][0] <= 180 and -90 <= f["geometry"]["coordinates"][1] <= 90
        else:
            assert f["geometry"] is None
        assert f["properties"]["fatalities_high"] == (int(r["fatalities_high"]) if r["fatalities_high"] else None)


def test_formula_cells_are_neutralised(mini_project, tmp_path):
    events, claims = tmp_path / "e.csv", tmp_path / "c.csv"
    export(mini_project, events)
    export(mini_project, claims, table="claims")
    row = next(r for r in csv.DictReader(events.open()) if r["event_id"] == "test-edge-case")
    assert row["event_label"] == "'+Test offensive\nwith a second line"
    assert row["combatants"] == "'=HYPERLINK(\"http://example.invalid\",\"x\")"
    rows = list(csv.DictReader(claims.open()))
    assert any(r["claimant"].startswith("'=HYPERLINK") for r in rows)
    assert not any(v[:1] in "=+-@" for r in rows for v in r.values() if v)
    geo = tmp_path / "e.geojson"
    export(mini_project, geo)  # GeoJSON is data, not a spreadsheet: kept as written
    f = next(f for f in json.loads(geo.read_text())["features"] if f["properties"]["event_id"] == "test-edge-case")
    assert f["properties"]["event_label"].startswith("+Test")


def test_neutralise():
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("-33.9") == "-33.9" and neutralise("+12") == "+12"  # numbers stay numbers
    assert neutralise("-1+2") == "'-1+2" and neutralise("\tx") == "'\tx"
    assert neutralise("Palmyra") == "Palmyra" and neutralise("") == ""


def test_event_option_limits_the_tables(project, tmp_path):
    out, events, geo = tmp_path / "c.csv", tmp_path / "e.csv", tmp_path / "e.geojson"
    export(project, out, table="claims", event="2024-palmyra-airstrike")
    rows = list(csv.DictReader(out.open()))
    assert rows and all(r["event_id"] == "2024-palmyra-airstrike" for r in rows)
    export(project, events, event="2024-palmyra-airstrike")
    export(project, geo, event="2024-palmyra-airstrike")
    (row,) = list(csv.DictReader(events.open()))
    full = tmp_path / "all.csv"
    export(project, full)
    assert row == next(r for r in csv.DictReader(full.open()) if r["event_id"] == "2024-palmyra-airstrike")
    assert [f["properties"]["event_id"] for f in json.loads(geo.read_text())["features"]] == ["2024-palmyra-airstrike"]


def test_cli_tables(mini_project, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CONFLICTKG_ROOT", str(mini_project.root))
    out = tmp_path / "claims.csv"
    assert run(["export", "-o", str(out), "--table", "claims"]) == 0
    assert "rows as csv" in capsys.readouterr().err
    assert out.read_text().startswith("claim_id,event_id,")


def claim_columns(project) -> list[str]:
    """The columns of the claims table: those of the stored query claims, as it runs."""
    from conflictkg.publish.tables import ClaimTable
    from conflictkg.storage.graphs import project_store

    with project_store(project) as store:
        return ClaimTable(project, store).rows()[0]


def test_the_codebook_names_every_column(project):
    """docs/exporting.md is the codebook: it names every column of both tables, and the stored
    query's header describes each column it gives."""
    from conflictkg.publish.tables import EVENT_COLUMNS
    from conflictkg.query import library

    doc = (project.root / "docs" / "exporting.md").read_text(encoding="utf-8")
    columns = claim_columns(project)
    assert len(columns) > 30 and columns[0] == "claim_id" and columns[-1] == "claim_iri"
    assert [c for c in EVENT_COLUMNS + columns if f"`{c}`" not in doc] == []
    assert list(library.find(project, "claims").columns) == columns


@pytest.mark.parametrize("which", ["curated", "fixture", "likewith"])
def test_event_tables_read_in_batches_are_the_whole_tables(which, project, mini_project, likewith_project, monkeypatch):
    """The whole-graph export builds the rows a batch of events at a time from the N-Triples copies
    (`tablespool.EventTable`): in batches of 3 and 7 the rows are those of the whole table read from
    the store at once, in the same order."""
    from conflictkg.publish import tables, tablespool
    from conflictkg.storage.graphs import ProjectTriples, project_store

    proj = {"curated": project, "fixture": mini_project, "likewith": likewith_project}[which]
    with project_store(proj) as store:
        events = tables.event_rows(tables.GraphTables.read(store))
    assert events
    for batch in (3, 7):
        monkeypatch.setattr(tablespool, "BATCH", batch)
        with tablespool.EventTable(ProjectTriples.of(proj)) as table:
            assert len(table) == len(events) and list(table) == events


@pytest.mark.parametrize("event", [None, "2024-palmyra-airstrike"])
def test_the_exported_claims_table_is_the_stored_query_claims(project, tmp_path, monkeypatch, capsys, event):
    """One claims table: `export --table claims` writes, column for column and row for row, what
    `query claims --format csv --labels` gives, on the project's graph (the whole graph, or one event)."""
    monkeypatch.setenv("CONFLICTKG_ROOT", str(project.root))
    exported, queried = tmp_path / "export.csv", tmp_path / "query.csv"
    only = ["--event", event] if event else []
    assert run(["export", "--table", "claims", *only, "-o", str(exported)]) == 0
    assert run(["query", "claims", *(["--param", f"event={event}"] if event else []), "--format", "csv", "--labels",
                "-o", str(queried)]) == 0
    capsys.readouterr()
    table = list(csv.reader(exported.open(newline="", encoding="utf-8")))
    assert table[0] == claim_columns(project)
    assert exported.read_bytes() == queried.read_bytes()
    ids = [r[0] for r in table[1:]]
    assert len(ids) == len(set(ids)) > (15 if event else 300)  # one row per claim
    if event:
        assert {r[1] for r in table[1:]} == {event}


def test_a_project_without_the_claims_query_is_told_where_it_is(mini_project, tmp_path, monkeypatch, capsys):
    import shutil


    root = tmp_path / "p"
    shutil.copytree(mini_project.root / "ontology", root / "ontology")
    shutil.copytree(mini_project.root / "data", root / "data")
    monkeypatch.setenv("CONFLICTKG_ROOT", str(root))
    out = tmp_path / "c.csv"
    assert run(["export", "--table", "claims", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "the claims table is the stored query 'claims'" in err and "queries/claims.rq" in err
    assert "Traceback" not in err and not out.exists()
    assert run(["export", "-o", str(tmp_path / "e.csv")]) == 0  # the events table needs no stored query
    (root / "queries").mkdir()
    (root / "queries" / "claims.rq").write_text("SELECT ?c WHERE { ?c a ckg:Claim ", encoding="utf-8")
    assert run(["export", "--table", "claims", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "claims.rq: cannot run the claims table:" in err and "Traceback" not in err

