"""`conflictkg submit`: a new event, claims, actors or places enter data/ validated, attributed, and
never half-written.

The steps, in order:

1. Read the file with the project's safe loader (`load_submission`).
2. Refuse what a submission may not contain: unresolved `ckg:draftNote`s left by `draft` or `new`,
   provenance records (ckg:Submission and its properties belong to `submit`), new nodes outside
   the data namespace (ontology terms and vocabulary concepts are curated in ontology/), IRIs not
   in their RFC 3986 normal form or non-ASCII in the project's namespace (conflictkg.model.identity),
   quotes not in the held text of the curated document they cite (conflictkg.submission.quotes), and, before
   validating, more claims than the limits allow (conflictkg.submission.limits).
3. Validate exactly as `conflictkg validate` does (`validate_submission`): violations refuse the
   submission; warnings are shown and refuse it only with --strict.
4. Statements about nodes already in the graph: those that refine or extend them (a finer date,
   places, participations, aliases...) are accepted and each gets a ckg:StatementRecord saying
   which section supports it; anything that would contradict or rewrite them is refused, with how
   to say it as a claim (`conflictkg.submission.enrich`).
5. Give blank nodes (temporary IDs) stable, readable IRIs (`mint`).
6. Report possible duplicates of the new events, and new actors and places that read like
   existing ones (conflictkg.model.identity); --force accepts them anyway.
7. Under the lock on data/: re-read what other writers added meanwhile, redo 4-6 against it, and
   write the submission with its ckg:Submission record as one new canonical Turtle file under
   data/submissions/, atomically (temporary file, fsync, rename). Nothing in data/ changes before
   that rename, so a refused, failed or killed submission leaves data/ byte for byte as it was.

Validation runs before the lock, so concurrent submissions validate in parallel. That is sound
because a submission only adds triples about new subjects, and step 7 re-checks everything that
depends on what the others wrote (existing subjects, names, duplicates).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from anyascii import anyascii
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from conflictkg.core.atomic import atomic_write_text, temporary_files
from conflictkg.core.errors import UserError
from conflictkg.core.lock import data_lock
from conflictkg.core.paths import Project, file_stamp
from conflictkg.core.sandbox import Budget, run_with_budget
from conflictkg.model.dates import parse_date
from conflictkg.model.duplicates import EVENT_CLASSES, event_facts, possible_duplicates
from conflictkg.model.identity import impersonation_problems, iri_problems, normal_iri
from conflictkg.model.names import normalise
from conflictkg.model.namespaces import (
    ACTOR,
    CKG,
    CLAIM,
    EVENT,
    GEO,
    GEOM,
    GROUP,
    ID,
    PART,
    PLACE,
    RECORD,
    SOURCE,
    SUBMISSION,
    bind_prefixes,
)
from conflictkg.rdf import datafiles, safeload
from conflictkg.rdf.rdfio import canonical_turtle, load_graph, parse_turtle_file, to_oxigraph
from conflictkg.submission import enrich
from conflictkg.submission.authors import check_author
from conflictkg.submission.limits import limit_problems, refuse_over_limits
from conflictkg.submission.problems import Refused
from conflictkg.submission.problems import show as _show
from conflictkg.submission.problems import term as _q
from conflictkg.submission.quotes import quote_problems
from conflictkg.validation import validate as validator

ENV_HOOK = "CONFLICTKG_TEST_HOOK"  # "<point>:<flag file>": tests pause a submit there to kill it
PROVENANCE_TERMS = {CKG.Submission, CKG.submittedBy, CKG.submittedAt, CKG.contentHash, CKG.citesSource, CKG.added}


REWRITE_HINT = ("give it its type as the graph has it to add to it (docs/submitting.md, \"Adding to what the graph holds\"), "
                "or say it as a new ckg:Claim with ckg:about the node, ckg:claimant, "
                "ckg:source, ckg:stance and ckg:quote (see docs/submitting.md)")


# --------------------------------------------------------------------------------------------
# Reading and validating, as `conflictkg validate` does; the graph submissions are checked against
# --------------------------------------------------------------------------------------------


@dataclass
class Submission:
    """A submitted file as read: its name, its triples, and what the project validator needs of it."""

    name: str
    graph: Graph
    source: object  # the conflictkg.rdf.safeload.Source, for the validator


def load_submission(project: Project, path: Path, fmt: str | None = None) -> Submission:
    """The submission, read by `conflictkg.rdf.safeload` in its sandboxed worker, exactly as
    `conflictkg validate` reads it (limits, strict terms, no remote context, content policy)."""

    limits = safeload.Limits()
    source = safeload.read_source(str(path), fmt, limits)
    policy = safeload.policy_from_ontology(load_graph(project, data=False))
    context_text = safeload.read_project_context() if source.format == "jsonld" else None
    try:
        loaded = run_with_budget(safeload.load_sources, [source], limits, policy, context_text,
                                 budget=Budget(), what=f"reading {source.name}")
    except UserError as exc:  # safeload.Refused, as the sandboxed worker hands it back
        # The loader refuses an untyped subject before submit can see that it is an existing node.
        if "no rdf:type" in exc.message:
            raise UserError(f"{exc.message}; if that node is already in the graph, {REWRITE_HINT}") from None
        raise
    if any(g is not None for *_, g in loaded.quads):
        raise UserError(f"{source.name}: a submission is one graph: named graphs are not accepted")
    graph = Graph()
    bind_prefixes(graph)
    for s_, p_, o_, _ in loaded.quads:
        graph.add((s_, p_, o_))
    return Submission(source.name, graph, source)


def project_graph(project: Project) -> Graph:
    """Ontology, vocabularies and curated data, as submissions are checked against (switch to the
    persistent store here)."""

    return load_graph(project)


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[str] = field(default_factory=list)  # refuse the submission
    warnings: list[str] = field(default_factory=list)  # shown; refuse it with --strict
    infos: list[str] = field(default_factory=list)  # shown


def validate_submission(project: Project, submission: Submission) -> ValidationReport:
    """Validate the submission exactly as `conflictkg validate FILE` does (conflictkg.validation.validate)."""

    report = validator.validate([submission.source], project=project)
    out = ValidationReport(report.conforms)
    for r in report.results:
        focus = r.focus_node
        shown = _show(submission.graph, BNode(focus[2:])) if focus.startswith("_:") else validator.short(focus)
        where = f"line {r.line}: " if r.line else ""
        path = f" {validator.short(r.result_path)}" if r.result_path else ""
        text = f"{where}{shown}{path}: {validator.short_message(r.message)}"
        target = {"Violation": out.violations, "Warning": out.warnings}.get(r.severity, out.infos)
        if text not in target:
            target.append(text)
    return out


# --------------------------------------------------------------------------------------------
# Checks that need no validator
# --------------------------------------------------------------------------------------------

def rewrite_problems(graph: Graph, base: Graph) -> list[str]:
    """One line per statement about an existing node that the submission may not add, with how to
    say it instead (the rules are in `conflictkg.submission.enrich`)."""
    return enrich.analyse(graph, base).problems


def policy_problems(graph: Graph) -> list[str]:
    problems = []
    notes = sorted(graph.subject_objects(CKG.draftNote), key=lambda so: (str(so[0]), str(so[1])))
    for node, note in notes:
        problems.append(f"unresolved draft note on {_show(graph, node)}: {note} (resolve it, then delete the "
                        f"ckg:draftNote line)")
    forged = sorted({_q(t) for triple in graph for t in (triple[1], triple[2]) if t in PROVENANCE_TERMS})
    if forged:
        problems.append(f"the file uses {', '.join(forged)}: provenance records are written by submit, not submitted")
    for s in sorted({s for s in graph.subjects() if isinstance(s, URIRef)}, key=str):
        # On the RFC 3986 normal form: ".../id/../ontology#X" starts with the data namespace but is not in it.
        if not normal_iri(str(s)).startswith(str(ID)):
            problems.append(f"{_q(s)} is not a data node (under {ID}): ontology terms, vocabulary concepts and "
                            f"outside IRIs are curated in ontology/, not submitted")
    return problems


# --------------------------------------------------------------------------------------------
# Naming: temporary IDs become readable IRIs
# --------------------------------------------------------------------------------------------

def _local(iri) -> str:
    return re.split(r"[/#]", str(iri).rstrip("/#"))[-1]


def slugify(text: str, limit: int = 80) -> str:
    """An ASCII slug of `text` of at most `limit` characters: "Ḥamā strike" -> "hama-strike";
    other scripts are transliterated ("巴尔米拉" -> "baermila"), so minted IRIs and file names are
    ASCII whatever the label's script, and their length in bytes is their length in characters."""

    slug = normalise(anyascii(normalise(text))).replace(" ", "-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug.strip("-")


def _subclasses(base: Graph, root) -> set:
    return set(base.transitive_subjects(RDFS.subClassOf, root))


def _date_prefix(value, precision) -> str:
    if not isinstance(value, Literal):
        return ""
    text = str(value)[:10]
    if precision is not None and _local(precision) == "year":
        return text[:4]
    if precision is not None and _local(precision) == "month":
        return text[:7]
    return text


_PAREN_AT_END = re.compile(r"\s*\(([^()]*)\)\s*$")


def _event_slug(g: Graph, node) -> str:
    label = str(g.value(node, RDFS.label) or "")
    prefix = ""
    if m := _PAREN_AT_END.search(label):
        try:
            span = parse_date(m.group(1))
        except ValueError:
            span = None
        if span is not None:
            label = label[: m.start()]
            prefix = {"day": span.start.isoformat(), "month": span.start.isoformat()[:7], "year": str(span.start.year)}[span.precision]
    slug = slugify(label)
    if not slug:
        kind = g.value(node, CKG.eventType)
        slug = _local(kind) if kind is not None else "event"
    if not prefix and not re.match(r"^\d{4}(?:-|$)", slug):
        prefix = _date_prefix(g.value(node, CKG.startDate), g.value(node, CKG.datePrecision))
    return f"{prefix}-{slug}" if prefix else slug


class _Namer:
    """Stable names: the same submission against the same graph always gets the same IRIs."""

    def __init__(self, graph: Graph, base: Graph):
        self.g = graph
        self.base = base
        self.mapping: dict[BNode, URIRef] = {}
        self.taken = {t for triple in base for t in triple if isinstance(t, URIRef)}
        self.taken |= {t for triple in graph for t in triple if isinstance(t, URIRef)}
        # In naming order: a source's name uses its publisher's, a section's its document's, a
        # claim's its event's, claimant's and section's.
        self.classes = {
            "event": _subclasses(base, CKG.Event) | set(EVENT_CLASSES) | {CKG.Event},
            "actor": _subclasses(base, CKG.Actor) | {CKG.Actor},
            "place": _subclasses(base, CKG.Place) | {CKG.Place},
            "group": {CKG.Group},
            "source": {CKG.SourceDocument},
            "section": {CKG.DocumentSection},
            "geometry": {GEO.Geometry},
            "participation": {CKG.Participation},
            "claim": {CKG.Claim},
            "record": {CKG.StatementRecord},
        }

    def name(self, term) -> str:
        """The local name a node has or will have."""
        if isinstance(term, BNode):
            return _local(self.mapping[term]) if term in self.mapping else "x"
        return _local(term) if term is not None else ""

    def kind(self, node) -> str | None:
        types = set(self.g.objects(node, RDF.type))
        for kind, classes in self.classes.items():
            if types & classes:
                return kind
        return None

    def base_slug(self, node, kind: str) -> tuple[URIRef, str]:
        g = self.g
        if kind == "event":
            return EVENT, _event_slug(g, node)
        if kind == "source":
            label = _PAREN_AT_END.sub("", str(g.value(node, RDFS.label) or "")) or _local(g.value(node, CKG.url) or "source")
            publisher = g.value(node, CKG.publisher)
            slug = slugify(label)
            return SOURCE, f"{self.name(publisher)}-{slug}" if publisher is not None else slug
        if kind == "section":
            doc = g.value(node, CKG.sectionOf)
            return SOURCE, "-".join(x for x in (self.name(doc), slugify(str(g.value(node, RDFS.label) or "section"))) if x)
        if kind == "actor":
            return ACTOR, slugify(str(g.value(node, RDFS.label) or "actor")) or "actor"
        if kind == "place":
            return PLACE, slugify(str(g.value(node, RDFS.label) or "place")) or "place"
        if kind == "group":
            return GROUP, slugify(str(g.value(node, RDFS.label) or "group")) or "group"
        if kind == "geometry":
            owner = next(iter(g.subjects(GEO.hasGeometry, node)), None)
            return GEOM, self.name(owner) if owner is not None else "geometry"
        if kind == "participation":
            event = next(iter(g.subjects(CKG.hasParticipation, node)), None)
            agent = g.value(node, CKG.agent)
            agent_slug = "unknown" if agent == CKG.unknownActor else self.name(agent)
            side = g.value(node, CKG.side)
            parts = [self.name(event) if event is not None else "event", agent_slug, self.name(g.value(node, CKG.role))]
            if side is not None:
                parts += ["side", str(side)]
            return PART, "-".join(p for p in parts if p)
        if kind == "record":
            # <node>-<property>-<a digest of the value>: one record per statement, stable across runs.
            subject, predicate, value = (g.value(node, p) for p in (RDF.subject, RDF.predicate, RDF.object))
            digest = hashlib.sha256((value.n3() if value is not None else "").encode("utf-8")).hexdigest()[:8]
            return RECORD, "-".join(x for x in (self.name(subject), _local(predicate or "statement"), digest) if x)
        # claim
        about = g.value(node, CKG.about)
        section = g.value(node, CKG.source)
        section_label = g.value(section, RDFS.label) if section is not None else None
        if section_label is None and isinstance(section, URIRef):
            section_label = self.base.value(section, RDFS.label)
        group = g.value(node, CKG.appliesTo)
        parts = [self.name(about) or "claim", self.name(g.value(node, CKG.claimant)), self.name(g.value(node, CKG.measure)),
                 slugify(str(section_label)) if section_label is not None else "",
                 self.name(group) if group is not None else ""]
        return CLAIM, "-".join(p for p in parts if p)

    def mint(self) -> dict[BNode, URIRef]:
        order = list(self.classes)
        nodes = {n for n in self.g.subjects() if isinstance(n, BNode)} | {n for n in self.g.objects() if isinstance(n, BNode)}
        by_kind: dict[str, list] = {k: [] for k in order}
        for node in nodes:
            kind = self.kind(node)
            if kind is None:
                raise Refused("", [f"{_show(self.g, node)} has no type that says what it is (a ckg:Claim, "
                                   f"ckg:Participation, ckg:Place...): add one so that it can be named"],
                              "a node without a type cannot be named")
            by_kind[kind].append(node)
        for kind in order:
            pending = [(self.base_slug(n, kind), _stable_key(self.g, n), n) for n in by_kind[kind]]
            for (ns, slug), _, node in sorted(pending, key=lambda x: (x[0][1], x[1])):
                iri, n = URIRef(ns + slug), 2
                while iri in self.taken:
                    iri, n = URIRef(f"{ns}{slug}-{n}"), n + 1
                self.taken.add(iri)
                self.mapping[node] = iri
        return self.mapping


def _stable_key(g: Graph, node) -> str:
    return "\n".join(sorted(f"{p.n3()} {o.n3() if not isinstance(o, BNode) else '_'}" for p, o in g.predicate_objects(node)))


def mint(graph: Graph, base: Graph) -> Graph:
    """The submission with every blank node replaced by a new IRI of its kind (event:, claim:, part:...)."""
    mapping = _Namer(graph, base).mint()
    out = Graph()
    bind_prefixes(out)
    for s, p, o in graph:
        out.add((mapping.get(s, s), p, mapping.get(o, o)))
    return out


# --------------------------------------------------------------------------------------------
# Duplicates, provenance, writing
# --------------------------------------------------------------------------------------------


def new_events(graph: Graph, base: Graph | None = None) -> list[URIRef]:
    """The events the submission adds (not those it restates to enrich them)."""
    found = {s for cls in EVENT_CLASSES for s in graph.subjects(RDF.type, cls)}
    return sorted(s for s in found if base is None or (s, None, None) not in base)


def added_nodes(minted: Graph, base: Graph) -> list[URIRef]:
    """The nodes a submission adds: its subjects that the graph does not hold yet (statement records
    included; the existing nodes it enriches are not)."""
    return sorted({s for s in minted.subjects() if isinstance(s, URIRef) and (s, None, None) not in base})


def duplicate_problems(minted: Graph, base: Graph) -> list[str]:
    # New actors and places that read like existing ones are possible duplicates too (--force).
    problems = impersonation_problems(minted, base)
    events = new_events(minted, base)
    if not events:
        return problems
    union = Graph()
    for t in base:
        union.add(t)
    for t in minted:
        union.add(t)
    for event in events:
        for old in possible_duplicates(union, event_facts(union, event), exclude=set(events)):
            label = base.value(old, RDFS.label)
            problems.append(f"{_q(event)} may duplicate {_q(old)}" + (f" ({label})" if label else "")
                            + ": same type, dates within a day, same or enclosing place. If it is the same event, "
                              f"submit claims with ckg:about {_q(old)} instead; if not, submit again with --force")
    return problems


def canonical_ntriples(graph: Graph) -> bytes:
    """Sorted N-Triples, one per line, as Oxigraph writes them: the form the content hash is taken of."""

    return datafiles.canonical_ntriples(datafiles.triple(*(to_oxigraph(t) for t in triple)) for triple in graph)


def content_hash(graph: Graph) -> str:
    """SHA-256 of `canonical_ntriples`: written in each submission's record, checked on the bytes written."""
    return hashlib.sha256(canonical_ntriples(graph)).hexdigest()


def cited_urls(graph: Graph, base: Graph) -> list[str]:
    """URLs of the source documents the submission cites, directly or through a section."""
    union = [graph, base]

    def value(s, p):
        for g in union:
            v = g.value(s, p)
            if v is not None:
                return v
        return None

    urls = set()
    for section in set(graph.objects(None, CKG.source)) | set(graph.subjects(RDF.type, CKG.SourceDocument)):
        doc = value(section, CKG.sectionOf) or section
        url = value(doc, CKG.url)
        if url is not None:
            urls.add(str(url))
    return sorted(urls)


def git_identity(project: Project) -> str | None:
    def config(key):
        try:
            out = subprocess.run(["git", "-C", str(project.root), "config", key], capture_output=True, text=True,
                                 timeout=10, check=False)
        except (OSError, subprocess.SubprocessError):
            return None
        return out.stdout.strip() or None

    name, email = config("user.name"), config("user.email")
    if name and email:
        return f"{name} <{email}>"
    return name or email


@dataclass
class Accepted:
    submission: URIRef
    path: Path | None  # None for a dry run
    added: list[URIRef]
    turtle: str
    warnings: list[str]
    content_hash: str
    infos: list[str] = field(default_factory=list)


def _main_slug(minted: Graph, base: Graph | None = None) -> str:
    events = new_events(minted, base)
    if events:
        # The file is named after the submission's main event: not one that is part of another new
        # event (a battle's airstrike), and of those the one most claims are about.
        inside = {e for e in events for whole in minted.objects(e, CKG.partOf) if whole in events}
        tops = [e for e in events if e not in inside] or events
        return _local(min(tops, key=lambda e: (-len(set(minted.subjects(CKG.about, e))), str(e))))
    abouts = sorted({o for o in minted.objects(None, CKG.about) if isinstance(o, URIRef)})
    if abouts:
        return _local(abouts[0]) + "-claims"
    enriched = sorted(set(minted.objects(None, RDF.subject)))
    if enriched:
        return _local(enriched[0]) + "-additions"
    subjects = sorted(s for s in minted.subjects() if isinstance(s, URIRef))
    return _local(subjects[0]) if subjects else "submission"


# File names stay far below the 255-byte limit of common file systems: date (10) + slug + hash (9) + ".ttl".
STEM_SLUG_LIMIT = 80


def record(minted: Graph, base: Graph, taken: set, *, author: str, now: dt.datetime, existing_files: set[str]) -> tuple[URIRef, Graph, str]:
    """The ckg:Submission record of `minted` and the file stem it is written under: the date, an
    ASCII slug of the main node and the first 8 hex digits of the content hash, so the name is
    bounded in bytes whatever the script of the labels it comes from."""
    digest = content_hash(minted)
    slug = slugify(_main_slug(minted, base).replace("-", " "), STEM_SLUG_LIMIT) or "submission"
    stem = f"{now.date().isoformat()}-{slug}-{digest[:8]}"
    candidate, n = stem, 2
    while URIRef(SUBMISSION + candidate) in taken or candidate in existing_files:
        candidate, n = f"{stem}-{n}", n + 1
    node = URIRef(SUBMISSION + candidate)
    rec = Graph()
    rec.add((node, RDF.type, CKG.Submission))
    rec.add((node, CKG.submittedBy, Literal(author)))
    rec.add((node, CKG.submittedAt, Literal(now.isoformat(), datatype=XSD.dateTime)))
    rec.add((node, CKG.contentHash, Literal(digest)))
    for url in cited_urls(minted, base):
        rec.add((node, CKG.citesSource, Literal(url, datatype=XSD.anyURI)))
    for s in added_nodes(minted, base):
        rec.add((node, CKG.added, s))
    return node, rec, candidate


def verify_rendered(turtle: str, target: Path, minted: Graph, node: URIRef, digest: str) -> None:
    """Defence in depth: the exact bytes about to be written, read back by the reader that builds
    the store (conflictkg.rdf.datafiles), must be the validated submission plus its provenance record
    and nothing else, and its content hash must be the one recorded. Anything else means some text
    (a header comment, a name) changed what the file says: refused, nothing written."""

    try:
        written = set(datafiles.parse_triples(turtle.encode("utf-8"), target))
    except UserError as exc:
        raise UserError(f"internal error: the file about to be written does not parse ({exc.message}); "
                        f"nothing was written") from None
    recorded = {t for t in written if t.subject.value == str(node)}
    body = written - recorded
    expected = {datafiles.triple(*(to_oxigraph(t) for t in triple)) for triple in minted}
    if body != expected:
        extra, missing = len(body - expected), len(expected - body)
        raise UserError(f"internal error: the file about to be written reads back as {extra} triple(s) that were "
                        f"not validated and without {missing} that were; nothing was written")
    if datafiles.content_hash(body) != digest:
        raise UserError("internal error: the content hash does not match the file's triples; nothing was written")


def _hook(point: str) -> None:
    """Test hook: with $CONFLICTKG_TEST_HOOK="<point>:<flag file>", create the flag file at that
    point and wait there, so that a test can kill the process at a known moment."""
    spec = os.environ.get(ENV_HOOK, "")
    if not spec.startswith(point + ":"):
        return
    Path(spec[len(point) + 1:]).touch()
    time.sleep(120)


def _fingerprint(project: Project) -> dict[str, tuple[int, int, int, int]]:
    return {str(path.relative_to(project.root)): file_stamp(path) for path in project.data_files()}


def _refresh(project: Project, base: Graph, before: dict) -> Graph:
    """`base` brought up to date with what other writers added since `before` was taken: new
    submission files are parsed into it; any other change means reading everything again."""
    now = _fingerprint(project)
    if now == before:
        return base
    changed = {k for k in now if before.get(k) != now[k]} | {k for k in before if k not in now}
    subs = str(project.submissions_dir.relative_to(project.root)) + os.sep
    if all(k.startswith(subs) and k not in before for k in changed):
        for k in sorted(changed):
            parse_turtle_file(project.root / k, base)
        return base
    return project_graph(project)


def submit_file(project: Project, path: Path, *, author: str | None = None, strict: bool = False,
                force: bool = False, dry_run: bool = False, now: dt.datetime | None = None,
                fmt: str | None = None) -> Accepted:
    """Check `path` and, unless it is a dry run, add it to data/. Raises Refused (exit 1) with every
    problem found, or UserError (exit 2) for input that cannot be read."""
    if author is not None:
        author = check_author(author)  # before anything else: it is written into the file's header
    submission = load_submission(project, path, fmt)
    name, graph = submission.name, submission.graph
    if len(graph) == 0:
        raise Refused(name, [f"{name}: the file has no triples"])
    problems = policy_problems(graph)
    if any(p.startswith("unresolved draft note") for p in problems):
        raise Refused(name, problems)
    if author is None:
        author = git_identity(project)
        if not author:
            raise UserError("no author: pass --author NAME, or set `git config user.name`")
    author = check_author(author)
    before = _fingerprint(project)
    base = project_graph(project)
    refuse_over_limits(name, graph, base)  # before validating: an oversized submission costs nothing to refuse
    report = validate_submission(project, submission)
    problems += report.violations
    enrichment = enrich.analyse(graph, base)
    problems += enrichment.problems
    problems += iri_problems(graph)
    problems += quote_problems(project, graph, base)
    if strict and report.warnings:
        problems += [f"warning (refused with --strict): {w}" for w in report.warnings]
    if problems:
        raise Refused(name, problems)
    try:
        minted = mint(enrich.add_records(graph, enrichment), base)
    except Refused as exc:
        raise Refused(name, exc.problems) from None
    if not force:
        dups = duplicate_problems(minted, base) + enrichment.possible_duplicates
        if dups:
            raise Refused(name, dups, f"{name}: refused: possible duplicate(s) of what the graph holds; data/ is unchanged (--force to submit anyway)")
    now = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)

    def render(minted: Graph, base: Graph) -> tuple[URIRef, str, str, str]:
        taken = {t for triple in base for t in triple if isinstance(t, URIRef)}
        existing = {p.stem for p in project.submissions_dir.glob("*.ttl")} if project.submissions_dir.is_dir() else set()
        node, rec, stem = record(minted, base, taken, author=author, now=now, existing_files=existing)
        full = Graph()
        bind_prefixes(full)
        for t in minted:
            full.add(t)
        for t in rec:
            full.add(t)
        digest = str(rec.value(node, CKG.contentHash))
        header = (f"Submission {_q(node)}: accepted {now.isoformat()} from {Path(name).name}, "
                  f"submitted by {author}.\nWritten by `conflictkg submit`. Its content hash is the SHA-256 of the "
                  f"sorted N-Triples of this file\nwithout the ckg:Submission record.")
        return node, stem, canonical_turtle(full, header=header), digest

    if dry_run:
        node, stem, turtle, digest = render(minted, base)
        verify_rendered(turtle, project.submissions_dir / f"{stem}.ttl", minted, node, digest)
        return Accepted(node, None, added_nodes(minted, base), turtle, report.warnings, digest, report.infos)

    with data_lock(project):
        _hook("locked")
        # A hidden temporary file in data/submissions/ now was left by a writer that died holding
        # the lock between writing and renaming: it never landed, and no reader reads it.
        for stale in temporary_files(project.submissions_dir):
            stale.unlink(missing_ok=True)
        base = _refresh(project, base, before)
        # Against what other writers added meanwhile: rewrites, and the per-event claim limit.
        enrichment = enrich.analyse(graph, base)
        problems = enrichment.problems + limit_problems(graph, base)
        if problems:
            raise Refused(name, problems)
        minted = mint(enrich.add_records(graph, enrichment), base)
        if not force:
            dups = duplicate_problems(minted, base) + enrichment.possible_duplicates
            if dups:
                raise Refused(name, dups, f"{name}: refused: possible duplicate(s) of what the graph holds; data/ is unchanged (--force to submit anyway)")
        node, stem, turtle, digest = render(minted, base)
        target = project.submissions_dir / f"{stem}.ttl"
        verify_rendered(turtle, target, minted, node, digest)
        atomic_write_text(target, turtle, before_replace=lambda: _hook("before-rename"))
    return Accepted(node, target, added_nodes(minted, base), turtle, report.warnings, digest, report.infos)
