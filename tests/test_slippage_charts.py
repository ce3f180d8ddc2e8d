"""The slippage figures and reconstruction are pure: changes in, figure or date out."""

from __future__ import annotations

import datetime as dt
import math
import re

from tracker.dates import ApproximateDate
from tracker.lanes.charts import timeline_figure
from tracker.lanes.ghosts import Ghost
from tracker.lanes.rows import Lane, Point
from tracker.milestones.charts import due_history_figure
from tracker.milestones.slippage import DueChange, due_as_of, first_planned, slip_days
from tracker.models import AuditEntry

TODAY = dt.date(2026, 11, 27)
BASELINE = dt.date(2025, 3, 1)


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC)


CHANGES = [
    DueChange(at("2025-01-10T09:00"), "system", None, "2026-21"),
    DueChange(at("2025-02-10T09:00"), "analyst", "2026-21", "2026-09"),
    DueChange(at("2025-04-10T09:00"), "analyst", "2026-09", "2026-12-15"),
]


# Slip arithmetic


def test_the_slip_is_how_far_the_best_estimate_moved_since_first_planned():
    assert first_planned(CHANGES) == "2026-21"
    # spring 2026 is estimated at its middle, 15 Apr 2026
    assert slip_days(CHANGES) == (dt.date(2026, 12, 15) - dt.date(2026, 4, 15)).days


def test_narrowing_about_january_to_later_months_is_a_slip():
    """The brief's case: "about Jan 2027" → "Mar–Jun 2027" → "May–Sep 2027" slips twice."""
    changes = [
        DueChange(at("2025-01-10T09:00"), "system", None, "2027-01~"),
        DueChange(at("2025-02-10T09:00"), "analyst", "2027-01~", "2027-03/2027-06"),
        DueChange(at("2025-03-10T09:00"), "analyst", "2027-03/2027-06", "2027-05/2027-09"),
    ]

    assert slip_days(changes[:2]) > 0
    assert slip_days(changes) > slip_days(changes[:2])


def test_a_milestone_older_than_the_trail_was_first_planned_as_its_first_change_found_it():
    changes = [DueChange(at("2025-02-10T09:00"), "analyst", "2026", "2027")]

    assert first_planned(changes) == "2026"
    assert slip_days(changes) == 365


def test_a_due_date_removed_is_no_slip():
    assert (
        slip_days([*CHANGES, DueChange(at("2025-05-01T09:00"), "analyst", "2026-12-15", None)]) == 0
    )


# Reconstructing a plan


def entry(action: str, **changes) -> AuditEntry:
    return AuditEntry(action=action, record_type="milestone", record_id=1, changes=changes)


def test_with_no_later_change_the_plan_then_is_the_plan_now():
    assert due_as_of([entry("update", status=["planned", "delayed"])], "2026-09") == "2026-09"


def test_the_first_later_change_of_the_due_date_says_what_it_was():
    later = [entry("update", due=["2026-09", "2026-12"]), entry("update", due=["2026-12", "2027"])]

    assert due_as_of(later, "2027") == "2026-09"


def test_a_milestone_created_later_had_no_plan_then():
    assert due_as_of([entry("create", due=[None, "2026"])], "2026") is None


# The due-history figure


def test_each_due_window_stands_at_the_moment_it_was_set():
    figure = due_history_figure(CHANGES)

    windows = figure.data[0]
    moments = [change.at.isoformat() for change in CHANGES]
    assert list(windows.x) == [x for moment in moments for x in (moment, moment, None)]
    assert list(windows.y) == [
        "2026-03-01",
        "2026-05-31",
        None,
        "2026-09-01",
        "2026-09-30",
        None,
        "2026-12-15",
        "2026-12-15",
        None,
    ]
    latest = figure.data[1]
    assert list(latest.y) == ["2026-05-31", "2026-09-30", "2026-12-15"]
    assert latest.line.shape == "hv"


def test_a_dashed_line_marks_the_latest_day_first_planned():
    (line,) = due_history_figure(CHANGES).layout.shapes

    assert (line.y0, line.line.dash) == ("2026-05-31", "dash")


def test_user_text_in_the_due_history_hover_is_escaped():
    figure = due_history_figure([DueChange(at("2025-01-10T09:00"), "<b>x</b>", None, "2026")])

    assert figure.data[1].customdata[0][3] == "&lt;b&gt;x&lt;/b&gt;"


TIME_OF_DAY = re.compile(r"%[-_0^#]?[HIklMSLfpPXcsQ]")


def edit_axis_span(figure) -> tuple[dt.date, dt.date]:
    start, end = figure.layout.xaxis.range
    return dt.date.fromisoformat(start), dt.date.fromisoformat(end)


