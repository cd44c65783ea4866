"""Where the maps draw each event, at the precision its place is known.

An event is drawn at each place it is at (ckg:location) or near (ckg:nearLocation):

- **exact**: the place has a point and `ckg:geoPrecision geo-precision:exact`: a solid point;
- **approximate**: the place has a point but only as a settlement's (or a region's) reference
  point (`settlement`, `region`, or no precision said): a hollow, dashed ring, never a precise-looking
  point; so is a point found on an enclosing place when no outline is;
- **area**: the place has no point, and it, or the nearest place that contains it (ckg:locatedIn),
  is a country or a governorate the basemap holds: that area's outline. "eastern Homs
  Governorate" is drawn as Homs Governorate, and says so;
- otherwise the event is listed as not on the map.

A place that contains another place of the same event adds nothing and is left out (an event at
Palmyra in Homs Governorate is drawn at Palmyra). The basemap (static/vendor/basemap, from the npm
registry: Natural Earth countries and Syrian governorates) is matched to the graph's places by
name: the place's label or aliases against the feature's names, a country only to a country and a
governorate to a governorate.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from conflictkg.model.namespaces import BASE
from conflictkg.publish.tables import parse_point
from conflictkg.server.state import package_dir

BASEMAP = Path("static") / "vendor" / "basemap" / "basemap.geojson"
GEO_PRECISION = BASE + "vocab/geo-precision/"
PLACE_TYPE = BASE + "vocab/place-type/"
AREA_KINDS = {"country": "country", "governorate": "governorate", "province": "governorate"}

# Every place with what the map needs: names, type, point and precision, and what contains it.
PLACES = """SELECT ?place ?name ?type ?wkt ?precision ?in WHERE {
  ?place a ckg:Place .
  { ?place rdfs:label|skos:altLabel ?name } UNION { ?place ckg:placeType ?type }
  UNION { ?place geo:hasGeometry/geo:asWKT ?wkt } UNION { ?place ckg:geoPrecision ?precision }
  UNION { ?place ckg:locatedIn ?in }
}"""


def _key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join("".join(c if c.isalnum() else " " for c in folded).split())


@lru_cache(maxsize=1)
def basemap_index() -> dict[tuple[str, str], tuple[str, str]]:
    """(kind, name key) -> (feature id, feature name), from the vendored basemap."""
    path = package_dir() / BASEMAP
    index: dict[tuple[str, str], tuple[str, str]] = {}
    for f in json.loads(path.read_text(encoding="utf-8"))["features"]:
        props = f["properties"]
        for name in props.get("names") or [props["name"]]:
            index.setdefault((props["kind"], _key(name)), (f["id"], props["name"]))
    return index


@dataclass
class Place:
    iri: str
    names: list[str] = field(default_factory=list)
    type: str | None = None  # the place-type concept's local name
    point: tuple[float, float] | None = None  # (lon, lat)
    precision: str | None = None  # exact, settlement, region
    within: list[str] = field(default_factory=list)


def read_places(rows) -> dict[str, Place]:
    places: dict[str, Place] = {}
    for row in rows:
        p = places.setdefault(row["place"].value, Place(row["place"].value))
        if "name" in row and row["name"].value not in p.names:
            p.names.append(row["name"].value)
        if "type" in row:
            p.type = row["type"].value.rsplit("/", 1)[-1]
        if "wkt" in row and p.point is None:
            p.point = parse_point(row["wkt"].value)
        if "precision" in row:
            p.precision = row["precision"].value.rsplit("/", 1)[-1]
        if "in" in row and row["in"].value not in p.within:
            p.within.append(row["in"].value)
    for p in places.values():
        p.within.sort()
    return places


def area_of(place: Place) -> tuple[str, str] | None:
    """The basemap feature (id, name) that is this place, if it is a country or governorate the
    basemap holds (a place of no type is matched to either)."""
    index = basemap_index()
    kinds = [AREA_KINDS[place.type]] if place.type in AREA_KINDS else (["country", "governorate"] if place.type is None else [])
    for kind in kinds:
        for name in place.names:
            hit = index.get((kind, _key(name)))
            if hit:
                return hit
    return None


def ancestors(places: dict[str, Place], iri: str) -> list[str]:
    """The places that contain this one, nearest first (breadth first)."""
    out, queue, seen = [], [iri], {iri}
    while queue:
        current = queue.pop(0)
        for parent in places.get(current, Place(current)).within:
            if parent not in seen:
                seen.add(parent)
                out.append(parent)
                queue.append(parent)
    return out


def placement(places: dict[str, Place], iri: str) -> dict | None:
    """How a place is drawn: {precision: exact|approximate|area, point or area, via: the place drawn}."""
    place = places.get(iri)
    if place is None:
        return None
    if place.point is not None:
        exact = place.precision == "exact"
        return {"precision": "exact" if exact else "approximate", "point": list(place.point), "via": iri,
                "basis": "exact location" if exact else f"reference point of the {place.precision or 'place'}"}
    for candidate in [iri] + ancestors(places, iri):
        p = places.get(candidate)
        if p is None:
            continue
        area = area_of(p)
        if area is not None:
            return {"precision": "area", "area": area[0], "areaName": area[1], "via": candidate,
                    "basis": "the area is known" if candidate == iri else f"only the {p.type or 'area'} that contains it is drawn"}
        if candidate != iri and p.point is not None:
            return {"precision": "approximate", "point": list(p.point), "via": candidate,
                    "basis": f"reference point of {p.names[0] if p.names else 'an enclosing place'}, which contains it"}
    return None


def event_features(events: list[dict], places: dict[str, Place], labels: dict[str, str]) -> dict:
    """The map's data for these events ({iri, label, start, precision, places: [(relation, place)]}):
    one feature per placement, and the events that could not be placed."""
    features, unplaced = [], []
    for ev in events:
        at = [(rel, p) for rel, p in ev["places"]]
        covered = set()
        for _, p in at:
            covered.update(ancestors(places, p))
        drawn: dict[tuple, dict] = {}  # one feature per point or area drawn for the event
        for rel, p in at:
            if p in covered:
                continue  # a place containing another place of the event adds nothing
            where = placement(places, p)
            if where is None:
                continue
            via = where.pop("via")
            place_label = labels.get(p) or (places[p].names[0] if places[p].names else p)
            target = (where["precision"], tuple(where.get("point") or ()), where.get("area"))
            if target in drawn:  # three districts of one governorate: one outline, naming them all
                props = drawn[target]["properties"]
                props["places"].append(p)
                props["placeLabel"] += ", " + place_label
                continue
            drawn[target] = {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": where["point"]} if "point" in where else None,
                "properties": {
                    "event": ev["iri"], "label": ev["label"], "path": ev["path"], "date": ev["start"],
                    "datePrecision": ev["precision"], "relation": rel, "places": [p], "placeLabel": place_label,
                    "drawnAs": labels.get(via) or (places[via].names[0] if places[via].names else via),
                    **{k: v for k, v in where.items() if k != "point"},
                },
            }
        features.extend(drawn.values())
        if not drawn:
            unplaced.append({"event": ev["iri"], "label": ev["label"], "path": ev["path"]})
    return {"type": "FeatureCollection", "features": features, "unplaced": unplaced}
