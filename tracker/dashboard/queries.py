"""The status dashboard's numbers, each one GROUP BY or LIMIT query, whatever the data size."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import func, literal, select, union_all

from tracker.agreements.ends import ending_soon_clause
from tracker.extensions import db
from tracker.models import (
    Agreement,
    AgreementStatus,
    FocusArea,
    Milestone,
    MilestoneStatus,
    Party,
    Pillar,
)
from tracker.models.party import agreement_party
from tracker.stamped import kept_until_the_data_changes

ACTIVE_AGREEMENT_STATUSES = (AgreementStatus.SIGNED, AgreementStatus.IN_FORCE)
HEATMAP_PARTIES = 20
NO_PILLAR = "No pillar"
LIST_LENGTH = 10
DUE_SOON_DAYS = 90


class MilestoneRow(NamedTuple):
    agreement_key: str
    agreement_title: str
    key: str
    title: str
    status: str
    due_text: str | None
    due_earliest: dt.date | None
    due_latest: dt.date | None


class SlipRow(NamedTuple):
    agreement_key: str
    agreement_title: str
    key: str
    title: str
    status: str
    first_due_text: str | None
    due_text: str | None
    slip_days: int


class EndingRow(NamedTuple):
    key: str
    title: str
    status: str
    ends_on_text: str | None
    end_earliest: dt.date | None
    end_latest: dt.date | None
    end_estimate: dt.date


class RecentRow(NamedTuple):
    kind: str
    agreement_key: str
    key: str
    title: str
    updated_at: dt.datetime
    created_at: dt.datetime


def agreements_by_status() -> dict[str, int]:
    rows = db.session.execute(
        select(Agreement.status, func.count()).group_by(Agreement.status)
    ).all()
    return {status.value: count for status, count in rows}


def agreements_per_year() -> list[tuple[int, int]]:
    """(year, agreements signed in it) by the best estimate of the signature, so "2024?" and
    "about Jan 2024" count in 2024, not in the year their window starts in."""
    year = func.extract("year", Agreement.signed_on_estimate)
    rows = db.session.execute(
        select(year, func.count())
        .where(Agreement.signed_on_estimate.is_not(None))
        .group_by(year)
        .order_by(year)
    ).all()
    return [(int(signed_in), count) for signed_in, count in rows]


def milestones_by_status() -> dict[str, int]:
    rows = db.session.execute(
        select(Milestone.status, func.count()).group_by(Milestone.status)
    ).all()
    return {status.value: count for status, count in rows}


def deadline_counts(today: dt.date, horizon_days: int = DUE_SOON_DAYS) -> dict[str, int]:
    """Milestones overdue, due soon and slipped, and agreements ending soon, by the rules the
    dashboard states: one query."""
    ending_soon = select(func.count()).select_from(Agreement).where(ending_soon_clause(today))
    row = db.session.execute(
        select(
            func.count().filter(Milestone.overdue_clause(today)),
            func.count().filter(Milestone.due_soon_clause(today, horizon_days)),
            func.count().filter(Milestone.slip_days > 0),
            ending_soon.scalar_subquery(),
        )
    ).one()
    return {"overdue": row[0], "due_soon": row[1], "slipped": row[2], "ending_soon": row[3]}


def ending_agreements(today: dt.date) -> list[EndingRow]:
    """The agreements the "ending within 12 months" figure counts, soonest first."""
    rows = db.session.execute(
        select(
            Agreement.key,
            Agreement.title,
            Agreement.status,
            Agreement.ends_on_edtf,
            Agreement.end_earliest,
            Agreement.end_latest,
            Agreement.end_estimate,
        )
        .where(ending_soon_clause(today))
        .order_by(Agreement.end_estimate, Agreement.id)
        .limit(LIST_LENGTH)
    ).all()
    return [EndingRow(key, title, status.value, *rest) for key, title, status, *rest in rows]


@kept_until_the_data_changes
def milestones_by_focus_area() -> list[tuple[str, str, int]]:
    """(focus area, status, count); milestones outside any pillar count under "No pillar"."""
    # Group on the focus area's id (milestone index + pillar primary key) and name the few
    # groups afterwards: joining names onto every milestone row costs twice as much.
    per_area = (
        select(
            Pillar.focus_area_id.label("area_id"),
            Milestone.status.label("status"),
            func.count().label("n"),
        )
        .select_from(Milestone)
        .outerjoin(Pillar, Pillar.id == Milestone.pillar_id)
        .group_by(Pillar.focus_area_id, Milestone.status)
        .subquery()
    )
    area = func.coalesce(FocusArea.name, literal(NO_PILLAR))
    rows = db.session.execute(
        select(area, per_area.c.status, per_area.c.n)
        .select_from(per_area)
        .outerjoin(FocusArea, FocusArea.id == per_area.c.area_id)
        .order_by(area)
    ).all()
    return [(name, MilestoneStatus(status).value, count) for name, status, count in rows]


class PartnerGrid(NamedTuple):
    """The partner table's cells, and how many partners there are in all: it may show fewer."""

    rows: list[tuple[str, str, str, int]]  # (party code, party name, focus area, pillars)
    partners: int


