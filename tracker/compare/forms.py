"""The matrix's GET filters: the list page's, a category, and a column to sort by."""

from __future__ import annotations

from wtforms import Form, StringField
from wtforms.validators import Length, Optional

from tracker.agreements.row_forms import optional_party_choices
from tracker.fields import ChoiceField, options
from tracker.models import AgreementKind, AgreementStatus
from tracker.provisions.queries import categories, provision_names


class CompareFilterForm(Form):
    """Filters are reported when not understood, never guessed."""

    party = ChoiceField("Party", choices=optional_party_choices, default="")
    kind = ChoiceField("Kind", choices=options(AgreementKind.choices(), "Any"), default="")
    status = ChoiceField("Status", choices=options(AgreementStatus.choices(), "Any"), default="")
    category = ChoiceField("Category", choices=options([], "All"), default="")
    sort = StringField("Sort by", validators=[Optional(), Length(max=120)])

    def validate_sort(self, field):
        if field.data and field.data not in ("title", *provision_names()):
            field.errors.append("Sort by the title or by a provision of the matrix.")


def compare_filter_form(args) -> CompareFilterForm:
    form = CompareFilterForm(args)
    form.category.choices = options(((name, name) for name in categories()), "All")
    return form
