"""Small pieces every feature's views share."""

from __future__ import annotations

from flask import request
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import SubmitField

from tracker.interchange import shape


class ConfirmForm(FlaskForm):
    """A delete confirmation: only its CSRF token matters."""

    submit = SubmitField("Delete")


def form_input(record: dict, spec: dict) -> MultiDict:
    """What an edit form starts from: the posted input, else the record as stored.

    The record goes through the importer's conversion, so a form shows a
    record exactly as the interchange format would carry it.
    """
    if request.method == "POST":
        return request.form
    return shape.formdata(record, spec)
