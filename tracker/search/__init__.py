"""Full-text search over every text of an agreement and its parts (issue 13)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.search.listeners import listen_to_the_session
    from tracker.search.views import bp

    listen_to_the_session()
    app.register_blueprint(bp)
