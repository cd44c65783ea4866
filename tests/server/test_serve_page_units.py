"""Pieces of the analyst's pages that need no server: the filters read from a URL, where a map draws
an event (at the precision of its place), and a claim as a sentence."""

from __future__ import annotations

import pytest

from conflictkg.server import browse, mapdata, sentences

BASE = "https://w3id.org/conflict-kg/"
PLACE = BASE + "id/place/"


def test_filters_read_from_the_url_and_written_back():
    known = {"type": {BASE + "vocab/event-type/airstrike"}, "place": {PLACE + "syria"}, "actor": set(), "role": set()}
    f = browse.Filters.parse({"q": "  palmyra   air ", "from": "2024-01-01", "type": "airstrike", "place": "syria",
                              "contested": "1"}, known)
    assert (f.q, f.date_from, f.type, f.place, f.contested) == ("palmyra air", "2024-01-01",
                                                                BASE + "vocab/event-type/airstrike", PLACE + "syria", True)
    assert f.query_string() == "q=palmyra+air&from=2024-01-01&type=airstrike&place=syria&contested=1"
    assert f.active and not browse.Filters().active
    where = f.where()
    assert where.count("SELECT DISTINCT ?event") == 2 + 1  # a sub-SELECT per word, and the contested events
    assert '"palmyra"' in where and '"air"' in where


@pytest.mark.parametrize("params,message", [
    ({"from": "2024-02-30"}, "write the date as YYYY-MM-DD"),
    ({"to": "yesterday"}, "write the date as YYYY-MM-DD"),
    ({"from": "2024-05-01", "to": "2024-04-01"}, "swap them"),
    ({"place": "atlantis"}, "no event of this graph has this place"),
    ({"actor": "a b"}, "not a actor of this graph"),
])
def test_bad_filters_say_what_to_send(params, message):
    with pytest.raises(browse.FilterError, match=message):
        browse.Filters.parse(params, {"type": set(), "place": set(), "actor": set(), "role": set()})


def test_a_search_word_cannot_break_out_of_its_string():
    f = browse.Filters.parse({"q": 'x"} } ; DROP ALL'}, None)
    assert '"x\\"}"' in f.where()


def places() -> dict[str, mapdata.Place]:
    P = mapdata.Place
    return {p.iri: p for p in [
        P(PLACE + "syria", ["Syria"], "country"),
        P(PLACE + "homs-governorate", ["Homs Governorate"], "governorate", within=[PLACE + "syria"]),
        P(PLACE + "eastern-homs", ["eastern Homs Governorate"], "region", within=[PLACE + "homs-governorate"]),
        P(PLACE + "palmyra", ["Palmyra"], "city", (38.28, 34.56), "settlement", [PLACE + "eastern-homs"]),
        P(PLACE + "t4", ["T4"], "air-base", (37.6, 34.5), "exact", [PLACE + "homs-governorate"]),
        P(PLACE + "nowhere", ["Nowhere"], "region"),
        P(PLACE + "desert-camp", ["a desert camp"], "facility", within=[PLACE + "palmyra"]),
    ]}


def test_each_place_is_drawn_at_its_precision():
    ps = places()
    assert mapdata.placement(ps, PLACE + "t4")["precision"] == "exact"
    palmyra = mapdata.placement(ps, PLACE + "palmyra")
    assert palmyra["precision"] == "approximate" and palmyra["point"] == [38.28, 34.56]
    eastern = mapdata.placement(ps, PLACE + "eastern-homs")
    assert (eastern["precision"], eastern["areaName"], eastern["via"]) == ("area", "Homs Governorate", PLACE + "homs-governorate")
    # A place inside a settlement is drawn at the settlement's reference point, never as an exact point.
    camp = mapdata.placement(ps, PLACE + "desert-camp")
    assert camp["precision"] == "approximate" and camp["via"] == PLACE + "palmyra"
    assert mapdata.placement(ps, PLACE + "nowhere") is None
    assert mapdata.placement(ps, PLACE + "syria")["area"].startswith("country-")


def test_a_place_containing_another_of_the_event_adds_nothing():
    ps = places()
    ev = {"iri": BASE + "id/event/x", "label": "X", "path": "/id/event/x", "start": "2024-11-20", "precision": "day",
          "places": [("location", PLACE + "homs-governorate"), ("location", PLACE + "palmyra")]}
    lost = {"iri": BASE + "id/event/y", "label": "Y", "path": "/id/event/y", "start": None, "precision": None,
            "places": [("location", PLACE + "nowhere")]}
    data = mapdata.event_features([ev, lost], ps, {})
    assert [f["properties"]["places"] for f in data["features"]] == [[PLACE + "palmyra"]]
    assert data["unplaced"] == [{"event": BASE + "id/event/y", "label": "Y", "path": "/id/event/y"}]


def test_the_basemap_holds_the_syrian_governorates_and_the_countries():
    index = mapdata.basemap_index()
    governorates = {name for (kind, _), (_, name) in index.items() if kind == "governorate"}
    assert len(governorates) == 14 and "Deir ez-Zor Governorate" in governorates
    assert index[("country", "united states")][1] == "United States of America"


M = BASE + "vocab/measure/"


def test_claims_read_as_sentences():
    labels = {BASE + "id/actor/sohr": "SOHR", BASE + "id/group/hezbollah": "Hezbollah militants",
              BASE + "vocab/hedge/reportedly": "reportedly"}
    claim = {"claimant": [BASE + "id/actor/sohr"], "measure": [M + "killed"], "figureText": ["more than 108"],
             "minValue": ["108"], "hedge": [BASE + "vocab/hedge/reportedly"], "claimDate": ["2024-11-21"]}
    where = sentences.Where("2024 Palmyra airstrike", "Airstrikes", "2024 Palmyra airstrike (Wikipedia)", "Wikipedia")
    assert sentences.sentence(claim, labels, where) == ("SOHR said more than 108 people were killed (reportedly), on "
                                                        "2024-11-21 — 2024 Palmyra airstrike, Airstrikes section, "
                                                        "2024 Palmyra airstrike (Wikipedia)")
    part = {"claimant": [BASE + "id/actor/sohr"], "measure": [M + "killed"], "bestValue": ["15"],
            "appliesTo": [BASE + "id/group/hezbollah"]}
    assert sentences.what_is_claimed(part, labels) == "15 Hezbollah militants were killed"
    denial = {"claimant": [BASE + "id/actor/sohr"], "measure": [M + "killed"], "bestValue": ["1"],
              "stance": [BASE + "vocab/stance/denies"]}
    assert sentences.sentence(denial, labels) == "SOHR denied that 1 person was killed"
    target = {"claimant": [BASE + "id/actor/sohr"], "measure": [M + "target"], "textValue": ["an ammunition depot"]}
    assert sentences.sentence(target, labels) == "SOHR said target: an ammunition depot"
