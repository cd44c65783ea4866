"""OWL RL entailments of the ontology plus data, materialised into a separate graph.

`entailments(graph)` returns only the triples that OWL RL adds to `graph` and that say something
(see `is_trivial` for what is left out). The curated files are never modified: callers write the
result elsewhere (`conflictkg reason -o FILE`, `conflictkg export --reason`, `conflictkg query --reason`).

How: a set-at-a-time forward chainer implements the OWL 2 RL rules that can fire on this project's
ontology: class and property hierarchies (cax-sco, cax-eqc, prp-spo1, prp-eqp), domains and ranges
(prp-dom, prp-rng), transitive, symmetric and inverse properties (prp-trp, prp-symp, prp-inv),
property chains (prp-spo2), owl:sameAs (eq-sym, eq-trans, eq-rep-s/p/o) and the matching schema
rules (scm-sco, scm-spo, scm-eqc2, scm-eqp2, scm-dom1/2, scm-rng1/2). It is two to three orders of
magnitude faster than owlrl (docs/reasoning.md has the measurements). An ontology that uses an OWL RL
construct outside that list (restrictions, functional properties, keys...) is handed to owlrl
instead, so the answer stays right when it cannot be fast. The rules that only detect
inconsistencies (disjointness, owl:Nothing...) derive no triples; `inconsistencies()` asks owlrl.

The engine works on any hashable RDF terms: rdflib's for `entailments()`, or plain N-Triples
strings for `ntriples_entailments()`, which the export and `conflictkg reason` use because it
avoids building a million rdflib terms.
"""

from __future__ import annotations

import logging
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Callable, Iterable

from rdflib import Graph, Literal, URIRef

log = logging.getLogger(__name__)

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
OWL_NS = "http://www.w3.org/2002/07/owl#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
BUILTIN_NAMESPACES = (RDF_NS, RDFS_NS, OWL_NS, XSD_NS)

# OWL RL constructs that derive triples and that the fast rules do not implement. Their presence in
# the schema sends the graph to owlrl.
UNSUPPORTED_PREDICATES = (
    "someValuesFrom", "allValuesFrom", "hasValue", "intersectionOf", "unionOf", "oneOf",
    "hasKey", "maxCardinality", "maxQualifiedCardinality", "onProperty",
)
UNSUPPORTED_TYPES = ("FunctionalProperty", "InverseFunctionalProperty")


class UnsupportedOntology(Exception):
    """The schema uses an OWL RL construct the fast rules do not cover."""


@dataclass(frozen=True)
class Vocab:
    """The RDF, RDFS and OWL terms the rules look for, in the caller's term type."""

    type: object
    subClassOf: object
    subPropertyOf: object
    equivalentClass: object
    equivalentProperty: object
    domain: object
    range: object
    inverseOf: object
    TransitiveProperty: object
    SymmetricProperty: object
    propertyChainAxiom: object
    sameAs: object
    first: object
    rest: object
    nil: object
    Thing: object
    Nothing: object
    unsupported_predicates: frozenset
    unsupported_types: frozenset

    @classmethod
    def make(cls, iri: Callable[[str], object]) -> "Vocab":
        rdf = lambda n: iri(RDF_NS + n)  # noqa: E731
        rdfs = lambda n: iri(RDFS_NS + n)  # noqa: E731
        owl = lambda n: iri(OWL_NS + n)  # noqa: E731
        return cls(
            type=rdf("type"), subClassOf=rdfs("subClassOf"), subPropertyOf=rdfs("subPropertyOf"),
            equivalentClass=owl("equivalentClass"), equivalentProperty=owl("equivalentProperty"),
            domain=rdfs("domain"), range=rdfs("range"), inverseOf=owl("inverseOf"),
            TransitiveProperty=owl("TransitiveProperty"), SymmetricProperty=owl("SymmetricProperty"),
            propertyChainAxiom=owl("propertyChainAxiom"), sameAs=owl("sameAs"),
            first=rdf("first"), rest=rdf("rest"), nil=rdf("nil"), Thing=owl("Thing"), Nothing=owl("Nothing"),
            unsupported_predicates=frozenset(owl(n) for n in UNSUPPORTED_PREDICATES),
            unsupported_types=frozenset(owl(n) for n in UNSUPPORTED_TYPES),
        )


RDFLIB_VOCAB = Vocab.make(URIRef)


