"""Validating a submission (or the whole curated graph) against the project's SHACL shapes.

A submission is validated in the context of the existing graph, at a cost that does not grow with
the size of the graph:

1. The submission is read by `conflictkg.rdf.safeload` in a sandboxed worker (limits, strict terms,
   content policy, round trip).
2. The worker asks the parent, which holds the store, for the context the submission needs; the
   parent fetches it with targeted pattern lookups
   (`extract_context`): the existing description of the nodes it extends, and for every node it
   references the type, label and the few properties the SPARQL-based constraints read (a revised
   claim's claimant, event, measure and date; an event's date and place; a place's containment
   chain; existing events of the same type dated the day before, the same day or the day after,
   with their date, type and place, for the duplicate warning). Nothing else of the graph is read.
3. In the same worker, under the time and memory budget, the shapes run on the submission plus
   that context plus the schema (the ontology's classes, properties and hierarchy, and the
   vocabularies' concepts), with only the project's shapes graph and no inference: by default
   compiled to SPARQL (`conflictkg.validation.shaclsparql`) on a small in-memory pyoxigraph store, or with
   pySHACL (`engine="pyshacl"`, the reference). Only the submission's nodes are focus nodes (and,
   for the breakdown rules, an existing total the submission adds a part to), so context nodes
   are read but never validated.

With no submission, the whole curated graph (ontology + data/) is validated.
"""

from __future__ import annotations

import functools
import json
import multiprocessing
import os
import re
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Iterable, Sequence

import pyoxigraph as ox
import rdflib.plugins.sparql.processor as processor
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery

from conflictkg.core import sandbox
from conflictkg.core.errors import EXIT_FAILURE, EXIT_OK, UserError
from conflictkg.core.paths import DATA_SUFFIXES, Project, find_project
from conflictkg.core.sandbox import Budget, on_own_thread, run_with_budget
from conflictkg.model.namespaces import CKG, CKV, ID, SH
from conflictkg.rdf import datafiles
from conflictkg.rdf.outputs import Phases
from conflictkg.rdf.rdfio import from_oxigraph, load_graph, to_oxigraph
from conflictkg.rdf.safeload import (
    Limits,
    LineReader,
    Loaded,
    Policy,
    Source,
    load_sources,
    policy_from_ontology,
    read_project_context,
    refine_line,
)
from conflictkg.query import lookup
from conflictkg.query import sparql as sparql_module
from conflictkg.storage import store as store_module
from conflictkg.storage.ntcache import load_ntriples, ntriples_cache
from conflictkg.storage.store import graph_iri
from conflictkg.validation import shaclsparql
from conflictkg.validation.shaclsparql import STORE_ENCODED, stored_key
from conflictkg.validation.terms import (
    DISPLAY_PREFIXES,
    SHAPES_NS,
    copy_tree,
    display_path,
    path_text,
    term_text,
)

SEVERITIES = ("Violation", "Warning", "Info")
REPORT_SCHEMA = "https://w3id.org/conflict-kg/validate-report/1"

# Results on an existing node that the submission only adds a part to are kept for these shapes.
BREAKDOWN_SHAPES = {SHAPES_NS + n for n in ("PartialBreakdownShape", "CompleteBreakdownShape", "ShortBreakdownShape")}


# --------------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------------


@dataclass
class Result:
    severity: str  # Violation | Warning | Info
    focus_node: str  # IRI, or _:label for a blank node
    result_path: str | None  # IRI, or a SPARQL property path for a complex path
    value: str | None  # IRI, _:label, or the literal in N-Triples form
    message: str
    source_shape: str
    constraint_component: str
    source_constraint: str | None = None
    file: str | None = None
    line: int | None = None
    graphs: list[str] = field(default_factory=list)


@dataclass
class InputSummary:
    file: str
    format: str
    triples: int
    graphs: list[str]


@dataclass
class Report:
    """What `validate` returns. `conforms` is False only when there is a Violation."""

    mode: str  # "submission" or "graph"
    results: list[Result]
    inputs: list[InputSummary]
    report_turtle: str
    focus_nodes: int = 0
    context_triples: int = 0
    # Blank nodes by the labels their files gave them, for the text report ("f1b1" -> "event");
    # results and the JSON and Turtle reports keep the labels that keep files apart.
    blank_names: dict = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        counts = {s: 0 for s in SEVERITIES}
        for r in self.results:
            counts[r.severity] = counts.get(r.severity, 0) + 1
        return counts

    @property
    def conforms(self) -> bool:
        return self.counts["Violation"] == 0

    def exit_code(self, strict: bool = False) -> int:
        counts = self.counts
        if counts["Violation"] or (strict and counts["Warning"]):
            return EXIT_FAILURE
        return EXIT_OK

    def to_json(self, strict: bool = False) -> dict:
        """The stable machine form (schema documented in docs/validating.md)."""
        return {
            "schema": REPORT_SCHEMA,
            "mode": self.mode,
            "conforms": self.conforms,
            "strict": strict,
            "exit_code": self.exit_code(strict),
            "counts": {k.lower(): v for k, v in self.counts.items()},
            "inputs": [asdict(i) for i in self.inputs],
            "results": [asdict(r) for r in self.results],
        }


# --------------------------------------------------------------------------------------------
# Trusted project files: shapes, schema, policy (read once per process)
# --------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _project_schema(root: str):
    project = Project(Path(root))
    if not project.shapes_files():
        # Without shapes every graph would "conform": refuse rather than pass anything.
        raise UserError(f"{display_path(project.shapes_dir, project.root)}/ holds no SHACL shapes (.ttl): nothing to "
                        f"validate against (every graph would 'conform'); restore shapes/ from the checkout")
    shapes = load_graph(project, ontology=False, data=False, shapes=True)
    ontology = load_graph(project, data=False)
    # What the shapes need of the schema: declarations (types), the class hierarchy, property
    # domains and scheme membership. Labels and definitions are left out.
    keep = {RDF.type, RDFS.subClassOf, RDFS.domain, SKOS.inScheme}
    schema = [(s, p, o) for s, p, o in ontology if p in keep and isinstance(s, URIRef)]
    schema += [(s, RDFS.label, o) for s, o in ontology.subject_objects(RDFS.label) if str(s).startswith(str(CKG))]
    return shapes, ontology, schema, policy_from_ontology(ontology)


_WARM: set = set()


