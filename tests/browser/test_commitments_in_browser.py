"""An analyst records a yearly pledge and enters a rate; the commitments page then shows a
total the test recomputes by hand, and the chart and the CSV agree with it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from .pages import assert_quiet

pytestmark = pytest.mark.browser

SAMPLE_2024 = "nor-ukr-security-agreement-2024"


def test_a_pledge_per_year_adds_up_on_the_commitments_page(page, extra_agreement):
    key = extra_agreement["key"]
    page.goto(f"/agreements/{key}/edit")
    row = page.locator(".commitment-row").first
    row.get_by_label("Party").select_option("NOR")
    row.get_by_label("Description").fill("Drone production, every year")
    row.get_by_label("Category").select_option("military")
    row.get_by_label("Amount").fill("500000000")
    row.get_by_label("Currency").fill("sek")
    row.get_by_label("Basis").select_option("per_year")
    row.get_by_label("Period").fill("2025/2026")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/agreements/{key}")

    page.goto("/commitments")
    # Without a rate the kroner are named, not added.
    assert "No rate to EUR for SEK" in page.locator("main").inner_text()

    page.goto("/rates/")
    page.get_by_label("On").fill("2025-07-01")
    page.get_by_label("1 unit of").fill("EUR")
    page.get_by_label("Is worth").fill("11.5")
    page.get_by_label("Of", exact=True).fill("SEK")
    page.get_by_role("button", name="Add rate").click()
    assert "Rate added: 1 EUR = 11.5 SEK on 2025-07-01." in page.locator(".flash").inner_text()

    page.goto("/commitments")
    norway = page.locator("#by-donor tr", has_text="Norway")
    pledged = norway.locator("td").first.inner_text()
    # By hand: the sample's NOK 75 bn at 11.71875 NOK a euro is EUR 6.4 bn; this pledge is
    # SEK 500 m in each of 2025 and 2026, SEK 1 bn at 11.5 SEK a euro: EUR 86.96 m.
    by_hand = Decimal(75_000_000_000) / Decimal("11.71875") + Decimal(1_000_000_000) / Decimal(
        "11.5"
    )
    assert by_hand.quantize(Decimal("1E7")) == Decimal("6.49E9")
    assert pledged == "EUR 6.49 bn"
    year_2026 = page.locator("#by-year tr", has_text="2026").locator("td").first.inner_text()
    # 2026: a fifth of the Nansen pledge (EUR 1.28 bn) and SEK 500 m (EUR 43.5 m).
    assert year_2026 == "EUR 1.32 bn"
    assert "No rate to EUR" not in page.locator("main").inner_text()
    assert_quiet(page)


def test_the_sample_pledge_is_drawn_in_euros_on_the_dashboard(page):
    page.goto("/")
    page.wait_for_function(
        "() => document.querySelector('#commitments .main-svg') !== null", timeout=15000
    )
    table = page.locator("#commitments").locator("xpath=..").locator("details.chart-table")
    table.locator("summary").click()
    norway = table.locator("tr", has_text="Norway").locator("td").nth(1).inner_text()
    assert norway.startswith("EUR 6.4")
    assert_quiet(page)
