"""The parties agreements name: their pages."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.parties.views import bp

    app.register_blueprint(bp)
