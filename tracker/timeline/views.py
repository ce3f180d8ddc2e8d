"""The timeline: agreements as lanes grouped by partner, milestones on them."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, request

from tracker.cutoff.queries import current_cutoff
from tracker.lanes.words import zoom_presets
from tracker.paging import last_page, requested_page
from tracker.timeline.content import frozen, timeline_content
from tracker.timeline.forms import TimelineFilterForm, filter_form

bp = Blueprint("timeline", __name__)

LANES_PER_PAGE = 40


@bp.get("/timeline")
def timeline():
    form = filter_form(request.args)
    valid = form.validate()
    filters = form.filters() if valid else TimelineFilterForm().filters()
    today = dt.date.today()
    baseline = form.baseline.data if valid else None
    content = timeline_content(frozen(filters), requested_page(), LANES_PER_PAGE, today, baseline)
    return render_template(
        "timeline/index.html",
        **content,
        form=form,
        valid=valid,
        pages=last_page(content["total"], LANES_PER_PAGE),
        per_page=LANES_PER_PAGE,
        today=today,
        zooms=zoom_presets(today),
        cutoff=current_cutoff(),
        baseline=baseline,
    )
