"""Messages that say what was meant: the closest known choice, and no such day."""

from __future__ import annotations

from helpers import errors_next_to
from test_agreement_pages import agreement_form

from tracker.dates import ApproximateDate, InvalidDate
from tracker.fields import closest_choice


def test_the_closest_choice_is_found_by_case_spelling_code_or_a_letter():
    areas = ["Air Defense", "Ammunition", "Drone Production"]

    assert closest_choice("air defense", areas) == "Air Defense"
    assert closest_choice("Air Defence", areas) == "Air Defense"
    assert closest_choice("Amunition", areas) == "Ammunition"
    assert closest_choice("UA", ["NOR", "UKR"]) == "UKR"
    assert closest_choice("isl", ["ISL", "NOR"]) == "ISL"
    assert closest_choice("Space", areas) is None


def test_an_unknown_party_gets_a_hint(client):
    data = agreement_form()
    data.setlist("parties", ["NOR", "UA"])

    response = client.post("/agreements/new", data=data)

    assert "Did you mean UKR?" in errors_next_to(response, "parties")


def test_an_impossible_day_is_no_such_day(client):
    response = client.post("/agreements/new", data=agreement_form(signed_on="2026-02-31"))

    assert "There is no such day: February 2026 has 28 days." in errors_next_to(
        response, "signed_on"
    )


def test_a_leap_day_is_a_day():
    assert ApproximateDate.parse("2024-02-29").is_exact
    try:
        ApproximateDate.parse("2023-02-29")
    except InvalidDate as refused:
        assert "February 2023 has 28 days" in str(refused)
    else:
        raise AssertionError("2023-02-29 was taken")


def test_an_amount_in_words_gets_one_message_saying_how_to_write_it(client):
    response = client.post(
        "/agreements/new",
        data=agreement_form(
            **{
                "commitments-0-party": "NOR",
                "commitments-0-description": "Funding",
                "commitments-0-amount": "3.02bn",
                "commitments-0-currency": "EUR",
            }
        ),
    )
    page = response.text

    message = errors_next_to(response, "commitments-0-amount").strip()
    assert message == (
        "Write a plain number, e.g. 3020000000 or 0.25: no words, no thousands separators."
    )
    assert page.count('class="errors"') == 1  # nothing else on the page complains


def test_a_blank_spare_commitment_row_is_no_error(client):
    blank_row = {f"commitments-0-{name}": "" for name in ("party", "amount", "gdp_share")}

    response = client.post("/agreements/new", data=agreement_form(**blank_row))

    assert response.status_code == 302
