"""A person's own settings: naming a new API token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length, Optional


class NewTokenForm(FlaskForm):
    name = StringField(
        "Name",
        validators=[Optional(), Length(max=80)],
        description="What the token is for, e.g. “nightly sync”",
    )
