"""The audit log: every change, filtered and paginated, and the same as CSV. Read-only.

There is no route that edits or deletes an entry, on purpose: the trail is
append-only, and the database refuses UPDATE and DELETE on it as well.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, stream_with_context

from tracker.audit.export import csv_lines
from tracker.audit.forms import AuditFilterForm, record_type_label
from tracker.audit.present import utc_time, value_words, visible_actor
from tracker.audit.queries import filtered_entries, in_batches
from tracker.auth.access import require_login
from tracker.paging import paginate

bp = Blueprint("audit", __name__)

PER_PAGE = 50
CSV_BATCH = 1000


# Entries are shown on the agreement and milestone pages too.
bp.add_app_template_filter(utc_time)
bp.add_app_template_filter(record_type_label)
bp.add_app_template_filter(visible_actor)
bp.add_app_template_global(value_words, "audit_value")


# Who changed what names every account: not for anonymous readers, even with public read.
@bp.get("/audit")
@require_login
def audit_log():
    form = AuditFilterForm(request.args)
    valid = form.validate()
    query = filtered_entries(**form.filters()) if valid else filtered_entries()
    page = paginate(query, PER_PAGE)
    return render_template("audit/index.html", form=form, valid=valid, page=page)


@bp.get("/audit.csv")
@require_login
def audit_csv():
    form = AuditFilterForm(request.args)
    if not form.validate():
        abort(400, "Some filters were not understood; correct them on the audit page.")
    entries = in_batches(filtered_entries(**form.filters()), CSV_BATCH)
    return Response(
        stream_with_context(csv_lines(entries)),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="audit.csv"'},
    )
