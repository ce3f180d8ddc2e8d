"""The provision vocabulary: a default set of 17 in four categories, and analysts add to it."""

from __future__ import annotations

from helpers import only_entry
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Provision
from tracker.provisions.queries import provisions_by_category

DEFAULT_CATEGORIES = [
    ("Democratic transformation and economic resilience", 4),
    ("Military cooperation", 6),
    ("Responsibility for the aggression", 4),
    ("Other", 3),
]


def test_the_tracker_ships_seventeen_provisions_in_four_categories(app):
    grouped = provisions_by_category()

    assert [(category, len(provisions)) for category, provisions in grouped] == DEFAULT_CATEGORIES
    names = [p.name for _, provisions in grouped for p in provisions]
    assert {"NATO accession", "Special tribunal", "Response to a new aggression"} <= set(names)
    assert names[-1] == "Termination"


def test_the_page_lists_them_by_category(login_as):
    page = login_as("viewer").get("/provisions/").text

    for category, _ in DEFAULT_CATEGORIES:
        assert f">{category}</h2>" in page
    assert "Consultations within 24 hours of a new armed attack" in page
    assert "Add a provision" not in page  # viewers read it only


def test_an_analyst_adds_a_provision_last_in_its_category_and_it_is_audited(login_as):
    analyst = login_as("analyst")

    response = analyst.post(
        "/provisions/",
        data={
            "name": "Security guarantees",
            "category": "Military cooperation",
            "description": "Binding guarantees",
        },
    )

    assert response.status_code == 302
    military = dict(provisions_by_category())["Military cooperation"]
    assert [p.name for p in military][-1] == "Security guarantees"
    entry = only_entry("provision", "create")
    assert entry["changes"]["name"] == [None, "Security guarantees"]
    assert entry["changes"]["category"] == [None, "Military cooperation"]


def test_a_new_category_comes_last(login_as):
    login_as("analyst").post("/provisions/", data={"name": "Arctic", "category": "Regional"})

    assert provisions_by_category()[-1][0] == "Regional"


def test_a_name_taken_in_another_letter_case_is_refused(login_as):
    response = login_as("analyst").post(
        "/provisions/", data={"name": "nato ACCESSION", "category": "Other"}
    )

    assert response.status_code == 200
    assert "The provision “nato ACCESSION” exists already." in response.text
    assert (
        db.session.scalar(
            select(Provision.id)
            .where(Provision.category == "Other")
            .where(Provision.name == "nato ACCESSION")
        )
        is None
    )
