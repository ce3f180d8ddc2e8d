"""Where things sit in a lane chart: each milestone's slot in its lane, and lane heights.

A lane runs from its top (-0.5) to its bottom (+0.5): room for a title on a phone, the
agreement's bar, then its milestones, each in a slot of its own, so milestones with
the same window never hide one another.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from tracker.lanes.rows import Point
from tracker.lanes.words import LABELLED

AGREEMENT_BAND = (-0.24, 0.14)  # (offset from the lane centre, thickness)
MILESTONE_BAND = (-0.08, 0.5)
LANE_HEIGHT_PX = 44
# A milestone's title needs a line of its own: a lane grows with its busiest lane's
# milestones, up to a point where the titles are left to hovering.
PX_PER_MILESTONE, TALLEST_LANE_PX = 26, 150


def slots_of(points: list[Point], y: dict) -> dict[tuple[str, str], float]:
    """The y position of each milestone: its lane, split into one slot per milestone."""
    by_lane: dict[str, list[Point]] = defaultdict(list)
    for point in points:
        if point.lane in y:
            by_lane[point.lane].append(point)
    offset, height = MILESTONE_BAND
    positions = {}
    for lane, lane_points in by_lane.items():
        step = height / len(lane_points)
        ordered = sorted(lane_points, key=lambda p: (p.due.earliest or dt.date.max, p.key))
        for index, point in enumerate(ordered):
            positions[(lane, point.key)] = y[lane] + offset + step * (index + 0.5)
    return positions


def busiest(points: list[Point]) -> int:
    """How many milestones the fullest lane holds."""
    per_lane: dict[str, int] = defaultdict(int)
    for point in points:
        per_lane[point.lane] += 1
    return max(per_lane.values(), default=0)


def slot_width(points: list[Point]) -> float:
    """The thickness of a milestone's bar: the fullest lane's slots, less a gap."""
    return min(0.22, MILESTONE_BAND[1] / max(1, busiest(points)) * 0.8)


def lane_height(points: list[Point]) -> int:
    """Pixels a lane: enough for each milestone's title in the busiest lane to have its line."""
    if len(points) > LABELLED:  # no titles drawn
        return LANE_HEIGHT_PX
    return max(LANE_HEIGHT_PX, min(TALLEST_LANE_PX, PX_PER_MILESTONE * busiest(points)))
