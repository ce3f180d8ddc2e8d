"""Download CSV: each list page's rows, as its current filters show them.

Every cell goes through ``tracker.csv_safe``, because these files are made
to be opened in a spreadsheet. (``tracker export --csv`` writes data files
instead, with values exactly as stored.)
"""

from __future__ import annotations

from flask import Blueprint, Response, request, stream_with_context
from sqlalchemy.orm import selectinload

from tracker.agreements.forms import AgreementForm, agreement_filter_form
from tracker.agreements.queries import filtered_agreements
from tracker.csv_safe import safe_csv_lines
from tracker.declaration import record_of
from tracker.extensions import db
from tracker.focus_areas.queries import focus_areas_with_counts
from tracker.interchange.csv_tables import header, row_values
from tracker.models import Agreement
from tracker.parties.queries import parties_with_counts

bp = Blueprint("downloads", __name__)


def csv_download(name: str, head: list[str], rows) -> Response:
    return Response(
        stream_with_context(safe_csv_lines(head, rows)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/agreements.csv")
def agreements_csv():
    filters = agreement_filter_form(request.args)
    query = filtered_agreements(**filters.data) if filters.validate() else filtered_agreements()
    agreements = db.session.scalars(
        query.options(
            selectinload(Agreement.parties),
            selectinload(Agreement.tags),
            selectinload(Agreement.signatories),
            selectinload(Agreement.commitments),
            selectinload(Agreement.sources),
        )
    ).all()
    declaration = AgreementForm.declaration()
    rows = [
        row_values("agreements.csv", record_of(declaration, a, parts=False)) for a in agreements
    ]
    return csv_download("agreements.csv", header("agreements.csv"), rows)


@bp.get("/parties.csv")
def parties_csv():
    rows = [
        [party.code, party.name, party.kind.value, count] for party, count in parties_with_counts()
    ]
    return csv_download("parties.csv", ["code", "name", "kind", "agreements"], rows)


@bp.get("/focus-areas.csv")
def focus_areas_csv():
    rows = [[area.name, area.description, count] for area, count in focus_areas_with_counts()]
    return csv_download("focus-areas.csv", ["name", "description", "pillars"], rows)
