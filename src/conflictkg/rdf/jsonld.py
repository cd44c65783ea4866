"""The project's JSON-LD 1.1 context, an offline document loader, and a streaming framed writer.

The context is published as https://w3id.org/conflict-kg/context.jsonld but is always read from
the copy shipped in this package: nothing here fetches anything. Documents that reference the
context by its IRI are expanded with `document_loader` (pyld) or after `inline_context` (rdflib).

`write_jsonld` writes a graph compacted with the context and framed per event: each event is a
top-level node with its participations (`"participations"`) and the claims about it (`"claims"`,
the reverse of ckg:about) nested inside; every other node (actors, places, sources...) is a
top-level node that the events refer to by `"id"`. The writer works directly on N-Triples terms
and knows the context's term definitions, so it needs no JSON-LD processor and streams; the tests
expand its output with pyld and with rdflib and compare the triples with the source.
"""

from __future__ import annotations

import json
import json.encoder
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

from conflictkg.rdf.rdfwrite import unescape

CONTEXT_IRI = "https://w3id.org/conflict-kg/context.jsonld"
# The one local copy of the context; CONTEXT_IRI always resolves to it, never to the network.
CONTEXT_FILE = Path(__file__).resolve().parents[1] / "context" / "conflict-kg.jsonld"
CKG_NS = "https://w3id.org/conflict-kg/ontology#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
ABOUT = f"<{CKG_NS}about>"
HAS_PARTICIPATION = f"<{CKG_NS}hasParticipation>"
INTEGER_TYPES = {XSD + t for t in ("integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
                                   "negativeInteger", "long", "int", "short", "byte", "unsignedLong",
                                   "unsignedInt", "unsignedShort", "unsignedByte")}
_CANONICAL_INT = re.compile(r"^(0|-?[1-9][0-9]{0,15})$")  # small enough to be exact in every JSON reader
_SIMPLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_LITERAL = re.compile(r'^"(.*)"(?:@([A-Za-z0-9\-]+)|\^\^<([^>]*)>)?$', re.S)

Progress = Callable[[int], None]


# --------------------------------------------------------------------------------------------
# The context
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def context_text() -> str:
    return CONTEXT_FILE.read_text(encoding="utf-8")


def context_document() -> dict:
    """The context file, parsed: `{"@context": {...}}` (a fresh copy, safe to modify)."""
    return json.loads(context_text())


def context() -> dict:
    """The value of the context file's `@context` (a fresh copy)."""
    return context_document()["@context"]


class RemoteContextRefused(Exception):
    pass


def document_loader(url: str, options: dict | None = None) -> dict:
    """A pyld document loader that serves the project's context from the package and refuses
    everything else, so expanding a document never reaches the network."""
    if url.rstrip("#") == CONTEXT_IRI:
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
                "document": context_document()}
    # PyLD only for JSON-LD (0.15 s to load).
    from pyld.jsonld import JsonLdError

    raise JsonLdError(f"remote document {url} refused: conflict-kg loads no remote JSON-LD",
                      "jsonld.LoadDocumentError", code="loading remote context failed")


def inline_context(doc):
    """A copy of `doc` in which references to the project's context IRI are replaced by the
    context itself (for JSON-LD processors without a custom loader, such as rdflib's)."""
    if isinstance(doc, list):
        return [inline_context(x) for x in doc]
    if not isinstance(doc, dict):
        return doc
    out = {}
    for key, value in doc.items():
        if key == "@context":
            out[key] = _inline_ctx_value(value)
        else:
            out[key] = inline_context(value)
    return out


def _inline_ctx_value(value):
    if isinstance(value, str) and value.rstrip("#") == CONTEXT_IRI:
        return context()
    if isinstance(value, list):
        return [_inline_ctx_value(v) for v in value]
    if isinstance(value, dict):
        return {k: (inline_context(v) if isinstance(v, (dict, list)) and k != "@context" else
                    _inline_ctx_value(v) if k == "@context" else v) for k, v in value.items()}
    return value


