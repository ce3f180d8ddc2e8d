"""A milestone's due-date history as a figure: a pure function of the recorded changes.

Each time the due date was set is one column: x is when, and a vertical bar
spans the due window from its earliest to its latest possible day. A step
line joins the latest possible days, so a slip reads as a rise; a dashed line
marks the latest day first planned.
"""

from __future__ import annotations

import plotly.graph_objects as go

from tracker.charts import OKABE_ITO, base_layout, text
from tracker.dates import ApproximateDate, InvalidDate
from tracker.milestones.slippage import DueChange, first_planned, latest_day

_HOVER = "<b>%{customdata[0]}</b> (%{customdata[1]})<br>set %{customdata[2]} by %{customdata[3]}"


def due_history_figure(changes: list[DueChange],
                       title: str = "How the due date moved") -> go.Figure:
    rows = []
    for change in changes:
        try:
            due = ApproximateDate.parse(change.new) if change.new else None
        except InvalidDate:
            due = None
        if due is not None and (due.earliest or due.latest):
            rows.append((change, due))
    when = [change.at.isoformat() for change, _due in rows]
    hover = [[text(due.text), text(due.words()), f"{change.at:%-d %b %Y %H:%M} UTC",
              text(change.actor)] for change, due in rows]
    xs, ys = [], []
    for moment, (_change, due) in zip(when, rows, strict=True):
        xs += [moment, moment, None]
        ys += [(due.earliest or due.latest).isoformat(), (due.latest or due.earliest).isoformat(),
               None]
    traces = [
        {"type": "scatter", "mode": "lines", "name": "Due window (earliest to latest day)",
         "x": xs, "y": ys, "hoverinfo": "skip",
         "line": {"color": OKABE_ITO["sky"], "width": 10}},
        {"type": "scatter", "mode": "lines+markers", "name": "Latest possible day",
         "x": when, "y": [(due.latest or due.earliest).isoformat() for _c, due in rows],
         "line": {"color": OKABE_ITO["vermillion"], "width": 1.5, "shape": "hv"},
         "marker": {"symbol": "diamond", "size": 9, "color": OKABE_ITO["vermillion"]},
         "customdata": hover, "hovertemplate": _HOVER + "<extra></extra>"},
    ]
    first = latest_day(first_planned(changes))
    shapes, notes = [], []
    if first is not None:
        shapes.append({
            "type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": first.isoformat(),
            "y1": first.isoformat(),
            "line": {"color": OKABE_ITO["grey"], "width": 1, "dash": "dash"},
        })
        notes.append({"text": "Latest day first planned", "xref": "paper", "x": 1,
                      "xanchor": "right", "y": first.isoformat(), "yanchor": "bottom",
                      "showarrow": False, "font": {"color": "#555", "size": 11}})
    return go.Figure(data=traces, layout=base_layout(
        title, height=340, shapes=shapes, annotations=notes, hovermode="closest",
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        xaxis={"type": "date", "title": {"text": "When the due date was set"}, "automargin": True},
        yaxis={"type": "date", "title": {"text": "Due"}, "automargin": True},
        legend={"orientation": "h", "y": -0.2, "yanchor": "top"},
    ))
