"""The status dashboard, the home page."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, request

from tracker.agreements.ends import ENDING_SOON_DAYS
from tracker.commitments.queries import totals
from tracker.cutoff.queries import current_cutoff
from tracker.dashboard import charts, queries
from tracker.focal_party.queries import focal_party
from tracker.models import AgreementStatus, MilestoneStatus

bp = Blueprint("dashboard", __name__)


@bp.get("/")
def dashboard():
    today = dt.date.today()
    agreement_counts = queries.agreements_by_status()
    milestone_counts = queries.milestones_by_status()
    year_rows = queries.agreements_per_year()
    focus_rows = queries.milestones_by_focus_area()
    focal = focal_party()
    focal_code = focal.code if focal else None
    every_partner = request.args.get("partners") == "all"
    grid = queries.partner_focus_areas(
        None if every_partner else queries.HEATMAP_PARTIES, focal_code
    )
    commitments = totals(exclude_party=focal_code)
    donors = [
        (name, per_stage)
        for (_code, name), per_stage in sorted(
            commitments.by_donor.items(),
            key=lambda item: (-item[1]["pledged"].amount, item[0][1]),
        )
    ]
    return render_template(
        "dashboard/index.html",
        today=today,
        agreement_counts=agreement_counts,
        milestone_counts=milestone_counts,
        active=sum(agreement_counts.get(s.value, 0) for s in queries.ACTIVE_AGREEMENT_STATUSES),
        active_statuses=[s.value for s in queries.ACTIVE_AGREEMENT_STATUSES],
        ending_soon_days=ENDING_SOON_DAYS,
        counts=queries.deadline_counts(today),
        cutoff=current_cutoff(),
        due_soon_days=queries.DUE_SOON_DAYS,
        ending=queries.ending_agreements(today),
        list_length=queries.LIST_LENGTH,
        agreement_statuses=list(AgreementStatus),
        milestone_statuses=list(MilestoneStatus),
        focus_rows=focus_rows,
        partner_rows=grid.rows,
        partners=grid.partners,
        heatmap_parties=queries.HEATMAP_PARTIES,
        every_partner=every_partner,
        focal=focal,
        commitments=commitments,
        donors=donors,
        upcoming=queries.upcoming_milestones(today),
        overdue=queries.overdue_milestones(today),
        slips=queries.worst_slips(),
        recent=queries.recently_changed(),
        year_rows=year_rows,
        figures={
            "agreements-by-status": charts.agreements_by_status_figure(agreement_counts),
            "agreements-per-year": charts.agreements_per_year_figure(year_rows),
            "milestones-by-status": charts.milestones_by_status_figure(milestone_counts),
            "milestones-by-focus-area": charts.milestones_by_focus_area_figure(focus_rows),
            "partner-heatmap": charts.partner_heatmap_figure(grid, focal),
            "commitments": charts.commitments_figure(
                donors, commitments.currency, commitments.missing_currencies, focal
            ),
        },
    )
