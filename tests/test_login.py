"""Logging in and out: the form, the record of every attempt, the limit, and when sessions end."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from conftest import PASSWORD
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import LoginAttempt, User

WRONG = "not the password at all"
FAILED = "Unknown username or wrong password."


def log_in(client, username: str, password: str = PASSWORD, **kwargs):
    return client.post("/login", data={"username": username, "password": password}, **kwargs)


def without_token(page: str) -> str:
    """The page less its form's CSRF token, which differs for every session."""
    return re.sub(r'name="csrf_token"([^>]*) value="[^"]*"', r'name="csrf_token"\1', page)


def user_form(user: User, fields: dict) -> dict:
    """What the user's edit page posts: the fields, and the version the page was opened on."""
    return {**fields, "version": str(reload(user).version)}


def attempts() -> list[tuple[str, int | None, bool]]:
    db.session.rollback()  # see what the requests committed
    rows = db.session.scalars(select(LoginAttempt).order_by(LoginAttempt.id))
    return [(a.username, a.user_id, a.success) for a in rows]


def reload(user: User) -> User:
    db.session.rollback()  # see what the request or the command committed
    return db.session.get(User, user.id)


def is_logged_in(client) -> bool:
    response = client.get("/agreements")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def session_cookie(client) -> str | None:
    cookie = client.get_cookie("tracker_session")
    return cookie.value if cookie else None


# The form


def test_login_form_labels_its_inputs_username_and_password(anonymous):
    page = anonymous.get("/login").text

    assert '<label for="username">Username</label>' in page
    assert '<label for="password">Password</label>' in page
    assert re.search(r'<input [^>]*id="username" [^>]*name="username"', page)
    assert re.search(r'<input [^>]*id="password" [^>]*name="password" [^>]*type="password"', page)


def test_logging_in_through_the_form_opens_the_pages(anonymous, make_user):
    user = make_user("viewer")

    response = log_in(anonymous, user.username)

    assert response.status_code == 302
    assert response.location == "/"
    page = anonymous.get("/agreements")
    assert page.status_code == 200
    assert user.username in page.text


def test_usernames_are_matched_regardless_of_case(anonymous, make_user):
    make_user("viewer", "Kari.Nordmann")

    assert log_in(anonymous, "kari.nordmann").status_code == 302


def test_wrong_password_and_unknown_user_get_the_same_answer(app, make_user):
    user = make_user("viewer")

    wrong_password = log_in(app.test_client(), user.username, WRONG)
    unknown_user = log_in(app.test_client(), "nobody-here", WRONG)

    for response in (wrong_password, unknown_user):
        assert response.status_code == 200
        assert FAILED in response.text
    assert without_token(wrong_password.text).replace(user.username, "NAME") == (
        without_token(unknown_user.text).replace("nobody-here", "NAME")
    )


def test_failed_attempts_are_recorded(app, make_user):
    user = make_user("viewer")

    log_in(app.test_client(), user.username, WRONG)
    log_in(app.test_client(), "nobody-here", WRONG)

    assert attempts() == [(user.username, user.id, False), ("nobody-here", None, False)]


def test_attempts_record_the_address_and_the_browser(anonymous, make_user):
    user = make_user("viewer")

    log_in(
        anonymous,
        user.username,
        WRONG,
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
        headers={"User-Agent": "Guesser/1.0"},
    )

    attempt = db.session.scalars(select(LoginAttempt)).one()
    assert (attempt.remote_addr, attempt.user_agent) == ("192.0.2.7", "Guesser/1.0")


def test_an_attempt_with_an_overlong_username_is_recorded_too(anonymous):
    probe = "' OR 1=1 -- " + "x" * 100

    response = log_in(anonymous, probe, WRONG)

    assert response.status_code == 200
    assert attempts() == [(probe[:80], None, False)]


