"""The calendar feed and its links."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.feeds.views import bp

    app.register_blueprint(bp)
