"""Writing query results: a table for people, the W3C formats for tools.

SELECT/ASK: table, csv, tsv, json (SPARQL 1.1 Query Results JSON), xml (SPARQL Query Results XML).
CONSTRUCT/DESCRIBE: turtle, ntriples, jsonld.

CSV and TSV are often opened in a spreadsheet, which runs a cell starting with `=`, `+`, `-` or
`@` as a formula. Such cells get a leading `'` (the usual spreadsheet escape), unless the cell is
just a number, so `-5` stays a number and `=HYPERLINK(...)` becomes text.
"""

from __future__ import annotations

import csv
import io
import json
import re
from itertools import chain
from pathlib import Path

import pyoxigraph as ox

from conflictkg.core.errors import UserError
from conflictkg.model.prefixes import PREFIXES
from conflictkg.query.textrows import TextRows

SELECT_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")
ALL_FORMATS = SELECT_FORMATS + GRAPH_FORMATS
EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".json": "json",
    ".srj": "json",
    ".xml": "xml",
    ".srx": "xml",
    ".txt": "table",
    ".ttl": "turtle",
    ".nt": "ntriples",
    ".jsonld": "jsonld",
}
XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def choose_format(requested: str | None, output: Path | None, kind: str, terminal: bool) -> str:
    """The format to write: --format, else the -o extension, else table on a terminal / csv."""
    fmt = requested
    if fmt is None and output is not None:
        fmt = EXTENSIONS.get(output.suffix.lower())
        if fmt is None:
            known = ", ".join(sorted(EXTENSIONS))
            raise UserError(f"-o {output}: cannot tell the format from '{output.suffix}' ({known}); add --format")
    if kind == "graph":
        if fmt is None or fmt == "table":
            return "turtle"
        if fmt not in GRAPH_FORMATS:
            raise UserError(f"--format {fmt} is for SELECT/ASK results; a CONSTRUCT/DESCRIBE query gives a graph: use {', '.join(GRAPH_FORMATS)}")
        return fmt
    if fmt is None:
        return "table" if terminal else "csv"
    if fmt not in SELECT_FORMATS:
        raise UserError(f"--format {fmt} is for graphs; a {kind.upper()} query gives results: use {', '.join(SELECT_FORMATS)}")
    return fmt


# --------------------------------------------------------------------------------------------
# Cells
# --------------------------------------------------------------------------------------------


def neutralise(cell: str) -> str:
    """Make a CSV/TSV cell safe to open in a spreadsheet."""
    if cell.startswith(_FORMULA_START) and not _NUMBER.match(cell):
        return "'" + cell
    return cell


def plain(term) -> str:
    """The W3C CSV form of a term: an IRI as is, a literal's lexical form, _:id for blank nodes."""

    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return term.value


def compact(term) -> str:
    """A short, readable form for tables: prefixed IRIs, bare literal text."""

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact_iri(term.value)
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return term.value


def compact_iri(iri: str) -> str:
    """An IRI as a prefixed name when a project prefix fits, else <iri>."""
    for prefix, ns in _PREFIXES_LONGEST_FIRST:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


_PREFIXES_LONGEST_FIRST = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------


def render(result, fmt: str) -> bytes:
    """Serialise a `conflictkg.query.sparql.Result` in a file format (everything but the table)."""
    if result.kind == "graph":
        return _graph(result.triples, fmt)
    if fmt == "csv":
        return _csv(result).encode("utf-8")
    if fmt == "tsv":
        return _tsv(result).encode("utf-8")
    if fmt == "json":
        return _json(result).encode("utf-8")
    if fmt == "xml":
        return _xml(result).encode("utf-8")
    if fmt == "table":
        return table_text(result).encode("utf-8")
    raise UserError(f"unknown format {fmt}")


def _rows(result):
    if result.kind == "ask":

        return ["boolean"], [(ox.Literal("true" if result.boolean else "false", datatype=ox.NamedNode(XSD + "boolean")),)]
    return result.variables, result.rows


def _cells(result):
    """The names, the rows, and the term of each cell: for a daemon's answer (`TextRows`) its cells
    (each value's text) and the dict of their terms, for other rows the terms themselves and None."""
    names, rows = _rows(result)
    if isinstance(rows, TextRows):
        return names, rows.cells, rows.terms
    return names, rows, None


