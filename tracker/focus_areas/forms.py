"""Adding to the focus-area vocabulary."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from tracker.declaration import Declared
from tracker.models import FocusArea
from tracker.vocabulary import refuse_taken_name


class FocusAreaForm(Declared, FlaskForm):
    record_type, model = "focus_area", FocusArea

    name = StringField("Name", validators=[DataRequired(), Length(max=80)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=2000)])

    def validate_name(self, field):
        refuse_taken_name(FocusArea, field.data, "focus area")

    def values(self) -> dict:
        description = (self.description.data or "").strip()
        return {"name": self.name.data.strip(), "description": description}
