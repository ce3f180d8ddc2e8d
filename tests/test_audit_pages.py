"""Reading the audit trail: the /audit page, its CSV, the History sections; and that
nothing, neither a route nor SQL, changes or deletes an entry."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from helpers import audit_trail, post_edit
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tracker.audit.queries import filtered_entries, in_batches
from tracker.extensions import db
from tracker.models import AuditEntry

KEY = "nor-ukr-test"
READ_ONLY = {"GET", "HEAD", "OPTIONS"}


def write_entry(
    at: str,
    actor_id: int | None = None,
    actor: str = "system",
    record_type: str = "agreement",
    **changes,
) -> None:
    """An entry with a chosen time: the table refuses only UPDATE and DELETE."""
    db.session.add(
        AuditEntry(
            at=dt.datetime.fromisoformat(at).replace(tzinfo=dt.UTC),
            actor_id=actor_id,
            actor=actor,
            action="update",
            record_type=record_type,
            record_id=1,
            record_label="Label",
            agreement_id=None,
            changes=changes or {"title": ["Old", "New"]},
        )
    )
    db.session.commit()


# Append-only


def test_no_route_can_change_or_delete_an_audit_entry(app):
    for rule in app.url_map.iter_rules():
        about_audit = "audit" in rule.rule or rule.endpoint.startswith("audit.")
        if about_audit:
            assert rule.methods <= READ_ONLY, f"{rule.rule} accepts {rule.methods - READ_ONLY}"


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize(
    "path", ["/audit", "/audit.csv", "/audit/1", "/audit/1/edit", "/audit/1/delete"]
)
def test_writing_to_an_audit_path_is_refused_and_changes_nothing(login_as, method, path):
    admin = login_as("admin")  # the most any account may do
    before = audit_trail()

    response = admin.open(path, method=method, data={"changes": "{}", "actor": "nobody"})

    assert response.status_code in (404, 405)
    assert audit_trail() == before


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entry SET actor = 'someone else'",
        "DELETE FROM audit_entry",
    ],
)
def test_the_database_refuses_to_change_or_delete_an_entry(app, statement):
    write_entry("2026-01-05T10:00:00")

    with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as connection:
        connection.execute(text(statement))

    assert [entry["actor"] for entry in audit_trail()] == ["system"]


# The audit page


def test_a_viewer_may_read_the_audit_log_newest_first(login_as):
    write_entry("2026-01-05T10:00:00", title=["A", "First change"])
    write_entry("2026-02-05T10:00:00", title=["B", "Second change"])

    page = login_as("viewer").get("/audit")

    assert page.status_code == 200
    assert page.text.index("Second change") < page.text.index("First change")


def test_the_audit_log_filters_by_user(login_as, make_user):
    viewer, other = login_as("viewer"), make_user("analyst")
    write_entry(
        "2026-01-05T10:00:00",
        actor_id=other.id,
        actor=other.username,
        title=["A", "By the analyst"],
    )
    write_entry("2026-01-06T10:00:00", title=["B", "By the system"])

    by_user = viewer.get(f"/audit?user={other.id}").text
    by_system = viewer.get("/audit?user=none").text

    assert "By the analyst" in by_user and "By the system" not in by_user
    assert "By the system" in by_system and "By the analyst" not in by_system


def test_the_audit_log_filters_by_record_type(login_as):
    write_entry("2026-01-05T10:00:00", record_type="milestone", due=["2026", "2027"])
    write_entry("2026-01-06T10:00:00", record_type="pillar", status=["active", "on_hold"])

    page = login_as("viewer").get("/audit?record_type=milestone").text

    assert "2027 (2027)" in page and "on_hold" not in page


def test_the_audit_log_filters_by_utc_day_both_ends_included(login_as):
    for day, title in [
        ("2026-01-04", "Before"),
        ("2026-01-05", "First day"),
        ("2026-01-07", "Last day"),
        ("2026-01-08", "After"),
    ]:
        write_entry(f"{day}T23:59:00", title=["x", title])

    page = login_as("viewer").get("/audit?date_from=2026-01-05&date_to=2026-01-07").text

    assert "First day" in page and "Last day" in page
    assert "Before" not in page and "After" not in page


def test_a_reversed_date_range_is_reported_and_ignored(login_as):
    page = login_as("viewer").get("/audit?date_from=2026-02-01&date_to=2026-01-01")

    assert page.status_code == 200
    assert "The range ends before it starts." in page.text


# CSV


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_the_csv_has_one_row_per_changed_field(login_as):
    write_entry("2026-01-05T10:00:00", title=["Old", "New"], tags=[["a"], ["a", "b"]])

    response = login_as("viewer").get("/audit.csv?record_type=agreement")

    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header == [
        "at",
        "actor",
        "action",
        "record_type",
        "record_id",
        "record_label",
        "agreement_id",
        "field",
        "old",
        "new",
    ]
    assert rows == [
        [
            "2026-01-05T10:00:00+00:00",
            "system",
            "update",
            "agreement",
            "1",
            "Label",
            "",
            "title",
            "Old",
            "New",
        ],
        [
            "2026-01-05T10:00:00+00:00",
            "system",
            "update",
            "agreement",
            "1",
            "Label",
            "",
            "tags",
            '["a"]',
            '["a", "b"]',
        ],
    ]


def test_the_csv_applies_the_same_filters(login_as):
    write_entry("2026-01-05T10:00:00", record_type="milestone", due=["2026", "2027"])
    write_entry("2026-01-06T10:00:00", record_type="pillar", status=["active", "on_hold"])

    _header, *rows = csv_rows(login_as("viewer").get("/audit.csv?record_type=pillar"))

    assert [row[3] for row in rows] == ["pillar"]


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted_as_text(login_as):
    write_entry(
        "2026-01-05T10:00:00",
        actor="=cmd|' /C calc'!A0",
        title=["+SUM(A1)", '=HYPERLINK("http://x")'],
        summary=["@x", "-1"],
    )

    _header, *rows = csv_rows(login_as("viewer").get("/audit.csv?record_type=agreement"))

    assert rows[0][1] == "'=cmd|' /C calc'!A0"
    assert (rows[0][8], rows[0][9]) == ("'+SUM(A1)", '\'=HYPERLINK("http://x")')
    assert (rows[1][8], rows[1][9]) == ("'@x", "'-1")


def test_a_long_log_is_read_whole_in_batches_newest_first(app):
    for minute in (1, 2, 2, 2, 3):  # equal times too: the id breaks the tie
        write_entry(f"2026-01-05T10:0{minute}:00", title=["x", f"minute {minute}"])

    batched = [entry.id for entry in in_batches(filtered_entries(), size=2)]

    assert batched == [entry.id for entry in db.session.scalars(filtered_entries())]
    assert len(batched) == 5


def test_a_csv_with_bad_filters_is_refused(login_as):
    assert login_as("viewer").get("/audit.csv?record_type=bogus").status_code == 400


# History sections


def test_an_agreements_history_shows_its_own_and_its_milestones_changes(client, make_agreement):
    make_agreement(milestones=[{"key": "radar", "title": "Radar ready"}])
    post_edit(
        client,
        f"/agreements/{KEY}/milestones/radar/edit",
        {
            "key": "radar",
            "title": "Radar ready",
            "kind": "first_delivery",
            "status": "delayed",
            "pillar": "",
            "due": "2026-10",
            "completed_on": "",
            "description": "",
            "version": "1",
        },
    )

    page = client.get(f"/agreements/{KEY}").text
    history = page[page.index('id="history"') :]

    assert "Radar ready" in history
    assert "2026-21 (spring 2026) → 2026-10 (Oct 2026)" in history
    assert client.user.username in history
    assert "Norway–Ukraine test declaration" in history  # the agreement's own creation


def test_a_milestones_history_shows_only_its_own_changes_and_its_sources(client, make_agreement):
    make_agreement(
        milestones=[
            {"key": "radar", "title": "Radar ready"},
            {"key": "other", "title": "Another milestone"},
        ]
    )
    client.post(
        f"/agreements/{KEY}/sources/new",
        data={
            "url": "",
            "title": "Minutes of the meeting",
            "publisher": "",
            "published_on": "",
            "reliability": "official",
            "attached_to": "radar",
        },
    )

    page = client.get(f"/agreements/{KEY}/milestones/radar").text
    history = page[page.index('id="history"') :]

    assert "Radar ready" in history and "Minutes of the meeting" in history
    assert "Another milestone" not in history


def test_with_public_read_anonymous_readers_see_histories_without_account_names(
    app, client, anonymous, make_agreement
):
    """Who changed what names accounts: public read opens the records, never the people."""
    make_agreement(milestones=[{"key": "radar", "title": "Radar ready"}])
    post_edit(
        client,
        f"/agreements/{KEY}/milestones/radar/edit",
        {
            "key": "radar",
            "title": "Radar ready",
            "kind": "first_delivery",
            "status": "delayed",
            "pillar": "",
            "due": "2026-10",
            "completed_on": "",
            "description": "",
        },
    )
    app.config["PUBLIC_READ"] = True

    pages = [
        anonymous.get(f"/agreements/{KEY}"),
        anonymous.get(f"/agreements/{KEY}/milestones/radar"),
    ]

    assert [page.status_code for page in pages] == [200, 200]
    for page in pages:
        assert "2026-10 (Oct 2026)" in page.text  # the history is there
        assert client.user.username not in page.text  # its authors are not
        assert "analyst" not in page.text.lower()
    assert client.user.username in client.get(f"/agreements/{KEY}/milestones/radar").text


def test_with_public_read_the_audit_log_still_asks_anonymous_readers_to_log_in(app, anonymous):
    app.config["PUBLIC_READ"] = True

    for path in ("/audit", "/audit.csv"):
        response = anonymous.get(path)
        assert response.status_code == 302
        assert response.location.startswith("/login")
