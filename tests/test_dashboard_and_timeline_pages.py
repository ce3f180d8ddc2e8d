"""The dashboard, the timeline and plotly.js as the server delivers them."""

from __future__ import annotations

import datetime as dt
import gzip
import re
from decimal import Decimal

import plotly
from helpers import commitment, heat_table, islands
from plotly.offline import get_plotlyjs_version

from tracker.assets.views import (
    CARTESIAN,
    bundle_version,
    plotly_asset_version,
    plotly_bundle,
)
from tracker.dashboard.charts import DONORS_SHOWN
from tracker.dates import ApproximateDate
from tracker.extensions import db
from tracker.models import MilestoneStatus
from tracker.rates.operations import create_rate
from tracker.timeline.views import LANES_PER_PAGE


def test_dashboard_shows_every_figure(client, make_agreement):
    make_agreement(
        pillars=["Air Defense"],
        milestones=[
            {"key": "late", "due": "2020", "status": MilestoneStatus.DELAYED},
            {"key": "soon", "due": "2026/2030"},
        ],
    )
    response = client.get("/")

    assert response.status_code == 200
    assert set(islands(response)) == {
        "agreements-by-status",
        "milestones-by-status",
        "agreements-per-year",
        "milestones-by-focus-area",
        "commitments",
    }
    text = response.text
    for figure in (
        "agreements",
        "active (signed or in force)",
        "milestones",
        "overdue",
        "due in the next 90 days",
    ):
        assert figure in text


def in_days(days: int) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).isoformat()


def test_dashboard_counts_overdue_and_due_soon(client, make_agreement):
    make_agreement(
        milestones=[
            {"key": "late", "due": "2020"},
            {
                "key": "done-late",
                "due": "2020",
                "status": MilestoneStatus.DONE,
                "completed_on": "2020-06",
            },
            {"key": "soon", "due": in_days(30)},
            {"key": "wide", "due": f"{dt.date.today().year}/{dt.date.today().year + 4}"},
            {"key": "far", "due": "2999"},
        ]
    )
    text = client.get("/").text

    assert re.search(r'<span class="figure">1</span> overdue', text)
    # A window that merely overlaps the next 90 days is not due in them: its estimate is not.
    assert re.search(r'<span class="figure">1</span> due in the next 90 days', text)


def test_dashboard_lists_overdue_and_upcoming_milestones_with_links(client, make_agreement):
    make_agreement(
        milestones=[
            {"key": "late", "title": "Late one", "due": "2020"},
            {"key": "soon", "title": "Soon one", "due": in_days(30)},
            {
                "key": "wide",
                "title": "Wide one",
                "due": f"{dt.date.today().year}/{dt.date.today().year + 4}",
            },
        ]
    )
    text = client.get("/").text

    overdue = text.split('id="overdue-h"', 1)[1].split("</section>", 1)[0]
    upcoming = text.split('id="upcoming-h"', 1)[1].split("</section>", 1)[0]
    assert "/agreements/nor-ukr-test/milestones/late" in overdue
    assert "Soon one" in upcoming and "Late one" not in upcoming and "Wide one" not in upcoming


def test_the_due_soon_figure_and_its_table_count_the_same_milestones(client, make_agreement):
    make_agreement(
        milestones=[
            {"key": f"m{n}", "title": f"Milestone {n}", "due": in_days(n)} for n in range(0, 91, 6)
        ]
    )
    text = client.get("/").text

    figure = int(
        re.search(r'<span class="figure">(\d+)</span> due in the next 90 days', text).group(1)
    )
    upcoming = text.split('id="upcoming-h"', 1)[1].split("</section>", 1)[0]
    listed = upcoming.count("/milestones/m")
    assert figure == 16
    assert listed == 10 and f"The first 10 of {figure}." in upcoming


def test_commitments_are_charted_by_stage_in_the_reporting_currency(client, make_agreement):
    make_agreement(
        commitments=[
            commitment("NOR", 100, "NOK", period="2024"),
            commitment("NOR", 7, "EUR", stage="delivered"),
            commitment("UKR", 5, "EUR"),
        ]
    )
    create_rate({"on": dt.date(2024, 6, 1), "base": "EUR", "rate": Decimal(10), "quote": "NOK"})
    db.session.commit()
    figure = islands(client.get("/"))["commitments"]

    bars = {
        trace["name"]: dict(zip(trace["y"], trace["x"], strict=True)) for trace in figure["data"]
    }
    assert bars["Pledged"] == {"Norway": 10.0, "Ukraine": 5.0}  # NOK 100 at 10 NOK a euro
    assert bars["Delivered"] == {"Norway": 7.0, "Ukraine": 0.0}
    assert "in EUR" in figure["layout"]["title"]["text"]