def _each_once(rows, terms: dict | None, write, cheap: bool = False):
    """A function giving `write(term)` of a cell, worked out once per distinct cell: a value
    repeated in many rows is written once. Rows of terms with a `cheap` writer are written cell by
    cell (hashing each term would cost more than writing it)."""
    distinct = set(chain.from_iterable(rows)) if terms is not None or not cheap else None
    if distinct is None:
        return write
    if terms is None:
        return {term: write(term) for term in distinct}.__getitem__
    return {cell: write(terms[cell]) for cell in distinct}.__getitem__


def _from_text(result, from_cell, write, cheap: bool = True):
    """Like `_each_once`, for a format that can write most values of a daemon's answer from their
    text: `from_cell(cell)` is what `write` gives for the term of a cell that is not empty, or None
    when only the term can tell (those cells alone are made terms). Rows of terms: `_each_once`."""
    names, rows = _rows(result)
    if not isinstance(rows, TextRows):
        return names, rows, _each_once(rows, None, write, cheap)
    done, needed = {}, []
    for cell in set(chain.from_iterable(rows.cells)):
        if cell == "" or type(cell) is not str:  # unbound, or a cell made here (a label column)
            needed.append(cell)
            continue
        text = from_cell(cell)
        if text is None:
            needed.append(cell)
        else:
            done[cell] = text
    if needed:
        terms = rows.terms_for(needed)
        for cell in needed:
            done[cell] = write(terms[cell])
    return names, rows.cells, done.__getitem__


def _literal_end(cell: str) -> int:
    """Where the lexical form of a literal cell without escapes ends (its closing quote), or -1
    when the cell is not one: an escape, no closing quote, or after it something other than a
    language tag or a datatype."""
    if "\\" in cell:
        return -1
    end = cell.rfind('"')
    if end <= 0:
        return -1
    rest = cell[end + 1:]
    if rest and rest[0] != "@" and not (rest.startswith("^^<") and rest.endswith(">")):
        return -1
    return end


def _text_term(cell: str) -> tuple[str, str, str, str] | None:
    """A cell read from its text as (kind, value, language, datatype), kind "uri", "bnode" or
    "literal" as in SPARQL JSON results, or None when only its term can tell (escapes, numbers and
    booleans in their short form, quoted triples, a language tag with a direction)."""
    first = cell[:1]
    if first == "<":
        return None if cell[1:2] == "<" else ("uri", cell[1:-1], "", "")
    if first == "_":
        return ("bnode", cell[2:], "", "")
    if first == '"':
        end = _literal_end(cell)
        if end < 0:
            return None
        rest = cell[end + 1:]
        if not rest:
            return ("literal", cell[1:end], "", XSD + "string")
        if rest[0] == "@":
            return None if "--" in rest else ("literal", cell[1:end], rest[1:], "")
        return ("literal", cell[1:end], "", rest[3:-1])
    return None


def _plain_cell(cell: str) -> str | None:
    """`neutralise(plain(term))` from a TSV cell, or None when the term is needed (escapes, numbers
    and booleans in their short form, quoted triples)."""
    first = cell[:1]
    if first == "<":
        return None if cell[1:2] == "<" else cell[1:-1]  # an IRI never starts like a formula
    if first == "_" or not cell:
        return cell  # a blank node is "_:" and its label, as plain() writes it; unbound: ""
    if first == '"':
        end = _literal_end(cell)
        return None if end < 0 else neutralise(cell[1:end])
    return None


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _tsv_cell(cell: str) -> str | None:
    """`_tsv_term(term)` from a TSV cell, or None when the term is needed. str() (N-Triples) and
    the worker's TSV write an IRI, a blank node and a literal alike, but for the short forms of
    numbers and booleans and for control characters, which str() escapes and TSV keeps (tab,
    newline and return are escaped by both); a literal that may start like a formula gets a quote
    (`_tsv_term`): a value starting with a tab or a return starts with an escape here."""
    first = cell[:1]
    if first == "<":
        return None if cell[1:2] == "<" else cell
    if first == "_" or not cell:
        return cell
    if first == '"' and cell[1:2] not in _FORMULA_CELL and not _CONTROL.search(cell) and _well_formed(cell):
        return cell
    return None


_FORMULA_CELL = ("=", "+", "-", "@", "\\")


def _well_formed(cell: str) -> bool:
    """A literal cell that closes its quotes and ends with nothing, a language tag or a datatype
    (escaped quotes and backslashes inside are left as they are)."""
    body = cell.replace("\\\\", "").replace('\\"', "")
    end = body.rfind('"')
    if end <= 0:
        return False
    rest = body[end + 1:]
    return not rest or rest[0] == "@" or (rest.startswith("^^<") and rest.endswith(">"))


