"""The focal party an admin names: whose counterparts the partner charts show."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.focal_party.views import bp

    app.register_blueprint(bp)
