"""The rows of a SELECT answer kept as the text the query daemon sent, one term made per distinct value.

The daemon's worker writes SPARQL TSV results: one line per row, each value a term in N-Triples
syntax (numbers and booleans in their short form), tabs and newlines inside literals escaped. A
whole-graph answer has tens of thousands of rows (a hundred thousand and more at 10M triples)
but far fewer distinct values: at 1M triples 10 to 32% of the cells of the big whole-graph
queries are distinct (70% for single-source-violation). So the client splits the lines into
cells, which costs a fraction of making a term of each, makes one term per distinct cell (by
Oxigraph's own TSV parser, so each is exactly the term a parse of the whole answer gives), sorts
on keys worked out once per distinct cell, and the output formats write each distinct cell once
(`conflictkg.query.resultformats`).

`TextRows` is a sequence of term tuples like the list it replaces: code that reads a result's
rows gets terms, made from the cache as it reads them.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from itertools import chain

import pyoxigraph as ox

from conflictkg.core.errors import EXIT_FAILURE, UserError

BLOCK = 1 << 20  # bytes read from the stream at a time
WIDTH = 64  # distinct values parsed a line at a time (`terms_of`)


class TextRows(Sequence):
    """Rows as tuples of cells (the TSV text of each value, "" when unbound), and the terms of the
    cells made so far (`known`; "" maps to None). Reads as a sequence of tuples of terms: `terms`
    makes the term of every distinct cell at first use, `terms_for` those of some cells only (a
    format that writes most values from their text, `conflictkg.query.resultformats`)."""

    __slots__ = ("cells", "known", "_complete")

    def __init__(self, cells: list[tuple], known: dict | None = None):
        self.cells = cells
        self.known = known if known is not None else {"": None}
        self._complete = False

    @property
    def terms(self) -> dict:
        """The term of every cell of these rows (and of others: the dict is shared with rows made
        from these, `with_cells`)."""
        if not self._complete:
            self.terms_for(set(chain.from_iterable(self.cells)))
            self._complete = True
        return self.known

    def terms_for(self, cells) -> dict:
        """The dict of terms, holding at least those of `cells`."""
        missing = [cell for cell in cells if cell not in self.known]
        if missing:
            try:
                self.known.update(terms_of(set(missing)))
            except ValueError as exc:
                raise UserError(f"the query daemon sent a value that cannot be read ({exc}); run the query "
                                "with --no-daemon, and restart the daemon", exit_code=EXIT_FAILURE) from None
        return self.known

    def __len__(self) -> int:
        return len(self.cells)

    def __getitem__(self, index):
        get = self.terms.__getitem__
        if isinstance(index, slice):
            return [tuple(map(get, row)) for row in self.cells[index]]
        return tuple(map(get, self.cells[index]))

    def __iter__(self):
        get = self.terms.__getitem__
        for row in self.cells:
            yield tuple(map(get, row))

    def __eq__(self, other) -> bool:
        if isinstance(other, (TextRows, list, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # mutable, like the list it stands for

    def __repr__(self) -> str:
        return f"TextRows({len(self.cells)} rows)"

    def with_cells(self, cells: list[tuple], extra: dict | None = None) -> "TextRows":
        """Other rows over the same values (and `extra` ones: a cell that is not text, its term)."""
        if extra:
            self.known.update(extra)
        return TextRows(cells, self.known)


def parse_tsv(stream) -> tuple[list[str], TextRows]:
    """The variables and rows of SPARQL TSV results read from a binary file `stream` as it comes
    (our own worker's answer: not for text from elsewhere). Raises ValueError on a cut or malformed
    answer (a line without its newline, a row with too many or too few cells). No term is made
    here (`TextRows.terms`)."""

    # The rows hold no cycles: pausing the collector while they are made saves it walking them.
    paused = gc.isenabled()
    gc.disable()
    try:
        header: str | None = None
        cells: list[tuple] = []
        pending = b""
        while True:
            block = stream.read(BLOCK)
            if not block:
                break
            data = pending + block if pending else block
            cut = data.rfind(b"\n")
            if cut < 0:
                pending = data
                continue
            pending = data[cut + 1:]
            lines = data[:cut].decode("utf-8").split("\n")
            if header is None:
                header = lines.pop(0)
            cells.extend([tuple(line.split("\t")) for line in lines])
        if pending or header is None:
            raise ValueError("the answer ends in the middle of a line")
        names = header.split("\t") if header else []
        if not all(len(name) > 1 and name.startswith("?") for name in names):
            raise ValueError(f"not a TSV results header: {header[:80]!r}")
        variables = [name[1:] for name in names]
        width = len(variables)
        if width == 0:  # a row of no variables is an empty line
            if any(row != ("",) for row in cells):
                raise ValueError("a row has values but the answer has no variables")
            cells = [()] * len(cells)
        elif any(len(row) != width for row in cells):
            raise ValueError(f"a row without {width} values")
        return variables, TextRows(cells)
    finally:
        if paused:
            gc.enable()


def terms_of(values: set[str]) -> dict:
    """The term of each TSV cell in `values` ("" -> None), made by Oxigraph's TSV parser from a
    one-column answer holding each value once."""
    values.discard("")
    texts = list(values)
    found: dict = {"": None}
    if not texts:
        return found
    # WIDTH values a line: a fifth less time than one a line, which makes a solution object for each.
    lines = ["\t".join(texts[at:at + WIDTH]) for at in range(0, len(texts), WIDTH)]
    width = min(WIDTH, len(texts))
    lines[-1] += "\t" * (width - 1 - (len(texts) - 1) % width)  # the last line's missing values unbound
    head = "\t".join(f"?v{i}" for i in range(width))
    data = (head + "\n" + "\n".join(lines) + "\n").encode("utf-8")
    parsed: list = []
    try:
        for solution in ox.parse_query_results(data, format=ox.QueryResultsFormat.TSV):
            parsed.extend(solution)
    except SyntaxError as exc:
        raise ValueError(str(exc)) from None
    if len(parsed) != len(lines) * width or any(term is None for term in parsed[:len(texts)]):
        raise ValueError("a value is not one term")
    found.update(zip(texts, parsed))
    return found


def sort_passes(variables: list[str], keys: list[tuple[str, bool]]):
    """(column index, descending) of each ORDER BY key ((variable, descending) pairs) a row has, last
    key first: one stable sort per pass gives the order of all the keys at once."""
    index = {name: i for i, name in enumerate(variables)}
    for name, descending in reversed(keys):
        if name in index:  # else never bound: every row ties on it
            yield index[name], descending


def sort_text_rows(variables: list[str], rows: TextRows, keys: list[tuple[str, bool]], order_key) -> TextRows:
    """`rows` in the order `conflictkg.query.sparql.sort_rows` gives the same rows as terms: one
    stable pass per key, last key first, a column of IRIs only by the IRI strings, other columns
    by `order_key` of each term (IRIs as (2, IRI)). Each key is worked out once per distinct cell."""

    cells = rows.cells
    named = ox.NamedNode
    for i, descending in sort_passes(variables, keys):
        column = [row[i] for row in cells]
        distinct = set(column)
        if all(cell[:1] == "<" and cell[1:2] != "<" for cell in distinct):
            # IRIs only (most columns): "<" and the IRI, compared as the IRIs are, with no term made
            key_of = {cell: cell[:-1] for cell in distinct}
        else:
            terms = rows.terms_for(distinct)
            key_of = {}
            for cell in distinct:
                term = terms[cell]
                key_of[cell] = (2, term.value) if type(term) is named else order_key(term)
        sort_keys = list(map(key_of.__getitem__, column))
        order = sorted(range(len(cells)), key=sort_keys.__getitem__, reverse=descending)
        cells = [cells[j] for j in order]
    return rows.with_cells(cells)

