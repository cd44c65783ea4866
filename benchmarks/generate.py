"""Generate a synthetic conflict-kg graph of a given size, as N-Triples, for benchmarks.

The graph follows the project's data model (events with participations, sourced casualty claims
with revisions and disputes, actors in unit hierarchies, places in administrative areas with
coordinates, source documents and sections) so that export and reasoning do realistic work.
The output is deterministic for a given size and seed.

    python benchmarks/generate.py 1000000 -o /tmp/synthetic.nt
"""

from __future__ import annotations

import argparse
import random
import sys

B = "https://w3id.org/conflict-kg/"
CKG = B + "ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
GEO = "http://www.opengis.net/ont/geosparql#"

EVENT_CLASSES = [("Strike", "airstrike"), ("Strike", "missile-strike"), ("Offensive", "offensive")]
ROLES = ["perpetrator", "target", "supporter", "combatant", "commander"]
ACTOR_CLASSES = ["State", "ArmedForce", "ArmedGroup", "Unit", "Monitor", "MediaOutlet", "Person", "GovernmentBody"]
MEASURES = ["killed", "killed", "injured", "strikes"]
QUALIFIERS = ["exact", "at-least", "more-than", "approximately", "range"]
STANCES = ["asserts", "asserts", "asserts", "confirms", "denies"]


def iri(kind: str, slug: str) -> str:
    return f"<{B}id/{kind}/{slug}>"


def c(local: str) -> str:
    return f"<{CKG}{local}>"


def v(scheme: str, slug: str) -> str:
    return f"<{B}vocab/{scheme}/{slug}>"


def lit(text: str, datatype: str | None = None) -> str:
    esc = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{esc}"' + (f"^^<{XSD}{datatype}>" if datatype else "")


def generate(target: int, seed: int = 1):
    """Yield N-Triples lines until about `target` triples have been produced."""
    rng = random.Random(seed)
    n_actors = max(20, target // 1000)
    n_places = max(20, target // 500)
    n_docs = max(5, target // 2000)
    count = 0

    def t(s, p, o):
        nonlocal count
        count += 1
        return f"{s} {p} {o} .\n"

    yield t(iri("event", "war-0"), f"<{RDF_TYPE}>", c("Conflict"))
    yield t(iri("event", "war-0"), f"<{LABEL}>", lit("Synthetic war"))
    for a in range(n_actors):
        s = iri("actor", f"a{a}")
        yield t(s, f"<{RDF_TYPE}>", c(ACTOR_CLASSES[a % len(ACTOR_CLASSES)]))
        yield t(s, f"<{LABEL}>", lit(f"Actor {a}"))
        if a >= 10:
            yield t(s, c("subUnitOf"), iri("actor", f"a{rng.randrange(a // 2, a)}"))
    for p in range(n_places):
        s = iri("place", f"p{p}")
        yield t(s, f"<{RDF_TYPE}>", c("Place"))
        yield t(s, f"<{LABEL}>", lit(f"Place {p}"))
        if p < 5:
            yield t(s, c("placeType"), v("place-type", "governorate"))
        else:
            yield t(s, c("placeType"), v("place-type", "city"))
            yield t(s, c("locatedIn"), iri("place", f"p{p % 5}"))
            g = iri("geometry", f"p{p}")
            yield t(s, f"<{GEO}hasGeometry>", g)
            lon, lat = 36 + rng.random() * 6, 32 + rng.random() * 5
            yield t(g, f"<{GEO}asWKT>", f'"POINT({lon:.4f} {lat:.4f})"^^<{GEO}wktLiteral>')
            yield t(s, c("geoPrecision"), v("geo-precision", "settlement"))
    for d in range(n_docs):
        doc = iri("source", f"doc{d}")
        yield t(doc, f"<{RDF_TYPE}>", c("SourceDocument"))
        yield t(doc, c("url"), lit(f"https://example.org/doc{d}", "anyURI"))
        for sec in range(3):
            s = iri("source", f"doc{d}-s{sec}")
            yield t(s, f"<{RDF_TYPE}>", c("DocumentSection"))
            yield t(s, f"<{LABEL}>", lit(f"Document {d}, section {sec}"))
            yield t(s, c("sectionOf"), doc)
    e = 0
    while count < target:
        slug = f"e{e}"
        s = iri("event", slug)
        cls, etype = EVENT_CLASSES[e % len(EVENT_CLASSES)]
        src = iri("source", f"doc{rng.randrange(n_docs)}-s{rng.randrange(3)}")
        day = 1 + e % 28
        yield t(s, f"<{RDF_TYPE}>", c(cls))
        yield t(s, f"<{LABEL}>", lit(f"Event {e} \"synthetic\""))
        yield t(s, c("eventType"), v("event-type", etype))
        yield t(s, c("startDate"), lit(f"20{10 + e % 15}-{1 + e % 12:02d}-{day:02d}", "date"))
        yield t(s, c("datePrecision"), v("precision", "day"))
        yield t(s, c("location"), iri("place", f"p{5 + rng.randrange(n_places - 5)}"))
        yield t(s, c("partOf"), iri("event", "war-0") if e % 50 == 0 else iri("event", f"e{e - e % 50}"))
        yield t(s, c("source"), src)
        if e:
            yield t(s, c("followedBy" if e % 2 else "relatedEvent"), iri("event", f"e{e - 1}"))
        for r in range(3):
            part = iri("participation", f"{slug}-{r}")
            yield t(s, c("hasParticipation"), part)
            yield t(part, f"<{RDF_TYPE}>", c("Participation"))
            yield t(part, c("agent"), iri("actor", f"a{rng.randrange(n_actors)}"))
            yield t(part, c("role"), v("role", ROLES[r]))
            yield t(part, c("side"), lit(str(1 + r % 2), "positiveInteger"))
            yield t(part, c("source"), src)
        prev = None
        for k in range(3):
            cl = iri("claim", f"{slug}-{k}")
            m = MEASURES[rng.randrange(len(MEASURES))]
            q = QUALIFIERS[rng.randrange(len(QUALIFIERS))]
            lo = rng.randrange(0, 200)
            yield t(cl, f"<{RDF_TYPE}>", c("Claim"))
            yield t(cl, c("about"), s)
            yield t(cl, c("claimant"), iri("actor", f"a{rng.randrange(n_actors)}"))
            yield t(cl, c("source"), src)
            yield t(cl, c("measure"), v("measure", m))
            yield t(cl, c("qualifier"), v("figure-qualifier", q))
            yield t(cl, c("minValue"), lit(str(lo), "nonNegativeInteger"))
            if q == "range":
                yield t(cl, c("maxValue"), lit(str(lo + rng.randrange(1, 50)), "nonNegativeInteger"))
            elif q in ("exact", "approximately"):
                yield t(cl, c("bestValue"), lit(str(lo), "nonNegativeInteger"))
            yield t(cl, c("stance"), v("stance", STANCES[rng.randrange(len(STANCES))]))
            yield t(cl, c("claimDate"), lit(f"20{10 + e % 15}-{1 + e % 12:02d}-{day:02d}", "date"))
            yield t(cl, c("quote"), lit(f"Claim {k} about event {e}: {lo} people.\nSecond line."))
            if prev is not None and k == 2:
                yield t(cl, c("revises"), prev)
            prev = cl
        e += 1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("triples", type=int)
    ap.add_argument("-o", "--output", default="-")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    with out:
        out.writelines(generate(args.triples, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
