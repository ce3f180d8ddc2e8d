"""The focal party: named by an admin, audited, and the partner charts show its counterparts."""

from __future__ import annotations

from decimal import Decimal

from helpers import heat_table
from sqlalchemy import select

from tracker.commitments.queries import totals
from tracker.dashboard import queries
from tracker.extensions import db
from tracker.models import AuditEntry, FocalParty


def three_agreements(make_agreement):
    """Ukraine with Norway (one pillar) and with Poland (two); France and Germany without it."""
    make_agreement(key="nor-ukr", parties=["NOR", "UKR"], pillars=["Air Defense"])
    make_agreement(
        key="pol-ukr",
        parties=["POL", "UKR"],
        pillars=["Air Defense", "Drone Production"],
        commitments=[
            {
                "party": "POL",
                "description": "Air defence",
                "amount": Decimal("100"),
                "currency": "EUR",
                "period": None,
            },
            {
                "party": "UKR",
                "description": "Reform",
                "amount": Decimal("5"),
                "currency": "EUR",
                "period": None,
            },
        ],
        signatories=[],
    )
    make_agreement(key="fra-deu", parties=["FRA", "DEU"], pillars=["Air Defense"], signatories=[])


def name_focal_party(client, code: str):
    return client.post("/focal-party", data={"party_code": code})


def test_an_admin_names_the_focal_party_and_the_change_is_audited(login_as, make_agreement):
    three_agreements(make_agreement)
    admin = login_as("admin")

    response = name_focal_party(admin, "UKR")

    assert response.status_code == 302
    assert "Ukraine is the focal party" in admin.get("/focal-party").text
    row = db.session.scalars(select(FocalParty)).one()
    assert row.party_code == "UKR"
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.record_type == "focal_party")
    ).one()
    assert (entry.actor_id, entry.changes["party_code"]) == (admin.user.id, [None, "UKR"])
    trail = admin.get("/audit?record_type=focal_party")
    assert trail.status_code == 200
    assert "UKR" in trail.text


def test_only_parties_in_the_agreements_may_be_focal(login_as, make_agreement):
    three_agreements(make_agreement)
    admin = login_as("admin")

    response = name_focal_party(admin, "ISL")  # a known party, in no agreement

    assert response.status_code == 200
    assert "“ISL” is not one of: FRA, DEU, NOR, POL, UKR." in response.text
    assert db.session.scalars(select(FocalParty)).first() is None


def test_without_a_focal_party_every_party_is_a_partner(app, make_agreement):
    three_agreements(make_agreement)

    grid = queries.partner_focus_areas()

    pillars = {}
    for code, _name, _area, count in grid.rows:
        pillars[code] = pillars.get(code, 0) + count
    assert pillars == {"UKR": 3, "NOR": 1, "POL": 2, "FRA": 1, "DEU": 1}
    assert grid.partners == 5


def test_with_a_focal_party_its_counterparts_in_its_agreements_are_the_partners(
    login_as, make_agreement
):
    three_agreements(make_agreement)
    name_focal_party(login_as("admin"), "UKR")

    grid = queries.partner_focus_areas(focal="UKR")

    assert sorted(grid.rows) == [
        ("NOR", "Norway", "Air Defense", 1),
        ("POL", "Poland", "Air Defense", 1),
        ("POL", "Poland", "Drone Production", 1),
    ]
    assert grid.partners == 2
    page = login_as("viewer").get("/")
    assert "Counterparts of <strong>Ukraine</strong>, the focal party" in page.text
    caption, _areas, rows = heat_table(page)
    assert [name for name, _counts in rows] == ["Poland", "Norway"]
    assert caption == "Ukraine’s partners × focus areas (pillars; all 2 partners)"


def test_the_partner_table_writes_each_count_in_its_cell(login_as, make_agreement):
    three_agreements(make_agreement)

    caption, areas, rows = heat_table(login_as("viewer").get("/"))

    assert caption == "Partners × focus areas (pillars; all 5 partners)"
    assert areas == ["Air Defense", "Drone Production"]
    assert rows == [  # most pillars first, then by party code
        ("Ukraine", [2, 1]),
        ("Poland", [1, 1]),
        ("Germany", [1, 0]),
        ("France", [1, 0]),
        ("Norway", [1, 0]),
    ]


def test_partners_beyond_the_table_are_said_and_can_all_be_shown(
    login_as, make_agreement, monkeypatch
):
    three_agreements(make_agreement)
    monkeypatch.setattr(queries, "HEATMAP_PARTIES", 2)
    viewer = login_as("viewer")

    page = viewer.get("/")
    every = viewer.get("/?partners=all")

    assert "The 2 partners with the most pillars are shown, of 5" in page.text
    assert 'href="/?partners=all#partners-shown"' in page.text
    assert len(heat_table(page)[2]) == 2
    assert "All 5 partners are shown" in every.text
    assert len(heat_table(every)[2]) == 5


def test_the_focal_partys_own_commitments_leave_the_partner_totals(login_as, make_agreement):
    three_agreements(make_agreement)

    before = {code for code, _name in totals().by_donor}
    after = {code for code, _name in totals(exclude_party="UKR").by_donor}

    assert before == {"POL", "UKR"}
    assert after == {"POL"}


def test_clearing_the_focal_party_brings_every_party_back(login_as, make_agreement):
    three_agreements(make_agreement)
    admin = login_as("admin")
    name_focal_party(admin, "UKR")

    name_focal_party(admin, "")

    assert db.session.scalars(select(FocalParty.party_code)).one() is None
    assert "Every party of every agreement counts as a partner" in admin.get("/").text
