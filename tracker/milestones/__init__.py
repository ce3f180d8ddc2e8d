"""An agreement's milestones: their pages, dependencies and slips."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.milestones.views import bp

    app.register_blueprint(bp)
