"""Content negotiation: which representation to send for an `Accept` header (RFC 9110 §12.5.1).

Each resource offers a list of (media type, format name) in the server's order of preference. The
chosen offer is the one with the highest quality the client gives it (by its most specific
matching range: `text/turtle` beats `text/*` beats `*/*`); ties go to the server's order. A
quality of 0 means "not acceptable": `text/html;q=0, */*` refuses HTML even though `*/*` would
take it. No `Accept` header means anything goes. None means nothing offered is acceptable: 406.
Every offer is a media type the response is really sent as.
"""

from __future__ import annotations

from dataclasses import dataclass

# SELECT and ASK results.
RESULTS = [
    ("application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
    ("application/json", "json"),
    ("application/xml", "xml"),
    ("text/xml", "xml"),
]
# CONSTRUCT and DESCRIBE results, and the RDF of a resource.
GRAPH = [
    ("text/turtle", "turtle"),
    ("application/n-triples", "ntriples"),
    ("application/ld+json", "jsonld"),
    ("application/turtle", "turtle"),
    ("application/x-turtle", "turtle"),
    ("application/json", "jsonld"),
    ("text/plain", "ntriples"),
]
# Pages are sent as text/html only: they are HTML, not XHTML. (application/xhtml+xml was offered
# as an alias, so that `text/html;q=0, */*`, which refuses HTML, got a page through `*/*`.)
HTML = [("text/html", "html")]
PAGE = HTML + GRAPH  # a resource: a page for people, RDF for programs

# `?format=` values, as `conflictkg query --format` spells them, plus the usual extensions.
FORMAT_NAMES = {
    "json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv",
    "turtle": "turtle", "ttl": "turtle", "ntriples": "ntriples", "nt": "ntriples",
    "jsonld": "jsonld", "json-ld": "jsonld", "html": "html",
}
MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "html": "text/html",
}


@dataclass(frozen=True)
class Range:
    type: str
    subtype: str
    q: float

    def matches(self, media: str) -> int:
        """How specifically this range matches `media`: 2 exact, 1 type/*, 0 */*, -1 not at all."""
        t, _, s = media.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 0
        if self.type == t and self.subtype == "*":
            return 1
        if self.type == t and self.subtype == s:
            return 2
        return -1


def parse_accept(header: str | None) -> list[Range]:
    ranges = []
    for part in (header or "").split(","):
        part = part.strip()
        if not part:
            continue
        media, *params = [p.strip() for p in part.split(";")]
        t, sep, s = media.lower().partition("/")
        if not sep or not t or not s:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value.strip())))
                except ValueError:
                    q = 0.0
        ranges.append(Range(t, s, q))
    return ranges


def negotiate(header: str | None, offers: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The (media type, format) to send, or None if the client accepts none of `offers`."""
    ranges = parse_accept(header)
    if not ranges:
        return offers[0]
    best, best_q = None, 0.0
    for media, fmt in offers:
        matching = [(r.matches(media), r.q) for r in ranges if r.matches(media) >= 0]
        if not matching:
            continue
        q = max(matching)[1]  # the most specific range decides
        if q > best_q:
            best, best_q = (media, fmt), q
    return best


def by_name(name: str, offers: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The offer a `?format=` value names, or None if it names no offer here."""
    fmt = FORMAT_NAMES.get(name.strip().lower())
    if fmt is None:
        return None
    for media, offered in offers:
        if offered == fmt:
            return MEDIA_TYPES.get(fmt, media), fmt
    return None


def content_type(media: str) -> str:
    """The Content-Type header: text formats and JSON say they are UTF-8."""
    if media.startswith("text/") or media.endswith("json") or media.endswith("+xml") or media.endswith("/xml"):
        return f"{media}; charset=utf-8"
    if media == "application/n-triples":
        return f"{media}; charset=utf-8"
    return media