def test_a_successful_login_is_recorded_and_stamps_the_last_login(anonymous, make_user):
    user = make_user("viewer")
    before = dt.datetime.now(dt.UTC)

    log_in(anonymous, user.username)

    assert attempts() == [(user.username, user.id, True)]
    last = reload(user).last_login_at
    assert last is not None
    assert last.replace(tzinfo=last.tzinfo or dt.UTC) >= before - dt.timedelta(seconds=1)


def test_login_starts_a_new_session(anonymous, make_user):
    user = make_user("viewer")
    with anonymous.session_transaction() as session:
        session["planted"] = "by someone else"
    before = session_cookie(anonymous)

    log_in(anonymous, user.username)

    assert session_cookie(anonymous) not in (None, before)
    with anonymous.session_transaction() as session:
        assert "planted" not in session


def test_login_returns_to_the_page_asked_for(anonymous, make_user):
    user = make_user("viewer")

    response = log_in(anonymous, user.username, query_string={"next": "/agreements?status=signed"})

    assert response.location == "/agreements?status=signed"


def test_login_with_a_next_page_on_another_site_lands_on_the_dashboard(anonymous, make_user):
    user = make_user("viewer")

    response = log_in(anonymous, user.username, query_string={"next": "https://evil.example/"})

    assert response.location == "/"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "///evil.example/",
        "////evil.example/",
        "/\t/evil.example/",
        "\t//evil.example/",
        "/\n/evil.example/",
        "/\r\n/evil.example/",
        "/%0a/x\n",
        "javascript:alert(1)",
        "/\\/evil.example/",
    ],
)
def test_login_never_returns_to_another_site(anonymous, make_user, target):
    user = make_user("viewer")

    response = log_in(anonymous, user.username, query_string={"next": target})

    assert response.status_code == 302
    # What browsers resolve to another host: a scheme, or two leading slashes or
    # backslashes, with tabs and newlines ignored.
    location = re.sub(r"[\t\r\n]", "", response.location)
    assert location.startswith("/")
    assert location[1:2] not in ("/", "\\")


def test_a_next_page_with_a_newline_lands_on_the_dashboard_with_a_session(anonymous, make_user):
    """The newline once reached the Location header and turned a correct login into a 500."""
    user = make_user("viewer")

    response = log_in(anonymous, user.username, query_string={"next": "/a\nb"})

    assert (response.status_code, response.location) == (302, "/")
    assert is_logged_in(anonymous)


# Telling accounts apart


@pytest.fixture
def password_checks(monkeypatch):
    """Every password hash the login checks, in order."""
    import tracker.models.user as user_model

    seen = []
    real = user_model.check_password_hash

    def check(hashed, password):
        seen.append(hashed)
        return real(hashed, password)

    monkeypatch.setattr(user_model, "check_password_hash", check)
    return seen


@pytest.mark.parametrize("account", ["active", "inactive", "unknown"])
def test_every_failed_login_costs_one_password_check(
    app, runner, make_user, password_checks, account
):
    """An inactive account once answered without checking the password: ten times faster."""
    user = make_user("viewer")
    if account == "inactive":
        runner.invoke(args=["deactivate", user.username])
    name = "nobody-here" if account == "unknown" else user.username
    password_checks.clear()

    response = log_in(app.test_client(), name, PASSWORD if account == "inactive" else WRONG)

    assert FAILED in response.text
    assert len(password_checks) == 1


def test_a_nul_in_the_username_or_browser_is_recorded_not_a_server_error(anonymous, make_user):
    user = make_user("viewer")

    response = log_in(anonymous, user.username + "\x00", headers={"User-Agent": "probe\x00/1"})

    assert response.status_code == 200
    assert FAILED in response.text
    db.session.rollback()
    attempt = db.session.scalars(select(LoginAttempt).order_by(LoginAttempt.id.desc())).first()
    assert (attempt.username, attempt.user_agent, attempt.success) == (
        user.username + "\ufffd",
        "probe\ufffd/1",
        False,
    )


# The limit on failed logins