def to_nquads(doc) -> str:
    """Expand `doc` to N-Quads with pyld, offline (the reference JSON-LD 1.1 processor)."""
    # PyLD only for JSON-LD (0.15 s to load).
    from pyld import jsonld

    return jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": document_loader,
                               "processingMode": "json-ld-1.1"})


@dataclass(frozen=True)
class Term:
    key: str
    coercion: object  # "@id", ("@vocab", base), ("@language", tag), datatype IRI, or None


@dataclass
class ContextIndex:
    """What the writer needs to know about the context: the key for each property, how its
    values are coerced, the prefixes, and the names a value must not shadow."""

    terms: dict[str, Term]  # property IRI -> preferred term
    prefixes: list[tuple[str, str]]  # (prefix, namespace), longest namespace first
    names: frozenset  # every term name
    vocab: str
    claims_key: str
    set_keys: frozenset  # keys whose values are always arrays (@container @set)

    @classmethod
    def build(cls, ctx: dict | None = None) -> "ContextIndex":
        ctx = ctx if ctx is not None else context()
        prefixes = {k: v for k, v in ctx.items() if isinstance(v, str) and not k.startswith("@") and v[-1:] in ("/", "#")}

        def expand(value: str) -> str:
            if ":" in value:
                p, _, local = value.partition(":")
                if p in prefixes:
                    return prefixes[p] + local
            return value

        terms: dict[str, Term] = {}
        claims_key = None
        set_keys = set()
        for key, value in ctx.items():
            if key.startswith("@") or key in prefixes or value in ("@id", "@type"):
                continue
            if isinstance(value, dict) and "@reverse" in value:
                if expand(value["@reverse"]) == CKG_NS + "about":
                    claims_key = key
                continue
            if isinstance(value, str):
                iri, coercion = expand(value), None
            else:
                iri = expand(value["@id"])
                t = value.get("@type")
                if "@language" in value:
                    coercion = ("@language", value["@language"])
                elif t == "@vocab":
                    coercion = ("@vocab", value.get("@context", {}).get("@vocab", ctx.get("@vocab")))
                elif t == "@id":
                    coercion = "@id"
                else:
                    coercion = expand(t) if t else None
            term = Term(key, coercion)
            old = terms.get(iri)
            # Several keys for one property (min / minValue): write the shortest.
            if old is None or (len(key), key) < (len(old.key), old.key):
                terms[iri] = term
            if isinstance(value, dict) and value.get("@container") == "@set":
                set_keys.add(key)
        names = frozenset(k for k in ctx if not k.startswith("@"))
        return cls(terms=terms, prefixes=sorted(((p, ns) for p, ns in prefixes.items()), key=lambda kv: -len(kv[1])),
                   names=names, vocab=ctx.get("@vocab", CKG_NS), claims_key=claims_key or "claims",
                   set_keys=frozenset(set_keys))


@lru_cache(maxsize=1)
def _default_index() -> ContextIndex:
    return ContextIndex.build()


# --------------------------------------------------------------------------------------------
# The framed writer
# --------------------------------------------------------------------------------------------


def _unescape(body: str) -> str:
    if "\\" not in body:
        return body

    return unescape(body)


def parse_literal(term: str) -> tuple[str, str | None, str]:
    """(value, language, datatype IRI) of an N-Triples literal."""
    m = _LITERAL.match(term)
    body, lang, dt = m.group(1), m.group(2), m.group(3)
    return _unescape(body), (lang or None), (dt or XSD_STRING) if not lang else XSD + "langString"


# The most IRIs the compactor and the Turtle writer remember the short form of: predicates and
# classes repeat, node IRIs mostly do not, and a cache of every IRI grows with the graph.
_CACHE_LIMIT = 10_000


