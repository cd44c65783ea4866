"""Just enough lexing of SPARQL text to find the query form and the opening of its WHERE group.

We bind parameters by adding a `VALUES` block as the first element of the query's top-level
WHERE group (and of every sub-SELECT that uses the parameter, since a sub-SELECT does not see
the variables around it), with every value written as an N-Triples term by pyoxigraph's own
serialiser. Inside that group the parameter is in scope everywhere (triple patterns, FILTERs,
OPTIONALs, EXISTS), which is what a pre-bound variable means, and every SPARQL 1.1 engine
understands it, so the embedded store, rdflib and any remote endpoint run exactly the same text.

Why not pyoxigraph's `substitutions=`: in pyoxigraph 0.5 it only accepts variables that appear
in the SELECT projection (oxigraph issue #1837), so it cannot bind a parameter used in a FILTER,
an aggregate query's pattern, an ASK or a CONSTRUCT.

The lexer skips comments, strings and IRIs so that a `{` or `#` inside them is not mistaken for
structure. It does not validate anything: ad hoc queries are parsed by rdflib's real parser first
(see `conflictkg.query.sparql.check_query`), and stored queries are tested.
"""

from __future__ import annotations

import functools
import re
from typing import Iterator

from conflictkg.core.errors import UserError
from conflictkg.model.prefixes import PREFIXES

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_VAR = re.compile(r"[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_\-.]*(?::[^\s{}()\[\];,<>\"'#]*)?|:[^\s{}()\[\];,<>\"'#]*")
_WS = re.compile(r"\s+")
_STRING_STARTS = ('"""', "'''", '"', "'")

FORMS = ("select", "construct", "ask", "describe")


def tokens(text: str) -> Iterator[tuple[str, str, int]]:
    """(kind, text, offset) for: comment, string, iri, var, word, ws, punct (one character)."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            m = _WS.match(text, i)
            yield "ws", m.group(), i
            i = m.end()
        elif c == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
            yield "comment", text[i:j], i
            i = j
        elif c in "\"'":
            quote = next(q for q in _STRING_STARTS if text.startswith(q, i))
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
                if len(quote) == 1 and j < n and text[j] == "\n":
                    break  # unterminated short string: stop at the line end
            j = min(n, j + len(quote))
            yield "string", text[i:j], i
            i = j
        elif c == "<" and (m := _IRIREF.match(text, i)):
            yield "iri", m.group(), i
            i = m.end()
        elif c in "?$" and (m := _VAR.match(text, i)):
            yield "var", m.group(), i
            i = m.end()
        elif (m := _WORD.match(text, i)) and m.end() > i:
            yield "word", m.group(), i
            i = m.end()
        else:
            yield "punct", c, i
            i += 1


_PAIRS = {"{": "}", "(": ")", "[": "]"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def unbalanced(text: str) -> tuple[int, str] | None:
    """The first bracket that is never closed, closed by the wrong bracket, or closes nothing, as
    (offset, what is wrong); None when braces, parentheses and brackets pair up. Brackets in
    strings, IRIs and comments do not count."""
    stack: list[tuple[str, int]] = []
    for kind, value, offset in tokens(text):
        if kind != "punct":
            continue
        if value in _PAIRS:
            stack.append((value, offset))
        elif value in _CLOSERS:
            if not stack:
                return offset, f"unexpected '{value}': no '{_CLOSERS[value]}' is open here"
            opener, at = stack.pop()
            if _PAIRS[opener] != value:
                line, col = line_col(text, at)
                return offset, (f"'{value}' here closes the '{opener}' opened at line {line}, column {col}: "
                                f"a '{_PAIRS[opener]}' is missing before it")
    if stack:
        opener, at = stack[-1]
        return at, f"a '{_PAIRS[opener]}' is missing: the '{opener}' opened here is never closed"
    return None


def significant(text: str) -> Iterator[tuple[str, str, int]]:
    for tok in tokens(text):
        if tok[0] not in ("ws", "comment"):
            yield tok


def query_form(text: str) -> str | None:
    """select, construct, ask or describe: the first keyword after the prologue."""
    for kind, value, _ in significant(text):
        if kind == "word":
            word = value.lower()
            if word in FORMS:
                return word
            if word not in ("prefix", "base") and not word.endswith(":"):
                return None
    return None


def where_group_offset(text: str) -> int | None:
    """Offset just after the `{` that opens the top-level WHERE group, or None if there is none
    (DESCRIBE <iri>, or the short form CONSTRUCT WHERE { template })."""
    form = None
    braces = parens = 0
    skip_template = False
    previous_word = None
    for kind, value, offset in significant(text):
        if form is None:
            if kind == "word" and value.lower() in FORMS:
                form = value.lower()
                skip_template = form == "construct"
            continue
        if kind == "punct":
            if value == "(":
                parens += 1
            elif value == ")":
                parens -= 1
            elif value == "{":
                if braces == 0 and parens == 0:
                    if skip_template:
                        if previous_word == "where":
                            return None  # CONSTRUCT WHERE { ... }: the group is also the template
                        skip_template = False
                    else:
                        return offset + 1
                braces += 1
            elif value == "}":
                braces -= 1
        if kind == "word":
            previous_word = value.lower()
        elif kind == "punct" and value == "{":
            previous_word = None
    return None


def subselect_groups(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the body of every sub-SELECT's WHERE group: start is just after
    its `{`, end at its `}`."""
    spans = []
    braces = 0
    pending: list[int] = []  # brace depth at which a nested SELECT keyword was seen
    open_groups: list[tuple[int, int]] = []  # (depth the group opened at, start offset)
    seen_form = False
    for kind, value, offset in significant(text):
        if kind == "word" and value.lower() in FORMS:
            if seen_form and value.lower() == "select":
                pending.append(braces)
            seen_form = True
        elif kind == "punct" and value == "{":
            if pending and pending[-1] == braces:
                pending.pop()
                open_groups.append((braces, offset + 1))
            braces += 1
        elif kind == "punct" and value == "}":
            braces -= 1
            if open_groups and open_groups[-1][0] == braces:
                _, start = open_groups.pop()
                spans.append((start, offset))
    return spans


