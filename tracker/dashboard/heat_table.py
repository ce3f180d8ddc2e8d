"""Partners × focus areas: a table whose cells are shaded by the pillars they count.

This was a plotly heatmap. Every cell wrote its number anyway, and drawing the
260 cells was a quarter of the dashboard's chart drawing (about 50 ms of 200 at
20,000 agreements, bench/charts.py). As a table it is drawn with the page, screen
readers read it row by row, and each partner's name links to the partner.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

from tracker.charts import OKABE_ITO

# From no pillars (almost white) through sky to blue: the heatmap's own scale.
SCALE = ((0.0, "#f4f8fb"), (0.5, OKABE_ITO["sky"]), (1.0, OKABE_ITO["blue"]))
INKS = {"dark": "#000000", "light": "#ffffff"}  # one of them reads at 4.6:1 or more on any shade


@dataclass(frozen=True)
class Cell:
    count: int
    background: str  # "#rrggbb", computed here from the count: never user text
    ink: str  # a key of INKS: the one that reads best on the background


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    cells: list[Cell]


@dataclass(frozen=True)
class HeatTable:
    areas: list[str]
    rows: list[Row]
    partners: int  # in all; the table may hold only the top ones

    @property
    def shown(self) -> str:
        """ "all 5 partners" or "top 20 of 255 partners"."""
        partners = f"{self.partners} partner" + ("" if self.partners == 1 else "s")
        if len(self.rows) == self.partners:
            return f"all {partners}"
        return f"top {len(self.rows)} of {partners}"


def top_partners(rows: list[tuple[str, str, str, int]]) -> list[tuple[str, str]]:
    """The parties in the rows, most pillars first, as (code, name)."""
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for code, name, _area, count in rows:
        totals[(code, name)] += count
    return sorted(totals, key=lambda party: (-totals[party], party[0]))


def heat_table(grid) -> HeatTable:
    """The grid of dashboard.queries.partner_focus_areas as rows of shaded cells, partners
    with the most pillars first, focus areas in alphabetical order."""
    areas = sorted({area for _code, _name, area, _count in grid.rows})
    counts = {(code, area): count for code, _name, area, count in grid.rows}
    parties = top_partners(grid.rows)
    most = max(counts.values(), default=1)
    rows = [
        Row(code, name, [cell(counts.get((code, area), 0), most) for area in areas])
        for code, name in parties
    ]
    return HeatTable(areas, rows, grid.partners)


def cell(count: int, most: int) -> Cell:
    background = shade(count / most if most else 0.0)
    return Cell(count, background, best_ink(background))


def shade(fraction: float) -> str:
    """The scale's colour at ``fraction`` (0 to 1), mixed linearly between its stops."""
    fraction = min(1.0, max(0.0, fraction))
    for (start, low), (end, high) in itertools.pairwise(SCALE):
        if fraction <= end:
            within = (fraction - start) / (end - start)
            mixed = (
                round(a + (b - a) * within) for a, b in zip(_rgb(low), _rgb(high), strict=True)
            )
            return "#" + "".join(f"{channel:02x}" for channel in mixed)
    return SCALE[-1][1]


def best_ink(background: str) -> str:
    """The ink (a key of INKS) with the higher WCAG contrast against ``background``."""
    return max(INKS, key=lambda ink: contrast(INKS[ink], background))


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two "#rrggbb" colours, from 1 to 21."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in _rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
