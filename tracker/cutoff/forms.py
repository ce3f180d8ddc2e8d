"""The data cut-off: a day, not in the future, and an optional note."""

from __future__ import annotations

import datetime as dt

from flask_wtf import FlaskForm
from wtforms import DateField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError


class CutoffForm(FlaskForm):
    as_of = DateField(
        "Data as of",
        validators=[DataRequired(message="Give the day the data runs to.")],
        description="The day up to which the records are known to be complete. It is shown "
        "on the dashboard, the timeline and in every export.",
    )
    note = StringField(
        "Note",
        validators=[Optional(), Length(max=200)],
        description="Optional, e.g. “news up to the Nordic summit”",
    )

    def validate_as_of(self, field):
        if field.data and field.data > dt.date.today():
            raise ValidationError("The data cannot run past today.")

    @classmethod
    def for_cutoff(cls, cutoff, **kwargs) -> CutoffForm:
        data = {"as_of": cutoff.as_of, "note": cutoff.note} if cutoff else {}
        return cls(data=data, **kwargs)

    def values(self) -> dict:
        return {"as_of": self.as_of.data, "note": (self.note.data or "").strip() or None}
