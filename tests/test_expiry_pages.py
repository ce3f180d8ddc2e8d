"""What expires when: the list page, its CSV, the dashboard, the timeline and the calendar
all show the derived end (Agreement.end_earliest, end_latest, end_estimate)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from icalendar import Calendar

from tracker.dates import ApproximateDate
from tracker.lanes.charts import timeline_figure
from tracker.lanes.rows import Lane
from tracker.models import AgreementStatus

TODAY = dt.date.today()
HOSTILE = "<img src=x onerror=alert(1)>"


def ends_on(days: int) -> ApproximateDate:
    return ApproximateDate.parse((TODAY + dt.timedelta(days=days)).isoformat())


def listed(client, query: str = "") -> list[str]:
    text = client.get(f"/agreements?{query}").text
    return re.findall(r'<td><a href="/agreements/([^"/]+)">', text)


# The list page


def test_the_list_shows_each_end_in_words_or_open_ended(client, make_agreement):
    make_agreement(key="ten-years")  # signed 31 May 2024, for ten years
    make_agreement(key="typed", ends_on=ApproximateDate.parse("2035"))
    make_agreement(key="open", duration_years=None)

    text = client.get("/agreements").text

    assert '<th scope="col">Ends</th>' in text
    assert "<td>31 May 2034</td>" in text
    assert "<td>2035</td>" in text
    assert "<td>open-ended</td>" in text


def test_the_list_sorts_by_end_both_ways_with_open_ended_last(client, make_agreement):
    make_agreement(key="later", ends_on=ApproximateDate.parse("2040"))
    make_agreement(key="open", duration_years=None)
    make_agreement(key="sooner")  # 2034

    assert listed(client, "sort=end") == ["sooner", "later", "open"]
    assert listed(client, "sort=-end") == ["later", "sooner", "open"]


def test_ends_before_lists_agreements_certainly_ended_by_then(client, make_agreement):
    make_agreement(key="may-2034")  # 31 May 2034
    make_agreement(key="year-2034", ends_on=ApproximateDate.parse("2034"))  # up to 31 Dec
    make_agreement(key="open", duration_years=None)

    assert listed(client, "ends_before=2034-06-01") == ["may-2034"]
    assert listed(client, "ends_before=2035-01-01&sort=end") == ["may-2034", "year-2034"]
    assert "Certainly ended by then" in client.get("/agreements").text


def test_not_verified_lists_stale_and_never_verified_agreements(client, make_agreement):
    make_agreement(key="never", last_verified_on=None)
    make_agreement(key="long-ago", last_verified_on=TODAY - dt.timedelta(days=400))
    make_agreement(key="recent", last_verified_on=TODAY - dt.timedelta(days=10))

    assert set(listed(client, "unverified_months=6")) == {"never", "long-ago"}
    assert set(listed(client, "unverified_months=24")) == {"never"}


def test_a_bad_end_filter_is_reported_and_ignored(client, make_agreement):
    make_agreement()

    text = client.get("/agreements?ends_before=soon&unverified_months=0").text

    assert "Some filters were not understood" in text
    assert 'id="ends_before-error"' in text and 'id="unverified_months-error"' in text


def test_the_csv_download_honours_the_end_filters_and_has_the_end(client, make_agreement):
    make_agreement(key="may-2034")
    make_agreement(key="open", duration_years=None)

    response = client.get("/agreements.csv?ends_before=2035-01-01&sort=end")

    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [row["key"] for row in rows] == ["may-2034"]
    assert rows[0]["end_estimate"] == "2034-05-31"


def test_the_api_list_takes_the_end_filters(make_agreement, api_as):
    make_agreement(key="may-2034")
    make_agreement(key="open", duration_years=None)

    body = api_as("viewer").get("/api/v1/agreements?ends_before=2035-01-01").json

    assert [item["key"] for item in body["items"]] == ["may-2034"]


# The dashboard


def test_the_dashboard_counts_and_lists_agreements_ending_within_12_months(client, make_agreement):
    make_agreement(
        key="in-200-days", title="In 200 days", duration_years=None, ends_on=ends_on(200)
    )
    make_agreement(key="in-10-days", title="In 10 days", duration_years=None, ends_on=ends_on(10))
    make_agreement(
        key="in-400-days", title="In 400 days", duration_years=None, ends_on=ends_on(400)
    )
    make_agreement(
        key="ended-early",
        title="Terminated",
        duration_years=None,
        ends_on=ends_on(20),
        status=AgreementStatus.TERMINATED,
    )
    make_agreement(key="past", title="Past", duration_years=None, ends_on=ends_on(-5))

    text = client.get("/").text

    assert '<span class="figure">2</span> agreements ending within 12 months' in text
    table = text[text.index('id="ending-h"') : text.index('id="slips-h"')]
    assert re.findall(r'href="/agreements/([^"]+)"', table) == ["in-10-days", "in-200-days"]
    assert "ending within 12 months</strong> when the best" in text


def test_the_dashboard_shows_the_first_10_of_all_ending_soon(client, make_agreement):
    for number in range(12):
        make_agreement(key=f"ending-{number:02}", duration_years=None, ends_on=ends_on(30 + number))

    text = client.get("/").text

    assert '<span class="figure">12</span> agreements ending' in text
    assert "The first 10 of 12." in text


# The timeline


def test_an_agreement_with_an_end_gets_an_end_marker_with_its_words():
    ending = Lane(
        key="a",
        label=HOSTILE,
        status="signed",
        status_label="Signed",
        start=ApproximateDate.parse("2024-05-31"),
        end=(dt.date(2034, 5, 1), dt.date(2034, 5, 31)),
        end_estimate=dt.date(2034, 5, 16),
        end_words="May 2034",
    )
    open_ended = Lane(
        key="b",
        label="Open",
        status="signed",
        status_label="Signed",
        start=ApproximateDate.parse("2024-05-31"),
    )

    figure = timeline_figure([ending, open_ended], [], dt.date(2026, 1, 1))

    (marker,) = [trace for trace in figure.data if trace.name == "Ends (best estimate)"]
    assert list(marker.x) == ["2034-05-16"]
    assert marker.customdata[0][1] == "Ends: May 2034"
    assert HOSTILE not in figure.to_json()


def test_the_timeline_page_marks_ends(client, make_agreement):
    make_agreement()

    text = client.get("/timeline").text

    assert "Ends: 31 May 2034" in text
    assert "Ends (best estimate)" in text


# The calendar feed


def feed_events(client, **filters) -> dict:
    """The feed's events by summary, as a logged-in reader downloads it."""
    query = "&".join(f"{name}={value}" for name, value in filters.items())
    response = client.get(f"/calendar.ics?{query}")
    assert response.status_code == 200, response.text
    calendar = Calendar.from_ical(response.data)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_has_one_end_event_per_agreement_spanning_its_window(client, make_agreement):
    agreement = make_agreement(ends_on=ApproximateDate.parse("2034-05"))
    make_agreement(key="open", title="Open-ended", duration_years=None)

    found = feed_events(client)

    event = found["Ends: Norway–Ukraine test declaration"]
    assert str(event["UID"]) == f"agreement-{agreement.id}-end@defense-cooperation-tracker"
    assert event.decoded("DTSTART") == dt.date(2034, 5, 1)
    assert event.decoded("DTEND") == dt.date(2034, 6, 1)
    assert "Ends: May 2034" in str(event["DESCRIPTION"])
    assert "Ends: Open-ended" not in found


def test_the_feed_filters_apply_to_end_events(client, make_agreement):
    make_agreement(key="nor", title="Norway")  # ends 31 May 2034
    make_agreement(
        key="dnk",
        title="Denmark",
        parties=["DNK", "UKR"],
        ends_on=ApproximateDate.parse("2040-01-01"),
    )

    assert set(feed_events(client, party="DNK")) == {"Ends: Denmark"}
    assert set(feed_events(client, window_to="2035-01-01")) == {"Ends: Norway"}
    assert set(feed_events(client, window_from="2035-01-01")) == {"Ends: Denmark"}
