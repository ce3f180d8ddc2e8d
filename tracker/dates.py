"""Approximate dates (EDTF) in one place: parse, windows, best estimates, words.

An approximate date is kept exactly as the analyst typed it, together with
its window: the earliest and the latest day it can mean. The window policy
is the tracker's own, documented in docs/codebook.md ("Date windows"); edtf
only parses. A date's window is its stated precision: a day is that day, a
month that month (to its real last day), a season or quarter its months, a
year that year, an interval runs from the start of its first end to the end
of its last. "?" (uncertain) keeps the window and is said as "uncertain";
"~" (approximate, and "%", both) widens it by a small margin for its
precision (MARGINS). The best estimate is the middle of the stated window,
before any widening: it is what sorts and counts use.
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
from edtf.appsettings import SEASON_L2_MONTHS_RANGE
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

    @property
    def estimate(self) -> dt.date | None:
        """The best estimate: the one day to sort, count and measure slips by."""
        return best_estimate(self.text)

    def words(self) -> str:
        return describe(self.text)

    def __str__(self) -> str:
        return self.text

    # SQLAlchemy composites store the four values in four columns; the estimate is derived.
    def __composite_values__(self) -> tuple[str, dt.date | None, dt.date | None, dt.date | None]:
        return self.text, self.earliest, self.latest, self.estimate


@lru_cache(maxsize=65536)
def _parse_cached(text: str) -> ApproximateDate:
    # edtf's grammar costs about 4 ms a parse, and the same dates recur a lot.
    earliest, latest = _plain_bounds(text) or _read(text).window
    return ApproximateDate(text, earliest, latest)


def _plain_bounds(text: str) -> tuple[dt.date, dt.date] | None:
    """Bounds of a plain ISO 8601 year, month or day (EDTF level 0) without the grammar.

    These are most dates analysts type, and an import or a benchmark parses
    thousands of them. A day its month lacks (2026-02-31) is "no such day";
    anything else invalid goes to edtf, so the rules and messages stay edtf's.
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
        if day is None or not 1 <= month <= 12:
            return None
        last, name = calendar.monthrange(year, month)[1], calendar.month_name[month]
        raise InvalidDate(f"There is no such day: {name} {year} has {last} days.") from None


def parse_or_none(text: str | None) -> ApproximateDate | None:
    """Parse an optional date field: blank means "not given"."""
    if text is None or not text.strip():
        return None
    return ApproximateDate.parse(text)


def from_columns(text, earliest, latest, _estimate=None) -> ApproximateDate | None:
    """Rebuild a stored date; all its columns are empty when none was given. The estimate
    column is derived from the text, so it is not read back."""
    if text is None:
        return None
    return ApproximateDate(text, earliest, latest)


# The window policy. "~" widens a stated window by this margin on each side, in days or
# in months (a month margin lands on real month starts and ends). Decades and centuries
# ("202X", "20XX") are not in the brief; their margins follow the same proportion.
MARGINS = {
    "day": ("days", 7),
    "month": ("months", 1),
    "season": ("months", 1),
    "year": ("months", 6),
    "decade": ("months", 12),
    "century": ("months", 120),
    "millenium": ("months", 1200),
}
# Months of each EDTF season and quarter: edtf's table, except that a winter spans the
# turn of the year (December to February) where edtf keeps only December.
SEASON_MONTHS = {
    **{int(k): tuple(v) for k, v in SEASON_L2_MONTHS_RANGE.items()},
    24: (12, 14),
    28: (12, 14),
    30: (12, 14),
}
SEASON_WORDS = {
    21: "spring {}",
    22: "summer {}",
    23: "autumn {}",
    24: "winter {}",
    25: "spring {} (north)",
    26: "summer {} (north)",
    27: "autumn {} (north)",
    28: "winter {} (north)",
    29: "spring {} (south)",
    30: "summer {} (south)",
    31: "autumn {} (south)",
    32: "winter {} (south)",
    33: "Q1 {}",
    34: "Q2 {}",
    35: "Q3 {}",
    36: "Q4 {}",
    37: "first third of {}",
    38: "second third of {}",
    39: "last third of {}",
    40: "first half of {}",
    41: "second half of {}",
}
QUALIFIERS = "?~%"
OPEN, UNKNOWN = "..", ""


