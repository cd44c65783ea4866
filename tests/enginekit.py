"""Comparing a stored query's answer across engines (the Virtuoso and Jena differential tests):
rows in a form equal across engines, numbers by value, WKT as geometries, blank nodes as such."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in (
    "integer nonNegativeInteger positiveInteger nonPositiveInteger negativeInteger long int short byte "
    "unsignedLong unsignedInt unsignedShort unsignedByte decimal float double").split()}
WKT = {"http://www.opengis.net/ont/geosparql#wktLiteral", "http://www.openlinksw.com/schemas/virtrdf#Geometry"}
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def comparable(term):
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return "_:"
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in NUMERIC:
            try:
                return ("number", Decimal(term.value).normalize())
            except InvalidOperation:
                return str(term)
        if datatype in WKT:
            return ("wkt", _NUMBER.sub(lambda m: f"{float(m.group()):.4f}", " ".join(term.value.split())))
    return str(term)


def shown(row) -> str:
    return " | ".join("" if x is None else (format(x[1], "f") if isinstance(x, tuple) and x[0] == "number"
                                             else x[1] if isinstance(x, tuple) else x) for x in row)


def same_but_blank_node_order(want: list, got: list) -> bool:
    """Virtuoso sorts blank nodes after literals where SPARQL puts them before (ORDER BY on a column
    mixing both): the same rows, in the same order once the rows holding a blank node are set aside."""
    def plain(rows):
        return [r for r in rows if "_:" not in r]

    return sorted(map(repr, want)) == sorted(map(repr, got)) and plain(want) == plain(got)


def rows_of(result):
    if result.kind == "ask":
        return [(str(result.boolean),)]
    if result.kind == "graph":
        return sorted(tuple(comparable(x) for x in (t.subject, t.predicate, t.object)) for t in result.triples)
    return [tuple(comparable(x) for x in row) for row in result.rows]
