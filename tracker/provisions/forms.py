"""Adding to the provision vocabulary."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from tracker.declaration import Declared
from tracker.models import Provision
from tracker.vocabulary import refuse_taken_name


class ProvisionForm(Declared, FlaskForm):
    record_type, model = "provision", Provision

    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    category = StringField(
        "Category",
        validators=[DataRequired(), Length(max=80)],
        description="One of the categories listed, or a new one",
        render_kw={"list": "provision-categories"},  # the page's datalist of categories
    )
    description = TextAreaField("Description", validators=[Optional(), Length(max=2000)])

    def validate_name(self, field):
        refuse_taken_name(Provision, field.data, "provision")

    def values(self) -> dict:
        return {
            "name": self.name.data.strip(),
            "category": self.category.data.strip(),
            "description": (self.description.data or "").strip(),
        }
