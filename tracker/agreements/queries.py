"""Read-side queries for agreements: the filtered, sorted list."""

from __future__ import annotations

import calendar
import datetime as dt

from sqlalchemy import Select, exists, or_, select

from tracker.extensions import db
from tracker.models import Agreement, AgreementKind, AgreementStatus, FocusArea, Pillar
from tracker.models.party import agreement_party

SORTS = {
    "signed": (Agreement.signed_on_estimate.asc().nulls_last(), Agreement.id),
    "-signed": (Agreement.signed_on_estimate.desc().nulls_last(), Agreement.id.desc()),
    "end": (Agreement.end_estimate.asc().nulls_last(), Agreement.id),
    "-end": (Agreement.end_estimate.desc().nulls_last(), Agreement.id.desc()),
    "title": (Agreement.title, Agreement.id),
    "-updated": (Agreement.updated_at.desc(), Agreement.id.desc()),
}


def filtered_agreements(
    q: str = "", party: str = "", kind: str = "", status: str = "", focus_area: str = "",
    ends_before: dt.date | None = None, unverified_months: int | None = None,
    sort: str = "-signed", today: dt.date | None = None,
) -> Select:
    """Agreements matching every given filter; blank filters are ignored.

    ``ends_before``: certainly ended by that day (the latest day the end can be is before
    it). ``unverified_months``: not verified since that many months before ``today``.
    """
    query = select(Agreement)
    if q:
        pattern = f"%{_escape_like(q)}%"
        query = query.where(
            or_(Agreement.title.ilike(pattern, escape="\\"),
                Agreement.summary.ilike(pattern, escape="\\"))
        )
    if party:
        query = query.where(
            exists().where(agreement_party.c.agreement_id == Agreement.id,
                           agreement_party.c.party_code == party)
        )
    if kind:
        query = query.where(Agreement.kind == AgreementKind(kind))
    if status:
        query = query.where(Agreement.status == AgreementStatus(status))
    if focus_area:
        query = query.where(
            exists().where(Pillar.agreement_id == Agreement.id,
                           Pillar.focus_area_id == FocusArea.id, FocusArea.name == focus_area)
        )
    if ends_before:
        query = query.where(Agreement.end_latest < ends_before)
    if unverified_months:
        since = months_before(today or dt.date.today(), unverified_months)
        query = query.where(or_(Agreement.last_verified_on.is_(None),
                                Agreement.last_verified_on < since))
    return query.order_by(*SORTS.get(sort, SORTS["-signed"]))


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day if it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def load_agreement(key: str) -> Agreement:
    """The agreement with this key, or a 404 page."""
    return db.first_or_404(select(Agreement).where(Agreement.key == key))
