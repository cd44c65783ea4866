"""A graph written as plain JSON with the readable keys of the project's JSON-LD context
(`"type": "Strike"`, `"startDate"`, `"location"`, `"participations": [...]`, `"claims": [...]`).

The keys are read from the context file itself, so what is written always expands back to the same
triples: templates in JSON-LD are made from the Turtle ones with this, never written twice by hand.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from conflictkg.model.namespaces import CKG

CONTEXT_URL = "https://w3id.org/conflict-kg/context.jsonld"
# Where several keys stand for one property, the one written.
PREFERRED = {str(CKG.hasParticipation): "participations", str(CKG.minValue): "min", str(CKG.bestValue): "best",
             str(CKG.maxValue): "max", str(CKG.claimDate): "claimDate"}


class _Context:
    def __init__(self, path: Path):
        ctx = json.loads(Path(path).read_text(encoding="utf-8"))["@context"]
        self.vocab = ctx.get("@vocab")
        self.prefixes = {k: v for k, v in ctx.items() if isinstance(v, str) and not k.startswith("@") and v.endswith(("/", "#"))}
        self.terms: dict[str, tuple[str, dict]] = {}  # property IRI -> (key, definition)
        self.reverse: dict[str, str] = {}  # property IRI -> key of its @reverse
        candidates = defaultdict(list)
        self.rank = {key: i for i, key in enumerate(ctx)}  # keys are written in the context's order
        for key, value in ctx.items():
            if key.startswith("@") or key in self.prefixes:
                continue
            definition = {"@id": value} if isinstance(value, str) else dict(value)
            if "@reverse" in definition:
                self.reverse[self.expand(definition["@reverse"])] = key
                continue
            iri = self.expand(definition.get("@id", ""))
            if iri and not iri.startswith("@"):
                candidates[iri].append((key, definition))
        for iri, options in candidates.items():
            chosen = next((o for o in options if o[0] == PREFERRED.get(iri)), None)
            chosen = chosen or next((o for o in options if o[0] == re.split(r"[#/]", iri)[-1]), options[0])
            self.terms[iri] = chosen

    def expand(self, value: str) -> str:
        if ":" in value and value.split(":", 1)[0] in self.prefixes:
            prefix, local = value.split(":", 1)
            return self.prefixes[prefix] + local
        return value

    def compact(self, iri: str) -> str:
        best = max(((p, ns) for p, ns in self.prefixes.items() if iri.startswith(ns)), key=lambda x: len(x[1]), default=None)
        return f"{best[0]}:{iri[len(best[1]):]}" if best else iri


def to_readable_jsonld(graph: Graph, context_file: Path, *, names: dict | None = None) -> dict:
    """`graph` as a JSON-LD document using the project's context by its published IRI. Blank nodes
    are written as temporary IDs ("_:name", from `names` or made from their type). Participations
    and claims about an event are nested in it. Raises ValueError for a property the context has no
    key for."""
    ctx = _Context(context_file)
    names = dict(names or {})
    counts: Counter = Counter()
    about_key = ctx.reverse.get(str(CKG.about))
    nested: dict = {}  # node -> the node it is written inside

    def node_id(node) -> str:
        if isinstance(node, URIRef):
            return ctx.compact(str(node))
        if node not in names:
            kind = graph.value(node, RDF.type)
            base = re.sub(r"(?<!^)(?=[A-Z])", "-", re.split(r"[#/]", str(kind))[-1]).lower() if kind else "node"
            counts[base] += 1
            names[node] = f"_:{base}-{counts[base]}"
        return names[node]

    # Participations referenced once go inside their event; claims about an event inside its "claims".
    refs = Counter(o for o in graph.objects() if isinstance(o, BNode))
    for event, part in graph.subject_objects(CKG.hasParticipation):
        if isinstance(part, BNode) and refs[part] == 1:
            nested[part] = event
    if about_key:
        for claim, event in graph.subject_objects(CKG.about):
            if (event, RDF.type, None) in graph and claim not in nested:
                nested[claim] = event

    def value(predicate: str, obj, definition: dict):
        kind = definition.get("@type")
        if isinstance(obj, (URIRef, BNode)):
            if kind == "@vocab":
                scoped = definition.get("@context", {}).get("@vocab", ctx.vocab or "")
                text = str(obj)
                return text[len(scoped):] if scoped and text.startswith(scoped) else ctx.compact(text)
            if isinstance(obj, BNode) and obj in nested and nested[obj] is not None and predicate == str(CKG.hasParticipation):
                return describe(obj)
            return node_id(obj)
        assert isinstance(obj, Literal)
        if obj.language:
            return {"@value": str(obj), "@language": obj.language}
        datatype = str(obj.datatype) if obj.datatype else None
        coerced = ctx.expand(kind) if isinstance(kind, str) and not kind.startswith("@") else None
        if datatype in (None, str(XSD.string)) and coerced is None:
            return str(obj)
        if coerced == datatype:
            return str(obj)
        return {"@value": str(obj), "@type": ctx.compact(datatype)} if datatype else str(obj)

    def describe(node) -> dict:
        out: dict = {"id": node_id(node)}
        types = sorted(graph.objects(node, RDF.type), key=str)
        if types:
            shown = [str(t)[len(ctx.vocab):] if ctx.vocab and str(t).startswith(ctx.vocab) else ctx.compact(str(t)) for t in types]
            out["type"] = shown[0] if len(shown) == 1 else shown
        by_predicate = defaultdict(list)
        for p, o in graph.predicate_objects(node):
            if p != RDF.type:
                by_predicate[str(p)].append(o)
        keyed = []
        for predicate in by_predicate:
            if predicate == str(CKG.about) and node in nested:
                continue  # written by nesting in the event's claims
            if predicate in ctx.terms:
                key, definition = ctx.terms[predicate]
            elif ctx.vocab and predicate.startswith(ctx.vocab):
                key, definition = predicate[len(ctx.vocab):], {}
            else:
                raise ValueError(f"the context has no key for <{predicate}>")
            keyed.append((predicate != str(CKG.draftNote), ctx.rank.get(key, len(ctx.rank)), key, predicate, definition))
        for _, _, key, predicate, definition in sorted(keyed):
            objs = sorted(by_predicate[predicate], key=lambda o: (str(o) if not isinstance(o, BNode) else node_id(o)))
            values = [value(predicate, o, definition) for o in objs]
            container = definition.get("@container")
            out[key] = values if (len(values) > 1 or container == "@set") else values[0]
        if about_key:
            claims = sorted((c for c, e in nested.items() if e == node and (c, CKG.about, node) in graph), key=node_id)
            if claims:
                out[about_key] = [describe(c) for c in claims]
        return out

    top = []
    subjects = sorted(set(graph.subjects()), key=lambda n: node_id(n))
    order = {"SourceDocument": 0, "DocumentSection": 1}
    for node in sorted(subjects, key=lambda n: (order.get(re.split(r"[#/]", str(graph.value(n, RDF.type)))[-1], 2), node_id(n))):
        if node in nested:
            continue
        top.append(describe(node))
    return {"@context": CONTEXT_URL, "@graph": top}
