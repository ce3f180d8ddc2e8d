"""The provisions matrix: agreements against the provision vocabulary, /compare."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.compare.views import bp

    app.register_blueprint(bp)
