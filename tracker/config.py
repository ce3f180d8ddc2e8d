"""Configuration read from the environment.

DATABASE_URL   SQLAlchemy URL; default: the SQLite file data/tracker.sqlite3
SECRET_KEY     signs sessions and CSRF tokens; generated once into the
               instance folder when not given, required when TRACKER_ENV=production
TRACKER_ENV    "production" makes a missing SECRET_KEY fatal
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = ROOT / "data" / "tracker.sqlite3"


def database_url(value: str | None) -> str:
    """Normalise a DATABASE_URL so PostgreSQL always goes through psycopg 3."""
    if not value:
        return f"sqlite:///{DEFAULT_DATABASE}"
    for prefix in ("postgres://", "postgresql://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix):]
    return value


class Config:
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"))
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SECRET_KEY = os.environ.get("SECRET_KEY")
    PRODUCTION = os.environ.get("TRACKER_ENV", "").lower() == "production"
    # A form left open over lunch should still save: the token is bound to the session.
    WTF_CSRF_TIME_LIMIT = None
    AGREEMENTS_PER_PAGE = 25
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024
    # Flask-Compress's streamed compression leaves static files open; pages still compress.
    COMPRESS_STREAMS = False


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key"  # noqa: S105 - fixed key for the test suite only
    WTF_CSRF_ENABLED = False
    SQLALCHEMY_DATABASE_URI = "sqlite://"


def load_secret_key(instance_path: str | Path, production: bool) -> str:
    """Return the instance folder's secret key, creating it on first use.

    Production must be given SECRET_KEY explicitly: a key generated on one
    server would silently differ from the next one's.
    """
    if production:
        raise RuntimeError("SECRET_KEY must be set when TRACKER_ENV=production.")
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
