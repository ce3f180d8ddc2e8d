"""The calendar feed: milestones as all-day iCalendar events, reached by a revocable feed link."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import milestone_values
from icalendar import Calendar

from tracker import trust_proxy
from tracker.auth.operations import set_active
from tracker.extensions import db
from tracker.external_urls import external_url
from tracker.feeds.operations import create_feed_token
from tracker.milestones.operations import update_milestone
from tracker.models import AccessToken, AgreementKind, TokenKind


@pytest.fixture
def feed_link(app, make_user):
    """Factory: feed_link(**filters) -> a /calendar.ics URL with a fresh feed token of a viewer."""
    owner = make_user("viewer")

    def link(user=None, **filters):
        _token, secret = create_feed_token(user or owner, "Test feed")
        db.session.commit()
        query = "&".join(f"{name}={value}" for name, value in filters.items())
        return f"/calendar.ics?token={secret}" + (f"&{query}" if query else "")

    link.owner = owner
    return link


@pytest.fixture
def drones(make_agreement):
    return make_agreement(
        milestones=[
            {"key": "exact", "title": "Contract signed", "due": "2026-03-10"},
            {"key": "spring", "title": "First drones", "due": "2026-21"},
        ]
    )


def events(response) -> dict:
    """The feed's events by summary, parsed back with icalendar."""
    assert response.status_code == 200, response.text
    calendar = Calendar.from_ical(response.data)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_is_text_calendar_in_utf8(anonymous, drones, feed_link):
    response = anonymous.get(feed_link())

    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"


def test_an_exact_date_is_an_all_day_event_ending_the_next_day(anonymous, drones, feed_link):
    event = events(anonymous.get(feed_link()))["Contract signed"]

    assert event.decoded("DTSTART") == dt.date(2026, 3, 10)
    assert event.decoded("DTEND") == dt.date(2026, 3, 11)


def test_dates_are_written_as_value_date(anonymous, drones, feed_link):
    text = anonymous.get(feed_link()).text

    assert "DTSTART;VALUE=DATE:20260310" in text
    assert "DTEND;VALUE=DATE:20260311" in text


def test_an_approximate_date_spans_its_window_and_says_so(anonymous, drones, feed_link):
    found = events(anonymous.get(feed_link()))

    summary = next(name for name in found if name.startswith("First drones"))
    event = found[summary]
    assert summary.startswith("First drones (approximate: ")
    assert "spring 2026" in summary.lower()
    assert event.decoded("DTSTART") == dt.date(2026, 3, 1)
    assert event.decoded("DTEND") == dt.date(2026, 6, 1)  # spring ends 31 May, exclusive end


def test_each_event_links_to_its_milestone(anonymous, drones, feed_link):
    event = events(anonymous.get(feed_link()))["Contract signed"]

    url = "http://127.0.0.1:5000/agreements/nor-ukr-test/milestones/exact"
    assert str(event["URL"]) == url
    assert url in str(event["DESCRIPTION"])


def test_the_uid_stays_the_same_when_the_milestone_is_edited(anonymous, drones, feed_link):
    link = feed_link()
    before = events(anonymous.get(link))["Contract signed"]["UID"]
    milestone = next(m for m in drones.milestones if m.key == "exact")
    update_milestone(
        milestone, milestone_values(key="exact", title="Contract signed", due="2026-04-02")
    )
    db.session.commit()

    after = events(anonymous.get(link))["Contract signed"]

    uid = f"milestone-{milestone.id}@defense-cooperation-tracker"
    assert str(after["UID"]) == str(before) == uid
    assert after.decoded("DTSTART") == dt.date(2026, 4, 2)


def test_dtstamp_is_the_milestones_last_change_not_the_fetch(anonymous, drones, feed_link):
    link = feed_link()

    first = anonymous.get(link).text
    second = anonymous.get(link).text

    assert re.findall(r"DTSTAMP:\S+", first) == re.findall(r"DTSTAMP:\S+", second)


def test_milestones_without_a_due_date_are_left_out(anonymous, make_agreement, feed_link):
    make_agreement(
        duration_years=None, milestones=[{"key": "undated", "title": "Undated", "due": None}]
    )

    assert events(anonymous.get(feed_link())) == {}


def test_the_timeline_filters_apply(anonymous, make_agreement, feed_link):
    make_agreement(
        key="with-nor",
        duration_years=None,
        milestones=[{"key": "a", "title": "Norwegian", "due": "2026"}],
    )
    make_agreement(
        key="with-dnk",
        parties=["DNK", "UKR"],
        kind=AgreementKind.TREATY,
        duration_years=None,
        milestones=[
            {"key": "b", "title": "Danish", "due": "2026-05-01"},
            {"key": "c", "title": "Danish later", "due": "2029-05-01"},
        ],
    )

    by_party = events(anonymous.get(feed_link(party="DNK")))
    by_kind = events(anonymous.get(feed_link(agreement_kind="treaty", window_to="2027-01-01")))

    assert set(by_party) == {"Danish", "Danish later"}
    assert set(by_kind) == {"Danish"}


def test_invalid_filters_are_refused_with_a_message(anonymous, drones, feed_link):
    response = anonymous.get(feed_link(kind="no-such-kind"))

    assert response.status_code == 400
    assert "not valid" in response.text


