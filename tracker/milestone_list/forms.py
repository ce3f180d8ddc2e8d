"""The milestone list's GET filters: several values each, offering only what the data holds."""

from __future__ import annotations

from wtforms import DateField, Form, StringField
from wtforms.validators import Length, Optional, ValidationError

from tracker.fields import ChoiceField, MultiChoiceField, options
from tracker.filter_choices import enum_options, focus_area_options, party_options
from tracker.models import Milestone, MilestoneKind, MilestoneStatus

# What the dashboard's cards count, by the same rules (tracker/dashboard/queries.py).
STATES = [("overdue", "Overdue"), ("due_soon", "Due in the next 90 days"), ("slipped", "Slipped")]
SORTS = [
    ("due", "Soonest due"),
    ("-due", "Latest due"),
    ("-slip", "Most slipped"),
    ("agreement", "Agreement, in its order"),
    ("title", "Title"),
]


class MilestoneFilterForm(Form):
    """Filters are reported when not understood, never guessed."""

    q = StringField(
        "Words",
        validators=[Optional(), Length(max=200)],
        description="In the milestone's title, notes or due date as stated",
    )
    state = ChoiceField("Show", choices=options(STATES, "Every milestone"), default="")
    status = MultiChoiceField("Status", choices=options(MilestoneStatus.choices()))
    kind = MultiChoiceField("Kind", choices=options(MilestoneKind.choices()))
    party = MultiChoiceField("Party", choices=options([]))
    focus_area = MultiChoiceField("Focus area", choices=options([]))
    agreement = StringField(
        "Agreement", validators=[Optional(), Length(max=80)], description="Its key"
    )
    due_from = DateField(
        "Due from", validators=[Optional()], description="The best estimate of the due day"
    )
    due_to = DateField("Due until", validators=[Optional()])
    sort = ChoiceField("Sort by", choices=options(SORTS), default="due")

    def validate_due_to(self, field):
        if field.data and self.due_from.data and field.data < self.due_from.data:
            raise ValidationError("The end of the window is before its start.")


def milestone_filter_form(args) -> MilestoneFilterForm:
    """The filters from a query string, offering what the data holds."""
    form = MilestoneFilterForm(args)
    form.status.choices = enum_options(MilestoneStatus, Milestone.status, args.getlist("status"))
    form.kind.choices = enum_options(MilestoneKind, Milestone.kind, args.getlist("kind"))
    form.party.choices = party_options(args.getlist("party"))
    form.focus_area.choices = focus_area_options(args.getlist("focus_area"))
    return form
