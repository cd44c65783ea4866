"""Submissions over HTTP: the validation report, the merge, and the submission form.

The server validates and merges exactly as the command line does; the two calls into the modules
that do it are here and nowhere else:

- `validation_report`: `conflictkg.validation.validate.validate` on the body (read by `conflictkg.rdf.safeload`),
  its JSON report as `conflictkg validate --format json` prints it;
- `merge`: `conflictkg.submission.submit.submit_file`, which validates again, refuses rewrites, mints IRIs,
  records provenance and writes one file under data/submissions/ atomically under the data lock.

The form on /submit is turned into Turtle here (every term written by pyoxigraph's serialiser,
so a field cannot inject syntax), and the report's results are mapped back to the fields they
concern by the line of their focus node and their property.
"""

from __future__ import annotations

import hmac
import importlib.util
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from conflictkg.core.errors import StorageError, UserError
from conflictkg.core.paths import Project
from conflictkg.core.sandbox import Budget
from conflictkg.model.namespaces import CKG, PREFIXES
from conflictkg.storage import store as kgstore

# Media type -> (format name for the loader, file extension).
MEDIA_FORMATS = {
    "text/turtle": ("turtle", ".ttl"),
    "application/x-turtle": ("turtle", ".ttl"),
    "application/n-triples": ("ntriples", ".nt"),
    "application/ld+json": ("jsonld", ".jsonld"),
    "application/json": ("jsonld", ".jsonld"),
}
FORM_FORMATS = {"turtle": ("turtle", ".ttl"), "jsonld": ("jsonld", ".jsonld")}


class Unavailable(Exception):
    """A module the server needs for submissions is not installed in this version."""


def modules_available() -> dict[str, bool]:
    modules = {"validate": "validation.validate", "submit": "submission.submit", "safeload": "rdf.safeload"}
    return {name: importlib.util.find_spec(f"conflictkg.{path}") is not None for name, path in modules.items()}


def check_token(configured: str | None, header: str | None) -> int | None:
    """None if the request may write; else the status to answer: 403 when writes are disabled on
    this server or the token is wrong, 401 when the request carries no token."""
    if not configured:
        return 403
    if not header:
        return 401
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return 401
    if not hmac.compare_digest(token.strip().encode("utf-8"), configured.encode("utf-8")):
        return 403
    return None


# --------------------------------------------------------------------------------------------
# The two calls into validate and submit
# --------------------------------------------------------------------------------------------


def validation_report(project: Project, data: bytes, fmt: str, name: str, timeout: float = 60.0) -> dict:
    """The validation report of a submission as JSON-ready data (the `conflictkg validate
    --format json` schema), or a refusal of the input itself (`refused`), validated within
    `timeout` seconds."""
    try:
        # Checked when a submission arrives: a server can run without them (see modules_available).
        from conflictkg.rdf.safeload import Source
        from conflictkg.validation.validate import validate
    except ImportError:
        raise Unavailable("validation needs conflictkg.validation.validate, which this version does not have yet") from None

    try:
        # The context of the submission is read from the current build (what the server serves),
        # not by loading data/ again for every request.
        with kgstore.reader(project, progress=False) as build:
            report = validate([Source(name, data, fmt)], project=project, store=kgstore.open_store(build),
                              budget=Budget(timeout=timeout))
    except UserError as exc:
        return {"conforms": False, "refused": exc.message, "results": [], "counts": {"violation": 1}}
    return report.to_json()


# The folders that hold a request's body while it is merged: .conflictkg/tmp/<prefix><owner>-<random>.
# A server that crashes leaves its folders behind; the next one removes those whose owner is gone.
TMP_PREFIX = "http-submission-"
LEGACY_STALE_SECONDS = 3600  # folders named before owners were recorded: removed once this old