def test_failed_logins_beyond_the_limit_are_refused_even_with_the_right_password(
    app, anonymous, make_user
):
    app.config["LOGIN_LIMIT"] = "3 per minute"
    user = make_user("viewer")

    failures = [log_in(anonymous, user.username, WRONG).status_code for _ in range(3)]
    response = log_in(anonymous, user.username)

    assert failures == [200, 200, 200]
    assert response.status_code == 429
    assert not is_logged_in(anonymous)


def test_the_limit_counts_failures_per_address(app, make_user):
    app.config["LOGIN_LIMIT"] = "3 per minute"
    user = make_user("viewer")
    guesser, colleague = app.test_client(), app.test_client()

    for _ in range(4):
        log_in(guesser, user.username, WRONG, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    response = log_in(colleague, user.username, environ_base={"REMOTE_ADDR": "192.0.2.8"})

    assert response.status_code == 302


def test_successful_logins_do_not_count_against_the_limit(app, anonymous, make_user):
    app.config["LOGIN_LIMIT"] = "3 per minute"
    user = make_user("viewer")

    successes = [log_in(anonymous, user.username).status_code for _ in range(4)]
    failures = [log_in(anonymous, user.username, WRONG).status_code for _ in range(3)]

    assert successes == [302, 302, 302, 302]
    assert failures == [200, 200, 200]


def test_the_limit_says_when_to_try_again(app, anonymous, make_user):
    app.config["LOGIN_LIMIT"] = "2 per minute"
    user = make_user("viewer")

    for _ in range(2):
        log_in(anonymous, user.username, WRONG)
    response = log_in(anonymous, user.username)

    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert "Too many failed logins" in response.get_data(as_text=True)


def test_the_limit_counts_failures_any_worker_recorded_in_the_database(app, make_user):
    """Another worker or server records its failures in the same table: they count here.
    (tests/e2e/test_two_servers.py shows it with two real servers.)"""
    app.config["LOGIN_LIMIT"] = "3 per minute"
    user = make_user("viewer")
    for _ in range(3):  # as another process would have recorded them
        db.session.add(
            LoginAttempt(
                username=user.username, user_id=user.id, success=False, remote_addr="127.0.0.1"
            )
        )
    db.session.commit()

    response = log_in(app.test_client(), user.username)

    assert response.status_code == 429


def test_failures_older_than_the_window_no_longer_count(app, anonymous, make_user):
    app.config["LOGIN_LIMIT"] = "2 per minute"
    user = make_user("viewer")
    for _ in range(2):
        log_in(anonymous, user.username, WRONG)
    an_hour_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    for attempt in db.session.scalars(select(LoginAttempt)):
        attempt.at = an_hour_ago
    db.session.commit()

    assert log_in(anonymous, user.username).status_code == 302


# Logging out


def test_logging_out_needs_a_post(client):
    assert client.get("/logout").status_code == 405
    assert is_logged_in(client)


@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
def test_every_role_may_log_out(login_as, role):
    client = login_as(role)

    response = client.post("/logout")

    assert response.status_code == 302
    assert response.location == "/login"
    assert not is_logged_in(client)


def test_logging_out_ends_every_session_of_the_user(login_as):
    laptop = login_as("analyst")
    phone = login_as("analyst", laptop.user)

    laptop.post("/logout")

    assert not is_logged_in(phone)


def test_logging_out_leaves_other_users_logged_in(login_as):
    mine, theirs = login_as("analyst"), login_as("analyst")

    mine.post("/logout")

    assert is_logged_in(theirs)


# Deactivation and role changes


def test_deactivating_a_user_on_the_command_line_ends_their_sessions(runner, login_as):
    client = login_as("analyst")

    result = runner.invoke(args=["deactivate", client.user.username])

    assert result.exit_code == 0, result.output
    db.session.rollback()  # the command committed in a session of its own
    assert not is_logged_in(client)


def test_a_deactivated_user_cannot_log_in(app, runner, make_user):
    user = make_user("viewer")
    runner.invoke(args=["deactivate", user.username])

    response = log_in(app.test_client(), user.username)

    assert response.status_code == 200
    assert FAILED in response.text
    assert attempts()[-1] == (user.username, user.id, False)


def test_an_admin_deactivating_a_user_ends_their_sessions_and_blocks_login(
    app, login_as, make_user
):
    admin = login_as("admin")
    user = make_user("analyst")
    client = login_as("analyst", user)

    # The "active" box is left unticked.
    response = admin.post(f"/users/{user.id}", data=user_form(user, {"role": "analyst"}))

    assert response.status_code == 302
    assert reload(user).active is False
    assert not is_logged_in(client)
    assert log_in(app.test_client(), user.username).status_code == 200


def test_an_admin_reactivating_a_user_lets_them_log_in_again(app, login_as, make_user):
    admin = login_as("admin")
    user = make_user("analyst")
    admin.post(f"/users/{user.id}", data=user_form(user, {"role": "analyst"}))

    admin.post(f"/users/{user.id}", data=user_form(user, {"role": "analyst", "active": "y"}))

    assert log_in(app.test_client(), user.username).status_code == 302


def test_changing_a_role_on_the_command_line_ends_the_users_sessions(runner, login_as):
    client = login_as("analyst")

    result = runner.invoke(args=["set-role", client.user.username, "viewer"])

    assert result.exit_code == 0, result.output
    db.session.rollback()
    assert not is_logged_in(client)


def test_changing_a_role_on_the_users_page_ends_the_users_sessions(login_as):
    admin = login_as("admin")
    client = login_as("analyst")

    admin.post(
        f"/users/{client.user.id}", data=user_form(client.user, {"role": "viewer", "active": "y"})
    )

    assert not is_logged_in(client)


def test_saving_a_user_unchanged_leaves_their_sessions_alone(login_as):
    admin = login_as("admin")
    client = login_as("analyst")

    admin.post(
        f"/users/{client.user.id}", data=user_form(client.user, {"role": "analyst", "active": "y"})
    )

    assert is_logged_in(client)


@pytest.mark.parametrize(
    "change", [{"role": "admin"}, {"role": "analyst", "active": "y"}], ids=["deactivate", "demote"]
)
def test_an_admin_cannot_deactivate_or_demote_themself(login_as, change):
    admin = login_as("admin")

    response = admin.post(f"/users/{admin.user.id}", data=user_form(admin.user, change))

    assert response.status_code == 400
    assert "You cannot remove your own admin role or deactivate yourself." in response.text
    me = reload(admin.user)
    assert (me.role.value, me.active) == ("admin", True)
    assert admin.get("/users/").status_code == 200


# The session cookie


def test_a_session_ends_after_the_inactivity_timeout(app, anonymous, make_user):
    app.config["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(seconds=1)
    user = make_user("viewer")
    log_in(anonymous, user.username)
    assert is_logged_in(anonymous)

    time.sleep(2.1)

    response = anonymous.get("/agreements")
    assert response.status_code == 302
    assert response.location.startswith("/login")


def cookie_flags(response) -> set[str]:
    """The attributes of the session cookie the response sets, lower-cased, values dropped."""
    header = next(
        value
        for value in response.headers.getlist("Set-Cookie")
        if value.startswith("tracker_session=")
    )
    return {part.strip().lower() for part in header.split(";")[1:]}


def test_the_session_cookie_is_httponly_and_samesite_lax_over_http(anonymous, make_user):
    user = make_user("viewer")

    flags = cookie_flags(log_in(anonymous, user.username))

    assert {"httponly", "samesite=lax"} <= flags
    assert "secure" not in flags


def test_the_session_cookie_is_secure_over_https(anonymous, make_user):
    user = make_user("viewer")

    flags = cookie_flags(log_in(anonymous, user.username, base_url="https://localhost"))

    assert {"httponly", "samesite=lax", "secure"} <= flags
