"""Fast, streaming N-Triples, Turtle and TriG writers.

They work on N-Triples text lines (pyoxigraph parses the files in Rust, see `conflictkg.graphs`):
merge the graphs, drop duplicates, sort, and (for Turtle and TriG) group by subject and shorten
IRIs with the project's prefixes. That is an order of magnitude faster than building rdflib terms, and the
Turtle is the same, byte for byte, as `conflictkg.rdfio.canonical_turtle` (the form `conflictkg fmt`
gives the curated files) for graphs whose blank nodes are each used once.

Blank node labels from the parser are arbitrary, so triples with blank nodes are relabelled with the
RDFC-1.0 canonical labels (c14n0, c14n1...): the output does not change from one run to the next.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox

from conflictkg.namespaces import PREFIXES

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_PN_LOCAL_SAFE = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")
_LITERAL = re.compile(r'^"(.*)"(?:@([A-Za-z0-9\-]+)|\^\^<([^>]*)>)?$', re.S)
_ECHAR = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}

Progress = Callable[[int], None]


def _noop(_n: int) -> None:
    pass


# --------------------------------------------------------------------------------------------
# Triples as N-Triples text
# --------------------------------------------------------------------------------------------


def split_line(line: str) -> tuple[str, str, str]:
    """(subject, predicate, object) of one N-Triples line, each in N-Triples syntax."""
    s, p, rest = line.split(" ", 2)
    return s, p, rest[:-2]  # drop " ."


def _canonical_bnodes(quads: list[tuple[str, str, str, str]]) -> list[tuple[str, str, str, str]]:
    """Relabel the blank nodes of `quads` (every quad mentions one) with RDFC-1.0 labels."""
    text = "".join(f"{s} {p} {o}{' ' + g if g else ''} .\n" for s, p, o, g in quads)
    ds = ox.Dataset(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return [
        (str(q.subject), str(q.predicate), str(q.object),
         "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name))
        for q in ds
    ]


def _has_bnode(s: str, o: str) -> bool:
    return s.startswith("_:") or o.startswith("_:")


def _relabel_blank_lines(lines: list[str]) -> list[str]:
    """Give the blank nodes in `lines` their canonical labels; lines without blank nodes are kept."""
    maybe = [line for line in lines if "_:" in line]
    blank = []
    for line in maybe:
        s, p, o = split_line(line)
        if _has_bnode(s, o):
            blank.append(line)
    if not blank:
        return lines
    drop = set(blank)
    kept = [line for line in lines if line not in drop] if len(drop) < len(lines) else []
    relabelled = {f"{s} {p} {o} ." for s, p, o, _ in _canonical_bnodes([(*split_line(b), "") for b in blank])}
    return kept + list(relabelled)


def sorted_lines(line_lists: Iterable[list[str]]) -> list[str]:
    """The union of N-Triples line lists, de-duplicated and sorted, with stable blank node labels.

    Sorting the lines keeps each subject's triples together (an IRI cannot contain a space or
    `>`), which is all the Turtle writer needs."""
    lines: set[str] = set()
    for ls in line_lists:
        lines.update(ls)
    out = _relabel_blank_lines(list(lines))
    out.sort()
    return out


def sorted_quads(lines_by_graph: dict[str, list[str]]) -> dict[str, list[str]]:
    """graph name ("" for the default graph) -> its sorted, de-duplicated N-Triples lines, with
    stable blank node labels across the whole dataset."""
    by_graph = {g: set(ls) for g, ls in lines_by_graph.items()}
    blank = []
    for g, ls in by_graph.items():
        for line in ls:
            if "_:" in line:
                s, p, o = split_line(line)
                if _has_bnode(s, o):
                    blank.append((s, p, o, g))
    if blank:
        for s, p, o, g in blank:
            by_graph[g].discard(f"{s} {p} {o} .")
        for s, p, o, g in _canonical_bnodes(blank):
            by_graph[g].add(f"{s} {p} {o} .")
    return {g: sorted(ls) for g, ls in sorted(by_graph.items())}


def write_ntriples(lines: list[str], out, progress: Progress = _noop) -> int:
    """Write N-Triples lines to the binary stream `out`; returns the number of triples."""
    step = 100_000
    for i in range(0, len(lines), step):
        chunk = lines[i:i + step]
        out.write(("\n".join(chunk) + "\n").encode("utf-8"))
        progress(i + len(chunk))
    return len(lines)


# --------------------------------------------------------------------------------------------
# Turtle and TriG
# --------------------------------------------------------------------------------------------


def unescape(text: str) -> str:
    """The value of an N-Triples string body."""
    if "\\" not in text:
        return text

    def repl(m: re.Match) -> str:
        if m.group(1) or m.group(2):
            return chr(int(m.group(1) or m.group(2), 16))
        return _ECHARS.get(m.group(3), m.group(3))

    return _ECHAR.sub(repl, text)


def escape_turtle(text: str) -> str:
    """A Turtle string body, escaped as `rdfio.canonical_turtle` does."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


