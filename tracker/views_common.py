"""Small pieces every feature's views share."""

from __future__ import annotations

from flask import request
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import SubmitField

from tracker.fields import VersionField
from tracker.interchange import shape


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


def record_input(record: dict, spec: dict, version: int | None = None) -> MultiDict:
    """A record as the input its form would post, with the version it was read at.

    The record goes through the importer's conversion, so a form shows a
    record exactly as the interchange format would carry it. The version only
    rides in the form's hidden field, never in the interchange record: an
    export must not carry it.
    """
    data = shape.formdata(record, spec)
    if version is not None:
        data["version"] = str(version)
    return data