def owner_tag(pid: int) -> str | None:
    """`<pid>-<start time>` of a live process, or None if there is no such process. The start time
    (clock ticks after boot, from /proc) tells a process from a later one given the same pid; where
    /proc is missing the pid alone is used."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
    except FileNotFoundError:
        return None
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
        return f"{pid}-0"
    fields = stat[stat.rindex(b")") + 2:].split()  # after "pid (comm) ": state is field 3, starttime 22
    return f"{pid}-{int(fields[19])}"


def _owner_alive(tag: str) -> bool:
    pid, _, start = tag.partition("-")
    current = owner_tag(int(pid))
    return current is not None and (current == tag or current.endswith("-0"))


def remove_stale_folders(project: Project, now: float | None = None) -> int:
    """Remove the request folders in .conflictkg/tmp that no live process owns (left by a server
    that crashed or was killed mid-request); returns how many. Folders of live servers, this one
    or another on the same project, are left alone."""

    tmp_root = project.cache_dir / "tmp"
    if not tmp_root.is_dir():
        return 0
    now = time.time() if now is None else now
    removed = 0
    for folder in tmp_root.glob(TMP_PREFIX + "*"):
        m = re.fullmatch(re.escape(TMP_PREFIX) + r"(\d+-\d+)-[^/]+", folder.name)
        try:
            if m is not None:
                stale = not _owner_alive(m.group(1))
            else:  # named by an earlier version, with no owner: stale once nothing can still use it
                stale = now - folder.stat().st_mtime > LEGACY_STALE_SECONDS
        except (OSError, ValueError):
            continue
        if stale and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
            removed += not folder.exists()
    return removed


@dataclass
class MergeOutcome:
    accepted: bool
    submission: str | None = None
    file: str | None = None
    added: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    message: str = ""
    visible: bool = False  # set by the server: the store was rebuilt before it answered


def merge(project: Project, data: bytes, suffix: str, name: str, author: str, force: bool = False) -> MergeOutcome:
    """Add the submission to data/ as `conflictkg submit FILE --author AUTHOR [--force]` does. Raises
    StorageError (one line, no server path) when the file system refuses a write."""
    try:
        # Checked when a submission arrives: a server can run without them (see modules_available).
        from conflictkg.submission.submit import Refused, submit_file
    except ImportError:
        raise Unavailable("merging needs conflictkg.submission.submit, which this version does not have yet") from None
    tmp_root = project.cache_dir / "tmp"
    doing = "cannot keep the submission in .conflictkg/tmp for the merge"
    try:
        tmp_root.mkdir(parents=True, exist_ok=True)
        # Named by its owner, so that the next server can tell it from a live one's if this one dies.
        prefix = f"{TMP_PREFIX}{owner_tag(os.getpid()) or f'{os.getpid()}-0'}-"
        with tempfile.TemporaryDirectory(prefix=prefix, dir=tmp_root) as tmp:
            path = Path(tmp) / (Path(name).stem + suffix)
            path.write_bytes(data)
            doing = "cannot add the submission to data/"
            try:
                result = submit_file(project, path, author=author, force=force)
            except StorageError as exc:
                # The file system refused the write (disk full, read-only): not a refusal of the
                # submission, but the server's problem; the client gets its status (507 or 503).
                raise StorageError(_strip_path(exc.message, path).replace(str(project.root) + "/", ""),
                                   errno_code=exc.errno_code) from None
            except Refused as exc:
                problems = [_strip_path(p, path) for p in exc.problems]
                return MergeOutcome(False, problems=problems, message=_strip_path(exc.message, path))
            except UserError as exc:
                return MergeOutcome(False, problems=[_strip_path(exc.message, path)], message=_strip_path(exc.message, path))
    except OSError as exc:
        # What submit_file writes goes through atomic_writer: a refused write leaves nothing behind.
        raise StorageError.from_os_error(exc, doing) from None
    rel = None
    if result.path is not None:
        try:
            rel = result.path.resolve().relative_to(project.root.resolve()).as_posix()
        except ValueError:
            rel = result.path.name
    return MergeOutcome(True, str(result.submission), rel, [str(a) for a in result.added], list(result.warnings),
                        message=f"accepted as {result.submission}")


def _strip_path(message: str, path: Path) -> str:
    """Messages name the submission by its file: show the request's name, never a server path."""
    return message.replace(str(path), path.name).replace(str(path.parent) + "/", "")


# --------------------------------------------------------------------------------------------
# The form
# --------------------------------------------------------------------------------------------

EVENT_CLASSES = ("Strike", "Offensive", "MilitaryEvent")
CLAIM_FIELDS = ("claimant", "measure", "figure", "min", "best", "max", "qualifier", "stance", "date", "quote")
PART_FIELDS = ("agent", "role", "side")
MAX_ROWS = 20  # claims or participations in one form

