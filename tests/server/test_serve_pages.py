"""The pages an analyst opens first, over real HTTP: the home page's search and filters (table and
map), the map's GeoJSON at each event's precision, an event's headline and its claims as CSV, a
claim's sentence. The browser side is in test_serve_browser.py."""

from __future__ import annotations

import csv
import io
import re

import httpx
import pytest

from servekit import start_server, stop_server

pytestmark = pytest.mark.server

EVENT = "https://w3id.org/conflict-kg/id/event/"
PALMYRA = EVENT + "2024-palmyra-airstrike"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    s = start_server(tmp_path_factory.mktemp("serve-pages"), "--timeout", "20", "--refresh", "0")
    yield s
    stop_server(s)


def events(served, **params) -> list[str]:
    r = httpx.get(served.url + "/", params=params, timeout=60)
    assert r.status_code == 200, r.text
    return re.findall(r'<tr data-event="([^"]+)"', r.text)


def test_no_filter_lists_every_event(served):
    assert len(events(served)) == 18


def test_search_matches_labels_and_aliases(served):
    assert events(served, q="PALMYRA airstrike") == [PALMYRA]
    # "al-Mayadin" is an alias (skos:altLabel) of the place Mayadin, where the January 2021 strikes were.
    assert events(served, q="al-Mayadin") == [EVENT + "2021-01-syria-missile-strikes"]
    assert events(served, q="al-mayadin january") == [EVENT + "2021-01-syria-missile-strikes"]
    assert events(served, q="al-mayadin palmyra") == []  # every word must match
    # An actor's name finds the events it took part in.
    assert PALMYRA in events(served, q="israeli air force")


def test_date_range_type_place_actor_and_contested(served):
    in_2021 = events(served, **{"from": "2021-01-01", "to": "2021-12-31"})
    assert sorted(in_2021) == [EVENT + "2021-01-22-hama-airstrike", EVENT + "2021-01-syria-missile-strikes"]
    assert all(e in events(served, type="airstrike") for e in in_2021)
    # Containment: the governorate holds Palmyra (through eastern Homs Governorate).
    homs = events(served, place="homs-governorate")
    assert PALMYRA in homs and EVENT + "2021-01-syria-missile-strikes" not in homs
    assert events(served, actor="israeli-air-force", role="perpetrator") == [PALMYRA, EVENT + "2021-01-syria-missile-strikes"]
    assert events(served, actor="israeli-air-force", role="target") == []
    assert sorted(events(served, contested="1")) == [EVENT + "2021-01-syria-missile-strikes", PALMYRA]
    assert events(served, contested="1", place="homs-governorate", q="palmyra") == [PALMYRA]


@pytest.mark.parametrize("params,message", [
    ({"from": "2024-13-01"}, "from=2024-13-01: write the date as YYYY-MM-DD"),
    ({"from": "2025-01-01", "to": "2024-01-01"}, "is after"),
    ({"place": "atlantis"}, "place=atlantis: no event of this graph has this place"),
    ({"type": "../x"}, "type=../x"),
    ({"q": "x" * 201}, "longer than 200"),
])
def test_a_bad_filter_is_400_with_one_line(served, params, message):
    r = httpx.get(served.url + "/", params=params, headers={"Accept": "text/plain"})
    assert r.status_code == 400 and message in r.text and "Traceback" not in r.text
    r = httpx.get(served.url + "/api/map", params=params)
    assert r.status_code == 400 and message in r.json()["error"]


def test_the_casualty_column_compares_like_with_like(served):
    r = httpx.get(served.url + "/", params={"q": "palmyra airstrike"})
    cell = re.search(r'<td class="casualties">(.*?)</td>', r.text, re.S).group(1)
    text = re.sub(r"<[^>]+>", "", cell)
    assert "Killed: 36–108+ · 3 claimants · contested" in text
    assert "Injured: 50+ · 2 claimants" in text


def test_the_filters_are_in_the_pager_and_the_map_source(served):
    r = httpx.get(served.url + "/", params={"q": "syria", "contested": "1"})
    assert 'data-source="/api/map?q=syria&amp;contested=1"' in r.text


def features(served, **params) -> dict:
    r = httpx.get(served.url + "/api/map", params=params, timeout=60)
    assert r.status_code == 200, r.text
    return r.json()


