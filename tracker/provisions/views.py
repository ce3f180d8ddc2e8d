"""The provision vocabulary: its categories and provisions, and adding one."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from tracker.extensions import db
from tracker.provisions.forms import ProvisionForm
from tracker.provisions.operations import create_provision
from tracker.provisions.queries import provisions_by_category

bp = Blueprint("provisions", __name__, url_prefix="/provisions")


@bp.route("/", methods=["GET", "POST"])
def list_provisions():
    form = ProvisionForm()
    if form.validate_on_submit():
        provision = create_provision(form.values())
        db.session.commit()
        flash(f"Provision “{provision.name}” added to “{provision.category}”.", "success")
        return redirect(url_for(".list_provisions"))
    grouped = provisions_by_category()
    return render_template("provisions/list.html", form=form, grouped=grouped)
