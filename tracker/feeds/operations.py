"""Feed tokens: made for one user, shown once, stored as a digest, revoked by their owner."""

from __future__ import annotations

from sqlalchemy import select

from tracker.auth.tokens import create_token, note_use
from tracker.extensions import db
from tracker.models import AccessToken, TokenKind, User
from tracker.models.token import digest


class FeedRefused(Exception):
    """Why a feed link does not open: the HTTP status and a sentence for the reader."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def create_feed_token(user: User, name: str) -> tuple[AccessToken, str]:
    """A new feed token and its secret, which only this return value ever holds."""
    return create_token(user, TokenKind.FEED, name)


def feed_user(secret: str) -> User:
    """The user a feed secret stands for, noting its use; FeedRefused when it stands for none."""
    token = db.session.scalar(
        select(AccessToken).where(
            AccessToken.token_digest == digest(secret),
            AccessToken.kind == TokenKind.FEED,
        )
    )
    if token is None:
        raise FeedRefused(
            401,
            "This calendar link is not valid. Create a new one on the "
            "tracker's “Subscribe to milestones” page.",
        )
    if token.revoked_at is not None:
        raise FeedRefused(
            403,
            "This calendar link was revoked. Create a new one on the "
            "tracker's “Subscribe to milestones” page.",
        )
    if not token.user.active:
        raise FeedRefused(403, "The account this calendar link belongs to is deactivated.")
    note_use(token)
    db.session.flush()
    return token.user
