"""Agreements: their list, pages, form and the operations that change them."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.agreements.views import bp

    app.register_blueprint(bp)
