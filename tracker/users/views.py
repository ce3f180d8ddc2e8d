"""Account management for admins: list, create, change role, deactivate, reset a password."""

from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from tracker.auth.access import require_role
from tracker.auth.operations import create_user, reset_password, set_active, set_role
from tracker.conflicts import unless_changed
from tracker.extensions import db
from tracker.models import LoginAttempt, Role, User
from tracker.users.forms import EditUserForm, NewUserForm
from tracker.views_common import ConfirmForm, form_input

bp = Blueprint("users", __name__, url_prefix="/users")


@bp.route("/", methods=["GET", "POST"])
@require_role(Role.ADMIN)
def list_users():
    form = NewUserForm()
    if form.validate_on_submit():
        user = create_user(form.username.data, form.password.data, Role(form.role.data))
        db.session.commit()
        flash(f"User “{user.username}” created as {user.role.label.lower()}.", "success")
        return redirect(url_for(".list_users"))
    users = db.session.scalars(select(User).order_by(User.username))
    attempts = db.session.scalars(select(LoginAttempt).order_by(LoginAttempt.at.desc()).limit(20))
    return render_template("users/list.html", form=form, users=users, attempts=attempts)


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@require_role(Role.ADMIN)
def edit_user(user_id):
    user = db.get_or_404(User, user_id)
    form = EditUserForm(formdata=form_input(_stored(user)))
    if form.validate_on_submit():
        if user.id == current_user.id and (form.role.data != "admin" or not form.active.data):
            flash("You cannot remove your own admin role or deactivate yourself.", "error")
            return render_template("users/form.html", form=form, user=user), 400
        with unless_changed(user, form, _stored):
            set_role(user, Role(form.role.data))
            set_active(user, form.active.data)
            db.session.commit()
        flash(f"User “{user.username}” saved.", "success")
        return redirect(url_for(".list_users"))
    return render_template("users/form.html", form=form, user=user, reset_form=ConfirmForm())


@bp.post("/<int:user_id>/reset-password")
@require_role(Role.ADMIN)
def reset_user_password(user_id):
    user = db.get_or_404(User, user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if user.id == current_user.id:
        flash("Change your own password under Settings.", "error")
        return redirect(url_for(".edit_user", user_id=user.id))
    password = reset_password(user)
    db.session.commit()
    response = make_response(render_template("users/reset.html", user=user, password=password))
    response.headers["Cache-Control"] = "no-store"  # the password is shown this once
    return response


def _stored(user: User) -> MultiDict:
    """The account as its edit form would post it (an unticked box posts nothing)."""
    stored = MultiDict({"role": user.role.value, "version": str(user.version)})
    if user.active:
        stored["active"] = "y"
    return stored
