"""Party pages: every party with agreements, and one party's agreements and partners."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template

from tracker.models import known_parties
from tracker.paging import paginate
from tracker.parties.queries import agreements_of, parties_with_counts, partners_of

bp = Blueprint("parties", __name__, url_prefix="/parties")


@bp.get("/")
def list_parties():
    return render_template("parties/list.html", parties=parties_with_counts())


@bp.get("/<code>")
def show_party(code):
    party = known_parties().get(code.upper())
    if party is None:
        abort(404)
    page = paginate(agreements_of(party.code), current_app.config["AGREEMENTS_PER_PAGE"])
    return render_template(
        "parties/show.html", party=party, page=page, partners=partners_of(party.code)
    )
