"""The timeline: agreements as lanes grouped by partner, milestones on them."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.timeline.views import bp

    app.register_blueprint(bp)