def _closure_of(direct: dict) -> dict:
    """Transitive closure of a relation given as node -> set of nodes, without reflexive pairs."""
    out = {}
    for start in direct:
        seen: set = set()
        stack = list(direct[start])
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            stack.extend(direct.get(node, ()))
        seen.discard(start)
        out[start] = seen
    return out


def _read_list(head, first: dict, rest: dict, nil) -> list | None:
    items = []
    seen = set()
    while head != nil:
        if head in seen or head not in first or head not in rest:
            return None  # malformed list: ignore the axiom, as owlrl does
        seen.add(head)
        items.append(first[head])
        head = rest[head]
    return items


def materialise(triples: Iterable[tuple], vocab: Vocab, is_literal: Callable[[object], bool]) -> set:
    """The OWL RL closure of `triples` under the fast rules: input plus every derived triple.

    Raises UnsupportedOntology when the schema needs rules that are not implemented here.
    """
    V = vocab
    known: set = set(triples)

    # ---- the schema (TBox), read once -----------------------------------------------------
    sub_class: dict = defaultdict(set)
    sub_prop: dict = defaultdict(set)
    domains: dict = defaultdict(set)
    ranges: dict = defaultdict(set)
    inverse: dict = defaultdict(set)
    transitive: set = set()
    symmetric: set = set()
    chain_heads: list = []
    first: dict = {}
    rest: dict = {}
    same_as_used = False
    for s, p, o in known:
        if p == V.type:
            if o == V.TransitiveProperty:
                transitive.add(s)
            elif o == V.SymmetricProperty:
                symmetric.add(s)
            elif o in V.unsupported_types:
                raise UnsupportedOntology(f"{s} is declared {o}")
        elif p == V.subClassOf:
            sub_class[s].add(o)
        elif p == V.equivalentClass:
            sub_class[s].add(o)
            sub_class[o].add(s)
        elif p == V.subPropertyOf:
            sub_prop[s].add(o)
        elif p == V.equivalentProperty:
            sub_prop[s].add(o)
            sub_prop[o].add(s)
        elif p == V.domain:
            domains[s].add(o)
        elif p == V.range:
            ranges[s].add(o)
        elif p == V.inverseOf:
            inverse[s].add(o)
            inverse[o].add(s)
        elif p == V.propertyChainAxiom:
            chain_heads.append((s, o))
        elif p == V.first:
            first[s] = o
        elif p == V.rest:
            rest[s] = o
        elif p == V.sameAs and s != o:
            same_as_used = True
        elif p in V.unsupported_predicates:
            raise UnsupportedOntology(f"the schema uses {p}")

    supers = _closure_of(sub_class)  # class -> all strict superclasses
    super_props = _closure_of(sub_prop)

    # prp-spo2: chain (P1 ... Pn) implies P
    chains: list[tuple[object, tuple]] = []
    for prop, head in chain_heads:
        items = _read_list(head, first, rest, V.nil)
        if items and len(items) >= 2:
            chains.append((prop, tuple(items)))
        elif items and len(items) == 1:
            super_props.setdefault(items[0], set()).add(prop)  # a chain of one is a sub-property
    chain_positions: dict = defaultdict(list)  # property -> [(chain index, position)]
    for ci, (_, items) in enumerate(chains):
        for pos, item in enumerate(items):
            chain_positions[item].append((ci, pos))

    derived_schema: list = []
    # scm-sco / scm-eqc2 and scm-spo / scm-eqp2
    for c, ds in supers.items():
        for d in ds:
            derived_schema.append((c, V.subClassOf, d))
            if c in supers.get(d, ()):
                derived_schema.append((c, V.equivalentClass, d))
    for p, qs in super_props.items():
        for q in qs:
            derived_schema.append((p, V.subPropertyOf, q))
            if p in super_props.get(q, ()):
                derived_schema.append((p, V.equivalentProperty, q))
    # scm-dom1/2, scm-rng1/2: a property's domain is every superclass of the domain of it or of
    # any of its super-properties.
    all_props = set(domains) | set(ranges) | set(super_props)
    for p in all_props:
        for table, pred in ((domains, V.domain), (ranges, V.range)):
            classes = set()
            for q in (p, *super_props.get(p, ())):
                for c in table.get(q, ()):
                    classes.add(c)
                    classes.update(supers.get(c, ()))
            for c in classes:
                derived_schema.append((p, pred, c))

    # Only keep what the instance rules need, per predicate, so most triples are checked cheaply.
    spo = {p: tuple(qs) for p, qs in super_props.items() if qs}
    dom = {p: tuple(cs) for p, cs in domains.items()}
    rng = {p: tuple(cs) for p, cs in ranges.items()}
    sup = {c: tuple(ds) for c, ds in supers.items() if ds}
    inv = {p: tuple(qs) for p, qs in inverse.items()}
    joined = transitive | set(chain_positions)
    out_idx: dict = {p: defaultdict(set) for p in joined}  # p -> s -> {o}
    in_idx: dict = {p: defaultdict(set) for p in joined}  # p -> o -> {s}

    # sameAs needs every triple indexed by every position; only pay for it when it is used.
    same: dict = defaultdict(set)
    by_s: dict = defaultdict(set)
    by_p: dict = defaultdict(set)
    by_o: dict = defaultdict(set)

    queue: deque = deque()

    def add(t) -> None:
        if t not in known:
            known.add(t)
            index(t)
            queue.append(t)

    def index(t) -> None:
        s, p, o = t
        if p in out_idx:
            out_idx[p][s].add(o)
            in_idx[p][o].add(s)
        if same_as_used:
            by_s[s].add(t)
            by_p[p].add(t)
            by_o[o].add(t)
            if p == V.sameAs and s != o:
                same[s].add(o)

    for t in derived_schema:
        if t not in known:
            known.add(t)
    for t in known:
        index(t)
    queue.extend(known)

    TYPE = V.type
    SAME = V.sameAs
    while queue:
        t = queue.popleft()
        s, p, o = t
        o_is_resource = not is_literal(o)
        if p == TYPE:
            for d in sup.get(o, ()):  # cax-sco, cax-eqc
                add((s, TYPE, d))
        for q in spo.get(p, ()):  # prp-spo1, prp-eqp
            add((s, q, o))
        for c in dom.get(p, ()):  # prp-dom
            add((s, TYPE, c))
        if o_is_resource:
            for c in rng.get(p, ()):  # prp-rng
                add((o, TYPE, c))
            for q in inv.get(p, ()):  # prp-inv1/2
                add((o, q, s))
            if p in symmetric:  # prp-symp
                add((o, p, s))
        if p in transitive:  # prp-trp
            for x in tuple(in_idx[p].get(s, ())):
                add((x, p, o))
            for y in tuple(out_idx[p].get(o, ())):
                add((s, p, y))
        for ci, pos in chain_positions.get(p, ()):  # prp-spo2
            prop, items = chains[ci]
            lefts = {s}
            for item in reversed(items[:pos]):
                lefts = {x for n in lefts for x in in_idx[item].get(n, ())}
                if not lefts:
                    break
            if not lefts:
                continue
            rights = {o}
            for item in items[pos + 1:]:
                rights = {y for n in rights for y in out_idx[item].get(n, ())}
                if not rights:
                    break
            for x in lefts:
                for y in rights:
                    add((x, prop, y))
        if same_as_used:
            if p == SAME and s != o:
                add((o, SAME, s))  # eq-sym
                for z in tuple(same.get(o, ())):  # eq-trans
                    if z != s:
                        add((s, SAME, z))
                # eq-rep-*: every triple that mentions s also holds of o
                for u in tuple(by_s.get(s, ())):
                    add((o, u[1], u[2]))
                for u in tuple(by_p.get(s, ())):
                    add((u[0], o, u[2]))
                for u in tuple(by_o.get(s, ())):
                    add((u[0], u[1], o))
            for z in tuple(same.get(s, ())):
                add((z, p, o))
            for z in tuple(same.get(p, ())):
                add((s, z, o))
            if o_is_resource:
                for z in tuple(same.get(o, ())):
                    add((s, p, z))
    return known