def values_block(bindings: dict[str, object]) -> str:
    """`VALUES (?a ?b) { (<iri> "text") }` from pyoxigraph terms (str() is their N-Triples form)."""
    names = list(bindings)
    head = " ".join("?" + n for n in names)
    row = " ".join(str(bindings[n]) for n in names)
    return f"VALUES ({head}) {{ ({row}) }}"


def bind_values(text: str, bindings: dict[str, object]) -> str:
    """The query with `bindings` (variable name -> pyoxigraph term) pre-bound: in its top-level
    WHERE group, and in the WHERE group of every sub-SELECT that uses them (a sub-SELECT does
    not see the variables around it, so it gets its own copy).

    The copy opens the group of a sub-SELECT that names the parameter in its own pattern, so that
    the parameter is bound everywhere in it. One that names it only inside a sub-SELECT of its own
    (which has its own copy, so what it projects of the parameter is that value or nothing) gets
    its copy at the end of its group instead, where it joins the same way and changes no answer.
    Not first: rdflib joins a group's later parts through a hash set, so the ordered rows of a
    `{ SELECT * ... ORDER BY }` that follow it would reach a GROUP_CONCAT in hash order
    (queries/claims.rq joins several values into one cell that way). Not left out: Virtuoso 7.2
    then answered figures-as-of with no rows."""
    if not bindings:
        return text
    offset, groups = _binding_points(text)
    if offset is None:
        raise UserError(
            "this query has no WHERE group to bind parameters in (write CONSTRUCT { ... } WHERE { ... })"
        )
    inserts = [(offset, bindings)]
    for start, end, own, nested in groups:
        first = {name: term for name, term in bindings.items() if "?" + name in own or "$" + name in own}
        if first:
            inserts.append((start, first))
        last = {name: term for name, term in bindings.items()
                if name not in first and ("?" + name in nested or "$" + name in nested)}
        if last:
            inserts.append((end, last))
    # From the end backwards, so earlier offsets stay valid. Same line, so line numbers in
    # error messages still match the file.
    for at, names in sorted(inserts, key=lambda item: -item[0]):
        text = text[:at] + " " + values_block(names) + " " + text[at:]
    return text


# Lexing a stored query costs more than a lookup query takes to run: done once per text.
@functools.lru_cache(maxsize=256)
def _binding_points(text: str) -> tuple[int | None, tuple[tuple[int, int, frozenset, frozenset], ...]]:
    """Where `bind_values` inserts: the top-level WHERE group's offset, and for each sub-SELECT
    the start and end of its group, the variables its own pattern uses, and those used only in
    the groups of sub-SELECTs nested in it."""
    spans = subselect_groups(text)
    groups = []
    for start, end in spans:
        own, nested, at = [], [], start
        for inner_start, inner_end in sorted(s for s in spans if start < s[0] and s[1] < end):
            if inner_start >= at:  # a group inside one already set apart goes with it
                own.append(text[at:inner_start])
                nested.append(text[inner_start:inner_end])
                at = inner_end
        own.append(text[at:end])
        own_vars = frozenset(v for part in own for kind, v, _ in tokens(part) if kind == "var")
        nested_vars = frozenset(v for part in nested for kind, v, _ in tokens(part) if kind == "var")
        groups.append((start, end, own_vars, nested_vars - own_vars))
    return where_group_offset(text), tuple(groups)


