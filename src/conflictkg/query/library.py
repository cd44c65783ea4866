"""The stored query library (`queries/*.rq`): headers, parameters and their typed values.

Each file opens with a header in grlc's decorator convention: lines starting with `#+` whose
text, with the marks removed, is YAML. We read grlc's own keys (`summary`, `description`,
`tags`, `defaults`, `enumerate`) and add two of ours, which grlc ignores:

    #+ params:               one entry per parameter
    #+   event:
    #+     description: The event, as a slug (2024-palmyra-airstrike), event:slug or a full IRI
    #+     prefix: event     namespace a bare slug expands to
    #+     example: 2024-palmyra-airstrike
    #+     default: ...      optional; a parameter without default is required
    #+ columns:              output column -> what it holds
    #+   claimant: Who made the claim

Parameters are query variables named the way grlc (after BASIL) names them: `?_name_type`, e.g.
`?_event_iri`, `?_asof_date`, `?_n_integer`, `?_label_en`, `?_label_xsd_string`.
The type suffix says how a value given on the command line becomes an RDF term.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
import yaml

from conflictkg.core.errors import UserError
from conflictkg.core.paths import Project
from conflictkg.model.prefixes import PREFIXES
from conflictkg.query.sparqltext import tokens

XSD = "http://www.w3.org/2001/XMLSchema#"

# Datatypes a parameter may have, with a check of the value and its canonical lexical form.
_DATATYPES = {
    "string": "string",
    "integer": "integer",
    "nonNegativeInteger": "non-negative integer",
    "positiveInteger": "positive integer",
    "decimal": "decimal number",
    "double": "number",
    "boolean": "boolean (true or false)",
    "date": "date (YYYY-MM-DD)",
    "dateTime": "date and time (YYYY-MM-DDThh:mm:ss)",
    "gYear": "year (YYYY)",
    "anyURI": "URI",
}
_PARAM_VAR = re.compile(r"^(?P<required>_{1,2})(?P<name>[A-Za-z0-9]+)(?:_(?P<type>[A-Za-z0-9]+))?(?:_(?P<user>[A-Za-z0-9]+))?$")
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
_LANG = re.compile(r"^[a-z]{2}$")


@dataclass
class Param:
    name: str  # as given on the command line: --param event=...
    var: str  # the query variable without ?: _event_iri
    kind: str  # "iri" or "literal"
    datatype: str | None = None  # full IRI, for typed literals
    lang: str | None = None
    required: bool = True
    default: str | None = None
    example: str | None = None
    description: str = ""
    prefix: str | None = None  # namespace prefix a bare slug expands to

    @property
    def type_label(self) -> str:
        if self.kind == "iri":
            return f"IRI ({self.prefix}:slug, prefix:name or <full IRI>)" if self.prefix else "IRI"
        if self.lang:
            return f"text in language '{self.lang}'"
        local = (self.datatype or XSD + "string").removeprefix(XSD)
        return _DATATYPES.get(local, self.datatype or "string")

    @property
    def short_type(self) -> str:
        if self.kind == "iri":
            return "iri"
        if self.lang:
            return f"@{self.lang}"
        return (self.datatype or XSD + "string").removeprefix(XSD)


@dataclass
class StoredQuery:
    name: str
    path: Path
    text: str
    summary: str = ""
    description: str = ""
    tags: list[str] = field(default_factory=list)
    params: list[Param] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    header: dict = field(default_factory=dict)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


# --------------------------------------------------------------------------------------------
# Headers
# --------------------------------------------------------------------------------------------


def read_header(text: str, source: str = "<query>") -> dict:
    """The YAML of the leading `#+` lines (grlc strips the marks the same way)."""

    lines = []
    for line in text.splitlines():
        if line.startswith("#+"):
            lines.append(line[2:])
        elif line.strip() == "" or line.startswith("#"):
            continue
        else:
            break
    if not lines:
        return {}
    try:
        data = yaml.safe_load("\n".join(lines))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (header line {mark.line + 1})" if mark else ""
        raise UserError(f"{source}: the #+ header is not valid YAML{where}: {getattr(exc, 'problem', exc)}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UserError(f"{source}: the #+ header must be a YAML mapping of decorators (summary:, tags: ...)")
    return data


def param_from_var(var: str) -> Param | None:
    """The parameter a `?_name_type` variable declares, or None for an ordinary variable."""
    m = _PARAM_VAR.match(var)
    if not m:
        return None
    required = m.group("required") == "_"
    name, typ, user = m.group("name"), m.group("type"), m.group("user")
    if typ == "iri":
        return Param(name, var, "iri", required=required)
    if typ in (None, "string", "literal"):
        return Param(name, var, "literal", XSD + "string", required=required)
    if typ == "number":
        return Param(name, var, "literal", XSD + "decimal", required=required)
    if user:  # ?_name_prefix_datatype, e.g. ?_asof_xsd_date
        if typ != "xsd":
            raise ValueError(f"?{var}: only xsd: datatypes are supported for parameters")
        typ = user
    if typ in _DATATYPES:
        return Param(name, var, "literal", XSD + typ, required=required)
    if _LANG.match(typ):
        return Param(name, var, "literal", lang=typ, required=required)
    raise ValueError(f"?{var}: unknown parameter type '{typ}' (use iri, string, number, a language code or an XSD datatype)")


def variables(text: str) -> list[str]:
    """Variable names in a query, in order of first use (comments, strings and IRIs skipped)."""

    seen: dict[str, None] = {}
    for kind, value, _ in tokens(text):
        if kind == "var":
            seen.setdefault(value[1:], None)
    return list(seen)


def parse_stored_query(path: Path, text: str | None = None, *, name: str | None = None) -> StoredQuery:
    text = path.read_text(encoding="utf-8") if text is None else text
    source = str(path)
    header = read_header(text, source)
    query = StoredQuery(name=name or path.stem, path=path, text=text, header=header)
    query.summary = str(header.get("summary") or "").strip()
    query.description = str(header.get("description") or "").strip()
    tags = header.get("tags") or []
    query.tags = [str(t) for t in (tags if isinstance(tags, list) else [tags])]
    columns = header.get("columns") or {}
    if not isinstance(columns, dict):
        raise UserError(f"{source}: '#+ columns:' must map each output column to its description")
    query.columns = {str(k): str(v).strip() for k, v in columns.items()}

    declared = header.get("params") or {}
    if not isinstance(declared, dict):
        raise UserError(f"{source}: '#+ params:' must map each parameter name to its description, example...")
    defaults = {}
    for item in header.get("defaults") or []:  # grlc: a list of {name: value}
        if isinstance(item, dict):
            defaults.update({str(k): v for k, v in item.items()})

    params: dict[str, Param] = {}
    for var in variables(text):
        try:
            p = param_from_var(var)
        except ValueError as exc:
            raise UserError(f"{source}: {exc}") from None
        if p is None or p.name in params:
            continue
        info = declared.get(p.name) or {}
        if not isinstance(info, dict):
            raise UserError(f"{source}: '#+ params: {p.name}:' must be a mapping (description, example, default, prefix)")
        p.description = str(info.get("description") or "").strip()
        p.example = None if info.get("example") is None else str(info["example"])
        p.prefix = info.get("prefix")
        if p.prefix is not None and p.prefix not in PREFIXES:
            raise UserError(f"{source}: parameter {p.name}: unknown prefix '{p.prefix}'")
        default = info.get("default", defaults.get(p.name))
        if "default" in info and p.name in defaults and str(defaults[p.name]) != str(info["default"]):
            raise UserError(f"{source}: parameter {p.name}: '#+ defaults' and '#+ params' give different defaults")
        if default is not None:
            p.default = _yaml_scalar(default)
            p.required = False
        declared_type = info.get("type")
        if declared_type is not None and str(declared_type) != p.short_type:
            raise UserError(
                f"{source}: parameter {p.name}: '#+ params' says type {declared_type} but ?{p.var} makes it {p.short_type}"
            )
        params[p.name] = p
    unknown = set(declared) - set(params)
    if unknown:
        raise UserError(f"{source}: '#+ params' describes {', '.join(sorted(unknown))}, which the query does not use")
    query.params = list(params.values())
    return query


def describe(q: "StoredQuery") -> dict:
    """A stored query as plain data (for `conflictkg queries --json` and the web API)."""
    return {
        "name": q.name,
        "summary": q.summary,
        "description": q.description,
        "tags": q.tags,
        "params": [
            {"name": p.name, "type": p.short_type, "required": p.required, "default": p.default,
             "example": p.example, "description": p.description}
            for p in q.params
        ],
        "columns": q.columns,
    }


def _yaml_scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


# --------------------------------------------------------------------------------------------
# The library
# --------------------------------------------------------------------------------------------


def library(project: Project) -> dict[str, StoredQuery]:
    """Every stored query of the project, by name (file name without .rq)."""
    out = {}
    for path in sorted(project.queries_dir.glob("*.rq")):
        q = parse_stored_query(path)
        out[q.name] = q
    return out


def find(project: Project, name: str) -> StoredQuery:
    path = project.queries_dir / f"{name}.rq"
    if "/" not in name and path.is_file():
        return parse_stored_query(path)
    names = sorted(p.stem for p in project.queries_dir.glob("*.rq"))
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    if not close:
        close = [n for n in names if name.lower() in n.lower()][:3]
    hint = f" Did you mean: {', '.join(close)}?" if close else " Run `conflictkg queries` to list them."
    raise UserError(f"no stored query named '{name}'.{hint}")


# --------------------------------------------------------------------------------------------
# Parameter values
# --------------------------------------------------------------------------------------------


def parse_assignments(items: list[str] | tuple[str, ...]) -> dict[str, str]:
    """`name=value` strings from --param, in order; a repeated name is an error."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UserError(f"--param {item!r}: write it as name=value")
        if name in out:
            raise UserError(f"--param {name} is given twice")
        out[name] = value
    return out


