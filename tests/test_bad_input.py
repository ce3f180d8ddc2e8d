"""No input brings a page down: odd page numbers, NUL characters and the calendar's
last day get a clear answer.

Each case runs on SQLite and PostgreSQL, which differ exactly here: PostgreSQL
refuses a NUL in text and an offset past 64 bits, where SQLite shrugs or
overflows in the driver instead.
"""

from __future__ import annotations

import html
import re

import pytest
from helpers import count, errors_next_to
from werkzeug.datastructures import MultiDict

from tracker.models import Agreement

HUGE = "9223372036854775808"  # one past the largest 64-bit integer
LIST_PAGES = ["/agreements", "/timeline", "/audit", "/parties/NOR"]


def page_text(response) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


# Page numbers


@pytest.mark.parametrize("number", [HUGE, "9" * 5000, "2"], ids=["2**63", "5000-digits", "2"])
@pytest.mark.parametrize("path", LIST_PAGES)
def test_a_page_past_the_last_shows_the_last_page(client, make_agreement, path, number):
    make_agreement(title="The only agreement")

    response = client.get(f"{path}?page={number}")

    assert response.status_code == 200
    assert "The only agreement" in page_text(response)


@pytest.mark.parametrize("number", ["abc", "-1", "2.5", "٣", f"-{HUGE}"])
@pytest.mark.parametrize("path", LIST_PAGES)
def test_a_page_that_is_not_a_whole_number_is_refused_with_the_reason(client, path, number):
    response = client.get(f"{path}?page={number}")

    assert response.status_code == 400
    assert "The page number (page) must be a whole number" in page_text(response)


def test_page_zero_is_the_first_page(client, make_agreement):
    make_agreement(title="The only agreement")

    assert "The only agreement" in page_text(client.get("/agreements?page=0"))


@pytest.mark.parametrize("name", ["page", "per_page"])
@pytest.mark.parametrize("number", [HUGE, "9" * 5000], ids=["2**63", "5000-digits"])
def test_the_api_refuses_a_huge_paging_number_naming_it(api_as, name, number):
    response = api_as("viewer").get(f"/api/v1/agreements?{name}={number}")

    assert response.status_code == 400
    assert response.json["fields"] == {
        name: [f"must be a whole number from 1 to {10**6 if name == 'page' else 100}."]
    }


# NUL characters


def refusal(response) -> str:
    assert response.status_code == 400, response.status_code
    return response.json["message"] if response.is_json else page_text(response)


@pytest.mark.parametrize(
    "path, named",
    [
        ("/agreements?q=%00", "“q”"),
        ("/agreements?party=NOR&q=drones%00", "“q”"),
        ("/timeline?party=%00", "“party”"),
        ("/audit?record_type=agreement%00", "“record_type”"),
        ("/parties/NOR?page=%00", "“page”"),
        ("/agreements?%00=1", "“\\0”"),
        ("/calendar?kind=%00", "“kind”"),
    ],
)
def test_a_nul_in_the_query_string_is_refused_naming_the_parameter(client, path, named):
    message = refusal(client.get(path))

    assert f"The query parameter {named} contains a NUL character" in message


@pytest.mark.parametrize("path", ["/agreements/%00", "/agreements/a%00b/edit", "/parties/%00"])
def test_a_nul_in_the_address_is_refused(client, path):
    assert "The address contains a NUL character" in refusal(client.get(path))


def test_a_nul_in_a_form_field_is_refused_naming_the_field_and_nothing_is_saved(client):
    data = MultiDict(
        {
            "key": "nul-test",
            "title": "Nul\x00title",
            "kind": "treaty",
            "status": "signed",
            "signed_on": "2024",
        }
    )
    data.setlist("parties", ["NOR", "UKR"])

    message = refusal(client.post("/agreements/new", data=data))

    assert "The form field “title” contains a NUL character" in message
    assert count(Agreement) == 0


def test_a_nul_in_a_form_field_name_is_refused(client):
    message = refusal(client.post("/agreements/new", data={"ti\x00tle": "x"}))

    assert "The form field “ti\\0tle” contains a NUL character" in message


def test_a_nul_sent_to_the_api_is_refused_as_json(api_as):
    client = api_as("viewer")

    for path, named in [
        ("/api/v1/agreements?q=%00", "query parameter “q”"),
        ("/api/v1/agreements/%00", "address"),
    ]:
        response = client.get(path)
        assert response.status_code == 400
        assert f"The {named} contains a NUL character" in response.json["message"]


def test_the_login_form_is_left_to_record_a_nul_attempt_itself(anonymous):
    response = anonymous.post("/login", data={"username": "admin\x00", "password": "x"})

    assert "contains a NUL character" not in page_text(response)


# The calendar's last day: the filters end a day at the next midnight, and it has none


@pytest.mark.parametrize(
    "path, field",
    [
        ("/audit?date_to=9999-12-31", "date_to"),
        ("/timeline?baseline=9999-12-31", "baseline"),
    ],
)
def test_the_calendars_last_day_is_reported_next_to_its_filter(client, path, field):
    response = client.get(path)

    assert response.status_code == 200
    assert "Choose a day up to 9999-12-30." in errors_next_to(response, field)


def test_the_audit_csv_refuses_the_calendars_last_day(client):
    assert client.get("/audit.csv?date_to=9999-12-31").status_code == 400


# Whole numbers in forms


@pytest.mark.parametrize("field", ["duration_years", "version"])
def test_a_four_hundred_digit_number_in_a_form_is_a_field_error_not_a_server_error(
    client, make_agreement, field
):
    """WTForms' range check once overflowed on such a number: a 500 on every edit form."""
    make_agreement(key="nul-test")
    data = MultiDict(
        {
            "key": "nul-test",
            "title": "Changed",
            "kind": "treaty",
            "status": "signed",
            "signed_on": "2024",
            "version": "1",
            "duration_years": "10",
            field: "9" * 400,
        }
    )
    data.setlist("parties", ["NOR", "UKR"])

    response = client.post("/agreements/nul-test/edit", data=data)

    assert response.status_code == 200
    assert "Not a whole number of at most 9 digits" in page_text(response)
    assert count(Agreement) == 1
    assert "Changed" not in client.get("/agreements/nul-test").text