def test_a_currency_without_a_rate_is_named_under_the_chart_not_added(client, make_agreement):
    make_agreement(commitments=[commitment("NOR", 100, "NOK"), commitment("UKR", 5, "EUR")])
    figure = islands(client.get("/"))["commitments"]

    bars = {trace["name"]: list(trace["x"]) for trace in figure["data"]}
    assert bars["Pledged"] == [5.0, 0.0]  # Ukraine's euros; Norway's kroner are not converted
    [note] = figure["layout"]["annotations"]
    assert "no rate to EUR: NOK" in note["text"]


def test_each_chart_has_a_table_of_the_same_numbers(client, make_agreement):
    make_agreement(pillars=["Air Defense", "Cyber"])
    response = client.get("/")

    assert response.text.count("Show the data as a table") == len(islands(response)) == 5


def test_partners_by_focus_area_is_a_table_shaded_by_count(client, make_agreement):
    make_agreement(key="a", parties=["NOR", "UKR"], pillars=["Air Defense", "Cyber"])
    make_agreement(key="b", parties=["POL", "UKR"], pillars=["Air Defense"])
    response = client.get("/")

    caption, areas, rows = heat_table(response)
    assert caption == "Partners × focus areas (pillars; all 3 partners)"
    assert areas == ["Air Defense", "Cyber"]
    assert rows == [("Ukraine", [2, 1]), ("Norway", [1, 1]), ("Poland", [1, 0])]
    table = response.text.split('<table class="heat"', 1)[1].split("</table>", 1)[0]
    assert table.count('<td style="background:#0072b2" class="ink-light">2</td>') == 1  # the most
    assert '<a href="/parties/UKR">Ukraine</a>' in table


def test_timeline_draws_the_sample_milestones_as_windows(client, runner):
    runner.invoke(args=["seed"])
    figure = islands(client.get("/timeline"))["timeline-chart"]

    windows = [trace for trace in figure["data"] if "(approximate)" in (trace.get("name") or "")]
    bases = [base for trace in windows for base in trace["base"]]
    assert bases and all(base == "2026-01-01" for base in bases)


def test_timeline_filters_stay_in_the_url_and_narrow_the_lanes(client, make_agreement):
    make_agreement(key="nor-ukr", parties=["NOR", "UKR"])
    make_agreement(key="pol-ukr", parties=["POL", "UKR"])
    response = client.get("/timeline?party=POL")

    lanes = islands(response)["timeline-chart"]["layout"]["yaxis"]["ticktext"]
    assert len(lanes) == 1
    assert 'selected value="POL"' in response.text


def test_timeline_date_window_drops_agreements_that_ended_before_it(client, make_agreement):
    make_agreement(
        key="old", signed_on=_date("2001-01-01"), ends_on=_date("2002-01-01"), duration_years=None
    )
    make_agreement(key="current", signed_on=_date("2024-01-01"), duration_years=None)
    response = client.get("/timeline?window_from=2020-01-01&window_to=2030-12-31")

    assert "/agreements/current" in response.text
    assert "/agreements/old" not in response.text


def test_an_invalid_timeline_filter_is_reported_not_a_server_error(client):
    response = client.get("/timeline?window_from=2030-01-01&window_to=2020-01-01&kind=bogus")

    assert response.status_code == 200
    assert "The window ends before it starts." in response.text
    assert "“bogus” is not" in response.text


def test_timeline_pages_its_lanes_and_says_how_to_narrow_them(app, client):
    from tracker.synthetic import generate

    generate(LANES_PER_PAGE + 5)
    first = client.get("/timeline")
    second = client.get("/timeline?page=2")

    assert len(islands(first)["timeline-chart"]["layout"]["yaxis"]["ticktext"]) == LANES_PER_PAGE
    assert len(islands(second)["timeline-chart"]["layout"]["yaxis"]["ticktext"]) == 5
    assert f"of {LANES_PER_PAGE + 5}" in first.text and "Narrow the filter" in first.text
    assert 'rel="next"' in first.text


def test_the_agreement_page_charts_its_pillars_and_dependencies(client, make_agreement):
    make_agreement(
        pillars=["Air Defense"],
        milestones=[
            {"key": "a", "due": "2026-01", "pillar": "Air Defense"},
            {"key": "b", "due": "2026-06", "pillar": "Air Defense", "depends_on": ["a"]},
        ],
    )
    figure = islands(client.get("/agreements/nor-ukr-test"))["agreement-timeline"]

    assert figure["layout"]["yaxis"]["ticktext"] == ["Air Defense"]
    assert any(trace.get("name") == "Depends on" for trace in figure["data"])


