"""The API's other resources: pillars, sources, signatories, commitments, parties, focus areas."""

from __future__ import annotations

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Agreement, FocusArea, Pillar, Source

KEY = "nor-ukr-test"
BASE = f"/api/v1/agreements/{KEY}"


def test_a_pillar_is_addressed_by_its_focus_area_or_its_id(make_agreement, api_as):
    agreement = make_agreement(key=KEY)
    client = api_as("viewer")

    by_name = client.get(f"{BASE}/pillars/Drone Production").json
    by_id = client.get(f"{BASE}/pillars/{agreement.pillars[0].id}").json

    assert by_name == by_id
    assert by_name["focus_area"] == "Drone Production"


def test_pillars_are_created_changed_and_deleted(make_agreement, api_as):
    make_agreement(key=KEY)
    client = api_as("analyst")

    created = client.post(
        f"{BASE}/pillars", json={"focus_area": "Air Defense", "objective": "Shield the cities"}
    )
    assert created.status_code == 201, created.json
    changed = client.patch(
        f"{BASE}/pillars/Air Defense", json={"status": "active", "version": created.json["version"]}
    )
    assert changed.json["status"] == "active"
    deleted = client.delete(f"{BASE}/pillars/Air Defense?version={changed.json['version']}")
    assert deleted.status_code == 204
    assert [p.focus_area.name for p in db.session.scalars(select(Pillar))] == ["Drone Production"]


def test_a_second_pillar_in_the_same_focus_area_is_refused(make_agreement, api_as):
    make_agreement(key=KEY)

    response = api_as("analyst").post(f"{BASE}/pillars", json={"focus_area": "Drone Production"})

    assert response.status_code == 422
    assert response.json["fields"] == {
        "focus_area": ["This agreement already has a Drone Production pillar."]
    }


def test_sources_are_created_on_a_milestone_and_moved_to_the_agreement(make_agreement, api_as):
    make_agreement(key=KEY, milestones=[{"key": "first-drones"}])
    client = api_as("analyst")

    created = client.post(
        f"{BASE}/sources",
        json={
            "url": "https://www.regjeringen.no/en/drones",
            "reliability": "official",
            "attached_to": "first-drones",
        },
    )
    assert created.status_code == 201, created.json
    assert created.json["attached_to"] == "first-drones"
    moved = client.patch(
        f"{BASE}/sources/{created.json['id']}",
        json={"attached_to": None, "version": created.json["version"]},
    )

    assert moved.status_code == 200, moved.json
    assert db.session.scalar(select(Source)).agreement_id is not None


def test_a_source_needs_a_url_or_a_title(make_agreement, api_as):
    make_agreement(key=KEY)

    response = api_as("analyst").post(f"{BASE}/sources", json={"publisher": "NRK"})

    assert response.status_code == 422
    assert response.json["fields"] == {"title": ["Give a URL, a title, or both."]}


def test_signatories_are_addressed_by_position(make_agreement, api_as):
    make_agreement(key=KEY)
    client = api_as("analyst")

    added = client.post(
        f"{BASE}/signatories",
        json={"name": "Volodymyr Zelensky", "role": "President", "party": "UKR"},
    )
    assert added.status_code == 201, added.json
    assert added.headers["Location"] == f"{BASE}/signatories/1"
    first = client.get(f"{BASE}/signatories/0").json
    deleted = client.delete(f"{BASE}/signatories/0?version={added.json['version']}")

    assert first["name"] == "Jonas Gahr Støre"
    assert deleted.status_code == 204
    assert [s["name"] for s in client.get(f"{BASE}/signatories").json["items"]] == [
        "Volodymyr Zelensky"
    ]


def test_a_signatory_must_sign_for_a_party_of_the_agreement(make_agreement, api_as):
    make_agreement(key=KEY)

    response = api_as("analyst").post(f"{BASE}/signatories", json={"name": "X", "party": "FRA"})

    assert response.status_code == 422
    assert response.json["fields"] == {"party": ["FRA is not one of this agreement's parties."]}


def test_a_commitment_is_changed_with_the_agreements_version(make_agreement, api_as):
    agreement = make_agreement(
        key=KEY,
        commitments=[
            {
                "party": "NOR",
                "description": "Drones",
                "amount": None,
                "currency": None,
                "period": None,
            }
        ],
    )
    client, read = api_as("analyst"), agreement.version

    changed = client.patch(
        f"{BASE}/commitments/0", json={"amount": "1500000000", "currency": "nok", "version": read}
    )
    stale = client.patch(f"{BASE}/commitments/0", json={"description": "Other", "version": read})

    assert changed.status_code == 200, changed.json
    assert (changed.json["amount"], changed.json["currency"]) == ("1500000000.00", "NOK")
    assert stale.status_code == 409


def test_an_amount_needs_its_currency(make_agreement, api_as):
    make_agreement(key=KEY)

    response = api_as("analyst").post(
        f"{BASE}/commitments", json={"party": "NOR", "description": "Drones", "amount": 5}
    )

    assert response.status_code == 422
    assert response.json["fields"] == {"currency": ["An amount needs its currency."]}


def test_parties_are_listed_and_read_by_code(api_as):
    client = api_as("viewer")

    listed = client.get("/api/v1/parties?per_page=100").json
    norway = client.get("/api/v1/parties/nor").json

    assert listed["total"] > 200
    assert norway == {"code": "NOR", "name": "Norway", "kind": "state"}


def test_focus_areas_are_listed_read_and_added(api_as):
    client = api_as("analyst")

    created = client.post("/api/v1/focus-areas", json={"name": "Cyber Defense"})
    duplicate = client.post("/api/v1/focus-areas", json={"name": "cyber defense"})

    assert created.status_code == 201, created.json
    assert client.get("/api/v1/focus-areas/Cyber Defense").json["id"] == created.json["id"]
    assert duplicate.status_code == 422
    assert db.session.scalar(select(FocusArea).where(FocusArea.name == "Cyber Defense"))


def test_a_viewer_token_reads_but_cannot_write(make_agreement, api_as):
    make_agreement(key=KEY)
    client = api_as("viewer")

    response = client.post(f"{BASE}/pillars", json={"focus_area": "Air Defense"})

    assert client.get(BASE).status_code == 200
    assert response.status_code == 403
    assert response.json["error"] == "Forbidden"
    assert len(db.session.scalar(select(Agreement)).pillars) == 1