def _ensure_warm(shapes, schema) -> None:
    """Before the first validation worker of this process is forked (not needed to refuse input)."""
    if id(shapes) not in _WARM:
        _warm_queries(shapes)
        _warm_validator(shapes, schema)
        _WARM.add(id(shapes))


def load_shapes(project: Project):
    """The project's shapes graph (rdflib)."""
    return _project_schema(str(project.root))[0]


# --------------------------------------------------------------------------------------------
# Context: what the submission needs of the existing graph, by targeted lookups
# --------------------------------------------------------------------------------------------

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"

# What a referenced node brings into the context: its type and label, and what the SPARQL
# constraints read of it.
REFERENCE_PREDICATES = [RDF_TYPE, RDFS_LABEL] + [
    str(CKG[n])
    for n in (
        "claimant about measure claimDate claimDatePrecision minValue bestValue maxValue breakdownCompleteness "
        "breakdownOf revises startDate endDate datePrecision eventType location nearLocation locatedIn partOf "
        "subUnitOf hasParticipation"
    ).split()
]
# What the duplicate check (shape:DuplicateEventConstraint) reads of another event.
DUPLICATE_PREDICATES = frozenset(str(CKG[n]) for n in ("startDate", "eventType", "datePrecision", "location", "nearLocation"))
PLACE_PREDICATES = frozenset((str(CKG.location), str(CKG.nearLocation)))
# Chains the cycle and containment checks follow (bounded).
CHAIN_PREDICATES = [str(CKG[n]) for n in ("locatedIn", "partOf", "subUnitOf", "revises", "breakdownOf")]
# Existing nodes pointing at a submitted node with these are fetched too.
INVERSE_PREDICATES = [str(CKG.hasParticipation), str(CKG.breakdownOf)]
CHAIN_AND_TYPE = frozenset(CHAIN_PREDICATES + [RDF_TYPE])
MAX_CHAIN = 64


def _ox(term):
    # Context blank nodes were labelled "ctx..." on the way in (see _rd): give them back their label.
    if isinstance(term, BNode) and str(term).startswith("ctx"):

        return ox.BlankNode(str(term)[3:])
    return to_oxigraph(term)


