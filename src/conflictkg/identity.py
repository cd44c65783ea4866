"""What a submitted node is called, checked before it lands: IRIs in their normal form, and the
project's IRIs in ASCII.

IRIs are compared in their RFC 3986 normal form (`normal_iri`): the namespace checks of `submit`
run on a string, and `https://w3id.org/conflict-kg/id/../ontology#Strike2` starts with the data
namespace while naming an ontology term. The IRIs `submit` mints are ASCII; one under the
project's base written with a look-alike letter (`actor:ѕohr`, a Cyrillic "ѕ") is refused.
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import Graph, URIRef

from conflictkg.prefixes import BASE


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
