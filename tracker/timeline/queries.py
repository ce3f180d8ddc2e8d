"""The timeline's reads: one page of lanes and what is drawn on them, in five queries.

A baseline comparison adds one more: the audit entries of the page's milestones.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import Select, exists, false, func, or_, select

from tracker.agreements.ends import end_words
from tracker.audit.queries import day_start
from tracker.dates import InvalidDate, from_columns, parse_or_none
from tracker.extensions import db
from tracker.filter_clauses import has_pillar_in_any, names_any_party
from tracker.lanes.ghosts import Ghost
from tracker.lanes.rows import Connector, Lane, Point
from tracker.milestones.slippage import due_as_of
from tracker.models import (
    Agreement,
    AgreementKind,
    AgreementLink,
    AgreementStatus,
    AuditEntry,
    FocusArea,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    Pillar,
)
from tracker.models.milestone import milestone_dependency
from tracker.models.party import Party, agreement_party
from tracker.paging import within_pages


def _start_earliest():
    """The earliest day the agreement may have taken effect (entry into force, else signature)."""
    return func.coalesce(Agreement.in_force_on_earliest, Agreement.signed_on_earliest)


def _start_estimate():
    """The best estimate of when the agreement took effect: lanes are ordered by it."""
    return func.coalesce(Agreement.in_force_on_estimate, Agreement.signed_on_estimate)


def _group_bound(aggregate, party: str):
    """The first or last partner code of the agreement: lanes sort by partner pair."""
    query = select(aggregate(agreement_party.c.party_code)).where(
        agreement_party.c.agreement_id == Agreement.id
    )
    if party:
        query = query.where(agreement_party.c.party_code != party)
    return query.scalar_subquery()


def filtered_lanes(
    party=(),
    focus_area=(),
    status=(),
    kind=(),
    agreement_status=(),
    agreement_kind=(),
    window_from=None,
    window_to=None,
) -> Select:
    """The agreements the filters select: several values of one filter mean any of them.

    A milestone status or kind keeps the agreements with a dated milestone of it.
    """
    query = select(Agreement.id)
    if party:
        query = query.where(names_any_party(party))
    if focus_area:
        query = query.where(has_pillar_in_any(focus_area))
    if agreement_kind:
        query = query.where(Agreement.kind.in_([AgreementKind(k) for k in agreement_kind]))
    if agreement_status:
        query = query.where(Agreement.status.in_([AgreementStatus(s) for s in agreement_status]))
    if status or kind:
        query = query.where(
            exists().where(
                Milestone.agreement_id == Agreement.id,
                Milestone.due_edtf.is_not(None),
                *_milestone_clauses(status, kind),
            )
        )
    if window_to:
        query = query.where(or_(_start_earliest().is_(None), _start_earliest() <= window_to))
    if window_from:
        query = query.where(
            or_(Agreement.end_latest.is_(None), Agreement.end_latest >= window_from)
        )
    return query


def _milestone_clauses(status, kind) -> list:
    """The milestone status and kind filters as WHERE clauses."""
    clauses = []
    if status:
        clauses.append(Milestone.status.in_([MilestoneStatus(s) for s in status]))
    if kind:
        clauses.append(Milestone.kind.in_([MilestoneKind(k) for k in kind]))
    return clauses


def _focal_party(filters: dict) -> str:
    """The one party chosen, whose partners name and group the lanes; none when several."""
    return filters["party"][0] if len(filters["party"]) == 1 else ""


def lane_page(filters: dict, page: int, per_page: int) -> tuple[list[Lane], list[Point], int, int]:
    """Lanes of one page, grouped by partner, with their milestones; the total lane count;
    and the page shown (the last, when ``page`` is past it)."""
    ids = filtered_lanes(**filters)
    total = db.session.scalar(select(func.count()).select_from(ids.subquery()))
    page = within_pages(page, total, per_page)
    focal = _focal_party(filters)
    first = _group_bound(func.min, focal).label("first_partner")
    last = _group_bound(func.max, focal).label("last_partner")
    rows = db.session.execute(
        select(
            Agreement.id,
            Agreement.key,
            Agreement.title,
            Agreement.status,
            Agreement.signed_on_edtf,
            Agreement.signed_on_earliest,
            Agreement.signed_on_latest,
            Agreement.in_force_on_edtf,
            Agreement.in_force_on_earliest,
            Agreement.in_force_on_latest,
            Agreement.end_earliest,
            Agreement.end_latest,
            Agreement.end_estimate,
            Agreement.ends_on_edtf,
            Agreement.duration_years,
            first,
            last,
        )
        .where(Agreement.id.in_(ids))
        .order_by(first, last, _start_estimate().asc().nulls_last(), Agreement.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    agreement_ids = [row.id for row in rows]
    parties = _parties(agreement_ids)
    lanes = [_lane(row, parties[row.id], focal) for row in rows]
    keys = {row.id: row.key for row in rows}
    titles = {row.id: row.title for row in rows}
    points = _points(agreement_ids, filters, keys, titles)
    return lanes, points, total, page


def _parties(agreement_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    rows = db.session.execute(
        select(agreement_party.c.agreement_id, Party.code, Party.name)
        .join(Party, Party.code == agreement_party.c.party_code)
        .where(agreement_party.c.agreement_id.in_(agreement_ids))
        .order_by(agreement_party.c.agreement_id, Party.code)
    ).all()
    for agreement_id, code, name in rows:
        found[agreement_id].append((code, name))
    return found


def _lane(row, parties: list[tuple[str, str]], party: str) -> Lane:
    start = from_columns(row.in_force_on_edtf, row.in_force_on_earliest, row.in_force_on_latest)
    start = start or from_columns(row.signed_on_edtf, row.signed_on_earliest, row.signed_on_latest)
    has_end = row.ends_on_edtf is not None or (row.duration_years and start is not None)
    partners = (
        [name for code, name in parties if code != party]
        if party
        else [code for code, _name in parties]
    )
    return Lane(
        key=row.key,
        label=row.title,
        group=" · ".join(partners),
        status=row.status.value,
        status_label=row.status.label,
        start=start,
        end=(row.end_earliest, row.end_latest) if has_end else None,
        end_estimate=row.end_estimate if has_end else None,
        end_words=end_words(row.ends_on_edtf, row.end_earliest, row.end_latest),
        parties=", ".join(name for _code, name in parties),
    )


def _points(agreement_ids, filters, keys, titles) -> list[Point]:
    """The dated milestones of these agreements, within the filters' focus area and window."""
    query = (
        select(
            Milestone.id,
            Milestone.agreement_id,
            Milestone.key,
            Milestone.title,
            Milestone.status,
            Milestone.due_edtf,
            Milestone.due_earliest,
            Milestone.due_latest,
            Milestone.due_as_stated,
            Milestone.completed_on_edtf,
            Milestone.completed_on_earliest,
            Milestone.completed_on_latest,
            FocusArea.name.label("pillar"),
        )
        .outerjoin(Pillar, Pillar.id == Milestone.pillar_id)
        .outerjoin(FocusArea, FocusArea.id == Pillar.focus_area_id)
        .where(Milestone.agreement_id.in_(agreement_ids), Milestone.due_edtf.is_not(None))
    )
    rows = db.session.execute(_milestone_filters(query, filters)).all()
    prerequisites = _prerequisites([row.id for row in rows])
    return [
        Point(
            lane=keys[row.agreement_id],
            key=row.key,
            title=row.title,
            status=row.status.value,
            status_label=row.status.label,
            due=from_columns(row.due_edtf, row.due_earliest, row.due_latest),
            due_as_stated=row.due_as_stated or "",
            pillar=row.pillar or "",
            context=titles[row.agreement_id],
            agreement_key=keys[row.agreement_id],
            milestone_id=row.id,
            completed=from_columns(
                row.completed_on_edtf, row.completed_on_earliest, row.completed_on_latest
            ),
            depends_on=tuple(prerequisites[row.id]),
        )
        for row in rows
    ]