@dataclass(frozen=True)
class _Single:
    """One date, not an interval: its stated window, precision and qualification."""

    start: dt.date
    end: dt.date
    precision: str
    words: str
    approximate: bool
    uncertain: bool

    @property
    def window(self) -> tuple[dt.date, dt.date]:
        if not self.approximate:
            return self.start, self.end
        unit, amount = MARGINS[self.precision]
        if unit == "days":
            step = dt.timedelta(days=amount)
            return _clamped(lambda: self.start - step), _clamped(lambda: self.end + step)
        return (
            _clamped(lambda: _month_start(self.start, -amount)),
            _clamped(lambda: _month_end(self.end, amount)),
        )


@dataclass(frozen=True)
class _Reading:
    """What a text means: its window, its stated (unwidened) window, and its words."""

    window: tuple[dt.date | None, dt.date | None]
    stated: tuple[dt.date | None, dt.date | None]
    words: str


@lru_cache(maxsize=65536)
def _read(text: str) -> _Reading:
    if not text:
        raise InvalidDate(f"Enter a date, for example {EXAMPLES}.")
    if len(text) > MAX_LENGTH:
        raise InvalidDate(f"A date is at most {MAX_LENGTH} characters.")
    if text.count("/") == 1:
        return _read_interval(*text.split("/"))
    if text.startswith(("[", "{")):
        return _read_set(text)
    single = _read_single(text)
    return _Reading(single.window, (single.start, single.end), single.words)


def _read_single(text: str) -> _Single:
    base, qualifier = (text[:-1], text[-1]) if text[-1:] in QUALIFIERS else (text, "")
    if not base or base[-1] in QUALIFIERS:  # "2026~~": one qualifier; "%" is both
        raise InvalidDate(f"“{text}” is not an EDTF date. Write it like {EXAMPLES}.")
    parsed = _parse(base)
    if isinstance(parsed, Season):
        first, last = SEASON_MONTHS[int(parsed.season)]
        year = int(parsed.year)
        january = dt.date(year, 1, 1)
        start, end = _month_start(january, first - 1), _month_end(january, last - 1)
        words = SEASON_WORDS[int(parsed.season)].format(year)
        precision = "season"
    else:
        start, end = _to_date(parsed.lower_strict()), _to_date(parsed.upper_strict())
        words = _window(start, end)
        precision = getattr(parsed, "precision", None) or "year"
    # Level 2 qualifies a part ("2026-~04"): that part, and so the date, is approximate.
    approximate = qualifier in ("~", "%") or any(mark in base for mark in "~%")
    uncertain = qualifier in ("?", "%") or any(mark in base for mark in "?%")
    if approximate:
        words = f"about {words}"
    if uncertain:
        words = f"{words} (uncertain)"
    return _Single(start, end, precision, words, approximate, uncertain)


def _read_interval(lower: str, upper: str) -> _Reading:
    if lower in (OPEN, UNKNOWN) and upper in (OPEN, UNKNOWN):
        if lower == upper == UNKNOWN:
            raise InvalidDate(f"Give at least one end of the interval, like {EXAMPLES}.")
        return _Reading((None, None), (None, None), "unknown")
    first = None if lower in (OPEN, UNKNOWN) else _read_single(lower)
    last = None if upper in (OPEN, UNKNOWN) else _read_single(upper)
    window = (first.window[0] if first else None, last.window[1] if last else None)
    if window[0] and window[1] and (first.start > last.end or window[0] > window[1]):
        raise InvalidDate("The start of the interval is after its end.")
    stated = (first.start if first else None, last.end if last else None)
    if first is None:
        words = f"until {last.words}" + ("" if lower == OPEN else ", start unknown")
    elif last is None:
        words = f"from {first.words}" + ("" if upper == OPEN else ", end unknown")
    elif first.approximate or first.uncertain or last.approximate or last.uncertain:
        words = f"{first.words} – {last.words}"
    else:
        words = _window(first.start, last.end)
    return _Reading(window, stated, words)


