"""Agreement pages: list, detail, create, edit, delete."""

from __future__ import annotations

import datetime as dt

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from tracker.agreements.forms import AgreementForm, agreement_filter_form
from tracker.agreements.operations import (
    create_agreement,
    delete_agreement,
    mark_verified,
    update_agreement,
)
from tracker.agreements.queries import filtered_agreements, pillar_lanes, related_agreements
from tracker.audit.queries import agreement_history
from tracker.auth.access import require_role
from tracker.conflicts import unless_changed
from tracker.extensions import db
from tracker.lanes.charts import agreement_figure
from tracker.loading import opens_agreement
from tracker.models import Agreement, Milestone, Role
from tracker.paging import paginate
from tracker.provisions.queries import provision_names
from tracker.views_common import ConfirmForm, form_input, linked

bp = Blueprint("agreements", __name__)


@bp.get("/agreements")
def list_agreements():
    filters = agreement_filter_form(request.args)
    valid = filters.validate()
    query = filtered_agreements(**filters.data) if valid else filtered_agreements()
    query = query.options(selectinload(Agreement.parties))
    page = paginate(query, current_app.config["AGREEMENTS_PER_PAGE"])
    return render_template("agreements/list.html", filters=filters, page=page, valid=valid)


@bp.get("/agreements/<key>")
def show_agreement(key):
    agreement = db.first_or_404(
        select(Agreement)
        .where(Agreement.key == key)
        .options(
            selectinload(Agreement.milestones).selectinload(Milestone.depends_on),
            selectinload(Agreement.milestones).selectinload(Milestone.sources),
            selectinload(Agreement.pillars),
        )
    )
    today = dt.date.today()
    lanes, points = linked(*pillar_lanes(agreement))
    figure = agreement_figure(lanes, points, today) if points else None
    return render_template(
        "agreements/show.html",
        agreement=agreement,
        figure=figure,
        points=points,
        history=agreement_history(agreement.id),
        related=related_agreements(agreement),
        provision_total=len(provision_names()),
    )


@bp.route("/agreements/new", methods=["GET", "POST"])
@require_role(Role.ANALYST)
def new_agreement():
    form = AgreementForm(coding_sheet=True)
    if form.validate_on_submit():
        agreement = create_agreement(form.values())
        db.session.commit()
        flash(f"Agreement “{agreement.title}” created.", "success")
        return redirect(url_for("agreements.show_agreement", key=agreement.key))
    form.add_spare_rows()
    return render_template("agreements/form.html", form=form, agreement=None)


def _stored(agreement: Agreement) -> MultiDict:
    """The agreement as its form's input: where editing starts, what a conflict shows."""
    return AgreementForm.for_record(agreement, agreement.version)


@bp.route("/agreements/<key>/edit", methods=["GET", "POST"])
@require_role(Role.ANALYST)
@opens_agreement
def edit_agreement(agreement):
    form = AgreementForm(
        formdata=form_input(_stored(agreement)), agreement_id=agreement.id, coding_sheet=True
    )
    form.key.data = agreement.key  # the key is the agreement's stable name: never renamed
    if form.validate_on_submit():
        with unless_changed(agreement, form, _stored):
            update_agreement(agreement, form.values())
            db.session.commit()
        flash("Agreement saved.", "success")
        return redirect(url_for("agreements.show_agreement", key=agreement.key))
    form.add_spare_rows()
    return render_template("agreements/form.html", form=form, agreement=agreement)


@bp.post("/agreements/<key>/verify")
@require_role(Role.ANALYST)
@opens_agreement
def verify_agreement(agreement):
    """The analyst has checked the record against its sources today. Only that day is
    written, so no one's open edit is overwritten by it."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    mark_verified(agreement, dt.date.today())
    db.session.commit()
    flash(f"“{agreement.title}” is marked as verified today.", "success")
    return redirect(url_for("agreements.show_agreement", key=agreement.key))


@bp.route("/agreements/<key>/delete", methods=["GET", "POST"])
@require_role(Role.ANALYST)
@opens_agreement
def delete_agreement_view(agreement):
    form = ConfirmForm(version=agreement.version)
    if form.validate_on_submit():
        title = agreement.title
        with unless_changed(agreement, form, _stored):
            delete_agreement(agreement)
            db.session.commit()
        flash(f"Agreement “{title}” deleted.", "success")
        return redirect(url_for("agreements.list_agreements"))
    return render_template(
        "confirm_delete.html",
        form=form,
        what=f"the agreement “{agreement.title}”",
        consequences="Its pillars, milestones, sources, signatories and commitments go with it.",
        cancel_url=url_for("agreements.show_agreement", key=agreement.key),
    )
