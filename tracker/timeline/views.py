"""The timeline: agreements as lanes grouped by partner, milestones on them."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, request

from tracker.cutoff.queries import current_cutoff
from tracker.lanes.charts import timeline_figure
from tracker.lanes.words import zoom_presets
from tracker.paging import last_page, requested_page
from tracker.timeline.forms import TimelineFilterForm, filter_form
from tracker.timeline.queries import baseline_ghosts, lane_connectors, lane_page
from tracker.views_common import linked

bp = Blueprint("timeline", __name__)

LANES_PER_PAGE = 40


@bp.get("/timeline")
def timeline():
    form = filter_form(request.args)
    valid = form.validate()
    filters = form.filters() if valid else TimelineFilterForm().filters()
    today = dt.date.today()
    lanes, points, total, page = lane_page(filters, requested_page(), LANES_PER_PAGE)
    lanes, points = linked(lanes, points)
    baseline = form.baseline.data if valid else None
    ghosts = baseline_ghosts(points, baseline) if baseline else []
    pages = last_page(total, LANES_PER_PAGE)
    return render_template(
        "timeline/index.html",
        form=form,
        valid=valid,
        lanes=lanes,
        points=points,
        total=total,
        page=page,
        pages=pages,
        per_page=LANES_PER_PAGE,
        today=today,
        zooms=zoom_presets(today),
        cutoff=current_cutoff(),
        baseline=baseline,
        ghosts={(ghost.lane, ghost.key): ghost for ghost in ghosts},
        figure=timeline_figure(
            lanes, points, today, ghosts=ghosts, connectors=lane_connectors(lanes)
        ),
    )
