"""Small pieces every feature's views share."""

from __future__ import annotations

from dataclasses import replace

from flask import request, url_for
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import SubmitField

from tracker.fields import VersionField
from tracker.lanes.rows import Lane, Point


class ConfirmForm(FlaskForm):
    """A delete confirmation: its CSRF token, and the version of the record it was opened on."""

    submit = SubmitField("Delete")
    version = VersionField()

    def __init__(self, *args, version: int | None = None, **kwargs):
        """``version``: the record's, shown on the page. A post is judged by the version it
        carries itself: falling back to the current one would delete blind."""
        super().__init__(*args, **kwargs)
        if not self.is_submitted():
            self.version.data = version


def linked(lanes: list[Lane], points: list[Point]) -> tuple[list[Lane], list[Point]]:
    """Lanes and points with the links to their pages: agreement lanes (keyed by the
    agreement) to the agreement, every point to its milestone."""
    return (
        [
            replace(lane, url=url_for("agreements.show_agreement", key=lane.key))
            if lane.status is not None
            else lane
            for lane in lanes
        ],
        [
            replace(
                point,
                url=url_for(
                    "milestones.show_milestone", key=point.agreement_key, milestone_key=point.key
                ),
            )
            for point in points
        ],
    )


def form_input(stored: MultiDict) -> MultiDict:
    """What an edit form starts from: the posted input, else the record as stored."""
    return request.form if request.method == "POST" else stored
