"""RDF terms as the pages see them, and how they are written in HTML.

Every string that comes from the graph is escaped (Jinja autoescape, and `markupsafe.escape` in
the helpers that build links). Links are made only to the server's own pages (for IRIs under
https://w3id.org/conflict-kg/) and to http(s) URLs; any other scheme (`javascript:`, `data:`) is
shown as text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import quote, unquote

from markupsafe import Markup, escape

from conflictkg.model.namespaces import BASE, PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_PREFIXES_LONGEST_FIRST = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


@dataclass(frozen=True)
class Term:
    kind: str  # uri, literal, bnode
    value: str
    lang: str | None = None
    datatype: str | None = None

    @property
    def is_iri(self) -> bool:
        return self.kind == "uri"

    @property
    def is_literal(self) -> bool:
        return self.kind == "literal"

    def __str__(self) -> str:
        return self.value

    @property
    def qname(self) -> str:
        return qname(self.value) if self.is_iri else self.value


def from_json(binding: dict) -> Term:
    kind = binding["type"]
    if kind == "typed-literal":
        kind = "literal"
    return Term(kind, binding["value"], binding.get("xml:lang"), binding.get("datatype"))


def parse_results(payload: bytes) -> tuple[list[str], list[dict[str, Term]]]:
    """SPARQL JSON results as (variables, rows of name -> Term); unbound names are absent."""
    doc = json.loads(payload)
    names = doc.get("head", {}).get("vars", [])
    rows = [{k: from_json(v) for k, v in b.items()} for b in doc.get("results", {}).get("bindings", [])]
    return names, rows


def qname(iri: str) -> str:
    for prefix, ns in _PREFIXES_LONGEST_FIRST:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def local_path(iri: str) -> str | None:
    """The server path that serves an IRI of ours (`/id/event/x`, `/vocab/measure/killed`,
    `/ontology#Claim`), or None for anyone else's."""
    if not iri.startswith(BASE):
        return None
    rest = iri[len(BASE):]
    if rest == "ontology" or rest.startswith("ontology#"):
        path, hash_, fragment = rest.partition("#")
        return "/" + path + (hash_ + quote(fragment, safe="-._~") if hash_ else "")
    if rest.startswith(("id/", "vocab/")) or rest == "vocab":
        path, hash_, fragment = rest.partition("#")
        out = "/" + quote(path, safe="/-._~!$&'()*+,;=:@%")
        return out + (hash_ + quote(fragment, safe="-._~") if hash_ else "")
    return None


def iri_for_path(path: str) -> str:
    """The IRI a server path stands for: `/id/event/x` -> https://w3id.org/conflict-kg/id/event/x."""

    return BASE + unquote(path.lstrip("/"))


def is_web_url(value: str) -> bool:
    lower = value.lower()
    return lower.startswith("https://") or lower.startswith("http://")


def link(iri: str, text: str | None = None, *, cls: str | None = None) -> Markup:
    """An <a> to our page for the IRI, or to the IRI itself if it is an http(s) URL, else text."""
    shown = escape(text if text else qname(iri))
    attr = f' class="{escape(cls)}"' if cls else ""
    path = local_path(iri)
    if path is not None:
        return Markup(f'<a href="{escape(path)}"{attr}>{shown}</a>')
    if is_web_url(iri):
        return Markup(f'<a href="{escape(iri)}" rel="nofollow noopener noreferrer"{attr}>{shown}</a>')
    return Markup(f"<span{attr}>{shown}</span>")


def render(term: Term | None, labels: dict[str, str] | None = None) -> Markup:
    """A term for a table cell: IRIs as links with their label, literals as text."""
    if not isinstance(term, Term):  # None, or a missing column in a template
        return Markup("")
    if term.kind == "uri":
        label = (labels or {}).get(term.value)
        return link(term.value, label)
    if term.kind == "bnode":
        return Markup(f"<span class=\"bnode\">_:{escape(term.value)}</span>")
    text = escape(term.value)
    if term.datatype == XSD + "anyURI" and is_web_url(term.value):
        return Markup(f'<a href="{text}" rel="nofollow noopener noreferrer">{text}</a>')
    if term.lang and term.lang != "en":
        return Markup(f'<span lang="{escape(term.lang)}">{text}</span> <small class="lang">@{escape(term.lang)}</small>')
    return Markup(text)


def best_label(candidates: list[Term]) -> str | None:
    """English or untagged first, then any, alphabetically for a stable choice."""
    if not candidates:
        return None
    ranked = sorted(candidates, key=lambda t: (t.lang not in (None, "", "en"), t.lang not in (None, ""), t.value))
    return ranked[0].value
