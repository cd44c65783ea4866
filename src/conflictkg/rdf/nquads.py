"""N-Quads for bulk loaders: strings in Unicode NFC, blank nodes skolemised to stable IRIs.

Bulk loaders (QLever, Virtuoso's `ld_dir`, GraphDB's `importrdf`, Neptune, Jena's `tdb2.tdbloader`)
read N-Triples or N-Quads, often gzip'd and in several files or runs. A blank node label is local to
one file, so the same node loaded twice (an append, a reload, a second file) becomes two nodes, and
loaders differ in which labels they take. Skolemising (RDF 1.1 Concepts §3.5) names each blank node
with an IRI under `https://w3id.org/conflict-kg/.well-known/genid/` instead.

The names are stable: a node's name is the SHA-256 of what the dataset says about it (its
"first-degree" quads, as in RDFC-1.0: the quads that mention it, with itself written `_:a` and any
other blank node `_:z`), so it does not change when unrelated parts of the graph change, nor from
one run to the next. Nodes that their first-degree quads cannot tell apart are numbered in the
order of their RDFC-1.0 canonical labels, which the export gives them first (`rdfwrite.group_graphs`).

Literals are written in NFC, the form the W3C recommends for RDF strings: engines compare strings
by code point, and the same text typed on two systems can differ in composition.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import defaultdict
from typing import Iterable

from conflictkg.model.prefixes import BASE
from conflictkg.rdf.rdfwrite import Grouped, Progress, write_ntriples_stream

GENID = BASE + ".well-known/genid/"


def nfc_lines(lines: Iterable[str]) -> list[str]:
    """N-Triples lines with every literal in Unicode NFC (IRIs are left as they are: they are names)."""
    out = []
    for line in lines:
        if not line.isascii():
            s, p, rest = line.split(" ", 2)
            if rest[0] == '"' and not unicodedata.is_normalized("NFC", rest):
                line = f"{s} {p} {unicodedata.normalize('NFC', rest)}"
        out.append(line)
    return out


def nfc_term(term: str) -> str:
    """One N-Triples object term in Unicode NFC when it is a literal (as `nfc_lines` writes it)."""
    if term[0] == '"' and not term.isascii() and not unicodedata.is_normalized("NFC", term):
        return unicodedata.normalize("NFC", term)
    return term


def _noop(_n: int) -> None:
    pass


def _bnode(term: str) -> bool:
    return term[:2] == "_:"


def skolem_names(graphs: dict[str, Grouped]) -> dict[str, str]:
    """`_:label` -> `<genid IRI>` for every blank node of `graphs` (see the module docstring)."""
    return skolem_names_of((s, p, o, g) for g, triples in graphs.items() for s, p, o in triples.triples())


def skolem_names_of(quads: Iterable[tuple[str, str, str, str]]) -> dict[str, str]:
    """`skolem_names` from distinct quads `(s, p, o, graph)`; only those with a blank node matter,
    so the streamed export passes just those (held in memory: they are few)."""
    mentions: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    for s, p, o, g in quads:
        if _bnode(s):
            mentions[s].append((s, p, o, g))
        if _bnode(o) and o != s:
            mentions[o].append((s, p, o, g))
    if not mentions:
        return {}

    def first_degree(node: str) -> str:
        def term(t: str) -> str:
            return ("_:a" if t == node else "_:z") if _bnode(t) else t

        lines = sorted(f"{term(s)} {p} {term(o)} {g} ." for s, p, o, g in mentions[node])
        return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()

    by_hash: dict[str, list[str]] = defaultdict(list)
    for node in mentions:
        by_hash[first_degree(node)].append(node)
    names = {}
    for digest, nodes in by_hash.items():
        if len(nodes) == 1:
            names[nodes[0]] = f"<{GENID}{digest[:32]}>"
        else:
            for i, node in enumerate(sorted(nodes, key=_canonical_order)):
                names[node] = f"<{GENID}{digest[:32]}-{i}>"
    return names


def _canonical_order(label: str) -> tuple:
    # c14n10 after c14n9: the number, not the text
    tail = label[2:].removeprefix("c14n")
    return (0, int(tail), "") if tail.isdigit() else (1, 0, label)


def skolemise(graphs: dict[str, Grouped]) -> dict[str, Grouped]:
    """`graphs` with every blank node replaced by its skolem IRI (`skolem_names`)."""
    names = skolem_names(graphs)
    if not names:
        return graphs
    out = {}
    for g, triples in graphs.items():
        groups: dict[str, list[str]] = {}
        for s, rests in triples.groups.items():
            s2 = names.get(s, s)
            fixed = []
            for r in rests:
                p, _, o = r.partition(" ")
                fixed.append(f"{p} {names[o]}" if o in names else r)
            groups.setdefault(s2, []).extend(fixed)
        out[g] = Grouped(groups)
    return out


def skolemised_quads(quads: Iterable[tuple[str, str, str, str]], names: dict[str, str]
                     ) -> list[tuple[str, str, str, str]]:
    """`(graph, s, p, o)` of the quads `(s, p, o, graph)` with blank nodes replaced by `names`."""
    return [(g, names.get(s, s), p, names.get(o, o)) for s, p, o, g in quads]


def write_nquads(graphs: dict[str, Grouped], out, progress: Progress = _noop) -> int:
    """Write N-Quads to the binary stream `out`: the default graph ("") as triples, every other
    graph's triples with its name, subject by subject, in chunks. Returns the number of quads."""
    return write_nquads_stream(((g, ((s, ts.groups[s]) for s in ts.subjects)) for g, ts in graphs.items()),
                               out, progress)


def write_nquads_stream(graphs: Iterable[tuple[str, Iterable[tuple[str, list[str]]]]], out,
                        progress: Progress = _noop) -> int:
    """`write_nquads` from (graph name, its (subject, sorted distinct rests) pairs) in graph order,
    as `conflictkg.storage.spool.Spool.subjects` gives them: one subject (and a chunk of 256 KiB of
    text) in memory at a time."""
    n = 0
    for g, groups in graphs:
        n += write_ntriples_stream(groups, out, lambda k, done=n: progress(done + k), graph=g)
    return n
