"""Filters of several values on every list, offering only what the data holds; the
timeline's and calendar's status and kind are the milestones'."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from helpers import islands
from icalendar import Calendar

from tracker.dates import ApproximateDate
from tracker.extensions import db
from tracker.feeds.operations import create_feed_token
from tracker.models import AgreementKind, AgreementStatus, MilestoneKind, MilestoneStatus


@pytest.fixture
def three(make_agreement):
    """Three agreements of other parties, kinds and statuses, each with two milestones."""
    make_agreement(
        key="nor-ukr",
        title="Norway and Ukraine",
        parties=["NOR", "UKR"],
        pillars=["Air Defense"],
        milestones=[
            {
                "key": "talks",
                "title": "Talks in Oslo",
                "due": "2026-03-01",
                "kind": MilestoneKind.MEETING,
                "status": MilestoneStatus.DONE,
            },
            {
                "key": "sites",
                "title": "Production sites chosen",
                "due": "2026-09",
                "kind": MilestoneKind.SITE_SELECTION,
                "depends_on": ["talks"],
                "description": "Air defence sites",
                "pillar": "Air Defense",
            },
        ],
    )
    make_agreement(
        key="pol-ukr",
        title="Poland and Ukraine",
        parties=["POL", "UKR"],
        kind=AgreementKind.TREATY,
        status=AgreementStatus.IN_FORCE,
        signatories=[],
        milestones=[
            {
                "key": "talks",
                "title": "Talks in Warsaw",
                "due": "2026-04-01",
                "kind": MilestoneKind.MEETING,
            },
            {"key": "sites", "title": "Plant opened", "due": "2027"},
        ],
    )
    make_agreement(
        key="fin-swe",
        title="Finland and Sweden",
        parties=["FIN", "SWE"],
        status=AgreementStatus.IN_FORCE,
        signatories=[],
        milestones=[{"key": "delivery", "title": "Delivery", "due": "2026-12"}],
    )


def agreement_keys(text: str) -> set[str]:
    return set(re.findall(r'href="/agreements/([a-z]+-[a-z-]+)"', text))


def option_values(text: str, name: str) -> list[str]:
    """The values a <select name=...> offers."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', text, re.S).group(1)
    return re.findall(r'value="([^"]*)"', select)


def timeline_points(client, query: str) -> dict[str, list[str]]:
    """The milestone titles drawn on the timeline, by the status trace that draws them."""
    figure = islands(client.get(f"/timeline?{query}"))["timeline-chart"]
    return {
        trace["name"]: [row[0] for row in trace["customdata"]]
        for trace in figure["data"]
        if trace.get("legendgroup", "").startswith("milestone-") and trace.get("customdata")
    }


def test_several_parties_on_the_agreement_list_mean_any_of_them(client, three):
    page = client.get("/agreements?party=NOR&party=POL").text

    assert agreement_keys(page) == {"nor-ukr", "pol-ukr"}
    assert 'selected value="NOR"' in page and 'selected value="POL"' in page


def test_several_statuses_through_the_api_mean_any_of_them(api_as, three):
    api = api_as("viewer")

    signed = api.get("/api/v1/agreements?status=signed").get_json()
    both = api.get("/api/v1/agreements?status=signed&status=in_force&kind=treaty").get_json()

    assert {item["key"] for item in signed["items"]} == {"nor-ukr"}
    assert {item["key"] for item in both["items"]} == {"pol-ukr"}


def test_the_agreement_list_csv_keeps_several_values_of_a_filter(client, three):
    page = client.get("/agreements?party=NOR&party=FIN").text
    link = re.search(r'href="([^"]*agreements\.csv[^"]*)"', page).group(1)

    rows = client.get(link.replace("&amp;", "&")).text.splitlines()[1:]

    assert sorted(row.split(",")[0] for row in rows) == ["fin-swe", "nor-ukr"]


def test_the_list_filters_offer_only_what_the_data_holds(client, three):
    page = client.get("/agreements").text

    assert option_values(page, "party") == ["FIN", "NOR", "POL", "SWE", "UKR"]
    assert option_values(page, "kind") == ["joint_declaration", "treaty"]
    assert option_values(page, "status") == ["signed", "in_force"]
    assert option_values(page, "focus_area") == ["Air Defense", "Drone Production"]


@pytest.mark.parametrize("path", ["/timeline", "/calendar", "/milestones", "/compare"])
def test_every_filter_page_offers_only_the_parties_in_the_data(client, three, path):
    assert option_values(client.get(path).text, "party") == ["FIN", "NOR", "POL", "SWE", "UKR"]


def test_a_chosen_party_no_agreement_names_stays_on_offer(client, three):
    page = client.get("/agreements?party=DNK").text

    assert 'selected value="DNK"' in page and "No agreement" in page


def test_the_timeline_status_filter_keeps_milestones_of_that_status(client, three):
    drawn = timeline_points(client, "status=done")

    assert drawn == {"Done": ["Talks in Oslo"]}


