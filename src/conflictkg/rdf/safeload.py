"""Reading untrusted RDF submissions safely.

The RDF libraries under us are not safe on hostile input: rdflib fetches remote JSON-LD contexts
and opens local files for them, resolves relative IRIs against the working directory, drops the
named graphs of a TriG file parsed into a Graph, recurses on nested input, and lets an IRI written
with `\\u003E` escapes through. This module reads a submission without any of that:

- Formats: Turtle, N-Triples, N-Quads, TriG and JSON-LD, chosen by extension or `--input-format`.
  RDF/XML, N3 and anything that looks like XML or carries a DTD are refused before parsing.
- Parsing is done by pyoxigraph's strict parsers (no base IRI, so relative IRIs are errors; no
  document loader, so remote contexts are errors). JSON-LD is first read with Python's json module
  (duplicate keys, NaN and infinite numbers refused), its `@context`s are checked (only inline
  contexts and the project's own context, mapped to its local copy, are allowed), and it is
  expanded with PyLD under a loader that refuses everything, so that a property or IRI the JSON-LD
  algorithms would silently drop is refused instead.
- Limits (bytes, triples, literal length, nesting depth) are checked before parsing (size, a
  lexical scan of nesting) and while parsing (triples and literals counted as they stream).
- Every term is checked: absolute http(s) IRIs only, without spaces, control or format characters
  or any of <>"{}|^`\\ (datatypes and graph names included); literals without control characters
  or lone surrogates, with finite numbers; no literal or triple-term subjects. Blank nodes are
  relabelled per file, in order of appearance.
- Content policy: no schema or shape triples (rdfs:subClassOf, rdfs:subPropertyOf, rdfs:domain,
  rdfs:range, owl:*, sh:*, SKOS scheme structure), nothing said about ontology or vocabulary terms,
  and every subject typed with a class of the ontology.
- Round trip: each graph is written as the project writes data (canonical Turtle, N-Triples),
  re-parsed strictly, and must be isomorphic to what was read.

Every refusal is a `Refused` error: one line, `name:line:column: reason`, with no file content and
no machine path in it. All of this runs in the sandboxed worker (see conflictkg.core.sandbox).
"""

from __future__ import annotations

import functools
import io
import json
import math
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL as _OWL
from rdflib.namespace import RDF as _RDF

from conflictkg.core.errors import EXIT_USAGE, UserError
from conflictkg.model.prefixes import PREFIXES
from conflictkg.rdf import rdfio
from conflictkg.rdf.jsonld import CONTEXT_FILE
from conflictkg.rdf.jsonld import CONTEXT_IRI as PROJECT_CONTEXT_URL
from conflictkg.rdf.rdfio import from_oxigraph

FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld")
FORMAT_ALIASES = {
    "turtle": "turtle",
    "ttl": "turtle",
    "ntriples": "ntriples",
    "n-triples": "ntriples",
    "nt": "ntriples",
    "nquads": "nquads",
    "n-quads": "nquads",
    "nq": "nquads",
    "trig": "trig",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
    "json": "jsonld",
}
EXTENSIONS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "ntriples",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "jsonld",
    ".json": "jsonld",
}
REFUSED_FORMATS = {
    ".rdf": "RDF/XML",
    ".xml": "RDF/XML",
    ".owl": "RDF/XML",
    ".rdfxml": "RDF/XML",
    ".n3": "N3",
    "xml": "RDF/XML",
    "rdfxml": "RDF/XML",
    "rdf/xml": "RDF/XML",
    "rdf-xml": "RDF/XML",
    "n3": "N3",
}

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SH = "http://www.w3.org/ns/shacl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
GEO = "http://www.opengis.net/ont/geosparql#"
CKG = "https://w3id.org/conflict-kg/ontology#"
CKV = "https://w3id.org/conflict-kg/vocab/"
ONTOLOGY_IRI = "https://w3id.org/conflict-kg/ontology"
RDF_TYPE = RDF + "type"


# --------------------------------------------------------------------------------------------
# Limits, sources and refusals
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """What a submission may weigh. The defaults fit hand-written submissions many times over."""

    max_bytes: int = 8 * 1024 * 1024
    max_triples: int = 100_000
    max_literal: int = 100_000  # characters in one literal
    max_depth: int = 32  # nesting of brackets, JSON objects and blank-node chains
    max_iri: int = 4096  # characters in one IRI
    max_number_digits: int = 40  # characters in one numeric literal


class Refused(UserError):
    """A submission that cannot be accepted, with where it happened."""

    def __init__(self, name: str, reason: str, line: int | None = None, column: int | None = None):
        where = name
        if line:
            where += f":{line}"
            if column:
                where += f":{column}"
        super().__init__(f"{where}: {reason}", exit_code=EXIT_USAGE)
        self.name = name
        self.reason = reason
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Source:
    """One submitted document: the name to report it by, its bytes and its format."""

    name: str
    data: bytes
    format: str