def _csv(result) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")  # RFC 4180, as the W3C format asks
    writer.writerow(_rows(result)[0])
    if not isinstance(_rows(result)[1], TextRows):
        names, rows, get = _from_text(result, _plain_cell, lambda t: neutralise(plain(t)))
        writer.writerows([list(map(get, row)) for row in rows])
        return buf.getvalue()
    # A daemon's answer: each distinct value written as a CSV field once, each row joined from them
    # (at 10M triples the csv module took half a second more for 114,000 rows).
    names, rows, get = _from_text(result, lambda c: _csv_field(_plain_cell(c)), lambda t: _csv_field(neutralise(plain(t))))
    lines = [",".join(map(get, row)) for row in rows]
    if len(names) == 1:  # a row of one empty field is written "" (the csv module's rule: an empty line is no row)
        lines = [line or '""' for line in lines]
    if lines:
        buf.write("\r\n".join(lines) + "\r\n")
    return buf.getvalue()


_CSV_QUOTED = re.compile(r'[,"\r\n]')


def _csv_field(text: str | None) -> str | None:
    """A CSV field as the csv module writes it in a row of several (quoted when it holds a comma, a
    quote or a line break); None stays None."""
    if text is None or not _CSV_QUOTED.search(text):
        return text
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([text])
    return out.getvalue()[:-2]


def _tsv_term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and term.value.startswith(_FORMULA_START) and not _NUMBER.match(term.value):
        # Spreadsheets strip the quotes of "..." and would then run the formula.
        safe = ox.Literal("'" + term.value, language=term.language) if term.language else (
            ox.Literal("'" + term.value, datatype=term.datatype)
        )
        return str(safe)
    return str(term)  # N-Triples syntax: the W3C TSV form


def _tsv(result) -> str:
    names, rows, get = _from_text(result, _tsv_cell, _tsv_term)
    lines = ["\t".join("?" + n for n in names)]
    lines += ["\t".join(map(get, row)) for row in rows]
    return "\n".join(lines) + "\n"


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD + "string":
        out["datatype"] = term.datatype.value
    return out


_JSON_INDENT = 1  # the document is json.dumps(doc, indent=1, ensure_ascii=False), written in parts
_BINDINGS = '"bindings": []'


