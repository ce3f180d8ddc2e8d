"""The milestone list and its CSV, with the same filters in the URL."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, request
from sqlalchemy.orm import selectinload

from tracker.downloads.views import csv_download
from tracker.extensions import db
from tracker.milestone_list.forms import STATES, milestone_filter_form
from tracker.milestone_list.queries import filtered_milestones
from tracker.models import Milestone, Pillar
from tracker.paging import paginate

bp = Blueprint("milestone_list", __name__)
PER_PAGE = 50


def _chosen():
    """The form, whether it validated, and the query its valid filters make."""
    form = milestone_filter_form(request.args)
    valid = form.validate()
    filters = form.data if valid else {}
    query = filtered_milestones(dt.date.today(), **filters).options(
        selectinload(Milestone.pillar).selectinload(Pillar.focus_area)
    )
    return form, valid, query


@bp.get("/milestones")
def list_milestones():
    form, valid, query = _chosen()
    page = paginate(query, PER_PAGE)
    return render_template(
        "milestone_list/index.html",
        form=form,
        valid=valid,
        page=page,
        today=dt.date.today(),
        state_label=dict(STATES).get(form.state.data or ""),
    )


CSV_HEADER = ["agreement_key", "agreement_title", "milestone_key", "title", "kind", "status"]
CSV_DATES = ["due", "due_estimate", "due_latest", "completed_on", "slip_days", "focus_area"]


@bp.get("/milestones.csv")
def milestones_csv():
    _form, _valid, query = _chosen()
    rows = (
        [
            m.agreement.key,
            m.agreement.title,
            m.key,
            m.title,
            m.kind.value,
            m.status.value,
            m.due.text if m.due else "",
            m.due_estimate.isoformat() if m.due_estimate else "",
            m.due_latest.isoformat() if m.due_latest else "",
            m.completed_on.text if m.completed_on else "",
            m.slip_days if m.slip_days else 0,
            m.pillar.focus_area.name if m.pillar else "",
        ]
        for m in db.session.scalars(query)
    )
    return csv_download("milestones.csv", [*CSV_HEADER, *CSV_DATES], rows)
