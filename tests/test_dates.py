"""Approximate dates: stored as typed, bounded honestly, said in words."""

import datetime as dt

import pytest

from tracker.dates import ApproximateDate, InvalidDate, describe

D = dt.date


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2024-05-31", D(2024, 5, 31), D(2024, 5, 31)),
        ("2026-04", D(2026, 4, 1), D(2026, 4, 30)),
        ("2026", D(2026, 1, 1), D(2026, 12, 31)),
        ("2026-21", D(2026, 3, 1), D(2026, 5, 31)),
        ("2026-05/2026-09", D(2026, 5, 1), D(2026, 9, 30)),
        ("2026/2027", D(2026, 1, 1), D(2027, 12, 31)),
        ("2026?", D(2025, 1, 1), D(2027, 12, 31)),
        ("2026-05/..", D(2026, 5, 1), None),
        ("../2026", None, D(2026, 12, 31)),
    ],
)
def test_bounds_are_the_earliest_and_latest_possible_day(text, earliest, latest):
    date = ApproximateDate.parse(text)
    assert (date.text, date.earliest, date.latest) == (text, earliest, latest)


def test_a_year_is_never_padded_to_the_first_of_january():
    date = ApproximateDate.parse("2026")
    assert date.latest == D(2026, 12, 31)
    assert not date.is_exact


def test_approximate_month_is_wider_than_the_plain_month():
    plain, approximate = ApproximateDate.parse("2026-04"), ApproximateDate.parse("2026-04~")
    assert approximate.earliest < plain.earliest
    assert approximate.latest > plain.latest


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2024-05-31", "31 May 2024"),
        ("2026-04", "Apr 2026"),
        ("2026", "2026"),
        ("2026-21", "spring 2026"),
        ("2026-23", "autumn 2026"),
        ("2026?", "2026 (uncertain)"),
        ("2026-05/2026-09", "May–Sep 2026"),
        ("2026-11/2027-02", "Nov 2026–Feb 2027"),
        ("2026/2027", "2026–2027"),
        ("2026-04~", "about Apr 2026"),
        ("2026-04%", "about Apr 2026 (uncertain)"),
        ("2026-05/..", "from May 2026"),
        ("2026-05-03/2026-05-09", "3–9 May 2026"),
        ("[2026-04,2026-06]", "one of Apr 2026, Jun 2026"),
    ],
)
def test_dates_are_said_in_words(text, words):
    assert describe(text) == words


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-13", "is not an EDTF date"),
        ("31/05/2024", "is not an EDTF date"),
        ("next spring", "is not an EDTF date"),
        ("2024-05-31T10:00:00", "without a time"),
        ("2027/2026", "after its end"),
        ("Y20000", "years 1 to 9999"),
        ("x" * 65, "at most 64"),
    ],
)
def test_invalid_dates_are_refused_with_a_reason(text, message):
    with pytest.raises(InvalidDate, match=message):
        ApproximateDate.parse(text)


def test_the_error_gives_an_example():
    with pytest.raises(InvalidDate, match="2026-21 \\(spring\\)"):
        ApproximateDate.parse("spring")


@pytest.mark.parametrize(
    "text", ["2024-05-31", "2024-02-29", "2026-04", "2026-02", "2026", "1999-12", "0999"]
)
def test_plain_dates_get_the_same_bounds_and_words_as_edtf_gives(text):
    from edtf import parse_edtf

    from tracker.dates import _plain_bounds, _to_date, _window

    parsed = parse_edtf(text)
    edtf_bounds = (_to_date(parsed.lower_strict()), _to_date(parsed.upper_strict()))
    date = ApproximateDate.parse(text)
    assert (date.earliest, date.latest) == edtf_bounds
    assert describe(text) == _window(*edtf_bounds)
    assert _plain_bounds(text) in (None, edtf_bounds)


@pytest.mark.parametrize("text", ["2023-02-29", "2026-00", "2026-04-31", "2026-13"])
def test_impossible_plain_dates_are_refused_like_any_other(text):
    with pytest.raises(InvalidDate):
        ApproximateDate.parse(text)