# property IRI -> field, per kind of node in the form
FIELD_OF = {
    "event": {
        "http://www.w3.org/2000/01/rdf-schema#label": "event_label",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": "event_class",
        str(CKG.eventType): "event_type",
        str(CKG.startDate): "start_date",
        str(CKG.endDate): "end_date",
        str(CKG.datePrecision): "date_precision",
        str(CKG.location): "location",
        str(CKG.partOf): "part_of",
        str(CKG.source): "source_section",
    },
    "document": {
        str(CKG.url): "source_url",
        "http://www.w3.org/2000/01/rdf-schema#label": "source_title",
        str(CKG.publisher): "source_publisher",
    },
    "section": {
        "http://www.w3.org/2000/01/rdf-schema#label": "source_section",
        str(CKG.url): "source_url",
        str(CKG.sectionOf): "source_title",
    },
    "claim": {
        str(CKG.claimant): "claimant",
        str(CKG.measure): "measure",
        str(CKG.figureText): "figure",
        str(CKG.minValue): "min",
        str(CKG.bestValue): "best",
        str(CKG.maxValue): "max",
        str(CKG.qualifier): "qualifier",
        str(CKG.stance): "stance",
        str(CKG.claimDate): "date",
        str(CKG.quote): "quote",
    },
    "part": {
        str(CKG.agent): "agent",
        str(CKG.role): "role",
        str(CKG.side): "side",
    },
}


@dataclass
class FormDocument:
    turtle: str
    nodes: dict[int, str]  # every line (1-based) of a node's description -> its field prefix
    field_errors: dict[str, list[str]]  # problems found while reading the fields themselves
    claims: int
    parts: int
    about: str | None = None  # the IRI of the event the claims are about, when the graph holds it


