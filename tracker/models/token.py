"""Access tokens: bearer tokens for the JSON API, and calendar feed tokens.

Only a SHA-256 digest of a token is stored: the token itself is shown once,
when it is made. Tokens are long random strings, so a fast digest is enough.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.base import LabelledEnum, enum_column, utcnow
from tracker.models.user import User


class TokenKind(LabelledEnum):
    API = "api"
    FEED = "feed"

    @property
    def label(self) -> str:
        return "API" if self is TokenKind.API else "Calendar feed"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


class AccessToken(db.Model):
    __tablename__ = "access_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    kind: Mapped[TokenKind] = enum_column(TokenKind)
    name: Mapped[str] = mapped_column(String(80), default="")
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()

    @property
    def label(self) -> str:
        """What the audit trail calls it: never the token, which is not stored."""
        return f"{self.kind.label} token “{self.name}”" if self.name else f"{self.kind.label} token"

    @property
    def active(self) -> bool:
        return self.revoked_at is None and self.user.active

    def __repr__(self) -> str:
        return f"<AccessToken {self.id} {self.kind.value} user={self.user_id}>"
