"""How current the data is: the admin's "data as of", and when each agreement was verified."""

from __future__ import annotations

import datetime as dt
import json

from helpers import post_edit
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Agreement, DataCutoff

KEY = "nor-ukr-test"


def test_an_admin_sets_the_data_cutoff_and_the_dashboard_and_timeline_show_it(login_as):
    admin, viewer = login_as("admin"), login_as("viewer")

    response = admin.post("/data-cutoff", data={"as_of": "2026-11-15", "note": "news to 15 Nov"})

    assert response.status_code == 302
    for path in ("/", "/timeline"):
        page = viewer.get(path).text
        assert "Data as of <strong>15 Nov 2026</strong> (news to 15 Nov)" in page
        assert "/data-cutoff" not in page  # only admins get the link to change it


def test_without_a_cutoff_the_pages_say_it_is_not_set(login_as):
    assert "Data cut-off not set" in login_as("viewer").get("/").text


def test_a_cutoff_in_the_future_is_refused_next_to_the_field(login_as):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()

    response = login_as("admin").post("/data-cutoff", data={"as_of": tomorrow})

    assert response.status_code == 200
    assert "The data cannot run past today." in response.text
    assert db.session.scalars(select(DataCutoff)).first() is None


def test_setting_the_cutoff_again_keeps_one_row(login_as):
    admin = login_as("admin")
    admin.post("/data-cutoff", data={"as_of": "2026-10-01"})
    admin.post("/data-cutoff", data={"as_of": "2026-11-01"})

    db.session.expire_all()
    assert [row.as_of for row in db.session.scalars(select(DataCutoff))] == [dt.date(2026, 11, 1)]


def test_the_export_says_as_of_when_and_an_import_ignores_it(
    login_as, runner, make_agreement, tmp_path
):
    make_agreement()
    login_as("admin").post("/data-cutoff", data={"as_of": "2026-11-15"})

    runner.invoke(args=["export", str(tmp_path / "all.json")])
    document = json.loads((tmp_path / "all.json").read_text())
    result = runner.invoke(args=["import", "--dry-run", str(tmp_path / "all.json")])

    assert document["data_as_of"] == "2026-11-15"
    assert result.exit_code == 0, result.output


def test_an_analyst_marks_an_agreement_verified_today(client, make_agreement):
    make_agreement()

    response = client.post(f"/agreements/{KEY}/verify")

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalars(select(Agreement)).one().last_verified_on == dt.date.today()
    assert dt.date.today().strftime("%-d %b %Y") in client.get(f"/agreements/{KEY}").text


def test_the_verification_day_travels_with_the_record_and_cannot_be_in_the_future(
    client, make_agreement, runner, tmp_path
):
    make_agreement()
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    form = {
        "key": KEY,
        "title": "T",
        "kind": "treaty",
        "status": "signed",
        "parties": ["NOR", "UKR"],
        "last_verified_on": tomorrow,
    }

    refused = post_edit(client, f"/agreements/{KEY}/edit", form)
    saved = post_edit(client, f"/agreements/{KEY}/edit", {**form, "last_verified_on": "2026-01-05"})
    runner.invoke(args=["export", str(tmp_path / "all.json")])

    assert "cannot be verified in the future" in refused.text
    assert saved.status_code == 302
    record = json.loads((tmp_path / "all.json").read_text())["agreements"][0]
    assert record["last_verified_on"] == "2026-01-05"


def test_the_csv_set_and_the_calendar_say_as_of_when(
    login_as, runner, make_agreement, tmp_path, anonymous
):
    make_agreement()
    viewer = login_as("viewer")
    login_as("admin").post("/data-cutoff", data={"as_of": "2026-11-15"})

    runner.invoke(args=["export", "--csv", str(tmp_path / "csv")])
    result = runner.invoke(args=["import", "--dry-run", str(tmp_path / "csv")])
    feed = viewer.get("/calendar.ics").get_data(as_text=True)

    assert (tmp_path / "csv" / "about.csv").read_text().splitlines() == ["data_as_of", "2026-11-15"]
    assert result.exit_code == 0, result.output
    assert "X-WR-CALDESC:Data as of 15 Nov 2026." in feed