class Compactor:
    def __init__(self, index: ContextIndex):
        self.ix = index
        self._ids: dict[str, str] = {}
        self._keys: dict[str, tuple[str, object]] = {}

    def compact_id(self, iri: str) -> str:
        """An IRI as a compact IRI with one of the context's prefixes, or as is."""
        hit = self._ids.get(iri)
        if hit is None:
            hit = iri
            for prefix, ns in self.ix.prefixes:
                if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("//"):
                    hit = f"{prefix}:{iri[len(ns):]}"
                    break
            if len(self._ids) >= _CACHE_LIMIT:
                self._ids.clear()  # bounded: a graph has more IRIs than memory should hold
            self._ids[iri] = hit
        return hit

    def compact_vocab(self, iri: str, base: str | None = None) -> str:
        """An IRI in a vocabulary position (a type, a concept value): relative to `base` (the
        @vocab in scope) when that reads back as the same IRI, else a compact IRI."""
        base = base if base is not None else self.ix.vocab
        if base and iri.startswith(base):
            local = iri[len(base):]
            if _SIMPLE.match(local) and local not in self.ix.names:
                return local
        return self.compact_id(iri)

    def key(self, pred: str) -> tuple[str, object]:
        """(key, coercion) for a predicate IRI."""
        hit = self._keys.get(pred)
        if hit is None:
            term = self.ix.terms.get(pred)
            if term is not None:
                hit = (term.key, term.coercion)
            else:
                local = pred[len(self.ix.vocab):] if pred.startswith(self.ix.vocab) else None
                if local is not None and _SIMPLE.match(local) and local not in self.ix.names:
                    hit = (local, None)
                else:
                    hit = (self.compact_id(pred), None)
            self._keys[pred] = hit
        return hit

    def value(self, term: str, coercion, nested: Callable[[str], dict] | None = None):
        """The compacted JSON value of one object term under a key with `coercion`."""
        c = term[0]
        if c == "<":
            iri = term[1:-1]
            if coercion == "@id":
                return self.compact_id(iri)
            if isinstance(coercion, tuple) and coercion[0] == "@vocab":
                return self.compact_vocab(iri, coercion[1])
            return {"id": self.compact_id(iri)}
        if c == "_":
            return nested(term) if nested is not None else {"id": term}
        value, lang, dt = parse_literal(term)
        if lang:
            if coercion == ("@language", lang):
                return value
            return {"@value": value, "@language": lang}
        if coercion == dt:
            if dt in INTEGER_TYPES and _CANONICAL_INT.match(value):
                return int(value)
            return value
        if coercion is None and dt == XSD_STRING:
            return value
        if dt == XSD_STRING:
            return {"@value": value}
        return {"@value": value, "@type": self.compact_id(dt)}


def _subject_key(term: str) -> tuple:
    return (0, term[1:-1]) if term[0] == "<" else (1, term)


def _value_key(v) -> str:
    return json.dumps(v, sort_keys=True, ensure_ascii=False)


def frame(triples, event_classes: set[str], index: ContextIndex | None = None, first: str | None = None):
    """Yield the framed top-level node objects of a graph (`rdfwrite.Grouped`): events
    first (each with its participations and claims nested), then every other node, each group
    sorted by IRI (`first`, an event `<IRI>`, comes first). `event_classes` are the classes
    (`<IRI>`) whose instances are events."""
    by_s: dict[str, list[tuple[str, str]]] = {}
    with_blank: list[str] = []
    for s, rests in triples.groups.items():
        pos = by_s[s] = []
        for r in rests:
            j = r.find(" ")
            pos.append((r[:j], r[j + 1:]))
        if s[0] == "_" or any(o[0] == "_" for _, o in pos):
            with_blank.append(s)

    ordered = triples.subjects  # already in IRI order
    events = [s for s in ordered if any(p == RDF_TYPE and o in event_classes for p, o in by_s[s])]
    if first in events:
        events.remove(first)
        events.insert(0, first)
    framer = Framer(by_s.get, index)
    framer.place(events, ((s, by_s[s]) for s in ordered),
                 blank=[(s, p, o) for s in with_blank for p, o in by_s[s]
                        if s[0] == "_" or o[0] == "_"])
    yield from framer.nodes(events, ((s, by_s[s]) for s in ordered))