def format_for(name: str, input_format: str | None) -> str:
    """The format of an input, from --input-format or else the file extension."""
    if input_format:
        key = input_format.strip().lower()
        if key in REFUSED_FORMATS:
            raise Refused(name, f"{REFUSED_FORMATS[key]} is not accepted: convert the file to Turtle, TriG or JSON-LD")
        if key not in FORMAT_ALIASES:
            raise UserError(f"unknown input format '{input_format[:20]}': use one of {', '.join(FORMATS)}")
        return FORMAT_ALIASES[key]
    if name == "-":
        return "turtle"
    suffix = Path(name).suffix.lower()
    if suffix in REFUSED_FORMATS:
        raise Refused(name, f"{REFUSED_FORMATS[suffix]} is not accepted: convert the file to Turtle, TriG or JSON-LD")
    if suffix not in EXTENSIONS:
        raise Refused(name, "cannot tell the format from the extension: use .ttl, .nt, .nq, .trig or .jsonld, or --input-format")
    return EXTENSIONS[suffix]


def read_source(arg: str, input_format: str | None, limits: Limits, *, stdin=None) -> Source:
    """Read one named input ('-' for standard input) without reading more than the byte limit."""
    fmt = format_for(arg, input_format)
    if arg == "-":
        name = "<stdin>"
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(limits.max_bytes + 1)
    else:
        name = arg
        path = Path(arg)
        try:
            if path.is_dir():
                raise Refused(name, "is a directory, not a file")
            size = path.stat().st_size
            if size > limits.max_bytes:
                raise Refused(name, f"file is {size} bytes, over the limit of {limits.max_bytes} (raise it with --max-bytes)")
            with path.open("rb") as fh:
                data = fh.read(limits.max_bytes + 1)
        except FileNotFoundError:
            raise Refused(name, "no such file") from None
        except PermissionError:
            raise Refused(name, "permission denied") from None
        except OSError as exc:
            raise Refused(name, f"cannot read the file ({exc.strerror or 'I/O error'})") from None
    if len(data) > limits.max_bytes:
        raise Refused(name, f"input is over the limit of {limits.max_bytes} bytes (raise it with --max-bytes)")
    return Source(name=name, data=data, format=fmt)


# --------------------------------------------------------------------------------------------
# Policy: what the ontology allows a submission to say
# --------------------------------------------------------------------------------------------

# SKOS properties a submission may use (labels, documentation, mappings). The scheme structure
# (inScheme, broader, topConceptOf...) belongs to ontology/vocabularies.ttl only: a submission that
# could add a concept to a scheme would open every closed vocabulary.
SKOS_ALLOWED = {
    SKOS + name
    for name in (
        "prefLabel altLabel hiddenLabel definition note scopeNote example editorialNote historyNote "
        "changeNote exactMatch closeMatch broadMatch narrowMatch relatedMatch"
    ).split()
}
SCHEMA_PREDICATES = {RDFS + "subClassOf", RDFS + "subPropertyOf", RDFS + "domain", RDFS + "range"}
SCHEMA_TYPES = {RDFS + "Class", RDFS + "Datatype", RDF + "Property", SKOS + "Concept", SKOS + "ConceptScheme"}


@dataclass(frozen=True)
class Policy:
    """The classes a submission's nodes may be typed with (from the ontology), and the extra
    classes allowed for auxiliary nodes (geometries)."""

    classes: frozenset[str]
    auxiliary_classes: frozenset[str] = frozenset({GEO + "Geometry"})
    # Nodes that are objects of these properties may be typed with an auxiliary class (or not at
    # all): they are checked by shapes that target objects of the property.
    auxiliary_links: frozenset[str] = frozenset({GEO + "hasGeometry"})


def policy_from_ontology(graph) -> Policy:
    """The policy for a project, from its ontology graph (rdflib)."""

    classes = frozenset(
        str(c) for c in graph.subjects(_RDF.type, _OWL.Class) if isinstance(c, URIRef) and str(c).startswith(CKG)
    )
    return Policy(classes=classes)


# --------------------------------------------------------------------------------------------
# Term checks
# --------------------------------------------------------------------------------------------

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f]')
_IRI_SHAPE = re.compile(r"^https?://[^/?#@:]+(?::[0-9]{1,5})?(?:[/?#].*)?$", re.IGNORECASE | re.DOTALL)
_LANG = re.compile(r"^[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*$")
_LITERAL_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_FLOAT_TYPES = {XSD + "double", XSD + "float"}
_DECIMAL_TYPES = {
    XSD + n
    for n in (
        "decimal integer nonNegativeInteger positiveInteger nonPositiveInteger negativeInteger long int short "
        "byte unsignedLong unsignedInt unsignedShort unsignedByte"
    ).split()
}


def _has_format_char(value: str) -> bool:
    return any(unicodedata.category(c) in ("Cf", "Cs", "Co", "Cn") for c in value if ord(c) > 0x7E)


