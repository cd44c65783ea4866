"""Whole-graph SHACL validation compiled to set-at-a-time SPARQL, run on the embedded store.

pySHACL validates one focus node at a time, in Python. Here each constraint of the project's
shapes graph is compiled once into a SPARQL SELECT that finds the violations of *all* focus
nodes at once, and the queries run on the pyoxigraph store (`conflictkg.storage.store`), which reads the
union of its named graphs. The results are the ones pySHACL reports, with the same fields and
messages (`validate._run_shacl` is the reference; tests/test_validate_engine.py cross-checks the
two on the curated graph, the example corpora and a generated graph with seeded violations).

What is compiled (SHACL Core as the shapes use it, and SHACL-SPARQL):

- targets: sh:targetClass (with rdfs:subClassOf* of the graph), sh:targetSubjectsOf,
  sh:targetObjectsOf, sh:targetNode; node shapes and their sh:property shapes;
- paths: predicate, sh:inversePath, sh:alternativePath, sh:zeroOrMorePath, sh:oneOrMorePath,
  sh:zeroOrOnePath, sequences;
- sh:minCount, sh:maxCount, sh:datatype, sh:class, sh:nodeKind, sh:in, sh:hasValue, sh:pattern
  (+ sh:flags), sh:minInclusive, sh:minLength, sh:lessThanOrEquals, sh:node, sh:or, sh:and,
  sh:not ("the value violates shape S" is compiled into a SPARQL condition, recursively);
- sh:sparql constraints with sh:select, sh:prefixes/sh:declare, $this, $PATH, ?path/?value and
  sh:message with {?var}/{$var} substitution; sh:severity and sh:message.

Anything else in the shapes graph (a SHACL term the compiler does not know) raises
`UnsupportedShapes` when the plan is compiled: a constraint is never skipped silently. The SPARQL
text is ours (compiled from the project's shapes); it never contains SERVICE (checked).

Where SPARQL on the store cannot decide alone, a small exact step in Python does. The store keeps
literals in a canonical form: "5"^^xsd:positiveInteger is stored as "5"^^xsd:integer, "1.0" as
"1", "2024-01-01+00:00"^^xsd:date as "2024-01-01Z", while rdflib (which pySHACL sees) keeps the
datatype and normalises lexical forms its own way. So each literal-level check compiles to a
SPARQL condition that is true only when the value certainly conforms; the rare other rows (and
every value of an integer-typed sh:datatype check, which the store cannot tell apart) come back
to Python, which re-reads the value as written in its file (`scan_files`) and decides with
pySHACL's semantics. Values in results are reported as written too.

Focus nodes: as in `validate._validate_graph`, only nodes that are subjects in a data/ file (a
named graph that is not an ontology file) are reported on; value checks see the whole store.
"""

from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as time_of_day
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF

from conflictkg.core import sandbox
from conflictkg.core.errors import UserError
from conflictkg.model.namespaces import SH
from conflictkg.query.sparqltext import significant
from conflictkg.rdf import datafiles
from conflictkg.rdf.safeload import refine_line
from conflictkg.validation.terms import DISPLAY_PREFIXES, copy_tree, display_path, path_text, term_text

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SH_NS = str(SH)

# Datatypes whose literals the store re-encodes (canonical lexical form, or another datatype).
_INTEGER_DERIVED = {
    XSD + n
    for n in (
        "nonNegativeInteger positiveInteger negativeInteger nonPositiveInteger long int short byte "
        "unsignedLong unsignedInt unsignedShort unsignedByte"
    ).split()
}
INTEGER_FAMILY = {XSD + "integer"} | _INTEGER_DERIVED
STORE_ENCODED = INTEGER_FAMILY | {
    XSD + n
    for n in (
        "decimal float double boolean date dateTime dateTimeStamp time gYear gYearMonth gMonth gDay gMonthDay "
        "duration dayTimeDuration yearMonthDuration"
    ).split()
}
NUMERIC = INTEGER_FAMILY | {XSD + "decimal", XSD + "float", XSD + "double"}

# A literal of these datatypes whose lexical form matches the pattern and that the store can cast
# is well formed for rdflib too, with the same value: SPARQL may decide on it alone.
_SAFE_FORM = {
    XSD + "date": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    XSD + "dateTime": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](Z|[+-][0-9]{2}:[0-9]{2})?$",
}

# The SHACL terms a shape node may use; anything else in the sh: namespace is refused.
_SHAPE_KEYS = {
    SH_NS + n
    for n in (
        "targetClass targetSubjectsOf targetObjectsOf targetNode property path minCount maxCount datatype class "
        "nodeKind in hasValue pattern flags minInclusive minLength lessThanOrEquals node or and not sparql "
        "severity message name description order group"
    ).split()
}
_SPARQL_KEYS = {SH_NS + n for n in "select prefixes message".split()}
_IGNORED_TYPES = {SH_NS + n for n in ("NodeShape PropertyShape SPARQLConstraint".split())}
_NODE_KINDS = {
    SH_NS + "IRI": ("iri",),
    SH_NS + "BlankNode": ("blank",),
    SH_NS + "Literal": ("literal",),
    SH_NS + "BlankNodeOrIRI": ("blank", "iri"),
    SH_NS + "BlankNodeOrLiteral": ("blank", "literal"),
    SH_NS + "IRIOrLiteral": ("iri", "literal"),
}
COMPONENT = {
    "minCount": SH_NS + "MinCountConstraintComponent",
    "maxCount": SH_NS + "MaxCountConstraintComponent",
    "datatype": SH_NS + "DatatypeConstraintComponent",
    "class": SH_NS + "ClassConstraintComponent",
    "nodeKind": SH_NS + "NodeKindConstraintComponent",
    "in": SH_NS + "InConstraintComponent",
    "hasValue": SH_NS + "HasValueConstraintComponent",
    "pattern": SH_NS + "PatternConstraintComponent",
    "minInclusive": SH_NS + "MinInclusiveConstraintComponent",
    "minLength": SH_NS + "MinLengthConstraintComponent",
    "lessThanOrEquals": SH_NS + "LessThanOrEqualsConstraintComponent",
    "node": SH_NS + "NodeConstraintComponent",
    "or": SH_NS + "OrConstraintComponent",
    "and": SH_NS + "AndConstraintComponent",
    "not": SH_NS + "NotConstraintComponent",
    "sparql": SH_NS + "SPARQLConstraintComponent",
}
# Value-level components, in the order pySHACL's shapes evaluate them (order does not change results).
_VALUE_KEYS = ("class", "datatype", "nodeKind", "in", "pattern", "minLength", "minInclusive", "node", "or", "and", "not")


class UnsupportedShapes(UserError):
    """The shapes use a SHACL feature the SPARQL compiler does not implement."""


# --------------------------------------------------------------------------------------------
# Terms
# --------------------------------------------------------------------------------------------


def _sparql_string(text: str) -> str:
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{out}"'


def _term(term) -> str:
    """An rdflib term of the shapes graph as SPARQL text."""

    if isinstance(term, URIRef):
        if any(c in str(term) for c in '<>"{}|^`\\ '):
            raise UnsupportedShapes(f"the shapes use an IRI SPARQL cannot write: {term}")
        return f"<{term}>"
    if isinstance(term, Literal):
        if term.language:
            return _sparql_string(str(term)) + "@" + term.language
        if term.datatype is not None:
            return _sparql_string(str(term)) + f"^^<{term.datatype}>"
        return _sparql_string(str(term))
    if isinstance(term, BNode):
        raise UnsupportedShapes("the shapes use a blank node where a constraint needs an IRI or a literal")
    raise UnsupportedShapes(f"unexpected term in the shapes: {term!r}")


def _where(node) -> str:
    return term_text(node) or "?"


# --------------------------------------------------------------------------------------------
# The plan
# --------------------------------------------------------------------------------------------


@dataclass
class Check:
    """One compiled query. Its rows are violations (or, with `python`, candidates Python decides)."""

    id: int
    kind: str  # "value" | "count" | "focus" | "pair" | "sparql"
    text: str
    shape: Any  # the source shape (rdflib term)
    component: str  # constraint component IRI
    severity: Any  # sh:Violation | sh:Warning | sh:Info (rdflib URIRef)
    messages: list  # rdflib Literals: the shape's sh:message
    path: Any = None  # the shape's sh:path node (shapes graph), for property shapes
    path_text: str | None = None
    predicate: str | None = None  # the path when it is one predicate (to find values as written)
    python: Any = None  # value tree Python evaluates on each row (None: every row is a violation)
    other_predicate: str | None = None  # sh:lessThanOrEquals
    minimum: Any = None  # sh:minInclusive value (rdflib Literal)
    source_constraint: Any = None
    extra_messages: list = field(default_factory=list)  # a SPARQL constraint's own sh:message
    variables: list = field(default_factory=list)


@dataclass
class Plan:
    checks: list[Check]
    shapes: Any  # the shapes graph (rdflib)

    def texts(self) -> list[str]:
        return [c.text for c in self.checks]


# Value trees: what "the value conforms" means, for Python and for the SPARQL condition.
# ("datatype", iri) ("nodeKind", kinds) ("in", [terms]) ("hasValue", term) ("pattern", regex, flags)
# ("minLength", n) ("minInclusive", literal) ("class", iri) ("node", shape) ("or", [trees]) ("and", [trees])
# ("not", tree) ("shape", [trees]) ("property", ...).


