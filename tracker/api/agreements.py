"""API: agreements (by key) and their milestones (by key within the agreement)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from tracker.agreements.forms import AgreementForm, agreement_filter_form
from tracker.agreements.operations import create_agreement, delete_agreement, update_agreement
from tracker.agreements.queries import SORTS, filtered_agreements
from tracker.api.body import NO_CSRF, form_input, json_object, posted_version, unless_stale
from tracker.api.docs import PAGING, item_operations, operation
from tracker.api.pages import page_of
from tracker.api.problems import ApiProblem, invalid, validated
from tracker.api.representations import (
    agreement_fields,
    agreement_json,
    milestone_fields,
    milestone_json,
)
from tracker.auth.access import require_login
from tracker.extensions import db
from tracker.loading import opens_agreement
from tracker.milestones.forms import MilestoneForm
from tracker.milestones.operations import create_milestone, delete_milestone, update_milestone
from tracker.models import Agreement, AgreementKind, AgreementStatus, Milestone

bp = Blueprint("agreements", __name__)

FILTERS = [
    {"name": "q", "in": "query", "schema": {"type": "string"}},
    *(
        # Repeat the parameter for several values: any of them matches.
        {"name": name, "in": "query", "explode": True, "schema": {"type": "array", "items": item}}
        for name, item in (
            ("party", {"type": "string"}),
            ("kind", {"enum": [k.value for k in AgreementKind]}),
            ("status", {"enum": [s.value for s in AgreementStatus]}),
            ("focus_area", {"type": "string"}),
        )
    ),
    {"name": "ends_before", "in": "query", "schema": {"type": "string", "format": "date"}},
    *(
        {"name": name, "in": "query", "schema": {"type": "integer", "minimum": 1}}
        for name in ("ending_within", "unverified_months")
    ),
    {"name": "sort", "in": "query", "schema": {"enum": list(SORTS)}},
]


def saved(write) -> None:
    """Run the write and commit; a save landing in between is a conflict, not a 500."""
    try:
        write()
        db.session.commit()
    except StaleDataError as error:
        db.session.rollback()
        raise ApiProblem(
            409, "The record changed while saving; read it again and retry."
        ) from error


@bp.get("/agreements")
@require_login
@operation(
    "get",
    "Agreements, filtered as on the list page",
    returns="AgreementPage",
    parameters=FILTERS + PAGING,
    errors=(400, 401),
)
def list_agreements():
    filters = agreement_filter_form(request.args)
    if not filters.validate():
        raise ApiProblem(400, "A filter is not valid.", filters.errors)
    query = filtered_agreements(**filters.data).options(
        selectinload(Agreement.parties),
        selectinload(Agreement.tags),
        selectinload(Agreement.signatories),
        selectinload(Agreement.commitments),
    )
    return jsonify(page_of(query, agreement_json))


@bp.post("/agreements")
@require_login
@operation(
    "post",
    "Create an agreement",
    body="AgreementNew",
    returns="Agreement",
    status=201,
    errors=(401, 403),
)
def create_agreement_view():
    data = form_input(json_object(), AgreementForm.declaration())
    form = validated(AgreementForm(formdata=data, meta=NO_CSRF))
    agreement = create_agreement(form.values())
    db.session.commit()
    location = url_for(".agreement", key=agreement.key)
    return jsonify(agreement_json(agreement)), 201, {"Location": location}


@bp.route("/agreements/<key>", methods=["GET", "PATCH", "DELETE"])
@require_login
@item_operations("agreement", "Agreement", deletes="with its pillars, milestones and sources")
@opens_agreement
def agreement(agreement):
    if request.method == "GET":
        return jsonify(agreement_json(agreement))
    if request.method == "DELETE":
        unless_stale(agreement, posted_version())
        saved(lambda: delete_agreement(agreement))
        return "", 204
    body = json_object()
    if body.get("key", agreement.key) != agreement.key:
        raise invalid({"key": ["is the agreement's stable name and cannot be changed."]})
    data = form_input(body, AgreementForm.declaration(), agreement_fields(agreement), ("version",))
    form = validated(AgreementForm(formdata=data, agreement_id=agreement.id, meta=NO_CSRF))
    unless_stale(agreement, form.version.data)
    saved(lambda: update_agreement(agreement, form.values()))
    return jsonify(agreement_json(agreement))


def _milestone_form(agreement: Agreement, milestone: Milestone | None, data) -> MilestoneForm:
    return MilestoneForm.for_agreement(agreement, milestone, formdata=data, meta=NO_CSRF)


@bp.route("/agreements/<key>/milestones", methods=["GET", "POST"])
@require_login
@operation(
    "get",
    "An agreement's milestones",
    returns="MilestonePage",
    parameters=PAGING,
    errors=(400, 401, 404),
)
@operation("post", "Add a milestone", body="MilestoneNew", returns="Milestone", status=201)
@opens_agreement
def milestones(agreement):
    if request.method == "GET":
        return jsonify(page_of(list(agreement.milestones), milestone_json))
    data = form_input(json_object(), MilestoneForm.declaration())
    form = validated(_milestone_form(agreement, None, data))
    milestone = create_milestone(agreement, form.values())
    db.session.commit()
    location = url_for(".milestone", key=agreement.key, milestone_key=milestone.key)
    return jsonify(milestone_json(milestone)), 201, {"Location": location}


@bp.route("/agreements/<key>/milestones/<milestone_key>", methods=["GET", "PATCH", "DELETE"])
@require_login
@item_operations("milestone", "Milestone", deletes="and its sources")
@opens_agreement
def milestone(agreement, milestone_key):
    milestone = db.first_or_404(
        select(Milestone).where(
            Milestone.agreement_id == agreement.id, Milestone.key == milestone_key
        )
    )
    if request.method == "GET":
        return jsonify(milestone_json(milestone))
    if request.method == "DELETE":
        unless_stale(milestone, posted_version())
        saved(lambda: delete_milestone(milestone))
        return "", 204
    data = form_input(
        json_object(), MilestoneForm.declaration(), milestone_fields(milestone), ("version",)
    )
    form = validated(_milestone_form(agreement, milestone, data))
    unless_stale(milestone, form.version.data)
    saved(lambda: update_milestone(milestone, form.values()))
    return jsonify(milestone_json(milestone))
