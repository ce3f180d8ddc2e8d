"""What one page of the timeline shows, read and drawn once per state of the data.

A timeline page is read far more often than the data changes: its lanes and
milestones (about 40 ms at 20,000 agreements) and its figure (about 45 ms,
most of it plotly validating a few hundred points) are kept as
tracker/stamped.py keeps results, for each set of filters, page, day and
baseline in use, until the next write.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from tracker.charts import figure_json
from tracker.lanes.charts import timeline_figure
from tracker.stamped import kept_until_the_data_changes
from tracker.timeline.queries import baseline_ghosts, lane_connectors, lane_page
from tracker.views_common import linked


def frozen(filters: dict) -> tuple:
    """The filters as a key: lists of values become tuples."""
    return tuple(
        sorted(
            (name, tuple(value) if isinstance(value, list) else value)
            for name, value in filters.items()
        )
    )


@kept_until_the_data_changes
def timeline_content(
    filters: tuple, page: int, per_page: int, today: dt.date, baseline: dt.date | None
) -> dict:
    """The lanes of one page, their milestones by lane, the baseline's ghosts and the
    figure (as JSON) for the template; ``filters`` as frozen() gives them."""
    lanes, points, total, page = lane_page(
        {name: list(value) if isinstance(value, tuple) else value for name, value in filters},
        page,
        per_page,
    )
    lanes, points = linked(lanes, points)
    ghosts = baseline_ghosts(points, baseline) if baseline else []
    by_lane = defaultdict(list)
    for point in points:
        by_lane[point.lane].append(point)
    figure = timeline_figure(lanes, points, today, ghosts=ghosts, connectors=lane_connectors(lanes))
    return {
        "lanes": lanes,
        "points_by_lane": dict(by_lane),
        "total": total,
        "page": page,
        "ghosts": {(ghost.lane, ghost.key): ghost for ghost in ghosts},
        "figure": figure_json(figure),
    }
