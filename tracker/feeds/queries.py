"""Reads for the calendar feed and the subscribe page."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.external_urls import external_url
from tracker.feeds.ical import FeedEvent
from tracker.models import AccessToken, Milestone, Pillar, TokenKind, User
from tracker.timeline.queries import matching_milestones


def feed_events(filters: dict, limit: int) -> tuple[list[FeedEvent], int]:
    """Up to ``limit`` matching milestones, earliest first, and how many match in all."""
    query = matching_milestones(filters)
    milestones = db.session.scalars(
        query.options(selectinload(Milestone.agreement),
                      selectinload(Milestone.pillar).selectinload(Pillar.focus_area))
        .order_by(Milestone.due_estimate, Milestone.id).limit(limit + 1)
    ).all()
    total = len(milestones)
    if total > limit:
        total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    return [_feed_event(m) for m in milestones[:limit]], total


def _feed_event(milestone: Milestone) -> FeedEvent:
    return FeedEvent(
        milestone_id=milestone.id, title=milestone.title, due=milestone.due,
        url=external_url("milestones.show_milestone", key=milestone.agreement.key,
                         milestone_key=milestone.key),
        agreement=milestone.agreement.title, status=milestone.status.label,
        pillar=milestone.pillar.focus_area.name if milestone.pillar else "",
        updated_at=milestone.updated_at,
    )


def feed_tokens_of(user: User) -> list[AccessToken]:
    return list(db.session.scalars(
        select(AccessToken)
        .where(AccessToken.user_id == user.id, AccessToken.kind == TokenKind.FEED)
        .order_by(AccessToken.revoked_at.is_not(None), AccessToken.created_at.desc())
    ))
