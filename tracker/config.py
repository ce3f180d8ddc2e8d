"""Configuration read from the environment.

DATABASE_URL   SQLAlchemy URL; default: the SQLite file data/tracker.sqlite3
SECRET_KEY     signs sessions and CSRF tokens; when not given, read from the instance
               folder, where `tracker secret-key` makes one (make run and make dev
               run it); required when TRACKER_ENV=production
TRACKER_ENV    "production" makes a missing SECRET_KEY fatal
TRACKER_PUBLIC_READ=1        anonymous visitors may read (never write)
TRACKER_SESSION_MINUTES      inactivity timeout of a login session (default 30)
TRACKER_LOGIN_LIMIT          failed logins allowed per address (default "5 per minute; 30 per hour")
TRACKER_SECURE_COOKIES=1     mark cookies Secure even when TLS ends at a proxy
TRACKER_BEHIND_PROXY=1       trust one proxy's X-Forwarded-For/-Proto headers
TRACKER_IMPORT_MAX_MB        largest web import upload, in MB (default 5)
TRACKER_BASE_URL             the address people reach the tracker at, for links in calendar
                             feeds (default http://127.0.0.1:5000; `make run` sets its own)
TRACKER_REPORTING_CURRENCY   the currency commitment totals are shown in (default EUR)
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import tempfile
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = ROOT / "data" / "tracker.sqlite3"
INSTANCE_FOLDER = ROOT / "instance"
SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name, not a key


def database_url(value: str | None) -> str:
    """Normalise a DATABASE_URL so PostgreSQL always goes through psycopg 3."""
    if not value:
        return f"sqlite:///{DEFAULT_DATABASE}"
    for prefix in ("postgres://", "postgresql://"):
        if value.startswith(prefix):
            return "postgresql+psycopg://" + value[len(prefix) :]
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
    # The import page has its own limit: a whole data set is larger than any form.
    IMPORT_MAX_MB = float(os.environ.get("TRACKER_IMPORT_MAX_MB", "5"))
    # Flask-Compress's streamed compression leaves static files open; pages still compress.
    COMPRESS_STREAMS = False
    PUBLIC_READ = os.environ.get("TRACKER_PUBLIC_READ") == "1"
    PERMANENT_SESSION_LIFETIME = dt.timedelta(
        minutes=int(os.environ.get("TRACKER_SESSION_MINUTES", "30"))
    )
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("TRACKER_SECURE_COOKIES") == "1"
    SESSION_COOKIE_NAME = "tracker_session"
    BEHIND_PROXY = os.environ.get("TRACKER_BEHIND_PROXY") == "1"
    # Links that leave the browser (calendar feeds) start here, never at the request's Host.
    BASE_URL = os.environ.get("TRACKER_BASE_URL") or None
    LOGIN_LIMIT = os.environ.get("TRACKER_LOGIN_LIMIT", "5 per minute; 30 per hour")
    # Commitment totals are shown in this currency, through the analysts' exchange rates.
    REPORTING_CURRENCY = os.environ.get("TRACKER_REPORTING_CURRENCY", "EUR").strip().upper()


class TestConfig(Config):
    """The suite's app differs from production in these three values only: whatever else
    the tests switched off (CSRF, error propagation) they would no longer prove."""

    SECRET_KEY = "test-secret-key"  # noqa: S105 - fixed key for the test suite only
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    # Still scrypt, with cheap parameters: hundreds of test users would otherwise cost minutes.
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"  # noqa: S105 - a hashing method, not a password


def secret_key(instance_path: str | Path, production: bool) -> str:
    """The instance folder's secret key, which ``tracker secret-key`` makes (``make run``
    and ``make dev`` run it): reading it writes nothing.

    Production must be given SECRET_KEY explicitly: a key generated on one
    server would silently differ from the next one's.
    """
    if production:
        raise RuntimeError("SECRET_KEY must be set when TRACKER_ENV=production.")
    path = Path(instance_path) / SECRET_KEY_FILE
    if not path.exists():
        raise RuntimeError(
            f"No SECRET_KEY: set it, or run `tracker secret-key` to make one in "
            f"{path} (`make run` and `make dev` do)."
        )
    return _read_key(path)


def make_secret_key(instance_path: str | Path = INSTANCE_FOLDER) -> str:
    """The instance folder's secret key, made on first use and read back after."""
    path = Path(instance_path) / SECRET_KEY_FILE
    if path.exists():
        return _read_key(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Several processes may start at once on a fresh instance folder. Each writes a whole
    # key to a file of its own, then links it into place: a link either wins or fails, so
    # nobody ever reads a half-written key, and the losers read the winner's.
    fd, temporary = tempfile.mkstemp(prefix=".secret_key-", dir=path.parent)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)
    return _read_key(path)


def _read_key(path: Path) -> str:
    key = path.read_text().strip()
    if not key:
        raise RuntimeError(f"{path} is empty: delete it, or set SECRET_KEY.")
    return key


def check_reporting_currency(code: str) -> None:
    """Refuse to start with a reporting currency no rate could ever name."""
    if pycountry.currencies.get(alpha_3=code) is None:
        raise RuntimeError(
            f"TRACKER_REPORTING_CURRENCY is “{code}”, not an ISO 4217 currency code such as EUR."
        )
