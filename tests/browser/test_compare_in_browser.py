"""An analyst codes two provisions of two agreements and reads them in the matrix."""

from __future__ import annotations

import pytest

from .pages import assert_quiet

pytestmark = pytest.mark.browser

SAMPLE = "nor-ukr-2026-joint-declaration"


def code(page, key: str, provision: str, value: str, quote: str = "") -> None:
    page.goto(f"/agreements/{key}/edit")
    page.locator("details.codings summary").click()
    row = page.locator(".row.coding", has_text=provision)
    row.get_by_label("Value").select_option(value)
    if quote:
        row.get_by_label("Quote").fill(quote)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/agreements/{key}")


def test_two_codings_of_two_agreements_show_in_the_matrix(page, extra_agreement):
    other = extra_agreement["key"]
    code(page, SAMPLE, "Special tribunal", "absent")
    code(page, other, "Special tribunal", "present", quote="A tribunal is agreed.")
    code(page, other, "Sanctions", "partial")

    page.goto("/compare?category=Responsibility+for+the+aggression&sort=Special+tribunal")

    rows = page.locator("table.matrix tbody tr")
    first, second = rows.nth(0), rows.nth(1)
    assert extra_agreement["title"] in first.locator("th").inner_text()  # present sorts first
    assert first.locator("td.cell.present").count() == 1
    assert first.locator("td.cell.partial").count() == 1
    assert "joint declaration" in second.locator("th").inner_text()
    assert second.locator("td.cell.absent").count() == 1
    header = page.locator("th.provision", has_text="Special tribunal").inner_text()
    assert "present in 1 of" in header
    # Not coded is drawn apart from absent: the sample codes no sanctions.
    assert second.locator("td.cell.not-coded").count() >= 1
    assert_quiet(page)
