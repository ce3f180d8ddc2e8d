"""Source input, shared by the web form and the importer."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length, Optional

from tracker.declaration import Declared, Link
from tracker.fields import (
    ApproximateDateField,
    ChoiceField,
    VersionField,
    options,
    validate_url,
)
from tracker.models import Reliability, Source


class SourceForm(Declared, FlaskForm):
    """The source's declaration: its fields in codebook order (docs/codebook.md)."""

    record_type, model = "source", Source

    url = StringField("URL", validators=[Optional(), Length(max=2000)])
    title = StringField("Title", validators=[Optional(), Length(max=500)])
    publisher = StringField("Publisher", validators=[Optional(), Length(max=200)])
    published_on = ApproximateDateField("Published on")
    reliability = ChoiceField(
        "Reliability", choices=options(Reliability.choices()), default="reported"
    )
    # Which milestone it supports (none: the agreement itself); a milestone's History finds
    # its sources by it.
    milestone = Link("Milestone")
    version = VersionField()

    def validate_url(self, field):
        validate_url(field.data)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not (self.url.data or "").strip() and not (self.title.data or "").strip():
            self.title.errors.append("Give a URL, a title, or both.")
            return False
        return valid

    def values(self) -> dict:
        return {
            "url": (self.url.data or "").strip() or None,
            "title": (self.title.data or "").strip() or None,
            "publisher": (self.publisher.data or "").strip() or None,
            "published_on": self.published_on.approximate,
            "reliability": Reliability(self.reliability.data),
        }


class AttachedSourceForm(SourceForm):
    """The web form also says what the source supports: the agreement or one milestone."""

    attached_to = ChoiceField("Supports")

    def __init__(self, *args, milestone_keys: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.attached_to.choices = options(
            ((key, f"Milestone {key}") for key in milestone_keys), "The agreement as a whole"
        )
