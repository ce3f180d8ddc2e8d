"""The calendar feed (/calendar.ics) and the page that makes and revokes feed links."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from tracker.auth.access import may, require_role
from tracker.auth.tokens import revoke_token
from tracker.cutoff.queries import current_cutoff
from tracker.extensions import db, login_manager
from tracker.external_urls import external_url
from tracker.feeds.forms import FeedLinkForm, RevokeForm
from tracker.feeds.ical import milestone_calendar
from tracker.feeds.operations import FeedRefused, create_feed_token, feed_user
from tracker.feeds.queries import feed_ends, feed_events, feed_tokens_of
from tracker.models import AccessToken, Role, TokenKind
from tracker.timeline.forms import filter_form

bp = Blueprint("feeds", __name__)

# A calendar app reloads the whole feed every few hours: keep the answer bounded.
FEED_LIMIT = 5000


def _text(message: str, status: int) -> Response:
    """Calendar apps show a plain sentence better than an HTML error page."""
    return Response(message + "\n", status=status, mimetype="text/plain")


def filter_args(form) -> dict:
    """The valid filters as query arguments, for a feed link that keeps them."""
    return {
        name: value.isoformat() if hasattr(value, "isoformat") else value
        for name, value in form.filters().items()
        if value
    }


def _linked(events: list, ends: list) -> tuple[list, list]:
    """The events with the full addresses of their pages, for calendar apps to open."""
    return (
        [
            replace(
                event,
                url=external_url(
                    "milestones.show_milestone",
                    key=event.agreement_key,
                    milestone_key=event.milestone_key,
                ),
            )
            for event in events
        ],
        [
            replace(end, url=external_url("agreements.show_agreement", key=end.agreement_key))
            for end in ends
        ],
    )


@bp.get("/calendar.ics")
def calendar_feed():
    # Public in the access gate: calendar apps cannot log in, so a feed token in
    # the URL stands for its owner. Without one, the feed is read like any page.
    secret = request.args.get("token")
    if secret is not None:
        try:
            feed_user(secret)
        except FeedRefused as refusal:
            return _text(refusal.message, refusal.status)
        db.session.commit()  # the token's last use
    elif not may(current_user, Role.VIEWER):
        return login_manager.unauthorized()
    form = filter_form(request.args)
    if not form.validate():
        problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())
        return _text(f"The filters in this calendar link are not valid ({problems}).", 400)
    events, total = feed_events(form.filters(), FEED_LIMIT)
    ends, ends_total = feed_ends(form.filters(), FEED_LIMIT)
    events, ends = _linked(events, ends)
    note = " ".join(
        f"Only the first {FEED_LIMIT:,} of {count:,} matching {what} are listed."
        for what, count in (
            ("milestones (earliest first)", total),
            ("agreement ends (soonest first)", ends_total),
        )
        if count > FEED_LIMIT
    )
    note += " Narrow the filters to see the others." if note else ""
    cutoff = current_cutoff()
    if cutoff is not None:  # how current the data is, where calendar apps show a description
        note = f"Data as of {cutoff.as_of:%-d %b %Y}. {note}".strip()
    body = milestone_calendar(events, "Defense Cooperation Tracker milestones", note, ends)
    response = Response(body, content_type="text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = 'inline; filename="milestones.ics"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/calendar", methods=["GET", "POST"])
@require_role(Role.VIEWER)
def subscribe():
    filters = filter_form(request.args)
    valid = filters.validate()
    form = FeedLinkForm()
    feed_url = None
    if valid and form.validate_on_submit():
        _token, secret = create_feed_token(
            current_user._get_current_object(), form.values()["name"]
        )
        db.session.commit()
        # Shown in this answer only (no redirect): the secret never rides in a cookie.
        feed_url = external_url(".calendar_feed", token=secret, **filter_args(filters))
    tokens = feed_tokens_of(current_user) if current_user.is_authenticated else []
    return render_template(
        "feeds/subscribe.html",
        filters=filters,
        valid=valid,
        form=form,
        feed_url=feed_url,
        tokens=tokens,
        download=url_for(".calendar_feed", **(filter_args(filters) if valid else {})),
    )


@bp.post("/calendar/links/<int:token_id>/revoke")
@require_role(Role.VIEWER)
def revoke(token_id):
    token = db.get_or_404(AccessToken, token_id)
    if token.user_id != current_user.id or token.kind is not TokenKind.FEED:
        abort(404)  # someone else's link: not even its existence is told
    if not RevokeForm().validate_on_submit():
        abort(400)
    revoke_token(token)
    db.session.commit()
    flash(
        f"The calendar link “{token.name}” is revoked; calendars using it stop updating.", "success"
    )
    return redirect(url_for(".subscribe"))
