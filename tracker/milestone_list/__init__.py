"""/milestones: every milestone of every agreement, filtered, sorted, paged and as CSV."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.milestone_list.views import bp

    app.register_blueprint(bp)
