"""The focus-area vocabulary: list with pillar counts, and add."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from tracker.extensions import db
from tracker.focus_areas.forms import FocusAreaForm
from tracker.focus_areas.operations import create_focus_area
from tracker.focus_areas.queries import focus_areas_with_counts

bp = Blueprint("focus_areas", __name__, url_prefix="/focus-areas")


@bp.route("/", methods=["GET", "POST"])
def list_focus_areas():
    form = FocusAreaForm()
    if form.validate_on_submit():
        focus_area = create_focus_area(form.values())
        db.session.commit()
        flash(f"Focus area “{focus_area.name}” added.", "success")
        return redirect(url_for(".list_focus_areas"))
    return render_template("focus_areas/list.html", form=form, rows=focus_areas_with_counts())
