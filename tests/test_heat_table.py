"""The dashboard's partners × focus areas table: order, counts, shades and legible ink."""

from __future__ import annotations

import pytest

from tracker.dashboard.heat_table import INKS, SCALE, best_ink, contrast, heat_table, shade
from tracker.dashboard.queries import PartnerGrid

ROWS = [
    ("NOR", "Norway", "Air Defense", 2),
    ("UKR", "Ukraine", "Air Defense", 2),
    ("UKR", "Ukraine", "Cyber", 1),
]


def test_partners_with_the_most_pillars_come_first_areas_in_order():
    table = heat_table(PartnerGrid(ROWS, 2))

    assert table.areas == ["Air Defense", "Cyber"]
    assert [(row.code, row.name) for row in table.rows] == [("UKR", "Ukraine"), ("NOR", "Norway")]
    assert [[cell.count for cell in row.cells] for row in table.rows] == [[2, 1], [2, 0]]


def test_the_largest_count_takes_the_darkest_shade_and_none_the_lightest():
    table = heat_table(PartnerGrid(ROWS, 2))
    ukraine, norway = table.rows

    assert ukraine.cells[0].background == SCALE[-1][1].lower()
    assert norway.cells[1].background == SCALE[0][1].lower()
    assert ukraine.cells[1].background == shade(0.5) == SCALE[1][1].lower()


def test_it_says_how_many_partners_it_shows_of_all():
    assert heat_table(PartnerGrid(ROWS, 2)).shown == "all 2 partners"
    assert heat_table(PartnerGrid(ROWS, 9)).shown == "top 2 of 9 partners"
    assert heat_table(PartnerGrid(ROWS[:1], 1)).shown == "all 1 partner"


def test_no_pillars_make_an_empty_table():
    table = heat_table(PartnerGrid([], 0))

    assert (table.areas, table.rows) == ([], [])


@pytest.mark.parametrize("step", range(0, 1001, 5))
def test_every_shade_has_an_ink_that_reads_at_wcag_aa(step):
    background = shade(step / 1000)

    assert contrast(INKS[best_ink(background)], background) >= 4.5


def test_contrast_is_the_wcag_ratio():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