def _json(result) -> str:
    """SPARQL 1.1 Query Results JSON, as `json.dumps(doc, indent=1, ensure_ascii=False)` writes the
    whole document (byte for byte), each distinct value dumped once and each row put together from
    them: json.dumps with an indent runs in Python, and took 0.5 to 0.85 s of CPU for the 9k to 13k
    rows of a whole-graph query at 1M triples."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)}, indent=_JSON_INDENT) + "\n"
    # A value sits four levels deep (document, results, bindings, row): its members five. Strings
    # are escaped as json.dumps escapes them without ensure_ascii (json.encoder.encode_basestring).
    string = json.encoder.encode_basestring
    member, close = ",\n" + " " * (5 * _JSON_INDENT), "\n" + " " * (4 * _JSON_INDENT) + "}"

    def dumped(fields: dict) -> str:
        return "{" + member[1:] + member.join(string(k) + ": " + string(v) for k, v in fields.items()) + close

    def value(term):
        return None if term is None else dumped(_json_term(term))

    def from_cell(cell):
        found = _text_term(cell)
        if found is None:
            return None
        kind, text, language, datatype = found
        fields = {"type": kind, "value": text}
        if language:
            fields["xml:lang"] = language
        elif kind == "literal" and datatype != XSD + "string":
            fields["datatype"] = datatype
        return dumped(fields)

    names, rows, get = _from_text(result, from_cell, value, cheap=False)
    keys = [" " * (4 * _JSON_INDENT) + json.dumps(name, ensure_ascii=False) + ": " for name in names]
    row_open, row_close = " " * (3 * _JSON_INDENT) + "{\n", "\n" + " " * (3 * _JSON_INDENT) + "}"
    empty_row = " " * (3 * _JSON_INDENT) + "{}"
    parts = []
    once = len(set(names)) == len(names)  # `--columns a,a` names a column twice: a JSON object holds it once
    for row in rows:
        if once:
            bound = [key + value for key, value in zip(keys, map(get, row)) if value is not None]
        else:
            by_name = {}
            for name, key, value in zip(names, keys, map(get, row)):
                if value is not None:
                    by_name[name] = key + value
            bound = list(by_name.values())
        parts.append(row_open + ",\n".join(bound) + row_close if bound else empty_row)
    doc = {"head": {"vars": result.variables}, "results": {"bindings": []}}
    text = json.dumps(doc, indent=_JSON_INDENT, ensure_ascii=False) + "\n"
    if not parts:
        return text
    # The one `"bindings": []` of the skeleton is its key (the variables' names are list items,
    # never followed by a colon), and the last one: the rows go in its place.
    head, tail = text.rsplit(_BINDINGS, 1)
    return (head + '"bindings": [\n' + ",\n".join(parts) + "\n" + " " * (2 * _JSON_INDENT) + "]" + tail)


def _xml(result) -> str:
    # Imported here, not with the module: xml.sax.saxutils imports urllib.request, which costs every
    # `conflictkg query` a tenth of its start-up.
    from xml.sax.saxutils import escape, quoteattr

    import pyoxigraph as ox

    def term_xml(term) -> str | None:
        if term is None:
            return None
        if isinstance(term, ox.NamedNode):
            return f"<uri>{escape(term.value)}</uri>"
        if isinstance(term, ox.BlankNode):
            return f"<bnode>{escape(term.value)}</bnode>"
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD + "string":
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"

    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    if result.kind == "ask":
        out += ["</head>", f"<boolean>{'true' if result.boolean else 'false'}</boolean>", "</sparql>"]
        return "\n".join(out) + "\n"
    def from_cell(cell) -> str | None:
        found = _text_term(cell)
        if found is None:
            return None
        kind, text, language, datatype = found
        if kind == "uri":
            return f"<uri>{escape(text)}</uri>"
        if kind == "bnode":
            return f"<bnode>{escape(text)}</bnode>"
        if language:
            return f"<literal xml:lang={quoteattr(language)}>{escape(text)}</literal>"
        if datatype != XSD + "string":
            return f"<literal datatype={quoteattr(datatype)}>{escape(text)}</literal>"
        return f"<literal>{escape(text)}</literal>"

    names, rows, get = _from_text(result, from_cell, term_xml, cheap=False)
    opens = [f"<binding name={quoteattr(n)}>" for n in names]
    out += [f"<variable name={quoteattr(n)}/>" for n in result.variables]
    out += ["</head>", "<results>"]
    for row in rows:
        out.append("<result>")
        out += [start + value + "</binding>" for start, value in zip(opens, map(get, row))
                if value is not None]
        out.append("</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out) + "\n"


def _graph(triples, fmt: str) -> bytes:
    if fmt == "ntriples":
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    if fmt == "turtle":
        used = _used_prefixes(triples)
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used) or b""
    if fmt == "jsonld":
        return ox.serialize(triples, format=ox.RdfFormat.JSON_LD, prefixes=_used_prefixes(triples)) or b"[]\n"
    raise UserError(f"--format {fmt} is not a graph format: use {', '.join(GRAPH_FORMATS)}")


def _used_prefixes(triples) -> dict[str, str]:
    """The project prefixes the triples need: for each IRI, its longest matching namespace."""

    iris = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal) and not term.language:
                iris.add(term.datatype.value)
    used = {}
    for iri in iris:
        for prefix, ns in _PREFIXES_LONGEST_FIRST:
            if iri.startswith(ns) and len(iri) > len(ns):
                used[prefix] = ns
                break
    return dict(sorted(used.items()))


# --------------------------------------------------------------------------------------------
# Columns and labels
# --------------------------------------------------------------------------------------------


def select_columns(result, names: list[str]):
    """The result with only the columns `names`, in that order (`--columns`)."""
    # Only to suggest a column for a misspelled one.
    import difflib

    if result.kind != "select":
        raise UserError(f"--columns chooses columns of SELECT results; this query gives {'a graph' if result.kind == 'graph' else 'true or false'}")
    index = {v: i for i, v in enumerate(result.variables)}
    for name in names:
        if name not in index:
            close = difflib.get_close_matches(name, result.variables, n=1)
            hint = f" Did you mean {close[0]}?" if close else ""
            raise UserError(f"--columns: the result has no column '{name}'.{hint} Its columns: {', '.join(result.variables)}")
    picks = [index[n] for n in names]
    if isinstance(result.rows, TextRows):
        rows = result.rows.with_cells([tuple([row[i] for i in picks]) for row in result.rows.cells])
    else:
        rows = [tuple(row[i] for i in picks) for row in result.rows]
    return type(result)(kind="select", variables=list(names), rows=rows)


def iris(result) -> set[str]:
    """Every IRI in a SELECT result's cells."""
    if result.kind != "select":
        return set()
    _, rows = _rows(result)
    if isinstance(rows, TextRows):  # from the text: an IRI's cell is "<" and the IRI and ">"
        return {cell[1:-1] for cell in set(chain.from_iterable(rows.cells))
                if type(cell) is str and cell[:1] == "<" and cell[1:2] != "<"}
    return {t.value for t in set(chain.from_iterable(rows)) if isinstance(t, ox.NamedNode)}