@kept_until_the_data_changes
def partner_focus_areas(
    limit: int | None = HEATMAP_PARTIES, focal: str | None = None
) -> PartnerGrid:
    """Pillars per partner and focus area, for the ``limit`` partners with the most pillars
    (all with None). With a ``focal`` party, only its agreements count, and the partners
    are its counterparts in them."""
    link = agreement_party.c
    counted = select(
        link.party_code.label("code"),
        Pillar.focus_area_id.label("area"),
        func.count().label("n"),
    ).join(Pillar, Pillar.agreement_id == link.agreement_id)
    if focal is not None:
        of_focal = select(agreement_party.c.agreement_id).where(
            agreement_party.c.party_code == focal
        )
        counted = counted.where(link.party_code != focal, link.agreement_id.in_(of_focal))
    pairs = counted.group_by(link.party_code, Pillar.focus_area_id).cte("pairs")
    partners = db.session.scalar(select(func.count(pairs.c.code.distinct())))
    top = (
        select(pairs.c.code)
        .group_by(pairs.c.code)
        .order_by(func.sum(pairs.c.n).desc(), pairs.c.code)
        .limit(limit)
        .subquery()
    )
    rows = db.session.execute(
        select(Party.code, Party.name, FocusArea.name, pairs.c.n)
        .select_from(pairs)
        .join(top, top.c.code == pairs.c.code)
        .join(Party, Party.code == pairs.c.code)
        .join(FocusArea, FocusArea.id == pairs.c.area)
        .order_by(Party.code, FocusArea.name)
    ).all()
    return PartnerGrid([tuple(row) for row in rows], partners or 0)


def _milestone_rows(query) -> list[MilestoneRow]:
    rows = db.session.execute(
        query.with_only_columns(
            Agreement.key,
            Agreement.title,
            Milestone.key,
            Milestone.title,
            Milestone.status,
            Milestone.due_edtf,
            Milestone.due_earliest,
            Milestone.due_latest,
        )
        .join(Agreement, Agreement.id == Milestone.agreement_id)
        .limit(LIST_LENGTH)
    ).all()
    return [MilestoneRow(*row[:4], row[4].value, *row[5:]) for row in rows]


def upcoming_milestones(today: dt.date, horizon_days: int = DUE_SOON_DAYS) -> list[MilestoneRow]:
    """The milestones the "due soon" figure counts, by best estimate, nearest first."""
    return _milestone_rows(
        select(Milestone)
        .where(Milestone.due_soon_clause(today, horizon_days))
        .order_by(Milestone.due_estimate, Milestone.id)
    )


def overdue_milestones(today: dt.date) -> list[MilestoneRow]:
    """The milestones the "overdue" figure counts, longest overdue first."""
    return _milestone_rows(
        select(Milestone)
        .where(Milestone.overdue_clause(today))
        .order_by(Milestone.due_latest, Milestone.id)
    )


def worst_slips() -> list[SlipRow]:
    """The milestones whose latest possible due day moved furthest, most days first."""
    rows = db.session.execute(
        select(
            Agreement.key,
            Agreement.title,
            Milestone.key,
            Milestone.title,
            Milestone.status,
            Milestone.first_due_edtf,
            Milestone.due_edtf,
            Milestone.slip_days,
        )
        .join(Agreement, Agreement.id == Milestone.agreement_id)
        .where(Milestone.slip_days > 0)
        .order_by(Milestone.slip_days.desc(), Milestone.id)
        .limit(LIST_LENGTH)
    ).all()
    return [SlipRow(*row[:4], row[4].value, *row[5:]) for row in rows]


def recently_changed() -> list[RecentRow]:
    """The latest added or changed agreements and milestones, in one UNION query."""
    agreements = (
        select(
            literal("agreement").label("kind"),
            Agreement.key.label("agreement_key"),
            Agreement.key.label("key"),
            Agreement.title.label("title"),
            Agreement.updated_at.label("updated_at"),
            Agreement.created_at.label("created_at"),
        )
        .order_by(Agreement.updated_at.desc())
        .limit(LIST_LENGTH)
    )
    milestones = (
        select(
            literal("milestone").label("kind"),
            Agreement.key.label("agreement_key"),
            Milestone.key.label("key"),
            Milestone.title.label("title"),
            Milestone.updated_at.label("updated_at"),
            Milestone.created_at.label("created_at"),
        )
        .join(Agreement, Agreement.id == Milestone.agreement_id)
        .order_by(Milestone.updated_at.desc())
        .limit(LIST_LENGTH)
    )
    both = union_all(agreements.subquery().select(), milestones.subquery().select()).subquery()
    rows = db.session.execute(
        select(both).order_by(both.c.updated_at.desc()).limit(LIST_LENGTH)
    ).all()
    return [RecentRow(*row) for row in rows]
