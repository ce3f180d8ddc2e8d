"""The /api/v1 blueprint: its parts, its JSON errors, and its OpenAPI description."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from tracker.api.agreements import bp as agreements_bp
from tracker.api.docs import operation
from tracker.api.openapi import build_spec
from tracker.api.parts import bp as parts_bp
from tracker.api.problems import ApiProblem
from tracker.api.vocabulary import bp as vocabulary_bp
from tracker.api_paths import PREFIX
from tracker.auth.access import require_login

bp = Blueprint("api", __name__, url_prefix=PREFIX)
PARTS = (agreements_bp, parts_bp, vocabulary_bp)
for part in PARTS:
    bp.register_blueprint(part)


@bp.errorhandler(ApiProblem)
def problem(error: ApiProblem):
    return error.response()


@bp.after_request
def ask_for_a_token(response):
    if response.status_code == 401 and response.mimetype == "application/json":
        response.headers.setdefault("WWW-Authenticate", 'Bearer realm="api"')
    return response


@bp.get("/openapi.json")
@require_login
@operation("get", "This description of the API", errors=(401,))
def openapi():
    return jsonify(build_spec(current_app))
