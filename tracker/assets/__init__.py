"""plotly.js, served from the installed package, and the static files' fingerprinted URLs."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.assets import fingerprints
    from tracker.assets.views import bp

    app.register_blueprint(bp)
    fingerprints.init_app(app)
