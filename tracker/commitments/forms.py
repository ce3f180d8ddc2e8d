"""The commitments page's one GET choice: the currency its totals are shown in."""

from __future__ import annotations

from wtforms import Form

from tracker.commitments.queries import reporting_currencies, reporting_currency
from tracker.fields import ChoiceField, options


class TotalsForm(Form):
    currency = ChoiceField("Show totals in", choices=options([]))


def totals_form(args) -> tuple[TotalsForm, str]:
    """The form, and the currency to show: the one asked for when a rate can reach it,
    else the reporting currency (the form then says why)."""
    form = TotalsForm(args)
    form.currency.choices = options((code, code) for code in reporting_currencies())
    if not form.currency.data:
        form.currency.data = reporting_currency()
    return form, form.currency.data if form.validate() else reporting_currency()