class _Compiler:
    def __init__(self, shapes):
        self.g = shapes
        self.checks: list[Check] = []
        self.counter = 0
        self.prefix_cache: dict = {}
        # The shapes' SHACL properties, read in one pass: compiling asks for some 5,000 of them,
        # and a lookup in rdflib's store costs far more than one in a dict.
        self._objects: dict = {}
        for s, p, o in shapes:
            if str(p).startswith(SH_NS):
                self._objects.setdefault((s, str(p)), []).append(o)

    # ---- reading the shapes graph

    def var(self, stem: str) -> str:
        self.counter += 1
        return f"?{stem}{self.counter}"

    def values(self, node, key: str) -> list:
        return sorted(self._objects.get((node, SH_NS + key), ()), key=str)

    def one(self, node, key: str):
        vals = self.values(node, key)
        if len(vals) > 1:
            raise UnsupportedShapes(f"shape {_where(node)}: more than one sh:{key}")
        return vals[0] if vals else None

    def check_keys(self, node, allowed=_SHAPE_KEYS) -> None:
        for p, o in self.g.predicate_objects(node):
            if str(p).startswith(SH_NS) and str(p) not in allowed:
                raise UnsupportedShapes(
                    f"shape {_where(node)} uses {str(p).replace(SH_NS, 'sh:')}, which the SPARQL engine does not "
                    "implement: validate with --engine pyshacl"
                )
            if p == RDF.type and str(o).startswith(SH_NS) and str(o) not in _IGNORED_TYPES:
                raise UnsupportedShapes(f"shape {_where(node)} is typed {str(o).replace(SH_NS, 'sh:')}, which the SPARQL engine does not implement")

    def items(self, node) -> list:
        return list(Collection(self.g, node))

    def severity(self, node):
        sev = self.one(node, "severity")
        return sev if sev is not None else URIRef(SH_NS + "Violation")

    def messages(self, node) -> list:
        return self.values(node, "message")

    # ---- paths

    def path(self, node) -> str:
        """A SHACL path as a SPARQL property path."""
        if isinstance(node, URIRef):
            return _term(node)
        if not isinstance(node, BNode):
            raise UnsupportedShapes(f"invalid sh:path {node!r}")
        if (node, RDF.first, None) in self.g:
            parts = self.items(node)
            if len(parts) < 2:
                raise UnsupportedShapes("a sequence path needs at least two members")
            return "(" + "/".join(self.path(p) for p in parts) + ")"
        for key, mark in (("inversePath", "^"),):
            target = self.one(node, key)
            if target is not None:
                return "^(" + self.path(target) + ")"
        alt = self.one(node, "alternativePath")
        if alt is not None:
            return "(" + "|".join(self.path(p) for p in self.items(alt)) + ")"
        for key, mark in (("zeroOrMorePath", "*"), ("oneOrMorePath", "+"), ("zeroOrOnePath", "?")):
            target = self.one(node, key)
            if target is not None:
                return "(" + self.path(target) + ")" + mark
        raise UnsupportedShapes(f"a path the SPARQL engine does not implement: {_where(node)}")

    # ---- targets

    def focus(self, shape) -> str | None:
        """A group pattern binding ?this to each focus node of `shape` once, or None (no target)."""
        branches = []
        for c in self.values(shape, "targetClass"):
            branches.append(f"?ckgType <{RDFS_NS}subClassOf>* {_term(c)} . ?this <{RDF_NS}type> ?ckgType")
        subjects = self.values(shape, "targetSubjectsOf")
        if subjects:
            branches.append("VALUES ?ckgP { " + " ".join(_term(p) for p in subjects) + " } ?this ?ckgP ?ckgO")
        objects = self.values(shape, "targetObjectsOf")
        if objects:
            branches.append("VALUES ?ckgP { " + " ".join(_term(p) for p in objects) + " } ?ckgS ?ckgP ?this")
        nodes = self.values(shape, "targetNode")
        if nodes:
            branches.append("VALUES ?this { " + " ".join(_term(n) for n in nodes) + " }")
        if not branches:
            return None
        # The class branch binds ?ckgType first: cheaper than a path from each typed node.
        union = " UNION ".join("{ " + b + " }" for b in branches)
        return "{ SELECT DISTINCT ?this WHERE { " + union + " } }"

    # ---- value trees

    def tree(self, shape) -> list:
        """The value-level constraints of a shape used as a value test (sh:node, sh:or...)."""
        self.check_keys(shape)
        if self.values(shape, "sparql"):
            raise UnsupportedShapes(f"shape {_where(shape)}: sh:sparql in a nested shape (sh:node, sh:or, sh:not) is not implemented")
        if self.one(shape, "path") is not None:
            return [("property", shape)]
        out = self.leaves(shape)
        for prop in self.values(shape, "property"):
            out.append(("property", prop))
        if self.values(shape, "minCount") or self.values(shape, "maxCount") or self.values(shape, "lessThanOrEquals"):
            raise UnsupportedShapes(f"shape {_where(shape)}: a cardinality or pair constraint on a node shape")
        return out

    def leaves(self, shape) -> list:
        out = []
        for dt in self.values(shape, "datatype"):
            out.append(("datatype", str(dt)))
        for c in self.values(shape, "class"):
            out.append(("class", c))
        for k in self.values(shape, "nodeKind"):
            if str(k) not in _NODE_KINDS:
                raise UnsupportedShapes(f"shape {_where(shape)}: unknown sh:nodeKind {k}")
            out.append(("nodeKind", str(k)))
        for lst in self.values(shape, "in"):
            members = self.items(lst)
            for m in members:
                if getattr(m, "datatype", None) is not None and str(m.datatype) in STORE_ENCODED:
                    raise UnsupportedShapes(f"shape {_where(shape)}: sh:in with a typed literal the store re-encodes ({m.n3()})")
            out.append(("in", members))
        for v in self.values(shape, "hasValue"):
            if getattr(v, "datatype", None) is not None and str(v.datatype) in STORE_ENCODED:
                raise UnsupportedShapes(f"shape {_where(shape)}: sh:hasValue with a typed literal the store re-encodes")
            out.append(("hasValue", v))
        flags = self.one(shape, "flags")
        for p in self.values(shape, "pattern"):
            out.append(("pattern", str(p), str(flags) if flags is not None else ""))
        for n in self.values(shape, "minLength"):
            out.append(("minLength", int(n)))
        for m in self.values(shape, "minInclusive"):
            out.append(("minInclusive", m))
        for s in self.values(shape, "node"):
            out.append(("node", s))
        for lst in self.values(shape, "or"):
            out.append(("or", [self.tree(s) for s in self.items(lst)]))
        for lst in self.values(shape, "and"):
            out.append(("and", [self.tree(s) for s in self.items(lst)]))
        for s in self.values(shape, "not"):
            out.append(("not", self.tree(s)))
        return out

    def needs_python(self, leaf) -> bool:
        kind = leaf[0]
        if kind in ("datatype", "pattern", "minLength", "minInclusive"):
            return True  # decided by SPARQL when sure, else by Python
        if kind in ("or", "and"):
            return any(self.needs_python(x) for t in leaf[1] for x in t)
        if kind == "not":
            return any(self.needs_python(x) for x in leaf[1])
        return False

    def python_ok(self, leaf) -> None:
        """Python can evaluate this tree on a value alone (no graph access)."""
        kind = leaf[0]
        if kind in ("class", "node", "property"):
            raise UnsupportedShapes(
                "a constraint mixing literal checks (sh:datatype, sh:pattern...) with sh:class, sh:node or a nested "
                "property shape inside sh:or/sh:and/sh:not is not implemented by the SPARQL engine"
            )
        if kind in ("or", "and"):
            for t in leaf[1]:
                for x in t:
                    self.python_ok(x)
        if kind == "not":
            for x in leaf[1]:
                self.python_ok(x)

    def sure_ok(self, leaf, v: str) -> str:
        """SPARQL: true only if value `v` certainly conforms to `leaf` (pySHACL's semantics)."""
        kind = leaf[0]
        if kind == "datatype":
            return self.datatype_ok(leaf[1], v)
        if kind in ("pattern", "minLength"):
            # pySHACL matches the rdflib form of a literal, which the store may not keep: Python
            # decides on every value, as written (cheaper than testing the datatype in SPARQL).
            return "false"
        if kind == "minInclusive":
            m = leaf[1]
            if m.datatype is None or str(m.datatype) not in NUMERIC:
                return "false"
            return (
                f"(isLiteral({v}) && DATATYPE({v}) IN ({', '.join('<' + d + '>' for d in sorted(NUMERIC))}) "
                f"&& COALESCE({v} >= {_term(m)}, false))"
            )
        if kind in ("or", "and"):
            parts = [self.conj([self.sure_ok(x, v) for x in t]) for t in leaf[1]]
            joiner = " || " if kind == "or" else " && "
            return "(" + joiner.join(parts) + ")" if parts else ("false" if kind == "or" else "true")
        if kind == "not":
            if any(self.needs_python(x) for x in leaf[1]):
                return "false"
            return "(" + self.disj([self.violates(x, v) for x in leaf[1]]) + ")"
        return f"!({self.violates(leaf, v)})"

    @staticmethod
    def conj(parts: list[str]) -> str:
        return "(" + " && ".join(parts) + ")" if parts else "true"

    @staticmethod
    def disj(parts: list[str]) -> str:
        return "(" + " || ".join(parts) + ")" if parts else "false"

    def datatype_ok(self, dt: str, v: str) -> str:
        if dt in INTEGER_FAMILY:
            # The store writes every integer type as xsd:integer: only an ill-formed literal keeps
            # its datatype. Python decides on the value as written.
            return "false"
        if dt == RDF_NS + "langString":
            return f"(isLiteral({v}) && LANG({v}) != \"\")"
        if dt == XSD + "string":
            return f"(isLiteral({v}) && DATATYPE({v}) = <{XSD}string> && LANG({v}) = \"\")"
        if dt in (RDFS_NS + "Literal", RDFS_NS + "Datatype"):
            return f"isLiteral({v})"
        if dt in STORE_ENCODED:
            safe = _SAFE_FORM.get(dt)
            if safe is None:
                return "false"
            return (
                f"(isLiteral({v}) && DATATYPE({v}) = <{dt}> && REGEX(STR({v}), {_sparql_string(safe)}) "
                f"&& COALESCE(isLiteral(<{dt}>(STR({v}))), false))"
            )
        return f"(isLiteral({v}) && DATATYPE({v}) = <{dt}>)"

    def violates(self, leaf, v: str) -> str:
        """SPARQL: true iff value `v` violates `leaf` (only for leaves SPARQL decides exactly)."""
        kind = leaf[0]
        if kind == "class":
            t = self.var("t")
            return f"NOT EXISTS {{ {_instances(v, t, _term(leaf[1]))} }}"
        if kind == "nodeKind":
            kinds = _NODE_KINDS[leaf[1]]
            tests = {"iri": f"isIRI({v})", "blank": f"isBlank({v})", "literal": f"isLiteral({v})"}
            return "!(" + " || ".join(tests[k] for k in kinds) + ")"
        if kind == "in":
            if not leaf[1]:
                return "true"
            return "!(" + " || ".join(f"sameTerm({v}, {_term(m)})" for m in leaf[1]) + ")"
        if kind == "hasValue":
            return f"!sameTerm({v}, {_term(leaf[1])})"
        if kind == "node":
            return self.disj([self.violates(x, v) for x in self.tree(leaf[1])])
        if kind == "or":
            return self.conj([self.disj([self.violates(x, v) for x in t]) for t in leaf[1]])
        if kind == "and":
            return self.disj([self.disj([self.violates(x, v) for x in t]) for t in leaf[1]])
        if kind == "not":
            return "!" + self.disj([self.violates(x, v) for x in leaf[1]])
        if kind == "property":
            return self.property_violates(leaf[1], v)
        if kind in ("datatype", "pattern", "minLength", "minInclusive"):
            if self.needs_python(leaf) and kind == "datatype" and leaf[1] in STORE_ENCODED:
                raise UnsupportedShapes(
                    f"sh:datatype {leaf[1]} inside sh:node or a nested property shape is not implemented by the SPARQL "
                    "engine (the store re-encodes those literals)"
                )
            if kind == "datatype":
                return f"!{self.datatype_ok(leaf[1], v)}"
            raise UnsupportedShapes(f"sh:{kind} inside sh:node or a nested property shape is not implemented by the SPARQL engine")
        raise UnsupportedShapes(f"unknown constraint {kind}")

    def property_violates(self, prop, x: str) -> str:
        """SPARQL: true iff focus `x` violates property shape `prop` (used as a nested value test)."""
        self.check_keys(prop)
        if self.values(prop, "sparql") or self.values(prop, "lessThanOrEquals"):
            raise UnsupportedShapes(f"shape {_where(prop)}: sh:sparql or sh:lessThanOrEquals in a nested property shape")
        path = self.path(self.one(prop, "path"))
        parts = []
        mins = self.values(prop, "minCount")
        for m in mins:
            n = int(m)
            if n == 1:
                w = self.var("w")
                parts.append(f"NOT EXISTS {{ {x} {path} {w} }}")
            elif n > 1:
                raise UnsupportedShapes(f"shape {_where(prop)}: nested sh:minCount above 1")
        for m in self.values(prop, "maxCount"):
            n = int(m)
            if n == 0:
                w = self.var("w")
                parts.append(f"EXISTS {{ {x} {path} {w} }}")
            elif n == 1:
                w1, w2 = self.var("w"), self.var("w")
                parts.append(f"EXISTS {{ {x} {path} {w1} . {x} {path} {w2} FILTER (!sameTerm({w1}, {w2})) }}")
            else:
                raise UnsupportedShapes(f"shape {_where(prop)}: nested sh:maxCount above 1")
        for v in self.values(prop, "hasValue"):
            parts.append(f"NOT EXISTS {{ {x} {path} {_term(v)} }}")
        leaves = [l for l in self.leaves(prop) if l[0] != "hasValue"]
        if leaves:
            w = self.var("w")
            cond = self.disj([self.violates(l, w) for l in leaves])
            parts.append(f"EXISTS {{ {x} {path} {w} FILTER ({cond}) }}")
        return self.disj(parts)

    # ---- top-level checks

    def add(self, **kw) -> None:
        check = Check(id=len(self.checks), **kw)
        if re.search(r"\bSERVICE\b", check.text, re.IGNORECASE):
            raise UnsupportedShapes(f"shape {_where(check.shape)}: SERVICE is not allowed in a compiled query")
        if not check.messages and not check.extra_messages:
            # pySHACL makes up a message from its own rendering of the nodes; we do not imitate it.
            raise UnsupportedShapes(
                f"shape {_where(check.shape)} has no sh:message: the SPARQL engine needs one on every shape it reports on"
            )
        self.checks.append(check)

    def compile(self) -> Plan:
        shapes_with_targets = set()
        for key in ("targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode"):
            shapes_with_targets |= set(self.g.subjects(URIRef(SH_NS + key), None))
        # Every shape must be something we understand, targeted or not.
        for s in set(self.g.subjects(URIRef(RDF_NS + "type"), URIRef(SH_NS + "NodeShape"))) | set(
            self.g.subjects(URIRef(RDF_NS + "type"), URIRef(SH_NS + "PropertyShape"))
        ):
            self.check_keys(s)
        for shape in sorted(shapes_with_targets, key=str):
            self.check_keys(shape)
            focus = self.focus(shape)
            if self.one(shape, "path") is not None:
                self.property_checks(shape, shape, focus)
            else:
                self.node_checks(shape, focus)
                for prop in self.values(shape, "property"):
                    self.property_checks(prop, shape, focus)
        return Plan(self.checks, self.g)

    def common(self, shape) -> dict:
        return {"shape": shape, "severity": self.severity(shape), "messages": self.messages(shape)}

    def node_checks(self, shape, focus: str) -> None:
        """Constraints of a targeted node shape: the value node is the focus node."""
        for leaf in self.leaves(shape):
            self.value_check(shape, focus, leaf, None)
        for key in ("minCount", "maxCount", "lessThanOrEquals"):
            if self.values(shape, key):
                raise UnsupportedShapes(f"shape {_where(shape)}: sh:{key} on a node shape")
        for constraint in self.values(shape, "sparql"):
            self.sparql_check(shape, focus, constraint, None)

    def property_checks(self, prop, parent, focus: str) -> None:
        self.check_keys(prop)
        path_node = self.one(prop, "path")
        if path_node is None:
            raise UnsupportedShapes(f"property shape {_where(prop)} has no sh:path")
        path = self.path(path_node)
        info = dict(path=path_node, path_text=path_text(self.g, path_node),
                    predicate=str(path_node) if isinstance(path_node, URIRef) else None)
        for m in self.values(prop, "minCount"):
            n = int(m)
            if n <= 0:
                continue
            if n == 1:
                text = f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} ?ckgV }} }}"
            else:
                text = (f"SELECT ?this WHERE {{ {{ {focus} OPTIONAL {{ ?this {path} ?ckgV }} }} }} "
                        f"GROUP BY ?this HAVING (COUNT(DISTINCT ?ckgV) < {n})")
            self.add(kind="count", text=text, component=COMPONENT["minCount"], **self.common(prop), **info)
        for m in self.values(prop, "maxCount"):
            n = int(m)
            if n == 1 and info["predicate"] is not None:
                # Two different values of one node, found node by node: counting every node's
                # values (GROUP BY) holds them all at once (41 MB against 3 MB above the store for
                # one property of the claims at 1M triples, and a third more CPU).
                text = (f"SELECT DISTINCT ?this WHERE {{ {focus} ?this {path} ?ckgV . ?this {path} ?ckgW "
                        f"FILTER (!sameTerm(?ckgV, ?ckgW)) }}")
            else:
                text = (f"SELECT ?this WHERE {{ {_values_of(focus, path, info['predicate'] is not None)} }} "
                        f"GROUP BY ?this HAVING (COUNT(DISTINCT ?ckgV) > {n})")
            self.add(kind="count", text=text, component=COMPONENT["maxCount"], **self.common(prop), **info)
        for v in self.values(prop, "hasValue"):
            text = f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} {_term(v)} }} }}"
            self.add(kind="count", text=text, component=COMPONENT["hasValue"], **self.common(prop), **info)
        for leaf in self.leaves(prop):
            if leaf[0] == "hasValue":
                continue
            self.value_check(prop, focus, leaf, path, info)
        for other in self.values(prop, "lessThanOrEquals"):
            if not isinstance(other, URIRef):
                raise UnsupportedShapes(f"shape {_where(prop)}: sh:lessThanOrEquals must be an IRI")
            sure = (
                f"(isLiteral(?ckgV) && isLiteral(?ckgW) && ("
                f"(DATATYPE(?ckgV) IN ({_dts(NUMERIC)}) && DATATYPE(?ckgW) IN ({_dts(NUMERIC)})) || "
                f"(DATATYPE(?ckgV) = <{XSD}date> && DATATYPE(?ckgW) = <{XSD}date> && "
                f"REGEX(STR(?ckgV), {_sparql_string(_SAFE_FORM[XSD + 'date'])}) && REGEX(STR(?ckgW), {_sparql_string(_SAFE_FORM[XSD + 'date'])}))"
                f") && COALESCE(?ckgV <= ?ckgW, false))"
            )
            text = (f"SELECT ?this ?value ?other WHERE {{ {_values_of(focus, path, info['predicate'] is not None)} "
                    f"?this {_term(other)} ?ckgW FILTER (!{sure}) BIND (?ckgV AS ?value) BIND (?ckgW AS ?other) }}")
            self.add(kind="pair", text=text, component=COMPONENT["lessThanOrEquals"], **self.common(prop), **info,
                     other_predicate=str(other))
        for constraint in self.values(prop, "sparql"):
            self.sparql_check(prop, focus, constraint, path_node)

    def value_check(self, shape, focus: str, leaf, path: str | None, info: dict | None = None) -> None:
        kind = leaf[0]
        python = None
        if self.needs_python(leaf):
            self.python_ok(leaf)
            python = leaf
            condition = f"!{self.sure_ok(leaf, '?ckgV')}"
            if info is not None and info.get("predicate") is None:
                # Values are re-read as written from (focus, predicate): a complex path loses that.
                raise UnsupportedShapes(
                    f"shape {_where(shape)}: sh:{kind} on a path that is not a single property is not implemented by "
                    "the SPARQL engine (literal checks need the value as written)"
                )
        else:
            condition = self.violates(leaf, "?ckgV")
        if path is None:
            values = f"{focus} BIND (?this AS ?ckgV)"
        else:
            values = _values_of(focus, path, info["predicate"] is not None)
        text = f"SELECT ?this ?value WHERE {{ {values} FILTER ({condition}) BIND (?ckgV AS ?value) }}"
        self.add(kind="value", text=text, component=COMPONENT[kind], python=python,
                 **self.common(shape), **(info or {}))

    def sparql_check(self, shape, focus: str, constraint, path_node) -> None:
        self.check_keys(constraint, _SPARQL_KEYS)
        select = self.one(constraint, "select")
        if select is None:
            raise UnsupportedShapes(f"SPARQL constraint {_where(constraint)} has no sh:select")
        text = str(select)
        if re.search(r"\$(shapesGraph|currentShape)\b|\?failure\b", text):
            raise UnsupportedShapes(f"SPARQL constraint {_where(constraint)}: $shapesGraph, $currentShape and ?failure are not implemented")
        if re.search(r"\bSERVICE\b", text, re.IGNORECASE):
            raise UnsupportedShapes(f"SPARQL constraint {_where(constraint)} uses SERVICE: not allowed")
        if path_node is not None:
            path_string = self.path(path_node)
            text = re.sub(r"([\s{}()])[\$\?]PATH", lambda m: m.group(1) + path_string, text)
        elif re.search(r"[\$\?]PATH\b", text):
            raise UnsupportedShapes(f"SPARQL constraint {_where(constraint)} uses $PATH on a node shape")
        match = re.match(r"\s*SELECT\b(?P<proj>[^{]*?)\bWHERE\s*\{", text, re.IGNORECASE | re.DOTALL)
        if not match:
            raise UnsupportedShapes(f"SPARQL constraint {_where(constraint)}: the query must start with SELECT ... WHERE {{")
        hidden = subquery_hiding_this(text, match.end())
        if hidden is not None:
            raise UnsupportedShapes(f"SPARQL constraint {_where(constraint)}: the sub-query at character {hidden} uses "
                                    f"$this without selecting it (SHACL's pre-binding needs it selected)")
        variables = re.findall(r"[\?\$]([A-Za-z_][A-Za-z0-9_]*)", match.group("proj"))
        if "this" not in variables:
            raise UnsupportedShapes(f"SPARQL constraint {_where(constraint)} must select $this")
        text = not_exists_as_minus(text, match.end())
        close = reads_every_triple(text, match.end())
        if close is not None:
            # Node by node: joined to all the focus nodes at once, a pattern `$this ?p ?o` holds
            # every triple of the graph in memory (at 1M triples the domain check took 208 MB
            # above the store that way, 18 MB this way, and 3.0 s against 3.5 s).
            compiled = (self.prologue(constraint) + text[: match.end()] + " " + focus
                        + " LATERAL { SELECT * WHERE { " + text[match.end():close] + " } } " + text[close:])
        else:
            # Pre-binding $this: the focus pattern joins the top-level group, so every FILTER, EXISTS
            # and OPTIONAL of the query sees ?this bound, as with pySHACL's initial bindings.
            compiled = self.prologue(constraint) + text[: match.end()] + " " + focus + " " + text[match.end():]
        messages = self.messages(constraint)
        self.add(kind="sparql", text=compiled, component=COMPONENT["sparql"], **self.common(shape),
                 path=path_node, path_text=_path_text_or_none(self.g, path_node), source_constraint=constraint,
                 extra_messages=messages, variables=variables)

    def prologue(self, constraint) -> str:
        lines = []
        for node in self.values(constraint, "prefixes"):
            if node not in self.prefix_cache:
                decl = []
                for d in self.values(node, "declare"):
                    self.check_keys(d, {SH_NS + "prefix", SH_NS + "namespace"})
                    prefix, ns = self.one(d, "prefix"), self.one(d, "namespace")
                    if prefix is None or ns is None:
                        raise UnsupportedShapes(f"sh:declare of {_where(node)} needs sh:prefix and sh:namespace")
                    decl.append(f"PREFIX {prefix}: <{ns}>")
                self.prefix_cache[node] = decl
            lines += self.prefix_cache[node]
        return "\n".join(sorted(set(lines))) + "\n"


