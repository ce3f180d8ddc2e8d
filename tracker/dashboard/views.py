"""The status dashboard, the home page."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, request

from tracker.agreements.ends import ENDING_SOON_DAYS
from tracker.cutoff.queries import current_cutoff
from tracker.dashboard import queries
from tracker.dashboard.content import dashboard_content
from tracker.focal_party.queries import focal_party
from tracker.models import AgreementStatus, MilestoneStatus

bp = Blueprint("dashboard", __name__)


@bp.get("/")
def dashboard():
    today = dt.date.today()
    focal = focal_party()
    every_partner = request.args.get("partners") == "all"
    return render_template(
        "dashboard/index.html",
        **dashboard_content(today, focal.code if focal else None, every_partner),
        today=today,
        focal=focal,
        every_partner=every_partner,
        cutoff=current_cutoff(),
        active_statuses=[s.value for s in queries.ACTIVE_AGREEMENT_STATUSES],
        ending_soon_days=ENDING_SOON_DAYS,
        due_soon_days=queries.DUE_SOON_DAYS,
        list_length=queries.LIST_LENGTH,
        heatmap_parties=queries.HEATMAP_PARTIES,
        agreement_statuses=list(AgreementStatus),
        milestone_statuses=list(MilestoneStatus),
    )
