"""Query results as a text table that fits a width: every cell on one line, columns sized to the
terminal, long text cut at a word boundary with an ellipsis (never in the middle of a word when
the text has a boundary to cut at), URLs shortened, and when even the narrowest columns do not fit,
the rightmost columns left out and named, never squeezed into unreadable slivers.

`fit` decides the widths; `draw` draws the table with box characters (those of rich's tables,
drawn here: rich took seconds for a few thousand rows).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from rich.cells import cell_len

ELLIPSIS = "…"
# A column is readable at this width (or its header's, or its widest cell's if that is less).
COMFORT = 14
# Column widths are worked out from this many rows (every row is then cut to them).
SAMPLE = 2000
# Characters a cut may follow: the end of a word.
_BOUNDARY = re.compile(r"[\s\-_/#:.,;)]")
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


@dataclass
class Layout:
    widths: list[int]  # one per shown column
    shown: list[int]  # indices of the columns shown, in order
    hidden: list[int] = field(default_factory=list)  # indices left out (to fit, or empty)
    empty: list[int] = field(default_factory=list)  # indices of the columns empty in every row


def _cut(text: str, width: int) -> str:
    """The longest start of `text` of at most `width` cells."""
    out, used = [], 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width:
            break
        out.append(ch)
        used += w
    return "".join(out)


def truncate(text: str, width: int) -> str:
    """`text` in at most `width` cells: as is when it fits, else cut after the last whole word that
    fits, followed by an ellipsis. A text with no boundary early enough is cut where it must."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    head = _cut(text, width - 1)
    boundaries = [m.end() for m in _BOUNDARY.finditer(head)]
    # The character after the cut starts a new word: the whole of `head` is whole words.
    if not text[len(head)].isalnum() or (head and not head[-1].isalnum()):
        cut = len(head)
    else:
        cut = boundaries[-1] if boundaries else 0
    if cut < max(1, len(head) // 3):  # no boundary early enough: a word must be cut
        cut = len(head)
    return head[:cut].rstrip(" ,;:-_/") + ELLIPSIS


_QNAME = re.compile(r"^([A-Za-z][\w.-]*:)(\S+)$")


def shorten_name(text: str, width: int) -> str:
    """A prefixed name (`claim:2024-palmyra-airstrike-sohr-killed-lead`) in `width` cells: the
    prefix, an ellipsis and the longest end of the name that starts a word, since the names of one
    column often share their start and differ at the end; `truncate` when that leaves nothing."""
    if cell_len(text) <= width:
        return text
    m = _QNAME.match(text)
    if not m:
        return truncate(text, width)
    prefix, local = m.groups()
    room = width - cell_len(prefix) - 1
    starts = [b.end() for b in _BOUNDARY.finditer(local)]
    for start in starts:
        tail = local[start:]
        if tail and cell_len(tail) <= room:
            return prefix + ELLIPSIS + tail
    return truncate(text, width)


def shorten_url(text: str, width: int | None) -> str:
    """A URL for a narrow column: without its scheme and `www.`, then the host with the last path
    segment and fragment, then `truncate`."""
    if not _URL.match(text):
        return text
    short = _URL.sub("", text, count=1).removeprefix("www.")
    if width is None or cell_len(short) <= width:
        return short
    host, _, rest = short.partition("/")
    tail = rest.rstrip("/").rsplit("/", 1)[-1]
    if tail and tail != rest:
        candidate = f"{host}/{ELLIPSIS}/{tail}"
        if cell_len(candidate) <= width:
            return candidate
        candidate = f"{ELLIPSIS}/{tail}"
        if cell_len(candidate) <= width:
            return candidate
    fragment = short.partition("#")[2]
    if fragment:
        for candidate in (f"{host}/{ELLIPSIS}#{fragment}", f"{ELLIPSIS}#{fragment}"):
            if cell_len(candidate) <= width:
                return candidate
    return truncate(short, width)


def fit(headers: list[str], rows: list[list], width: int | None) -> Layout:
    """Column widths for a table `width` cells wide (None: every column as wide as its content).

    Columns empty in every row are left out. Then, from the left, each column is taken in if it
    can have a readable width (its content, up to COMFORT cells, never less than its header) beside
    the ones taken before; the first one that cannot, and every column after it, are left out (a
    stored query puts its most telling columns first). The room left is shared out evenly, no
    column getting more than its widest cell."""
    every = list(range(len(headers)))
    if width is None:
        return Layout([max([cell_len(h)] + [cell_len(_first(r[i])) for r in rows]) for i, h in enumerate(headers)], every)
    natural = [max([cell_len(h)] + [_natural(r[i]) for r in rows]) for i, h in enumerate(headers)]
    empty = [i for i in every if rows and all(_first(r[i]) == "" for r in rows)]
    candidates = [i for i in every if i not in empty]
    comfortable = {i: min(natural[i], max(COMFORT, cell_len(headers[i]))) for i in candidates}
    shown: list[int] = []
    used = 1  # the left border
    for i in candidates:
        cost = comfortable[i] + 3  # padding on both sides and the border on the right
        if used + cost > width and shown:
            break
        shown.append(i)
        used += cost
    hidden = [i for i in every if i not in shown]
    widths = {i: comfortable[i] for i in shown}
    left = width - used
    if left < 0:  # a single column wider than the terminal
        widths[shown[0]] = max(1, widths[shown[0]] + left)
        left = 0
    # The room left goes, a step at a time, where it shows most per cell given: whole names and
    # texts first, another word of a text cut short next; then each column keeps only the width
    # it shows.
    sample = rows[:SAMPLE]
    gains = {i: _gains([r[i] for r in sample]) for i in shown}
    while left > 0:
        best = None
        for order, i in enumerate(shown):
            gained = 0.0
            for step, gain in gains[i]:
                if step <= widths[i]:
                    continue
                cost = step - widths[i]
                if cost > left:
                    break
                gained += gain
                value = gained / cost
                if best is None or value > best[0] + 1e-9:
                    best = (value, i, step)
        if best is None:
            break
        _, i, step = best
        left -= step - widths[i]
        widths[i] = step
    for i in shown:
        widths[i] = max([cell_len(headers[i])] + [cell_len(_render(r[i], widths[i])) for r in sample])
    return Layout([widths[i] for i in shown], shown, hidden, empty)


def _gains(column: list) -> list[tuple[int, float]]:
    """(width, gain) for the widths at which a column shows more, in order of width: 1 for each
    cell shown whole from that width on (its name or a shorter one, a text, a URL without its
    scheme), 0.1 for each cell that shows one more word."""
    gains: dict[int, float] = {}
    for cell in column:
        if isinstance(cell, tuple):
            whole = min(cell_len(name) for name in cell)
            text = cell[0]
        else:
            text = shorten_url(cell, None)
            whole = cell_len(text)
        gains[whole] = gains.get(whole, 0.0) + 1
        for m in _BOUNDARY.finditer(text):
            width = cell_len(text[:m.start()]) + 1
            if 1 < width < whole:
                gains[width] = gains.get(width, 0.0) + 0.1
    return sorted(gains.items())


def _render(cell, width: int) -> str:
    return pick(cell if isinstance(cell, tuple) else shorten_name(shorten_url(cell, width), width), width)


def _natural(cell) -> int:
    """The width a cell needs to show whole (a URL without its scheme)."""
    return cell_len(_first(cell)) if isinstance(cell, tuple) else cell_len(shorten_url(cell, None))


def _first(cell) -> str:
    return cell[0] if isinstance(cell, tuple) else cell


def pick(cell, width: int) -> str:
    """A cell's text in `width` cells: a cell given as alternatives (a label, then shorter names
    such as "SOHR") shows the first that fits whole, else the first cut to fit."""
    if isinstance(cell, tuple):
        for option in cell:
            if cell_len(option) <= width:
                return option
        return truncate(cell[0], width)
    return truncate(cell, width)


def cells(rows: list[list], layout: Layout) -> list[list[str]]:
    """The rows cut to the layout's widths (URLs shortened first)."""
    out = []
    for row in rows:
        line = []
        for width, i in zip(layout.widths, layout.shown):
            line.append(_render(row[i], width))
        out.append(line)
    return out


def draw(headers: list[str], rows: list[list], width: int | None, *, color: bool = False) -> tuple[str, list[str]]:
    """The table as text, and what was left out, as "name" (to fit) or "name (empty)".

    A cell is a text, or a tuple of alternatives, the first one the full name (see `pick`)."""
    if width is None:
        rows = [[_first(c) for c in row] for row in rows]
    layout = fit(headers, rows, width)
    body = cells(rows, layout) if width is not None else rows
    numeric = []
    for i in layout.shown:
        column = [_first(r[i]) for r in rows]
        numeric.append(any(column) and all(_NUMBER.match(c) or c == "" for c in column))

    def line(texts: list[str], bold: bool = False) -> list[str]:
        parts = []
        for text, w, right in zip(texts, layout.widths, numeric):
            pad = " " * (w - cell_len(text))
            text = f"\x1b[1m{text}\x1b[0m" if bold and color else text
            parts.append(f" {pad}{text} " if right else f" {text}{pad} ")
        return parts

    def rule(left: str, fill: str, cross: str, right: str) -> str:
        return left + cross.join(fill * (w + 2) for w in layout.widths) + right

    out = [rule("┏", "━", "┳", "┓"),
           "┃" + "┃".join(line([truncate(headers[i], w) for w, i in zip(layout.widths, layout.shown)], bold=True)) + "┃",
           rule("┡", "━", "╇", "┩")]
    for row in body:  # the shown columns, in order
        out.append("│" + "│".join(line(row)) + "│")
    out.append(rule("└", "─", "┴", "┘"))
    text = "\n".join(x.rstrip() for x in out) + "\n"
    left_out = [headers[i] + (" (empty)" if i in layout.empty else "") for i in layout.hidden]
    return text, left_out
