"""Charts of contested figures, as SVG text (for the web pages) or PNG/SVG files.

- `claims_figure`: every casualty claim about one event, one panel per measure (killed, injured),
  one row per claim grouped by claimant, with its min–max range, open-ended figures ("108+",
  "more than 50") drawn as an arrow, revisions joined by a dashed arrow from the earlier claim,
  and a label naming the claimant, the date and the figure as written.
- `timeline_figure`: military events over time, coloured by event type, the marker's area
  proportional to the highest fatality figure (a ring) and to the lowest (the filled dot inside).

Matplotlib's object API only (no pyplot state, no GUI backend). Output is deterministic: fixed
SVG hash salt, no date in the metadata, text kept as text. Every string from the data is set
with mathtext off (a "$" is a dollar sign) and matplotlib escapes it when writing SVG.

Each mark carries an SVG id (matplotlib's gid) of the form `claim--<claimant>--<claim>--<part>`
(part: point, range, open, label, denial), `revision--<claim>--<earlier claim>` and
`event--<event>--<part>` (part: high, low, span, label), so pages and tests can find them.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date

import matplotlib

matplotlib.use("Agg")  # no display, even if something imports pyplot later

import difflib

from matplotlib.figure import Figure  # noqa: E402

from conflictkg.core.errors import UserError  # noqa: E402
from conflictkg.model.namespaces import EVENT
from conflictkg.publish.tables import GraphTables, claim_figure, concept_slug, event_rows, format_figure, short_id  # noqa: E402

CASUALTY_MEASURES = ("killed", "injured")
RC = {
    "svg.hashsalt": "conflict-kg",
    "svg.fonttype": "none",
    "text.parse_math": False,
    "text.usetex": False,
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
PALETTE = ["#1b6ca8", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d6a9f", "#2e4057", "#c05746"]
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_.\-]")


def svg_id(*parts: str) -> str:
    """An XML-safe id from parts joined by `--`."""
    return "--".join(_ID_UNSAFE.sub("_", p) for p in parts)


def render(fig: Figure, fmt: str = "svg") -> bytes:
    """The figure as SVG or PNG bytes, the same bytes every time for the same data."""
    if fmt not in ("svg", "png"):
        raise UserError(f"unknown chart format {fmt!r}: use svg or png")
    buf = io.BytesIO()
    with matplotlib.rc_context(RC):
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buf, format=fmt, metadata=metadata, dpi=150 if fmt == "png" else 72, bbox_inches="tight")
    return buf.getvalue()


def chart_format(path: str) -> str:
    lower = str(path).lower()
    if lower.endswith(".svg"):
        return "svg"
    if lower.endswith(".png"):
        return "png"
    raise UserError(f"{path}: charts are written as .svg or .png")


# --------------------------------------------------------------------------------------------
# Claims of one event
# --------------------------------------------------------------------------------------------


@dataclass
class Mark:
    claim: str
    claimant: str
    claimant_label: str
    measure: str
    low: int | None
    high: int | None
    central: int | None
    open_high: bool
    open_low: bool  # "at most 12"
    denial: bool
    text: str  # the figure as written
    claim_date: str | None
    breakdown: bool
    applies_to: str


def casualty_marks(t: GraphTables, event: str) -> list[Mark]:
    """The casualty claims about `event` (an IRI), in drawing order."""
    marks = []
    for c in t.claims_about(event):
        p = t.claims[c]
        measure = concept_slug((p.get("measure") or [""])[0])
        if measure not in CASUALTY_MEASURES:
            continue
        stance = concept_slug((p.get("stance") or ["asserts"])[0])
        f = claim_figure(p)
        denial = stance == "denies"
        if f is None and not denial:
            continue  # "dozens": no number to place
        claimant = (p.get("claimant") or [""])[0]
        lo, hi = p.get("minValue"), p.get("maxValue")
        marks.append(Mark(
            claim=c, claimant=claimant, claimant_label=t.label(claimant) if claimant else "unknown claimant",
            measure=measure,
            low=f.low if f else None, high=f.high if f else None, central=f.central if f else None,
            open_high=bool(f and f.open_high), open_low=bool(f and hi and not lo and not p.get("bestValue")),
            denial=denial, text=format_figure(p) or ("denies" if denial else ""),
            claim_date=(p.get("claimDate") or [None])[0], breakdown=bool(p.get("breakdownOf")),
            applies_to=", ".join(t.label(g) for g in p.get("appliesTo", [])),
        ))
    first_date: dict[str, str] = {}
    for m in marks:
        d = m.claim_date or "9999"
        first_date[m.claimant] = min(first_date.get(m.claimant, d), d)

    def generation(claim: str, seen=()) -> int:
        """How many earlier claims this one revises, so a revision is drawn after what it revises."""
        olds = [o for o in t.claims.get(claim, {}).get("revises", []) if o not in seen]
        return 1 + max((generation(o, (*seen, claim)) for o in olds), default=-1) if olds else 0

    marks.sort(key=lambda m: (CASUALTY_MEASURES.index(m.measure), first_date[m.claimant], m.claimant_label,
                              m.breakdown, m.claim_date or "9999", generation(m.claim), m.claim))
    return marks


def find_event(t: GraphTables, ident: str) -> str:
    """The IRI of an event named by slug, `event:slug` or IRI."""

    iri = ident
    if ident.startswith("event:"):
        iri = str(EVENT) + ident[6:]
    elif "://" not in ident:
        iri = str(EVENT) + ident
    if iri not in t.events:

        close = difflib.get_close_matches(short_id(iri), sorted(short_id(e) for e in t.events), n=3)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise UserError(f"no event {ident!r} in the data.{hint}")
    return iri


def claims_figure(t: GraphTables, event: str) -> Figure:
    """The claims chart of `event` (an IRI; see `find_event`)."""
    marks = casualty_marks(t, event)
    measures = [m for m in CASUALTY_MEASURES if any(k.measure == m for k in marks)]
    with matplotlib.rc_context(RC):
        rows_per = [sum(1 for k in marks if k.measure == m) for m in measures] or [1]
        fig = Figure(figsize=(9, 1.2 + 0.42 * sum(rows_per) + 0.6 * len(rows_per)))
        fig.suptitle(f"Casualty claims: {t.label(event)}", x=0.01, ha="left", fontsize=11)
        if not marks:
            ax = fig.add_subplot(1, 1, 1)
            ax.set_axis_off()
            ax.text(0.5, 0.5, "No casualty figures are claimed for this event.", ha="center", va="center",
                    transform=ax.transAxes, gid=svg_id("note", "no-claims"))
            return fig
        axes = fig.subplots(len(measures), 1, squeeze=False, gridspec_kw={"height_ratios": rows_per})[:, 0]
        colours: dict[str, str] = {}  # one colour per claimant across the panels
        for k in marks:
            colours.setdefault(k.claimant, PALETTE[len(colours) % len(PALETTE)])
        for ax, measure in zip(axes, measures):
            _draw_measure(ax, [k for k in marks if k.measure == measure], measure, t, colours)
        fig.supxlabel("people (open-ended figures drawn as arrows; dashed arrows join revised figures)",
                      fontsize=8, color="#555555")
    return fig


def _draw_measure(ax, marks: list[Mark], measure: str, t: GraphTables, colours: dict[str, str]) -> None:
    top = max([k.high or 0 for k in marks] + [k.low or 0 for k in marks] + [1])
    right = top * 1.35 + 1
    position: dict[str, tuple[float, float]] = {}
    ticks, tick_labels = [], []
    n = len(marks)
    last_claimant = None
    for i, k in enumerate(marks):
        y = n - 1 - i
        colour = colours[k.claimant]
        base = svg_id("claim", short_id(k.claimant) or "unknown", short_id(k.claim))
        face = "white" if k.breakdown else colour
        if k.denial:
            ax.plot([0], [y], marker="x", markersize=9, color=colour, linestyle="none", gid=base + "--denial")
            x_mark = 0.0
        else:
            if k.low is not None and k.high is not None and k.high > k.low:
                ax.plot([k.low, k.high], [y, y], color=colour, linewidth=2.5, solid_capstyle="butt",
                        gid=base + "--range")
            if k.open_high:
                _arrow(ax, (k.low, y), (right * 0.97, y), base + "--open",
                       arrowstyle="-|>", color=colour, linewidth=1.5, linestyle=":")
            if k.open_low:
                _arrow(ax, (k.high, y), (0, y), base + "--open",
                       arrowstyle="-|>", color=colour, linewidth=1.5, linestyle=":")
            x_mark = float(k.central if k.central is not None else k.low)
            ax.plot([x_mark], [y], marker="o", markersize=7, markerfacecolor=face, markeredgecolor=colour,
                    linestyle="none", gid=base + "--point")
        label = k.claimant_label + (f", {k.claim_date}" if k.claim_date else "") + f": {k.text}"
        if k.breakdown and k.applies_to:
            label += f" (of which: {k.applies_to})"
        ax.text(x_mark, y + 0.28, label, fontsize=7.5, color="#222222", va="bottom", ha="left",
                gid=base + "--label", parse_math=False, clip_on=False)
        position[k.claim] = (x_mark, y)
        if k.claimant != last_claimant:
            ticks.append(y)
            tick_labels.append(k.claimant_label)
            last_claimant = k.claimant
    for k in marks:  # revisions: from the earlier claim to the one that revises it
        for old in t.claims[k.claim].get("revises", []):
            if old in position:
                _arrow(ax, position[old], position[k.claim], svg_id("revision", short_id(k.claim), short_id(old)),
                       arrowstyle="->", linestyle="--", color="#555555", connectionstyle="arc3,rad=-0.25",
                       shrinkA=5, shrinkB=5)
    ax.set_xlim(-right * 0.02, right)
    ax.set_ylim(-0.7, n - 0.2)
    ax.set_yticks(ticks, tick_labels)
    for lab in ax.get_yticklabels():
        lab.set_parse_math(False)
    ax.set_title(measure.capitalize(), loc="left", fontsize=10)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)


def _arrow(ax, start, end, gid: str, **props) -> None:
    """An arrow from `start` to `end` (data coordinates) whose SVG group has the id `gid`."""
    ann = ax.annotate("", xy=end, xytext=start, arrowprops=props)
    ann.arrow_patch.set_gid(gid)


def claims_svg(t: GraphTables, event: str) -> str:
    """The claims chart of `event` as SVG text, ready to inline in a page."""
    return render(claims_figure(t, find_event(t, event)), "svg").decode("utf-8")


# --------------------------------------------------------------------------------------------
# Timeline
# --------------------------------------------------------------------------------------------


def timeline_figure(t: GraphTables, *, include_conflicts: bool = False) -> Figure:
    """Events over time: one row per event with a start date, coloured by event type."""
    rows = [r for r in event_rows(t) if r["start_date"] and (include_conflicts or "Conflict" not in r["event_class"])]
    rows.sort(key=lambda r: (r["start_date"], r["event_id"]))
    types = sorted({(r["event_type"] or "unspecified").split("; ")[0] for r in rows})
    colour = {ty: PALETTE[i % len(PALETTE)] for i, ty in enumerate(types)}
    top = max([r["fatalities_high"] or 0 for r in rows] + [1])
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(10, 1.6 + 0.38 * max(len(rows), 1)))
        ax = fig.add_subplot(1, 1, 1)
        fig.suptitle("Events over time", x=0.01, ha="left", fontsize=11)
        if not rows:
            ax.set_axis_off()
            ax.text(0.5, 0.5, "No dated events.", ha="center", va="center", transform=ax.transAxes)
            return fig
        n = len(rows)
        for i, r in enumerate(rows):
            y = n - 1 - i
            ty = (r["event_type"] or "unspecified").split("; ")[0]
            c = colour[ty]
            start = date.fromisoformat(r["start_date"])
            base = svg_id("event", r["event_id"])
            if r["end_date"] and r["end_date"] > r["start_date"]:
                ax.plot([start, date.fromisoformat(r["end_date"])], [y, y], color=c, linewidth=3, alpha=0.6,
                        solid_capstyle="round", gid=base + "--span")
            high, low = r["fatalities_high"], r["fatalities_low"]
            size = 30 + 900 * (high or 0) / top
            ax.scatter([start], [y], s=size, facecolors="none", edgecolors=c, linewidths=1.5, gid=base + "--high")
            inner = 12 + 900 * (low or 0) / top if low is not None else 12
            ax.scatter([start], [y], s=inner, color=c, gid=base + "--low")
            figures = "" if high is None else (f"  {low}–{high}{'+' if r['fatalities_high_open'] else ''} killed"
                                               if low != high else f"  {high}{'+' if r['fatalities_high_open'] else ''} killed")
            prec = "" if r["date_precision"] in (None, "day") else f" ({r['date_precision']})"
            ax.text(start, y + 0.3, f"{r['event_label']}{prec}{figures}", fontsize=7.5, va="bottom",
                    gid=base + "--label", parse_math=False, clip_on=False)
        for ty in types:
            ax.scatter([], [], color=colour[ty], label=ty)
        ax.legend(title="event type", loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
        ax.set_yticks([])
        ax.set_ylim(-0.8, n)
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_xlabel("start date (ring: highest fatality figure claimed; dot: lowest)", fontsize=8, color="#555555")
        fig.autofmt_xdate()
    return fig


def timeline_svg(t: GraphTables, *, include_conflicts: bool = False) -> str:
    return render(timeline_figure(t, include_conflicts=include_conflicts), "svg").decode("utf-8")