def with_label_columns(result, labels: dict[str, str]):
    """The result with a column `<name>Label` after each column that holds an IRI (`--labels`):
    the label of the IRI in the cell, empty where it has none (and for literals)."""
    if result.kind != "select":
        return result
    _, rows, known = _cells(result)
    terms = {cell: cell if known is None else known[cell] for cell in set(chain.from_iterable(rows))}
    iri_columns = {i for i in range(len(result.variables))
                   if any(isinstance(terms[row[i]], ox.NamedNode) for row in rows)}
    # The label cell of each distinct value: a label, or None (also the cell of the term None).
    label_of: dict = {}
    for cell, term in terms.items():
        label = labels.get(term.value) if isinstance(term, ox.NamedNode) else None
        label_of[cell] = ox.Literal(label) if label is not None else None
    taken = set(result.variables)
    variables, plan = [], []
    for i, name in enumerate(result.variables):
        variables.append(name)
        plan.append(i)
        label_name = f"{name}Label"
        if i in iri_columns and label_name not in taken:
            variables.append(label_name)
            plan.append(-1 - i)
    if isinstance(result.rows, TextRows):
        # A label's cell is ("label", the IRI's cell), its term the label: cells stay text keys.
        extra = {("label", cell): label for cell, label in label_of.items()}
        cells = [tuple([row[j] if j >= 0 else ("label", row[-1 - j]) for j in plan]) for row in rows]
        return type(result)(kind="select", variables=variables, rows=result.rows.with_cells(cells, extra))
    out_rows = [tuple([row[j] if j >= 0 else label_of[row[-1 - j]] for j in plan]) for row in rows]
    return type(result)(kind="select", variables=variables, rows=out_rows)


def table_cells(result, names: dict[str, tuple[str, ...]] | None = None) -> tuple[list[str], list[list]]:
    """Headers and cells of a table: an IRI with names (`conflictkg.query.lookup.names`) as the
    tuple of its names, its label first (a narrow table may show a shorter one, "SOHR"); other
    IRIs as prefixed names; a literal as its text, on one line."""
    names = names or {}

    def cell(term):
        if isinstance(term, ox.NamedNode) and term.value in names:
            return tuple(" ".join(n.split()) for n in names[term.value])
        return " ".join(compact(term).split())

    def from_cell(text):
        found = _text_term(text)
        if found is None:
            return None
        kind, value = found[0], found[1]
        if kind == "uri":
            if value in names:
                return tuple(" ".join(n.split()) for n in names[value])
            return " ".join(compact_iri(value).split())
        return " ".join(("_:" + value if kind == "bnode" else value).split())

    variables, rows, get = _from_text(result, from_cell, cell, cheap=False)
    return list(variables), [list(map(get, row)) for row in rows]


# --------------------------------------------------------------------------------------------
# Table
# --------------------------------------------------------------------------------------------


def rich_table(result, title: str | None = None):
    # rich only where a table or progress bar is drawn (it costs start-up).
    from rich.table import Table

    names, rows = _rows(result)
    table = Table(title=title, show_lines=False, header_style="bold")
    for name in names:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*(_markup_safe(compact(t)) for t in row))
    return table


def _markup_safe(text: str):
    # rich only where a table or progress bar is drawn (it costs start-up).
    from rich.text import Text

    return Text(text)  # never interpret [brackets] in data as rich markup


def table_text(result) -> str:
    """The table as plain text for a file or a pipe: columns as wide as their content."""
    # rich only where a table or progress bar is drawn (it costs start-up).
    from rich.console import Console

    console = Console(file=io.StringIO(), width=100_000, force_terminal=False, color_system=None)
    console.print(rich_table(result))
    return "\n".join(line.rstrip() for line in console.file.getvalue().splitlines()) + "\n"
