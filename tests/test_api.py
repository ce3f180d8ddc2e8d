"""The JSON API: the same records, rules and audit trail as the pages, addressed by key."""

from __future__ import annotations

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Agreement, AuditEntry, Milestone

KEY = "nor-ukr-test"
NEW_AGREEMENT = {
    "key": "fra-ukr-2024",
    "title": "France–Ukraine security agreement",
    "kind": "security_agreement",
    "status": "signed",
    "parties": ["FRA", "UKR"],
    "signed_on": "2024-02-16",
    "tags": ["air defence"],
    "signatories": [{"name": "Emmanuel Macron", "party": "FRA"}],
    "commitments": [
        {
            "party": "FRA",
            "description": "Military aid",
            "amount": 3000000000,
            "currency": "EUR",
            "period": "2024",
        }
    ],
}


def test_agreements_list_in_pages_with_links(make_agreement, api_as):
    for number in range(3):
        make_agreement(key=f"agreement-{number}", title=f"Agreement {number}")

    body = api_as("viewer").get("/api/v1/agreements?per_page=2&sort=title").json

    assert [item["key"] for item in body["items"]] == ["agreement-0", "agreement-1"]
    assert (body["page"], body["per_page"], body["total"]) == (1, 2, 3)
    assert body["links"]["next"] == "/api/v1/agreements?per_page=2&sort=title&page=2"
    assert body["links"]["last"] == "/api/v1/agreements?per_page=2&sort=title&page=2"
    assert body["links"]["prev"] is None


def test_agreements_list_takes_the_list_pages_filters(make_agreement, api_as):
    make_agreement(key="with-norway", parties=["NOR", "UKR"])
    make_agreement(key="with-france", parties=["FRA", "UKR"], pillars=["Air Defense"])

    client = api_as("viewer")

    assert [a["key"] for a in client.get("/api/v1/agreements?party=FRA").json["items"]] == [
        "with-france"
    ]
    assert [
        a["key"] for a in client.get("/api/v1/agreements?focus_area=Air+Defense").json["items"]
    ] == ["with-france"]


def test_an_invalid_filter_is_a_400_naming_the_filter(api_as):
    response = api_as("viewer").get("/api/v1/agreements?kind=alliance")

    assert response.status_code == 400
    assert "kind" in response.json["fields"]


def test_an_agreement_is_its_interchange_record_plus_its_version(make_agreement, api_as):
    make_agreement(key=KEY)

    body = api_as("viewer").get(f"/api/v1/agreements/{KEY}").json

    assert body["key"] == KEY
    assert body["parties"] == ["NOR", "UKR"]
    assert body["signed_on"] == "2024-05-31"
    assert body["version"] >= 1
    assert "pillars" not in body and "milestones" not in body


def test_an_unknown_agreement_is_a_json_404(api_as):
    response = api_as("viewer").get("/api/v1/agreements/no-such-thing")

    assert response.status_code == 404
    assert response.json["error"] == "Not Found"


def test_an_analyst_creates_an_agreement(api_as):
    response = api_as("analyst").post("/api/v1/agreements", json=NEW_AGREEMENT)

    assert response.status_code == 201, response.json
    assert response.headers["Location"] == "/api/v1/agreements/fra-ukr-2024"
    assert response.json["commitments"][0]["currency"] == "EUR"
    assert db.session.scalar(select(Agreement).where(Agreement.key == "fra-ukr-2024"))


def test_creating_an_agreement_uses_the_forms_rules_and_messages(api_as):
    body = {**NEW_AGREEMENT, "parties": ["FRA", "FRA"], "ends_on": "2020", "signed_on": "spring"}

    response = api_as("analyst").post("/api/v1/agreements", json=body)

    assert response.status_code == 422
    assert response.json["fields"]["parties"] == ["A party is listed twice."]
    assert "signed_on" in response.json["fields"]
    assert db.session.scalar(select(Agreement)) is None


def test_wrong_types_unknown_and_missing_fields_are_422_with_fields(api_as):
    body = {"key": "x-1", "title": 5, "kind": "treaty", "colour": "red"}

    response = api_as("analyst").post("/api/v1/agreements", json=body)

    assert response.status_code == 422
    assert response.json["fields"] == {
        "colour": ["is not a field of this object."],
        "title": ["must be a string."],
        "status": ["is required."],
        "parties": ["is required."],
    }