def test_without_a_token_an_anonymous_calendar_is_sent_to_log_in(anonymous, drones):
    response = anonymous.get("/calendar.ics")

    assert response.status_code == 302
    assert urlsplit(response.location).path == "/login"


def test_a_logged_in_reader_may_download_the_feed_without_a_token(login_as, drones):
    assert "Contract signed" in events(login_as("viewer").get("/calendar.ics"))


def test_an_unknown_token_is_refused_with_401_and_a_message(anonymous, drones):
    response = anonymous.get("/calendar.ics?token=not-a-real-token")

    assert response.status_code == 401
    assert response.mimetype == "text/plain"
    assert "not valid" in response.text


def test_a_revoked_token_is_refused(anonymous, login_as, drones, feed_link):
    link = feed_link()
    token = db.session.query(AccessToken).filter_by(user_id=feed_link.owner.id).one()
    viewer = login_as("viewer", feed_link.owner)

    viewer.post(f"/calendar/links/{token.id}/revoke")
    response = anonymous.get(link)

    assert response.status_code == 403
    assert "revoked" in response.text


def test_a_deactivated_users_token_is_refused(anonymous, drones, feed_link):
    link = feed_link()
    set_active(feed_link.owner, False)
    db.session.commit()

    response = anonymous.get(link)

    assert response.status_code == 403
    assert "deactivated" in response.text


def test_an_api_token_does_not_open_the_feed(anonymous, drones, feed_link):
    link = feed_link()
    token = db.session.query(AccessToken).one()
    token.kind = TokenKind.API
    db.session.commit()

    assert anonymous.get(link).status_code == 401


def test_a_capped_feed_says_so(app, anonymous, make_agreement, feed_link, monkeypatch):
    monkeypatch.setattr("tracker.feeds.views.FEED_LIMIT", 1)
    make_agreement(
        duration_years=None,
        milestones=[
            {"key": "a", "title": "One", "due": "2026-01-01"},
            {"key": "b", "title": "Two", "due": "2026-02-01"},
        ],
    )

    response = anonymous.get(feed_link())

    calendar = Calendar.from_ical(response.data)
    assert len(calendar.walk("VEVENT")) == 1
    assert "Only the first 1 of 2" in str(calendar["X-WR-CALDESC"])


def test_making_a_link_shows_it_once_with_the_filters_and_stores_only_a_digest(login_as):
    viewer = login_as("viewer")

    page = viewer.post(
        "/calendar?party=NOR&party=UKR&agreement_kind=treaty&kind=meeting", data={"name": "Phone"}
    ).text

    url = re.search(r'value="(http://127.0.0.1:5000/calendar\.ics\?[^"]+)"', page).group(1)
    query = parse_qs(urlsplit(url.replace("&amp;", "&")).query)
    assert query["party"] == ["NOR", "UKR"] and query["agreement_kind"] == ["treaty"]
    assert query["kind"] == ["meeting"]
    token = db.session.query(AccessToken).one()
    assert (token.kind, token.name, token.user_id) == (TokenKind.FEED, "Phone", viewer.user.id)
    assert query["token"][0] not in token.token_digest
    assert query["token"][0] not in viewer.get("/calendar").text


def feed_url_asked_with(app, **headers) -> str:
    with app.test_request_context("/calendar", headers=headers):
        return external_url("feeds.calendar_feed", token="secret")


def test_feed_links_ignore_the_host_header_a_request_sends(app):
    assert feed_url_asked_with(app, Host="evil.example") == (
        "http://127.0.0.1:5000/calendar.ics?token=secret"
    )


def test_feed_links_start_at_the_configured_base_url(app):
    app.config["BASE_URL"] = "https://tracker.example.org/"

    assert feed_url_asked_with(app, Host="evil.example") == (
        "https://tracker.example.org/calendar.ics?token=secret"
    )


def test_behind_a_trusted_proxy_feed_links_use_the_forwarded_host(app):
    app.config["BEHIND_PROXY"] = True
    trust_proxy(app)
    environ = {
        "HTTP_HOST": "internal:8000",
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_X_FORWARDED_HOST": "tracker.example.org",
    }
    seen = {}
    app.wsgi_app.app = lambda env, start: seen.update(env) or []  # what the app is handed

    app.wsgi_app(
        environ
        | {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": "/",
            "wsgi.url_scheme": "http",
            "SERVER_NAME": "internal",
            "SERVER_PORT": "8000",
        },
        None,
    )
    with app.request_context(seen):
        assert external_url("feeds.calendar_feed", token="secret") == (
            "https://tracker.example.org/calendar.ics?token=secret"
        )


def test_the_page_lists_only_the_readers_own_links(login_as, make_user, feed_link):
    feed_link()  # someone else's
    viewer = login_as("viewer")
    viewer.post("/calendar", data={"name": "Mine"})

    page = viewer.get("/calendar").text

    assert "Mine" in page
    assert "Test feed" not in page


def test_nobody_revokes_someone_elses_link(login_as, feed_link):
    feed_link()
    token = db.session.query(AccessToken).one()

    response = login_as("admin").post(f"/calendar/links/{token.id}/revoke")

    assert response.status_code == 404
    db.session.refresh(token)
    assert token.revoked_at is None
