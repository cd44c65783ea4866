"""The headline of an event's figures (conflictkg.publish.headline): one line per comparison key,
like with like, with the range of `contested-range` and the verdict of `is-contested`, checked
against those stored queries on the like-with-like fixture and the curated events."""

from __future__ import annotations

import pytest

from conflictkg.publish.headline import headlines
from conflictkg.publish.tables import GraphTables, PERSON
from conflictkg.query import library, sparql
from conflictkg.storage import store

M = "https://w3id.org/conflict-kg/vocab/measure/"
A = "https://w3id.org/conflict-kg/id/actor/"
S = "https://w3id.org/conflict-kg/vocab/stance/"


def claim(measure="killed", claimant="a", **props) -> dict:
    out = {"measure": [M + measure], "claimant": [A + claimant]}
    for k, v in props.items():
        out[k] = v if isinstance(v, list) else [str(v)]
    return out


def test_range_claimants_and_open_high():
    hl = headlines({
        "c1": claim(claimant="sohr", minValue=108),  # "more than 108": open-ended
        "c2": claim(claimant="state", bestValue=36),
        "c3": claim(claimant="wiki", minValue=108),
    })
    assert len(hl) == 1
    h = hl[0]
    assert (h.low, h.high, h.high_open, h.claimants, h.claims, h.contested) == (36, 108, True, 3, 3, True)
    assert h.text() == "Killed: 36–108+ · 3 claimants · contested"


def test_a_closed_range_beats_an_open_one_at_the_same_high():
    h = headlines({"c1": claim(claimant="x", minValue=50), "c2": claim(claimant="y", minValue=40, maxValue=60)})[0]
    assert (h.low, h.high, h.high_open) == (40, 60, False)
    assert h.figure == "40–60"


def test_like_with_like_never_mixes_keys():
    hl = headlines({
        "total": claim(claimant="x", bestValue=90),
        "side2": claim(claimant="y", bestValue=120, forSide=2),
        "colonel": claim(claimant="z", bestValue=1, appliesTo="https://w3id.org/conflict-kg/id/group/colonel"),
        "tanks": claim("destroyed", claimant="z", bestValue=6, forSide=2,
                       countedThing="https://w3id.org/conflict-kg/vocab/counted/tank"),
    })
    assert [(h.measure, h.key.population, h.low, h.high, h.contested) for h in hl] == [
        ("killed", "all", 90, 90, False), ("killed", "side 2", 120, 120, False),
        ("killed", "https://w3id.org/conflict-kg/id/group/colonel", 1, 1, False), ("destroyed", "side 2", 6, 6, False)]
    assert hl[3].title({"https://w3id.org/conflict-kg/vocab/counted/tank": "tanks"}) == "Destroyed (tanks, side 2)"
    assert hl[0].key.counted == PERSON


def test_breakdowns_denials_and_revisions_leave_the_range():
    hl = headlines({
        "total": claim(claimant="x", bestValue=100),
        "part": claim(claimant="x", bestValue=70, breakdownOf="total"),
        "denied": claim(claimant="y", bestValue=5, stance=S + "denies"),
        "old": claim(claimant="z", bestValue=10),
        "new": claim(claimant="z", bestValue=20, revises="old"),
    })
    h = hl[0]
    assert (h.low, h.high, h.claimants, h.claims) == (20, 100, 2, 2)
    # Contested as is-contested says it: every total counts, revised or denied (not the part).
    assert h.contested


def test_a_claimants_latest_dated_figure_replaces_its_earlier_one():
    h = headlines({"early": claim(claimant="x", bestValue=10, claimDate="2024-01-01"),
                   "late": claim(claimant="x", bestValue=30, claimDate="2024-02-01"),
                   "undated": claim(claimant="y", bestValue=25)})[0]
    assert (h.low, h.high, h.claims) == (25, 30, 2)


def test_one_claimant_with_two_figures_is_not_contested():
    h = headlines({"a": claim(claimant="x", bestValue=10), "b": claim(claimant="x", bestValue=12)})[0]
    assert not h.contested and h.summary == "1 claimant"


def test_claims_without_numbers_give_no_headline():
    assert headlines({"t": claim("target", claimant="x", textValue="a depot")}) == []


@pytest.fixture(scope="module")
def likewith(likewith_project):
    build, _ = store.ensure(likewith_project, progress=False)
    return likewith_project, store.open_store(build)


def test_headlines_agree_with_contested_range_and_is_contested(likewith):
    """Every (event, measure, counted, population) row of contested-range is one headline with the same
    low, high and claimants, and an event has a contested headline exactly when is-contested says so."""
    project, st = likewith
    q = library.find(project, "contested-range")
    result = sparql.run_pyoxigraph(st, sparql.prepare_stored(q), library.bind(q.params, {}, query_name=q.name))
    expected = {}
    for row in result.rows:
        event, measure, counted, population, claimants, _claims, low, high, _spread = (
            None if x is None else x.value for x in row)
        expected[(event, measure, counted, population)] = (int(low), int(high), int(claimants))
    t = GraphTables.read(st)
    got = {}
    contested_q = library.find(project, "is-contested")
    for event in t.events:
        hl = headlines({c: t.claims[c] for c in t.claims_about(event)})
        for h in hl:
            got[(event, *h.key)] = (h.low, h.high, h.claimants)
        ask = sparql.run_pyoxigraph(st, sparql.prepare_stored(contested_q),
                                    library.bind(contested_q.params, {"event": f"<{event}>"}, query_name="is-contested"))
        assert any(h.contested for h in hl) == bool(ask.boolean), event
    assert got == expected


def test_the_palmyra_airstrike_headline(project):
    build, _ = store.ensure(project, progress=False)
    t = GraphTables.read(store.open_store(build))
    event = "https://w3id.org/conflict-kg/id/event/2024-palmyra-airstrike"
    hl = headlines({c: t.claims[c] for c in t.claims_about(event)})
    assert hl[0].text(t.labels) == "Killed: 36–108+ · 3 claimants · contested"