def bind(params: list[Param], values: dict[str, str], *, query_name: str = "the query") -> dict[str, object]:
    """Turn command-line strings into typed pyoxigraph terms, keyed by query variable name."""
    known = {p.name: p for p in params}
    for name in values:
        if name not in known:
            if known:
                close = difflib.get_close_matches(name, list(known), n=1)
                hint = f" Did you mean {close[0]}?" if close else ""
                expected = ", ".join(sorted(known))
                raise UserError(f"{query_name} has no parameter '{name}'.{hint} Its parameters: {expected}")
            raise UserError(f"{query_name} takes no parameters, but --param {name}=... was given")
    bound: dict[str, object] = {}
    for p in params:
        raw = values.get(p.name, p.default)
        if raw is None:
            if p.required:
                example = f" (for example --param {p.name}={p.example})" if p.example else ""
                raise UserError(f"{query_name} needs --param {p.name}=<{p.type_label}>{example}")
            continue
        bound[p.var] = to_term(p, raw)
    return bound


def to_term(p: Param, raw: str):
    def bad(what: str):
        return UserError(f"--param {p.name}={raw!r}: expected {what}")

    if p.kind == "iri":
        return ox.NamedNode(_expand_iri(p, raw, bad))
    if p.lang:
        return ox.Literal(raw, language=p.lang)
    local = (p.datatype or XSD + "string").removeprefix(XSD)
    value = raw.strip() if local != "string" else raw
    lexical = _check_lexical(local, value, bad)
    if local == "string":
        return ox.Literal(lexical)
    return ox.Literal(lexical, datatype=ox.NamedNode(p.datatype))


