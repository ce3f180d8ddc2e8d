"""How current the data is: the data cut-off ("data as of"), set by an admin."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.cutoff.views import bp

    app.register_blueprint(bp)
