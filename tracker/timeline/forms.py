"""The timeline's filters: a GET form, so a view can be shared as a link.

The calendar uses the same filters. Status and kind are the milestones'; the
agreements have their own. Links made when status and kind meant the agreement's
keep their meaning: a value only an agreement can have is read as the agreement's.
"""

from __future__ import annotations

from werkzeug.datastructures import MultiDict
from wtforms import DateField, Form
from wtforms.validators import Optional

from tracker.audit.forms import before_the_last_day
from tracker.fields import MultiChoiceField, options
from tracker.filter_choices import enum_options, focus_area_options, party_options
from tracker.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
)

# Earlier links' "status" and "kind", now "agreement_status" and "agreement_kind".
_RENAMED = {
    "status": ("agreement_status", AgreementStatus, MilestoneStatus),
    "kind": ("agreement_kind", AgreementKind, MilestoneKind),
}


class TimelineFilterForm(Form):
    party = MultiChoiceField("Party", choices=options([]))
    focus_area = MultiChoiceField("Focus area", choices=options([]))
    status = MultiChoiceField("Milestone status", choices=options(MilestoneStatus.choices()))
    kind = MultiChoiceField("Milestone kind", choices=options(MilestoneKind.choices()))
    agreement_status = MultiChoiceField(
        "Agreement status", choices=options(AgreementStatus.choices())
    )
    agreement_kind = MultiChoiceField("Agreement kind", choices=options(AgreementKind.choices()))
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
        """The valid filters as plain values for the queries (empty means any)."""
        return {
            "party": self.party.data or [],
            "focus_area": self.focus_area.data or [],
            "status": self.status.data or [],
            "kind": self.kind.data or [],
            "agreement_status": self.agreement_status.data or [],
            "agreement_kind": self.agreement_kind.data or [],
            "window_from": self.window_from.data,
            "window_to": self.window_to.data,
        }


def filter_form(args) -> TimelineFilterForm:
    """The filters read from a query string, offering what the data holds."""
    args = _renamed(args)
    form = TimelineFilterForm(args)
    form.party.choices = party_options(args.getlist("party"))
    form.focus_area.choices = focus_area_options(args.getlist("focus_area"))
    form.status.choices = enum_options(MilestoneStatus, Milestone.status, args.getlist("status"))
    form.kind.choices = enum_options(MilestoneKind, Milestone.kind, args.getlist("kind"))
    form.agreement_status.choices = enum_options(
        AgreementStatus, Agreement.status, args.getlist("agreement_status")
    )
    form.agreement_kind.choices = enum_options(
        AgreementKind, Agreement.kind, args.getlist("agreement_kind")
    )
    return form


def _renamed(args) -> MultiDict:
    """The query with an earlier link's agreement status or kind under its new name."""
    args = MultiDict(args)
    for old, (new, agreement_enum, milestone_enum) in _RENAMED.items():
        agreement_only = {m.value for m in agreement_enum} - {m.value for m in milestone_enum}
        values = args.getlist(old)
        moved = [value for value in values if value in agreement_only]
        if moved:
            args.setlist(old, [value for value in values if value not in agreement_only])
            args.setlist(new, args.getlist(new) + moved)
    return args
