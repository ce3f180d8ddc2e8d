"""Figure builders are pure: rows in, plotly figure out, checked without a request."""

from __future__ import annotations

import datetime as dt
import json

from tracker.charts import MILESTONE_STYLE, OKABE_ITO, embed
from tracker.dashboard import charts as dashboard
from tracker.dates import ApproximateDate
from tracker.lanes.charts import agreement_figure, timeline_figure
from tracker.lanes.rows import Lane, Point
from tracker.lanes.words import zoom_presets

TODAY = dt.date(2026, 11, 27)
HOSTILE = "<img src=x onerror=alert(1)>"


def lane(key="a", **overrides) -> Lane:
    values = {
        "key": key,
        "label": f"Agreement {key}",
        "group": "NOR · UKR",
        "url": f"/agreements/{key}",
        "status": "signed",
        "status_label": "Signed",
        "start": ApproximateDate.parse("2024-05-31"),
        "end": None,
        "parties": "Norway, Ukraine",
    }
    values.update(overrides)
    return Lane(**values)


def point(key="m", lane_key="a", due="2026-03-15", status="planned", **overrides) -> Point:
    values = {
        "lane": lane_key,
        "key": key,
        "title": f"Milestone {key}",
        "status": status,
        "status_label": status.replace("_", " ").capitalize(),
        "due": ApproximateDate.parse(due),
        "pillar": "Drone Production",
        "context": "Agreement a",
        "url": f"/agreements/{lane_key}/milestones/{key}",
    }
    values.update(overrides)
    return Point(**values)


def traces(figure, name_part: str):
    return [trace for trace in figure.data if name_part in (trace.name or "")]


def test_an_exact_milestone_is_a_marker_on_its_day():
    figure = timeline_figure([lane()], [point(due="2026-03-15", status="delayed")], TODAY)

    (marker,) = traces(figure, "Delayed")
    assert marker.type == "scatter"
    assert list(marker.x) == ["2026-03-15"]
    assert marker.marker.symbol == MILESTONE_STYLE["delayed"][1]


def test_an_approximate_milestone_is_a_hatched_window_from_earliest_to_latest_day():
    figure = timeline_figure([lane()], [point(due="2026-21")], TODAY)

    (window,) = traces(figure, "(approximate)")
    assert window.type == "bar"
    assert list(window.base) == ["2026-03-01"]
    assert list(window.x) == [92 * 24 * 3600 * 1000]  # 1 March to 31 May, both included
    assert window.marker.pattern.shape == "/"
    assert window.marker.color.endswith(", 0.5)")


def test_status_is_shown_by_colour_and_by_shape():
    figure = timeline_figure(
        [lane()], [point("p", status="planned"), point("d", status="done")], TODAY
    )
    planned, done = traces(figure, "Planned")[0], traces(figure, "Done")[0]
    assert planned.marker.color != done.marker.color
    assert planned.marker.symbol != done.marker.symbol


def test_palette_is_okabe_ito():
    assert {colour for colour, _shape in MILESTONE_STYLE.values()} <= set(OKABE_ITO.values())


def test_an_open_ended_agreement_runs_to_today_and_is_marked_continuing():
    figure = timeline_figure([lane(end=None)], [], TODAY)

    (bar,) = traces(figure, "Signed")
    assert list(bar.base) == ["2024-05-31"]
    assert list(bar.x) == [((TODAY - dt.date(2024, 5, 31)).days + 1) * 24 * 3600 * 1000]
    (continuing,) = traces(figure, "Continuing")
    assert list(continuing.x) == [TODAY.isoformat()]


def test_an_agreement_with_an_end_stops_there_and_is_not_continuing():
    ended = lane(
        end=(dt.date(2025, 5, 31), dt.date(2025, 5, 31)), status="expired", status_label="Expired"
    )
    figure = timeline_figure([ended], [], TODAY)

    (bar,) = traces(figure, "Expired")
    assert list(bar.x) == [366 * 24 * 3600 * 1000]
    assert not traces(figure, "Continuing")


def test_an_uncertain_start_is_drawn_as_a_lighter_window():
    figure = timeline_figure([lane(start=ApproximateDate.parse("2024?"))], [], TODAY)

    windows = [trace for trace in figure.data if trace.name == "Uncertain start or end"]
    assert len(windows) == 1
    assert list(windows[0].base) == ["2024-01-01"]
    assert windows[0].opacity < 1


