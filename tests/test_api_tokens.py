"""API tokens: bearer auth only, made on the command line or on /settings, stored hashed."""

from __future__ import annotations

import re

from sqlalchemy import select

from tracker.auth.operations import set_active
from tracker.auth.tokens import create_api_token, revoke_token
from tracker.extensions import db
from tracker.models import AccessToken, TokenKind
from tracker.models.token import digest

LIST = "/api/v1/agreements"


def test_a_request_without_a_token_is_a_json_401(anonymous):
    response = anonymous.get(LIST)

    assert response.status_code == 401
    assert response.json["error"] == "Unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_token_is_a_401(anonymous):
    response = anonymous.get(LIST, headers={"Authorization": "Bearer not-a-real-token"})

    assert response.status_code == 401


def test_a_revoked_token_is_a_401(api_as):
    client = api_as("viewer")
    revoke_token(db.session.scalar(select(AccessToken)))
    db.session.commit()

    assert client.get(LIST).status_code == 401


def test_a_deactivated_users_token_is_a_401(api_as):
    client = api_as("analyst")
    set_active(client.user, False)
    db.session.commit()

    assert client.get(LIST).status_code == 401


def test_a_session_cookie_does_not_open_the_api(login_as):
    response = login_as("admin").get(LIST)

    assert response.status_code == 401
    assert "Set-Cookie" not in response.headers


def test_public_read_does_not_open_the_api(app, anonymous):
    app.config["PUBLIC_READ"] = True

    assert anonymous.get(LIST).status_code == 401


def test_a_viewer_token_reads(api_as):
    assert api_as("viewer").get(LIST).status_code == 200


def test_a_viewer_token_cannot_write(api_as):
    response = api_as("viewer").post("/api/v1/focus-areas", json={"name": "Cyber Defense"})

    assert response.status_code == 403


def test_only_the_digest_of_a_token_is_stored(make_user):
    row, token = create_api_token(make_user("viewer"), "laptop")

    assert row.token_digest == digest(token)
    assert token not in {value for value in vars(row).values() if isinstance(value, str)}


def test_create_token_prints_a_working_token_once(runner, make_user, anonymous):
    user = make_user("analyst", "alice")

    result = runner.invoke(args=["create-token", "alice", "--name", "sync"])

    token = result.stdout.strip()
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(AccessToken)).name == "sync"
    response = anonymous.get(LIST, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert db.session.scalar(select(AccessToken)).user_id == user.id


def test_revoke_token_ends_a_token(runner, api_as):
    client = api_as("viewer")
    row = db.session.scalar(select(AccessToken))

    result = runner.invoke(args=["revoke-token", str(row.id)])

    assert result.exit_code == 0, result.output
    assert client.get(LIST).status_code == 401


def test_create_token_refuses_an_unknown_user(runner):
    result = runner.invoke(args=["create-token", "nobody"])

    assert result.exit_code != 0
    assert db.session.scalar(select(AccessToken)) is None


def test_the_settings_page_makes_a_token_and_shows_it_once(login_as, anonymous):
    client = login_as("viewer")

    page = client.post("/settings/", data={"name": "laptop"}).text
    token = re.search(r'<code id="new-token">([^<]+)</code>', page).group(1)

    assert anonymous.get(LIST, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert token not in client.get("/settings/").text
    assert "laptop" in client.get("/settings/").text


def test_the_settings_page_revokes_a_token(login_as, api_as):
    client = login_as("viewer")
    api = api_as(user=client.user)
    row = db.session.scalar(select(AccessToken).where(AccessToken.kind == TokenKind.API))

    response = client.post(f"/settings/tokens/{row.id}/revoke")

    assert response.status_code == 302
    assert api.get(LIST).status_code == 401


def test_nobody_revokes_anothers_token(login_as, api_as):
    api = api_as("viewer")
    row = db.session.scalar(select(AccessToken))

    response = login_as("admin").post(f"/settings/tokens/{row.id}/revoke")

    assert response.status_code == 404
    assert api.get(LIST).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in_from_settings(app, anonymous):
    app.config["PUBLIC_READ"] = True

    response = anonymous.get("/settings/")

    assert response.status_code == 302
    assert "/login" in response.location
