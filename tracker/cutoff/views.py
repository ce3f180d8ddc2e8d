"""The data cut-off page: admins set "data as of"; everyone who reads sees it on the pages."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from tracker.auth.access import require_role
from tracker.cutoff.forms import CutoffForm
from tracker.cutoff.operations import set_cutoff
from tracker.cutoff.queries import current_cutoff
from tracker.extensions import db
from tracker.models import Role

bp = Blueprint("cutoff", __name__)


@bp.route("/data-cutoff", methods=["GET", "POST"])
@require_role(Role.ADMIN)
def edit_cutoff():
    cutoff = current_cutoff()
    form = CutoffForm.for_cutoff(cutoff)
    if form.validate_on_submit():
        cutoff = set_cutoff(form.values())
        db.session.commit()
        flash(f"The data is now marked as of {cutoff.as_of:%-d %b %Y}.", "success")
        return redirect(url_for(".edit_cutoff"))
    return render_template("cutoff/edit.html", form=form, cutoff=cutoff)