class Names:
    """Prefixed names for N-Triples terms, cached, longest namespace first (as rdfio does)."""

    def __init__(self, prefixes: dict[str, str] | None = None):
        self.prefixes = sorted((prefixes or PREFIXES).items(), key=lambda kv: -len(kv[1]))
        # Namespaces that end with / or #: the only candidate for an IRI is its text up to its last
        # / or #, since a safe local name contains neither. Others are tried one by one.
        self._by_ns = {ns: p for p, ns in self.prefixes if ns[-1] in "/#"}
        self._other = [(p, ns) for p, ns in self.prefixes if ns[-1] not in "/#"]
        self.used: set[str] = set()
        self._iri: dict[str, str] = {}

    def iri(self, term: str) -> str:
        """`term` is `<...>`; returns `prefix:local` or `<...>` and records the prefix as used."""
        hit = self._iri.get(term)
        if hit is None:
            s = term[1:-1]
            hit = term
            cut = max(s.rfind("/"), s.rfind("#")) + 1
            prefix = self._by_ns.get(s[:cut])
            local = s[cut:]
            if prefix is not None and (local == "" or _PN_LOCAL_SAFE.match(local)):
                hit = f"{prefix}:{local}"
                self.used.add(prefix)
            else:
                for prefix, ns in self.prefixes:
                    if s.startswith(ns):
                        local = s[len(ns):]
                        if local == "" or _PN_LOCAL_SAFE.match(local):
                            hit = f"{prefix}:{local}"
                            self.used.add(prefix)
                            break
            self._iri[term] = hit
        return hit

    def term(self, term: str) -> str:
        c = term[0]
        if c == "<":
            hit = self._iri.get(term)
            return hit if hit is not None else self.iri(term)
        if c == '"':
            return self.literal(term)
        return term  # blank node label

    def literal(self, term: str) -> str:
        if term[-1] == '"':  # a plain string
            return term if "\\" not in term else '"' + escape_turtle(unescape(term[1:-1])) + '"'
        i = term.rfind('"')
        body = term[1:i]
        if "\\" in body:
            body = escape_turtle(unescape(body))
        tail = term[i + 1:]
        if tail[0] == "@":
            return f'"{body}"{tail}'
        dt = tail[2:]
        if dt == _XSD_STRING_TERM:
            return f'"{body}"'
        hit = self._iri.get(dt)
        return f'"{body}"^^{hit if hit is not None else self.iri(dt)}'


_XSD_STRING_TERM = f"<{XSD_STRING}>"


def _object_key(term: str) -> tuple:
    """Sort order of objects, as `rdfio.canonical_turtle`: IRIs, then literals by datatype,
    language and value, then blank nodes."""
    if term[0] == "<":
        return (0, term[1:-1], "")
    if term[0] == '"':
        m = _LITERAL.match(term)
        body, lang, dt = m.group(1), m.group(2), m.group(3)
        return (1, dt or "", (lang or "") + "\x00" + unescape(body))
    return (2, term, "")


def _subject_key(term: str) -> tuple:
    return (0, term[1:-1]) if term[0] == "<" else (2, term)