class Framer:
    """Frames nodes one at a time from `lookup(subject) -> [(predicate, object)...]` (a dict in
    memory, or a query on disk for a graph too large for memory): `place` decides which event
    hosts each claim and participation and which blank nodes are written inline, `nodes` yields the
    top-level objects."""

    def __init__(self, lookup, index: ContextIndex | None = None):
        self.ix = index or _default_index()
        self.comp = Compactor(self.ix)
        self.lookup = lookup
        self.host: dict[str, str] = {}
        self.claims_of: dict[str, list[str]] = {}
        self.parts_of: dict[str, list[str]] = {}
        self.inline: set[str] = set()

    def place(self, events: list[str], subjects, *, blank) -> None:
        """`subjects`: (subject, [(p, o)...]) in IRI order; `blank`: every (s, p, o) with a blank node
        (in the subject or the object): all that deciding which blank nodes are inline needs."""
        event_set = set(events)
        host, claims_of, parts_of = self.host, self.claims_of, self.parts_of
        # Which event hosts each claim and participation: the first event (by IRI) it belongs to.
        for s, pos in subjects:
            if s in event_set:
                continue
            abouts = sorted((o for p, o in pos if p == ABOUT and o in event_set), key=_subject_key)
            if abouts:
                host[s] = abouts[0]
                claims_of.setdefault(abouts[0], []).append(s)
        for e in events:
            for p, o in sorted(self.lookup(e) or (), key=lambda po: _subject_key(po[1])):
                if p == HAS_PARTICIPATION and o not in event_set and o not in host and self.lookup(o):
                    host[o] = e
                    parts_of.setdefault(e, []).append(o)
        # Blank nodes used once are written where they are used, if what uses them is written.
        objects_of: dict[str, list[str]] = {}
        refs: dict[str, int] = {}
        triples = set(blank)
        for s, _, o in triples:
            if s[0] == "_":
                objects_of.setdefault(s, []).append(o)
            if o[0] == "_":
                refs[o] = refs.get(o, 0) + 1
        inline = {b for b, n in refs.items() if n == 1 and b in objects_of and b not in host
                  and b not in event_set}
        reachable: set[str] = set()
        stack = [o for s, _, o in triples if o in inline and s not in inline]
        while stack:
            b = stack.pop()
            if b in reachable:
                continue
            reachable.add(b)
            stack.extend(o for o in objects_of.get(b, ()) if o in inline and o not in reachable)
        self.inline = reachable

    def nodes(self, events: list[str], subjects):
        """The top-level objects: the events, then every other subject of `subjects` ((s, [(p, o)...])
        in IRI order) that no event hosts and that is not written inline."""
        event_set = set(events)
        for e in events:
            yield self.node(e)
        for s, pos in subjects:
            if s in event_set or s in self.host or s in self.inline:
                continue
            yield self.node(s, pos=pos)

    def node(self, s: str, parent: str | None = None, pos=None) -> dict:
        comp, ix, host, inline = self.comp, self.ix, self.host, self.inline
        obj: dict = {}
        if not (s in inline):
            obj["id"] = comp.compact_id(s[1:-1]) if s[0] == "<" else s
        props: dict[str, list] = {}
        types = []
        for p, o in (pos if pos is not None else self.lookup(s) or ()):
            if p == RDF_TYPE:
                types.append(comp.compact_vocab(o[1:-1]) if o[0] == "<" else o)
                continue
            if parent is not None and p == ABOUT and o == parent:
                continue  # implied by the nesting under the event's "claims"
            key, coercion = comp.key(p[1:-1])
            if p == HAS_PARTICIPATION and host.get(o) == s:
                continue  # written nested below
            if o in inline:
                val = self.node(o)
            else:
                val = comp.value(o, coercion)
            props.setdefault(key, []).append(val)
        if types:
            types.sort()
            obj["type"] = types[0] if len(types) == 1 else types
        for key in sorted(props, key=lambda k: (k != "label", k)):
            vals = props[key]
            if len(vals) > 1:
                vals.sort(key=_value_key)
            obj[key] = vals if key in ix.set_keys or len(vals) > 1 else vals[0]
        parts = self.parts_of.get(s)
        if parts:
            pkey = comp.key(HAS_PARTICIPATION[1:-1])[0]
            refs_elsewhere = obj.pop(pkey, [])  # participations written under another event
            obj[pkey] = [self.node(x) for x in parts] + refs_elsewhere
        claims = self.claims_of.get(s)
        if claims:
            obj[ix.claims_key] = [self.node(c, parent=s) for c in claims]
        return obj


