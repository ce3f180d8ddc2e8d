"""The milestone list's GET filters: several values each, offering only what the data holds."""

from __future__ import annotations

from sqlalchemy import select
from wtforms import DateField, Form, StringField
from wtforms.validators import Length, Optional, ValidationError

from tracker.extensions import db
from tracker.fields import ChoiceField, MultiChoiceField, options
from tracker.focal_party.queries import parties_in_agreements
from tracker.models import FocusArea, MilestoneKind, MilestoneStatus, Pillar

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
    """The filters from a query string, offering the parties and focus areas in the data."""
    form = MilestoneFilterForm(args)
    form.party.choices = options(
        (party.code, f"{party.name} ({party.code})") for party in parties_in_agreements()
    )
    areas = select(FocusArea.name).where(FocusArea.id.in_(select(Pillar.focus_area_id)))
    form.focus_area.choices = options(
        (name, name) for name in db.session.scalars(areas.order_by(FocusArea.name))
    )
    return form
