"""Download CSV of the list pages."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.downloads.views import bp

    app.register_blueprint(bp)