def test_a_today_line_is_drawn():
    figure = timeline_figure([lane()], [], TODAY)

    lines = [shape for shape in figure.layout.shapes if shape.x0 == TODAY.isoformat()]
    assert len(lines) == 1


def test_lanes_are_grouped_by_partner_with_the_group_heading_its_first_lane():
    lanes = [lane("a", group="NOR · UKR"), lane("b", group="NOR · UKR"), lane("c", group="POL")]
    figure = timeline_figure(lanes, [], TODAY)

    ticks = list(figure.layout.yaxis.ticktext)
    assert ticks[0].startswith("<b>NOR · UKR</b>")
    assert not ticks[1].startswith("<b>")
    assert ticks[2].startswith("<b>POL</b>")
    separators = [shape for shape in figure.layout.shapes if shape.y0 == shape.y1]
    assert [shape.y0 for shape in separators] == [1.5]


def test_milestones_with_the_same_window_get_their_own_slots():
    figure = timeline_figure(
        [lane()], [point("one", due="2026/2027"), point("two", due="2026/2027")], TODAY
    )
    (window,) = traces(figure, "(approximate)")
    assert len(set(window.y)) == 2


def test_hover_shows_title_status_date_as_typed_and_in_words_and_pillar():
    figure = timeline_figure([lane()], [point(due="2026-21")], TODAY)

    (window,) = traces(figure, "(approximate)")
    title, status, typed, words, pillar, _context, url = window.customdata[0]
    assert (title, status, typed, words, pillar) == (
        "Milestone m",
        "Planned",
        "2026-21",
        "spring 2026",
        "Drone Production",
    )
    assert url == "/agreements/a/milestones/m"
    assert "customdata[0]" in window.hovertemplate


def test_user_text_in_labels_and_hover_is_escaped():
    figure = timeline_figure(
        [lane(label=HOSTILE, group=HOSTILE)], [point(title=HOSTILE, pillar=HOSTILE)], TODAY
    )
    dumped = figure.to_json()
    assert HOSTILE not in dumped
    assert "&lt;img src=x onerror=alert(1)&gt;" in dumped


def test_no_webgl_traces():
    figure = timeline_figure([lane()], [point(), point("x", due="2026-21")], TODAY)
    assert all(not trace.type.endswith("gl") for trace in figure.data)


def test_the_agreement_chart_draws_dependencies_as_arrows():
    lanes = [Lane(key="p1", label="Drone Production")]
    points = [
        point("a", lane_key="p1", due="2026-01-10"),
        point("b", lane_key="p1", due="2026-06", depends_on=("a",)),
    ]
    figure = agreement_figure(lanes, points, TODAY)

    (arrows,) = traces(figure, "Depends on")
    assert list(arrows.x)[:2] == ["2026-01-10", "2026-06-15"]
    assert arrows.marker.symbol == "arrow"


def test_embedded_figure_json_cannot_close_its_script_element():
    figure = timeline_figure([lane(label="</script><script>alert(1)</script>")], [], TODAY)
    island = str(embed(figure, "chart"))

    body = island.split(">", 1)[1].rsplit("</script>", 1)[0]
    assert "<" not in body and ">" not in body
    assert json.loads(body)["data"]


def test_status_bars_list_every_status_in_order_even_at_zero():
    figure = dashboard.agreements_by_status_figure({"signed": 3, "in_force": 2})

    bar = figure.data[0]
    assert list(bar.y) == [
        "Under negotiation",
        "Signed",
        "In force",
        "Suspended",
        "Expired",
        "Terminated",
    ]
    assert list(bar.x) == [0, 3, 2, 0, 0, 0]


def test_milestones_by_focus_area_stack_one_trace_per_status():
    rows = [("Air Defense", "done", 2), ("Air Defense", "planned", 1), ("Cyber", "planned", 4)]
    figure = dashboard.milestones_by_focus_area_figure(rows)

    assert figure.layout.barmode == "stack"
    by_name = {trace.name: list(trace.x) for trace in figure.data}
    assert by_name == {"Planned": [1, 4], "Done": [2, 0]}


