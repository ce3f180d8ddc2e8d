"""Probes for a load balancer or an orchestrator: is the process up, does the database answer."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.health.views import bp

    app.register_blueprint(bp)