def subquery_hiding_this(text: str, start: int) -> int | None:
    """The offset of the first sub-query (a nested SELECT, from `start` on) that uses $this
    without selecting it, else None.

    SHACL pre-binds $this in the whole query, sub-queries included, and requires every sub-query to
    select the variables it pre-binds (SHACL 5.2.1). A sub-query that selects $this is
    joined on it like any other pattern, so the compiled query (the focus nodes joined to the
    top-level group) means the same; one that uses $this without selecting it cannot be compiled
    so, and is refused."""

    toks = list(significant(text[start:]))
    for i, (kind, value, offset) in enumerate(toks):
        if kind != "word" or value.lower() != "select":
            continue
        selected, j = set(), i + 1
        while j < len(toks) and not (toks[j][0] == "word" and toks[j][1].lower() == "where") and toks[j][1] != "{":
            if toks[j][0] == "var":
                selected.add(toks[j][1][1:])
            elif toks[j][1] == "*":
                selected.add("*")
            j += 1
        while j < len(toks) and toks[j][1] != "{":
            j += 1
        depth, uses_this = 0, False
        for kind2, value2, _ in toks[j:]:
            if kind2 == "punct" and value2 == "{":
                depth += 1
            elif kind2 == "punct" and value2 == "}":
                depth -= 1
                if depth == 0:
                    break
            elif kind2 == "var" and value2[1:] == "this":
                uses_this = True
        if uses_this and not selected & {"this", "*"}:
            return start + offset
    return None


