"""Pillar pages: create, edit, delete (pillars are listed on their agreement's page)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from tracker.auth.access import require_role
from tracker.conflicts import unless_changed
from tracker.extensions import db
from tracker.loading import opens_agreement
from tracker.models import Pillar, Role
from tracker.pillars.forms import PillarForm
from tracker.pillars.operations import create_pillar, delete_pillar, update_pillar
from tracker.views_common import ConfirmForm, form_input

bp = Blueprint("pillars", __name__, url_prefix="/agreements/<key>/pillars")


def _form(agreement, pillar: Pillar | None) -> PillarForm:
    return PillarForm.for_agreement(
        agreement, pillar, formdata=form_input(_stored(pillar) if pillar else MultiDict())
    )


def _stored(pillar: Pillar) -> MultiDict:
    """The pillar as its form's input: where editing starts, what a conflict shows."""
    return PillarForm.for_record(pillar, pillar.version, position=pillar.position)


def _load(agreement, pillar_id: int) -> Pillar:
    return db.first_or_404(
        select(Pillar).where(Pillar.id == pillar_id, Pillar.agreement_id == agreement.id)
    )


def _back(agreement):
    return redirect(url_for("agreements.show_agreement", key=agreement.key, _anchor="pillars"))


@bp.route("/new", methods=["GET", "POST"])
@require_role(Role.ANALYST)
@opens_agreement
def new_pillar(agreement):
    form = _form(agreement, None)
    if form.validate_on_submit():
        pillar = create_pillar(agreement, form.values())
        db.session.commit()
        flash(f"Pillar {pillar.focus_area.name} added.", "success")
        return _back(agreement)
    return render_template("pillars/form.html", form=form, agreement=agreement, pillar=None)


@bp.route("/<int:pillar_id>/edit", methods=["GET", "POST"])
@require_role(Role.ANALYST)
@opens_agreement
def edit_pillar(agreement, pillar_id):
    pillar = _load(agreement, pillar_id)
    form = _form(agreement, pillar)
    if form.validate_on_submit():
        with unless_changed(pillar, form, _stored):
            update_pillar(pillar, form.values())
            db.session.commit()
        flash(f"Pillar {pillar.focus_area.name} saved.", "success")
        return _back(agreement)
    return render_template("pillars/form.html", form=form, agreement=agreement, pillar=pillar)


@bp.route("/<int:pillar_id>/delete", methods=["GET", "POST"])
@require_role(Role.ANALYST)
@opens_agreement
def delete_pillar_view(agreement, pillar_id):
    pillar = _load(agreement, pillar_id)
    form = ConfirmForm(version=pillar.version)
    if form.validate_on_submit():
        name = pillar.focus_area.name
        with unless_changed(pillar, form, _stored):
            delete_pillar(pillar)
            db.session.commit()
        flash(f"Pillar {name} deleted.", "success")
        return _back(agreement)
    return render_template(
        "confirm_delete.html",
        form=form,
        what=f"the {pillar.focus_area.name} pillar",
        consequences="Its milestones stay with the agreement, without a pillar.",
        cancel_url=url_for("agreements.show_agreement", key=agreement.key),
    )
