"""Logging in and out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user
from werkzeug.exceptions import TooManyRequests

from tracker.auth.forms import LoginForm
from tracker.auth.limits import seconds_until_allowed
from tracker.auth.operations import authenticate, end_sessions
from tracker.extensions import db
from tracker.views_common import ConfirmForm

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect to another host."""
    return target if target and is_local_path(target) else url_for("dashboard.dashboard")


def is_local_path(target: str) -> bool:
    """A path of this site. Browsers drop tabs and newlines from a URL and read a backslash
    as a slash, so "/<tab>/evil.com" or "/<backslash>evil.com" would leave it: refuse them."""
    if any(char < " " or char == "\x7f" for char in target) or "\\" in target:
        return False
    if not target.startswith("/") or target.startswith("//"):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if request.method == "POST":
        wait = seconds_until_allowed(request.remote_addr, current_app.config["LOGIN_LIMIT"])
        if wait is not None:
            raise TooManyRequests(
                "Too many failed logins from this address. Wait a little, then try again.",
                retry_after=wait,
            )
    if form.validate_on_submit():
        user = authenticate(
            form.username.data,
            form.password.data,
            request.remote_addr,
            request.headers.get("User-Agent"),
        )
        db.session.commit()
        if user is not None:
            session.clear()  # a new session at login: nothing carried over from before
            login_user(user)
            session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME without use
            return redirect(_safe_next(request.args.get("next")))
        flash("Unknown username or wrong password.", "error")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    form = ConfirmForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        end_sessions(current_user)  # every session of this user ends, on every device
        db.session.commit()
    logout_user()
    session.clear()
    flash("You are logged out.", "success")
    return redirect(url_for("auth.login"))
