"""API: the shared vocabularies. Parties (states and organisations) are read-only;
focus areas can be listed, read (by name or id) and added, as on the Focus areas page."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request, url_for
from sqlalchemy import or_, select

from tracker.api.body import NO_CSRF, form_input, json_object
from tracker.api.docs import PAGING, operation
from tracker.api.pages import page_of
from tracker.api.problems import validated
from tracker.api.representations import focus_area_json, party_json
from tracker.auth.access import require_login
from tracker.extensions import db
from tracker.focus_areas.forms import FocusAreaForm
from tracker.focus_areas.operations import create_focus_area
from tracker.models import FocusArea, known_parties

bp = Blueprint("vocabulary", __name__)


@bp.get("/parties")
@require_login
@operation(
    "get",
    "Every party an agreement may name",
    returns="PartyPage",
    parameters=PAGING,
    errors=(400, 401),
)
def parties():
    return jsonify(page_of(list(known_parties().values()), party_json))


@bp.get("/parties/<code>")
@require_login
@operation("get", "One party, by its code (ISO 3166-1 alpha-3, or EU, NATO …)", returns="Party")
def party(code):
    found = known_parties().get(code.upper())
    if found is None:
        abort(404)
    return jsonify(party_json(found))


@bp.route("/focus-areas", methods=["GET", "POST"])
@require_login
@operation(
    "get",
    "The focus areas pillars are grouped by",
    returns="FocusAreaPage",
    parameters=PAGING,
    errors=(400, 401),
)
@operation(
    "post",
    "Add a focus area",
    body="FocusAreaNew",
    returns="FocusArea",
    status=201,
    errors=(401, 403),
)
def focus_areas():
    if request.method == "GET":
        return jsonify(page_of(select(FocusArea).order_by(FocusArea.name), focus_area_json))
    data = form_input(json_object(), FocusAreaForm.declaration())
    form = validated(FocusAreaForm(formdata=data, meta=NO_CSRF))
    focus_area = create_focus_area(form.values())
    db.session.commit()
    location = url_for(".focus_area", ref=focus_area.name)
    return jsonify(focus_area_json(focus_area)), 201, {"Location": location}


@bp.get("/focus-areas/<ref>")
@require_login
@operation("get", "One focus area, by its name or its id", returns="FocusArea")
def focus_area(ref):
    by_id = FocusArea.id == int(ref) if ref.isascii() and ref.isdigit() and len(ref) < 10 else False
    return jsonify(
        focus_area_json(db.first_or_404(select(FocusArea).where(or_(FocusArea.name == ref, by_id))))
    )