def reads_every_triple(text: str, start: int) -> int | None:
    """The offset of the `}` that closes the group opening at `start` (just after its `{`) if a
    triple pattern at the group's own level reads every triple of the focus node (`$this ?p ?o`:
    the predicate a variable), else None. Such a constraint runs node by node (LATERAL), with
    $this bound from the focus nodes, as pySHACL runs every constraint."""

    depth = level = 0
    previous = None
    found = False
    for kind, value, offset in significant(text[start:]):
        if kind == "punct" and value == "{":
            depth += 1
        elif kind == "punct" and value == "}":
            if depth == 0:
                return start + offset if found else None
            depth -= 1
        elif kind == "punct" and value in "([":
            level += 1
        elif kind == "punct" and value in ")]":
            level -= 1
        elif kind == "var" and depth == 0 and level == 0 and previous == (depth, "var", "this"):
            found = True
        previous = (depth, kind, value[1:] if kind == "var" else value) if level == 0 else None
    return None


def not_exists_as_minus(text: str, start: int) -> str:
    """`text` with each `FILTER NOT EXISTS { P }` of the group opening at `start` (just after its
    `{`) that means the same as `MINUS { P }` written as that, at the end of the group.

    Why: Oxigraph plans P once without knowing that $this is bound, and may start from P's other
    patterns (all the classes of the ontology, say) for every focus node; MINUS computes P once
    and subtracts it by a hash join (8 s against 1.6 s for the typed-node check at 1M triples).
    The two mean the same when P shares no variable with the rest of the query but $this, and
    binds $this in every solution: here when $this stands in P outside any brackets, parentheses
    or nested group, and P has no VALUES or BIND. Anything else is left as it is."""

    toks = list(significant(text[start:]))
    depth, end = 0, None
    blocks = []  # (first token index of FILTER, index of "{", index of "}")
    i = 0
    while i < len(toks):
        kind, value, _ = toks[i]
        if kind == "punct" and value == "{":
            depth += 1
        elif kind == "punct" and value == "}":
            if depth == 0:
                end = i
                break
            depth -= 1
        elif (depth == 0 and kind == "word" and value.upper() == "FILTER" and i + 3 < len(toks)
              and [t[1].upper() for t in toks[i + 1:i + 3]] == ["NOT", "EXISTS"] and toks[i + 3][1] == "{"):
            inner, j = 0, i + 3
            while j < len(toks):
                if toks[j][0] == "punct" and toks[j][1] in "{}":
                    inner += 1 if toks[j][1] == "{" else -1
                    if inner == 0:
                        break
                j += 1
            blocks.append((i, i + 3, j))
            i = j
        i += 1
    if end is None or not blocks:
        return text

    def names(span) -> set:
        return {v[1:] for k, v, _ in span if k == "var"}

    moved = []
    projected = names(significant(text[:start]))
    for first, open_, close in blocks:
        body = toks[open_ + 1:close]
        outside = toks[:first] + toks[close + 1:]
        if names(body) & (names(outside) | projected) != {"this"}:
            continue
        if any(k == "word" and v.upper() in ("VALUES", "BIND") for k, v, _ in body):
            continue
        level, bound = 0, False
        for k, v, _ in body:
            if k == "punct" and v in "{([":
                level += 1
            elif k == "punct" and v in "})]":
                level -= 1
            elif k == "var" and v[1:] == "this" and level == 0:
                bound = True
        if bound:
            moved.append((first, open_, close))
    if not moved:
        return text
    # Offsets into `text`: drop the moved filters, then add their MINUS before the group's end.
    out, last = [], 0
    tail = []
    for first, open_, close in moved:
        a, b = start + toks[first][2], start + toks[close][2] + 1
        out.append(text[last:a])
        tail.append("MINUS " + text[start + toks[open_][2]:b])
        last = b
    group_end = start + toks[end][2]
    out.append(text[last:group_end])
    return "".join(out) + " " + " ".join(tail) + " " + text[group_end:]


