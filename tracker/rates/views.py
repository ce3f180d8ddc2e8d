"""The exchange-rates page: every rate with its day and source; analysts add and delete."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from sqlalchemy import select

from tracker.auth.access import require_role
from tracker.extensions import db
from tracker.models import ExchangeRate, Role
from tracker.rates.forms import ExchangeRateForm
from tracker.rates.operations import create_rate, delete_rate
from tracker.views_common import ConfirmForm

bp = Blueprint("rates", __name__, url_prefix="/rates")


@bp.route("/", methods=["GET", "POST"])
def list_rates():
    form = ExchangeRateForm()
    if form.validate_on_submit():
        rate = create_rate(form.values())
        db.session.commit()
        flash(f"Rate added: {rate.label}.", "success")
        return redirect(url_for(".list_rates"))
    rates = db.session.scalars(
        select(ExchangeRate).order_by(ExchangeRate.on.desc(), ExchangeRate.base, ExchangeRate.quote)
    ).all()
    return render_template(
        "rates/list.html",
        form=form,
        rates=rates,
        reporting_currency=current_app.config["REPORTING_CURRENCY"],
    )


@bp.route("/<int:rate_id>/delete", methods=["GET", "POST"])
@require_role(Role.ANALYST)
def delete(rate_id: int):
    """A rate is never edited in place: it is deleted and entered again, both audited.
    Totals that used it change, which the confirmation says."""
    rate = db.get_or_404(ExchangeRate, rate_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        label = rate.label
        delete_rate(rate)
        db.session.commit()
        flash(f"Rate deleted: {label}.", "success")
        return redirect(url_for(".list_rates"))
    return render_template(
        "confirm_delete.html",
        form=form,
        what=f"the rate “{rate.label}”",
        consequences="Commitment totals that converted by it will use the nearest other "
        "rate, or say that a rate is missing.",
        cancel_url=url_for(".list_rates"),
    )
