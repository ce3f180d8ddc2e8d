"""The commitments page: totals by donor, year, category and stage, and their CSV."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, render_template, request

from tracker.commitments.forms import totals_form
from tracker.commitments.queries import totals
from tracker.commitments.totals import STAGES, CommitmentFacts
from tracker.downloads.views import csv_download
from tracker.models import CommitmentCategory, CommitmentStage

bp = Blueprint("commitments", __name__)

CENT = Decimal("0.01")
NOT_STATED = "Not stated"
UNDATED = "Undated"


@bp.get("/commitments")
def list_commitments():
    form, currency = totals_form(request.args)
    result = totals(currency)
    donors = sorted(
        result.by_donor.items(),
        key=lambda item: (-item[1][CommitmentStage.PLEDGED.value].amount, item[0][1]),
    )
    years = sorted(result.by_year.items(), key=lambda item: (item[0] is None, item[0] or 0))
    categories = sorted(result.by_category.items(), key=lambda item: _category_order(item[0]))
    return render_template(
        "commitments/index.html",
        form=form,
        currency=currency,
        result=result,
        donors=donors,
        years=years,
        categories=categories,
        stages=[CommitmentStage(stage) for stage in STAGES],
        category_label=category_label,
        undated=UNDATED,
    )


def category_label(value: str | None) -> str:
    return CommitmentCategory(value).label if value else NOT_STATED


def _category_order(value: str | None) -> int:
    members = [category.value for category in CommitmentCategory]
    return members.index(value) if value in members else len(members)


# What the CSV says of each commitment: its facts as the totals read them, not the ids.
REPORTED = [
    name for name in CommitmentFacts._fields if name not in ("id", "agreement_date", "gdp_share")
]
CSV_HEADER = [
    *REPORTED,
    "year",
    "share",  # the part of the amount that falls in the year, in its own currency
    "rate_on",
    "rate",
    "reporting_currency",
    "share_in_reporting_currency",
]


@bp.get("/commitments.csv")
def commitments_csv():
    """One row per commitment and year, with the rate used: every total on the page is a
    sum of the last column, and can be recomputed from the file alone."""
    _, currency = totals_form(request.args)
    result = totals(currency)
    rows = []
    for share, conversion in result.converted:
        facts = share.facts._asdict()
        rate = conversion.rate if conversion else None
        rows.append(
            [
                *(_text(facts[name]) for name in REPORTED),
                share.year if share.year is not None else "",
                _cents(share.amount),
                rate.on.isoformat() if rate else "",
                f"{rate.rate.normalize():f}" if rate else "",
                currency,
                _cents(share.amount * conversion.factor) if conversion else "",
            ]
        )
    return csv_download("commitments.csv", CSV_HEADER, rows)


def _text(value) -> str:
    if value is None:
        return ""
    return _cents(value) if isinstance(value, Decimal) else str(value)


def _cents(amount: Decimal) -> str:
    """Money to the cent, as decimal text: no float rounding, no exponent."""
    return f"{amount.quantize(CENT):f}"
