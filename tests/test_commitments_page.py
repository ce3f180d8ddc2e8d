"""The commitments page, its CSV, the exchange-rates page, and commitments on the agreement
form: on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

from helpers import agreement_record, commitment, errors_next_to, interchange
from sqlalchemy import select
from test_agreement_pages import agreement_form

from tracker.extensions import db
from tracker.interchange.exporter import export_document
from tracker.interchange.importer import ImportFailed, apply_plan, plan_import
from tracker.models import AuditEntry, Commitment, ExchangeRate
from tracker.rates.operations import create_rate

NANSEN = commitment(
    "NOR", "75000000000", "NOK", "Nansen programme", basis="over_period", period="2023/2027"
)


def nok_rate(rate="11.71875", on=dt.date(2024, 5, 31)):
    create_rate({"on": on, "base": "EUR", "rate": Decimal(rate), "quote": "NOK", "source": None})
    db.session.commit()


def cell(page: str, table: str, row: str) -> list[str]:
    """The cells of a row of one of the page's total tables, as text."""
    body = page.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    found = re.search(rf"<th scope=\"row\">{re.escape(row)}</th>(.*?)</tr>", body, re.S)
    assert found, f"no row {row} in {table}"
    return [
        re.sub(r"\s+", " ", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", found[1], re.S)
    ]


def test_the_page_totals_a_pledge_in_euros_through_the_rate(login_as, make_agreement):
    make_agreement(commitments=[NANSEN])
    nok_rate()

    page = login_as("viewer").get("/commitments").text

    assert cell(page, "by-donor", "Norway")[0] == "EUR 6.40 bn"
    assert cell(page, "by-year", "2025") == ["EUR 1.28 bn", "—", "—"]
    assert cell(page, "by-category", "Not stated")[0] == "EUR 6.40 bn"
    assert "No rate to EUR" not in page


def test_without_a_rate_the_page_names_the_currency(login_as, make_agreement):
    make_agreement(commitments=[NANSEN, commitment("UKR", 5, "EUR")])

    page = login_as("viewer").get("/commitments").text

    assert "No rate to EUR for NOK" in page
    assert cell(page, "by-donor", "Norway")[0] == "NOK 75.0 bn without a rate to EUR"
    assert cell(page, "by-donor", "Ukraine")[0] == "EUR 5"


def test_totals_can_be_shown_in_a_currency_a_rate_reaches(login_as, make_agreement):
    make_agreement(commitments=[commitment("UKR", "1000", "EUR")])
    nok_rate("11.5")
    viewer = login_as("viewer")

    in_nok = viewer.get("/commitments?currency=NOK").text
    unknown = viewer.get("/commitments?currency=XYZ").text

    assert cell(in_nok, "by-donor", "Ukraine")[0] == "NOK 11,500"
    assert "Totals are shown in EUR instead." in unknown
    assert cell(unknown, "by-donor", "Ukraine")[0] == "EUR 1,000"


def test_pledged_and_delivered_stand_side_by_side_per_donor(login_as, make_agreement):
    make_agreement(
        commitments=[commitment("NOR", 200, "EUR"), commitment("NOR", 50, "EUR", stage="delivered")]
    )

    row = cell(login_as("viewer").get("/commitments").text, "by-donor", "Norway")

    assert row == ["EUR 200", "—", "EUR 50", "25 %"]


def test_the_csv_rows_add_up_to_the_pages_totals(login_as, make_agreement):
    make_agreement(commitments=[NANSEN, commitment("NOR", 7, "EUR", stage="delivered")])
    nok_rate()

    response = login_as("viewer").get("/commitments.csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))

    assert response.mimetype == "text/csv"
    pledged = [row for row in rows if row["stage"] == "pledged"]
    assert [row["year"] for row in pledged] == ["2023", "2024", "2025", "2026", "2027"]
    assert {row["share"] for row in pledged} == {"15000000000.00"}
    assert {row["rate"] for row in pledged} == {"11.71875"}
    assert sum(Decimal(row["share_in_reporting_currency"]) for row in pledged) == Decimal(
        "6400000000.00"
    )
    [delivered] = [row for row in rows if row["stage"] == "delivered"]
    assert (delivered["year"], delivered["share_in_reporting_currency"]) == ("2024", "7.00")


def test_a_share_of_gdp_is_listed_apart(login_as, make_agreement):
    share = commitment("NOR", None, None, "A quarter of a percent", gdp_share="0.25", period="2025")
    make_agreement(commitments=[share])

    page = login_as("viewer").get("/commitments").text

    assert "A quarter of a percent" in page and "0.25 %" in page
    assert "No commitments with an amount yet." in page


def test_the_form_saves_every_part_of_a_commitment(client):
    client.post(
        "/agreements/new",
        data=agreement_form(
            **{
                "commitments-0-party": "NOR",
                "commitments-0-description": "Air defence",
                "commitments-0-category": "military",
                "commitments-0-stage": "allocated",
                "commitments-0-amount": "15000000000",
                "commitments-0-currency": "NOK",
                "commitments-0-basis": "per_year",
                "commitments-0-qualifier": "at_least",
                "commitments-0-period": "2024/2028",
            }
        ),
    )

    saved = db.session.scalars(select(Commitment)).one()
    assert (saved.category.value, saved.stage.value, saved.basis.value) == (
        "military",
        "allocated",
        "per_year",
    )
    assert (saved.qualifier.value, saved.amount, saved.period.text) == (
        "at_least",
        Decimal("15000000000.00"),
        "2024/2028",
    )


def test_a_sum_per_year_without_its_years_is_refused(client):
    response = client.post(
        "/agreements/new",
        data=agreement_form(
            **{
                "commitments-0-party": "NOR",
                "commitments-0-description": "Yearly",
                "commitments-0-amount": "10",
                "commitments-0-currency": "EUR",
                "commitments-0-basis": "per_year",
                "commitments-0-period": "2024/..",
            }
        ),
    )

    assert "A sum per year needs its years" in errors_next_to(response, "commitments-0-period")
    assert db.session.scalars(select(Commitment)).all() == []


def test_an_amount_and_a_share_of_gdp_together_are_refused(client):
    response = client.post(
        "/agreements/new",
        data=agreement_form(
            **{
                "commitments-0-party": "NOR",
                "commitments-0-description": "Both",
                "commitments-0-amount": "10",
                "commitments-0-currency": "EUR",
                "commitments-0-gdp_share": "0.25",
            }
        ),
    )

    assert "not both" in errors_next_to(response, "commitments-0-gdp_share")


def test_an_analyst_adds_a_rate_and_the_audit_trail_records_it(client):
    response = client.post(
        "/rates/",
        data={"on": "2024-05-31", "base": "eur", "rate": "11.71875", "quote": "NOK"},
        follow_redirects=True,
    )

    assert "Rate added: 1 EUR = 11.71875 NOK on 2024-05-31." in response.text
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.record_type == "exchange_rate")
    ).one()
    assert (entry.action, entry.changes["quote"]) == ("create", [None, "NOK"])