def is_trivial(triple, vocab: Vocab | None = None) -> bool:
    """Whether an OWL RL consequence is left out of `entailments()` (and of the owlrl comparison).

    Left out: (a) triples about literals (generalised RDF, e.g. `"5"^^xsd:integer a xsd:decimal`);
    (b) reflexive owl:sameAs, rdfs:subClassOf, rdfs:subPropertyOf, owl:equivalentClass and
    owl:equivalentProperty; (c) any triple that mentions owl:Thing or owl:Nothing; (d) rdf:type
    statements whose class is an RDF, RDFS, OWL or XSD term (owl:Class, rdfs:Datatype, xsd:string...);
    (e) statements about RDF, RDFS, OWL or XSD terms themselves (the built-in axioms).

    Works on rdflib terms, or on N-Triples strings with `vocab=NTRIPLES_VOCAB`.
    """
    V = vocab or RDFLIB_VOCAB
    s, p, o = triple
    if V is NTRIPLES_VOCAB:
        if s[0] == '"':
            return True
        s_text, o_text = s[1:-1] if s[0] == "<" else "", o[1:-1] if o[0] == "<" else ""
    else:
        if isinstance(s, Literal):
            return True
        s_text, o_text = (str(s) if isinstance(s, URIRef) else ""), (str(o) if isinstance(o, URIRef) else "")
    if s == o and p in (V.sameAs, V.subClassOf, V.subPropertyOf, V.equivalentClass, V.equivalentProperty):
        return True
    if s in (V.Thing, V.Nothing) or o in (V.Thing, V.Nothing):
        return True
    if p == V.type and o_text.startswith(BUILTIN_NAMESPACES):
        return True
    return s_text.startswith(BUILTIN_NAMESPACES)