def iri_problem(value: str, limits: Limits) -> str | None:
    """Why `value` is not an acceptable IRI, or None."""
    if len(value) > limits.max_iri:
        return f"an IRI is longer than {limits.max_iri} characters"
    if _IRI_FORBIDDEN.search(value):
        return 'an IRI contains a space, a control character or one of <>"{}|^`\\ (perhaps written with a \\u escape)'
    if _has_format_char(value):
        return "an IRI contains an invisible, private-use or unassigned character"
    if not _IRI_SHAPE.match(value):
        if ":" not in value.split("/")[0]:
            return "a relative IRI: write absolute http(s) IRIs or use a declared prefix"
        return "an IRI that is not an absolute http:// or https:// IRI (file:, urn:, javascript: and others are refused)"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "an IRI contains a lone surrogate (not valid Unicode)"
    return None


def literal_problem(lexical: str, datatype: str | None, language: str | None, limits: Limits) -> str | None:
    """Why a literal is not acceptable, or None."""
    try:
        lexical.encode("utf-8")
    except UnicodeEncodeError:
        return "a literal contains a lone surrogate (not valid Unicode)"
    if len(lexical) > limits.max_literal:
        return f"a literal is longer than {limits.max_literal} characters (raise it with --max-literal)"
    if _LITERAL_CONTROL.search(lexical):
        return "a literal contains a control character (only tab, line feed and carriage return are allowed)"
    if language is not None and not _LANG.match(language):
        return "a language tag is not well formed (e.g. @en, @ar, @en-GB)"
    if datatype:
        problem = iri_problem(datatype, limits)
        if problem:
            return "datatype: " + problem
        if datatype in _FLOAT_TYPES:
            text = lexical.strip()
            if len(text) > limits.max_number_digits:
                return f"a number is longer than {limits.max_number_digits} characters"
            try:
                number = float(text)
            except ValueError:
                return None  # ill-typed: the shapes report it
            if not math.isfinite(number):
                return "a number is not finite (NaN, INF and overflowing values are refused)"
        elif datatype in _DECIMAL_TYPES and len(lexical) > limits.max_number_digits:
            return f"a number is longer than {limits.max_number_digits} characters"
    return None


# --------------------------------------------------------------------------------------------
# Lexical pre-scans (before parsing)
# --------------------------------------------------------------------------------------------

_TURTLE_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|<![^>]*"  # XML markup (<!DOCTYPE, <!ENTITY) outside strings
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|#[^\n\r]*"
    r"|[\[\](){}]",
    re.DOTALL,
)
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_OPENERS = set("[({")


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return line, col


def _decode(source: Source) -> str:
    data = source.data
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:4] in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00"):
        raise Refused(source.name, "is not UTF-8 (it starts with a UTF-16 or UTF-32 byte-order mark)", 1, 1)
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        line, col = _line_col(good, len(good))
        raise Refused(source.name, "invalid UTF-8 byte sequence", line, col) from None
    head = text.lstrip(" \t\r\n\ufeff")[:9].lower()
    if head.startswith("<?xml") or head.startswith("<!"):
        raise Refused(source.name, "XML (RDF/XML or a DTD) is not accepted: convert the file to Turtle, TriG or JSON-LD", 1, 1)
    return text


def _scan_nesting(source: Source, text: str, limits: Limits) -> None:
    tokens = _JSON_TOKENS if source.format == "jsonld" else _TURTLE_TOKENS
    depth = 0
    for match in tokens.finditer(text):
        tok = match.group()
        if tok in _OPENERS:
            depth += 1
            if depth > limits.max_depth:
                line, col = _line_col(text, match.start())
                raise Refused(
                    source.name,
                    f"nesting deeper than {limits.max_depth} levels (raise it with --max-depth, or name inner nodes with IRIs)",
                    line,
                    col,
                )
        elif tok in ("]", ")", "}"):
            depth = max(0, depth - 1)
        elif tok.startswith("<!"):
            line, col = _line_col(text, match.start())
            raise Refused(source.name, "XML markup (a DTD or entity declaration) is not accepted", line, col)


# --------------------------------------------------------------------------------------------
# Parsing with pyoxigraph, with approximate line numbers
# --------------------------------------------------------------------------------------------


class LineReader(io.RawIOBase):
    """Feeds the parser one line per read, so the line being read when a triple comes out is
    (nearly always) the line the triple ends on."""

    def __init__(self, data: bytes):
        self._lines = data.splitlines(keepends=True)
        self._index = 0
        self._pending = b""
        self.line = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if not self._pending:
            if self._index >= len(self._lines):
                return 0
            self._pending = self._lines[self._index]
            self._index += 1
            self.line = self._index
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


_PARSER_WHERE = re.compile(r"^Parser error (?:at|between) line \d+ (?:column \d+|between columns \d+ and \d+|column \d+ and line \d+ column \d+)[:,]?\s*")