def _instances(node: str, via: str, cls: str) -> str:
    """The pattern "`node` is an instance of `cls` (an IRI in angle brackets) or of a subclass",
    with `via` the variable for the class it is typed with, as a value test writes it (`sh:class`).
    `with_class_closures` finds these patterns by `_INSTANCES` and spells the subclasses out.
    (A shape's target class is written the other way round, from the class: evaluated once a
    query, its path costs nothing worth saving.)"""
    return f"{node} <{RDF_NS}type> {via} . {via} <{RDFS_NS}subClassOf>* {cls}"


_INSTANCES = re.compile(r"(?P<node>[?$]\w+) " + re.escape(f"<{RDF_NS}type> ") + r"(?P<via>\?\w+) \. "
                        r"(?P=via) " + re.escape(f"<{RDFS_NS}subClassOf>* ") + r"(?P<cls><[^>\s]+>)")


def with_class_closures(text: str, closure: Callable[[str], list | None]) -> str:
    """`text` with each `_instances` pattern written with the subclasses of its class spelled out:
    `node rdf:type via . FILTER (via IN (C, C1, ...))`, where `closure(cls)` gives the IRIs
    (in angle brackets) that `?c rdfs:subClassOf* cls` finds in the store the query runs on, or
    None to leave the pattern as it is (a blank node among them cannot be written).

    The same answers, computed once a run instead of once a row: Oxigraph evaluates the path
    for every value a class check tests (40 of the project's checks; at 1M triples the
    claimant-is-an-Actor check takes 0.61 s with the path, 0.12 s with the list)."""

    def spelled(match) -> str:
        classes = closure(match.group("cls"))
        if not classes:
            return match.group(0)
        via = match.group("via")
        return f"{match.group('node')} <{RDF_NS}type> {via} . FILTER ({via} IN ({', '.join(classes)}))"

    return _INSTANCES.sub(spelled, text)


def store_class_closure(store) -> Callable[[str], list | None]:
    """`closure` for `with_class_closures` on a pyoxigraph store (union of its graphs), each class
    asked once."""

    known: dict = {}

    def closure(cls: str) -> list | None:
        if cls not in known:
            found = [s["c"] for s in store.query(f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS_NS}subClassOf>* {cls} }}",
                                                 use_default_graph_as_union=True)]
            known[cls] = (sorted(str(c) for c in found)
                          if all(isinstance(c, ox.NamedNode) for c in found) else None)
        return known[cls]

    return closure


def _values_of(focus: str, path: str, simple: bool) -> str:
    """A group binding ?this (a focus node) and ?ckgV (each of its values, once). A predicate path
    is one index scan joined to the focus nodes; a complex path (rdf:type/rdfs:subClassOf*...) is
    evaluated from each focus node (LATERAL), not from every node of the graph."""
    if simple:
        return f"{{ SELECT DISTINCT ?this ?ckgV WHERE {{ {focus} ?this {path} ?ckgV }} }}"
    return f"{focus} LATERAL {{ SELECT DISTINCT ?this ?ckgV WHERE {{ ?this {path} ?ckgV }} }}"


def _dts(types) -> str:
    return ", ".join(f"<{d}>" for d in sorted(types))


def _path_text_or_none(g, path_node):
    return path_text(g, path_node) if path_node is not None else None


RDF_TYPE_T = None  # set below (rdflib import deferred)


def _init_terms() -> None:
    global RDF_TYPE_T
    if RDF_TYPE_T is None:

        RDF_TYPE_T = URIRef(RDF_NS + "type")


def compile_shapes(shapes) -> Plan:
    """The plan of SPARQL queries for an rdflib shapes graph. Raises UnsupportedShapes."""
    _init_terms()
    return _Compiler(shapes).compile()


# --------------------------------------------------------------------------------------------
# Running the plan on a store
# --------------------------------------------------------------------------------------------


def _rdflib(term):
    """A pyoxigraph term as rdflib (literals as stored; blank nodes keep the store's label)."""

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == XSD + "string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    return None


class WrittenIntegers:
    """Which integer values of the store are known exactly as the files write them.

    The store folds every integer datatype into xsd:integer and the form into its canonical one,
    so `"108"^^xsd:nonNegativeInteger` and `"108"^^xsd:integer` read the same there, and a check
    of `sh:datatype` cannot tell them apart: each such value used to come back to Python and be
    looked up in its file (at 1M triples 96,736 rows and most of the scan's 56,114 nodes). This
    watches the N-Triples lines as the in-memory copy loads them (`feed`). For each property whose
    value checks name integer datatypes, the first integer datatype a line gives it becomes its
    usual one; a subject where a value of it is written otherwise (another datatype, or a form
    that is not the canonical one: "0108", "+5") is noted. For every other subject the value as
    written is the stored one with the usual datatype (`literal`), and `run_plan` decides on it
    at once; a noted one goes the long way, through the file."""

    def __init__(self, predicates: Iterable[str]):
        self.usual: dict[str, str | None] = {p: None for p in sorted(predicates)}  # predicate -> datatype IRI
        self.deviant: set[tuple[str, str]] = set()  # (subject IRI, predicate IRI) written otherwise
        self._line = None
        if self.usual:
            alternatives = b"|".join(re.escape(p.encode()) for p in self.usual)
            names = b"|".join(re.escape(d[len(XSD):].encode()) for d in sorted(INTEGER_FAMILY))
            # One whole line: `_lines` finds where it starts and ends.
            self._line = re.compile(rb'<([^>]*)> <(' + alternatives + rb')> "((?:[^"\\]|\\.)*)"\^\^<'
                                    + re.escape(XSD.encode()) + rb"(" + names + rb")> \.\r?")

    @staticmethod
    def canonical(form: bytes) -> bool:
        return re.fullmatch(rb"-?(?:0|[1-9][0-9]*)", form) is not None and form != b"-0"

    def feed(self, block: bytes) -> None:
        """Note the values written otherwise among a block of whole N-Triples lines."""
        if self._line is None:
            return
        for m in self._lines(block):
            subject, predicate, form, name = m.groups()
            predicate, datatype = predicate.decode(), XSD + name.decode()
            usual = self.usual[predicate]
            if usual is None:
                usual = self.usual[predicate] = datatype
            if datatype != usual or not self.canonical(form):
                self.deviant.add((subject.decode(), predicate))

    def _lines(self, block: bytes):
        """The matches of the lines of `block` that give a watched predicate a literal: found by
        searching for each predicate (bytes.find, three times faster than running the pattern
        from every line: at 1M triples 0.38 against 1.13 s of CPU), then matched line by line."""
        for predicate in self.usual:
            needle = b"> <" + predicate.encode() + b'> "'
            at = block.find(needle)
            while at >= 0:
                start = block.rfind(b"\n", 0, at) + 1
                end = block.find(b"\n", at)
                end = len(block) if end < 0 else end
                m = self._line.fullmatch(block, start, end)
                if m is not None:
                    yield m
                at = block.find(needle, end)

    def literal(self, subject, predicate: str | None, stored) -> Literal | None:
        """The value as written behind `stored` (an rdflib Literal read from the store) of
        (`subject`, `predicate`), or None when it is not known here."""
        usual = self.usual.get(predicate) if predicate is not None else None
        if (usual is None or not isinstance(subject, URIRef) or stored.datatype is None
                or str(stored.datatype) != XSD + "integer" or (str(subject), predicate) in self.deviant):
            return None
        return Literal(str(stored), datatype=URIRef(usual))


def _datatypes(tree) -> set:
    """The IRIs of the sh:datatype leaves of a value tree."""
    if isinstance(tree, tuple) and tree and tree[0] == "datatype":
        return {str(tree[1])}
    found = set()
    if isinstance(tree, (tuple, list)):
        for part in tree:
            if isinstance(part, (tuple, list)):
                found |= _datatypes(part)
    return found


def integer_predicates(plan: Plan) -> set:
    """The predicates whose value checks decided in Python name integer datatypes."""
    return {check.predicate for check in plan.checks
            if check.kind == "value" and check.python is not None and check.predicate is not None
            and _datatypes(check.python) & INTEGER_FAMILY}


@dataclass
class Raw:
    """What running the plan returns (picklable): rows per check, as pyoxigraph-free tuples."""

    rows: dict  # check id -> list of dicts var -> rdflib term
    focus_nodes: int
    seconds: dict  # check id -> seconds