def _rdflib_is_literal(term) -> bool:
    return isinstance(term, Literal)


def _nt_is_literal(term: str) -> bool:
    return term[0] == '"'


NTRIPLES_VOCAB = Vocab.make(lambda iri: f"<{iri}>")


def ntriples_entailments(lines: Iterable[str]) -> list[str]:
    """`entailments()` for a graph given as N-Triples lines; returns N-Triples lines, unsorted.

    Terms stay strings all the way, which is what makes reasoning over a million triples take
    seconds: the export and `conflictkg reason` use this on the files' triples."""
    input_lines = set(lines)
    triples = set()
    for line in input_lines:
        s, p, rest = line.split(" ", 2)
        triples.add((s, p, rest[:-2]))
    try:
        closure = materialise(triples, NTRIPLES_VOCAB, _nt_is_literal)
    except UnsupportedOntology as exc:
        log.warning("falling back to owlrl (slow): %s", exc)
        graph = Graph().parse(data="\n".join(input_lines) + "\n", format="nt")
        return [f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in owlrl_entailments(graph)]
    return [f"{s} {p} {o} ." for (s, p, o) in closure - triples if not is_trivial((s, p, o), NTRIPLES_VOCAB)]


def entailments(graph: Graph) -> Graph:
    """The OWL RL entailments of `graph` (ontology plus data) that are not already in it.

    Only new, non-trivial triples are returned (see `is_trivial`); `graph` is not modified.
    """
    try:
        base = set(graph.triples((None, None, None)))
        closure = materialise(base, RDFLIB_VOCAB, _rdflib_is_literal)
        new = (t for t in closure - base if not is_trivial(t))
    except UnsupportedOntology as exc:
        log.warning("falling back to owlrl (slow): %s", exc)
        new = iter(owlrl_entailments(graph))
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=True, replace=True)
    out.addN((s, p, o, out) for s, p, o in new)
    return out


def owlrl_closure(graph: Graph) -> tuple[Graph, list[str]]:
    """owlrl's OWL RL closure of a copy of `graph` (no axiomatic or datatype triples) and its
    inconsistency messages. The reference the fast rules are tested against; slow."""
    # owlrl only for this (0.2 s to load).
    import owlrl

    copy = Graph()
    for t in graph:
        copy.add(t)
    semantics = owlrl.OWLRL_Semantics(copy, False, False)
    semantics.closure()
    # owlrl writes its error messages into the graph as blank nodes; keep them apart.
    from owlrl.Namespaces import ERRNS

    for node in list(copy.subjects(URIRef(str(RDF_NS) + "type"), ERRNS.ErrorMessage)):
        copy.remove((node, None, None))
    return copy, list(semantics.error_messages)


def owlrl_entailments(graph: Graph) -> set:
    """The triples owlrl adds to `graph`, without the trivial ones (see `is_trivial`)."""
    closure, _ = owlrl_closure(graph)
    return {t for t in closure if t not in graph and not is_trivial(t)}


def inconsistencies(graph: Graph) -> list[str]:
    """owlrl's inconsistency messages for `graph` (empty when OWL RL finds none)."""
    return owlrl_closure(graph)[1]
