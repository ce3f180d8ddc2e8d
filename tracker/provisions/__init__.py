"""The provision vocabulary agreements are compared by."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.provisions.views import bp

    app.register_blueprint(bp)
