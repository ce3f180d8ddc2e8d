"""Approximate dates (EDTF) in one place: parse, bounds, words.

An approximate date is kept exactly as the analyst typed it, together with
the earliest and the latest day it can possibly mean. Those two bounds come
from the edtf package: strict bounds for plain dates, seasons and intervals,
and edtf's own widened ("fuzzy") bounds when the date is qualified as
uncertain (?) or approximate (~). Nothing is padded silently: "2026" is the
whole of 2026, not 1 January.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import time
from dataclasses import dataclass
from functools import lru_cache

from edtf import parse_edtf
from edtf.appsettings import SEASONS
from edtf.parser.edtf_exceptions import EDTFParseException
from edtf.parser.parser_classes import (
    DateAndTime,
    EDTFObject,
    Level1Interval,
    MultipleDates,
    OneOfASet,
    Season,
    UnspecifiedIntervalSection,
)

EXAMPLES = "2024-05-31, 2026-04, 2026-21 (spring), 2026?, 2026-05/2026-09 or 2026-04~"
MAX_LENGTH = 64
PLAIN_DATE = re.compile(r"^([1-9]\d{3})(?:-(\d{2})(?:-(\d{2}))?)?$")


class InvalidDate(ValueError):
    """The text is not an EDTF date this tracker can place on a calendar."""


@dataclass(frozen=True)
class ApproximateDate:
    """An EDTF string with its earliest and latest possible day.

    ``earliest`` or ``latest`` is None only for an open or unknown end of an
    interval ("2026-05/.."), where no bound was given.
    """

    text: str
    earliest: dt.date | None
    latest: dt.date | None

    @classmethod
    def parse(cls, text: str) -> ApproximateDate:
        return _parse_cached((text or "").strip())

    @property
    def is_exact(self) -> bool:
        """True when the date names one certain day."""
        return self.earliest is not None and self.earliest == self.latest

    def words(self) -> str:
        return describe(self.text)

    def __str__(self) -> str:
        return self.text

    # SQLAlchemy composites store the three values in three columns.
    def __composite_values__(self) -> tuple[str, dt.date | None, dt.date | None]:
        return self.text, self.earliest, self.latest


@lru_cache(maxsize=65536)
def _parse_cached(text: str) -> ApproximateDate:
    # edtf's grammar costs about 4 ms a parse, and the same dates recur a lot.
    bounds = _plain_bounds(text)
    earliest, latest = bounds if bounds else _bounds(_parse(text))
    return ApproximateDate(text, earliest, latest)


def _plain_bounds(text: str) -> tuple[dt.date, dt.date] | None:
    """Bounds of a plain ISO 8601 year, month or day (EDTF level 0) without the grammar.

    These are most dates analysts type, and an import or a benchmark parses
    thousands of them. Anything else, including every invalid plain-looking
    date, goes to edtf, so the rules and the error messages stay edtf's.
    """
    match = PLAIN_DATE.match(text)
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if day is not None:
            exact = dt.date(year, month, day)
            return exact, exact
        if month is not None:
            if not 1 <= month <= 12:
                return None  # a season (2026-21) or an error: edtf decides
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1), dt.date(year, month, last)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        return None


def parse_or_none(text: str | None) -> ApproximateDate | None:
    """Parse an optional date field: blank means "not given"."""
    if text is None or not text.strip():
        return None
    return ApproximateDate.parse(text)


def from_columns(text, earliest, latest) -> ApproximateDate | None:
    """Rebuild a stored date; all three columns are empty when none was given."""
    if text is None:
        return None
    return ApproximateDate(text, earliest, latest)


@lru_cache(maxsize=65536)
def describe(text: str) -> str:
    """Say an EDTF date in words: "May–Sep 2026", "spring 2026", "2026 (uncertain)"."""
    plain = _plain_bounds(text)
    if plain:
        return _window(*plain)
    parsed = _parse(text)
    if isinstance(parsed, Level1Interval):
        return _describe_interval(parsed)
    if isinstance(parsed, OneOfASet | MultipleDates):
        joined = ", ".join(_describe_single(item) for item in parsed.objects)
        return f"one of {joined}" if isinstance(parsed, OneOfASet) else f"all of {joined}"
    return _describe_single(parsed)


def _parse(text: str) -> EDTFObject:
    if not text:
        raise InvalidDate(f"Enter a date, for example {EXAMPLES}.")
    if len(text) > MAX_LENGTH:
        raise InvalidDate(f"A date is at most {MAX_LENGTH} characters.")
    try:
        parsed = parse_edtf(text)
    except (EDTFParseException, ValueError) as error:
        raise InvalidDate(
            f"“{text}” is not an EDTF date. Write it like {EXAMPLES}."
        ) from error
    if isinstance(parsed, DateAndTime):
        raise InvalidDate("Give a day without a time, for example 2024-05-31.")
    try:
        _bounds(parsed)  # rejects dates outside the calendar Python can hold
    except InvalidDate:
        raise
    except (ValueError, TypeError, OverflowError) as error:
        message = f"“{text}” cannot be placed on a calendar. Write it like {EXAMPLES}."
        raise InvalidDate(message) from error
    return parsed


def _bounds(parsed: EDTFObject) -> tuple[dt.date | None, dt.date | None]:
    """Earliest and latest possible day, widened where the date is qualified."""
    if isinstance(parsed, Level1Interval):
        lower = None if _is_unspecified(parsed.lower) else _bound(parsed.lower, "lower")
        upper = None if _is_unspecified(parsed.upper) else _bound(parsed.upper, "upper")
    else:
        lower, upper = _bound(parsed, "lower"), _bound(parsed, "upper")
    if lower is not None and upper is not None and lower > upper:
        raise InvalidDate("The start of the interval is after its end.")
    return lower, upper


def _bound(parsed: EDTFObject, side: str) -> dt.date:
    fuzzy = _is_qualified(parsed)
    if side == "lower":
        value = parsed.lower_fuzzy() if fuzzy else parsed.lower_strict()
    else:
        value = parsed.upper_fuzzy() if fuzzy else parsed.upper_strict()
    return _to_date(value)


def _to_date(value: time.struct_time | float) -> dt.date:
    if isinstance(value, float) and math.isinf(value):
        raise InvalidDate("An interval end must be a date, “..” (open) or left empty (unknown).")
    year = value.tm_year
    if not 1 <= year <= 9999:
        raise InvalidDate("Only years 1 to 9999 are supported.")
    return dt.date(year, value.tm_mon, value.tm_mday)


def _is_unspecified(section: EDTFObject) -> bool:
    return isinstance(section, UnspecifiedIntervalSection)


def _is_qualified(parsed: EDTFObject) -> bool:
    return bool(
        getattr(parsed, "_is_uncertain", False)
        or getattr(parsed, "_is_approximate", False)
        or getattr(parsed, "_uncertain_and_approximate", False)
    )


def _describe_interval(parsed: Level1Interval) -> str:
    if _is_unspecified(parsed.lower) and _is_unspecified(parsed.upper):
        return "unknown"
    if _is_unspecified(parsed.upper):
        start = _describe_single(parsed.lower)
        return f"from {start}" if parsed.upper.is_open else f"from {start}, end unknown"
    if _is_unspecified(parsed.lower):
        end = _describe_single(parsed.upper)
        return f"until {end}" if parsed.lower.is_open else f"until {end}, start unknown"
    lower, upper = parsed.lower, parsed.upper
    if not (_is_qualified(lower) or _is_qualified(upper)):
        return _window(_to_date(lower.lower_strict()), _to_date(upper.upper_strict()))
    return f"{_describe_single(lower)} – {_describe_single(upper)}"


def _describe_single(parsed: EDTFObject) -> str:
    inner = getattr(parsed, "date", parsed)
    if isinstance(inner, Season) and int(inner.season) in SEASONS:
        base = f"{SEASONS[int(inner.season)]} {int(inner._year)}"
    else:
        base = _window(_to_date(parsed.lower_strict()), _to_date(parsed.upper_strict()))
    approximate = getattr(parsed, "_is_approximate", False)
    uncertain = getattr(parsed, "_is_uncertain", False)
    if getattr(parsed, "_uncertain_and_approximate", False):
        approximate = uncertain = True
    if approximate:
        base = f"about {base}"
    if uncertain:
        base = f"{base} (uncertain)"
    return base


def _window(start: dt.date, end: dt.date) -> str:
    """Words for the days from start to end, at the coarsest precision that fits."""
    whole_months = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    whole_years = whole_months and start.month == 1 and end.month == 12
    if start == end:
        return _day(start)
    if whole_years:
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    if whole_months:
        if (start.year, start.month) == (end.year, end.month):
            return _month(start)
        if start.year == end.year:
            return f"{start:%b}–{end:%b} {end.year}"
        return f"{_month(start)}–{_month(end)}"
    if start.year == end.year:
        if start.month == end.month:
            return f"{start.day}–{end.day} {end:%b} {end.year}"
        return f"{start.day} {start:%b}–{_day(end)}"
    return f"{_day(start)}–{_day(end)}"


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%b} {value.year}"


def _month(value: dt.date) -> str:
    return f"{value:%b} {value.year}"
