"""A milestone's due-date history as a figure: a pure function of the recorded changes.

Each time the due date was set is one column: x is when, and a vertical bar
spans the due window from its earliest to its latest possible day. A step
line joins the latest possible days, so a slip reads as a rise; a dashed line
marks the latest day first planned.

The x axis reads in days whatever the history's length: edits seconds apart
(a demo, a quick correction) would otherwise get plotly's millisecond ticks.
"""

from __future__ import annotations

import datetime as dt
import math

import plotly.graph_objects as go

from tracker.charts import OKABE_ITO, base_layout, text
from tracker.dates import ApproximateDate, InvalidDate
from tracker.milestones.slippage import DueChange, first_planned, latest_day

_HOVER = "<b>%{customdata[0]}</b> (%{customdata[1]})<br>set %{customdata[2]} by %{customdata[3]}"

_DAY_MS = 86_400_000
_DAY_FORMAT = "%-d %b %Y"
# The tick label for each tick spacing (plotly's dtick, in ms or "M<months>"):
# a day or coarser at every zoom. Zoomed into a single day, each tick names
# that day rather than a time of it; tickformat covers any spacing between stops.
_TICK_FORMATS = [
    {"dtickrange": [None, 14 * _DAY_MS], "value": _DAY_FORMAT},
    {"dtickrange": ["M1", "M6"], "value": "%b %Y"},
    {"dtickrange": ["M12", None], "value": "%Y"},
]
# Plotly places at most ten automatic ticks and rounds a step over half a day
# up to whole days, so a range of a week or more opens on day ticks.
_MIN_PAD_DAYS = 3


def _edit_time_axis(moments: list[dt.datetime]) -> dict:
    """A date axis labelled in days, never narrower than a week around the edits."""
    axis = {
        "type": "date",
        "title": {"text": "When the due date was set"},
        "automargin": True,
        "tickformat": _DAY_FORMAT,
        "tickformatstops": _TICK_FORMATS,
    }
    if moments:
        first, last = min(moments).date(), max(moments).date()
        days = (last - first).days + 1
        pad = dt.timedelta(days=max(_MIN_PAD_DAYS, math.ceil(days / 20)))
        axis["range"] = [(first - pad).isoformat(), (last + pad + dt.timedelta(days=1)).isoformat()]
    return axis


def due_history_figure(
    changes: list[DueChange], title: str = "How the due date moved"
) -> go.Figure:
    rows = []
    for change in changes:
        try:
            due = ApproximateDate.parse(change.new) if change.new else None
        except InvalidDate:
            due = None
        if due is not None and (due.earliest or due.latest):
            rows.append((change, due))
    when = [change.at.isoformat() for change, _due in rows]
    hover = [
        [text(due.text), text(due.words()), f"{change.at:%-d %b %Y %H:%M} UTC", text(change.actor)]
        for change, due in rows
    ]
    xs, ys = [], []
    for moment, (_change, due) in zip(when, rows, strict=True):
        xs += [moment, moment, None]
        ys += [
            (due.earliest or due.latest).isoformat(),
            (due.latest or due.earliest).isoformat(),
            None,
        ]
    traces = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": "Due window (earliest to latest day)",
            "x": xs,
            "y": ys,
            "hoverinfo": "skip",
            "line": {"color": OKABE_ITO["sky"], "width": 10},
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "Latest possible day",
            "x": when,
            "y": [(due.latest or due.earliest).isoformat() for _c, due in rows],
            "line": {"color": OKABE_ITO["vermillion"], "width": 1.5, "shape": "hv"},
            "marker": {"symbol": "diamond", "size": 9, "color": OKABE_ITO["vermillion"]},
            "customdata": hover,
            "hovertemplate": _HOVER + "<extra></extra>",
        },
    ]
    first = latest_day(first_planned(changes))
    shapes, notes = [], []
    if first is not None:
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "y0": first.isoformat(),
                "y1": first.isoformat(),
                "line": {"color": OKABE_ITO["grey"], "width": 1, "dash": "dash"},
            }
        )
        notes.append(
            {
                "text": "Latest day first planned",
                "xref": "paper",
                "x": 1,
                "xanchor": "right",
                "y": first.isoformat(),
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"color": "#555", "size": 11},
            }
        )
    return go.Figure(
        data=traces,
        layout=base_layout(
            title,
            height=340,
            shapes=shapes,
            annotations=notes,
            hovermode="closest",
            margin={"l": 10, "r": 10, "t": 40, "b": 10},
            xaxis=_edit_time_axis([change.at for change, _due in rows]),
            yaxis={"type": "date", "title": {"text": "Due"}, "automargin": True},
            legend={"orientation": "h", "y": -0.2, "yanchor": "top"},
        ),
    )
