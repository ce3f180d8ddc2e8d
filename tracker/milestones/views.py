"""Milestone pages: show, create, edit, delete."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, flash, redirect, render_template, url_for
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from tracker.audit.present import visible_actor
from tracker.audit.queries import milestone_history
from tracker.auth.access import require_role
from tracker.conflicts import unless_changed
from tracker.extensions import db
from tracker.loading import opens_agreement
from tracker.milestones.charts import due_history_figure
from tracker.milestones.forms import MilestoneForm
from tracker.milestones.operations import create_milestone, delete_milestone, update_milestone
from tracker.milestones.slippage import due_history
from tracker.models import Agreement, Milestone, Role
from tracker.views_common import ConfirmForm, form_input

bp = Blueprint("milestones", __name__, url_prefix="/agreements/<key>/milestones")


def _form(agreement: Agreement, milestone: Milestone | None) -> MilestoneForm:
    return MilestoneForm.for_agreement(
        agreement, milestone, formdata=form_input(_stored(milestone) if milestone else MultiDict())
    )


def _stored(milestone: Milestone) -> MultiDict:
    """The milestone as its form's input: where editing starts, what a conflict shows."""
    return MilestoneForm.for_record(milestone, milestone.version)


def _load(agreement: Agreement, milestone_key: str) -> Milestone:
    return db.first_or_404(
        select(Milestone).where(
            Milestone.agreement_id == agreement.id, Milestone.key == milestone_key
        )
    )


@bp.get("/<milestone_key>")
@opens_agreement
def show_milestone(agreement, milestone_key):
    milestone = _load(agreement, milestone_key)
    changes = [
        replace(change, actor=visible_actor(change.actor)) for change in due_history(milestone.id)
    ]
    figure = due_history_figure(changes) if changes else None
    return render_template(
        "milestones/show.html",
        agreement=agreement,
        milestone=milestone,
        due_changes=changes,
        figure=figure,
        history=milestone_history(milestone),
    )


@bp.route("/new", methods=["GET", "POST"])
@require_role(Role.ANALYST)
@opens_agreement
def new_milestone(agreement):
    form = _form(agreement, None)
    if form.validate_on_submit():
        milestone = create_milestone(agreement, form.values())
        db.session.commit()
        flash(f"Milestone “{milestone.title}” added.", "success")
        return redirect(url_for(".show_milestone", key=agreement.key, milestone_key=milestone.key))
    return render_template("milestones/form.html", form=form, agreement=agreement, milestone=None)


@bp.route("/<milestone_key>/edit", methods=["GET", "POST"])
@require_role(Role.ANALYST)
@opens_agreement
def edit_milestone(agreement, milestone_key):
    milestone = _load(agreement, milestone_key)
    form = _form(agreement, milestone)
    if form.validate_on_submit():
        with unless_changed(milestone, form, _stored):
            update_milestone(milestone, form.values())
            db.session.commit()
        flash("Milestone saved.", "success")
        return redirect(url_for(".show_milestone", key=agreement.key, milestone_key=milestone.key))
    return render_template(
        "milestones/form.html", form=form, agreement=agreement, milestone=milestone
    )


@bp.route("/<milestone_key>/delete", methods=["GET", "POST"])
@require_role(Role.ANALYST)
@opens_agreement
def delete_milestone_view(agreement, milestone_key):
    milestone = _load(agreement, milestone_key)
    form = ConfirmForm(version=milestone.version)
    if form.validate_on_submit():
        title = milestone.title
        with unless_changed(milestone, form, _stored):
            delete_milestone(milestone)
            db.session.commit()
        flash(f"Milestone “{title}” deleted.", "success")
        return redirect(
            url_for("agreements.show_agreement", key=agreement.key, _anchor="milestones")
        )
    dependents = ", ".join(m.key for m in milestone.dependents)
    return render_template(
        "confirm_delete.html",
        form=form,
        what=f"the milestone “{milestone.title}”",
        consequences="Its sources go with it."
        + (f" These milestones no longer depend on it: {dependents}." if dependents else ""),
        cancel_url=url_for(".show_milestone", key=agreement.key, milestone_key=milestone_key),
    )