def _prerequisites(milestone_ids: list[int]) -> dict[int, list[str]]:
    """The keys of the milestones each of these depends on (within its agreement)."""
    found: dict[int, list[str]] = defaultdict(list)
    if not milestone_ids:
        return found
    rows = db.session.execute(
        select(milestone_dependency.c.milestone_id, Milestone.key)
        .join(Milestone, Milestone.id == milestone_dependency.c.depends_on_id)
        .where(milestone_dependency.c.milestone_id.in_(milestone_ids))
        .order_by(milestone_dependency.c.milestone_id, Milestone.key)
    ).all()
    for milestone_id, key in rows:
        found[milestone_id].append(key)
    return found


def matching_milestones(filters: dict) -> Select:
    """Every dated milestone the filters select, across all lanes (no paging): the calendar feed.

    The same rules as the chart: the agreement matches the lane filters, the
    milestone its focus area and the date window.
    """
    query = (
        select(Milestone)
        .outerjoin(Pillar, Pillar.id == Milestone.pillar_id)
        .outerjoin(FocusArea, FocusArea.id == Pillar.focus_area_id)
        .where(
            Milestone.agreement_id.in_(filtered_lanes(**filters)), Milestone.due_edtf.is_not(None)
        )
    )
    return _milestone_filters(query, filters)