def prologue_line() -> str:
    """Every project prefix on one line of its own, so ad hoc queries can use ckg:, event: ...
    undeclared. Declarations in the query itself come later and win.

    On its own line because rdflib's parser fails on a SERVICE that follows, on the same line,
    an IRI containing '#'."""
    return " ".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + "\n"


UPDATE_KEYWORDS = {"LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "INSERT", "DELETE", "WITH", "USING"}


def keywords(text: str) -> set[str]:
    """The bare words of a query, upper-cased (prefixed names, variables, strings, IRIs and
    comments are other tokens). A second, independent look at what the query asks for."""
    return {value.upper() for kind, value, _ in tokens(text) if kind == "word" and ":" not in value}


@functools.lru_cache(maxsize=256)
def without_comments(text: str) -> str:
    """`text` with its comments removed (a `#` in an IRI or a string stays), each line kept, so
    positions in error messages do not move. Why: a stored query's header of `#+` lines takes
    Oxigraph's parser longer than the query itself (event-claims: 0.3 ms of 1.6 ms at 1M triples)."""
    return "".join(value for kind, value, _ in tokens(text) if kind != "comment")


def split_order(text: str) -> tuple[str, list[tuple[str, bool]]] | None:
    """A SELECT query whose top-level ORDER BY can be done after the engine has answered:
    (the text without that ORDER BY, [(variable name, descending), ...]), or None (see
    `_split_order`)."""
    split = _split_order(text)
    return None if split is None else (split[0], list(split[1]))


@functools.lru_cache(maxsize=256)
def _split_order(text: str) -> tuple[str, tuple[tuple[str, bool], ...]] | None:
    """A SELECT query whose top-level ORDER BY can be done after the engine has answered:
    (the text without that ORDER BY, [(variable name, descending), ...]), or None.

    Why: on its on-disk store Oxigraph decodes both terms of every comparison while it sorts,
    one RocksDB read each, so sorting 40,000 rows by an IRI costs seconds where the query itself
    takes a tenth of that. Sorted afterwards (`conflictkg.query.sparql.sort_rows`) every cell is decoded
    once. In memory (the query daemon) it is quicker too, measured at 1M triples, and both paths
    then give one order. Only the simple, common case qualifies: every key is a projected variable, plain or in
    ASC()/DESC(), and there is no LIMIT or OFFSET (which would need the order to pick the rows).
    """
    form = None
    braces = parens = 0
    projected: set[str] = set()
    star = False
    in_projection = False
    after_as = False
    order_start = None
    keys: list[tuple[str, bool]] = []
    order_end = None
    pending_direction: bool | None = None
    expect = None  # inside ORDER BY: what the next token may be
    for kind, value, offset in significant(text):
        word = value.upper() if kind == "word" else None
        if form is None:
            if word and word.lower() in FORMS:
                form = word.lower()
                if form != "select":
                    return None
                in_projection = True
            continue
        if kind == "punct" and value in "{}":
            braces += 1 if value == "{" else -1
            in_projection = False
            if order_start is not None:
                if order_end is None:
                    return None
                break  # a trailing VALUES block: the ORDER BY ended before it
            continue
        if kind == "punct" and value in "()":
            parens += 1 if value == "(" else -1
        if in_projection:
            if word == "WHERE" or word == "FROM":
                in_projection = False
            elif kind == "punct" and value == "*" and parens == 0:
                star = True
            elif kind == "var" and (parens == 0 or after_as):
                projected.add(value[1:])
            after_as = word == "AS"
            continue
        if braces or order_start is None and word != "ORDER":
            if braces == 0 and word in ("LIMIT", "OFFSET"):
                return None
            continue
        # At the top level, in or at the ORDER BY clause.
        if order_start is None:
            order_start, expect = offset, "by"
            continue
        if expect == "by":
            if word != "BY":
                return None
            expect = "key"
            continue
        if word in ("LIMIT", "OFFSET"):
            return None
        if word == "VALUES" and expect == "key" and keys:
            break
        if expect == "key":
            if kind == "var":
                keys.append((value[1:], False))
                order_end = offset + len(value)
            elif word in ("ASC", "DESC"):
                pending_direction, expect = word == "DESC", "open"
            else:
                return None
        elif expect == "open":
            if value != "(":
                return None
            expect = "var"
        elif expect == "var":
            if kind != "var":
                return None
            keys.append((value[1:], bool(pending_direction)))
            expect = "close"
        elif expect == "close":
            if value != ")":
                return None
            order_end, expect = offset + 1, "key"
    if order_start is None or order_end is None or not keys or expect != "key":
        return None
    if not star and any(name not in projected for name, _ in keys):
        return None
    return text[:order_start] + text[order_end:], tuple(keys)
