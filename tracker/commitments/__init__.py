"""Commitments that add up honestly: totals by donor, year, category and stage, in one
reporting currency through the analysts' exchange rates (tracker/rates)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tracker.commitments.present import money, total_text
    from tracker.commitments.views import bp

    app.register_blueprint(bp)
    app.add_template_filter(money)
    app.add_template_filter(total_text)