def test_an_unknown_enum_value_is_named_in_the_error(api_as):
    response = api_as("analyst").post(
        "/api/v1/agreements", json={**NEW_AGREEMENT, "kind": "alliance"}
    )

    assert response.status_code == 422
    assert response.json["fields"]["kind"][0].startswith("“alliance” is not one of:")


def test_malformed_json_is_a_400_not_a_500(api_as):
    response = api_as("analyst").post(
        "/api/v1/agreements", data="{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert set(response.json) == {"error", "message", "fields"}


def test_patch_changes_only_the_fields_sent(make_agreement, api_as):
    agreement = make_agreement(key=KEY)

    response = api_as("analyst").patch(
        f"/api/v1/agreements/{KEY}", json={"title": "Renamed", "version": agreement.version}
    )

    assert response.status_code == 200, response.json
    assert response.json["title"] == "Renamed"
    assert response.json["parties"] == ["NOR", "UKR"]
    assert response.json["signatories"][0]["name"] == "Jonas Gahr Støre"


def test_patch_needs_the_version_it_read(make_agreement, api_as):
    make_agreement(key=KEY)

    response = api_as("analyst").patch(f"/api/v1/agreements/{KEY}", json={"title": "Renamed"})

    assert response.status_code == 422
    assert "version" in response.json["fields"]


def test_a_stale_version_is_a_409_and_changes_nothing(make_agreement, api_as):
    agreement = make_agreement(key=KEY)
    client = api_as("analyst")
    stale = agreement.version
    client.patch(f"/api/v1/agreements/{KEY}", json={"title": "First", "version": stale})

    response = client.patch(f"/api/v1/agreements/{KEY}", json={"title": "Second", "version": stale})

    assert response.status_code == 409
    assert client.get(f"/api/v1/agreements/{KEY}").json["title"] == "First"


def test_the_key_of_an_agreement_cannot_change(make_agreement, api_as):
    agreement = make_agreement(key=KEY)

    response = api_as("analyst").patch(
        f"/api/v1/agreements/{KEY}", json={"key": "other", "version": agreement.version}
    )

    assert response.status_code == 422
    assert list(response.json["fields"]) == ["key"]


def test_delete_with_the_current_version_removes_the_agreement(make_agreement, api_as):
    agreement = make_agreement(key=KEY)

    response = api_as("analyst").delete(f"/api/v1/agreements/{KEY}?version={agreement.version}")

    assert response.status_code == 204
    assert db.session.scalar(select(Agreement)) is None


def test_delete_with_a_stale_version_is_a_409(make_agreement, api_as):
    agreement = make_agreement(key=KEY)

    response = api_as("analyst").delete(f"/api/v1/agreements/{KEY}?version={agreement.version + 1}")

    assert response.status_code == 409
    assert db.session.scalar(select(Agreement)) is not None


def test_api_changes_are_audited_with_the_tokens_user_as_actor(make_agreement, api_as):
    client = api_as("analyst")

    client.post("/api/v1/agreements", json=NEW_AGREEMENT)

    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.record_type == "agreement"))
    assert (entry.action, entry.actor_id, entry.actor) == (
        "create",
        client.user.id,
        client.user.username,
    )


# Milestones


def test_milestones_are_listed_created_changed_and_deleted_by_key(make_agreement, api_as):
    make_agreement(key=KEY)
    client = api_as("analyst")
    base = f"/api/v1/agreements/{KEY}/milestones"

    created = client.post(
        base,
        json={
            "key": "first-drones",
            "title": "First drones",
            "kind": "first_delivery",
            "due": "2026-21",
            "pillar": "Drone Production",
        },
    )
    assert created.status_code == 201, created.json
    assert client.get(base).json["items"][0]["key"] == "first-drones"
    version = created.json["version"]
    changed = client.patch(f"{base}/first-drones", json={"due": "2026-22", "version": version})
    assert changed.json["due"] == "2026-22"
    deleted = client.delete(f"{base}/first-drones?version={changed.json['version']}")
    assert deleted.status_code == 204
    assert db.session.scalar(select(Milestone)) is None


def test_a_done_milestone_needs_its_completion_date_through_the_api_too(make_agreement, api_as):
    make_agreement(key=KEY, milestones=[{"key": "first-drones"}])
    milestone = db.session.scalar(select(Milestone))

    response = api_as("analyst").patch(
        f"/api/v1/agreements/{KEY}/milestones/first-drones",
        json={"status": "done", "version": milestone.version},
    )

    assert response.status_code == 422
    assert response.json["fields"] == {
        "completed_on": ["A done milestone needs its completion date."]
    }
