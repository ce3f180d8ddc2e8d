"""The limit on failed logins, counted in the database from the attempts it records.

Every worker and every server reads the same rows, so the limit holds
however many processes serve the tracker. Limits are written as Flask-Limiter
wrote them: "5 per minute; 30 per hour".
"""

from __future__ import annotations

import datetime as dt
import math

from limits import parse_many
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import LoginAttempt
from tracker.models.base import utcnow


def seconds_until_allowed(
    remote_addr: str | None, limits: str, now: dt.datetime | None = None
) -> int | None:
    """How long this address must wait before its next login attempt; None: it may try now.

    An address over a limit may try again when the oldest failure that limit still counts
    leaves its window.
    """
    now = now or utcnow()
    address = (remote_addr or "")[:64] or None
    wait = 0.0
    for limit in parse_many(limits):
        window = dt.timedelta(seconds=limit.get_expiry())
        failures = list(
            db.session.scalars(
                select(LoginAttempt.at)
                .where(
                    LoginAttempt.remote_addr == address
                    if address
                    else LoginAttempt.remote_addr.is_(None),
                    LoginAttempt.success.is_(False),
                    LoginAttempt.at > now - window,
                )
                .order_by(LoginAttempt.at.desc())
                .limit(limit.amount)
            )
        )
        if len(failures) >= limit.amount:
            leaves = _utc(failures[-1]) + window
            wait = max(wait, (leaves - now).total_seconds())
    return max(1, math.ceil(wait)) if wait > 0 else None


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands times back without their zone; they are stored in UTC."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment
