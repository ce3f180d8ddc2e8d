"""Timeline figures: pure functions from lanes and dated points to plotly figures.

Lanes are numbered top to bottom. An agreement is a thin bar at the top of
its lane, closed by an end marker at the best estimate of its end, or by a
"continuing" arrow at today when it has no end. Milestones sit below it,
each in its own slot, so milestones with the same window never hide one
another. An exact date is a marker; an
approximate one is a lighter, hatched bar from its earliest to its latest
possible day. Colour and marker shape (or bar pattern) both carry the status.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import plotly.graph_objects as go

from tracker.charts import AGREEMENT_STYLE, MILESTONE_STYLE, base_layout, label_px, text
from tracker.lanes.arrows import dependency_arrows, link_arrows
from tracker.lanes.ghosts import Ghost, ghost_traces
from tracker.lanes.overdue import overdue_rings
from tracker.lanes.rows import Connector, Lane, Point
from tracker.lanes.slots import (
    AGREEMENT_BAND,
    LANE_HEIGHT_PX,
    lane_height,
    slot_width,
    slots_of,
)
from tracker.lanes.words import LABELLED, lane_labels, milestone_labels

DAY_MS = 24 * 3600 * 1000
# On a phone the lane titles leave the y axis for the top of their lanes (static/js/charts.js):
# each lane gains the line its title takes.
PHONE_TITLE_PX = 28


def timeline_figure(
    lanes: list[Lane],
    points: list[Point],
    today: dt.date,
    title: str = "Agreements and milestones",
    ghosts: list[Ghost] = (),
    connectors: list[Connector] = (),
) -> go.Figure:
    """Agreements as lanes grouped by partner, their milestones on them, and a today line.

    ``ghosts``, when given, are the milestones as planned on a baseline day:
    grey outlines under the current marks, each joined to its milestone now.
    ``connectors`` join the lanes of linked agreements, an arrow from each to the
    agreement it amends, implements …; dotted arrows join dependent milestones.
    """
    y = {lane.key: index for index, lane in enumerate(lanes)}
    slots = slots_of(points, y)
    traces = [
        *_agreement_bars(lanes, y, today),
        *link_arrows(connectors, lanes, y, AGREEMENT_BAND[0]),
        *ghost_traces(ghosts, points, slots, slot_width(points)),
        *dependency_arrows(points, slots),
        *_milestones(points, slots),
        *overdue_rings(points, slots, today),
    ]
    # One constructor call: plotly validates a figure on every update, which adds up.
    return go.Figure(data=traces, layout=_layout(title, lanes, today, lane_height(points)))


def agreement_figure(
    lanes: list[Lane], points: list[Point], today: dt.date, title: str = "Milestones by pillar"
) -> go.Figure:
    """One agreement: its pillars as lanes, milestones on them, dependencies as arrows."""
    y = {lane.key: index for index, lane in enumerate(lanes)}
    slots = slots_of(points, y)
    traces = [
        *dependency_arrows(points, slots),
        *_milestones(points, slots),
        *overdue_rings(points, slots, today),
    ]
    return go.Figure(data=traces, layout=_layout(title, lanes, today, lane_height(points)))


def _half(colour: str) -> str:
    """A "#rrggbb" colour at half opacity."""
    red, green, blue = (int(colour[index : index + 2], 16) for index in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, 0.5)"


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _span_ms(start: dt.date, end: dt.date) -> int:
    """Length of the days from start to end, both included."""
    return ((end - start).days + 1) * DAY_MS


def _agreement_bars(lanes: list[Lane], y: dict, today: dt.date) -> list[dict]:
    offset, width = AGREEMENT_BAND
    traces = []
    windows: dict[str, list] = defaultdict(list)
    continuing, ends = [], []
    by_status: dict[str, list] = defaultdict(list)
    for lane in lanes:
        if lane.start is None or lane.status is None:
            continue
        start_early = lane.start.earliest or lane.start.latest
        start_late = lane.start.latest or start_early
        end_early, end_late = lane.end or (None, None)
        core_end = end_early or (today if lane.end is None else end_late) or today
        label = f"{text(lane.label)}<br>{lane.status_label} · {text(lane.parties)}"
        started = f"Start: {text(lane.start.text)} ({text(lane.start.words())})"
        ended = (
            "End: continuing (open-ended)"
            if lane.end is None
            else f"End: {_window_words(end_early, end_late)}"
        )
        hover = [label, started, ended, lane.url]
        if core_end >= start_late:
            by_status[lane.status].append((lane, start_late, core_end, hover))
        if start_early != start_late:
            windows[lane.status].append((lane, start_early, start_late, hover))
        if end_early and end_late and end_early != end_late:
            windows[lane.status].append((lane, end_early, end_late, hover))
        if lane.end is None:
            continuing.append((lane, today, hover))
        elif end_day := lane.end_estimate or end_late or end_early:
            ends.append((lane, end_day, [label, f"Ends: {text(lane.end_words)}", lane.url]))
    for status, rows in by_status.items():
        colour, pattern = AGREEMENT_STYLE[status]
        traces.append(
            {
                "type": "bar",
                "name": f"Agreement: {rows[0][0].status_label}",
                "legendgroup": f"agreement-{status}",
                "orientation": "h",
                "y": [y[lane.key] + offset for lane, *_ in rows],
                "base": [_iso(start) for _, start, _, _ in rows],
                "x": [_span_ms(start, end) for _, start, end, _ in rows],
                "width": width,
                "marker": {"color": colour, "pattern": {"shape": pattern}},
                "customdata": [hover for *_, hover in rows],
                "hovertemplate": _AGREEMENT_HOVER,
            }
        )
    for status, rows in windows.items():
        colour, _pattern = AGREEMENT_STYLE[status]
        traces.append(
            {
                "type": "bar",
                "name": "Uncertain start or end",
                "legendgroup": f"agreement-{status}",
                "showlegend": False,
                "orientation": "h",
                "y": [y[lane.key] + offset for lane, *_ in rows],
                "base": [_iso(start) for _, start, _, _ in rows],
                "x": [_span_ms(start, end) for _, start, end, _ in rows],
                "width": width,
                "opacity": 0.35,
                "marker": {"color": colour, "pattern": {"shape": "/", "fgcolor": "#333"}},
                "customdata": [hover for *_, hover in rows],
                "hovertemplate": _AGREEMENT_HOVER,
            }
        )
    if continuing:
        traces.append(
            {
                "type": "scatter",
                "name": "Continuing (open-ended)",
                "mode": "markers",
                "x": [_iso(day) for _, day, _ in continuing],
                "y": [y[lane.key] + offset for lane, _, _ in continuing],
                "marker": {"symbol": "triangle-right", "size": 10, "color": "#333"},
                "customdata": [hover for *_, hover in continuing],
                "hovertemplate": _AGREEMENT_HOVER,
            }
        )
    if ends:
        traces.append(
            {
                "type": "scatter",
                "name": "Ends (best estimate)",
                "mode": "markers",
                "x": [_iso(day) for _, day, _ in ends],
                "y": [y[lane.key] + offset for lane, _, _ in ends],
                "marker": {
                    "symbol": "line-ns-open",
                    "size": 16,
                    "color": "#333",
                    "line": {"color": "#333", "width": 3},
                },
                "customdata": [hover for *_, hover in ends],
                "hovertemplate": _END_HOVER,
            }
        )
    return traces


_END_HOVER = "<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>"
_AGREEMENT_HOVER = "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>"
_MILESTONE_HOVER = (
    "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>Due: %{customdata[2]} (%{customdata[3]})"
    "<br>Pillar: %{customdata[4]}<br>%{customdata[5]}<extra></extra>"
)


def _milestones(points: list[Point], slots: dict) -> list[dict]:
    width = slot_width(points)
    labelled = len(points) <= LABELLED
    traces = []
    exact: dict[str, list] = defaultdict(list)
    windows: dict[str, list] = defaultdict(list)
    for point in points:
        position = slots.get((point.lane, point.key))
        if position is None:
            continue
        due = point.drawn  # where it is drawn: a done milestone at its completion
        words = point.due.words() + (
            f" · as stated: “{point.due_as_stated}”" if point.due_as_stated else ""
        )
        if due is point.completed:
            words += f" · done {due.words()}"
        hover = [
            text(point.title),
            point.status_label,
            text(point.due.text),
            text(words),
            text(point.pillar or "—"),
            text(point.context),
            point.url,
        ]
        if due.is_exact or due.earliest is None or due.latest is None:
            exact[point.status].append((point, position, due.latest or due.earliest, hover))
        else:
            windows[point.status].append((point, position, hover))
    for status in MILESTONE_STYLE:
        colour, symbol = MILESTONE_STYLE[status]
        rows = windows.get(status, [])
        label = next((row[0].status_label for row in (rows or exact.get(status, []))), status)
        if rows:
            traces.append(
                {
                    "type": "bar",
                    "name": f"{label} (approximate)",
                    "legendgroup": f"milestone-{status}",
                    "orientation": "h",
                    "y": [position for _, position, _ in rows],
                    "base": [_iso(p.drawn.earliest) for p, _, _ in rows],
                    "x": [_span_ms(p.drawn.earliest, p.drawn.latest) for p, _, _ in rows],
                    "width": width,
                    "marker": {
                        # Half the colour, not half the trace: the title beside stays legible.
                        "color": _half(colour),
                        "line": {"color": colour, "width": 1},
                        "pattern": {
                            "shape": "/",
                            "fgcolor": "#333",
                            "fgopacity": 0.5,
                            "size": 6,
                            "fillmode": "overlay",  # over the colour, not instead of it
                        },
                    },
                    "customdata": [hover for *_, hover in rows],
                    "hovertemplate": _MILESTONE_HOVER,
                    # Beside its window, at full size: a window is often too thin to hold it.
                    **milestone_labels([p for p, _, _ in rows], labelled, "outside"),
                    "constraintext": "none",
                }
            )
        rows = exact.get(status, [])
        if rows:
            traces.append(
                {
                    "type": "scatter",
                    "name": label,
                    "legendgroup": f"milestone-{status}",
                    "mode": "markers+text" if labelled else "markers",
                    **milestone_labels([p for p, *_ in rows], labelled, "middle right"),
                    "x": [_iso(day) for _, _, day, _ in rows],
                    "y": [position for _, position, _, _ in rows],
                    "marker": {
                        "symbol": symbol,
                        "size": 11,
                        "color": colour,
                        "line": {"color": colour, "width": 2},
                    },
                    "customdata": [hover for *_, hover in rows],
                    "hovertemplate": _MILESTONE_HOVER,
                }
            )
    return traces


def _window_words(early: dt.date | None, late: dt.date | None) -> str:
    if early is None or late is None:
        return "unknown"
    if early == late:
        return f"{early:%-d %b %Y}"
    return f"between {early:%-d %b %Y} and {late:%-d %b %Y}"


TODAY_COLOUR = "#b3261e"


def _layout(title: str, lanes: list[Lane], today: dt.date, lane_px: int = LANE_HEIGHT_PX) -> dict:
    """Lane labels on the left; a partner group's name heads its first lane."""
    tick_text, separators, previous = [], [], None
    for index, (lane, short) in enumerate(zip(lanes, lane_labels(lanes), strict=True)):
        label = text(short)
        if lane.group and lane.group != previous:
            label = f"<b>{text(lane.group)}</b> · {label}"
            if index:
                separators.append(index - 0.5)
        previous = lane.group
        tick_text.append(label)
    shapes = [
        {
            "type": "line",
            "xref": "paper",
            "x0": 0,
            "x1": 1,
            "y0": value,
            "y1": value,
            "line": {"color": "#c9ced6", "width": 1},
        }
        for value in separators
    ]
    shapes.append(
        {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": _iso(today),
            "x1": _iso(today),
            "y0": 0,
            "y1": 1,
            "line": {"color": TODAY_COLOUR, "width": 1.5, "dash": "dash"},
        }
    )
    today_label = {
        "text": "Today",
        "x": _iso(today),
        "xref": "x",
        "y": 0,
        "yref": "paper",
        "xanchor": "left",
        "yanchor": "bottom",
        "showarrow": False,
        "font": {"color": TODAY_COLOUR},
    }
    return base_layout(
        title,
        height=140 + lane_px * max(1, len(lanes)),
        barmode="overlay",
        shapes=shapes,
        annotations=[today_label],
        # Wide enough for the lane titles, so plotly draws the chart once (tracker.charts).
        margin={"l": 10 + label_px(tick_text), "r": 10, "t": 60, "b": 10},
        xaxis={"type": "date", "showgrid": True, "gridcolor": "#eef0f3", "side": "top"},
        yaxis={
            "tickmode": "array",
            "tickvals": list(range(len(lanes))),
            "ticktext": tick_text,
            "range": [len(lanes) - 0.5, -0.5],
            "zeroline": False,
            "showgrid": False,
            "automargin": True,
        },
        legend={"orientation": "h", "y": -0.02, "yanchor": "top", "groupclick": "toggleitem"},
        hovermode="closest",
        uniformtext={"minsize": 9, "mode": "hide"},  # a label that does not fit is left out
        # Read by static/js/charts.js on a narrow screen: lane titles above the bars.
        meta={
            "phone_lanes": {
                "label_y": -0.5,
                "height": 140 + (lane_px + PHONE_TITLE_PX) * max(1, len(lanes)),
            }
        },
    )
