"""Charts of contested figures, as SVG text (for the web pages) or PNG/SVG files.

- `claims_figure`: every casualty and loss claim about one event, one panel per comparison key
  (measure, counted thing and population: "killed — whole event", "killed — side 2", "destroyed
  tanks — side 2", "killed — Hezbollah militants"; see `claim_panels`), so that figures on one axis
  always count the same thing of the same people (docs/ontology.md, "Like with like"); one row per
  claim grouped by claimant, with its min–max range, open-ended figures ("108+", "more than 50")
  drawn as an arrow, revisions joined by a dashed arrow from the earlier claim, and a label naming
  the claimant, the date and the figure as written.
- `timeline_figure`: military events over time, coloured by event type, the marker's area
  proportional to the highest fatality figure (a ring) and to the lowest (the filled dot inside).

Matplotlib's object API only (no pyplot state, no GUI backend). Output is deterministic: fixed
SVG hash salt, no date in the metadata, text kept as text. Every string from the data is set
with mathtext off (a "$" is a dollar sign) and matplotlib escapes it when writing SVG.

Each mark carries an SVG id (matplotlib's gid) of the form `claim--<claimant>--<claim>--<part>`
(part: point, range, open, label, denial), `revision--<claim>--<earlier claim>` and
`event--<event>--<part>` (part: high, low, span, label), and each panel of the claims chart
`panel--<measure>--<counted>--<population>` (population: `all`, `side-N` or the group's id), so
pages and tests can find them.
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
from matplotlib.patches import ConnectionPatch  # noqa: E402

from conflictkg.core.errors import UserError  # noqa: E402
from conflictkg.model.namespaces import EVENT
from conflictkg.publish.tables import (  # noqa: E402
    PERSON, WHOLE_EVENT, GraphTables, Key, claim_figure, comparison_keys, concept_slug, event_rows, format_figure,
    population_id, short_id,
)

# The measures an infobox lists under "Casualties and losses", in panel order: people first
# (killed, injured...), then materiel (destroyed, lost...).
CASUALTY_MEASURES = ("killed", "injured", "killed-or-injured", "missing", "captured", "destroyed", "damaged",
                     "lost", "shot-down")
_UNCOUNTABLE = ("aircraft", "artillery", "people")  # counted-thing labels with no plural "-s"
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
    key: Key  # the comparison key (measure, counted thing, population) of the panel it is drawn in
    part_of: str = ""  # for a part of a breakdown: its total's figure as written


def casualty_marks(t: GraphTables, event: str) -> list[Mark]:
    """The casualty and loss claims about `event` (an IRI), in drawing order: one mark per claim
    and comparison key (a claim that names two groups is drawn in each group's panel)."""
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
        wholes = p.get("breakdownOf", [])
        for key in comparison_keys(p):
            marks.append(Mark(
                claim=c, claimant=claimant, claimant_label=t.label(claimant) if claimant else "unknown claimant",
                measure=measure,
                low=f.low if f else None, high=f.high if f else None, central=f.central if f else None,
                open_high=bool(f and f.open_high), open_low=bool(f and hi and not lo and not p.get("bestValue")),
                denial=denial, text=format_figure(p) or ("denies" if denial else ""),
                claim_date=(p.get("claimDate") or [None])[0], breakdown=bool(wholes),
                applies_to=", ".join(t.label(g) for g in p.get("appliesTo", [])),
                key=key, part_of=format_figure(t.claims.get(wholes[0], {})) if wholes else "",
            ))
    first_date: dict[str, str] = {}
    for m in marks:
        d = m.claim_date or "9999"
        first_date[m.claimant] = min(first_date.get(m.claimant, d), d)

    def generation(claim: str, seen=()) -> int:
        """How many earlier claims this one revises, so a revision is drawn after what it revises."""
        olds = [o for o in t.claims.get(claim, {}).get("revises", []) if o not in seen]
        return 1 + max((generation(o, (*seen, claim)) for o in olds), default=-1) if olds else 0

    marks.sort(key=lambda m: (_key_order(t, m.key), first_date[m.claimant], m.claimant_label,
                              m.breakdown, m.claim_date or "9999", generation(m.claim), m.claim))
    return marks


def _key_order(t: GraphTables, key: Key) -> tuple:
    """Panels in order: by measure (CASUALTY_MEASURES), people before things, then the whole
    event, the sides by number, the groups by name."""
    measure = concept_slug(key.measure)
    rank = CASUALTY_MEASURES.index(measure) if measure in CASUALTY_MEASURES else len(CASUALTY_MEASURES)
    if key.population == WHOLE_EVENT:
        whose = (0, 0, "")
    elif key.population.startswith("side "):
        number = key.population[5:]
        whose = (1, int(number), "") if number.isdigit() else (1, 0, number)
    else:
        whose = (2, 0, t.label(key.population).casefold(), key.population)
    return (rank, key.counted != PERSON, concept_slug(key.counted), whose)


@dataclass
class Panel:
    """One axis of the claims chart: the marks of one comparison key, its title and its SVG id
    (`panel--<measure>--<counted>--<population>`, population as the claims table writes it)."""

    key: Key
    title: str
    gid: str
    marks: list[Mark]


def _plural(thing: str) -> str:
    if thing.endswith(_UNCOUNTABLE):
        return thing
    if thing.endswith("y") and not thing.endswith(("ay", "ey", "oy", "uy")):
        return thing[:-1] + "ies"
    return thing + "s"


def panel_title(t: GraphTables, key: Key) -> str:
    """The title naming a comparison key: "killed — whole event", "killed — side 2", "destroyed
    tanks — side 2", "killed — Hezbollah militants"."""
    what = concept_slug(key.measure).replace("-", " ")
    if key.counted != PERSON:
        what += " " + _plural(concept_slug(key.counted).replace("-", " "))
    if key.population == WHOLE_EVENT:
        whose = "whole event"
    elif key.population.startswith("side "):
        whose = key.population
    else:
        whose = t.label(key.population)
    return f"{what} — {whose}"


def claim_panels(t: GraphTables, event: str) -> list[Panel]:
    """The panels of the claims chart of `event`: one per comparison key, in drawing order. The
    chart's data: a panel never holds figures of two keys."""
    panels: dict[Key, Panel] = {}
    for m in casualty_marks(t, event):
        panel = panels.get(m.key)
        if panel is None:
            whose = population_id(t, m.key.population).replace(" ", "-")  # all, side-2, the group's id
            gid = svg_id("panel", concept_slug(m.key.measure), concept_slug(m.key.counted), whose)
            panel = panels[m.key] = Panel(m.key, panel_title(t, m.key), gid, [])
        panel.marks.append(m)
    return list(panels.values())


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
    """The claims chart of `event` (an IRI; see `find_event`): one panel per comparison key."""
    panels = claim_panels(t, event)
    marks = [m for panel in panels for m in panel.marks]
    with matplotlib.rc_context(RC):
        rows_per = [len(panel.marks) for panel in panels] or [1]
        # Room for each panel's title and axis (constrained layout places them without overlap:
        # one panel per comparison key makes many short panels).
        fig = Figure(figsize=(9, 1.2 + 0.42 * sum(rows_per) + 0.9 * len(rows_per)), layout="constrained")
        fig.suptitle(f"Casualty claims: {t.label(event)}", x=0.01, ha="left", fontsize=11)
        if not marks:
            ax = fig.add_subplot(1, 1, 1)
            ax.set_axis_off()
            ax.text(0.5, 0.5, "No casualty figures are claimed for this event.", ha="center", va="center",
                    transform=ax.transAxes, gid=svg_id("note", "no-claims"))
            return fig
        axes = fig.subplots(len(panels), 1, squeeze=False, gridspec_kw={"height_ratios": rows_per})[:, 0]
        colours: dict[str, str] = {}  # one colour per claimant across the panels
        for k in marks:
            colours.setdefault(k.claimant, PALETTE[len(colours) % len(PALETTE)])
        drawn: list[tuple] = []  # (axes, panel, positions)
        for ax, panel in zip(axes, panels):
            ax.set_gid(panel.gid)
            drawn.append((ax, panel, _draw_measure(ax, panel.marks, panel.title, t, colours)))
        _revisions_across_panels(fig, drawn, t)
        counted = "people" if all(panel.key.counted == PERSON for panel in panels) else "what each panel counts"
        fig.supxlabel(f"{counted} (open-ended figures drawn as arrows; dashed arrows join revised figures)",
                      fontsize=8, color="#555555")
    return fig


def _draw_measure(ax, marks: list[Mark], title: str, t: GraphTables,
                  colours: dict[str, str]) -> dict[str, tuple[float, float]]:
    """Draw one panel; returns where each claim's mark is (data coordinates of `ax`)."""
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
        if k.breakdown:
            # The panel's title names the group; the label says which total the figure is part of.
            label += f" (part of {k.part_of})" if k.part_of else " (part of a total)"
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
    ax.set_title(title[:1].upper() + title[1:], loc="left", fontsize=10)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    return position


def _revisions_across_panels(fig: Figure, drawn: list[tuple], t: GraphTables) -> None:
    """A revision whose earlier claim counts another key ("18–27 killed" revised to "40+ fighters
    killed") is in another panel: join the two marks across the panels, so the revision stays
    visible while their figures stay on separate axes."""
    joined = {(k.claim, old) for _, panel, positions in drawn for k in panel.marks
              for old in t.claims[k.claim].get("revises", []) if old in positions}
    for ax, panel, positions in drawn:
        for k in panel.marks:
            for old in t.claims[k.claim].get("revises", []):
                if (k.claim, old) in joined:
                    continue
                source = next(((a, pos[old]) for a, _, pos in drawn if old in pos), None)
                if source is None:
                    continue  # the earlier claim is not drawn (no figure, another event)
                joined.add((k.claim, old))
                patch = ConnectionPatch(source[1], positions[k.claim], coordsA=source[0].transData,
                                        coordsB=ax.transData, arrowstyle="->", linestyle="--", color="#555555",
                                        connectionstyle="arc3,rad=-0.25", shrinkA=5, shrinkB=5)
                patch.set_gid(svg_id("revision", short_id(k.claim), short_id(old)))
                fig.add_artist(patch)


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
