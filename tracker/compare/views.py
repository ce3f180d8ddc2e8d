"""/compare: agreements as rows, provisions as columns grouped by category; and its CSV."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from sqlalchemy.orm import selectinload

from tracker.compare.forms import compare_filter_form
from tracker.compare.queries import codings_of, coverage, matching
from tracker.downloads.views import csv_download
from tracker.extensions import db
from tracker.focal_party.queries import focal_party
from tracker.models import Agreement
from tracker.paging import paginate
from tracker.provisions.queries import provisions_by_category

bp = Blueprint("compare", __name__)
PER_PAGE = 50
NOT_CODED = "not coded"


def _chosen():
    """The filters as understood (blank where not), the columns, and the form."""
    form = compare_filter_form(request.args)
    valid = form.validate()
    data = form.data if valid else {}
    filters = {name: data.get(name) or [] for name in ("party", "kind", "status")}
    groups = [
        (category, provisions)
        for category, provisions in provisions_by_category()
        if not data.get("category") or category in data["category"]
    ]
    return form, valid, filters, data.get("sort") or "", groups


@bp.get("/compare")
def compare():
    form, valid, filters, sort, groups = _chosen()
    query = matching(**filters, sort=sort).options(selectinload(Agreement.parties))
    page = paginate(query, PER_PAGE)
    return render_template(
        "compare/index.html",
        form=form,
        valid=valid,
        page=page,
        groups=groups,
        sort=sort,
        codings=codings_of([agreement.id for agreement in page.items]),
        coverage=coverage(matching(**filters)),
        focal=focal_party(),
    )


@bp.get("/compare.csv")
def compare_csv():
    _, _, filters, sort, groups = _chosen()
    agreements = db.session.scalars(matching(**filters, sort=sort)).all()
    codings = codings_of([agreement.id for agreement in agreements])
    names = [provision.name for _, provisions in groups for provision in provisions]
    rows = [
        [
            agreement.key,
            agreement.title,
            *(
                codings[agreement.id, name].value.value
                if (agreement.id, name) in codings
                else NOT_CODED
                for name in names
            ),
        ]
        for agreement in agreements
    ]
    return csv_download("compare.csv", ["key", "title", *names], rows)
