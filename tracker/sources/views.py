"""Source pages: create, edit, delete. A source supports an agreement or one of its milestones."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from sqlalchemy import or_, select
from werkzeug.datastructures import MultiDict

from tracker.auth.access import require_role
from tracker.conflicts import unless_changed
from tracker.extensions import db
from tracker.loading import opens_agreement
from tracker.models import Agreement, Milestone, Role, Source
from tracker.sources.forms import AttachedSourceForm
from tracker.sources.operations import create_source, delete_source, move_source, update_source
from tracker.views_common import ConfirmForm, form_input

bp = Blueprint("sources", __name__, url_prefix="/agreements/<key>/sources")


def _form(agreement: Agreement, source: Source | None) -> AttachedSourceForm:
    return AttachedSourceForm(
        formdata=form_input(_stored(source) if source else MultiDict()),
        milestone_keys=[milestone.key for milestone in agreement.milestones],
    )


def _stored(source: Source) -> MultiDict:
    """The source as its form's input: where editing starts, what a conflict shows."""
    milestone = db.session.get(Milestone, source.milestone_id) if source.milestone_id else None
    return AttachedSourceForm.for_record(
        source, source.version, attached_to=milestone.key if milestone else None
    )


def _owner(agreement: Agreement, milestone_key: str) -> Agreement | Milestone:
    if not milestone_key:
        return agreement
    return next(m for m in agreement.milestones if m.key == milestone_key)


def _load(agreement: Agreement, source_id: int) -> Source:
    milestone_ids = select(Milestone.id).where(Milestone.agreement_id == agreement.id)
    return db.first_or_404(
        select(Source).where(
            Source.id == source_id,
            or_(Source.agreement_id == agreement.id, Source.milestone_id.in_(milestone_ids)),
        )
    )


def _back(agreement: Agreement):
    return redirect(url_for("agreements.show_agreement", key=agreement.key, _anchor="sources"))


@bp.route("/new", methods=["GET", "POST"])
@require_role(Role.ANALYST)
@opens_agreement
def new_source(agreement):
    form = _form(agreement, None)
    if form.validate_on_submit():
        create_source(_owner(agreement, form.attached_to.data), form.values())
        db.session.commit()
        flash("Source added.", "success")
        return _back(agreement)
    return render_template("sources/form.html", form=form, agreement=agreement, source=None)


@bp.route("/<int:source_id>/edit", methods=["GET", "POST"])
@require_role(Role.ANALYST)
@opens_agreement
def edit_source(agreement, source_id):
    source = _load(agreement, source_id)
    form = _form(agreement, source)
    if form.validate_on_submit():
        with unless_changed(source, form, _stored):
            update_source(source, form.values())
            move_source(source, _owner(agreement, form.attached_to.data))
            db.session.commit()
        flash("Source saved.", "success")
        return _back(agreement)
    return render_template("sources/form.html", form=form, agreement=agreement, source=source)


@bp.route("/<int:source_id>/delete", methods=["GET", "POST"])
@require_role(Role.ANALYST)
@opens_agreement
def delete_source_view(agreement, source_id):
    source = _load(agreement, source_id)
    form = ConfirmForm(version=source.version)
    if form.validate_on_submit():
        with unless_changed(source, form, _stored):
            delete_source(source)
            db.session.commit()
        flash("Source deleted.", "success")
        return _back(agreement)
    return render_template(
        "confirm_delete.html",
        form=form,
        what=f"the source “{source.label}”",
        consequences="",
        cancel_url=url_for("agreements.show_agreement", key=agreement.key),
    )
