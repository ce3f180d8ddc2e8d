"""Small pieces every feature's views share."""

from __future__ import annotations

from flask import request
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import SubmitField

from tracker.fields import VersionField


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


def form_input(stored: MultiDict) -> MultiDict:
    """What an edit form starts from: the posted input, else the record as stored."""
    return request.form if request.method == "POST" else stored
