"""Adding to the focus-area vocabulary."""

from __future__ import annotations

from flask_wtf import FlaskForm
from sqlalchemy import func, or_, select
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from tracker.declaration import Declared
from tracker.extensions import db
from tracker.models import FocusArea


class FocusAreaForm(Declared, FlaskForm):
    record_type, model = "focus_area", FocusArea

    name = StringField("Name", validators=[DataRequired(), Length(max=80)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=2000)])

    def validate_name(self, field):
        # Case-insensitive, so "air defense" cannot split a pillar comparison in two.
        name = field.data.strip()
        # The exact name too: SQLite's lower() folds ASCII letters only ("Õ" stays "Õ").
        same = select(FocusArea.id).where(
            or_(FocusArea.name == name, func.lower(FocusArea.name) == name.lower())
        )
        if db.session.scalar(same) is not None:
            raise ValidationError(f"The focus area “{name}” exists already.")

    def values(self) -> dict:
        description = (self.description.data or "").strip()
        return {"name": self.name.data.strip(), "description": description}
