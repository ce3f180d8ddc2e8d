"""Approximate dates: stored as typed, bounded honestly, said in words."""

import datetime as dt

import pytest

from tracker.dates import ApproximateDate, InvalidDate, best_estimate, describe

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
        ("2026-05/..", D(2026, 5, 1), None),
        ("../2026", None, D(2026, 12, 31)),
        # The window policy (docs/codebook.md, "Date windows"): these rows are the brief's own,
        ("2024-07-18?", D(2024, 7, 18), D(2024, 7, 18)),
        ("2024-07-18~", D(2024, 7, 11), D(2024, 7, 25)),
        ("2027-01~", D(2026, 12, 1), D(2027, 2, 28)),
        ("2026?", D(2026, 1, 1), D(2026, 12, 31)),
        ("2026-04/2026-09", D(2026, 4, 1), D(2026, 9, 30)),
        ("2026-21~", D(2026, 2, 1), D(2026, 6, 30)),
        # and these the rest of the policy: only "about" widens a window.
        ("2026~", D(2025, 7, 1), D(2027, 6, 30)),
        ("2026-04~", D(2026, 3, 1), D(2026, 5, 31)),
        ("2024-02~", D(2024, 1, 1), D(2024, 3, 31)),
        ("2026-04%", D(2026, 3, 1), D(2026, 5, 31)),
        ("2026-~04", D(2026, 3, 1), D(2026, 5, 31)),
        ("2026-24", D(2026, 12, 1), D(2027, 2, 28)),
        ("2026-33", D(2026, 1, 1), D(2026, 3, 31)),
        ("2026-04~/2026-09", D(2026, 3, 1), D(2026, 9, 30)),
        ("2026/2027?", D(2026, 1, 1), D(2027, 12, 31)),
        ("2026-05/", D(2026, 5, 1), None),
    ],
)
def test_bounds_are_the_earliest_and_latest_possible_day(text, earliest, latest):
    date = ApproximateDate.parse(text)
    assert (date.text, date.earliest, date.latest) == (text, earliest, latest)


@pytest.mark.parametrize(
    ("text", "estimate"),
    [
        ("2024-07-18", D(2024, 7, 18)),
        ("2024-07-18~", D(2024, 7, 18)),
        ("2027-01", D(2027, 1, 16)),
        ("2027-01~", D(2027, 1, 16)),  # the middle of the month, not of its widened window
        ("2027", D(2027, 7, 2)),
        ("2026/2027", D(2026, 12, 31)),
        ("2026-21", D(2026, 4, 15)),
        ("2026-05/..", D(2026, 5, 1)),
        ("../2026", D(2026, 12, 31)),
    ],
)
def test_the_best_estimate_is_the_middle_of_the_stated_window(text, estimate):
    assert best_estimate(text) == estimate


def test_about_january_sorts_before_the_whole_year():
    assert best_estimate("2027-01~") < best_estimate("2027")


def test_month_windows_end_on_the_real_last_day():
    ends = [ApproximateDate.parse(f"2026-{month:02}~").latest for month in range(1, 13)]
    assert all((end + dt.timedelta(days=1)).day == 1 for end in ends)


def test_a_year_is_never_padded_to_the_first_of_january():
    date = ApproximateDate.parse("2026")
    assert date.latest == D(2026, 12, 31)
    assert not date.is_exact


def test_approximate_month_is_wider_than_the_plain_month():
    plain, approximate = ApproximateDate.parse("2026-04"), ApproximateDate.parse("2026-04~")
    assert approximate.earliest < plain.earliest
    assert approximate.latest > plain.latest


def test_uncertain_is_said_but_does_not_widen():
    assert ApproximateDate.parse("2026-04?") == ApproximateDate(
        "2026-04?", D(2026, 4, 1), D(2026, 4, 30)
    )
    assert describe("2026-04?") == "Apr 2026 (uncertain)"


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
        ("2026-21~", "about spring 2026"),
        ("2026-24", "winter 2026"),
        ("2026-34", "Q2 2026"),
        ("2026-40", "first half of 2026"),
        ("2026-05/", "from May 2026, end unknown"),
        ("../2026", "until 2026"),
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
        ("2026-21~/2026-02", "after its end"),
        ("/", "at least one end"),
        ("2026-04~~", "is not an EDTF date"),
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