def run_plan(plan: Plan, store, exclude_graphs: Iterable[str] = (), accept: Callable | None = None,
             progress: Callable[[int], None] | None = None, checks: Iterable[Check] | None = None,
             written: WrittenIntegers | None = None) -> Raw:
    """Run every query of `plan` (or only `checks`, which may be a generator that hands out the
    next check to whichever worker asks: see `validate._graph_report`) on `store` (a
    pyoxigraph.Store) over the union of its graphs.

    Rows whose focus node is not a subject in a graph outside `exclude_graphs` (the ontology
    files) are dropped: only data nodes are reported on. With `accept(focus, check)` (pyoxigraph
    focus term), that decides instead which rows are kept, and `Raw.focus_nodes` counts the
    distinct focus nodes it kept. With `written` (what the in-memory copy saw of the integers as
    written), a value check decides on such a value at once instead of returning its row."""

    excluded = {str(g) for g in exclude_graphs}
    data_subject: dict = {}

    def is_data(term) -> bool:
        known = data_subject.get(term)
        if known is None:
            known = False
            for q in store.quads_for_pattern(term, None, None, None):
                g = q.graph_name
                if isinstance(g, ox.DefaultGraph) or g.value not in excluded:
                    known = True
                    break
            data_subject[term] = known
        return known

    # Each distinct term is converted once and shared by the rows that hold it: a focus node is in
    # the rows of several checks, and values repeat (sides, figures, concepts). rdflib's constructors
    # cost tens of microseconds a term, and at a million triples the rows hold some 140,000 terms.
    converted: dict = {}

    def term(t):
        out = converted.get(t)
        if out is None:
            out = converted[t] = _rdflib(t)
        return out

    rows: dict = {}
    seconds: dict = {}
    closure = store_class_closure(store)
    for done, check in enumerate(plan.checks if checks is None else checks):
        if progress is not None:
            progress(done)
        t0 = time.perf_counter()
        out = []
        decided: dict = {}  # (stored integer, written otherwise?) -> whether it conforms, for this check
        for solution in store.query(with_class_closures(check.text, closure), use_default_graph_as_union=True):
            this = solution["this"]
            if this is None or isinstance(this, ox.Literal):
                continue
            if accept is not None:
                if not accept(this, check):
                    continue
                data_subject[this] = True
            elif not is_data(this):
                continue
            if check.kind == "sparql":
                row = {v: term(solution[v]) for v in check.variables if solution[v] is not None}
            elif check.kind in ("value",):
                stored = solution["value"]
                if check.python is not None:
                    # The decision on a stored integer depends on the value and on whether its node
                    # writes it otherwise (WrittenIntegers), not on the node: made once per value.
                    # Converting and deciding every row took 50 µs a row (1.3 s a check at 1M).
                    if isinstance(stored, ox.Literal) and stored.datatype == XSD_INTEGER:
                        key = (stored, written is None or not isinstance(this, ox.NamedNode)
                               or (this.value, check.predicate) in written.deviant)
                        conforms = decided.get(key)
                        if conforms is None:
                            conforms = decided[key] = _conforms_now(check, term(stored), this, term, written)
                    elif (check.python[0] == "pattern" and isinstance(stored, ox.Literal)
                          and stored.datatype.value not in STORE_ENCODED):
                        # As written (the store keeps such a literal's text): its text is what the
                        # pattern reads (`_string_of`), with no rdflib term made (0.9 s of 1.3 at 1M).
                        conforms = not _pattern_violated(check.python, stored.value)
                    else:
                        conforms = _conforms_now(check, term(stored), this, term, written)
                    if conforms:
                        continue
                row = {"this": term(this), "value": term(stored)}
            elif check.kind == "pair":
                row = {"this": term(this), "value": term(solution["value"]), "other": term(solution["other"])}
            else:
                row = {"this": term(this)}
            out.append(row)
        rows[check.id] = out
        seconds[check.id] = time.perf_counter() - t0
        # What the query's evaluation freed goes back to the system now (a fraction of a
        # millisecond): else glibc keeps it, and over 246 queries the worker grows well past the
        # store and its rows.
        sandbox.give_back_freed_memory()
    if progress is not None:
        progress(len(rows))
    focus = sum(1 for v in data_subject.values() if v)
    return Raw(rows, focus, seconds)


# --------------------------------------------------------------------------------------------
# Values as written, and file positions: one pass over the data files
# --------------------------------------------------------------------------------------------


class _ChunkReader(io.RawIOBase):
    """Feeds the parser whole lines, about `size` bytes per read, and knows which lines it has fed
    (found with C-level searches and counts: no Python loop over the lines). Reads `source` (bytes,
    or a binary file read a block at a time, so a large file is never held whole)."""

    def __init__(self, source, size: int = 4096):
        if isinstance(source, (bytes, bytearray)):
            self.data, self.file = bytes(source), None
        else:
            self.data, self.file = b"", source
        self.pos = 0
        self.size = size
        self.start = 0  # first line (1-based) of the current chunk
        self.end = 0  # last line fed

    def readable(self) -> bool:
        return True

    def _fill(self, want: int) -> bool:
        """At least `want` bytes after `pos`, or a newline after it, or the end of the file; False
        once the file is exhausted."""
        if self.file is None:
            return False
        if self.pos:
            self.data, self.pos = self.data[self.pos:], 0
        block = self.file.read(max(want, 1 << 16))
        if not block:
            self.file = None
            return False
        self.data += block
        return True

    def readinto(self, buffer) -> int:
        want = min(self.size, len(buffer))
        while len(self.data) - self.pos < want and self._fill(want):
            pass
        data, pos = self.data, self.pos
        if pos >= len(data):
            return 0
        limit = min(len(data), pos + want)
        stop = data.rfind(b"\n", pos, limit) + 1
        while stop <= pos:  # a line longer than the chunk (or the last line): up to the next newline
            nl = data.find(b"\n", limit)
            if nl >= 0:
                stop = nl + 1
            elif self._fill(want):
                data, pos = self.data, self.pos
                limit = min(len(data), pos + want)
                continue
            else:
                stop = len(data)
        n = min(len(buffer), stop - pos)
        buffer[:n] = data[pos: pos + n]
        self.start = self.end + 1
        self.end += data.count(b"\n", pos, pos + n)
        self.pos = pos + n
        if self.pos == len(data) and self.file is None and not data.endswith(b"\n"):
            self.end += 1  # the last line has no newline
        return n


class _Lines:
    """The lines of a file that were asked for, by 1-based number (a sparse `list` of lines)."""

    def __init__(self, lines: dict, total: int):
        self.lines = lines
        self.total = total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: int) -> str:
        return self.lines.get(index + 1, "")


def _read_lines(path: Path, wanted: list[tuple[int, int]]) -> tuple[_Lines, dict]:
    """(the lines in the ranges `wanted`, the file's prefix declarations), reading the file line by
    line, or for N-Triples and N-Quads (which declare no prefixes) a block at a time: a file of ten
    million triples is never held whole."""
    keep: set[int] = set()
    for a, b in wanted:
        keep.update(range(max(1, a), b + 1))
    if datafiles.format_of(path) in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
        return _read_lines_by_block(path, keep), {}
    lines: dict = {}
    prefixes: dict = {}
    n = 0
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            if n in keep:
                lines[n] = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            head = raw.lstrip()[:7].lower()
            if head == b"@prefix" or head == b"prefix ":
                m = _PREFIX_DECL.match(raw.decode("utf-8", errors="replace"))
                if m:
                    prefixes[m.group(1)] = m.group(2)
    return _Lines(lines, n), prefixes


def _read_lines_by_block(path: Path, keep: set[int]) -> _Lines:
    """The lines numbered in `keep` of a file, counting lines a block at a time (C-level counts:
    at 10M triples 2.8 s line by line) and splitting only the blocks that hold wanted lines."""
    wanted = sorted(keep)
    lines: dict = {}
    n = 0  # lines before the block
    at = 0  # the next wanted line's index in `wanted`
    carry = b""
    with path.open("rb") as fh:
        while True:
            block = fh.read(1 << 18)  # small: a block that holds a wanted line is split whole
            data = carry + block
            if not block:
                body, carry = data, b""
                count = body.count(b"\n") + (1 if body and not body.endswith(b"\n") else 0)
            else:
                cut = data.rfind(b"\n") + 1
                body, carry = data[:cut], data[cut:]
                count = body.count(b"\n")
            if at < len(wanted) and wanted[at] <= n + count:
                split = body.split(b"\n")
                while at < len(wanted) and wanted[at] <= n + count:
                    lines[wanted[at]] = split[wanted[at] - n - 1].decode("utf-8", errors="replace").rstrip("\r")
                    at += 1
            n += count
            if not block:
                break
    return _Lines(lines, n)


class Scan:
    """What one pass over the data files found for the subjects asked about."""

    def __init__(self):
        self.written: dict = {}  # (subject rdflib term, predicate str) -> list of rdflib Literals as written
        self.ranges: dict = {}  # rdflib term -> (file index, first line, last line) of the chunk of its first triple
        self.files: list = []  # (display name, path)

    def position(self, term):
        """(file, line) of the first description of `term`, or (None, None)."""
        return self.positions_of([term])[term]

    def positions_of(self, terms) -> dict:
        """term -> (file, line) of its first description, or (None, None), for each of `terms`:
        each file is read once, line by line, keeping only the lines around those descriptions."""
        out = {}
        by_file: dict = {}
        for term in terms:
            where = self.ranges.get(term)
            if where is None:
                out[term] = (None, None)
            else:
                by_file.setdefault(where[0], []).append((term, where[1], where[2]))
        for index, items in by_file.items():
            lines, prefixes = _read_lines(self.files[index][1], [(a - 11, b) for _, a, b in items])
            for term, a, b in items:
                out[term] = (self.files[index][0], _subject_line(lines, str(term), a, b, prefixes))
        return out

    @property
    def positions(self) -> dict:
        return self.positions_of(list(self.ranges))


