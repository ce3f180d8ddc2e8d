"""API: an agreement's pillars (by focus area name or id), sources (by id), and its
signatories and commitments (by position, 0 first; they carry the agreement's version)."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request, url_for
from sqlalchemy import or_, select

from tracker.agreements.forms import AgreementForm
from tracker.agreements.operations import update_agreement
from tracker.api.agreements import saved
from tracker.api.body import NO_CSRF, form_input, json_object, posted_version, unless_stale
from tracker.api.docs import PAGING, item_operations, operation, schema_name
from tracker.api.pages import page_of
from tracker.api.problems import invalid, validated
from tracker.api.representations import (
    agreement_fields,
    pillar_fields,
    pillar_json,
    row_json,
    source_fields,
    source_json,
)
from tracker.auth.access import require_login
from tracker.declaration import ROWS as ROWS_ROLE
from tracker.declaration import formdata
from tracker.extensions import db
from tracker.loading import opens_agreement
from tracker.models import Agreement, Milestone, Pillar, Source
from tracker.pillars.forms import PillarForm
from tracker.pillars.operations import create_pillar, delete_pillar, update_pillar
from tracker.sources.forms import AttachedSourceForm, SourceForm
from tracker.sources.operations import create_source, delete_source, move_source, update_source

bp = Blueprint("parts", __name__, url_prefix="/agreements/<key>")
MAX_ID = 2**31 - 1  # ids are 32-bit integers in PostgreSQL


def _list_docs(noun: str, schema: str):
    def attach(view):
        operation(
            "get",
            f"The agreement's {noun}s",
            returns=f"{schema}Page",
            parameters=PAGING,
            errors=(400, 401, 404),
        )(view)
        return operation("post", f"Add a {noun}", body=f"{schema}New", returns=schema, status=201)(
            view
        )

    return attach


def _created(body: dict, endpoint: str, **address):
    return jsonify(body), 201, {"Location": url_for(endpoint, **address)}


# Pillars


def _pillar_form(agreement: Agreement, pillar: Pillar | None, data) -> PillarForm:
    return PillarForm.for_agreement(agreement, pillar, formdata=data, meta=NO_CSRF)


@bp.route("/pillars", methods=["GET", "POST"])
@require_login
@_list_docs("pillar", "Pillar")
@opens_agreement
def pillars(agreement):
    if request.method == "GET":
        return jsonify(page_of(list(agreement.pillars), pillar_json))
    data = form_input(json_object(), PillarForm.declaration(), extras=("position",))
    form = validated(_pillar_form(agreement, None, data))
    pillar = create_pillar(agreement, form.values())
    db.session.commit()
    return _created(
        pillar_json(pillar), ".pillar", key=agreement.key, pillar=pillar.focus_area.name
    )


@bp.route("/pillars/<pillar>", methods=["GET", "PATCH", "DELETE"])
@require_login
@item_operations("pillar, named by its focus area or its id", "Pillar")
@opens_agreement
def pillar(agreement, pillar):
    found = next(
        (p for p in agreement.pillars if p.focus_area.name == pillar or str(p.id) == pillar), None
    )
    if found is None:
        abort(404)
    if request.method == "GET":
        return jsonify(pillar_json(found))
    if request.method == "DELETE":
        unless_stale(found, posted_version())
        saved(lambda: delete_pillar(found))
        return "", 204
    data = form_input(
        json_object(), PillarForm.declaration(), pillar_fields(found), ("version", "position")
    )
    form = validated(_pillar_form(agreement, found, data))
    unless_stale(found, form.version.data)
    saved(lambda: update_pillar(found, form.values()))
    return jsonify(pillar_json(found))


# Sources: of the agreement, or of one of its milestones (attached_to names it)


def _milestones(agreement: Agreement) -> dict[int, Milestone]:
    return {milestone.id: milestone for milestone in agreement.milestones}


def _owner(agreement: Agreement, milestone_key: str | None) -> Agreement | Milestone:
    return next((m for m in agreement.milestones if m.key == milestone_key), agreement)


def _source_form(agreement: Agreement, data) -> AttachedSourceForm:
    keys = [milestone.key for milestone in agreement.milestones]
    return AttachedSourceForm(formdata=data, milestone_keys=keys, meta=NO_CSRF)


def _sources_of(agreement: Agreement):
    milestone_ids = select(Milestone.id).where(Milestone.agreement_id == agreement.id)
    return select(Source).where(
        or_(Source.agreement_id == agreement.id, Source.milestone_id.in_(milestone_ids))
    )


@bp.route("/sources", methods=["GET", "POST"])
@require_login
@_list_docs("source", "Source")
@opens_agreement
def sources(agreement):
    milestones = _milestones(agreement)
    if request.method == "GET":
        query = _sources_of(agreement).order_by(
            Source.milestone_id.is_not(None), Source.milestone_id, Source.position
        )
        return jsonify(page_of(query, lambda source: source_json(source, milestones)))
    data = form_input(json_object(), SourceForm.declaration(), extras=("attached_to",))
    form = validated(_source_form(agreement, data))
    source = create_source(_owner(agreement, form.attached_to.data), form.values())
    db.session.commit()
    return _created(
        source_json(source, milestones), ".source", key=agreement.key, source_id=source.id
    )


@bp.route("/sources/<int:source_id>", methods=["GET", "PATCH", "DELETE"])
@require_login
@item_operations("source", "Source")
@opens_agreement
def source(agreement, source_id):
    if source_id > MAX_ID:  # no such row, and the database could not even compare it
        abort(404)
    found = db.first_or_404(_sources_of(agreement).where(Source.id == source_id))
    milestones = _milestones(agreement)
    if request.method == "GET":
        return jsonify(source_json(found, milestones))
    if request.method == "DELETE":
        unless_stale(found, posted_version())
        saved(lambda: delete_source(found))
        return "", 204
    data = form_input(
        json_object(),
        SourceForm.declaration(),
        source_fields(found, milestones),
        ("version", "attached_to"),
    )
    form = validated(_source_form(agreement, data))
    unless_stale(found, form.version.data)

    def write():
        update_source(found, form.values())
        move_source(found, _owner(agreement, form.attached_to.data))

    saved(write)
    return jsonify(source_json(found, milestones))


# Signatories and commitments: rows of the agreement, changed through the agreement's form


# The agreement's rows by list name: signatories, commitments.
ROWS = {
    spec.name: spec.nested for spec in AgreementForm.declaration().fields if spec.role == ROWS_ROLE
}
NOUNS = {name: declaration.record_type for name, declaration in ROWS.items()}


def _save_rows(agreement: Agreement, rows: str, change, version, at: int | None) -> None:
    """Apply ``change`` to the agreement's list of rows and save it through AgreementForm.

    ``at``: the row the request is about, whose errors are reported without the
    list's prefix (``party``, not ``signatories[2].party``).
    """
    record = agreement_fields(agreement)
    record[rows] = change(record[rows])
    data = formdata(record, AgreementForm.declaration())
    form = AgreementForm(formdata=data, agreement_id=agreement.id, meta=NO_CSRF)
    validated(form, strip=f"{rows}[{at}]." if at is not None else "")
    unless_stale(agreement, version)
    saved(lambda: update_agreement(agreement, form.values()))


def _row_values(body: dict, rows: str, current: dict | None = None) -> dict:
    """The row as an interchange object: the body over ``current``, shape-checked."""
    form_input(body, ROWS[rows], current, extras=("version", "position"))
    names = ROWS[rows].names()
    return {**(current or {}), **{k: v for k, v in body.items() if k in names}}


def _body_version(body: dict) -> int | None:
    version = body.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        raise invalid({"version": ["must be a whole number from 1."]})
    return version


def _row_list(rows: str):
    @opens_agreement
    def view(agreement):
        if request.method == "GET":
            positions = list(range(len(getattr(agreement, rows))))
            return jsonify(page_of(positions, lambda at: row_json(agreement, rows, at)))
        values = _row_values(json_object(), rows)
        at = len(getattr(agreement, rows))
        # Adding a row overwrites nothing, so it needs no version.
        _save_rows(agreement, rows, lambda now: [*now, values], agreement.version, at)
        return _created(
            row_json(agreement, rows, at), f".{NOUNS[rows]}", key=agreement.key, position=at
        )

    return view


def _row_item(rows: str):
    @opens_agreement
    def view(agreement, position):
        if position >= len(getattr(agreement, rows)):
            abort(404)
        if request.method == "GET":
            return jsonify(row_json(agreement, rows, position))
        if request.method == "DELETE":

            def drop(now):
                return [*now[:position], *now[position + 1 :]]

            _save_rows(agreement, rows, drop, posted_version(), None)
            return "", 204
        body = json_object()
        values = _row_values(body, rows, agreement_fields(agreement)[rows][position])

        def replace(now):
            return [*now[:position], values, *now[position + 1 :]]

        _save_rows(agreement, rows, replace, _body_version(body), position)
        return jsonify(row_json(agreement, rows, position))

    return view


for _rows, _noun in NOUNS.items():
    _schema = schema_name(_noun)
    _list = require_login(_list_docs(_noun, _schema)(_row_list(_rows)))
    _item = require_login(
        item_operations(f"{_noun}, by position (0 first)", _schema)(_row_item(_rows))
    )
    bp.add_url_rule(f"/{_rows}", _rows, _list, methods=["GET", "POST"])
    bp.add_url_rule(f"/{_rows}/<int:position>", _noun, _item, methods=["GET", "PATCH", "DELETE"])