def write_jsonld(triples, out, *, event_classes: set[str], progress: Progress = lambda n: None,
                 context_ref: bool = False, first: str | None = None) -> int:
    """Write the framed, compacted JSON-LD document to the binary stream `out`. The context is
    written inline (the document expands offline anywhere), or as its IRI with `context_ref`.
    Returns the number of top-level nodes."""
    return write_jsonld_objects(frame(triples, event_classes, first=first), out, total=len(triples),
                                progress=progress, context_ref=context_ref)


def write_jsonld_objects(objects, out, *, total: int, progress: Progress = lambda n: None,
                         context_ref: bool = False) -> int:
    """Write framed top-level objects (`frame`, `Framer.nodes`) as `write_jsonld` does, one at a
    time; `total` is the number of triples, for progress."""
    ctx_value = CONTEXT_IRI if context_ref else context()
    head = '{\n  "@context": ' + _indent(json.dumps(ctx_value, indent=2, ensure_ascii=False), "  ") + ',\n  "@graph": ['
    out.write(head.encode("utf-8"))
    n = 0
    done = 0
    for obj in objects:
        text = pretty_json(obj, "    ")
        out.write((("\n" if n == 0 else ",\n") + "    " + text).encode("utf-8"))
        n += 1
        done += _count(obj)
        if n % 1000 == 0:
            progress(min(done, total))
    out.write(("\n  ]\n}\n" if n else "]\n}\n").encode("utf-8"))
    progress(total)
    return n


def pretty_json(value, pad: str = "") -> str:
    """The same text as `json.dumps(value, indent=2, ensure_ascii=False)` with every line after
    the first indented by `pad`. json.dumps only has a C encoder without indentation; this one
    writes the structure in Python and every string with json's C escaper, 3x faster."""
    out: list[str] = []
    _pretty(value, pad, out)
    return "".join(out)


_ESCAPE = json.encoder.encode_basestring  # C-accelerated, non-ASCII kept (ensure_ascii=False)


def _pretty(value, pad: str, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(_ESCAPE(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = pad + "  "
        sep = "{\n"
        for k, v in value.items():
            out.append(sep + inner + _ESCAPE(k if isinstance(k, str) else json.dumps(k)) + ": ")
            _pretty(v, inner, out)
            sep = ",\n"
        out.append("\n" + pad + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = pad + "  "
        sep = "[\n"
        for v in value:
            out.append(sep + inner)
            _pretty(v, inner, out)
            sep = ",\n"
        out.append("\n" + pad + "]")
    else:
        out.append(json.dumps(value))  # numbers, true, false, null: as json writes them


def _indent(text: str, pad: str) -> str:
    return text.replace("\n", "\n" + pad)


def _count(obj) -> int:
    """Roughly the number of triples in a node object (for the progress indicator)."""
    if isinstance(obj, dict):
        return sum(_count(v) if isinstance(v, (dict, list)) else 1 for k, v in obj.items() if k != "id")
    if isinstance(obj, list):
        return sum(_count(v) if isinstance(v, (dict, list)) else 1 for v in obj)
    return 1
