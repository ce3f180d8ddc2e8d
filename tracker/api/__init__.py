"""The JSON API, /api/v1: the same records, forms, operations and audit trail as the pages."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.api.bearer import load_user_from_bearer_token
    from tracker.api.views import PARTS, bp
    from tracker.extensions import csrf, login_manager

    app.register_blueprint(bp)
    login_manager.request_loader(load_user_from_bearer_token)
    for blueprint in (bp, *PARTS):
        # No login page for the API: an unauthenticated call gets 401, never a redirect.
        login_manager.blueprint_login_views[
            blueprint.name if blueprint is bp else f"{bp.name}.{blueprint.name}"
        ] = None
        # Flask-WTF looks up the blueprint that handles the request, the nested one, so each
        # part is exempted itself. Bearer tokens, no cookies: nothing for a forged request to
        # use.
        csrf.exempt(blueprint)
