"""Baseline ghosts: where milestones were planned on an earlier day, beside where they are now.

A ghost is drawn like its milestone, in grey outline only: a hollow marker
for an exact date, an unfilled bar for a window. A dotted line joins the
latest possible day then to the latest possible day now, for each milestone
that moved: a slip reads left to right.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tracker.charts import OKABE_ITO, text
from tracker.dates import ApproximateDate

DAY_MS = 24 * 3600 * 1000
GHOST_COLOUR = OKABE_ITO["grey"]
_HOVER = "<b>%{customdata[0]}</b><br>Planned on %{customdata[1]}: %{customdata[2]}<extra></extra>"


@dataclass(frozen=True)
class Ghost:
    lane: str
    key: str  # the milestone's key: the ghost stands in the same slot
    due: ApproximateDate
    planned_on: dt.date


def ghost_traces(ghosts, points, slots: dict, width: float) -> list[dict]:
    """Traces for the ghosts whose milestone is drawn (``slots``: (lane, key) -> y)."""
    now = {(point.lane, point.key): point for point in points}
    marks, windows, joins_x, joins_y = [], [], [], []
    for ghost in ghosts:
        position = slots.get((ghost.lane, ghost.key))
        point = now.get((ghost.lane, ghost.key))
        if position is None or point is None:
            continue
        due = ghost.due
        hover = [
            text(point.title),
            f"{ghost.planned_on:%-d %b %Y}",
            f"{text(due.words())} ({text(due.text)})",
        ]
        if due.is_exact or due.earliest is None or due.latest is None:
            marks.append((position, due.latest or due.earliest, hover))
        else:
            windows.append((position, due, hover))
        if due.text != point.due.text:
            joins_x += [_last_day(due).isoformat(), _last_day(point.drawn).isoformat(), None]
            joins_y += [position, position, None]
    legend = f"Planned on {ghosts[0].planned_on:%-d %b %Y}" if ghosts else ""
    traces = []
    if windows:
        traces.append(
            {
                "type": "bar",
                "name": legend,
                "legendgroup": "baseline",
                "orientation": "h",
                "y": [position for position, _due, _hover in windows],
                "base": [due.earliest.isoformat() for _position, due, _hover in windows],
                "x": [((due.latest - due.earliest).days + 1) * DAY_MS for _p, due, _h in windows],
                "width": width,
                "marker": {"color": "rgba(0,0,0,0)", "line": {"color": GHOST_COLOUR, "width": 1.5}},
                "customdata": [hover for *_rest, hover in windows],
                "hovertemplate": _HOVER,
            }
        )
    if marks:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": legend,
                "legendgroup": "baseline",
                "showlegend": not windows,
                "x": [day.isoformat() for _p, day, _h in marks],
                "y": [position for position, _day, _hover in marks],
                "marker": {
                    "symbol": "circle-open",
                    "size": 13,
                    "color": GHOST_COLOUR,
                    "line": {"width": 2},
                },
                "customdata": [hover for *_rest, hover in marks],
                "hovertemplate": _HOVER,
            }
        )
    if joins_x:
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": "Moved since",
                "legendgroup": "baseline",
                "x": joins_x,
                "y": joins_y,
                "hoverinfo": "skip",
                "line": {"color": GHOST_COLOUR, "width": 1, "dash": "dot"},
            }
        )
    return traces


def _last_day(date: ApproximateDate) -> dt.date:
    """The latest possible day: the one whose moving later makes a slip."""
    return date.latest or date.earliest
