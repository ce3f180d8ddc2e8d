"""plotly.js, served from the installed package."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.assets.views import bp

    app.register_blueprint(bp)
