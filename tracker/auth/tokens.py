"""API tokens: make one (shown once), revoke it, and find the user a bearer token names.

The caller commits. Only the token's digest is stored (see tracker/models/token.py).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import AccessToken, TokenKind, User
from tracker.models.base import utcnow
from tracker.models.token import digest, new_token

LAST_USE_STEP = dt.timedelta(minutes=1)


def create_token(user: User, kind: TokenKind, name: str = "") -> tuple[AccessToken, str]:
    """A new token for ``user``: the stored row, and the token itself (never stored)."""
    token = new_token()
    row = AccessToken(user=user, kind=kind, name=name.strip()[:80], token_digest=digest(token))
    db.session.add(row)
    db.session.flush()
    return row, token


def create_api_token(user: User, name: str = "") -> tuple[AccessToken, str]:
    return create_token(user, TokenKind.API, name)


def revoke_token(row: AccessToken) -> None:
    if row.revoked_at is None:
        row.revoked_at = utcnow()
    db.session.flush()


def api_tokens_of(user: User) -> list[AccessToken]:
    """The user's API tokens that still work, newest first."""
    query = (
        select(AccessToken)
        .where(
            AccessToken.user_id == user.id,
            AccessToken.kind == TokenKind.API,
            AccessToken.revoked_at.is_(None),
        )
        .order_by(AccessToken.created_at.desc(), AccessToken.id.desc())
    )
    return list(db.session.scalars(query))


def note_use(row: AccessToken, now: dt.datetime | None = None) -> bool:
    """Keep when the token was last used, to the minute: a busy client must not make a write
    of every request. True when it was written (the caller commits)."""
    now = now or utcnow()
    last = row.last_used_at
    if last is not None and last.tzinfo is None:  # SQLite hands times back without a zone
        last = last.replace(tzinfo=dt.UTC)
    if last is not None and now - last < LAST_USE_STEP:
        return False
    row.last_used_at = now
    return True


def user_for_api_token(token: str) -> User | None:
    """The active user an unrevoked API token belongs to, else None. Its use is noted."""
    row = db.session.scalar(
        select(AccessToken).where(
            AccessToken.token_digest == digest(token),
            AccessToken.kind == TokenKind.API,
        )
    )
    if row is None or not row.active:
        return None
    if note_use(row):
        db.session.commit()  # at the start of the request: nothing else is pending yet
    return row.user