# Below this many bytes of line-based files (N-Triples, N-Quads) the scan runs in this process:
# starting workers costs more than it saves.
PARALLEL_SCAN_BYTES = 64 * 1024 * 1024


def scan_files(paths: Sequence[Path], root: Path, subjects: set, *, chunk_bytes: int = 4096,
               values: set | None = None, jobs: int = 1, budget: "sandbox.Budget | None" = None,
               parallel_from: int = PARALLEL_SCAN_BYTES) -> Scan:
    """For the given subjects (rdflib terms): where each is first described in the data files
    (`Scan.position`, computed when asked), and the literals of the datatypes the store re-encodes,
    as written (rdflib's reading of them): of every predicate, or with `values` only of those
    (subject, predicate str) pairs (`wanted_values`: what `finish` looks up).

    With `jobs` above 1 and at least `parallel_from` bytes of N-Triples or N-Quads, the files are
    read by `jobs` workers at once (under `budget`), each line-based file cut into pieces at line
    ends (a line is a whole triple there): parsing is nearly all of the scan's time (17 s for
    10M triples on one core). The result is the same as one pass in order."""

    scan = Scan()
    wanted = {ox.NamedNode(str(s)) for s in subjects if isinstance(s, URIRef)}
    if not wanted:
        return scan
    for path in paths:
        scan.files.append((display_path(path, root), path))
    pieces = _pieces(paths, jobs, parallel_from)
    if jobs > 1 and len(pieces) > 1:
        shares: list[list] = [[] for _ in range(min(jobs, len(pieces)))]
        loads = [0] * len(shares)
        for piece in sorted(pieces, key=lambda p: p[3] - p[2], reverse=True):  # the largest to the least loaded
            k = loads.index(min(loads))
            shares[k].append(piece)
            loads[k] += piece[3] - piece[2]
        found = sandbox.run_all_with_budget(
            [(_scan_pieces, (share, wanted, values, chunk_bytes)) for share in shares if share],
            budget=budget or sandbox.Budget(), what="locating the nodes in the files",
            confined=False)
        results = sorted((r for part in found for r in part), key=lambda r: (r[0], r[1]))
    else:
        results = _scan_pieces(pieces, wanted, values, chunk_bytes)
    line_offset: dict = {}
    for index, start, lines, ranges, written in results:  # in file order, each file's pieces in order
        before = line_offset.get(index, 0)
        for term, (first, last) in ranges.items():
            if term not in scan.ranges:
                scan.ranges[term] = (index, first + before, last + before)
        for key, literals in written.items():
            scan.written.setdefault(key, []).extend(literals)
        line_offset[index] = before + lines
    return scan


def _pieces(paths: Sequence[Path], jobs: int, parallel_from: int) -> list[tuple]:
    """(file index, path, first byte, byte after the last) of what each worker of `scan_files`
    reads: N-Triples and N-Quads files cut at line ends into `jobs` pieces when they add up to
    `parallel_from` bytes or more, other files whole."""

    line_based = {ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS}
    sizes = [path.stat().st_size if path.exists() else 0 for path in paths]
    cut = jobs > 1 and sum(size for path, size in zip(paths, sizes)
                           if datafiles.format_of(path) in line_based) >= parallel_from
    pieces = []
    for index, (path, size) in enumerate(zip(paths, sizes)):
        if not (cut and datafiles.format_of(path) in line_based and size >= 2 * jobs):
            pieces.append((index, path, 0, size))
            continue
        bounds = [0]
        with path.open("rb") as fh:
            for k in range(1, jobs):
                fh.seek(max(bounds[-1], size * k // jobs))
                fh.readline()  # to the end of the line the cut falls in
                bounds.append(fh.tell())
        bounds.append(size)
        pieces += [(index, path, a, b) for a, b in zip(bounds, bounds[1:]) if b > a]
    return pieces


def _scan_pieces(pieces: list, wanted: set, values: set | None, chunk_bytes: int) -> list[tuple]:
    """Scan each piece of `pieces` (see `_pieces`) for where each wanted subject is first described
    and its literals as written: for each piece, (file index, first byte, lines read, {term: (first
    line, last line) of the chunk of its first triple, counted from the piece's start},
    {(subject, predicate): literals})."""

    out = []
    for index, path, start, stop in pieces:
        ranges: dict = {}
        written: dict = {}
        with path.open("rb") as fh:
            fh.seek(start)
            reader = _ChunkReader(_Bounded(fh, stop - start), chunk_bytes)
            for quad in datafiles.parse(path, reader=reader):
                if quad.subject not in wanted:
                    continue
                term = URIRef(quad.subject.value)
                if term not in ranges:
                    ranges[term] = (reader.start, reader.end)
                o = quad.object
                if isinstance(o, ox.Literal) and o.datatype.value in STORE_ENCODED:
                    key = (term, quad.predicate.value)
                    if values is None or key in values:
                        written.setdefault(key, []).append(Literal(o.value, datatype=URIRef(o.datatype.value)))
        out.append((index, start, reader.end, ranges, written))
    return out


class _Bounded(io.RawIOBase):
    """At most `size` bytes of the binary file `fh`, from where it stands."""

    def __init__(self, fh, size: int):
        self.fh, self.left = fh, size

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        data = self.fh.read(self.left if n is None or n < 0 else min(n, self.left))
        self.left -= len(data)
        return data


def scan_triples(triples: Iterable[tuple]) -> Scan:
    """A `Scan` of triples already read (rdflib terms, as written): their literals of the datatypes
    the store re-encodes. For a submission, whose positions the loader keeps itself."""
    scan = Scan()
    for s, p, o in triples:
        datatype = getattr(o, "datatype", None)
        if datatype is not None and str(datatype) in STORE_ENCODED:
            scan.written.setdefault((s, str(p)), []).append(o)
    return scan


_PREFIX_DECL = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z0-9_.-]*):\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)


def _subject_line(lines: list[str], iri: str, start: int, end: int, prefixes: dict) -> int:
    """The line a subject's first description starts on, given the lines of the chunk its first
    triple came out of: the first of them (or of the ten before) that begins with the IRI, written
    in full or with one of the file's prefixes."""

    forms = [re.escape(f"<{iri}>")]
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            forms.append(re.escape(f"{prefix}:{iri[len(ns):]}"))
    at_start = re.compile(r"^\s*(?:" + "|".join(forms) + r")(?![A-Za-z0-9_.:%-])")
    for n in range(max(1, start - 10), min(end, len(lines)) + 1):
        if at_start.search(lines[n - 1]):
            return n
    return refine_line(lines, iri, end)


# --------------------------------------------------------------------------------------------
# From rows to results (pySHACL's fields and messages)
# --------------------------------------------------------------------------------------------


def stored_key(lit):
    """What the store keeps of a literal: its value (integer types as one), or its form if ill-typed."""
    dt = str(lit.datatype) if lit.datatype is not None else None
    family = XSD + "integer" if dt in INTEGER_FAMILY else dt
    if getattr(lit, "ill_typed", False) or lit.value is None:
        return (family, "lex", str(lit))
    value = lit.value
    if isinstance(value, bool):
        return (family, "bool", value)
    return (family, "value", value)


XSD_INTEGER = ox.NamedNode(XSD + "integer")


def _conforms_now(check: Check, value, this, term: Callable, written: "WrittenIntegers | None") -> bool:
    """Whether `run_plan` can tell at once that the row of `value` (rdflib, as stored) conforms, as
    `finish` would decide: a value the store keeps as written, that conforms; or an integer whose
    form as written is known (`WrittenIntegers`), that conforms as written."""
    if not _needs_written(check, value):
        return not py_violates(check.python, value)
    if written is None:
        return False
    as_in_file = written.literal(term(this), check.predicate, value)
    return as_in_file is not None and not py_violates(check.python, as_in_file)


def _needs_written(check: Check, value) -> bool:
    """Whether `finish` reads `value` of a value check as written (`as_written`) before deciding on it:
    only a literal the store may have re-encoded, on a path that is one predicate. Every other row
    of a check decided in Python is decided in `run_plan` (at 1M triples, a quarter of the rows: the
    URLs' patterns), so it is never held."""
    return (check.path is not None and check.predicate is not None and isinstance(value, Literal)
            and value.datatype is not None and str(value.datatype) in STORE_ENCODED)


def as_written(scan: Scan, subject, predicate: str | None, stored) -> list:
    """The literal(s) of the files behind a stored value of (subject, predicate)."""

    if not isinstance(stored, Literal) or stored.datatype is None or str(stored.datatype) not in STORE_ENCODED:
        return [stored]
    if predicate is None:
        return [stored]
    candidates = scan.written.get((subject, predicate))
    if not candidates:
        return [stored]
    key = stored_key(stored)
    matches = []
    for c in candidates:
        try:
            same = stored_key(c) == key
        except Exception:  # noqa: BLE001 - an odd value: compare forms
            same = str(c) == str(stored)
        if same and c not in matches:
            matches.append(c)
    return matches or [stored]


def py_violates(tree, value) -> bool:
    """pySHACL's verdict on one value (rdflib term, as written) for a tree of value constraints."""
    kind = tree[0]
    if kind == "datatype":
        return not _datatype_matches(value, tree[1])
    if kind == "nodeKind":

        kinds = _NODE_KINDS[tree[1]]
        k = "blank" if isinstance(value, BNode) else "literal" if isinstance(value, Literal) else "iri"
        return k not in kinds
    if kind == "in":
        return value not in tree[1]
    if kind == "hasValue":
        return value != tree[1]
    if kind == "pattern":

        if isinstance(value, BNode):
            return True
        return _pattern_violated(tree, _string_of(value))
    if kind == "minLength":

        if tree[1] == 0:
            return False
        if isinstance(value, BNode):
            return True
        return len(_string_of(value)) < tree[1]
    if kind == "minInclusive":
        return not _min_inclusive_ok(value, tree[1])
    if kind == "or":
        return all(any(py_violates(x, value) for x in t) for t in tree[1])
    if kind == "and":
        return any(any(py_violates(x, value) for x in t) for t in tree[1])
    if kind == "not":
        return not any(py_violates(x, value) for x in tree[1])
    raise UnsupportedShapes(f"internal: {kind} cannot be decided in Python")