def _rows(form: dict[str, str], prefix: str, names: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    indices = sorted({int(m.group(1)) for key in form if (m := re.fullmatch(prefix + r"-(\d{1,2})-[a-z]+", key))})
    rows = []
    for i in indices[:MAX_ROWS]:
        values = {n: form.get(f"{prefix}-{i}-{n}", "").strip() for n in names}
        if any(values.values()):
            rows.append((i, values))
    return rows


def form_to_turtle(form: dict[str, str]) -> FormDocument:
    """The submission the form describes, as Turtle with blank nodes (submit names them)."""

    errors: dict[str, list[str]] = {}
    lines: list[str] = []
    nodes: dict[int, str] = {}

    def iri(field_name: str, value: str, prefix: str | None = None) -> str | None:
        value = value.strip()
        if not value:
            return None
        full = value
        if not value.startswith(("http://", "https://")):
            head, sep, local = value.partition(":")
            if sep and head in PREFIXES:
                full = PREFIXES[head] + local
            elif prefix:
                full = PREFIXES[prefix] + value
        try:
            return str(ox.NamedNode(full))
        except ValueError:
            errors.setdefault(field_name, []).append(f"not a valid IRI: {value[:80]}")
            return None

    def text(value: str, lang: str | None = None) -> str:
        return str(ox.Literal(value, language=lang)) if lang else str(ox.Literal(value))

    def typed(value: str, datatype: str) -> str:
        return str(ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#" + datatype)))

    def node(label: str, kind: str, statements: list[tuple[str, str]]) -> None:
        body = [f"    {p} {o}" for p, o in statements if o]
        first = len(lines) + 1 + HEADER_LINES
        for line in range(first, first + 1 + len(body)):
            nodes[line] = kind
        lines.append(f"{label}")
        lines.extend(line + (" ;" if i < len(body) - 1 else " .") for i, line in enumerate(body))
        lines.append("")

    get = lambda name: (form.get(name) or "").strip()  # noqa: E731
    # "A claim about an event in the graph": the claims are about that event, which the form does
    # not describe again; they may cite a section the graph holds instead of a new source.
    claim_mode = get("mode") == "claim"
    existing = None
    if claim_mode:
        existing = iri("existing_event", get("existing_event"), "event")
        if existing is None and "existing_event" not in errors:
            errors.setdefault("existing_event", []).append("choose the event the claim is about")
    cited_section = iri("source_existing", get("source_existing"), "source") if get("source_existing") else None
    has_source = cited_section is None and any(get(n) for n in ("source_url", "source_title", "source_publisher", "source_section"))
    source_ref = cited_section or ("_:section" if has_source else "")
    parts = [] if claim_mode else _rows(form, "part", PART_FIELDS)
    claims = _rows(form, "claim", CLAIM_FIELDS)
    about = existing or "_:event"
    if not claim_mode:
        cls = get("event_class") or "Strike"
        if cls not in EVENT_CLASSES:
            errors.setdefault("event_class", []).append("choose Strike, Offensive or MilitaryEvent")
            cls = "MilitaryEvent"
        event = [
            ("a", f"ckg:{cls}"),
            ("rdfs:label", text(get("event_label"), "en") if get("event_label") else ""),
            ("ckg:eventType", iri("event_type", get("event_type"), "eventtype") or ""),
            ("ckg:startDate", typed(get("start_date"), "date") if get("start_date") else ""),
            ("ckg:endDate", typed(get("end_date"), "date") if get("end_date") else ""),
            ("ckg:datePrecision", iri("date_precision", get("date_precision"), "precision") or ""),
            ("ckg:location", iri("location", get("location"), "place") or ""),
            ("ckg:partOf", iri("part_of", get("part_of"), "event") or ""),
            ("ckg:source", source_ref),
        ]
        for i, _ in parts:
            event.append(("ckg:hasParticipation", f"_:part{i}"))
        node("_:event", "event", event)
    elif not claims:
        errors.setdefault("claim-0-measure", []).append("fill in the claim: who said what about the event")
    if has_source:
        node("_:document", "document", [
            ("a", "ckg:SourceDocument"),
            ("rdfs:label", text(get("source_title"), "en") if get("source_title") else ""),
            ("ckg:url", typed(get("source_url"), "anyURI") if get("source_url") else ""),
            ("ckg:publisher", iri("source_publisher", get("source_publisher"), "actor") or ""),
        ])
        node("_:section", "section", [
            ("a", "ckg:DocumentSection"),
            ("rdfs:label", text(get("source_section") or "Lead", "en")),
            ("ckg:sectionOf", "_:document"),
            ("ckg:url", typed(get("source_url"), "anyURI") if get("source_url") else ""),
        ])
    for i, v in parts:
        f = lambda n: f"part-{i}-{n}"  # noqa: E731
        side = v["side"]
        node(f"_:part{i}", f"part-{i}", [
            ("a", "ckg:Participation"),
            ("ckg:agent", iri(f("agent"), v["agent"], "actor") or ""),
            ("ckg:role", iri(f("role"), v["role"], "role") or ""),
            ("ckg:side", typed(side, "positiveInteger") if side else ""),
            ("ckg:source", source_ref),
        ])
    for i, v in claims:
        f = lambda n: f"claim-{i}-{n}"  # noqa: E731
        node(f"_:claim{i}", f"claim-{i}", [
            ("a", "ckg:Claim"),
            ("ckg:about", about),
            ("ckg:claimant", iri(f("claimant"), v["claimant"], "actor") or ""),
            ("ckg:measure", iri(f("measure"), v["measure"], "measure") or ""),
            ("ckg:figureText", text(v["figure"]) if v["figure"] else ""),
            ("ckg:minValue", typed(v["min"], "nonNegativeInteger") if v["min"] else ""),
            ("ckg:bestValue", typed(v["best"], "nonNegativeInteger") if v["best"] else ""),
            ("ckg:maxValue", typed(v["max"], "nonNegativeInteger") if v["max"] else ""),
            ("ckg:qualifier", iri(f("qualifier"), v["qualifier"], "qualifier") or ""),
            ("ckg:stance", iri(f("stance"), v["stance"], "stance") or ""),
            ("ckg:claimDate", typed(v["date"], "date") if v["date"] else ""),
            ("ckg:quote", text(v["quote"]) if v["quote"] else ""),
            ("ckg:source", source_ref),
        ])
    header = _header()
    return FormDocument(header + "\n".join(lines), nodes, errors, len(claims), len(parts),
                        existing[1:-1] if existing else None)


_USED_PREFIXES = ("ckg", "rdfs", "xsd")


def _header() -> str:
    return "".join(f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in _USED_PREFIXES) + "\n"


HEADER_LINES = len(_USED_PREFIXES) + 1


def field_messages(report: dict, doc: FormDocument) -> tuple[dict[str, list[str]], list[str]]:
    """Each result of the report placed next to the field it concerns: (field -> messages,
    messages that concern no one field)."""
    fields: dict[str, list[str]] = {}
    general: list[str] = []
    if report.get("refused"):
        general.append(plain(report["refused"]))
    for r in report.get("results", []):
        text = plain(f"{r.get('severity', 'Violation')}: {r.get('message', '')}".strip())
        kind = doc.nodes.get(r.get("line") or -1)
        target = None
        if kind is not None:
            base = "claim" if kind.startswith("claim-") else "part" if kind.startswith("part-") else kind
            path = r.get("result_path") or ""
            # A simple path is an IRI; a complex one (ckg:location|ckg:nearLocation) names its first.
            iris = [path] if not path.startswith(("(", "<", "^")) else re.findall(r"<([^>]+)>", path)
            name = next((FIELD_OF.get(base, {})[i] for i in iris if i in FIELD_OF.get(base, {})), None)
            if name is not None:
                target = f"{kind}-{name}" if base in ("claim", "part") else name
            elif base in ("claim", "part") and str(CKG.source) in iris:
                target = "source_url"  # claims and participants cite the form's one source
            elif base == "claim" and str(CKG.about) in iris:
                target = "existing_event"
        if target is None:
            general.append(text)
        elif text not in fields.setdefault(target, []):
            fields[target].append(text)
    return fields, general


# ---- Messages in plain language ---------------------------------------------------------------

# What the form calls each property the shapes' messages name.
FIELD_NAMES = {
    "rdfs:label": "the name", "ckg:eventType": "the event type", "ckg:startDate": "the start date",
    "ckg:endDate": "the end date", "ckg:datePrecision": "the date precision", "ckg:location": "the place",
    "ckg:partOf": "what it is part of", "ckg:source": "the source", "ckg:url": "the document URL",
    "ckg:publisher": "the publisher", "ckg:sectionOf": "the document", "ckg:claimant": "the claimant",
    "ckg:measure": "the measure", "ckg:figureText": "the figure as written", "ckg:minValue": "the minimum",
    "ckg:bestValue": "the best figure", "ckg:maxValue": "the maximum", "ckg:qualifier": "the qualifier",
    "ckg:stance": "the stance", "ckg:claimDate": "the claim date", "ckg:quote": "the quote",
    "ckg:about": "the event", "ckg:agent": "the actor", "ckg:role": "the role", "ckg:side": "the side",
}
DATATYPES = {
    "xsd:date": "date written YYYY-MM-DD", "xsd:dateTime": "date and time",
    "xsd:nonNegativeInteger": "whole number (0 or more)", "xsd:positiveInteger": "whole number (1 or more)",
    "xsd:integer": "whole number", "xsd:anyURI": "web address (https://…)", "xsd:string": "text",
    "rdf:langString": "text", "xsd:gYear": "year",
}
SEVERITIES = {"Violation": "Problem", "Warning": "Warning", "Info": "Note"}


def plain(message: str) -> str:
    """A validation or merge message for a browser user: the form's words instead of RDF terms
    (`ckg:startDate must be one valid xsd:date, such as "2024-11-20"^^xsd:date` becomes `Problem: the
    start date must be one valid date written YYYY-MM-DD, such as 2024-11-20`), and the form's
    button instead of the command's option."""
    head, sep, rest = message.partition(": ")
    if sep and head in SEVERITIES:
        message = f"{SEVERITIES[head]}: {rest}"
    message = re.sub(r'"([^"\\]*)"\^\^(?:xsd|rdf):[A-Za-z]+', r"\1", message)
    message = re.sub(r"<https?://[^>\s]*>", lambda m: m.group(0)[1:-1].rsplit("/", 1)[-1].rsplit("#", 1)[-1], message)
    for term, words in sorted(DATATYPES.items(), key=lambda kv: -len(kv[0])):
        message = re.sub(r"(?:\b(?:one|an?)\s+)?(valid\s+)?" + re.escape(term) + r"\b",
                         lambda m, w=words: "a " + (m.group(1) or "") + w, message)
    for term, words in sorted(FIELD_NAMES.items(), key=lambda kv: -len(kv[0])):
        message = re.sub(re.escape(term) + r"\b", words, message)
    message = re.sub(r"\b(one|a|an|any) the ", r"\1 ", message)
    vocab = "|".join(k for k, v in PREFIXES.items() if v.startswith("https://w3id.org/conflict-kg/vocab/"))
    message = re.sub(rf"\b(?:{vocab}):([A-Za-z0-9-]+)", lambda m: "“" + m.group(1).replace("-", " ") + "”", message)
    message = re.sub(r"\bckg:([A-Za-z]+)", lambda m: re.sub(r"(?<!^)([A-Z])", r" \1", m.group(1)).lower(), message)
    message = re.sub(r";? ?if not, submit again with --force", "; if it is not a duplicate, press Submit anyway", message)
    message = re.sub(r"\(--force to submit anyway\)", "(press Submit anyway if it is not a duplicate)", message)
    message = message.replace("--force", "Submit anyway")
    return message
