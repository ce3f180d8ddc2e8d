"""Reads for the calendar feed (milestones and agreement ends) and the subscribe page."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from tracker.agreements.ends import end_words
from tracker.extensions import db
from tracker.feeds.ical import EndEvent, FeedEvent
from tracker.models import AccessToken, Agreement, Milestone, Pillar, TokenKind, User
from tracker.timeline.queries import matching_ends, matching_milestones


def feed_events(filters: dict, limit: int) -> tuple[list[FeedEvent], int]:
    """Up to ``limit`` matching milestones, earliest first, and how many match in all."""
    query = matching_milestones(filters)
    milestones, total = _first(
        query.options(
            selectinload(Milestone.agreement),
            selectinload(Milestone.pillar).selectinload(Pillar.focus_area),
        ).order_by(Milestone.due_estimate, Milestone.id),
        query,
        limit,
    )
    return [_feed_event(m) for m in milestones], total


def feed_ends(filters: dict, limit: int) -> tuple[list[EndEvent], int]:
    """Up to ``limit`` ends of matching agreements, soonest first, and how many in all."""
    query = matching_ends(filters)
    agreements, total = _first(query.order_by(Agreement.end_estimate, Agreement.id), query, limit)
    return [_end_event(a) for a in agreements], total


def _first(ordered: Select, query: Select, limit: int) -> tuple[list, int]:
    """The first ``limit`` rows and the count of all; counted only when there are more."""
    rows = db.session.scalars(ordered.limit(limit + 1)).all()
    total = len(rows)
    if total > limit:
        total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    return rows[:limit], total


def _end_event(agreement: Agreement) -> EndEvent:
    return EndEvent(
        agreement_id=agreement.id,
        title=agreement.title,
        earliest=agreement.end_earliest,
        latest=agreement.end_latest,
        words=end_words(agreement.ends_on, agreement.end_earliest, agreement.end_latest),
        agreement_key=agreement.key,
        status=agreement.status.label,
        updated_at=agreement.updated_at,
    )


def _feed_event(milestone: Milestone) -> FeedEvent:
    return FeedEvent(
        milestone_id=milestone.id,
        title=milestone.title,
        due=milestone.due,
        agreement_key=milestone.agreement.key,
        milestone_key=milestone.key,
        agreement=milestone.agreement.title,
        status=milestone.status.label,
        pillar=milestone.pillar.focus_area.name if milestone.pillar else "",
        updated_at=milestone.updated_at,
    )


def feed_tokens_of(user: User) -> list[AccessToken]:
    return list(
        db.session.scalars(
            select(AccessToken)
            .where(AccessToken.user_id == user.id, AccessToken.kind == TokenKind.FEED)
            .order_by(AccessToken.revoked_at.is_not(None), AccessToken.created_at.desc())
        )
    )