def test_a_second_rate_for_the_pair_and_day_is_refused_either_way_round(client):
    nok_rate()

    response = client.post(
        "/rates/", data={"on": "2024-05-31", "base": "NOK", "rate": "0.0853", "quote": "EUR"}
    )

    assert "There is a rate between NOK and EUR on 2024-05-31 already" in errors_next_to(
        response, "on"
    )
    assert len(db.session.scalars(select(ExchangeRate)).all()) == 1


def test_a_rate_needs_two_currencies_a_positive_rate_and_a_past_day(client):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    response = client.post(
        "/rates/", data={"on": tomorrow, "base": "EUR", "rate": "0", "quote": "EUR"}
    )

    assert "cannot be dated in the future" in errors_next_to(response, "on")
    assert "above zero" in errors_next_to(response, "rate")
    assert "two different currencies" in errors_next_to(response, "quote")


def test_deleting_a_rate_asks_first_and_then_deletes(client):
    nok_rate()
    rate = db.session.scalars(select(ExchangeRate)).one()

    confirm = client.get(f"/rates/{rate.id}/delete")
    client.post(f"/rates/{rate.id}/delete", data={})

    assert "Delete the rate “1 EUR = 11.71875 NOK on 2024-05-31”?" in confirm.text
    assert db.session.scalars(select(ExchangeRate)).all() == []


def test_rates_travel_in_the_export_and_back(app, make_agreement):
    make_agreement(commitments=[NANSEN])
    nok_rate()

    document = export_document()

    assert document["exchange_rates"] == [
        {"on": "2024-05-31", "base": "EUR", "rate": "11.71875", "quote": "NOK"}
    ]
    assert document["agreements"][0]["commitments"][0]["basis"] == "over_period"


def test_an_imported_rate_that_contradicts_a_stored_one_stops_the_import(app):
    nok_rate()
    document = interchange(
        agreement_record("imported"),
        exchange_rates=[{"on": "2024-05-31", "base": "EUR", "rate": "12", "quote": "NOK"}],
    )

    try:
        plan_import(document)
    except ImportFailed as failure:
        messages = [str(problem) for problem in failure.problems]
    else:
        messages = []

    assert messages == [
        "exchange_rates[0].rate: differs from the rate stored here: "
        "1 EUR = 11.71875 NOK on 2024-05-31."
    ]


def test_an_imported_rate_that_agrees_with_a_stored_one_is_the_same_rate(app):
    nok_rate()
    document = interchange(
        agreement_record("imported"),
        exchange_rates=[{"on": "2024-05-31", "base": "EUR", "rate": "11.718750", "quote": "NOK"}],
    )

    apply_plan(plan_import(document))
    db.session.commit()

    assert len(db.session.scalars(select(ExchangeRate)).all()) == 1
