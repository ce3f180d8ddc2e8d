"""The milestone list and its CSV, with the same filters in the URL."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, request
from sqlalchemy.orm import selectinload

from tracker.declaration import record_of
from tracker.downloads.views import csv_download
from tracker.extensions import db
from tracker.milestone_list.forms import STATES, milestone_filter_form
from tracker.milestone_list.queries import filtered_milestones
from tracker.milestones.forms import MilestoneForm
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


@bp.get("/milestones.csv")
def milestones_csv():
    """The list's milestones with every field of their record (codebook names), their
    agreement, and what the list derives: the best estimate, the latest due day, the slip
    and whether they are overdue."""
    _form, _valid, query = _chosen()
    declaration = MilestoneForm.declaration()
    today = dt.date.today()
    header = ["agreement_key", "agreement_title", *declaration.names(declaration.own)]
    header += ["due_estimate", "due_latest", "slip_days", "overdue"]
    rows = (
        [
            m.agreement.key,
            m.agreement.title,
            *(_cell(value) for value in record_of(declaration, m, parts=False).values()),
            _cell(m.due_estimate),
            _cell(m.due_latest),
            m.slip_days or 0,
            "yes" if m.is_overdue(today) else "no",
        ]
        for m in db.session.scalars(query.options(selectinload(Milestone.depends_on)))
    )
    return csv_download("milestones.csv", header, rows)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(value)
    return value.isoformat() if isinstance(value, dt.date) else str(value)
