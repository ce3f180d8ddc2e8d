"""The charts as a reader's browser draws them, from the app alone.

Each page may request nothing from another host and may log no error; user
text in a chart is shown as text, never run as HTML. (The README's screenshots
come from bench/screenshots.py, on the sample data, never from these tests.)
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from .pages import assert_quiet, wait_for_charts

pytestmark = pytest.mark.browser

DASHBOARD_CHARTS = 5
SAMPLE_KEY = "nor-ukr-2026-joint-declaration"

# Where plotly drew a milestone's marker, in page coordinates, found from the figure's data.
MARKER_POSITION = """([id, title]) => {
  const chart = document.getElementById(id);
  const box = chart.getBoundingClientRect();
  const x = chart._fullLayout.xaxis, y = chart._fullLayout.yaxis;
  for (const trace of chart.calcdata) {
    const data = trace[0].trace;
    if (data.type !== "scatter" || !data.customdata) continue;
    for (const point of trace) {
      const custom = data.customdata[point.i];
      if (custom && custom[0] === title) {
        return {x: box.left + x._offset + x.c2p(point.x), y: box.top + y._offset + y.c2p(point.y)};
      }
    }
  }
  return null;
}"""


def marker_of(page, chart_id: str, title: str) -> dict:
    page.locator(f"#{chart_id}").scroll_into_view_if_needed()
    position = page.evaluate(MARKER_POSITION, [chart_id, title])
    assert position, f"no marker titled {title!r} in #{chart_id}"
    return position


def test_dashboard_draws_all_its_charts_from_the_app_alone(page):
    page.goto("/")
    wait_for_charts(page, DASHBOARD_CHARTS)
    assert_quiet(page)


def test_timeline_draws_from_the_app_alone(page):
    page.goto("/timeline")
    wait_for_charts(page, 1)
    assert_quiet(page)


def test_timeline_draws_the_baseline_ghosts_from_the_app_alone(page):
    today = dt.datetime.now(dt.UTC).date()  # every seeded milestone existed by its end
    page.goto(f"/timeline?baseline={today.isoformat()}")
    wait_for_charts(page, 1)
    ghosts = page.evaluate("""() => document.getElementById('timeline-chart').data
        .filter(trace => trace.legendgroup === 'baseline').length""")
    assert ghosts > 0
    assert_quiet(page)


def test_a_milestone_page_draws_its_due_history(page, extra_agreement):
    page.goto(
        f"/agreements/{extra_agreement['key']}/milestones/{extra_agreement['delayed']['key']}"
    )
    wait_for_charts(page, 1)
    assert_quiet(page)


def test_hovering_a_milestone_shows_its_title_and_titles_stay_text(page, extra_agreement):
    page.goto("/timeline")
    wait_for_charts(page, 1)
    delayed = extra_agreement["delayed"]["title"]
    position = marker_of(page, "timeline-chart", delayed)
    page.mouse.move(position["x"], position["y"])
    label = page.locator("#timeline-chart .hoverlayer .hovertext")
    label.first.wait_for()
    hover = label.first.text_content()
    assert delayed in hover
    assert "<b>bold</b>" in hover  # the agreement's title, on the milestone's context line
    ticks = "".join(page.locator("#timeline-chart .ytick text").all_text_contents())
    assert extra_agreement["title"] in ticks
    assert page.locator("img").count() == 0
    assert_quiet(page)


def test_clicking_a_milestone_opens_its_page(page, extra_agreement):
    page.goto("/timeline")
    wait_for_charts(page, 1)
    milestone = extra_agreement["delayed"]
    position = marker_of(page, "timeline-chart", milestone["title"])
    page.mouse.click(position["x"], position["y"])
    page.wait_for_url(f"**/agreements/{extra_agreement['key']}/milestones/{milestone['key']}")
    assert page.url.endswith(f"/milestones/{milestone['key']}")
    assert milestone["title"] in page.locator("h1").text_content()
    assert_quiet(page)


@pytest.mark.parametrize("key", [SAMPLE_KEY, "hostile-title"])
def test_agreement_page_draws_dependency_arrows(page, key):
    page.goto(f"/agreements/{key}")
    wait_for_charts(page, 1)
    names = page.evaluate(
        "() => document.getElementById('agreement-timeline').data.map(trace => trace.name)"
    )
    assert "Depends on" in names
    assert_quiet(page)


def test_chart_data_opens_as_a_table(page):
    page.goto("/")
    wait_for_charts(page, DASHBOARD_CHARTS)
    details = page.locator("figure.chart:has(#agreements-by-status) details.chart-table")
    table = details.locator("table")
    assert not table.is_visible()
    details.locator("summary").click()
    table.wait_for(state="visible")
    assert details.get_attribute("open") is not None
    assert table.locator("tbody tr").count() == 6  # one row per agreement status
    assert_quiet(page)


def test_plotly_comes_from_the_app_gzipped_and_cached_for_good(page, live_server):
    with page.expect_response(lambda response: "/assets/plotly-" in response.url) as served:
        page.goto("/")
    wait_for_charts(page, DASHBOARD_CHARTS)
    scripts = page.evaluate("() => [...document.scripts].filter(s => s.src).map(s => s.src)")
    assert scripts and all(src.startswith(live_server + "/") for src in scripts)
    assert [src for src in scripts if "plotly" in src] == [served.value.url]
    headers = served.value.all_headers()
    assert served.value.status == 200
    assert "immutable" in headers["cache-control"]
    assert headers["content-encoding"] == "gzip"
    assert_quiet(page)


def test_the_zoom_buttons_set_the_timelines_span(page):
    page.goto("/timeline")
    wait_for_charts(page, 1)

    page.get_by_role("button", name="Next 2 years").click()
    span = page.evaluate("document.getElementById('timeline-chart').layout.xaxis.range")
    page.get_by_role("button", name="All").click()
    everything = page.evaluate("document.getElementById('timeline-chart').layout.xaxis.range")

    today = dt.date.today()
    assert span[0].startswith(today.isoformat())
    assert span[1].startswith((today + dt.timedelta(days=730)).isoformat())
    assert everything[0] < span[0]  # the sample's 2023 pledge period and 2024 agreement
    assert_quiet(page)


@pytest.mark.parametrize("path, charts", [("/", DASHBOARD_CHARTS), ("/timeline", 1)])
def test_no_chart_toolbar_offers_to_send_the_data_to_another_host(page, path, charts):
    page.goto(path)
    wait_for_charts(page, charts)
    page.locator(".chart-area").first.hover()

    buttons = page.locator(".modebar-btn")
    titles = [buttons.nth(index).get_attribute("data-title") for index in range(buttons.count())]
    assert "Download plot as a PNG" in titles  # the toolbar is there, and drawn
    assert not [title for title in titles if "share" in title.lower() or "cloud" in title.lower()]
    assert page.evaluate(
        "[...document.querySelectorAll('.chart-area')].every("
        "  (chart) => chart._context.showSendToCloud === false && !chart._context.plotlyServerURL)"
    )
    assert_quiet(page)


# Tick labels drawn (not display:none) that reach past their chart's edge, where the SVG cuts them.
LABELS_PAST_THE_EDGE = """() => [...document.querySelectorAll('.chart-area')].flatMap((chart) => {
  const edge = chart.querySelector('.main-svg').getBoundingClientRect();
  return [...chart.querySelectorAll('.xtick text, .ytick text')]
    .filter((label) => getComputedStyle(label).display !== 'none')
    .map((label) => [label.textContent, label.getBoundingClientRect()])
    .filter(([, box]) => box.left < edge.left - 1 || box.right > edge.right + 1
                      || box.top < edge.top - 1 || box.bottom > edge.bottom + 1)
    .map(([text]) => `${chart.id}: ${text}`);
})"""


@pytest.mark.parametrize("width, height", [(1366, 768), (390, 844)])
@pytest.mark.parametrize("path, charts", [("/", DASHBOARD_CHARTS), ("/timeline", 1)])
def test_every_tick_label_is_drawn_whole_inside_its_chart(page, path, charts, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(path)
    wait_for_charts(page, charts)

    assert page.locator(".chart-area .xtick text").count() > 0
    assert page.evaluate(LABELS_PAST_THE_EDGE) == []
    assert_quiet(page)


def test_on_a_phone_no_toolbar_covers_a_charts_title(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    wait_for_charts(page, DASHBOARD_CHARTS)

    assert page.locator(".modebar").count() == 0
    assert_quiet(page)


def test_on_a_phone_lane_titles_stand_above_their_bars_inside_the_plot(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/timeline")
    wait_for_charts(page, 1)

    drawn = page.evaluate("""() => {
      const chart = document.getElementById('timeline-chart');
      const box = chart.getBoundingClientRect();
      const titles = [...chart.querySelectorAll('.annotation-text')]
        .filter(node => node.textContent !== 'Today')
        .map(node => node.getBoundingClientRect());
      return {
        ticks: chart.querySelectorAll('.ytick text').length,
        lanes: chart.layout.yaxis.ticktext.length,
        titles: titles.map(r => ({left: r.left, top: r.top, bottom: r.bottom})),
        chart: {left: box.left, right: box.right},
      };
    }""")

    assert drawn["ticks"] == 0  # no titles beside the plot to push it off screen
    assert len(drawn["titles"]) == drawn["lanes"] > 0
    assert all(title["left"] >= drawn["chart"]["left"] for title in drawn["titles"])
    tops = sorted(drawn["titles"], key=lambda title: title["top"])
    assert all(upper["bottom"] <= lower["top"] for upper, lower in itertools.pairwise(tops))
    assert_quiet(page)


@pytest.mark.parametrize(
    "path, charts",
    [("/", DASHBOARD_CHARTS), ("/timeline", 1), (f"/agreements/{SAMPLE_KEY}", 1)],
)
def test_the_served_bundle_draws_every_trace_as_the_type_it_was_given(page, path, charts):
    # A bundle lacking a trace type draws it as a scatter line, without an error.
    page.goto(path)
    wait_for_charts(page, charts)

    drawn = page.evaluate("""() => [...document.querySelectorAll('.chart-area')].flatMap(
        chart => chart.data.map(
            (trace, i) => [trace.type || 'scatter', chart._fullData[i].type]))""")

    assert drawn and all(given == shown for given, shown in drawn), drawn
    assert {"bar" if path == "/" else "scatter"} <= {given for given, _ in drawn}
    assert_quiet(page)