class TurtleBody:
    """Renders sorted N-Triples lines as Turtle statement blocks, one per subject, sorted as
    `rdfio.canonical_turtle` sorts them, inlining blank nodes that are the object of exactly one
    triple."""

    def __init__(self, lines: list[str], names: Names, shared: frozenset | set = frozenset()):
        self.names = names
        groups: list[tuple[str, list]] = []
        refs: dict[str, int] = defaultdict(int)
        cur_s = None
        cur: list = []
        for line in lines:
            s, p, rest = line.split(" ", 2)
            o = rest[:-2]
            if s != cur_s:
                cur = []
                groups.append((s, cur))
                cur_s = s
            cur.append((p, o))
            if o[0] == "_":
                refs[o] += 1
        blank_subjects = {s: pos for s, pos in groups if s[0] == "_"}
        inline = {b for b, n in refs.items() if n == 1 and b in blank_subjects and b not in shared}
        reachable: set[str] = set()
        if inline:  # an inline blank node must hang from something written at the top level
            stack = [s for s, _ in groups if s not in inline]
            by_s = dict(groups)
            while stack:
                for _, o in by_s.get(stack.pop(), ()):
                    if o in inline and o not in reachable:
                        reachable.add(o)
                        stack.append(o)
        self.inline = reachable
        self.blank = blank_subjects
        self._preds: dict[str, tuple] = {}
        self._orders: dict[tuple, list[int]] = {}
        groups = [g for g in groups if g[0] not in reachable]
        groups.sort(key=lambda g: _subject_key(g[0]))
        self.groups = groups

    def _pred(self, p: str) -> tuple:
        """(sort key, rendered name) of a predicate, cached."""
        hit = self._preds.get(p)
        if hit is None:
            hit = ((p != RDF_TYPE, p[1:-1]), "a" if p == RDF_TYPE else self.names.iri(p))
            self._preds[p] = hit
        return hit

    def block(self, pos: list, depth: int = 1, nested: bool = False) -> tuple[str, int]:
        names = self.names
        iris = names._iri
        inline = self.inline
        pred = self._pred
        indent = "    " * depth
        runs: list[tuple[str, list[str]]] = []
        last = None
        objs: list[str] = []
        for p, o in pos:  # the lines are sorted, so a predicate's objects are next to each other
            if p == last:
                objs.append(o)
            else:
                objs = [o]
                runs.append((p, objs))
                last = p
        if len(runs) > 1:
            # Subjects of one kind share their predicates: cache the order per predicate list.
            sig = tuple(r[0] for r in runs)
            order = self._orders.get(sig)
            if order is None:
                order = sorted(range(len(sig)), key=lambda i: pred(sig[i])[0])
                self._orders[sig] = order
            runs = [runs[i] for i in order]
        preds = self._preds
        lines = []
        count = len(pos)
        for p, objs in runs:
            if len(objs) > 1:
                objs.sort(key=_object_key)
            rendered = []
            for o in objs:
                c = o[0]
                if c == "<":
                    hit = iris.get(o)
                    rendered.append(hit if hit is not None else names.iri(o))
                elif c == '"':
                    rendered.append(names.literal(o))
                elif o in inline:
                    text, n = self.block(self.blank[o], depth + 1, nested=True)
                    count += n
                    rendered.append(text)
                else:
                    rendered.append(o)
            hit = preds.get(p)
            name = hit[1] if hit is not None else pred(p)[1]
            lines.append(indent + name + " " + (rendered[0] if len(rendered) == 1 else ", ".join(rendered)))
        if nested:
            return "[\n" + " ;\n".join(lines) + "\n" + "    " * (depth - 1) + "]", count
        return " ;\n".join(lines) + " .", count

    def statements(self, indent: str = "") -> Iterator[tuple[str, int]]:
        """Yield (text, number of triples) per top-level subject."""
        names = self.names
        for s, pos in self.groups:
            head = names.iri(s) if s[0] == "<" else s
            text, count = self.block(pos)
            text = head + "\n" + text
            if indent:
                text = indent + text.replace("\n", "\n" + indent)
            yield text, count


def _header_lines(header: str | None) -> list[str]:
    if not header:
        return []
    return ["# " + line if line else "#" for line in header.rstrip("\n").split("\n")] + [""]


def _prefix_lines(names: Names) -> list[str]:
    return [f"@prefix {p}: <{ns}> ." for p, ns in sorted(PREFIXES.items()) if p in names.used]


def write_turtle(lines: list[str], out, *, header: str | None = None, progress: Progress = _noop) -> int:
    """Write sorted, prefixed Turtle to the binary stream `out`; returns the number of triples.

    The statements are rendered first (the prefix lines must list the prefixes in use), then
    written in one go."""
    names = Names()
    body = TurtleBody(lines, names)
    texts = []
    n = 0
    for text, count in body.statements():
        texts.append(text)
        n += count
        if len(texts) % 20_000 == 0:
            progress(n // 2)
    head = "\n".join(_header_lines(header) + _prefix_lines(names)) + "\n\n"
    out.write(head.encode("utf-8"))
    step = 20_000
    for i in range(0, len(texts), step):
        chunk = "\n\n".join(texts[i:i + step])
        out.write(((chunk if i == 0 else "\n\n" + chunk)).encode("utf-8"))
        progress(n // 2 + n * min(i + step, len(texts)) // (2 * max(len(texts), 1)))
    out.write(b"\n")
    progress(n)
    return n


def write_trig(graphs: dict[str, list[str]], out, *, header: str | None = None, progress: Progress = _noop) -> int:
    """Write TriG: the default graph's triples (key "") first, then one block per named graph.
    `graphs` maps graph names in N-Triples syntax to sorted N-Triples lines."""
    names = Names()
    # A blank node used in two graphs must keep its label: written inline, it would become two nodes.
    seen: dict[str, str] = {}
    shared: set[str] = set()
    for g, ls in graphs.items():
        for line in ls:
            if "_:" in line:
                s, _, o = split_line(line)
                for t in (s, o):
                    if t[0] == "_" and seen.setdefault(t, g) != g:
                        shared.add(t)
    parts = []
    n = 0
    total = sum(len(ls) for ls in graphs.values())
    for g, ls in graphs.items():
        body = TurtleBody(ls, names, shared)
        items = [text for text, _ in body.statements(indent="    " if g else "")]
        if g:
            label = names.iri(g) if g[0] == "<" else g
            parts.append(f"\n{label} {{\n" + "\n\n".join(items) + "\n}\n")
        elif items:
            parts.append("\n" + "\n\n".join(items) + "\n")
        n += len(ls)
        progress(n // 2)
    out.write(("\n".join(_header_lines(header) + _prefix_lines(names)) + "\n").encode("utf-8"))
    for part in parts:
        out.write(part.encode("utf-8"))
    progress(total)
    return total