def test_the_timeline_kind_filter_keeps_milestones_of_those_kinds_and_their_lanes(client, three):
    response = client.get("/timeline?kind=meeting&kind=site_selection")
    drawn = timeline_points(client, "kind=meeting&kind=site_selection")
    titles = sorted(title for titles in drawn.values() for title in titles)

    assert titles == ["Production sites chosen", "Talks in Oslo", "Talks in Warsaw"]
    assert agreement_keys(response.text) >= {"nor-ukr", "pol-ukr"}
    assert "fin-swe" not in agreement_keys(response.text)


def test_the_timeline_agreement_status_chooses_the_lanes(client, three):
    response = client.get("/timeline?agreement_status=in_force")

    lanes = islands(response)["timeline-chart"]["layout"]["yaxis"]["ticktext"]
    assert len(lanes) == 2
    assert {"fin-swe", "pol-ukr"} <= agreement_keys(response.text)


def test_an_earlier_link_s_agreement_status_keeps_its_meaning(client, three):
    response = client.get("/timeline?status=in_force")

    assert 'selected value="in_force"' in response.text
    assert len(islands(response)["timeline-chart"]["layout"]["yaxis"]["ticktext"]) == 2


def test_the_timeline_draws_dependencies_within_each_agreement(client, three):
    figure = islands(client.get("/timeline"))["timeline-chart"]

    arrows = [trace for trace in figure["data"] if trace.get("name") == "Depends on"]
    # One arrow: "sites" depends on "talks" in nor-ukr only, though pol-ukr has the same keys.
    assert len(arrows) == 1 and arrows[0]["x"].count(None) == 1


def feed_summaries(anonymous, user, query: str) -> set[str]:
    _token, secret = create_feed_token(user, "Test")
    db.session.commit()
    response = anonymous.get(f"/calendar.ics?token={secret}&{query}")
    assert response.status_code == 200, response.text
    return {str(event["SUMMARY"]) for event in Calendar.from_ical(response.data).walk("VEVENT")}


def test_the_calendar_kind_filter_keeps_those_milestones_without_agreement_ends(
    anonymous, make_user, three
):
    viewer = make_user("viewer")

    meetings = feed_summaries(anonymous, viewer, "kind=meeting&party=NOR&party=POL")
    everything = feed_summaries(anonymous, viewer, "party=NOR")

    assert meetings == {"Talks in Oslo", "Talks in Warsaw"}
    assert any(summary.startswith("Ends:") for summary in everything)


def test_an_earlier_calendar_link_s_agreement_kind_keeps_its_meaning(anonymous, make_user, three):
    summaries = feed_summaries(anonymous, make_user("viewer"), "kind=treaty")

    assert {summary.split(" (")[0] for summary in summaries} == {
        "Talks in Warsaw",
        "Plant opened",
        "Ends: Poland and Ukraine",
    }


def test_the_matrix_takes_several_parties(client, three):
    page = client.get("/compare?party=FIN&party=POL").text

    assert agreement_keys(page) == {"fin-swe", "pol-ukr"}


def test_the_milestone_list_finds_a_milestone_by_its_words_in_either_spelling(client, three):
    by_title = client.get("/milestones?q=talks+oslo").text
    by_spelling = client.get("/milestones?q=defense").text
    by_wildcard = client.get("/milestones?q=%25").text

    assert "Talks in Oslo" in by_title and "Talks in Warsaw" not in by_title
    assert "Production sites chosen" in by_spelling and "Talks" not in by_spelling
    assert "No milestone matches" in by_wildcard


def in_days(days: int):
    return ApproximateDate.parse((dt.date.today() + dt.timedelta(days=days)).isoformat())


@pytest.fixture
def ends(make_agreement):
    """Agreements ending soon, later, never, and ended ones that no longer count."""
    for key, status, ends_on in (
        ("ends-soon", AgreementStatus.SIGNED, in_days(100)),
        ("ends-in-force", AgreementStatus.IN_FORCE, in_days(300)),
        ("ends-later", AgreementStatus.IN_FORCE, in_days(800)),
        ("open-ended", AgreementStatus.SIGNED, None),
        ("ended-early", AgreementStatus.TERMINATED, in_days(50)),
        ("still-talking", AgreementStatus.UNDER_NEGOTIATION, in_days(200)),
    ):
        make_agreement(key=key, status=status, ends_on=ends_on, duration_years=None)


@pytest.mark.parametrize(
    "words, keys",
    [
        ("agreements", 6),
        ("active (signed or in force)", 4),
        ("agreements ending within 12 months", 3),
    ],
)
def test_each_agreement_card_links_to_a_list_of_as_many(client, ends, words, keys):
    found = re.search(
        rf'<a href="([^"]+)"><span class="figure">(\d+)</span> {re.escape(words)}',
        client.get("/").text,
    )
    link, figure = found[1].replace("&amp;", "&"), int(found[2])

    page = client.get(link).text

    assert figure == keys
    assert f"{figure} agreement" in page
    assert len(agreement_keys(page)) == figure
