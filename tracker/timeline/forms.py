"""The timeline's filters: a GET form, so a view can be shared as a link."""

from __future__ import annotations

from wtforms import DateField, Form
from wtforms.validators import Optional

from tracker.agreements.row_forms import optional_party_choices
from tracker.audit.forms import before_the_last_day
from tracker.fields import ChoiceField, options
from tracker.focus_areas.queries import focus_area_names
from tracker.models import AgreementKind, AgreementStatus


class TimelineFilterForm(Form):
    party = ChoiceField("Party", choices=optional_party_choices, default="")
    focus_area = ChoiceField("Focus area", choices=options([], "Any"), default="")
    kind = ChoiceField("Kind", choices=options(AgreementKind.choices(), "Any"), default="")
    status = ChoiceField("Status", choices=options(AgreementStatus.choices(), "Any"), default="")
    window_from = DateField("From", validators=[Optional()])
    window_to = DateField("To", validators=[Optional()])
    # Not a filter: the day whose plan is drawn as ghosts beside the milestones now.
    baseline = DateField(
        "Compare with plan as of",
        validators=[Optional(), before_the_last_day],
        description="Grey outlines show where milestones were due then.",
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        start, end = self.window_from.data, self.window_to.data
        if start and end and start > end:
            self.window_to.errors.append("The window ends before it starts.")
            return False
        return valid

    def filters(self) -> dict:
        """The valid filters as plain values for the queries (blank means any)."""
        return {
            "party": self.party.data or "",
            "focus_area": self.focus_area.data or "",
            "kind": self.kind.data or "",
            "status": self.status.data or "",
            "window_from": self.window_from.data,
            "window_to": self.window_to.data,
        }


def filter_form(args) -> TimelineFilterForm:
    """The filters read from a query string, offering the focus areas of the vocabulary."""
    form = TimelineFilterForm(args)
    form.focus_area.choices = options(((name, name) for name in focus_area_names()), "Any")
    return form