def _read_set(text: str) -> _Reading:
    """[a, b] is one of them, {a, b} all of them: the window spans them all."""
    parsed = _parse(text)
    if not isinstance(parsed, OneOfASet | MultipleDates):
        raise InvalidDate(f"“{text}” is not an EDTF date. Write it like {EXAMPLES}.")
    items = [_read(str(item)) for item in parsed.objects]
    window = (min(item.window[0] for item in items), max(item.window[1] for item in items))
    stated = (min(item.stated[0] for item in items), max(item.stated[1] for item in items))
    joined = ", ".join(item.words for item in items)
    words = f"one of {joined}" if isinstance(parsed, OneOfASet) else f"all of {joined}"
    return _Reading(window, stated, words)


@lru_cache(maxsize=65536)
def describe(text: str) -> str:
    """Say an EDTF date in words: "May–Sep 2026", "spring 2026", "2026 (uncertain)"."""
    plain = _plain_bounds(text)
    return _window(*plain) if plain else _read(text).words


@lru_cache(maxsize=65536)
def best_estimate(text: str) -> dt.date | None:
    """The middle of the stated window, before widening: one day to sort and count by.
    An interval open at one end is estimated by its known end."""
    start, end = stated_bounds(text)
    if start is None or end is None:
        return start or end
    return start + (end - start) // 2


@lru_cache(maxsize=65536)
def stated_bounds(text: str) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day the text states, before an approximate date is widened:
    "2024~/2028" states 2024 to 2028. None for an open or unknown end."""
    lower, slash, upper = text.partition("/")
    if slash:  # "2024/2028", the usual period, without the grammar
        first, last = _plain_bounds(lower), _plain_bounds(upper)
        if first and last and first[0] <= last[1]:
            return first[0], last[1]
    return _plain_bounds(text) or _read(text).stated


def estimate_or_none(text: str | None) -> dt.date | None:
    """The best estimate of a stored text; None when absent, open or no longer readable."""
    try:
        return best_estimate(text) if text else None
    except InvalidDate:
        return None


def _parse(text: str) -> EDTFObject:
    try:
        parsed = parse_edtf(text)
    except (EDTFParseException, ValueError) as error:
        raise InvalidDate(f"“{text}” is not an EDTF date. Write it like {EXAMPLES}.") from error
    if isinstance(parsed, DateAndTime):
        raise InvalidDate("Give a day without a time, for example 2024-05-31.")
    if isinstance(parsed, Level1Interval | UnspecifiedIntervalSection):
        raise InvalidDate(f"“{text}” is not an EDTF date. Write it like {EXAMPLES}.")
    try:
        _to_date(parsed.lower_strict()), _to_date(parsed.upper_strict())
    except InvalidDate:
        raise
    except (ValueError, TypeError, OverflowError, AttributeError) as error:
        message = f"“{text}” cannot be placed on a calendar. Write it like {EXAMPLES}."
        raise InvalidDate(message) from error
    return parsed


def _to_date(value: time.struct_time | float) -> dt.date:
    if isinstance(value, float) and math.isinf(value):
        raise InvalidDate("An interval end must be a date, “..” (open) or left empty (unknown).")
    year = value.tm_year
    if not 1 <= year <= 9999:
        raise InvalidDate("Only years 1 to 9999 are supported.")
    return dt.date(year, value.tm_mon, value.tm_mday)


def _month_start(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _month_end(day: dt.date, months: int) -> dt.date:
    first = _month_start(day, months)
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _clamped(day) -> dt.date:
    """A widened bound, held within the calendar Python can hold."""
    try:
        return day()
    except (ValueError, OverflowError):
        raise InvalidDate("Only years 1 to 9999 are supported.") from None


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
