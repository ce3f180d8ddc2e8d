"""What the lane charts say in words: lane titles short enough to read and still tell
apart, milestones' own labels, and the spans the zoom buttons show."""

from __future__ import annotations

import datetime as dt

from tracker.charts import text
from tracker.lanes.rows import Lane, Point

# Up to this many milestones a chart names each beside its mark; beyond, hover names them.
LABELLED = 60
LABEL_LENGTH = 30


def milestone_labels(points: list[Point], labelled: bool, position: str) -> dict:
    """The milestones' short titles as the trace's text, or nothing on a crowded chart."""
    if not labelled:
        return {}
    return {
        "text": [text(shorten(point.title, LABEL_LENGTH)) for point in points],
        "textposition": position,
        "textfont": {"size": 10, "color": "#333"},
        "cliponaxis": False,
    }


def zoom_presets(today: dt.date) -> list[tuple[str, str | None, str | None]]:
    """(label, first day, last day) of the spans people ask about; None: everything. The
    page shows them as buttons beside the chart, where they cover no title on a phone."""
    two_years = today + dt.timedelta(days=730)
    return [
        ("This year", f"{today.year}-01-01", f"{today.year}-12-31"),
        ("Next 2 years", today.isoformat(), two_years.isoformat()),
        ("All", None, None),
    ]


def shorten(label: str, limit: int = 48) -> str:
    """The start and the end of a long title: agreements named alike differ at the end
    ("… between Ukraine and the Kingdom of Norway") as often as at the start."""
    if len(label) <= limit:
        return label
    head = label[: limit * 3 // 5].rsplit(" ", 1)[0]
    tail = label[len(label) - (limit - len(head) - 2) :]
    if not label[len(label) - len(tail) - 1].isspace():
        tail = tail.split(" ", 1)[-1]  # a whole word, not the end of one
    return f"{head} … {tail.strip()}"


def lane_labels(lanes: list[Lane]) -> list[str]:
    """Each lane's shortened title; where two would still read the same, each says its key."""
    short = [shorten(lane.label) for lane in lanes]
    repeated = {label for label in short if short.count(label) > 1}
    return [
        f"{label} ({lane.key})" if label in repeated else label
        for label, lane in zip(short, lanes, strict=True)
    ]