def test_no_zoom_labels_the_edit_axis_with_a_time_of_day():
    axis = due_history_figure(CHANGES).layout.xaxis

    formats = [axis.tickformat] + [stop.value for stop in axis.tickformatstops]
    assert [f for f in formats if TIME_OF_DAY.search(f)] == []
    assert axis.tickformat == "%-d %b %Y"
    # Together the stops cover every tick spacing, finest to coarsest.
    assert axis.tickformatstops[0].dtickrange[0] is None
    assert axis.tickformatstops[-1].dtickrange[1] is None


def test_edits_seconds_apart_open_on_a_week_of_days_around_them():
    quick = [
        DueChange(at("2026-11-27T04:16:29.466"), "analyst", None, "2026-12"),
        DueChange(at("2026-11-27T04:16:31"), "analyst", "2026-12", "2026-12-15"),
        DueChange(at("2026-11-27T04:16:35"), "analyst", "2026-12-15", "2026-12-20"),
    ]

    start, end = edit_axis_span(due_history_figure(quick))

    assert (start, end) == (dt.date(2026, 11, 24), dt.date(2026, 12, 1))
    assert (end - start).days >= 7


def test_years_of_edits_stay_in_view_with_a_margin_of_a_twentieth_each_side():
    first, last = dt.date(2021, 3, 2), dt.date(2025, 11, 30)
    long = [
        DueChange(at(f"{first}T10:00"), "system", None, "2024"),
        DueChange(at("2023-06-15T16:45"), "analyst", "2024", "2025-21"),
        DueChange(at(f"{last}T08:05"), "analyst", "2025-21", "2026-09-30"),
    ]

    start, end = edit_axis_span(due_history_figure(long))

    margin = dt.timedelta(days=math.ceil(((last - first).days + 1) / 20))
    assert (start, end) == (first - margin, last + dt.timedelta(days=1) + margin)


def test_the_hover_still_tells_the_minute_the_due_date_was_set():
    quick = [DueChange(at("2026-11-27T04:16:29"), "analyst", None, "2026-12")]

    assert due_history_figure(quick).data[1].customdata[0][2] == "27 Nov 2026 04:16 UTC"


# Ghosts on the timeline


def lane() -> Lane:
    return Lane(
        key="a",
        label="Agreement a",
        status="signed",
        status_label="Signed",
        start=ApproximateDate.parse("2024-05-31"),
    )


def point(key: str, due: str) -> Point:
    return Point(
        lane="a",
        key=key,
        title=f"Milestone {key}",
        status="planned",
        status_label="Planned",
        due=ApproximateDate.parse(due),
        milestone_id=1,
    )


def ghost(key: str, due: str) -> Ghost:
    return Ghost(lane="a", key=key, due=ApproximateDate.parse(due), planned_on=BASELINE)


def baseline_traces(figure) -> dict[str, dict]:
    found = {}
    for trace in figure.data:
        if trace.legendgroup == "baseline":
            found[trace.type if trace.name != "Moved since" else "join"] = trace
    return found


def test_an_exact_ghost_is_a_hollow_grey_marker_joined_to_the_milestone_now():
    figure = timeline_figure(
        [lane()], [point("m", "2026-12-15")], TODAY, ghosts=[ghost("m", "2026-09-01")]
    )

    traces = baseline_traces(figure)
    assert traces["scatter"].marker.symbol == "circle-open"
    assert list(traces["scatter"].x) == ["2026-09-01"]
    assert "Planned on" in traces["scatter"].hovertemplate
    assert list(traces["join"].x) == ["2026-09-01", "2026-12-15", None]


def test_a_ghost_window_is_an_unfilled_bar_from_earliest_to_latest_day():
    figure = timeline_figure(
        [lane()], [point("m", "2026-12")], TODAY, ghosts=[ghost("m", "2026-21")]
    )

    bar = baseline_traces(figure)["bar"]
    assert list(bar.base) == ["2026-03-01"]
    assert list(bar.x) == [92 * 24 * 3600 * 1000]
    assert bar.marker.color == "rgba(0,0,0,0)"


def test_a_ghost_that_did_not_move_has_no_joining_line():
    figure = timeline_figure(
        [lane()], [point("m", "2026-21")], TODAY, ghosts=[ghost("m", "2026-21")]
    )

    assert "join" not in baseline_traces(figure)


def test_a_ghost_whose_milestone_is_not_drawn_is_left_out():
    figure = timeline_figure(
        [lane()], [point("m", "2026-21")], TODAY, ghosts=[ghost("elsewhere", "2026-21")]
    )

    assert baseline_traces(figure) == {}


def test_ghosts_are_drawn_under_the_milestones_now():
    figure = timeline_figure(
        [lane()], [point("m", "2026-12-15")], TODAY, ghosts=[ghost("m", "2026-09-01")]
    )

    names = [trace.name for trace in figure.data]
    assert names.index("Planned on 1 Mar 2025") < names.index("Planned")