def _pattern_violated(tree, s: str) -> bool:
    """pySHACL's verdict of a ("pattern", regex, flags) tree on the string `s` of a value."""
    flags = 0
    for f in tree[2]:
        flags |= {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}.get(f, 0)
    rx = re.compile(tree[1], flags)
    return not (rx.match(s) or rx.search(s))


def _string_of(v) -> str:
    if isinstance(v, Literal) and v.value is not None and (v.datatype is None or str(v.datatype) in (RDF_NS + "langString", XSD + "string")):
        return str(v.value)
    return str(v)


# The Python type rdflib gives a well-formed value of each datatype (pySHACL's test).
_PYTHON_TYPES = {
    XSD + "string": (str, bytes), RDF_NS + "langString": (str, bytes), XSD + "integer": int,
    XSD + "float": float, XSD + "decimal": Decimal, XSD + "boolean": bool, XSD + "date": date,
    XSD + "time": time_of_day, XSD + "dateTime": datetime,
}


def _datatype_matches(v, dt: str) -> bool:
    """pySHACL's DatatypeConstraintComponent on one value."""

    if not isinstance(v, Literal):
        return False
    datatype = str(v.datatype) if v.datatype is not None else None
    lang = v.language
    value = v.value
    if datatype == dt:
        if getattr(v, "ill_typed", None) is True:
            return False
        python_type = _PYTHON_TYPES.get(dt)
        return python_type is None or isinstance(value, python_type)
    if dt == RDFS_NS + "Literal":
        return True
    if dt == RDFS_NS + "Datatype" and datatype:
        return True
    if datatype is None and lang is None and dt == XSD + "string":
        return isinstance(value, (str, bytes))
    if dt == RDF_NS + "langString" and lang:
        return isinstance(value, (str, bytes))
    return False


def _min_inclusive_ok(v, m) -> bool:
    """pySHACL's MinInclusiveConstraintComponent on one value."""
    # pySHACL only for this path (0.25 s to load).
    from pyshacl.rdfutil.compare import compare_literal

    if not isinstance(v, Literal):
        return False
    min_is_string = isinstance(m.value, str)
    v_is_string = isinstance(v.value, str)
    if min_is_string != v_is_string:
        return False
    try:
        return compare_literal(v, m) >= 0
    except (TypeError, NotImplementedError):
        return False


def _ltoe_violates(value, other) -> bool:
    """pySHACL's LessThanOrEqualsConstraintComponent on one pair (a comparison rdflib cannot make
    counts as a violation; pySHACL stops with an error there)."""

    def plain(x):
        if isinstance(x, URIRef):
            return str(x), True
        if isinstance(x, Literal) and isinstance(x.value, str):
            return x.value, True
        return x, False

    a, a_str = plain(value)
    b, b_str = plain(other)
    if a_str != b_str:
        return True
    try:
        return not a <= b
    except TypeError:
        return True


_VAR = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


def _format(message: str, bound: dict) -> str:
    """pySHACL's substitution of {?var} and {$var} in a SPARQL constraint's message."""
    for var, val in bound.items():
        message = re.sub("{{[?$]{}}}".format(var), str(val), message)
    return message


def finish(plan: Plan, raw: Raw, scan: Scan) -> dict:
    """Results as `validate._run_shacl` returns them: {"results": [...], "turtle": str}."""

    severities = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
    results = []
    report = Graph()
    for prefix, ns in DISPLAY_PREFIXES.items():
        report.bind(prefix, ns, override=True, replace=True)
    root = BNode("report")
    report.add((root, RDF.type, SH.ValidationReport))
    copied_paths: set = set()

    def emit(check: Check, focus, value, messages: list, path_node, path_text):
        node = BNode()
        report.add((root, SH.result, node))
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.sourceConstraintComponent, URIRef(check.component)))
        report.add((node, SH.sourceShape, check.shape))
        report.add((node, SH.resultSeverity, check.severity))
        report.add((node, SH.focusNode, focus))
        if value is not None:
            report.add((node, SH.value, value))
        if path_node is not None:
            report.add((node, SH.resultPath, path_node))
            if isinstance(path_node, BNode) and path_node not in copied_paths:
                copied_paths.add(path_node)
                copy_tree(plan.shapes, path_node, report)
        if check.source_constraint is not None:
            report.add((node, SH.sourceConstraint, check.source_constraint))
        for m in messages:
            report.add((node, SH.resultMessage, Literal(m)))
        results.append({
            "severity": severities.get(check.severity, "Violation"),
            "focus": focus,
            "focus_node": term_text(focus),
            "result_path": path_text,
            "value": term_text(value),
            "message": " ".join(sorted(set(messages))),
            "source_shape": term_text(check.shape),
            "constraint_component": check.component,
            "source_constraint": term_text(check.source_constraint) if isinstance(check.source_constraint, URIRef) else None,
        })

    for check in plan.checks:
        rows = raw.rows.get(check.id, [])
        plain_messages = [str(m) for m in check.messages]
        if check.kind == "count":
            for row in rows:
                emit(check, row["this"], None, plain_messages, check.path, check.path_text)
        elif check.kind == "value":
            for row in rows:
                focus, stored = row["this"], row["value"]
                values = as_written(scan, focus, check.predicate, stored) if check.path is not None else [stored]
                for value in values:
                    if check.python is not None and not py_violates(check.python, value):
                        continue
                    emit(check, focus, value, plain_messages, check.path, check.path_text)
        elif check.kind == "pair":
            for row in rows:
                focus = row["this"]
                for value in as_written(scan, focus, check.predicate, row["value"]):
                    for other in as_written(scan, focus, check.other_predicate, row["other"]):
                        if _ltoe_violates(value, other):
                            emit(check, focus, value, plain_messages, check.path, check.path_text)
        else:
            seen: set = set()  # a set: the rows of one check can be many (possible duplicates)
            for row in rows:
                focus = row.get("this")
                p = row.get("path")
                v = row.get("value")
                if v is not None and isinstance(p, URIRef):
                    v = as_written(scan, focus, str(p), v)[0]
                elif v is not None and check.path is not None and check.predicate is not None:
                    v = as_written(scan, focus, check.predicate, v)[0]
                extra = {k: val for k, val in row.items() if k not in ("this", "path", "value")}
                key = (focus, p, v, tuple(sorted((k, str(x)) for k, x in extra.items())))
                if key in seen:
                    continue
                seen.add(key)
                value = v if v is not None else (focus if check.path is None else None)
                bound = dict(extra)
                if focus is not None:
                    bound["this"] = focus
                if p is not None:
                    bound["path"] = p
                if value is not None:
                    bound["value"] = value
                shape_msgs = [str(m) for m in check.messages]
                messages = [_format(m, bound) for m in shape_msgs]
                messages += [_format(str(m), bound) for m in check.extra_messages if str(m) not in shape_msgs]
                if p is not None:
                    path_node, path_text = p, str(p) if isinstance(p, URIRef) else term_text(p)
                else:
                    path_node, path_text = check.path, check.path_text
                emit(check, focus, value, messages, path_node, path_text)
    report.add((root, SH.conforms, Literal(not results)))
    return {"results": results, "turtle": report.serialize(format="turtle")}


def wanted_subjects(raw: Raw) -> set:
    """The focus nodes of all rows (for positions and values as written)."""
    out = set()
    for rows in raw.rows.values():
        for row in rows:
            if row.get("this") is not None:
                out.add(row["this"])
    return out


def wanted_values(plan: Plan, raw: Raw) -> set:
    """The (subject, predicate str) pairs whose values as written `finish` looks up (`as_written`):
    those of the rows whose value the store may have re-encoded. Scanning for these only, instead
    of every re-encoded literal of every focus node, keeps the scan's memory to what is used."""

    def encoded(term) -> bool:
        return isinstance(term, Literal) and term.datatype is not None and str(term.datatype) in STORE_ENCODED

    out = set()
    for check in plan.checks:
        for row in raw.rows.get(check.id, ()):
            focus = row.get("this")
            if check.kind == "value" and check.path is not None and check.predicate and encoded(row.get("value")):
                out.add((focus, check.predicate))
            elif check.kind == "pair":
                if encoded(row.get("value")):
                    out.add((focus, check.predicate))
                if encoded(row.get("other")):
                    out.add((focus, check.other_predicate))
            elif check.kind == "sparql" and encoded(row.get("value")):
                p = row.get("path")
                if isinstance(p, URIRef):
                    out.add((focus, str(p)))
                elif check.path is not None and check.predicate is not None:
                    out.add((focus, check.predicate))
    return out


def validate_store(plan: Plan, store, data_paths: Sequence[Path], root: Path, exclude_graphs: Iterable[str] = ()) -> dict:
    """Run `plan` on `store` and return `_run_shacl`'s shape of results, with positions."""
    raw = run_plan(plan, store, exclude_graphs)
    scan = scan_files(data_paths, root, wanted_subjects(raw), values=wanted_values(plan, raw))
    outcome = finish(plan, raw, scan)
    outcome["positions"] = scan.positions_of([r["focus"] for r in outcome["results"]])
    outcome["focus_nodes"] = raw.focus_nodes
    return outcome
