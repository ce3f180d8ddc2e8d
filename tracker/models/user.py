"""People who use the tracker, their roles, and every attempt to log in."""

from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.extensions import db
from tracker.models.base import LabelledEnum, TimestampMixin, enum_column, utcnow


class Role(LabelledEnum):
    VIEWER = "viewer"
    ANALYST = "analyst"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def allows(self, needed: Role) -> bool:
        """Roles are nested: an admin may do all an analyst may, an analyst all a viewer may."""
        return self.rank >= needed.rank


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "user_account"  # "user" is reserved in PostgreSQL
    NATURAL_KEY = "username"  # how the audit trail names an account it links to

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = enum_column(Role, default=Role.VIEWER)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set when an admin resets the password: the next login must choose a new one first.
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=sa_false()
    )
    # Bumped at logout and deactivation: every session cookie naming an older epoch is void.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    def set_password(self, password: str) -> None:
        config = current_app.config if current_app else {}
        method = config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """The session names the user and the epoch it was issued in."""
        return f"{self.id}:{self.session_epoch}"

    def end_all_sessions(self) -> None:
        self.session_epoch += 1

    def can(self, needed: Role) -> bool:
        return self.active and self.role.allows(needed)

    @property
    def label(self) -> str:
        return self.username

    def __repr__(self) -> str:
        return f"<User {self.username!r} {self.role.value}>"


class LoginAttempt(db.Model):
    """Every login attempt, successful or not: for auditors and for spotting guessing."""

    __tablename__ = "login_attempt"
    # The failed-login limit counts an address's recent failures (tracker/auth/limits.py).
    __table_args__ = (Index("ix_login_attempt_remote_addr_at", "remote_addr", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    username: Mapped[str] = mapped_column(String(80))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    success: Mapped[bool] = mapped_column(Boolean)
    remote_addr: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(300))
