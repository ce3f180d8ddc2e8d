"""Import on the web: upload, preview, confirm, progress."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.imports.views import bp

    app.register_blueprint(bp)