def _parser_reason(message: str) -> str:
    """The reason of a pyoxigraph syntax error, without echoing the input."""
    reason = _PARSER_WHERE.sub("", message.splitlines()[0] if message else "")
    # Drop quoted input, and a leading token copied from the input ("[ is not a valid predicate").
    reason = re.sub(r"'[^']*'|\"[^\"]*\"|`[^`]*`", "…", reason)
    reason = re.sub(r"^\S+ is not (a valid|an? )", "unexpected token: not \\1", reason)
    reason = re.sub(r"The prefix (\S*) has not been declared", _undeclared_prefix, reason)
    reason = "".join(c for c in reason if 0x20 <= ord(c) < 0x7F or c == "…")
    reason = reason.strip() or "syntax error"
    return reason[:160]


_PREFIX_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,39}:$|^:$")


def _undeclared_prefix(match: re.Match) -> str:
    """Which prefix is not declared, and how to declare it: the project's namespace for one of its
    own prefixes. The name is repeated only if it is a plain prefix name (nothing else of the input
    is echoed)."""
    name = match.group(1)
    if not _PREFIX_NAME.match(name):
        return "a prefix is used but not declared with @prefix"
    namespace = PREFIXES.get(name[:-1])
    how = f"@prefix {name} <{namespace}> ." if namespace else f"@prefix {name} <...> ."
    return f"the prefix {name} is used but not declared: add {how}"


def _syntax_refusal(name: str, exc: BaseException, fmt_label: str) -> Refused:
    args = getattr(exc, "args", ())
    line = column = None
    if len(args) >= 2 and isinstance(args[1], tuple) and len(args[1]) >= 3:
        line, column = args[1][1], args[1][2]
    message = str(args[0]) if args else str(exc)
    if "LoadDocumentCallback" in message or "remote context" in message.lower():
        return Refused(name, "a remote JSON-LD @context is not allowed: inline it", line, column)
    if "Max stack size" in message:
        return Refused(name, "nesting too deep", line, column)
    return Refused(name, f"invalid {fmt_label}: {_parser_reason(message)}", line, column)


def _ox_format(fmt: str):
    return {
        "turtle": ox.RdfFormat.TURTLE,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "nquads": ox.RdfFormat.N_QUADS,
        "trig": ox.RdfFormat.TRIG,
        "jsonld": ox.RdfFormat.JSON_LD,
    }[fmt]


_FORMAT_LABELS = {"turtle": "Turtle", "ntriples": "N-Triples", "nquads": "N-Quads", "trig": "TriG", "jsonld": "JSON-LD"}


# --------------------------------------------------------------------------------------------
# JSON-LD: contexts, expansion, drop detection
# --------------------------------------------------------------------------------------------


def read_project_context() -> str | None:
    """The text of the local copy of the project's JSON-LD context, or None if it is not installed.
    Read by the parent process: the sandboxed worker opens no file."""
    try:
        return CONTEXT_FILE.read_text(encoding="utf-8")
    except OSError:
        return None


def _project_context(name: str, context_text: str | None):
    if context_text is None:
        raise Refused(
            name,
            f"uses the conflict-kg context {PROJECT_CONTEXT_URL}, but its local copy "
            "(src/conflictkg/context/conflict-kg.jsonld) is not installed",
        )
    try:
        document = json.loads(context_text)
    except ValueError:
        raise Refused(name, "the local copy of the conflict-kg JSON-LD context is not valid JSON") from None
    if not isinstance(document, dict) or "@context" not in document:
        raise Refused(name, "the local copy of the conflict-kg JSON-LD context has no @context")
    return document["@context"]


def _inline_contexts(name: str, node, project_context_cache: list, context_text: str | None):
    """Return `node` with every @context and @import checked, the project context inlined."""

    def resolve_reference(value, key: str):
        if value == PROJECT_CONTEXT_URL:
            if not project_context_cache:
                project_context_cache.append(walk(_project_context(name, context_text), inside_context=True))
            return project_context_cache[0]
        raise Refused(
            name,
            f"a remote JSON-LD {key} is not allowed: inline the context, or use {PROJECT_CONTEXT_URL}",
        )

    def context_value(value):
        if value is None:
            return None
        if isinstance(value, str):
            return resolve_reference(value, "@context")
        if isinstance(value, list):
            return [context_value(v) for v in value]
        if isinstance(value, dict):
            return walk(value, inside_context=True)
        raise Refused(name, "a JSON-LD @context must be an object, a list or the project context URL")

    def walk(value, inside_context: bool = False):
        if isinstance(value, list):
            return [walk(v, inside_context) for v in value]
        if not isinstance(value, dict):
            return value
        out = {}
        for key, item in value.items():
            if key == "@context":
                out[key] = context_value(item)
            elif key == "@import" and inside_context:
                if not isinstance(item, str):
                    raise Refused(name, "a JSON-LD @import must be a string")
                imported = resolve_reference(item, "@import")
                # Inline the imported context's terms in place of the import.
                if isinstance(imported, dict):
                    for k, v in imported.items():
                        out.setdefault(k, v)
            else:
                out[key] = walk(item, inside_context)
        return out

    return walk(node)