def test_the_map_draws_each_event_at_its_precision(served):
    data = features(served)
    by_event: dict[str, list[dict]] = {}
    for f in data["features"]:
        by_event.setdefault(f["properties"]["event"], []).append(f)
    # Palmyra has a settlement's reference point: a marked centroid, not an exact point.
    (palmyra,) = by_event[PALMYRA]
    assert palmyra["geometry"] == {"type": "Point", "coordinates": [38.28, 34.56]}
    assert palmyra["properties"]["precision"] == "approximate"
    # An offensive placed in a region of Syria is drawn as the country's outline, and says so.
    (deir,) = by_event[EVENT + "2024-northwestern-syria-offensive"]
    assert deir["geometry"] is None and deir["properties"]["precision"] == "area"
    assert deir["properties"]["areaName"] == "Syria" and deir["properties"]["placeLabel"] == "northwestern Syria"
    # Three districts of Deir ez-Zor Governorate: one governorate outline naming them all; the
    # governorate itself adds nothing beside the towns and districts inside it.
    strikes = by_event[EVENT + "2021-01-syria-missile-strikes"]
    areas = [f for f in strikes if f["properties"]["precision"] == "area"]
    assert [a["properties"]["areaName"] for a in areas] == ["Deir ez-Zor Governorate"]
    assert sorted(areas[0]["properties"]["placeLabel"].split(", ")) == ["Abu Kamal District", "Deir ez-Zor District",
                                                                         "Mayadin District"]
    assert len([f for f in strikes if f["geometry"]]) == 3  # Abu Kamal, Deir ez-Zor, Mayadin
    # Events with no located place are listed, not drawn.
    assert {u["event"] for u in data["unplaced"]} >= {EVENT + "gaza-war"}


def test_the_map_follows_the_filters(served):
    everything = {f["properties"]["event"] for f in features(served)["features"]}
    airstrikes = {f["properties"]["event"] for f in features(served, type="airstrike")["features"]}
    assert airstrikes and airstrikes < everything
    assert set(events(served, type="airstrike")) >= airstrikes
    one = features(served, event="2024-palmyra-airstrike")
    assert {f["properties"]["event"] for f in one["features"]} == {PALMYRA}
    assert httpx.get(served.url + "/api/map", params={"event": "no-such-event"}).status_code == 404


def test_the_event_page_headline_and_date(served):
    r = httpx.get(served.url + "/id/event/2024-palmyra-airstrike")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", r.text))
    assert "Killed: 36–108+ · 3 claimants · contested" in text
    assert "2024-11-20 (known to the day)" in text
    assert "POINT(" not in r.text  # coordinates are written for people: 34.56° N, 38.28° E
    assert "34.56° N, 38.28° E" in text
    # Links say which claim or total they point to.
    assert "part of the total Syrian Observatory for Human Rights: at least 108 people were killed" in text
    assert ">a total<" not in r.text and ">another claim<" not in r.text
    strikes = httpx.get(served.url + "/id/event/2021-01-syria-missile-strikes").text
    assert ">claim</a>" not in strikes and "evidence: <a href=\"/id/claim/2021-01-syria-missile-strikes-us-officials-intelligence\">US officials:" in strikes


def test_the_claims_csv_of_an_event(served):
    page = httpx.get(served.url + "/id/event/2024-palmyra-airstrike").text
    href = re.search(r'id="claims-csv" href="([^"]+)"', page).group(1)
    r = httpx.get(served.url + href)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == page.count("<tr data-claim=")
    sohr = [row for row in rows if row["claim_id"] == "2024-palmyra-airstrike-sohr-killed-lead"][0]
    assert sohr["claimant"] == "Syrian Observatory for Human Rights" and sohr["min"] == "108"
    assert sohr["sentence"].startswith("Syrian Observatory for Human Rights said at least 108 people were killed")
    assert sohr["population"] == "all" and sohr["source_section"] == "Lead"
    part = [row for row in rows if row["breakdown_of"] == "2024-palmyra-airstrike-sohr-killed-lead"]
    assert {row["population"] for row in part} >= {"Hezbollah militants"}
    assert httpx.get(served.url + "/events/no-such-event/claims.csv").status_code == 404


def test_the_claim_page_opens_with_one_sentence(served):
    r = httpx.get(served.url + "/id/claim/2024-palmyra-airstrike-sohr-killed-lead")
    title = re.search(r"<h1>(.*?)</h1>", r.text).group(1)
    assert title == "Syrian Observatory for Human Rights: at least 108 people were killed"
    sentence = re.sub(r"\s+", " ", re.search(r'<p class="sentence" id="claim-sentence">(.*?)</p>', r.text, re.S).group(1))
    assert sentence == ("Syrian Observatory for Human Rights said at least 108 people were killed — "
                        "2024 Palmyra airstrike, Lead section, 2024 Palmyra airstrike (Wikipedia)")
    assert "Its part: " in r.text and "15 Hezbollah militants were killed" in r.text