def test_pages_load_scripts_only_from_this_server_and_run_no_inline_script(client, runner):
    runner.invoke(args=["seed"])
    for path in ("/", "/timeline", "/agreements/nor-ukr-2026-joint-declaration"):
        text = client.get(path).text
        sources = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", text)
        assert sources and all(source.startswith("/") for source in sources), path
        inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", text)
        assert inline == [], path
        # No address of another host anywhere (a CSRF token may spell "cdn" by chance).
        hosts = re.findall(r"(?:src|href)=\"(?:https?:)?//([^/\"]+)", text)
        assert [host for host in hosts if "cdn" in host or "plot.ly" in host] == [], path


def test_plotly_js_is_the_cartesian_bundle_of_the_installed_plotly_s_version(client):
    path = f"/assets/plotly-{plotly.__version__}-cartesian.min.js"
    response = client.get(path, headers={"Accept-Encoding": "gzip"})

    assert response.status_code == 200
    header = gzip.decompress(response.data)[:200]
    assert f"plotly.js (cartesian - minified) v{get_plotlyjs_version()}".encode() in header
    assert "immutable" in response.headers["Cache-Control"]
    assert "max-age=31536000" in response.headers["Cache-Control"]
    again = client.get(
        path, headers={"Accept-Encoding": "gzip", "If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304


def test_the_vendored_bundle_is_the_version_the_pinned_plotly_ships():
    # A plotly upgrade without `make plotly-bundle` would quietly serve the 4.8 MB bundle.
    assert bundle_version(CARTESIAN.read_bytes()) == get_plotlyjs_version()


def test_an_older_bundle_gives_way_to_the_installed_package_s_full_one(monkeypatch, tmp_path):
    stale = tmp_path / "plotly-cartesian.min.js"
    stale.write_bytes(b"/**\n* plotly.js (cartesian - minified) v0.0.1\n*/")
    monkeypatch.setattr("tracker.assets.views.CARTESIAN", stale)
    plotly_bundle.cache_clear()
    try:
        bundle = plotly_bundle()
    finally:
        plotly_bundle.cache_clear()

    assert bundle.name == "full"
    assert bundle_version(bundle.raw) == get_plotlyjs_version()


def test_plotly_js_is_served_plain_to_a_client_without_gzip(client):
    response = client.get(f"/assets/plotly-{plotly_asset_version()}.min.js")

    assert "Content-Encoding" not in response.headers
    assert b"plotly" in response.data[:2000].lower()


def test_another_plotly_version_is_not_served(client):
    assert client.get("/assets/plotly-0.0.1.min.js").status_code == 404
    assert client.get(f"/assets/plotly-{plotly.__version__}-full.min.js").status_code == 404


def _date(text: str) -> ApproximateDate:
    return ApproximateDate.parse(text)


def test_agreements_count_per_year_by_the_best_estimate_of_their_signature(client, make_agreement):
    """Counting by the window's first day once put three 2024 agreements in 2023."""
    for key, signed in (("a", "2024?"), ("b", "2024-01~"), ("c", "2024-21"), ("d", "2022-12-31")):
        make_agreement(key=key, signed_on=ApproximateDate.parse(signed))

    figure = islands(client.get("/"))["agreements-per-year"]

    assert figure["data"][0]["x"] == ["2022", "2023", "2024"]
    assert figure["data"][0]["y"] == [1, 0, 3]


def test_plotly_js_does_not_vary_by_cookie_even_for_a_signed_in_reader(client):
    # A session read would add "Vary: Cookie" and make the browser ask again each visit.
    response = client.get(f"/assets/plotly-{plotly_asset_version()}.min.js")

    assert response.status_code == 200
    assert "Cookie" not in response.headers.get("Vary", "")


def test_the_commitments_table_holds_the_charts_donors_and_says_how_many_there_are(
    client, make_agreement
):
    donors = ["NOR", "POL", "DEU", "FRA", "GBR", "USA", "CAN", "SWE", "FIN"]
    donors += ["DNK", "NLD", "ITA", "ESP", "EST", "LVA", "LTU", "CZE"]
    make_agreement(
        parties=["UKR", *donors],
        commitments=[commitment(code, 1000 + i, "EUR") for i, code in enumerate(donors)],
    )

    page = client.get("/").text
    table = re.search(
        r'Partner</th><th scope="col" class="num">Pledged</th>.*?</table>', page, re.S
    )
    rows = re.findall(r"<tr><td>([^<]+)</td>", table.group(0))
    charted = islands(client.get("/"))["commitments"]["data"][0]["y"]

    assert len(donors) > DONORS_SHOWN
    assert rows == list(charted) and len(rows) == DONORS_SHOWN
    assert rows[0] == "Czechia"  # the largest pledge first
    assert f"The {DONORS_SHOWN} largest of {len(donors)} partners by pledges" in page
