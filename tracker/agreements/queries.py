"""Read-side queries for agreements: the filtered, sorted list, and one agreement's lanes."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import NamedTuple

from sqlalchemy import Select, or_, select

from tracker.agreements.ends import ending_soon_clause
from tracker.dates import ApproximateDate
from tracker.extensions import db
from tracker.filter_clauses import has_pillar_in_any, names_any_party
from tracker.lanes.rows import Lane, Point
from tracker.models import (
    Agreement,
    AgreementKind,
    AgreementLink,
    AgreementStatus,
)
from tracker.search.index import matching_ids

SORTS = {
    "signed": (Agreement.signed_on_estimate.asc().nulls_last(), Agreement.id),
    "-signed": (Agreement.signed_on_estimate.desc().nulls_last(), Agreement.id.desc()),
    "end": (Agreement.end_estimate.asc().nulls_last(), Agreement.id),
    "-end": (Agreement.end_estimate.desc().nulls_last(), Agreement.id.desc()),
    "title": (Agreement.title, Agreement.id),
    "-updated": (Agreement.updated_at.desc(), Agreement.id.desc()),
}


def filtered_agreements(
    q: str = "",
    party: list[str] | None = None,
    kind: list[str] | None = None,
    status: list[str] | None = None,
    focus_area: list[str] | None = None,
    ends_before: dt.date | None = None,
    ending_within: int | None = None,
    unverified_months: int | None = None,
    sort: str = "-signed",
    today: dt.date | None = None,
) -> Select:
    """Agreements matching every given filter; blank filters are ignored, and several values
    of one filter mean any of them.

    ``ends_before``: certainly ended by that day (the latest day the end can be is before
    it). ``ending_within``: the dashboard's "ending within" rule for that many days from
    ``today``. ``unverified_months``: not verified since that many months before ``today``.
    """
    today = today or dt.date.today()
    query = select(Agreement)
    matching = matching_ids(db.session, q) if q else None
    if matching is not None:  # every word, in every text of the agreement (tracker/search)
        query = query.where(Agreement.id.in_(matching))
    if party:
        query = query.where(names_any_party(party))
    if kind:
        query = query.where(Agreement.kind.in_([AgreementKind(value) for value in kind]))
    if status:
        query = query.where(Agreement.status.in_([AgreementStatus(value) for value in status]))
    if focus_area:
        query = query.where(has_pillar_in_any(focus_area))
    if ends_before:
        query = query.where(Agreement.end_latest < ends_before)
    if ending_within:
        query = query.where(ending_soon_clause(today, ending_within))
    if unverified_months:
        since = months_before(today, unverified_months)
        query = query.where(
            or_(Agreement.last_verified_on.is_(None), Agreement.last_verified_on < since)
        )
    return query.order_by(*SORTS.get(sort, SORTS["-signed"]))


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day if it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def pillar_lanes(agreement: Agreement) -> tuple[list[Lane], list[Point]]:
    """One agreement's pillars as lanes (plus "No pillar" where needed) and its milestones."""
    lanes = [Lane(key=f"pillar-{p.id}", label=p.focus_area.name) for p in agreement.pillars]
    points = []
    for milestone in agreement.milestones:
        if milestone.due is None:
            continue
        lane = f"pillar-{milestone.pillar_id}" if milestone.pillar_id else "no-pillar"
        points.append(
            Point(
                lane=lane,
                key=milestone.key,
                title=milestone.title,
                status=milestone.status.value,
                status_label=milestone.status.label,
                due=milestone.due,
                due_as_stated=milestone.due_as_stated or "",
                pillar=milestone.pillar.focus_area.name if milestone.pillar else "",
                context=agreement.title,
                agreement_key=agreement.key,
                depends_on=tuple(other.key for other in milestone.depends_on),
                completed=milestone.completed_on,
            )
        )
    if any(point.lane == "no-pillar" for point in points):
        lanes.append(Lane(key="no-pillar", label="No pillar"))
    return lanes, points


class RelatedAgreement(NamedTuple):
    """One line of an agreement's "Related agreements": either way round."""

    relation: str  # "Implements", or read from the other side: "Implemented by"
    key: str
    title: str | None  # None: no agreement has that key (any more)
    on: ApproximateDate | None
    note: str | None


def related_agreements(agreement: Agreement) -> list[RelatedAgreement]:
    """The agreement's own links, then the links other agreements make to it."""
    targets = {link.target for link in agreement.links}
    titles = dict(
        db.session.execute(
            select(Agreement.key, Agreement.title).where(Agreement.key.in_(targets))
        ).all()
    )
    related = [
        RelatedAgreement(
            link.relation.label, link.target, titles.get(link.target), link.on, link.note
        )
        for link in agreement.links
    ]
    incoming = db.session.execute(
        select(AgreementLink, Agreement.key, Agreement.title)
        .join(Agreement, Agreement.id == AgreementLink.agreement_id)
        .where(AgreementLink.target == agreement.key)
        .order_by(Agreement.key, AgreementLink.position)
    )
    related += [
        RelatedAgreement(link.relation.inverse, key, title, link.on, link.note)
        for link, key, title in incoming
    ]
    return related
