"""Commitment totals, without a database: figures recomputed by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tracker.commitments.present import money, total_text
from tracker.commitments.totals import CommitmentFacts, RateRow, Rates, add_up, shares

NOK_PER_EUR = RateRow("EUR", "NOK", Decimal("11.71875"), dt.date(2024, 5, 31))


def facts(amount="100", currency="EUR", **changes) -> CommitmentFacts:
    values = {
        "id": 1,
        "agreement_key": "nor-ukr",
        "party_code": "NOR",
        "party_name": "Norway",
        "description": "Support",
        "category": "military",
        "stage": "pledged",
        "basis": "one_off",
        "qualifier": "exact",
        "amount": None if amount is None else Decimal(amount),
        "currency": currency,
        "gdp_share": None,
        "period": None,
        "agreement_date": dt.date(2024, 5, 31),
    }
    values.update(changes)
    return CommitmentFacts(**values)


def test_a_sum_per_year_counts_in_full_in_every_year_of_its_period():
    split = shares(facts("15", basis="per_year", period="2024/2028"))

    assert [(share.year, share.amount) for share in split] == [
        (year, Decimal(15)) for year in range(2024, 2029)
    ]


def test_a_total_over_a_period_is_spread_evenly_over_its_years():
    split = shares(facts("75", basis="over_period", period="2023/2027"))

    assert [(share.year, share.amount) for share in split] == [
        (year, Decimal(15)) for year in range(2023, 2028)
    ]


def test_an_approximate_start_adds_no_year_to_the_period():
    split = shares(facts("10", basis="per_year", period="2024~/2025"))

    assert [share.year for share in split] == [2024, 2025]


def test_a_one_off_falls_in_its_periods_first_year_or_else_its_agreements():
    assert [s.year for s in shares(facts(period="2026-03"))] == [2026]
    assert [s.year for s in shares(facts())] == [2024]  # signed 2024-05-31
    assert [s.year for s in shares(facts(agreement_date=None))] == [None]


def test_a_share_of_gdp_is_listed_and_never_added():
    share = facts(None, None, gdp_share=Decimal("0.25"))
    totals = add_up([share, facts("5", id=2)], Rates([], "EUR"))

    assert totals.gdp_shares == [share]
    assert totals.by_stage["pledged"].amount == Decimal(5)


def test_nok_is_converted_at_the_rate_the_analysts_entered():
    nansen = facts("75000000000", "NOK", basis="over_period", period="2023/2027")
    totals = add_up([nansen], Rates([NOK_PER_EUR], "EUR"))

    # 75 bn NOK at 11.71875 NOK a euro: 6.4 bn EUR, 1.28 bn in each of five years.
    assert totals.by_stage["pledged"].amount == Decimal("6400000000")
    assert {year: t["pledged"].amount for year, t in totals.by_year.items()} == {
        year: Decimal("1280000000") for year in range(2023, 2028)
    }
    assert total_text(totals.by_stage["pledged"], "EUR") == "EUR 6.40 bn"


def test_a_rate_converts_the_other_way_round_too():
    totals = add_up([facts("1171875", "EUR")], Rates([NOK_PER_EUR], "NOK"))

    assert totals.by_stage["pledged"].amount == Decimal("13732910.15625")


def test_without_a_rate_a_total_names_the_currency_and_leaves_it_out():
    totals = add_up([facts("100", "NOK"), facts("7", "EUR", id=2)], Rates([], "EUR"))
    pledged = totals.by_stage["pledged"]

    assert pledged.amount == Decimal(7)
    assert pledged.missing == {"NOK": Decimal(100)}
    assert totals.missing_currencies == ["NOK"]
    assert total_text(pledged, "EUR") == "EUR 7 + NOK 100 without a rate to EUR"


def test_each_year_takes_the_rate_dated_nearest_its_middle():
    rates = Rates(
        [
            RateRow("EUR", "NOK", Decimal(10), dt.date(2023, 6, 30)),
            RateRow("EUR", "NOK", Decimal(20), dt.date(2025, 7, 1)),
        ],
        "EUR",
    )
    totals = add_up([facts("20", "NOK", basis="per_year", period="2023/2025")], rates)

    by_year = {year: t["pledged"].amount for year, t in totals.by_year.items()}
    # 2024's middle is 367 days after the first rate and 365 before the second.
    assert by_year == {2023: Decimal(2), 2024: Decimal(1), 2025: Decimal(1)}


def test_stages_are_totalled_apart():
    pledge = facts("100")
    delivery = facts("40", id=2, stage="delivered")
    totals = add_up([pledge, delivery], Rates([], "EUR"))

    per_stage = totals.by_donor[("NOR", "Norway")]
    assert (per_stage["pledged"].amount, per_stage["delivered"].amount) == (100, 40)
    assert per_stage["allocated"].empty


def test_up_to_and_at_least_are_added_and_said():
    ceiling, floor = facts("100", qualifier="up_to"), facts("50", id=2, qualifier="at_least")
    totals = add_up([ceiling, floor, facts("1", id=3)], Rates([], "EUR"))
    pledged = totals.by_stage["pledged"]

    assert (pledged.amount, pledged.ceilings, pledged.floors) == (151, 100, 50)
    assert total_text(pledged, "EUR") == (
        "EUR 151 (of which EUR 100 stated as “up to”, EUR 50 as “at least”)"
    )


def test_totals_by_category_keep_not_stated_apart_from_other():
    totals = add_up(
        [facts("1", category=None), facts("2", id=2, category="other")], Rates([], "EUR")
    )

    assert {key: t["pledged"].amount for key, t in totals.by_category.items()} == {
        None: 1,
        "other": 2,
    }


def test_money_reads_at_a_glance():
    assert money(Decimal("6400000000"), "EUR") == "EUR 6.40 bn"
    assert money(Decimal("12800000000"), "EUR") == "EUR 12.8 bn"
    assert money(Decimal("350000000"), "NOK") == "NOK 350 m"
    assert money(Decimal("12500"), "USD") == "USD 12,500"
