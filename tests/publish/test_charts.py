"""Charts: the SVG shows one mark per claim, grouped by claimant, with the data's figures."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from conflictkg.publish.charts import claim_panels, claims_figure, claims_svg, render, timeline_svg
from conflictkg.cli import run
from conflictkg.storage.graphs import load_store
from conflictkg.model.namespaces import sparql_prologue
from conflictkg.rdf.rdfio import load_graph
from conflictkg.publish.tables import GraphTables
from exportkit import CONFLICTKG, mini_project, tree_digest  # noqa: F401

SVG = "{http://www.w3.org/2000/svg}"
EDGE = "https://w3id.org/conflict-kg/id/event/test-edge-case"


@pytest.fixture(scope="module")
def fixture_tables(mini_project):
    return GraphTables.read(load_store(mini_project))


def ids(svg: str) -> list[str]:
    root = ET.fromstring(svg)  # also proves the SVG is well-formed XML
    return [el.get("id") for el in root.iter() if el.get("id")]


def texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(el.itertext()) for el in root.iter(SVG + "text")]


def test_one_mark_per_casualty_claim_per_claimant(mini_project, fixture_tables):
    svg = claims_svg(fixture_tables, "test-edge-case")
    marks = [i.split("--") for i in ids(svg) if i.startswith("claim--") and i.endswith(("--point", "--denial"))]
    per_claimant = Counter(m[1] for m in marks)
    # Independently: the casualty claims with a figure, or a denial, per claimant.
    g = load_graph(mini_project)
    expected = Counter()
    for (who,) in g.query(sparql_prologue() + """SELECT ?who WHERE {
            ?c ckg:about event:test-edge-case ; ckg:claimant ?who ; ckg:measure ?m .
            FILTER(?m IN (measure:killed, measure:injured))
            FILTER(EXISTS { ?c ckg:minValue|ckg:bestValue|ckg:maxValue ?v } || EXISTS { ?c ckg:stance stance:denies }) }"""):
        expected[str(who).rsplit("/", 1)[1]] += 1
    assert per_claimant == expected and sum(expected.values()) == 4


def test_open_ended_figures_are_arrows_and_revisions_are_joined(fixture_tables):
    svg = claims_svg(fixture_tables, "test-edge-case")
    all_ids = ids(svg)
    opened = {i.split("--")[2] for i in all_ids if i.endswith("--open")}
    assert opened == {"test-edge-case-markup-killed-3", "test-edge-case-formula-killed"}  # "40+" and "at most 12"
    ranges = {i.split("--")[2] for i in all_ids if i.endswith("--range")}
    assert ranges == {"test-edge-case-markup-killed-2"}  # 18–27
    revisions = sorted(i for i in all_ids if i.startswith("revision--"))
    assert revisions == ["revision--test-edge-case-markup-killed-2--test-edge-case-markup-killed-1",
                         "revision--test-edge-case-markup-killed-3--test-edge-case-markup-killed-2"]


def test_labels_name_claimant_and_date_and_are_escaped(fixture_tables):
    svg = claims_svg(fixture_tables, "test-edge-case")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    labels = texts(svg)
    agency = "<script>alert('x')</script> & $\\alpha$ \"Agency\""
    assert f"{agency}, 2022-02-05: 18–27" in labels  # mathtext off: the dollars stay
    assert f"{agency}, 2022-03-10: 40+ (of which: @fighters)" not in labels  # not a breakdown: no "of which"
    assert f"{agency}, 2022-03-10: 40+" in labels


def test_denials_are_drawn(project):
    t = GraphTables.read(load_store(project))
    svg = claims_svg(t, "event:2021-01-syria-missile-strikes")
    assert sum(1 for i in ids(svg) if i.endswith("--denial")) == 2


def test_svg_is_deterministic(fixture_tables):
    assert claims_svg(fixture_tables, "test-edge-case") == claims_svg(fixture_tables, "test-edge-case")
    assert timeline_svg(fixture_tables) == timeline_svg(fixture_tables)


def test_timeline_has_one_marker_per_dated_military_event(fixture_tables):
    svg = timeline_svg(fixture_tables)
    events = {i.split("--")[1] for i in ids(svg) if i.startswith("event--") and i.endswith("--high")}
    assert events == {"2024-palmyra-airstrike", "2021-01-syria-missile-strikes", "2021-01-22-hama-airstrike",
                      "test-edge-case"}
    assert any(i == "event--test-edge-case--span" for i in ids(svg))  # a two-date event is a span
    legend = set(texts(svg))
    assert {"airstrike", "missile-strike", "offensive"} <= legend
    with_conflicts = timeline_svg(fixture_tables, include_conflicts=True)
    assert "event--syrian-civil-war--high" in ids(with_conflicts)


def test_png_output(fixture_tables):
    png = render(claims_figure(fixture_tables, EDGE), "png")
    assert png.startswith(b"\x89PNG") and len(png) > 5000


def test_cli_plot(mini_project, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CONFLICTKG_ROOT", str(mini_project.root))
    out = tmp_path / "claims.svg"
    assert run(["plot", "claims", "event:2024-palmyra-airstrike", "-o", str(out)]) == 0
    assert sum(1 for i in ids(out.read_text()) if i.endswith("--point")) == 6
    assert run(["plot", "timeline", "-o", str(tmp_path / "t.png")]) == 0
    assert (tmp_path / "t.png").read_bytes().startswith(b"\x89PNG")
    capsys.readouterr()
    assert run(["plot", "claims", "palmyra", "-o", str(tmp_path / "x.svg")]) == 2
    assert "no event 'palmyra'" in capsys.readouterr().err and not (tmp_path / "x.svg").exists()
    assert run(["plot", "timeline", "-o", str(tmp_path / "t.pdf")]) == 2
    assert "written as .svg or .png" in capsys.readouterr().err


def test_plot_end_to_end(project, tmp_path):
    before = tree_digest(project.data_dir)
    out = tmp_path / "timeline.svg"
    proc = subprocess.run([str(CONFLICTKG), "plot", "timeline", "-o", str(out)], capture_output=True, text=True,
                          cwd=project.root)
    assert proc.returncode == 0, proc.stderr
    assert "event--2024-palmyra-airstrike--high" in ids(out.read_text())
    assert tree_digest(project.data_dir) == before


# --------------------------------------------------------------------------------------------
# Like with like: one panel per comparison key (measure, counted thing, population)
# --------------------------------------------------------------------------------------------

LIKEWITH = "https://w3id.org/conflict-kg/id/event/2025-05-like-with-like-offensive"


@pytest.fixture(scope="module")
def likewith_tables(likewith_project):
    return GraphTables.read(load_store(likewith_project))


def test_one_panel_per_comparison_key(likewith_tables):
    """Mixed on one axis, the offensive's killed figures would run from a commander's 1 to SOHR's
    150; each population has a panel of its own, and the tanks theirs."""
    panels = claim_panels(likewith_tables, LIKEWITH)
    got = [(p.title, p.gid, [m.claim.rsplit("/", 1)[1] for m in p.marks]) for p in panels]
    assert got == [
        ("killed — whole event", "panel--killed--person--all",
         ["like-with-like-sohr-killed", "like-with-like-syrian-state-media-killed"]),
        ("killed — side 1", "panel--killed--person--side-1", ["like-with-like-sohr-killed-side-1"]),
        ("killed — side 2", "panel--killed--person--side-2", ["like-with-like-wikipedia-killed-side-2"]),
        ("killed — the colonel commanding side 2", "panel--killed--person--like-with-like-colonel",
         ["like-with-like-wikipedia-killed-commander"]),
        ("destroyed tanks — side 2", "panel--destroyed--tank--side-2", ["like-with-like-sohr-destroyed-tanks-side-2"]),
    ]
    for p in panels:
        assert {m.key for m in p.marks} == {p.key}  # never two keys on one axis


def test_breakdown_parts_are_drawn_in_their_groups_panels(project):
    t = GraphTables.read(load_store(project))
    panels = {p.title: p for p in claim_panels(t, "https://w3id.org/conflict-kg/id/event/2024-palmyra-airstrike")}
    assert list(panels) == ["killed — whole event", "killed — foreign Iranian-backed militiamen",
                            "killed — Hezbollah militants", "killed — Iranian-backed Syrian militiamen",
                            "killed — officers working for Hezbollah in Lebanon", "injured — whole event"]
    assert not any(m.breakdown for m in panels["killed — whole event"].marks)
    assert [(m.text, m.part_of) for m in panels["killed — Iranian-backed Syrian militiamen"].marks] == [
        ("73", "more than 108"), ("73", "at least 108")]


def test_svg_panels_hold_only_their_marks(likewith_tables):
    svg = claims_svg(likewith_tables, LIKEWITH)
    root = ET.fromstring(svg)
    panels = {el.get("id"): el for el in root.iter() if (el.get("id") or "").startswith("panel--")}
    assert sorted(panels) == ["panel--destroyed--tank--side-2", "panel--killed--person--all",
                              "panel--killed--person--like-with-like-colonel", "panel--killed--person--side-1",
                              "panel--killed--person--side-2"]
    points = {pid: sorted(el.get("id").split("--")[2] for el in panel.iter()
                          if (el.get("id") or "").endswith("--point")) for pid, panel in panels.items()}
    assert points["panel--killed--person--all"] == ["like-with-like-sohr-killed", "like-with-like-syrian-state-media-killed"]
    assert points["panel--destroyed--tank--side-2"] == ["like-with-like-sohr-destroyed-tanks-side-2"]
    assert sum(len(v) for v in points.values()) == 6
    labels = texts(svg)
    assert {"Killed — whole event", "Killed — side 2", "Destroyed tanks — side 2"} <= set(labels)
    assert any(t.startswith("what each panel counts") for t in labels)  # not only people: the axis says so


def test_a_blank_node_group_gives_the_same_chart_on_every_load(mini_project):
    """The edge case's "40+ @fighters" counts a group that is a blank node: its panel is named by
    the group's label, not by the blank node's id, which changes from one load to the next."""
    first, second = (GraphTables.read(load_store(mini_project)) for _ in range(2))
    assert [p.gid for p in claim_panels(first, EDGE)] == ["panel--killed--person--all", "panel--killed--person--_fighters"]
    assert claims_svg(first, EDGE) == claims_svg(second, EDGE)
