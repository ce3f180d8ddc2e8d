"""Where a claim about an agreement or a milestone comes from."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.sources.views import bp

    app.register_blueprint(bp)
