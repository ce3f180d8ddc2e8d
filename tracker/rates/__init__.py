"""Exchange rates analysts enter, with their dates: what commitment totals convert by."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.rates.views import bp

    app.register_blueprint(bp)