def _json_reject_constant(value: str):
    raise ValueError(f"non-finite number {value}")


def _json_float(text: str):
    if len(text) > 64:
        raise ValueError("number too long")
    number = float(text)
    if not math.isfinite(number):
        raise ValueError("non-finite number")
    return number


def _json_int(text: str):
    if len(text) > 64:
        raise ValueError("number too long")
    return int(text)


def _json_object(pairs):
    out = {}
    for key, value in pairs:
        if key in out:
            raise ValueError("duplicate key")
        out[key] = value
    return out


def _find_key_line(text: str, key: str) -> tuple[int | None, int | None]:
    pos = text.find(json.dumps(key))
    if pos < 0:
        return None, None
    return _line_col(text, pos)


def _expand_jsonld(source: Source, text: str, limits: Limits, context_text: str | None):
    name = source.name
    try:
        document = json.loads(
            text,
            parse_constant=_json_reject_constant,
            parse_float=_json_float,
            parse_int=_json_int,
            object_pairs_hook=_json_object,
        )
    except json.JSONDecodeError as exc:
        raise Refused(name, f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except ValueError as exc:
        reason = str(exc)
        if "duplicate key" in reason:
            raise Refused(name, "a JSON object has the same key twice (one value would be silently dropped)") from None
        if "non-finite" in reason:
            raise Refused(name, "a number is not finite (NaN, Infinity and overflowing values are refused)") from None
        if "too long" in reason:
            raise Refused(name, "a number is longer than 64 characters") from None
        raise Refused(name, "invalid JSON") from None
    except RecursionError:
        raise Refused(name, "nesting too deep") from None

    document = _inline_contexts(name, document, [], context_text)

    # PyLD only for JSON-LD (0.15 s to load).
    from pyld import jsonld

    def refuse_loader(url, options=None):
        raise PermissionError("remote document")

    dropped: list[str] = []

    def on_dropped(prop):
        dropped.append(str(prop))
        raise ValueError("dropped property")

    try:
        expanded = jsonld.expand(
            document,
            {"documentLoader": refuse_loader, "base": None, "processingMode": "json-ld-1.1"},
            on_property_dropped=on_dropped,
        )
    except RecursionError:
        raise Refused(name, "nesting too deep") from None
    except Exception as exc:  # PyLD wraps errors in JsonLdError; the cause tells us which
        if dropped:
            line, col = _find_key_line(text, dropped[0])
            raise Refused(
                name,
                "a JSON-LD property is not defined by the @context and would be silently dropped: define it or use a full IRI",
                line,
                col,
            ) from None
        chain = []
        cause = exc
        while cause is not None and len(chain) < 10:
            chain.append(cause)
            cause = getattr(cause, "cause", None) or cause.__cause__ or cause.__context__
        if any(isinstance(c, PermissionError) for c in chain):
            raise Refused(name, "a remote JSON-LD context or document is not allowed: inline it") from None
        kind = getattr(exc, "type", None) or "error"
        kind = re.sub(r"[^A-Za-z .-]", "", str(kind))[:60]
        raise Refused(name, f"invalid JSON-LD ({kind})") from None

    _check_expanded(name, text, expanded, limits)
    return expanded


_KEYWORDS_WITH_IRIS = ("@id", "@type")


# The labels Oxigraph gives anonymous blank nodes (`[]`, `( )`): 32 hexadecimal digits.
_GENERATED_BLANK = re.compile(r"^[0-9a-f]{32}$")


@functools.lru_cache(maxsize=4096)
def _valid_blank_label(label: str) -> bool:
    """Is `_:label` a blank node label the RDF parser keeps? Asked of the parser itself (one
    N-Triples line), so the check can never disagree with what the conversion drops."""

    if any(c in label for c in "\n\r<>\"{}") or len(label) > 1000:
        return False
    try:
        return len(list(ox.parse(input=f"{label} <urn:x:p> <urn:x:o> .".encode("utf-8"),
                                 format=ox.RdfFormat.N_TRIPLES))) == 1
    except (SyntaxError, ValueError):
        return False


def _check_expanded(name: str, text: str, expanded, limits: Limits) -> None:
    """Refuse anything in expanded JSON-LD that conversion to RDF would silently drop."""

    def bad_iri(value: str, what: str):
        if isinstance(value, str) and value.startswith("_:"):
            if not _valid_blank_label(value):
                line, col = _find_key_line(text, value)
                raise Refused(name, f"{what}: {value[:60]!r} is not a valid blank node label (JSON-LD would drop the "
                                    f"node and every statement about it): use letters, digits, '_' and '-'",
                              line, col)
            return
        problem = iri_problem(value, limits) if isinstance(value, str) else "not a string"
        if problem:
            line, col = _find_key_line(text, value) if isinstance(value, str) else (None, None)
            raise Refused(name, f"{what}: {problem} (JSON-LD would drop it)", line, col)

    stack = [(expanded, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > limits.max_depth * 4:
            raise Refused(name, "nesting too deep")
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise Refused(name, "a string contains a lone surrogate (not valid Unicode)") from None
            continue
        if isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
            continue
        if not isinstance(value, dict):
            continue
        is_value_object = "@value" in value
        for key, item in value.items():
            if key.startswith("@"):
                if key == "@id" and not is_value_object:
                    bad_iri(item, "a node @id")
                elif key == "@type" and not is_value_object:
                    for t in item if isinstance(item, list) else [item]:
                        if isinstance(t, str) and t.startswith("_:"):
                            raise Refused(name, "a blank node used as a type (JSON-LD would drop it)")
                        bad_iri(t, "a @type")
                elif key == "@type" and is_value_object and item != "@json":
                    bad_iri(item, "a value's @type (datatype)")
                elif key == "@language":
                    if not isinstance(item, str) or not _LANG.match(item):
                        raise Refused(name, "a language tag is not well formed (JSON-LD would drop the value)")
                elif key == "@value" and value.get("@type") == "@json":
                    continue
                if key in ("@graph", "@list", "@set", "@reverse", "@included", "@value", "@index"):
                    stack.append((item, depth + 1))
                continue
            if key.startswith("_:"):
                raise Refused(name, "a blank node used as a property (JSON-LD would drop it)")
            bad_iri(key, "a property")
            stack.append((item, depth + 1))


# --------------------------------------------------------------------------------------------
# The loader
# --------------------------------------------------------------------------------------------


@dataclass
class FileSummary:
    name: str
    format: str
    triples: int
    graphs: list[str]  # '' for the default graph, else the graph IRI or blank label


@dataclass
class Loaded:
    """What the loader hands to validation: plain, picklable data."""

    quads: list[tuple]  # (s, p, o, g) rdflib terms; g is None for the default graph
    files: list[FileSummary]
    # term -> (file name, line) where the term is first described (as a subject), else mentioned.
    positions: dict = field(default_factory=dict)
    # A blank node's label here ("f1b1") -> the label its file gave it ("event" for `_:event`);
    # anonymous ones (`[]`, which the parser names at random) are not in it.
    blank_names: dict = field(default_factory=dict)


def _check_quad(name: str, quad, line: int | None, limits: Limits) -> None:
    s, p, o, g = quad.subject, quad.predicate, quad.object, quad.graph_name
    if isinstance(s, ox.Triple) or isinstance(o, ox.Triple):
        raise Refused(name, "RDF-star / RDF 1.2 triple terms (<< >>) are not accepted", line)
    if isinstance(s, ox.Literal):
        raise Refused(name, "a literal used as a subject", line)
    for term, role in ((s, "subject"), (p, "predicate"), (o, "object"), (g, "graph name")):
        if isinstance(term, ox.NamedNode):
            problem = iri_problem(term.value, limits)
            if problem:
                raise Refused(name, f"{role}: {problem}", line)
        elif isinstance(term, ox.Literal):
            problem = literal_problem(
                term.value, None if term.language else term.datatype.value, term.language, limits
            )
            if problem:
                raise Refused(name, problem, line)
    if p.value == RDF + "reifies":
        raise Refused(name, "rdf:reifies (RDF 1.2 reification) is not accepted", line)


def _parse_quads(source: Source, text: str, limits: Limits, context_text: str | None = None):
    """Yield (quad, line) for one source, enforcing the streaming limits."""

    label = _FORMAT_LABELS[source.format]
    if source.format == "jsonld":
        expanded = _expand_jsonld(source, text, limits, context_text)
        reader = None
        parser = ox.parse(input=json.dumps(expanded).encode("utf-8"), format=ox.RdfFormat.JSON_LD)
    else:
        data = text.encode("utf-8")
        reader = LineReader(data)
        parser = ox.parse(input=reader, format=_ox_format(source.format))
    count = 0
    try:
        for quad in parser:
            count += 1
            if count > limits.max_triples:
                raise Refused(
                    source.name,
                    f"more than {limits.max_triples} triples (raise it with --max-triples)",
                    reader.line if reader else None,
                )
            line = reader.line if reader else None
            _check_quad(source.name, quad, line, limits)
            yield quad, line
    except SyntaxError as exc:
        raise _syntax_refusal(source.name, exc, label) from None
    except (ValueError, OSError) as exc:
        raise Refused(source.name, f"invalid {label}: {_parser_reason(str(exc))}") from None


def load_sources(
    sources: Iterable[Source], limits: Limits, policy: Policy, context_text: str | None = None
) -> Loaded:
    """Parse and check every source; return its quads and where each node is, or raise Refused."""
    quads: list[tuple] = []
    files: list[FileSummary] = []
    positions: dict = {}
    mentions: dict = {}
    blank_names: dict = {}
    node_file: dict = {}  # term -> first file that mentions it, for refusals
    total = 0

    for index, source in enumerate(sources, start=1):
        text = _decode(source)
        _scan_nesting(source, text, limits)
        bnodes: dict = {}
        graphs: dict = {}
        count = 0
        file_quads = []
        for quad, line in _parse_quads(source, text, limits, context_text):
            s = from_oxigraph(quad.subject, bnodes, f"f{index}")
            p = from_oxigraph(quad.predicate, bnodes, f"f{index}")
            o = from_oxigraph(quad.object, bnodes, f"f{index}")
            g = None
            if not isinstance(quad.graph_name, ox.DefaultGraph):
                g = from_oxigraph(quad.graph_name, bnodes, f"f{index}")
            graphs.setdefault("" if g is None else str(g), None)
            file_quads.append((s, p, o, g))
            count += 1
            where = (source.name, line)
            positions.setdefault(s, where)
            if not isinstance(o, Literal):
                mentions.setdefault(o, where)
            node_file.setdefault(s, source.name)
        if count == 0:
            raise Refused(source.name, "the file holds no triples: nothing to validate or submit (an empty graph "
                                       "would 'conform')")
        total += count
        if total > limits.max_triples:
            raise Refused(source.name, f"the submission has more than {limits.max_triples} triples in all (raise it with --max-triples)")
        if source.format == "jsonld":
            _positions_from_text(source.name, text, file_quads, positions, mentions)
        else:
            _refine_subject_lines(source.name, text, positions)
        quads.extend(file_quads)
        files.append(FileSummary(source.name, source.format, count, sorted(graphs)))
        for written, label in bnodes.items():
            if not _GENERATED_BLANK.match(written) and _valid_blank_label("_:" + written):
                blank_names[label] = written
    for term, where in mentions.items():
        positions.setdefault(term, where)

    _check_blank_node_nesting(quads, positions, limits)
    _check_policy(quads, positions, policy)
    _check_round_trip(quads, positions, files)
    return Loaded(quads=quads, files=files, positions=positions, blank_names=blank_names)


def _positions_from_text(name: str, text: str, quads, positions: dict, mentions: dict) -> None:
    """JSON-LD gives no positions through expansion: find each IRI's first quoted occurrence,
    written in full or as a compact IRI / term ending in its local name."""

    cache: dict = {}

    def find(iri: str):
        pos = text.find(json.dumps(iri))
        if pos < 0:
            local = re.split(r"[/#:]", iri)[-1]
            if local:
                match = re.search(r'"(?:[A-Za-z0-9_.-]*:)?' + re.escape(local) + '"', text)
                pos = match.start() if match else -1
        return _line_col(text, pos)[0] if pos >= 0 else None

    for s, p, o, g in quads:
        for term, table in ((s, positions), (o, mentions)):
            if not isinstance(term, URIRef) or (term in table and table[term][1]):
                continue
            if term not in cache:
                cache[term] = find(str(term))
            if table.get(term, (name, None))[0] == name:
                table[term] = (name, cache[term])


def refine_line(lines: list[str], iri: str, line: int) -> int:
    """The parser reports the line a triple ends on; the subject is usually written a line or
    two above (`event:x` alone on its line, then `a ckg:Strike ;`). Look up to ten lines back for
    the IRI written in full or as a prefixed name, and return that line."""
    local = re.split(r"[/#]", iri)[-1]
    if not local:
        return line
    pattern = re.compile(r"(?:<" + re.escape(iri) + r">|[A-Za-z0-9_.-]*:" + re.escape(local) + r")(?![A-Za-z0-9_.:%-])")
    for candidate in range(line, max(0, line - 10), -1):
        if candidate <= len(lines) and pattern.search(lines[candidate - 1]):
            return candidate
    return line


def _refine_subject_lines(name: str, text: str, positions: dict) -> None:
    lines = text.splitlines()
    for term, (file, line) in list(positions.items()):
        if file == name and line and isinstance(term, URIRef):
            positions[term] = (file, refine_line(lines, str(term), line))


def _check_blank_node_nesting(quads, positions, limits: Limits) -> None:
    """Refuse blank-node chains deeper than the limit (long RDF lists included) and blank-node
    cycles, which the canonical Turtle writer cannot nest."""

    children: dict = {}
    for s, p, o, g in quads:
        if isinstance(s, BNode) and isinstance(o, BNode):
            children.setdefault(s, set()).add(o)
    if not children:
        return
    depth: dict = {}
    state: dict = {}  # 1 = on stack, 2 = done
    for root in children:
        if state.get(root) == 2:
            continue
        stack = [(root, iter(children.get(root, ())))]
        state[root] = 1
        while stack:
            node, it = stack[-1]
            child = next(it, None)
            if child is None:
                stack.pop()
                state[node] = 2
                depth[node] = 1 + max((depth.get(c, 0) for c in children.get(node, ())), default=0)
                if depth[node] > limits.max_depth:
                    name, line = positions.get(node, ("submission", None))
                    raise Refused(
                        name,
                        f"blank nodes (or an RDF list) nested more than {limits.max_depth} deep: name the inner nodes with IRIs",
                        line,
                    )
                continue
            if state.get(child) == 1:
                name, line = positions.get(child, ("submission", None))
                raise Refused(name, "blank nodes refer to each other in a cycle: give one of them an IRI", line)
            if state.get(child) != 2:
                state[child] = 1
                stack.append((child, iter(children.get(child, ()))))


def _check_policy(quads, positions, policy: Policy) -> None:
    typed: set = set()
    auxiliary: set = set()
    for s, p, o, g in quads:
        ps = str(p)
        name, line = positions.get(s, ("submission", None))
        if isinstance(s, URIRef):
            ss = str(s)
            if ss.startswith(CKG) or ss.startswith(CKV) or ss == ONTOLOGY_IRI:
                raise Refused(
                    name,
                    "a submission cannot describe ontology or vocabulary terms (ckg:, ckv: and scheme IRIs): "
                    "change ontology/ instead",
                    line,
                )
        if ps in SCHEMA_PREDICATES:
            raise Refused(name, "schema triples (rdfs:subClassOf, rdfs:subPropertyOf, rdfs:domain, rdfs:range) belong in ontology/, not in a submission", line)
        if ps.startswith(OWL):
            raise Refused(name, "OWL triples (owl:*) belong in ontology/, not in a submission", line)
        if ps.startswith(SH):
            raise Refused(name, "SHACL triples (sh:*) belong in shapes/, not in a submission", line)
        if ps.startswith(SKOS) and ps not in SKOS_ALLOWED:
            raise Refused(name, "SKOS scheme triples (skos:inScheme, skos:broader...) belong in ontology/vocabularies.ttl, not in a submission", line)
        if ps == RDF_TYPE:
            os_ = str(o)
            if os_.startswith(OWL) or os_.startswith(SH) or os_ in SCHEMA_TYPES:
                raise Refused(name, "a node typed as a class, property, shape or concept: a submission carries data only", line)
            if os_ in policy.classes:
                typed.add(s)
            elif os_ in policy.auxiliary_classes:
                auxiliary.add(s)
            else:
                raise Refused(
                    name,
                    "a node is typed with a class that is not a class of the ontology (check the spelling against ontology/conflict-kg.ttl)",
                    line,
                )
        if ps in policy.auxiliary_links:
            auxiliary.add(o)
    for s, p, o, g in quads:
        if s in typed or s in auxiliary:
            continue
        name, line = positions.get(s, ("submission", None))
        raise Refused(
            name,
            "a node has no rdf:type from the ontology, so no shape would check it: add `a ckg:<Class>`",
            line,
        )


def _check_round_trip(quads, positions, files) -> None:
    """What would be written (canonical Turtle per graph, and N-Quads) must parse back strictly to
    the same graph."""

    by_graph: dict = {}
    for s, p, o, g in quads:
        by_graph.setdefault(g, Graph()).add((s, p, o))
    for g, graph in by_graph.items():
        where = _graph_file(g, quads, positions, files)
        try:
            text = rdfio.canonical_turtle(graph)  # through the module: the round-trip test substitutes it
            nt = graph.serialize(format="nt", encoding="utf-8")
        except RecursionError:
            raise Refused(where, "this graph cannot be written back safely (nesting too deep)") from None
        # Without blank nodes, isomorphic means equal as sets of triples: much cheaper to test.
        blank = any(isinstance(s, BNode) or isinstance(o, BNode) for s, _, o in graph)
        written = None if blank else set(graph)
        for data, fmt in ((text.encode("utf-8"), ox.RdfFormat.TURTLE), (nt, ox.RdfFormat.N_TRIPLES)):
            try:
                bnodes: dict = {}
                read = {
                    (
                        from_oxigraph(quad.subject, bnodes, "r"),
                        from_oxigraph(quad.predicate, bnodes, "r"),
                        from_oxigraph(quad.object, bnodes, "r"),
                    )
                    for quad in ox.parse(input=data, format=fmt)
                }
            except SyntaxError:
                raise Refused(where, "this graph would not read back after being written (round-trip check failed)") from None
            if written is not None:
                same = read == written
            else:
                back = Graph()
                for triple in read:
                    back.add(triple)
                same = len(back) == len(graph) and isomorphic(back, graph)
            if not same:
                raise Refused(
                    where,
                    "this graph would change when written and read back (round-trip check failed): "
                    f"{len(graph)} triples read, {len(read)} after the round trip",
                )


def _graph_file(g, quads, positions, files) -> str:
    for s, p, o, gg in quads:
        if gg == g:
            return positions.get(s, (files[0].name if files else "submission", None))[0]
    return files[0].name if files else "submission"
