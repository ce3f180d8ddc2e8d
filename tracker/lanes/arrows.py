"""The arrows of the lane charts: between dependent milestones on an agreement's page, and
between linked agreements on the timeline."""

from __future__ import annotations

import datetime as dt

from tracker.charts import text
from tracker.dates import ApproximateDate
from tracker.lanes.rows import Connector, Lane, Point


def middle(date: ApproximateDate) -> dt.date:
    early = date.earliest or date.latest
    late = date.latest or date.earliest
    return early + (late - early) / 2


def dependency_arrows(points: list[Point], slots: dict) -> list[dict]:
    """An arrow from each prerequisite to the milestone that depends on it.

    Milestone keys are unique within their agreement only, so a timeline of many
    agreements finds each prerequisite by its agreement and key."""
    where = {}
    for point in points:
        position = slots.get((point.lane, point.key))
        if position is not None:
            where[point.agreement_key, point.key] = (middle(point.drawn), position)
    xs, ys, sizes = [], [], []
    for point in points:
        for prerequisite in point.depends_on:
            before, after = (point.agreement_key, prerequisite), (point.agreement_key, point.key)
            if before in where and after in where:
                (x0, y0), (x1, y1) = where[before], where[after]
                xs += [_iso(x0), _iso(x1), None]
                ys += [y0, y1, None]
                sizes += [0, 12, 0]
    if not xs:
        return []
    return [
        {
            "type": "scatter",
            "name": "Depends on",
            "mode": "lines+markers",
            "x": xs,
            "y": ys,
            "hoverinfo": "skip",
            "line": {"color": "#555", "width": 1.2, "dash": "dot"},
            "marker": {"symbol": "arrow", "angleref": "previous", "size": sizes, "color": "#555"},
        }
    ]


def link_arrows(
    connectors: list[Connector], lanes: list[Lane], y: dict, offset: float
) -> list[dict]:
    """A vertical arrow from an agreement's bar to the bar of the agreement it links to, on
    the link's day, or else where the linking agreement starts. ``offset``: where a bar
    sits in its lane."""
    lane_of = {lane.key: lane for lane in lanes}
    xs, ys, sizes, hover = [], [], [], []
    for connector in connectors:
        source, target = lane_of[connector.source], lane_of[connector.target]
        day = connector.on or source.start
        if day is None:
            continue
        words = f"{text(source.label)}<br>{connector.relation.lower()} {text(target.label)}"
        if connector.on is not None:
            words += f"<br>On: {text(connector.on.text)}"
        xs += [_iso(middle(day)), _iso(middle(day)), None]
        ys += [y[source.key] + offset, y[target.key] + offset, None]
        sizes += [0, 11, 0]
        hover += [words, words, None]
    if not xs:
        return []
    return [
        {
            "type": "scatter",
            "name": "Link between agreements",
            "mode": "lines+markers",
            "x": xs,
            "y": ys,
            "text": hover,
            "hovertemplate": "%{text}<extra></extra>",
            "line": {"color": "#444", "width": 1.2, "dash": "dash"},
            "marker": {"symbol": "arrow", "angleref": "previous", "size": sizes, "color": "#444"},
        }
    ]


def _iso(day: dt.date) -> str:
    return day.isoformat()
