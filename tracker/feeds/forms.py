"""The feed-link form: a name to tell the links apart later (the filters come from the URL)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length, Optional


class FeedLinkForm(FlaskForm):
    name = StringField(
        "Name",
        validators=[Optional(), Length(max=80)],
        description="For your own reference, e.g. “Phone calendar”.",
    )

    def values(self) -> dict:
        return {"name": (self.name.data or "").strip() or "Calendar feed"}


class RevokeForm(FlaskForm):
    """Only its CSRF token: revoking takes no input."""
