"""/milestones: filters of several values, the dashboard's cards linking to it with the same
counts, sorting, paging and the CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from conftest import milestone_values

from tracker.extensions import db
from tracker.milestones.operations import update_milestone
from tracker.models import MilestoneStatus

TODAY = dt.date.today()


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


@pytest.fixture
def milestones(make_agreement):
    """Overdue, due soon, later, done and slipped milestones, in two agreements of other
    parties."""
    agreements = []
    agreements.append(
        make_agreement(
            key="nor-ukr",
            parties=["NOR", "UKR"],
            pillars=["Air Defense"],
            milestones=[
                {"key": "late", "title": "Late", "due": day(-30)},
                {"key": "soon", "title": "Soon", "due": day(10), "pillar": "Air Defense"},
                {"key": "done", "title": "Done", "due": day(-60), "status": MilestoneStatus.DONE},
            ],
        )
    )
    agreements.append(
        make_agreement(
            key="fin-swe",
            parties=["FIN", "SWE"],
            signatories=[],
            pillars=[],
            milestones=[
                {"key": "later", "title": "Later", "due": day(400)},
                {"key": "held", "title": "Held", "due": day(-5), "status": MilestoneStatus.DELAYED},
            ],
        )
    )
    # Two milestones slip (due later than first planned): one still to come, one done.
    for milestone in (m for a in agreements for m in a.milestones if m.key in ("later", "done")):
        update_milestone(
            milestone,
            milestone_values(
                key=milestone.key,
                title=milestone.title,
                status=milestone.status,
                due=day(500 if milestone.key == "later" else -40),
            ),
        )
    db.session.commit()


def listed(response) -> list[str]:
    body = (
        response.text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        if "<tbody>" in response.text
        else ""
    )
    return re.findall(r'/milestones/[\w-]+">([^<]+)</a>', body)


def card(page: str, words: str) -> tuple[str, int]:
    """The link and the figure of the dashboard card that says ``words``."""
    found = re.search(
        rf'<a href="([^"]+)"><span class="figure">(\d+)</span> {re.escape(words)}', page
    )
    assert found, words
    return found[1].replace("&amp;", "&"), int(found[2])


@pytest.mark.parametrize(
    "words, expected",
    [
        ("milestones", 5),
        ("overdue", 2),
        ("due in the next 90 days", 1),
        ("slipped (due later than first planned)", 2),
    ],
)
def test_each_dashboard_card_links_to_a_list_of_as_many(login_as, milestones, words, expected):
    viewer = login_as("viewer")
    link, figure = card(viewer.get("/").text, words)

    page = viewer.get(link)

    assert figure == expected
    assert f"{figure} milestone" in page.text
    assert len(listed(page)) == figure


def test_overdue_lists_what_the_dashboard_counts(login_as, milestones):
    page = login_as("viewer").get("/milestones?state=overdue")

    assert sorted(listed(page)) == ["Held", "Late"]


def test_a_filter_takes_several_values(login_as, milestones):
    page = login_as("viewer").get("/milestones?status=done&status=delayed")

    assert sorted(listed(page)) == ["Done", "Held"]


def test_party_and_focus_area_offer_only_what_the_data_holds(login_as, milestones):
    page = login_as("viewer").get("/milestones").text
    party = page.split('name="party"', 1)[1].split("</select>", 1)[0]

    assert re.findall(r'<option value="(\w+)"', party) == ["FIN", "NOR", "SWE", "UKR"]
    area = page.split('name="focus_area"', 1)[1].split("</select>", 1)[0]
    assert re.findall(r'<option value="([^"]+)"', area) == ["Air Defense"]


def test_party_focus_area_agreement_and_window_filters(login_as, milestones):
    viewer = login_as("viewer")

    assert sorted(listed(viewer.get("/milestones?party=SWE"))) == ["Held", "Later"]
    assert listed(viewer.get("/milestones?focus_area=Air+Defense")) == ["Soon"]
    assert sorted(listed(viewer.get("/milestones?agreement=nor-ukr"))) == ["Done", "Late", "Soon"]
    window = f"/milestones?due_from={day(-31)}&due_to={day(11)}"
    assert listed(viewer.get(window)) == ["Late", "Held", "Soon"]  # soonest due first


def test_an_unknown_value_is_reported_and_ignored(login_as, milestones):
    response = login_as("viewer").get("/milestones?status=bogus")

    assert response.status_code == 200
    assert "Some filters were not understood" in response.text
    assert len(listed(response)) == 5


def test_the_csv_has_the_lists_rows_with_the_same_filters(login_as, milestones):
    response = login_as("viewer").get("/milestones.csv?state=overdue&sort=title")
    rows = list(csv.DictReader(io.StringIO(response.text)))

    assert [row["title"] for row in rows] == ["Held", "Late"]
    assert rows[1]["due"] == day(-30) and rows[1]["agreement_key"] == "nor-ukr"
