"""Overdue milestones on a lane chart: a red ring where even the latest due day passed."""

from __future__ import annotations

import datetime as dt

from tracker.charts import text
from tracker.lanes.rows import Point
from tracker.models.milestone import CLOSED_STATUSES

OVERDUE_COLOUR = "#b3261e"  # the today line's red: overdue is measured against it
CLOSED = {status.value for status in CLOSED_STATUSES}


def overdue_rings(points: list[Point], slots: dict, today: dt.date) -> list[dict]:
    """A red ring at the latest possible due day of each overdue milestone: neither done nor
    cancelled, and even that day has passed (the dashboard's rule)."""
    late = [
        (point, slots[(point.lane, point.key)])
        for point in points
        if (point.lane, point.key) in slots
        and point.status not in CLOSED
        and point.due.latest is not None
        and point.due.latest < today
    ]
    if not late:
        return []
    return [
        {
            "type": "scatter",
            "name": "Overdue",
            "mode": "markers",
            "x": [point.due.latest.isoformat() for point, _ in late],
            "y": [position for _, position in late],
            "marker": {
                "symbol": "circle-open",
                "size": 20,
                "color": OVERDUE_COLOUR,
                "line": {"color": OVERDUE_COLOUR, "width": 2.5},
            },
            "customdata": [[text(point.title)] for point, _ in late],
            "hovertemplate": "%{customdata[0]}: overdue since %{x}<extra></extra>",
        }
    ]
