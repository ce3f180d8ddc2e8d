"""Accounts: create, change role, deactivate, passwords, authenticate. The caller commits."""

from __future__ import annotations

import secrets
from functools import cache

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import LoginAttempt, Role, User
from tracker.models.base import utcnow

MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    """A request about accounts that cannot be carried out, with the reason."""


def user_named(username: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.username) == username.lower()))


def create_user(username: str, password: str, role: Role) -> User:
    username = username.strip()
    if not username or len(username) > 80:
        raise AccountError("A username is 1 to 80 characters.")
    if user_named(username) is not None:
        raise AccountError(f"The user “{username}” exists already.")
    check_new_password(password)
    user = User(username=username, role=role, active=True, session_epoch=0)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")


def set_password(user: User, password: str) -> User:
    """A password the person chose: it replaces any reset one, and every session ends (the
    caller logs the person back in when they changed it themselves)."""
    check_new_password(password)
    user.set_password(password)
    user.must_change_password = False
    user.end_all_sessions()
    db.session.flush()
    return user


def reset_password(user: User) -> str:
    """An admin's reset: a random password, returned once to be handed over, that only lets
    its holder choose a new one. Every session of the person ends."""
    password = secrets.token_urlsafe(12)
    user.set_password(password)
    user.must_change_password = True
    user.end_all_sessions()
    db.session.flush()
    return password


def set_role(user: User, role: Role) -> User:
    if user.role is not role:
        user.role = role
        user.end_all_sessions()  # a narrower role takes effect at once
    db.session.flush()
    return user


def set_active(user: User, active: bool) -> User:
    if user.active != active:
        user.active = active
        user.end_all_sessions()
    db.session.flush()
    return user


def authenticate(
    username: str, password: str, remote_addr: str | None, user_agent: str | None
) -> User | None:
    """The user if the password is right and the account active; every attempt is recorded.

    Every answer costs one password check, whether the account is active, inactive or
    unknown: a faster "no" would tell which accounts exist.
    """
    username, user_agent = _visible_nul(username), _visible_nul(user_agent or "")
    user = user_named(username)
    checked = user if user is not None and user.password_hash else User(password_hash=_dummy_hash())
    password_ok = checked.check_password(password)
    ok = user is not None and user.active and password_ok
    db.session.add(
        LoginAttempt(
            username=username[:80],
            user_id=user.id if user else None,
            success=ok,
            remote_addr=(remote_addr or "")[:64] or None,
            user_agent=user_agent[:300] or None,
        )
    )
    if ok:
        user.last_login_at = utcnow()
    db.session.flush()
    return user if ok else None


def _visible_nul(text: str) -> str:
    """A NUL shown as U+FFFD: such a probe is still recorded, and PostgreSQL takes no NUL."""
    return text.replace("\x00", "\ufffd")


def end_sessions(user: User) -> None:
    user.end_all_sessions()
    db.session.flush()


def ensure_admin() -> tuple[User, str] | None:
    """On a database with no users, create "admin" with a random password (returned once)."""
    if db.session.scalar(select(func.count(User.id))):
        return None
    password = secrets.token_urlsafe(15)
    return create_user("admin", password, Role.ADMIN), password


@cache
def _dummy_hash() -> str:
    user = User()
    user.set_password(secrets.token_hex(8))
    return user.password_hash
