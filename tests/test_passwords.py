"""Passwords: a person changes their own, an admin resets one, the command line sets one; every
change is audited, and a reset password only lets its holder choose a new one."""

from __future__ import annotations

import datetime as dt
import re

from conftest import PASSWORD
from helpers import audit_trail
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import AccessToken, User

NEW = "a brand new passphrase"


def log_in(client, username: str, password: str):
    return client.post("/login", data={"username": username, "password": password})


def reload(user: User) -> User:
    db.session.rollback()  # see what the request or the command committed
    return db.session.get(User, user.id)


def change(client, current=PASSWORD, new=NEW, repeat=None):
    return client.post(
        "/settings/password",
        data={"current_password": current, "new_password": new, "repeat_password": repeat or new},
    )


# A person's own password


def test_changing_your_password_keeps_you_signed_in_and_ends_your_other_sessions(app, login_as):
    client = login_as("viewer")
    elsewhere = app.test_client()
    log_in(elsewhere, client.user.username, PASSWORD)

    response = change(client)

    assert response.status_code == 302
    assert client.get("/agreements").status_code == 200
    assert elsewhere.get("/agreements").status_code == 302  # back to the login page
    assert log_in(app.test_client(), client.user.username, PASSWORD).status_code == 200
    assert log_in(app.test_client(), client.user.username, NEW).status_code == 302


def test_a_wrong_current_password_changes_nothing(app, login_as):
    client = login_as("viewer")

    response = change(client, current="not my password")

    assert response.status_code == 200
    assert "This is not your current password." in response.text
    assert log_in(app.test_client(), client.user.username, PASSWORD).status_code == 302


def test_a_new_password_must_be_long_repeated_and_new(login_as):
    client = login_as("viewer")

    short = change(client, new="short")
    differ = change(client, repeat="a different passphrase")
    same = change(client, new=PASSWORD)

    assert "A password needs 10 to 200 characters." in short.text
    assert "The two new passwords differ." in differ.text
    assert "Choose a password other than the current one." in same.text
    assert {short.status_code, differ.status_code, same.status_code} == {200}


def test_a_change_is_audited_without_the_hash(login_as):
    client = login_as("analyst")
    before = len(audit_trail("user"))

    change(client)

    [entry] = audit_trail("user")[before:]
    assert entry["changes"] == {"password": ["(hidden)", "(changed)"]}
    assert entry["actor"] == client.user.username


# An admin's reset


def reset(admin, user: User):
    return admin.post(f"/users/{user.id}/reset-password")


def shown_password(response) -> str:
    return re.search(r'<code id="reset-password">([^<]+)</code>', response.text).group(1)


def test_a_reset_shows_a_new_password_once_and_ends_the_persons_sessions(app, login_as, make_user):
    admin = login_as("admin")
    person = login_as("analyst")

    response = reset(admin, person.user)

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert len(shown_password(response)) >= 12
    assert person.get("/agreements").status_code == 302
    assert reload(person.user).must_change_password is True
    assert log_in(app.test_client(), person.user.username, PASSWORD).status_code == 200


def test_a_reset_password_only_lets_its_holder_choose_a_new_one(app, login_as):
    admin = login_as("admin")
    user = login_as("analyst").user
    given = shown_password(reset(admin, user))
    client = app.test_client()

    assert log_in(client, user.username, given).status_code == 302
    assert client.get("/agreements").headers["Location"] == "/settings/password"
    assert client.post("/agreements/new", data={}).headers["Location"] == "/settings/password"
    assert change(client, current=given).status_code == 302
    assert client.get("/agreements").status_code == 200
    assert reload(user).must_change_password is False
    assert log_in(app.test_client(), user.username, given).status_code == 200


def test_a_reset_is_audited(login_as):
    admin = login_as("admin")
    user = login_as("viewer").user
    before = len(audit_trail("user"))

    reset(admin, user)

    [entry] = audit_trail("user")[before:]
    assert entry["changes"] == {
        "password": ["(hidden)", "(changed)"],
        "must_change_password": [False, True],
    }


def test_an_admin_changes_their_own_password_under_settings_not_by_reset(login_as):
    admin = login_as("admin")

    response = reset(admin, admin.user)

    assert response.status_code == 302
    assert reload(admin.user).must_change_password is False


def test_only_an_admin_may_reset(login_as, make_user):
    analyst = login_as("analyst")
    user = make_user("viewer")

    assert reset(analyst, user).status_code == 403
    assert reload(user).must_change_password is False


# The command line


def test_set_password_reads_stdin_and_ends_the_sessions(app, runner, login_as):
    client = login_as("viewer")

    result = runner.invoke(
        args=["set-password", client.user.username, "--password-stdin"], input=NEW + "\n"
    )

    assert result.exit_code == 0, result.output
    assert client.get("/agreements").status_code == 302
    assert log_in(app.test_client(), client.user.username, NEW).status_code == 302
    assert audit_trail("user")[-1]["changes"] == {"password": ["(hidden)", "(changed)"]}


def test_set_password_refuses_a_short_one(runner, make_user):
    user = make_user("viewer")

    result = runner.invoke(args=["set-password", user.username, "--password-stdin"], input="x\n")

    assert result.exit_code == 1
    assert "at least 10 characters" in result.output


# Tokens


def test_making_and_revoking_a_token_is_audited_never_the_token(login_as):
    client = login_as("analyst")

    page = client.post("/settings/", data={"name": "nightly sync"})
    secret = re.search(r'<code id="new-token">([^<]+)</code>', page.text).group(1)
    token = db.session.scalars(select(AccessToken)).one()
    client.post(f"/settings/tokens/{token.id}/revoke")

    created, revoked = audit_trail("token")
    assert created["changes"] == {
        "name": [None, "nightly sync"],
        "kind": [None, "api"],
        "user": [None, client.user.username],
    }
    assert created["record_label"] == "API token “nightly sync”"
    assert list(revoked["changes"]) == ["revoked_at"]
    assert secret not in str(created) + str(revoked)


def test_a_tokens_last_use_is_kept_to_the_minute(api_as):
    client = api_as("viewer")

    def last_used():
        db.session.rollback()
        return db.session.scalars(select(AccessToken)).one().last_used_at

    client.get("/api/v1/agreements")
    first = last_used()
    client.get("/api/v1/agreements")
    again = last_used()
    row = db.session.scalars(select(AccessToken)).one()
    row.last_used_at = first - dt.timedelta(minutes=2)
    db.session.commit()
    client.get("/api/v1/agreements")

    assert first is not None
    assert again == first  # a second use within the minute writes nothing
    assert last_used() > first - dt.timedelta(minutes=2)
    assert audit_trail("token", "update") == []  # use is bookkeeping, not a change
