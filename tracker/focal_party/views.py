"""The focal-party page: admins name the party the tracker follows."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from tracker.auth.access import require_role
from tracker.extensions import db
from tracker.focal_party.forms import FocalPartyForm
from tracker.focal_party.operations import set_focal_party
from tracker.focal_party.queries import focal_party_row
from tracker.models import Role

bp = Blueprint("focal_party", __name__)


@bp.route("/focal-party", methods=["GET", "POST"])
@require_role(Role.ADMIN)
def edit_focal_party():
    row = focal_party_row()
    form = FocalPartyForm.for_row(row)
    if form.validate_on_submit():
        row = set_focal_party(form.values())
        db.session.commit()
        if row.party is None:
            flash("No focal party: every party counts as a partner again.", "success")
        else:
            flash(f"{row.party.name} is the focal party.", "success")
        return redirect(url_for(".edit_focal_party"))
    return render_template("focal_party/edit.html", form=form, row=row)
