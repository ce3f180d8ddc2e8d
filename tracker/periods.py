"""The calendar years a period covers: what a commitment per year is paid in."""

from __future__ import annotations

from tracker.dates import ApproximateDate, stated_bounds

# A period longer than this is a typing error ("2024/2204"), not a commitment's years.
MOST_YEARS = 100


def years_of(period: ApproximateDate | None) -> range | None:
    """Every year the period states, from its first to its last, or None when the period is
    missing, open at either end, or implausibly long. "2024/2028" is five years, and so is
    "2024~/2028": an approximate start is not widened into a sixth."""
    if period is None:
        return None
    first, last = stated_bounds(period.text)
    if first is None or last is None:
        return None
    years = range(first.year, last.year + 1)
    return years if len(years) <= MOST_YEARS else None
