"""Fast N-Triples, Turtle and TriG writers.

They work on N-Triples text lines (pyoxigraph parses the files in Rust, see `conflictkg.storage.graphs`):
group the lines by subject, drop duplicates, sort, and (for Turtle and TriG) shorten IRIs with the
project's prefixes. That is an order of magnitude faster than going through rdflib terms, and the
Turtle is the same, byte for byte, as `conflictkg.rdf.rdfio.canonical_turtle` (the form `conflictkg fmt`
gives the curated files) for graphs whose blank nodes are each used once.

Blank node labels from the parser are arbitrary, so triples with blank nodes are relabelled with the
RDFC-1.0 canonical labels (c14n0, c14n1...): the output does not change from one run to the next.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections import defaultdict
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox

from conflictkg.model.namespaces import PREFIXES

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_PN_LOCAL_SAFE = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")
_LITERAL = re.compile(r'^"(.*)"(?:@([A-Za-z0-9\-]+)|\^\^<([^>]*)>)?$', re.S)
_ECHAR = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}

Progress = Callable[[int], None]
# The most IRIs `Names` remembers the prefixed form of (a cache of every IRI grows with the graph).
_CACHE_LIMIT = 10_000


def _noop(_n: int) -> None:
    pass


# --------------------------------------------------------------------------------------------
# Triples as N-Triples text, grouped by subject
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


def _subject_key(term: str) -> tuple:
    """Subjects in `rdfio.canonical_turtle` order: IRIs by IRI, then blank nodes."""
    return (0, term[1:-1]) if term[0] == "<" else (2, term)


class Grouped:
    """A graph as N-Triples text: `subjects` in canonical order, and for each subject its distinct
    `"<predicate> object"` strings, sorted (so a predicate's objects are next to each other)."""

    def __init__(self, groups: dict[str, list[str]]):
        for s, rests in groups.items():
            if len(rests) > 1:
                rests.sort()
                if any(a == b for a, b in zip(rests, rests[1:])):
                    groups[s] = sorted(set(rests))
        self.groups = groups
        self.subjects = sorted(groups, key=_subject_key)
        self.count = sum(len(r) for r in groups.values())

    def __len__(self) -> int:
        return self.count

    def lines(self) -> Iterator[str]:
        groups = self.groups
        for s in self.subjects:
            for r in groups[s]:
                yield f"{s} {r} ."

    def triples(self) -> Iterator[tuple[str, str, str]]:
        for s in self.subjects:
            for r in self.groups[s]:
                p, _, o = r.partition(" ")
                yield s, p, o


def _relabel(lines: list[str], graph: str = "") -> tuple[list[str], list[tuple[str, str, str, str]]]:
    """(lines without blank nodes, quads with blank nodes) of one graph's lines."""
    blank = []
    plain = lines
    for i, line in enumerate(lines):
        if "_:" in line:
            s, p, o = split_line(line)
            if _has_bnode(s, o):
                blank.append((s, p, o, graph))
    if blank:
        drop = {f"{s} {p} {o} ." for s, p, o, _ in blank}
        plain = [line for line in lines if line not in drop]
    return plain, blank


def _group_into(groups: dict[str, list[str]], lines: Iterable[str]) -> None:
    for line in lines:
        i = line.find(" ")
        s = line[:i]
        rests = groups.get(s)
        if rests is None:
            groups[s] = [line[i + 1:-2]]
        else:
            rests.append(line[i + 1:-2])


def group(line_lists: Iterable[list[str]]) -> Grouped:
    """The union of N-Triples line lists, grouped by subject, de-duplicated and sorted, with
    stable blank node labels."""
    groups: dict[str, list[str]] = {}
    blank = []
    for ls in line_lists:
        plain, b = _relabel(ls)
        blank += b
        _group_into(groups, plain)
    if blank:
        relabelled = {f"{s} {p} {o} ." for s, p, o, _ in _canonical_bnodes(blank)}
        _group_into(groups, relabelled)
    return Grouped(groups)


def sorted_lines(line_lists: Iterable[list[str]]) -> list[str]:
    """The union of N-Triples line lists, de-duplicated, in canonical order, blank nodes relabelled."""
    return list(group(line_lists).lines())


def group_graphs(lines_by_graph: dict[str, list[str]]) -> dict[str, Grouped]:
    """graph name ("" for the default graph) -> its grouped triples, with blank node labels stable
    across the whole dataset (a blank node shared by two graphs keeps one label)."""
    groups: dict[str, dict[str, list[str]]] = {}
    blank = []
    for g, ls in lines_by_graph.items():
        plain, b = _relabel(ls, g)
        blank += b
        _group_into(groups.setdefault(g, {}), plain)
    for s, p, o, g in _canonical_bnodes(blank) if blank else ():
        _group_into(groups.setdefault(g, {}), [f"{s} {p} {o} ."])
    return {g: Grouped(groups[g]) for g in sorted(groups)}


sorted_quads = group_graphs


def write_ntriples(triples: Grouped, out, progress: Progress = _noop) -> int:
    """Write N-Triples to the binary stream `out`, subject by subject; returns the number of triples."""
    chunk: list[str] = []
    n = 0
    groups = triples.groups
    for s in triples.subjects:
        rests = groups[s]
        chunk.append("".join(f"{s} {r} .\n" for r in rests))
        n += len(rests)
        if len(chunk) >= 20_000:
            out.write("".join(chunk).encode("utf-8"))
            chunk.clear()
            progress(n)
    out.write("".join(chunk).encode("utf-8"))
    progress(n)
    return n


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
            if len(self._iri) >= _CACHE_LIMIT:
                self._iri.clear()  # bounded: predicates and classes repeat, most node IRIs do not
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


class TurtleBody:
    """Renders grouped triples as Turtle statement blocks, one per subject, in the order and
    layout of `rdfio.canonical_turtle`, inlining blank nodes that are the object of exactly one
    triple (and not shared with another graph of a TriG dataset)."""

    def __init__(self, triples: Grouped, names: Names, shared: frozenset | set = frozenset()):
        self.names = names
        groups = triples.groups
        refs: dict[str, int] = defaultdict(int)
        blank_subjects = {}
        for s, rests in groups.items():
            if s[0] == "_":
                blank_subjects[s] = rests
        if blank_subjects:
            for rests in groups.values():
                for r in rests:
                    if "_:" in r:
                        o = r[r.find(" ") + 1:]
                        if o[0] == "_":
                            refs[o] += 1
        inline = {b for b, n in refs.items() if n == 1 and b in blank_subjects and b not in shared}
        reachable: set[str] = set()
        if inline:  # an inline blank node must hang from something written at the top level
            stack = [s for s in groups if s not in inline]
            while stack:
                for r in groups.get(stack.pop(), ()):
                    o = r[r.find(" ") + 1:]
                    if o in inline and o not in reachable:
                        reachable.add(o)
                        stack.append(o)
        self.inline = reachable
        self.blank = blank_subjects
        self.groups = groups
        self.subjects = [s for s in triples.subjects if s not in reachable] if reachable else triples.subjects
        self._preds: dict[str, tuple] = {}
        self._orders: dict[tuple, list[int]] = {}

    @classmethod
    def for_stream(cls, names: Names, blank: Iterable[tuple[str, str, str]],
                   shared: frozenset | set = frozenset()) -> "TurtleBody":
        """A body for subjects that come one by one (`statements_from`): only the triples with a
        blank node (`blank`, relabelled) are held, which is all that deciding and writing the inline
        blank nodes needs (a blank node is inline when it is the object of exactly one triple)."""
        self = cls.__new__(cls)
        self.names = names
        groups: dict[str, list[str]] = {}
        refs: dict[str, int] = defaultdict(int)
        referrers: list[tuple[str, str]] = []
        for s, p, o in set(blank):
            if s[0] == "_":
                groups.setdefault(s, []).append(f"{p} {o}")
            if o[0] == "_":
                refs[o] += 1
                referrers.append((s, o))
        for rests in groups.values():
            rests.sort()
        inline = {b for b, n in refs.items() if n == 1 and b in groups and b not in shared}
        reachable: set[str] = set()
        stack = [o for s, o in referrers if o in inline and s not in inline]
        while stack:
            b = stack.pop()
            if b in reachable:
                continue
            reachable.add(b)
            for r in groups.get(b, ()):
                o = r[r.find(" ") + 1:]
                if o in inline and o not in reachable:
                    stack.append(o)
        self.inline = reachable
        self.blank = groups
        self.groups = groups
        self.subjects = []
        self._preds = {}
        self._orders = {}
        return self

    def statements_from(self, groups: Iterable[tuple[str, list[str]]], indent: str = "") -> Iterator[tuple[str, int]]:
        """As `statements`, for (subject, sorted distinct rests) pairs in canonical subject order."""
        names = self.names
        inline = self.inline
        for s, rests in groups:
            if s in inline:
                continue
            head = names.iri(s) if s[0] == "<" else s
            text, count = self.block(rests)
            text = head + "\n" + text
            if indent:
                text = indent + text.replace("\n", "\n" + indent)
            yield text, count

    def _pred(self, p: str) -> tuple:
        """(sort key, rendered name) of a predicate, cached."""
        hit = self._preds.get(p)
        if hit is None:
            hit = ((p != RDF_TYPE, p[1:-1]), "a" if p == RDF_TYPE else self.names.iri(p))
            self._preds[p] = hit
        return hit

    def block(self, rests: list[str], depth: int = 1, nested: bool = False) -> tuple[str, int]:
        names = self.names
        iris = names._iri
        literal = names.literal
        indent = "    " * depth
        runs: list[tuple[str, list[str]]] = []
        last = None
        objs: list[str] = []
        for r in rests:  # sorted, so a predicate's objects are next to each other
            j = r.find(" ")
            p = r[:j]
            if p == last:
                objs.append(r[j + 1:])
            else:
                objs = [r[j + 1:]]
                runs.append((p, objs))
                last = p
        if len(runs) > 1:
            # Subjects of one kind share their predicates: cache the order per predicate list.
            sig = tuple([r[0] for r in runs])
            order = self._orders.get(sig)
            if order is None:
                order = sorted(range(len(sig)), key=lambda i: self._pred(sig[i])[0])
                self._orders[sig] = order
            runs = [runs[i] for i in order]
        preds = self._preds
        out = []
        count = len(rests)
        for p, objs in runs:
            hit = preds.get(p)
            if hit is None:
                hit = self._pred(p)
            head = indent + hit[1] + " "
            if len(objs) == 1:
                o = objs[0]
                c = o[0]
                if c == "<":
                    t = iris.get(o)
                    out.append(head + (t if t is not None else names.iri(o)))
                    continue
                if c == '"':
                    out.append(head + (o if o[-1] == '"' and "\\" not in o else literal(o)))
                    continue
            else:
                objs.sort(key=_object_key)
            rendered = []
            for o in objs:
                c = o[0]
                if c == "<":
                    t = iris.get(o)
                    rendered.append(t if t is not None else names.iri(o))
                elif c == '"':
                    rendered.append(literal(o))
                elif o in self.inline:
                    text, n = self.block(self.blank[o], depth + 1, nested=True)
                    count += n
                    rendered.append(text)
                else:
                    rendered.append(o)
            out.append(head + ", ".join(rendered))
        if nested:
            return "[\n" + " ;\n".join(out) + "\n" + "    " * (depth - 1) + "]", count
        return " ;\n".join(out) + " .", count

    def statements(self, indent: str = "") -> Iterator[tuple[str, int]]:
        """Yield (text, number of triples) per top-level subject."""
        names = self.names
        groups = self.groups
        for s in self.subjects:
            head = names.iri(s) if s[0] == "<" else s
            text, count = self.block(groups[s])
            text = head + "\n" + text
            if indent:
                text = indent + text.replace("\n", "\n" + indent)
            yield text, count


# Anything a Turtle reader might take as the end of a comment line: Turtle ends comments at CR or
# LF, and other readers (or editors) also break lines at VT, FF, NEL, LS and PS.
_COMMENT_BREAKS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _header_lines(header: str | None) -> list[str]:
    """The header as `# ` comment lines. A character that could end a comment is written as its
    \\uXXXX escape, so no text in a header can ever be read as data (defence in depth: callers
    refuse such characters first, see conflictkg.submission.authors)."""
    if not header:
        return []
    safe = _COMMENT_BREAKS.sub(lambda m: f"\\u{ord(m.group()):04X}", header.replace("\r\n", "\n"))
    return ["# " + line if line else "#" for line in safe.rstrip("\n").split("\n")] + [""]


def _prefix_lines(names: Names) -> list[str]:
    return [f"@prefix {p}: <{ns}> ." for p, ns in sorted(names.prefixes) if p in names.used]


def write_turtle(triples: Grouped, out, *, header: str | None = None, progress: Progress = _noop,
                 prefixes: dict[str, str] | None = None) -> int:
    """Write sorted, prefixed Turtle to the binary stream `out`; returns the number of triples.

    The statements are rendered first (the prefix lines must list the prefixes in use), then
    written in one go. `prefixes` replaces the project's prefixes."""
    names = Names(prefixes)
    body = TurtleBody(triples, names)
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


def write_trig(graphs: dict[str, Grouped], out, *, header: str | None = None, progress: Progress = _noop) -> int:
    """Write TriG: the default graph's triples (key "") first, then one block per named graph.
    `graphs` maps graph names in N-Triples syntax to their triples (see `group_graphs`)."""
    names = Names()
    # A blank node used in two graphs must keep its label: written inline, it would become two nodes.
    seen: dict[str, str] = {}
    shared: set[str] = set()
    for g, triples in graphs.items():
        for s, _, o in triples.triples():
            for t in (s, o):
                if t[0] == "_" and seen.setdefault(t, g) != g:
                    shared.add(t)
    parts = []
    n = 0
    total = sum(len(ts) for ts in graphs.values())
    for g, ts in graphs.items():
        body = TurtleBody(ts, names, shared)
        items = [text for text, _ in body.statements(indent="    " if g else "")]
        if g:
            label = names.iri(g) if g[0] == "<" else g
            parts.append(f"\n{label} {{\n" + "\n\n".join(items) + "\n}\n")
        elif items:
            parts.append("\n" + "\n\n".join(items) + "\n")
        n += len(ts)
        progress(n // 2)
    out.write(("\n".join(_header_lines(header) + _prefix_lines(names)) + "\n").encode("utf-8"))
    for part in parts:
        out.write(part.encode("utf-8"))
    progress(total)
    return total


# --------------------------------------------------------------------------------------------
# Writers for subjects that come one by one (conflictkg.storage.spool), in bounded memory
# --------------------------------------------------------------------------------------------


def canonical_blank(quads: list[tuple[str, str, str, str]]) -> list[tuple[str, str, str, str]]:
    """`quads` (each with a blank node) relabelled with RDFC-1.0 labels, as `group` relabels them."""
    return _canonical_bnodes(quads) if quads else []


def write_ntriples_stream(groups: Iterable[tuple[str, list[str]]], out, progress: Progress = _noop, *,
                          graph: str = "", chunk_bytes: int = 1 << 18) -> int:
    """N-Triples from (subject, sorted distinct rests) pairs; the same bytes as `write_ntriples`.
    With `graph` (an IRI in angle brackets), N-Quads lines of that graph. Written in chunks of about
    `chunk_bytes`; returns the number of lines."""
    tail = f" {graph} .\n" if graph else " .\n"
    chunk: list[str] = []
    size = n = 0
    for s, rests in groups:
        text = "".join(f"{s} {r}{tail}" for r in rests)
        chunk.append(text)
        size += len(text)
        n += len(rests)
        if size >= chunk_bytes:
            out.write("".join(chunk).encode("utf-8"))
            chunk.clear()
            size = 0
            progress(n)
    out.write("".join(chunk).encode("utf-8"))
    progress(n)
    return n


class _Body:
    """Statement texts written to a temporary file as they are rendered (the prefix lines, which
    must come first, are known only at the end), then copied after the head."""

    def __init__(self):
        self.file = tempfile.TemporaryFile()
        self.buffer: list[str] = []
        self.size = 0

    def write(self, text: str) -> None:
        self.buffer.append(text)
        self.size += len(text)
        if self.size > 1 << 18:
            self.flush()

    def flush(self) -> None:
        self.file.write("".join(self.buffer).encode("utf-8"))
        self.buffer.clear()
        self.size = 0

    def copy_to(self, out) -> None:
        self.flush()
        self.file.seek(0)
        shutil.copyfileobj(self.file, out, 1 << 20)
        self.file.close()


def write_turtle_stream(groups: Iterable[tuple[str, list[str]]], blank: Iterable[tuple[str, str, str]], out, *,
                        header: str | None = None, progress: Progress = _noop) -> int:
    """Turtle from (subject, sorted distinct rests) pairs in canonical order, with `blank` the
    (relabelled) triples that have a blank node; the same bytes as `write_turtle`."""
    names = Names()
    body = TurtleBody.for_stream(names, blank)
    scratch = _Body()
    n = 0
    first = True
    for text, count in body.statements_from(groups):
        scratch.write(text if first else "\n\n" + text)
        first = False
        n += count
        if n % 20_000 < count:
            progress(n)
    out.write(("\n".join(_header_lines(header) + _prefix_lines(names)) + "\n\n").encode("utf-8"))
    scratch.copy_to(out)
    out.write(b"\n")
    progress(n)
    return n


def write_trig_stream(graphs: Iterable[tuple[str, Iterable[tuple[str, list[str]]]]],
                      blank: dict[str, list[tuple[str, str, str]]], out, *, header: str | None = None,
                      progress: Progress = _noop) -> int:
    """TriG from (graph name, its (subject, rests) pairs) in graph order ("" first), with `blank`
    the relabelled triples with a blank node of each graph; the same bytes as `write_trig`."""
    names = Names()
    seen: dict[str, str] = {}
    shared: set[str] = set()
    for g, triples in blank.items():
        for s, _, o in triples:
            for t in (s, o):
                if t[0] == "_" and seen.setdefault(t, g) != g:
                    shared.add(t)
    scratch = _Body()
    n = 0
    for g, groups in graphs:
        body = TurtleBody.for_stream(names, blank.get(g, ()), shared)
        indent = "    " if g else ""
        first = True
        for text, count in body.statements_from(groups, indent=indent):
            if first:
                scratch.write(f"\n{names.iri(g) if g[0] == '<' else g} {{\n" if g else "\n")
            scratch.write(text if first else "\n\n" + text)
            first = False
            n += count
        if not first:
            scratch.write("\n}\n" if g else "\n")
        progress(n)
    out.write(("\n".join(_header_lines(header) + _prefix_lines(names)) + "\n").encode("utf-8"))
    scratch.copy_to(out)
    progress(n)
    return n