def _milestone_filters(query, filters: dict):
    """The filters a milestone itself must meet: focus area, status, kind, date window."""
    if filters["focus_area"]:
        query = query.where(FocusArea.name.in_(filters["focus_area"]))
    query = query.where(*_milestone_clauses(filters["status"], filters["kind"]))
    return _in_window(query, filters["window_from"], filters["window_to"])


def matching_ends(filters: dict) -> Select:
    """Every agreement with an end that the lane filters select and whose end window meets
    the date window: the calendar feed's expiry events. None when a milestone status or
    kind is chosen: an agreement's end is neither."""
    if filters["status"] or filters["kind"]:
        return select(Agreement).where(false())
    query = select(Agreement).where(
        Agreement.id.in_(filtered_lanes(**filters)),
        or_(Agreement.end_earliest.is_not(None), Agreement.end_latest.is_not(None)),
    )
    if filters["window_from"]:
        query = query.where(
            or_(Agreement.end_latest.is_(None), Agreement.end_latest >= filters["window_from"])
        )
    if filters["window_to"]:
        query = query.where(
            or_(Agreement.end_earliest.is_(None), Agreement.end_earliest <= filters["window_to"])
        )
    return query


def baseline_ghosts(points: list[Point], day: dt.date) -> list[Ghost]:
    """Where each drawn milestone was planned at the end of ``day`` (UTC), in one query.

    The trail is read backwards from now (see slippage.due_as_of), so a
    milestone older than the trail still gets a ghost where it is now.
    """
    ids = [point.milestone_id for point in points]
    if not ids:
        return []
    later: dict[int, list[AuditEntry]] = defaultdict(list)
    for entry in db.session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.record_type == "milestone",
            AuditEntry.record_id.in_(ids),
            AuditEntry.at >= day_start(day + dt.timedelta(days=1)),
        )
        .order_by(AuditEntry.at, AuditEntry.id)
    ):
        later[entry.record_id].append(entry)
    ghosts = []
    for point in points:
        planned = due_as_of(later[point.milestone_id], point.due.text)
        try:
            due = parse_or_none(planned)
        except InvalidDate:
            continue
        if due is not None:
            ghosts.append(Ghost(lane=point.lane, key=point.key, due=due, planned_on=day))
    return ghosts


def _in_window(query, window_from: dt.date | None, window_to: dt.date | None):
    if window_from:
        query = query.where(
            or_(Milestone.due_latest.is_(None), Milestone.due_latest >= window_from)
        )
    if window_to:
        query = query.where(
            or_(Milestone.due_earliest.is_(None), Milestone.due_earliest <= window_to)
        )
    return query


def lane_connectors(lanes: list[Lane]) -> list[Connector]:
    """The links between agreements that both have a lane here, in the lanes' order."""
    keys = [lane.key for lane in lanes]
    rows = db.session.execute(
        select(Agreement.key, AgreementLink)
        .join(AgreementLink, AgreementLink.agreement_id == Agreement.id)
        .where(Agreement.key.in_(keys), AgreementLink.target.in_(keys))
        .order_by(Agreement.key, AgreementLink.position)
    ).all()
    return [Connector(key, link.target, link.relation.label, link.on) for key, link in rows]
