"""Settings: every signed-in person manages their own API tokens and password."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_user

from tracker.auth.access import require_login, require_role
from tracker.auth.operations import set_password
from tracker.auth.tokens import api_tokens_of, create_api_token, revoke_token
from tracker.extensions import db
from tracker.models import AccessToken, Role, TokenKind
from tracker.settings.forms import ChangePasswordForm, NewTokenForm
from tracker.views_common import ConfirmForm

bp = Blueprint("settings", __name__, url_prefix="/settings")


@bp.route("/", methods=["GET", "POST"])
@require_login
@require_role(Role.VIEWER)  # a viewer's token reads only: making one is no write to the records
def settings():
    form = NewTokenForm()
    new_token = None
    if form.validate_on_submit():
        _, new_token = create_api_token(current_user._get_current_object(), form.name.data or "")
        db.session.commit()
        form = NewTokenForm(formdata=None)
    return render_template(
        "settings/index.html",
        form=form,
        new_token=new_token,
        tokens=api_tokens_of(current_user),
        revoke_form=ConfirmForm(),
    )


@bp.route("/password", methods=["GET", "POST"])
@require_login
@require_role(Role.VIEWER)
def password():
    form = ChangePasswordForm(user=current_user)
    if form.validate_on_submit():
        set_password(current_user, form.new_password.data)
        db.session.commit()
        # Every session ended with the old password; this one goes on under the new one.
        session.clear()
        login_user(current_user)
        session.permanent = True
        flash("Your password is changed. Your other sessions have ended.", "success")
        return redirect(url_for(".settings"))
    return render_template("settings/password.html", form=form)


@bp.post("/tokens/<int:token_id>/revoke")
@require_login
@require_role(Role.VIEWER)
def revoke(token_id):
    token = db.get_or_404(AccessToken, token_id)
    if token.user_id != current_user.id or token.kind is not TokenKind.API:
        abort(404)  # someone else's token: not even its existence is told
    if ConfirmForm().validate_on_submit():
        revoke_token(token)
        db.session.commit()
        flash(f"Token “{token.name or token.id}” revoked; it no longer works.", "success")
    return redirect(url_for(".settings"))