def _rd(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode("ctx" + term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return None


def extract_context(store, submission_triples: Iterable[tuple]) -> tuple[list[tuple], set]:
    """The triples of `store` (a pyoxigraph.Store) that validating `submission_triples` needs.

    Returns (context triples as rdflib terms, existing totals whose breakdown the submission
    extends). Only pattern lookups on given subjects/objects are made, so the cost depends on
    the size of the submission and of the nodes it touches, not on the size of the graph.
    """

    triples = list(submission_triples)
    subjects = {s for s, p, o in triples}
    context: set = set()

    def lookup(s=None, p=None, o=None, wanted=None):
        try:
            quads = store.quads_for_pattern(
                _ox(s) if s is not None else None,
                ox.NamedNode(p) if p is not None else None,
                _ox(o) if o is not None else None,
                None,
            )
        except (TypeError, ValueError):
            return
        for q in quads:
            if wanted is not None and q.predicate.value not in wanted:
                continue
            t = (_rd(q.subject), _rd(q.predicate), _rd(q.object))
            if None not in t:
                yield t

    def describe(node, predicates=None):
        if predicates is None or len(predicates) > 2:
            # One scan of the node's triples, filtered here: cheaper than a lookup per predicate
            # (REFERENCE_PREDICATES has two dozen, and nodes have a few dozen triples at most).
            wanted = None if predicates is None else set(predicates)
            for t in lookup(node, wanted=wanted):
                context.add(t)
        else:
            for p in predicates:
                for t in lookup(node, p):
                    context.add(t)

    # 1. Existing descriptions of the nodes the submission describes, and who points at them.
    for s in subjects:
        if isinstance(s, URIRef):
            describe(s)
            for p in INVERSE_PREDICATES:
                for t in lookup(None, p, s):
                    context.add(t)
                    describe(t[0], REFERENCE_PREDICATES)

    # 2. Existing totals the submission adds breakdown parts to: fully described, with all parts.
    totals = set()
    for s, p, o in list(triples) + list(context):
        if str(p) == str(CKG.breakdownOf) and isinstance(o, URIRef) and o not in subjects:
            totals.add(o)
    for total in totals:
        describe(total)
        for t in lookup(None, str(CKG.breakdownOf), total):
            context.add(t)
            describe(t[0], REFERENCE_PREDICATES)

    # 3. Every node referenced by a described node: type, label and what the constraints read.
    described = subjects | totals
    referenced = {
        o
        for s, p, o in list(triples) + list(context)
        if s in described and isinstance(o, (URIRef, BNode)) and str(p) != RDF_TYPE
    }
    for node in referenced - described:
        if isinstance(node, URIRef) and (str(node).startswith(str(CKV)) or str(node).startswith(str(CKG))):
            continue  # schema terms come with the schema
        describe(node, REFERENCE_PREDICATES)

    # 4. Chains for the cycle and containment checks, from every node in play.
    frontier = {t[2] for t in list(triples) + list(context) if str(t[1]) in CHAIN_PREDICATES}
    seen: set = set()
    for _ in range(MAX_CHAIN):
        frontier = {n for n in frontier if isinstance(n, URIRef) and n not in seen}
        if not frontier:
            break
        seen |= frontier
        nxt = set()
        for node in frontier:
            # One scan of the node for its links and its type, not a lookup for each.
            for t in lookup(node, wanted=CHAIN_AND_TYPE):
                context.add(t)
                if str(t[1]) != RDF_TYPE:
                    nxt.add(t[2])
        frontier = nxt

    # 5. Existing events dated within a day of a submitted event, for the duplicate warning. Only
    # those sharing an event type with it can be duplicates (the check joins on the type), and
    # only what the check reads is fetched: dense days then cost lookups, not context.
    start, event_type = str(CKG.startDate), str(CKG.eventType)
    types_of: dict = {}
    located_in, climbed = str(CKG.locatedIn), set(seen)  # step 4 has climbed these already
    for s, p, o in list(triples) + list(context):
        if str(p) == event_type:
            types_of.setdefault(s, set()).add(o)
    for s, p, o in triples:
        if str(p) != start or not isinstance(o, Literal) or str(o.datatype) != XSD_DATE:
            continue
        if not types_of.get(s):
            continue
        try:
            day = date.fromisoformat(str(o))
        except ValueError:
            continue
        for delta in (-1, 0, 1):
            other = Literal((day + timedelta(days=delta)).isoformat(), datatype=URIRef(XSD_DATE))
            for t in lookup(None, start, other):
                if t[0] in subjects:
                    continue
                found = list(lookup(t[0], wanted=DUPLICATE_PREDICATES))
                if not any(str(tt[1]) == event_type and tt[2] in types_of[s] for tt in found):
                    continue
                context.update(found)
                places = {tt[2] for tt in found if str(tt[1]) in PLACE_PREDICATES}
                # Up each place's containment chain, once per place however many events share it.
                for _ in range(MAX_CHAIN):
                    places -= climbed
                    if not places:
                        break
                    climbed |= places
                    above = set()
                    for node in places:
                        for tt in lookup(node, located_in):
                            context.add(tt)
                            above.add(tt[2])
                    places = above

    return sorted(context, key=lambda t: tuple(str(x) for x in t)), totals


def memory_store(project: Project):
    """The curated graph (ontology and data/) in an in-memory pyoxigraph store, for tests and
    benchmarks that compare stores: `validate(..., store=...)` takes any pyoxigraph.Store.
    Without one, `validate` uses the persistent store (`conflictkg.storage.store`)."""

    store = ox.Store()
    for path in project.ontology_files() + project.data_files():
        # One named graph per file, as in the persistent store.
        datafiles.bulk_load(store, path, graph=graph_iri(project, path))
    return store


# --------------------------------------------------------------------------------------------
# Running pySHACL
# --------------------------------------------------------------------------------------------


# pySHACL hands rdflib the same SPARQL text for every focus node, and rdflib parses it every time:
# that is most of the validation time. Each text is parsed and translated once per process, before
# the worker is forked (so the worker inherits them), keyed by the text alone: our constraints
# declare every prefix they use (sh:prefixes), so the translation does not depend on the graph.
_PREPARED: dict = {}


_PREFIX_LINE = re.compile(r"^\s*PREFIX\s+[^\n]*$", re.IGNORECASE | re.MULTILINE)


def _normalised(text: str) -> str:
    """pySHACL writes the PREFIX lines in set order, which differs between shapes graphs: sort them."""
    prefixes = sorted(set(m.group(0).strip() for m in _PREFIX_LINE.finditer(text)))
    return "\n".join(prefixes) + "\n" + _PREFIX_LINE.sub("", text).strip()


def _prepare(text: str, base=None, init_ns=None):
    prepared = _PREPARED.get(text)
    if prepared is None:

        key = _normalised(text)
        prepared = _PREPARED.get(key)
        if prepared is None:
            prepared = _PREPARED[key] = translateQuery(parseQuery(key), base, init_ns)
        _PREPARED[text] = prepared
    return prepared


class _QueryCache:
    """While active, rdflib SPARQL queries given as text use the prepared-query cache."""

    def __enter__(self):
        self.processor = processor
        self.original = processor.SPARQLProcessor.query
        evaluate = processor.evalQuery

        def query(proc, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
            if isinstance(strOrQuery, str) and base is None:
                strOrQuery = _prepare(strOrQuery, None, initNs)
            elif isinstance(strOrQuery, str):
                return self.original(proc, strOrQuery, initBindings, initNs, base, DEBUG)
            return evaluate(proc.graph, strOrQuery, initBindings, base)

        processor.SPARQLProcessor.query = query
        return self

    def __exit__(self, *exc):
        self.processor.SPARQLProcessor.query = self.original
        return False


def _warm_queries(shapes) -> int:
    """Prepare the SPARQL text of every SPARQL-based constraint of `shapes`, exactly as pySHACL
    will send it. Best effort: if pySHACL's internals change, validation still works, slower."""
    try:
        # pySHACL only for this path (0.25 s to load).
        from pyshacl.constraints.sparql.sparql_based_constraints import SPARQLBasedConstraint
        from pyshacl.shapes_graph import ShapesGraph

        init_ns = dict(Graph().namespaces())
        graph = ShapesGraph(shapes)
        count = 0
        for shape in graph.shapes:
            if (shape.node, SH.sparql, None) not in shapes:
                continue
            for helper in SPARQLBasedConstraint(shape).sparql_constraints:
                _, text = helper.pre_bind_variables(URIRef("urn:conflictkg:warm-up"))
                _prepare(helper.apply_prefixes(text), None, init_ns)
                count += 1
        return count
    except Exception:  # noqa: BLE001 - an optimisation only
        return 0


def _warm_validator(shapes, schema) -> None:
    """Run pySHACL once on a tiny graph in this process, so that what it (and rdflib) set up on
    first use is done before workers are forked, not again in every worker."""

    node = URIRef(str(ID) + "event/warm-up")
    sample = [(node, RDF.type, CKG.Strike), (node, RDFS.label, Literal("warm-up", lang="en"))]
    try:
        _run_shacl(list(schema) + sample, shapes, {node}, set())
    except Exception:  # noqa: BLE001 - an optimisation only
        pass


_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)


def _retarget(shapes, data, keep: set, breakdown_only: set):
    """A copy of `shapes` whose targets are only the nodes to report on.

    Each shape's targets (sh:targetClass with the class hierarchy of the data graph,
    sh:targetSubjectsOf, sh:targetObjectsOf) are resolved here, kept only for the submitted nodes,
    and written as sh:targetNode. Context nodes are then never focus nodes, so the cost of a
    validation follows the size of the submission; value checks (sh:class, sh:node, SPARQL) still
    see the whole data graph. Existing totals the submission extends are targets of the breakdown
    shapes only."""

    targets = [t for p in _TARGETS for t in shapes.triples((None, p, None))]
    if sandbox.IN_WORKER:
        out = shapes  # the worker's own copy: change it in place rather than copy 1,500 triples
        for t in targets:
            out.remove(t)
    else:
        out = Graph()
        for t in shapes:
            if t[1] not in _TARGETS:
                out.add(t)
        for prefix, ns in shapes.namespaces():
            out.bind(prefix, ns, override=True, replace=True)
    instances: dict = {}

    def of_class(cls):
        if cls not in instances:
            classes = set(data.transitive_subjects(RDFS.subClassOf, cls))
            instances[cls] = {n for c in classes for n in data.subjects(RDF.type, c)}
        return instances[cls]

    by_shape: dict = {}
    for shape, p, o in targets:
        by_shape.setdefault(shape, []).append((p, o))
    for shape, shape_targets in by_shape.items():
        candidates = keep | (breakdown_only if str(shape) in BREAKDOWN_SHAPES else set())
        focus = set()
        for p, o in shape_targets:
            if p == SH.targetClass:
                focus |= of_class(o) & candidates
            elif p == SH.targetSubjectsOf:
                focus |= {n for n in candidates if (n, o, None) in data}
            elif p == SH.targetObjectsOf:
                focus |= {n for n in candidates if (None, o, n) in data}
            elif o in candidates:
                focus.add(o)
        for node in focus:
            out.add((shape, SH.targetNode, node))
    return out


def _run_shacl(data_triples: list, shapes, keep: set | None, breakdown_only: set) -> dict:
    """In the worker: validate and return plain results and the filtered report graph.

    With `keep`, only those nodes (and `breakdown_only`, for the breakdown shapes) are focus nodes.
    """
    # pySHACL only for this path (0.25 s to load).
    import pyshacl

    data = Graph()
    for t in data_triples:
        data.add(t)
    if keep is not None:
        shapes = _retarget(shapes, data, keep, breakdown_only)
    with _QueryCache():
        _, report, _ = pyshacl.validate(
            data,
            shacl_graph=shapes,
            ont_graph=None,
            inference="none",
            abort_on_first=False,
            allow_warnings=False,
            meta_shacl=False,
            advanced=False,
            do_owl_imports=False,
        )
    results = []
    kept_nodes = []
    severities = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
    for node in report.objects(None, SH.result):
        focus = report.value(node, SH.focusNode)
        shape = report.value(node, SH.sourceShape)
        if keep is not None:
            if focus in breakdown_only:
                if str(shape) not in BREAKDOWN_SHAPES:
                    continue
            elif focus not in keep:
                continue
        path = report.value(node, SH.resultPath)
        messages = sorted({str(m) for m in report.objects(node, SH.resultMessage)})
        results.append(
            {
                "severity": severities.get(report.value(node, SH.resultSeverity), "Violation"),
                "focus": focus,
                "focus_node": term_text(focus),
                "result_path": path_text(report, path) if path is not None else None,
                "value": term_text(report.value(node, SH.value)),
                "message": " ".join(messages),
                "source_shape": term_text(shape),
                "constraint_component": term_text(report.value(node, SH.sourceConstraintComponent)),
                "source_constraint": term_text(report.value(node, SH.sourceConstraint))
                if isinstance(report.value(node, SH.sourceConstraint), URIRef)
                else None,
            }
        )
        kept_nodes.append(node)

    # The SHACL report graph with only the kept results (sh:conforms per SHACL: no result at all).
    out = Graph()
    for prefix, ns in DISPLAY_PREFIXES.items():
        out.bind(prefix, ns, override=True, replace=True)
    root = BNode("report")
    out.add((root, RDF.type, SH.ValidationReport))
    out.add((root, SH.conforms, Literal(not kept_nodes)))
    for node in kept_nodes:
        out.add((root, SH.result, node))
        copy_tree(report, node, out)
    return {"results": results, "turtle": out.serialize(format="turtle")}


# --------------------------------------------------------------------------------------------
# validate()
# --------------------------------------------------------------------------------------------


def validate(
    sources: Sequence[Source] | None = None,
    *,
    project: Project | None = None,
    store=None,
    limits: Limits | None = None,
    budget: Budget | None = None,
    engine: str = "sparql",
    progress: bool = False,
    jobs: int | None = None,
) -> Report:
    """Validate `sources` (a submission) against the graph in `store`, or with no sources the
    whole curated graph, with `engine`: "sparql" (the shapes compiled to SPARQL, run on the store
    for the whole graph, or for a submission on a small in-memory store of the submission and its
    context) or "pyshacl". Raises UserError (exit code 2) when the input is refused. With
    `progress`, validating a large graph shows its phases on stderr (`rdf.outputs.Phases`). `jobs`:
    how many workers run the whole graph's compiled queries at once (default `default_jobs()`)."""
    project = project or find_project()
    limits = limits or Limits()
    budget = budget or Budget()
    if engine not in ENGINES:
        raise UserError(f"unknown validation engine {engine!r}: use one of {', '.join(ENGINES)}")
    shapes, ontology, schema, policy = _project_schema(str(project.root))
    if not sources:
        phases = Phases("validate", progress and _data_bytes(project) >= PROGRESS_BYTES)
        try:
            return _validate_graph(project, shapes, budget, engine, store, phases, jobs)
        finally:
            phases.close()
    return _validate_submission(list(sources), project, store, shapes, schema, policy, limits, budget, engine)


# Whole-graph validation shows its progress from this much data on (about 10k triples of N-Triples).
PROGRESS_BYTES = 1_000_000


def _data_bytes(project: Project) -> int:
    return sum(p.stat().st_size for p in project.data_files())


def _what(sources: Sequence[Source]) -> str:
    names = [s.name for s in sources]
    return names[0] if len(names) == 1 else f"{names[0]} and {len(names) - 1} more"


def _check_in_worker(sources, limits, policy, context_text, shapes, schema, ask, plan=None, schema_quads=None) -> dict:
    """The worker's part: read the submission, ask the parent for its context, validate (with
    the compiled `plan` when given, else pySHACL)."""
    loaded = load_sources(sources, limits, policy, context_text)
    triples = [(s, p, o) for s, p, o, g in loaded.quads]
    context, totals = ask(triples)
    context = _without_restated(context, triples)
    keep = {s for s, p, o in triples}
    if plan is not None:
        outcome = _run_compiled(plan, schema_quads, context, triples, keep, totals - keep)
    else:
        outcome = _run_shacl(list(schema) + context + triples, shapes, keep, totals - keep)
    outcome.update(loaded=loaded, context_triples=len(context), focus_nodes=len(keep))
    return outcome


def _without_restated(context: list, triples: list) -> list:
    """`context` less the values the submission states again. The store gives literals back in
    canonical form ("5"^^xsd:integer for a file's "5"^^xsd:nonNegativeInteger), so a value
    submitted again as written would otherwise count twice (a false sh:maxCount, a doubled sum)."""

    def key(s, p, o):
        """(s, p, the value as the store keeps it) for a literal the store re-encodes, else None."""
        datatype = getattr(o, "datatype", None)
        if datatype is None or str(datatype) not in STORE_ENCODED:
            return None
        try:
            return (s, p, stored_key(o))
        except Exception:  # noqa: BLE001 - an odd value: then it is not deduplicated
            return None

    restated = {k for k in (key(*t) for t in triples) if k is not None}
    if not restated:
        return context
    return [t for t in context if key(*t) not in restated]


def _run_compiled(plan, schema_quads: list, context: list, triples: list, keep: set, breakdown_only: set) -> dict:
    """In the worker: `_run_shacl`'s work with the compiled plan, on a small in-memory store of the
    same data graph (schema, context, submission). Same results, without pySHACL's per-node cost."""

    store = ox.Store()
    store.bulk_extend(schema_quads)
    # to_oxigraph, not _ox: context blank nodes keep their "ctx" label, so they cannot meet the
    # submission's own blank nodes.
    store.bulk_extend([ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in context + triples])
    kept = {to_oxigraph(n) for n in keep}
    breakdown = {to_oxigraph(n) for n in breakdown_only}

    def accept(focus, check) -> bool:
        # As `_retarget` does for pySHACL: only submitted nodes are focus nodes, and existing
        # totals the submission extends only for the breakdown shapes.
        return focus in kept or (focus in breakdown and str(check.shape) in BREAKDOWN_SHAPES)

    raw = shaclsparql.run_plan(plan, store, accept=accept)
    return shaclsparql.finish(plan, raw, shaclsparql.scan_triples(triples))


@functools.lru_cache(maxsize=4)
def _schema_quads(root: str) -> list:
    """The schema triples the data graph of a submission holds (`_project_schema`), as pyoxigraph
    quads, made once per process (before a worker forks)."""

    return [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in _project_schema(root)[2]]


def _validate_submission(sources, project, store, shapes, schema, policy: Policy, limits, budget,
                         engine: str = "sparql") -> Report:
    what = _what(sources)
    context_text = read_project_context() if any(s.format == "jsonld" for s in sources) else None
    if store is None:
        # The persistent store: opening it costs the same at 10k or 10M triples, unlike loading
        # the files. Its build stays locked against deletion while we read it.

        with store_module.reader(project, progress=False) as build:
            return _validate_submission(sources, project, store_module.open_store(build), shapes, schema,
                                        policy, limits, budget, engine)
    # Made here, before the worker forks, so that it inherits them (and later calls reuse them).
    if engine == "sparql":
        plan, schema_quads = _sparql_plan(project), _schema_quads(str(project.root))
    else:
        plan, schema_quads = None, None
        _ensure_warm(shapes, schema)
    # One worker reads and validates; the store stays in this process, which answers the
    # worker's one request for context (the lookups are on the store, and cheap).
    outcome = run_with_budget(
        _check_in_worker,
        sources,
        limits,
        policy,
        context_text,
        shapes,
        schema,
        plan=plan,
        schema_quads=schema_quads,
        budget=budget,
        what=f"validating {what}",
        serve=lambda triples: extract_context(store, triples),
    )
    loaded: Loaded = outcome["loaded"]
    graphs: dict = {}
    for s, p, o, g in loaded.quads:
        graphs.setdefault(s, set()).add("" if g is None else str(g))
    results = []
    for r in outcome["results"]:
        focus = r.pop("focus")
        file, line = loaded.positions.get(focus, (None, None))
        results.append(Result(**r, file=file, line=line, graphs=sorted(graphs.get(focus, ()))))
    _suggest_references(results, store, loaded)
    inputs = [InputSummary(f.name, f.format, f.triples, f.graphs) for f in loaded.files]
    return Report(
        mode="submission",
        results=_sorted(results),
        inputs=inputs,
        report_turtle=outcome["turtle"],
        focus_nodes=outcome["focus_nodes"],
        context_triples=outcome["context_triples"],
        blank_names=dict(loaded.blank_names),
    )


ENGINES = ("sparql", "pyshacl")


_RESOLVED = "ResolvedReferenceConstraint"
_LABELS = (str(RDFS.label), "http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2004/02/skos/core#altLabel")


def _suggest_references(results: list[Result], store, loaded: Loaded) -> None:
    """A reference to a node that is neither in the graph nor in the submission (`measure:kiled`,
    `actor:idf`) gets the closest nodes of its namespace, by slug, label and alias, from the graph
    and the submission: "Did you mean: measure:killed "killed"?"."""
    unresolved = [r for r in results if (r.source_constraint or "").endswith(_RESOLVED) and r.value
                  and not r.value.startswith(("_:", '"'))]
    if not unresolved:
        return
    own: dict[str, list[str]] = {}
    for s, p, o, _ in loaded.quads:
        if isinstance(s, URIRef):
            if str(p) == str(RDF.type):
                own.setdefault(str(s), [])
            elif str(p) in _LABELS and isinstance(o, Literal):
                own.setdefault(str(s), []).append(str(o))

    def run(prepared):
        return sparql_module.run_pyoxigraph(store, prepared)

    cache: dict = {}
    for r in unresolved:
        namespace = lookup.iri_namespace(r.value)
        if namespace not in cache:
            names = lookup.names_in(run, namespace)
            for node, labels in own.items():
                if node.startswith(namespace) and node != r.value:
                    names.setdefault(node, [node[len(namespace):]]).extend(labels)
            cache[namespace] = names
        options = lookup.suggestions(run, r.value, cache)
        r.message += lookup.did_you_mean(options)


def _validate_graph(project: Project, shapes, budget: Budget, engine: str = "sparql", store=None,
                    phases: Phases | None = None, jobs: int | None = None) -> Report:
    """The whole curated graph: only nodes described in data/ are reported on; value checks see
    the ontology too. `engine` "sparql" runs the shapes compiled to SPARQL on the embedded store
    (`conflictkg.validation.shaclsparql`), "pyshacl" runs pySHACL on the files parsed with rdflib."""

    if not project.data_files():
        raise UserError(f"{display_path(project.data_dir, project.root)}/ holds no RDF file ({', '.join(DATA_SUFFIXES)}): nothing to "
                        f"validate (an empty graph would 'conform')")
    phases = phases or Phases("validate", False)
    if store is None and engine == "sparql" and _copy_mb(project) <= budget.memory_mb:
        # On an in-memory copy, built and queried in a worker of its own (`_check_on_copy`): with
        # the persistent store not needed, nor built.
        return _graph_report(project, shapes, budget, engine, None, None, phases, jobs, on_copy=True)
    if store is not None:
        return _graph_report(project, shapes, budget, engine, store, None, phases, jobs)
    # The persistent store, built if it is not fresh; its build stays locked while we read it.
    phases.step("opening the embedded store")
    with store_module.reader(project, progress=False) as build:
        return _graph_report(project, shapes, budget, engine, None, str(build.path), phases, jobs,
                             what=f"validating the curated graph on the on-disk store (the in-memory copy, several times "
                                  f"faster, needs --memory {_copy_mb(project)} or more)")


def _graph_report(project: Project, shapes, budget: Budget, engine: str, store, build_path: str | None,
                  phases: Phases, jobs: int | None = None, what: str = "validating the curated graph",
                  on_copy: bool = False) -> Report:
    """The report on the whole graph, from `store`, else from an in-memory copy of the files
    (`on_copy`, see `_check_on_copy`), else from the persistent store at `build_path`."""

    ontology_graphs = [store_module.graph_iri(project, p) for p in project.ontology_files()]
    data_graphs = [store_module.graph_iri(project, p) for p in project.data_files()]
    if engine == "sparql":

        plan = _sparql_plan(project)
        # The worker is forked: it inherits the counter and writes to the same stderr.
        checking = phases.counter(len(plan.checks), "checking", "checks")
        if on_copy:
            raw, counts = run_with_budget(_check_on_copy, project, plan, ontology_graphs, data_graphs, checking, budget,
                                          jobs or default_jobs(), what, phases, budget=budget, what=what, confined=False)
        else:
            raw, counts = _run_plan_in_workers(plan, store, build_path, ontology_graphs, data_graphs, checking,
                                               budget, jobs or default_jobs(), what)
        wanted = shaclsparql.wanted_subjects(raw)
        phases.step(f"locating {len(wanted):,} nodes in the files")
        scan = shaclsparql.scan_files(project.data_files(), project.root, wanted,
                                      values=shaclsparql.wanted_values(plan, raw), jobs=jobs or default_jobs(),
                                      budget=budget)
        outcome = shaclsparql.finish(plan, raw, scan)
        positions = scan.positions_of([r["focus"] for r in outcome["results"]])
    else:
        phases.step("reading the graph with rdflib")
        graph = load_graph(project, data=False)
        data = load_graph(project, ontology=False)
        keep = set(data.subjects())
        triples = list(graph) + list(data)
        del graph, data
        _ensure_warm(shapes, [])
        phases.step(f"validating {len(triples):,} triples with pySHACL")
        outcome = run_with_budget(_run_shacl, triples, shapes, keep, set(), budget=budget, what="validating the curated graph")
        # Counting from the store spares parsing every data file again.
        counts = _graph_counts(store if store is not None else store_module.open_store(_build_of(build_path)), data_graphs)
        positions = _positions_for(project, {r["focus"] for r in outcome["results"]})
    results = []
    for r in outcome["results"]:
        focus = r.pop("focus")
        file, line = positions.get(focus, (None, None))
        results.append(Result(**r, file=file, line=line))
    inputs = [
        InputSummary(display_path(path, project.root), datafiles.format_key(path), counts["triples"].get(iri, 0), [""])
        for path, iri in zip(project.data_files(), data_graphs)
    ]
    if not any(i.triples for i in inputs):
        raise UserError(f"the {len(inputs)} data file(s) hold no triples: nothing to validate (an empty graph would "
                        f"'conform')")
    return Report(
        mode="graph",
        results=_sorted(results),
        inputs=inputs,
        report_turtle=outcome["turtle"],
        focus_nodes=counts["subjects"],
    )


def _build_of(path: str):
    return store_module.Build("base", Path(path), {})


@functools.lru_cache(maxsize=4)
def _sparql_plan_cached(root: str):
    return shaclsparql.compile_shapes(_project_schema(root)[0])


def _sparql_plan(project: Project):
    return _sparql_plan_cached(str(project.root))


# Whole-graph validation on an in-memory copy takes about this many bytes per byte of N-Triples,
# with a margin: the copy holds about 2 (330 bytes a triple) and peaks at about 2.2 while it loads;
# the queries' rows and working memory and the scan bring a whole run to about 4.2 (1M triples:
# 676 MB for 161 MB of N-Triples; see benchmarks/scale_notes.md).
MEMORY_COPY_FACTOR = 6


# Workers that run a whole graph's compiled queries at once, at most: each query is single-threaded
# in Oxigraph, and each worker keeps its own rows, so more than the cores only costs memory.
MAX_JOBS = 4


def default_jobs() -> int:
    """The cores this process may run on, at most MAX_JOBS."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(MAX_JOBS, cores))


def _run_plan_in_workers(plan, store, build_path, ontology_graphs, data_graphs, progress, budget: Budget,
                         jobs: int, what: str = "validating the curated graph", written=None):
    """Run the compiled queries in `jobs` forked workers at once, each taking the next query not yet
    taken (the heaviest kind first, so that no worker is left with a long one at the end), and
    merge their rows. The workers read the same in-memory copy (`_memory_copy`, shared by the fork,
    never written), else each opens the persistent store read-only. Returns (Raw, counts)."""

    jobs = max(1, min(jobs, len(plan.checks)))
    if jobs == 1:
        return run_with_budget(_run_share, plan, None, store, build_path, ontology_graphs, data_graphs, progress,
                               written, budget=budget, what=what)
    # The SHACL-SPARQL constraints read every node of several classes: each takes many times what a
    # property constraint does (benchmarks/scale_notes.md).
    order = sorted(range(len(plan.checks)), key=lambda i: plan.checks[i].kind != "sparql")
    taken = multiprocessing.get_context("fork").Value("i", 0)

    def share():
        while True:
            with taken.get_lock():
                index = taken.value
                if index >= len(order):
                    return
                taken.value = index + 1
            yield plan.checks[order[index]]

    def shown(_done_here: int) -> None:
        if progress is not None:  # how many checks all the workers have taken, not this one's count
            progress(taken.value)

    parts = sandbox.run_all_with_budget(
        [(_run_share, (plan, share, store, build_path, ontology_graphs, data_graphs if n == 0 else None, shown,
                       written))
         for n in range(jobs)],
        budget=budget, what=what,
    )
    counts = parts[0][1]
    rows, seconds = {}, {}
    for raw, _ in parts:
        rows.update(raw.rows)
        seconds.update(raw.seconds)
    # In plan order, as one worker returns them; the distinct data subjects are the store's count.
    rows = {c.id: rows[c.id] for c in plan.checks}
    return shaclsparql.Raw(rows, counts["subjects"], seconds), counts


def _check_on_copy(project: Project, plan, ontology_graphs, data_graphs, progress, budget: Budget, jobs: int,
                   what: str, phases: Phases):
    """In a worker of its own: build the in-memory copy (`_memory_copy`), run `plan` on it in `jobs`
    workers forked from this one (`_run_plan_in_workers`, which they share the copy with) and
    return (Raw, counts).

    Why a worker: the copy (3.4 GB at 10M triples) then goes back to the system the moment the
    worker ends, where freeing it object by object took 8 s at 10M, and the process that scans
    the files and writes the report never holds it. The worker reads the project's own files,
    trusted as the build reads them; the queries run in workers confined as ever."""

    written = shaclsparql.WrittenIntegers(shaclsparql.integer_predicates(plan))
    # Built on a thread of its own for the forked workers' sake (see sandbox.on_own_thread).
    copy = on_own_thread(_memory_copy, project, budget.memory_mb, phases, written)
    if copy is None:  # not expected: the caller checked that it fits (`_copy_mb`)
        raise UserError(f"{what}: the in-memory copy needs --memory {_copy_mb(project)} or more")
    # Kept past this function's return: dropped here, the copy would be freed object by object
    # before the result is sent. The worker ends with os._exit, which hands it back at once.
    _KEPT_UNTIL_EXIT.append(copy)
    return _run_plan_in_workers(plan, copy, None, ontology_graphs, data_graphs, progress, budget, jobs, what, written)


# In the worker of `_check_on_copy`: what its exit, not Python, frees.
_KEPT_UNTIL_EXIT: list = []


def _run_share(plan, share, store, build_path, ontology_graphs, data_graphs, progress=None, written=None):
    """In a worker: run the compiled queries `share()` hands out (all of `plan` without it) on
    `store` (the in-memory copy, `_memory_copy`), else on the persistent store opened read-only;
    `progress(n)` after each query. With `data_graphs`, also count their triples and subjects."""

    if store is None:

        store = ox.Store.read_only(build_path)
    raw = shaclsparql.run_plan(plan, store, ontology_graphs, progress=progress, written=written,
                               checks=share() if share is not None else None)
    return raw, _graph_counts(store, data_graphs) if data_graphs is not None else None


def _memory_copy(project: Project, memory_mb: int, phases: Phases | None = None, written=None):
    """The ontology and data/ in an in-memory store, one named graph per file (as the persistent
    store holds them), or None when the copy would not fit in `memory_mb`.

    Why a copy: the compiled queries test many nodes one at a time, and a lookup costs several
    times more in the on-disk store (RocksDB) than in memory. Loading the cached N-Triples of the
    files (`conflictkg.storage.graphs`) takes a few seconds per million triples, and the queries then run
    3-4 times faster. With `written` (`shaclsparql.WrittenIntegers`), it watches the lines loaded."""

    if _copy_mb(project) > memory_mb:
        return None
    files = project.ontology_files() + project.data_files()
    store = ox.Store()
    for path in files:
        if phases is not None:
            phases.step(f"loading {display_path(path, project.root)}")
        graph = ox.NamedNode(graph_iri(project, path))
        # Straight from the file's N-Triples copy on disk: holding its lines (and joining them into one
        # text, then bytes) took three times the file's size in memory before the store held a triple.
        # `load`, not `bulk_load`: into the in-memory store it is as fast, and its peak is lower
        # (1M triples: 328 MiB above the start against 542, holding 332 against 358 bytes a triple).
        load_ntriples(store, path, ntriples_cache(project), graph,
                      observe=written.feed if written is not None else None)
    return store


def _copy_mb(project: Project) -> int:
    """The memory budget (MB) under which whole-graph validation uses the in-memory copy."""
    files = project.ontology_files() + project.data_files()
    size = sum(p.stat().st_size for p in files if p.exists())
    return -(-size * MEMORY_COPY_FACTOR // (1024 * 1024))


def _graph_counts(store, data_graphs: list[str]) -> dict:
    """Triples per data graph and distinct subjects over them, counted by the store."""
    values = " ".join(f"<{g}>" for g in data_graphs)
    if not values:
        return {"triples": {}, "subjects": 0}
    triples = {
        s["g"].value: int(s["n"].value)
        for s in store.query(f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g")
    }
    subjects = next(iter(store.query(
        f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    )))["n"]
    return {"triples": triples, "subjects": int(subjects.value)}


def _positions_for(project: Project, terms: set) -> dict:
    scan = shaclsparql.scan_files(project.data_files(), project.root, terms, values=set())  # positions only
    return scan.positions_of(list(terms))


def file_positions(paths: Sequence[Path], root: Path) -> dict:
    """term -> (file, line) of its first description in trusted Turtle files."""

    positions: dict = {}
    for path in paths:
        data = path.read_bytes()
        lines = data.decode("utf-8", errors="replace").splitlines()
        reader = LineReader(data)
        name = display_path(path, root)
        for quad in datafiles.parse(path, reader=reader):
            s = from_oxigraph(quad.subject, {}, "")
            if s not in positions:
                line = reader.line
                positions[s] = (name, refine_line(lines, str(s), line) if isinstance(s, URIRef) else line)
    return positions


def _sorted(results: list[Result]) -> list[Result]:
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(
        results,
        key=lambda r: (
            r.file or "\uffff",
            r.line or 0,
            r.focus_node,
            order.get(r.severity, 9),
            r.result_path or "",
            r.source_shape,
            r.value or "",
            r.message,
            r.constraint_component,  # two constraints of one shape may flag the same value
            r.source_constraint or "",
        ),
    )


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


_BY_LENGTH = sorted(DISPLAY_PREFIXES.items(), key=lambda kv: -len(kv[1]))
_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")
_IRI = re.compile(r"https?://[^\s<>\"{}|^`\\]+")


def _prefixed(iri: str) -> str | None:
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and len(iri) > len(ns):
            local = iri[len(ns):]
            if _LOCAL.fullmatch(local) and not local.endswith("."):
                return f"{prefix}:{local}"
    return None


def short(text: str | None) -> str:
    """A term (IRI, _:blank, literal in N-Triples form) or a path, written with project prefixes."""
    if text is None:
        return ""
    if text.startswith('"'):
        # A literal: only its datatype is an IRI; its lexical form is left as it is.
        match = re.match(r'^(".*")\^\^<([^>]*)>$', text, re.DOTALL)
        if match:
            return match.group(1) + "^^" + (_prefixed(match.group(2)) or f"<{match.group(2)}>")
        return text
    if _IRI.fullmatch(text):
        return _prefixed(text) or f"<{text}>"
    return re.sub(r"<(https?://[^>\s]+)>", lambda m: _prefixed(m.group(1)) or m.group(0), text)


def short_message(text: str) -> str:
    """A message with the full IRIs pySHACL substituted into it written with project prefixes."""

    def one(match) -> str:
        iri = match.group(0)
        trail = re.search(r"[.,;:)\]]+$", iri)
        tail = trail.group(0) if trail else ""
        iri = iri[: len(iri) - len(tail)]
        return (_prefixed(iri) or iri) + tail

    return _IRI.sub(one, text)


def _safe(text: str) -> str:
    """No control characters reach the terminal."""
    return "".join(c if (c >= " " and c != "\x7f") or c == "\t" else f"\\x{ord(c):02x}" for c in text)


# How many results the text report details by default (`--max-results`); the summary counts all.
MAX_RESULTS = 100


def render_text(report: Report, *, strict: bool = False, summary: bool = False,
                max_results: int | None = MAX_RESULTS) -> str:
    """The report for people: the verdict and the results grouped by kind first ("840 × Warning
    [shape], e.g. ..."), then the results node by node (at most `max_results`, None or 0 for all;
    none with `summary`), then the verdict again. JSON and Turtle always hold every result."""
    verdict = _verdict(report, strict)
    if not report.results:
        return verdict + "\n"
    lines = [verdict]
    lines += _kinds(report.results)
    if summary:
        return _blank_names("\n".join(lines) + "\n", report.blank_names)
    lines.append("")
    limit = max_results or len(report.results)
    shown = 0
    by_focus: dict = {}
    for r in report.results:
        by_focus.setdefault((r.file, r.line, r.focus_node), []).append(r)
    for (file, line, focus), items in by_focus.items():
        if shown >= limit or shown + 1 + len(_folded(items)[0][1]) > limit:
            break
        where = f"{file}:{line}" if file and line else (file or "(context)")
        graphs = [g for g in items[0].graphs if g]
        in_graph = f"  in graph {', '.join(short(g) for g in graphs)}" if graphs else ""
        lines.append(f"{_safe(where)}: {_safe(short(focus))}{_safe(in_graph)}")
        for r, also in _folded(items):
            if shown + 1 + len(also) > limit and shown:
                break
            shown += 1 + len(also)
            path = short(r.result_path) if r.result_path else "(node)"
            value = f" = {_safe(short(r.value))}" if r.value is not None else ""
            if len(value) > 120:
                value = value[:117] + "..."
            lines.append(f"  {r.severity}: {_safe(path)}{value}")
            lines.append(f"    {_safe(short_message(r.message))}")
            for a in also:
                lines.append(f"    (so also: {_safe(short_message(a.message))})")
            sources = [_source(x) for x in [r, *also]]
            lines.append(f"    [{_safe('; '.join(sources))}]")
        lines.append("")
    hidden = len(report.results) - shown
    if hidden > 0:
        lines.append(f"... {hidden} more result(s) not shown (--max-results N shows more, --max-results 0 all; "
                     f"--format json lists every one)")
        lines.append("")
    lines.append(verdict)
    return _blank_names("\n".join(lines) + "\n", report.blank_names)


_BLANK = re.compile(r"_:(f\d+b\d+)\b")


def _blank_names(text: str, names: dict) -> str:
    """Blank nodes written with the labels their files gave them (`_:event`, not `_:f1b1`)."""
    if not names:
        return text
    return _BLANK.sub(lambda m: "_:" + names.get(m.group(1), m.group(1)), text)


def _verdict(report: Report, strict: bool) -> str:
    counts = report.counts
    scope = (
        f"{sum(i.triples for i in report.inputs)} triples in {len(report.inputs)} file(s), "
        f"{report.focus_nodes} nodes checked"
        + (f", {report.context_triples} triples of context" if report.mode == "submission" else "")
    )
    verdict = "FAILS" if report.exit_code(strict) else "conforms"
    return (f"{verdict}: {counts['Violation']} violation(s), {counts['Warning']} warning(s), {counts['Info']} info ({scope})"
            + (" [--strict: warnings fail]" if strict and counts["Warning"] and not counts["Violation"] else ""))


def _source(r: Result) -> str:
    source = short(r.source_shape)
    if r.source_constraint:
        source += " / " + short(r.source_constraint)
    return f"{source}, {short(r.constraint_component)}"


def _kinds(results: list[Result]) -> list[str]:
    """One line per kind of result (severity and the shape and constraint that raised it), most
    frequent first: "  840 × Warning [shape:EventShape / shape:DuplicateEventConstraint], e.g. FILE:LINE
    NODE: MESSAGE"."""
    groups: dict = {}
    for r in results:
        groups.setdefault((r.severity, r.source_shape, r.source_constraint, r.constraint_component), []).append(r)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    lines = []
    for key, items in sorted(groups.items(), key=lambda kv: (order.get(kv[0][0], 9), -len(kv[1]))):
        first = items[0]
        where = f"{first.file}:{first.line} " if first.file and first.line else ""
        message = short_message(first.message)
        if len(message) > 160:
            message = message[:159].rsplit(" ", 1)[0] + "…"
        example = f"{where}{short(first.focus_node)}: {message}"
        lead = "e.g. " if len(items) > 1 else ""
        lines.append(f"  {len(items)} × {first.severity} [{_safe(_source(first))}], {lead}{_safe(example)}")
    return lines


def _folded(items: list[Result]) -> list[tuple[Result, list[Result]]]:
    """A node's results, each with the results that follow from it: a reference to a node that is
    nowhere also fails the class or node check of the same value; the reference is the mistake,
    reported once, the rest noted under it."""
    unresolved = {(r.severity, r.result_path, r.value): r for r in items
                  if (r.source_constraint or "").endswith(_RESOLVED) and r.value is not None}
    out: list[tuple[Result, list[Result]]] = []
    followers: dict[int, list[Result]] = {}
    for r in items:
        lead = unresolved.get((r.severity, r.result_path, r.value))
        if lead is not None and lead is not r:
            followers.setdefault(id(lead), []).append(r)
    for r in items:
        lead = unresolved.get((r.severity, r.result_path, r.value))
        if lead is not None and lead is not r:
            continue
        out.append((r, followers.get(id(r), [])))
    return out


def render_json(report: Report, *, strict: bool = False) -> str:
    return json.dumps(report.to_json(strict), indent=2, ensure_ascii=False) + "\n"
