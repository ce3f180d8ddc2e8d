"""The matrix's GET filters: the list page's, a category, and a column to sort by."""

from __future__ import annotations

from wtforms import Form, StringField
from wtforms.validators import Length, Optional

from tracker.fields import MultiChoiceField, options
from tracker.filter_choices import enum_options, party_options
from tracker.models import Agreement, AgreementKind, AgreementStatus
from tracker.provisions.queries import categories, provision_names


class CompareFilterForm(Form):
    """Filters are reported when not understood, never guessed."""

    party = MultiChoiceField("Party", choices=options([]))
    kind = MultiChoiceField("Kind", choices=options(AgreementKind.choices()))
    status = MultiChoiceField("Status", choices=options(AgreementStatus.choices()))
    category = MultiChoiceField("Category", choices=options([]))
    sort = StringField("Sort by", validators=[Optional(), Length(max=120)])

    def validate_sort(self, field):
        if field.data and field.data not in ("title", *provision_names()):
            field.errors.append("Sort by the title or by a provision of the matrix.")


def compare_filter_form(args) -> CompareFilterForm:
    """The filters from a query string, offering the parties, kinds and statuses there are."""
    form = CompareFilterForm(args)
    form.party.choices = party_options(args.getlist("party"))
    form.kind.choices = enum_options(AgreementKind, Agreement.kind, args.getlist("kind"))
    form.status.choices = enum_options(AgreementStatus, Agreement.status, args.getlist("status"))
    form.category.choices = options((name, name) for name in categories())
    return form
