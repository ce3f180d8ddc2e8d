"""Accounts from the command line and the users page: create, set role, deactivate, first admin."""

from __future__ import annotations

import re

import pytest
from conftest import PASSWORD
from helpers import count
from sqlalchemy import delete, select

from tracker.auth.operations import create_user
from tracker.extensions import db
from tracker.models import Role, User


def stored(username: str) -> User | None:
    db.session.rollback()  # see what the command or the request committed
    return db.session.scalars(select(User).where(User.username == username)).one_or_none()


# create-user


def test_create_user_reads_the_password_from_standard_input(runner):
    result = runner.invoke(
        args=["create-user", "kari", "--role", "analyst", "--password-stdin"], input=PASSWORD + "\n"
    )

    assert result.exit_code == 0, result.output
    assert "Created analyst “kari”." in result.output
    user = stored("kari")
    assert user.role is Role.ANALYST
    assert user.active
    assert user.check_password(PASSWORD)


def test_create_user_asks_for_the_password_twice(runner):
    result = runner.invoke(args=["create-user", "kari"], input=f"{PASSWORD}\n{PASSWORD}\n")

    assert result.exit_code == 0, result.output
    assert result.output.count("Password") == 1
    assert "Repeat for confirmation" in result.output
    assert PASSWORD not in result.output  # the prompt hides what is typed
    assert stored("kari").check_password(PASSWORD)


def test_create_user_makes_a_viewer_unless_told_otherwise(runner):
    runner.invoke(args=["create-user", "kari", "--password-stdin"], input=PASSWORD + "\n")

    assert stored("kari").role is Role.VIEWER


def test_create_user_refuses_passwords_that_do_not_match(runner):
    result = runner.invoke(args=["create-user", "kari"], input=f"{PASSWORD}\nsomething else\n")

    assert result.exit_code != 0
    assert "do not match" in result.output
    assert stored("kari") is None


def test_create_user_refuses_a_short_password(runner):
    result = runner.invoke(args=["create-user", "kari", "--password-stdin"], input="short\n")

    assert result.exit_code != 0
    assert "A password needs at least 10 characters." in result.output
    assert stored("kari") is None


@pytest.mark.parametrize("name", ["kari", "KARI"])
def test_create_user_refuses_a_name_that_is_taken(runner, make_user, name):
    make_user("viewer", "kari")

    result = runner.invoke(args=["create-user", name, "--password-stdin"], input=PASSWORD + "\n")

    assert result.exit_code != 0
    assert "exists already" in result.output
    assert count(User) == 1


def test_create_user_refuses_an_unknown_role(runner):
    result = runner.invoke(
        args=["create-user", "kari", "--role", "owner", "--password-stdin"], input=PASSWORD + "\n"
    )

    assert result.exit_code != 0
    assert "owner" in result.output
    assert stored("kari") is None


# set-role and deactivate


def test_set_role_changes_the_role(runner, make_user):
    user = make_user("viewer")

    result = runner.invoke(args=["set-role", user.username, "admin"])

    assert result.exit_code == 0, result.output
    assert f"“{user.username}” is now admin." in result.output
    assert stored(user.username).role is Role.ADMIN


def test_deactivate_stops_the_user(runner, make_user):
    user = make_user("analyst")

    result = runner.invoke(args=["deactivate", user.username])

    assert result.exit_code == 0, result.output
    assert "deactivated" in result.output
    assert stored(user.username).active is False


@pytest.mark.parametrize(
    "args",
    [["set-role", "nobody", "admin"], ["deactivate", "nobody"]],
    ids=["set-role", "deactivate"],
)
def test_commands_about_an_unknown_user_fail_and_say_so(runner, make_user, args):
    make_user("viewer", "somebody")

    result = runner.invoke(args=args)

    assert result.exit_code != 0
    assert "No user named “nobody”." in result.output
    assert stored("somebody").role is Role.VIEWER
    assert stored("somebody").active


# ensure-admin: the first account


def test_ensure_admin_creates_an_admin_on_an_empty_database_and_prints_its_password(runner):
    result = runner.invoke(args=["ensure-admin"])

    assert result.exit_code == 0, result.output
    password = re.search(r"password (\S+)", result.output).group(1)
    admin = stored("admin")
    assert admin.role is Role.ADMIN
    assert admin.check_password(password)
    assert len(password) >= 10


def test_ensure_admin_passwords_are_random(app, runner):
    first = runner.invoke(args=["ensure-admin"]).output
    db.session.execute(delete(User))
    db.session.commit()

    second = runner.invoke(args=["ensure-admin"]).output

    assert re.search(r"password (\S+)", first).group(1) != re.search(
        r"password (\S+)", second
    ).group(1)


def test_ensure_admin_prints_the_password_once_and_creates_nothing_the_second_time(runner):
    runner.invoke(args=["ensure-admin"])

    result = runner.invoke(args=["ensure-admin"])

    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert count(User) == 1


def test_ensure_admin_leaves_a_database_with_users_alone(runner, make_user):
    make_user("viewer")

    result = runner.invoke(args=["ensure-admin"])

    assert result.output == ""
    assert stored("admin") is None
    assert count(User) == 1


# How passwords are kept


def test_passwords_are_stored_as_scrypt_hashes_never_in_plain_text(runner, login_as):
    runner.invoke(args=["create-user", "from-cli", "--password-stdin"], input=PASSWORD + "\n")
    login_as("admin").post(
        "/users/", data={"username": "from-web", "password": PASSWORD, "role": "viewer"}
    )

    hashes = [stored(name).password_hash for name in ("from-cli", "from-web")]

    for stored_hash in hashes:
        assert stored_hash.startswith("scrypt:")
        assert PASSWORD not in stored_hash
    assert hashes[0] != hashes[1]  # salted


def test_outside_the_tests_passwords_get_werkzeugs_full_strength_scrypt(app):
    del app.config["PASSWORD_HASH_METHOD"]  # the test suite's cheap parameters

    user = create_user("kari", PASSWORD, Role.VIEWER)

    assert user.password_hash.startswith("scrypt:32768:8:1$")
    assert user.check_password(PASSWORD)


# The users page


def test_an_admin_creates_a_user_on_the_users_page_and_they_can_log_in(app, login_as):
    admin = login_as("admin")

    response = admin.post(
        "/users/", data={"username": "kari", "password": PASSWORD, "role": "analyst"}
    )

    assert response.status_code == 302
    assert response.location == "/users/"
    assert "User “kari” created as analyst." in admin.get("/users/").text
    assert stored("kari").role is Role.ANALYST
    newcomer = app.test_client()
    login = newcomer.post("/login", data={"username": "kari", "password": PASSWORD})
    assert login.status_code == 302
    assert newcomer.get("/agreements/new").status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "kari", "password": "short"}, "Field must be between 10 and 200 characters"),
        ({"username": "taken", "password": PASSWORD}, "The user “taken” exists already."),
        ({"username": "", "password": PASSWORD}, "This field is required."),
    ],
)
def test_the_users_page_refuses_bad_accounts_with_a_message(login_as, make_user, data, message):
    make_user("viewer", "taken")
    admin = login_as("admin")
    users_before = count(User)

    response = admin.post("/users/", data={"role": "viewer", **data})

    assert response.status_code == 200
    assert message in response.text
    assert count(User) == users_before


def test_the_users_page_lists_recent_login_attempts(app, login_as, make_user):
    user = make_user("viewer")
    app.test_client().post("/login", data={"username": user.username, "password": "wrong one!"})

    page = login_as("admin").get("/users/").text

    assert re.search(rf"<td>{re.escape(user.username)}</td><td>failed</td>", page)