def test_every_dashboard_chart_has_a_title():
    figures = [
        dashboard.agreements_by_status_figure({}),
        dashboard.milestones_by_status_figure({}),
        dashboard.milestones_by_focus_area_figure([]),
        dashboard.commitments_figure([], "EUR", []),
        timeline_figure([], [], TODAY),
    ]
    assert all(figure.layout.title.text for figure in figures)


def test_an_overdue_milestone_is_ringed_at_its_latest_due_day():
    points = [
        point("late", due="2026-03", status="planned"),
        point("done", due="2026-02-10", status="done"),
        point("ahead", due="2027-01-05", status="planned"),
    ]
    figure = timeline_figure([lane()], points, TODAY)

    [rings] = [trace for trace in figure.data if trace.name == "Overdue"]
    assert list(rings.x) == ["2026-03-31"]  # only the open one whose whole window has passed
    assert rings.marker.symbol == "circle-open"


def test_lane_titles_alike_keep_their_ends_and_then_their_keys():
    long = "Agreement on security cooperation and long-term support between Ukraine and "
    lanes = [
        lane("fra", label=long + "the French Republic"),
        lane("nor", label=long + "the Kingdom of Norway"),
        lane("nor-2", label=long + "the Kingdom of Norway"),
    ]
    figure = timeline_figure(lanes, [], TODAY)

    ticks = list(figure.layout.yaxis.ticktext)
    assert ticks[0].endswith("the French Republic")
    assert ticks[1].endswith("Kingdom of Norway (nor)")
    assert ticks[2].endswith("Kingdom of Norway (nor-2)")
    assert len(set(ticks)) == 3


def test_a_done_milestone_is_drawn_at_its_completion_not_its_due_day():
    done = point(
        "done", due="2026-03-15", status="done", completed=ApproximateDate.parse("2026-05-02")
    )
    figure = timeline_figure([lane()], [done], TODAY)

    [marker] = [trace for trace in figure.data if trace.name == "Done"]
    assert list(marker.x) == ["2026-05-02"]
    assert "done 2 May 2026" in marker.customdata[0][3]


def test_the_timeline_offers_this_year_the_next_two_years_and_all():
    assert zoom_presets(TODAY) == [
        ("This year", "2026-01-01", "2026-12-31"),
        ("Next 2 years", "2026-11-27", "2028-11-26"),
        ("All", None, None),
    ]


def test_lanes_grow_so_each_milestone_title_has_its_line():
    lanes = [lane("a")]
    one = timeline_figure(lanes, [point("m1")], TODAY)
    five = timeline_figure(lanes, [point(f"m{n}") for n in range(5)], TODAY)

    assert five.layout.height - one.layout.height == 5 * 26 - 44


def test_the_phone_layout_gives_each_lane_a_line_for_its_title():
    figure = timeline_figure([lane("a"), lane("b")], [point("m1")], TODAY)

    phone = figure.layout.meta["phone_lanes"]
    assert phone["label_y"] == -0.5  # the lane's top edge, above the agreement's bar
    assert phone["height"] == figure.layout.height + 2 * 28


def test_a_window_s_title_stands_beside_it_at_full_size():
    figure = timeline_figure([lane("a")], [point("m1", due="2026-21")], TODAY)

    window = next(t for t in figure.data if (t.name or "").endswith("(approximate)"))
    assert window.text == ("Milestone m1",)
    assert (window.textposition, window.constraintext) == ("outside", "none")
    assert window.opacity is None  # the bar fades, not the text
    assert window.marker.color.startswith("rgba(") and window.marker.color.endswith(", 0.5)")


def test_the_lane_margin_is_wide_enough_for_the_longest_title_so_plotly_draws_once():
    lanes = [lane("a", label="Short"), lane("b", label="A much longer agreement title " * 2)]
    figure = timeline_figure(lanes, [], TODAY)

    # A browser draws "NOR · UKR · A much longer …" at about 6.2 px a letter in 12 px type.
    longest = max(len(label) for label in figure.layout.yaxis.ticktext)
    assert figure.layout.margin.l >= 10 + 6.2 * longest
    assert figure.layout.margin.l <= 10 + 8.5 * longest  # not a screen's width of nothing