def _expand_iri(p: Param, raw: str, bad) -> str:
    value = raw.strip()
    if value.startswith("<") and value.endswith(">"):
        iri = value[1:-1]
    else:
        prefix, sep, local = value.partition(":")
        if sep and prefix in PREFIXES and not local.startswith("//"):
            iri = PREFIXES[prefix] + local
        elif _ABSOLUTE_IRI.match(value) and sep:
            iri = value
        elif p.prefix and _SLUG.match(value):
            iri = PREFIXES[p.prefix] + value
        else:
            how = f"a slug such as {p.example}, " if p.prefix and p.example else ""
            raise bad(f"an IRI: {how}prefix:name or <https://...>")
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise bad("a valid IRI") from None
    return iri


def _check_lexical(local: str, value: str, bad) -> str:
    try:
        if local == "string" or local == "anyURI":
            return value
        if local in ("integer", "nonNegativeInteger", "positiveInteger"):
            if not re.fullmatch(r"[+-]?\d+", value):
                raise ValueError
            n = int(value)
            if (local == "nonNegativeInteger" and n < 0) or (local == "positiveInteger" and n <= 0):
                raise ValueError
            return str(n)
        if local == "decimal":
            if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", value):
                raise ValueError
            return str(Decimal(value))
        if local == "double":
            return repr(float(value))
        if local == "boolean":
            if value.lower() not in ("true", "false", "1", "0"):
                raise ValueError
            return "true" if value.lower() in ("true", "1") else "false"
        if local == "date":
            return _dt.date.fromisoformat(value).isoformat() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else _raise()
        if local == "dateTime":
            _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            if "T" not in value:
                raise ValueError
            return value
        if local == "gYear":
            if not re.fullmatch(r"-?\d{4}", value):
                raise ValueError
            return value
    except (ValueError, InvalidOperation):
        pass
    raise bad(_DATATYPES.get(local, local))


def _raise():
    raise ValueError
