"""Import on the web: upload, a preview that writes nothing, confirm, and a progress page."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import threading
import time
import zipfile

from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tracker.extensions import db
from tracker.imports import jobs
from tracker.imports import preview as preview_module
from tracker.imports.jobs import import_job, wait
from tracker.imports.progress import STALE_AFTER, progress_store
from tracker.interchange.csv_tables import write_csv_set
from tracker.models import Agreement, AuditEntry, ImportRun
from tracker.models.base import utcnow

FORMAT = {"format": "defense-cooperation-tracker", "version": 1}


def agreement(key="imported", **fields) -> dict:
    return {
        "key": key,
        "title": "Imported agreement",
        "kind": "treaty",
        "status": "signed",
        "parties": ["NOR", "UKR"],
        **fields,
    }


def as_file(agreements, name="import.json"):
    content = json.dumps({**FORMAT, "agreements": agreements}).encode()
    return (io.BytesIO(content), name)


def upload(client, *files):
    return client.post("/import", data={"files": list(files)}, content_type="multipart/form-data")


def confirm(app, client, preview: str):
    """Confirm an upload, and wait for the import it started in the background."""
    response = client.post(preview)
    job = import_job(app, preview.rsplit("/", 1)[1])
    if job is not None:
        wait(job)
    return response


def keys() -> set[str]:
    db.session.rollback()  # what is committed, not this session's cache
    return set(db.session.scalars(select(Agreement.key)))


def test_a_valid_upload_shows_a_preview_and_writes_nothing(client, make_agreement):
    make_agreement(key="existing", title="Old title")
    files = as_file([agreement("new-one"), agreement("existing", title="New title")])

    preview = client.get(upload(client, files).location).text

    assert re.search(r"new-one</td><td>Imported agreement</td>\s*<td>created", preview)
    assert re.search(r"existing</td><td>New title</td>\s*<td>updated", preview)
    assert '<th scope="row">title</th><td>Old title</td><td>New title</td>' in preview
    assert "Confirm and import" in preview
    assert keys() == {"existing"}


def test_the_diff_summarises_nested_lists(client, make_agreement):
    make_agreement(key="existing", milestones=[{"key": "old"}, {"key": "kept"}])
    incoming = agreement(
        "existing",
        title="Norway–Ukraine test declaration",
        milestones=[
            {"key": "kept", "title": "First drones delivered", "kind": "first_delivery"},
            {"key": "fresh", "title": "Fresh", "kind": "meeting"},
        ],
    )

    preview = client.get(upload(client, as_file([incoming])).location).text

    assert "1 added (fresh)" in preview
    assert "1 removed (old)" in preview


def test_an_invalid_upload_lists_every_problem_and_offers_no_confirm(client):
    files = as_file(
        [
            agreement("bad", kind="no-such-kind"),
            agreement("worse", parties=["NOR"]),
            agreement("worst", milestones=[{"key": "m"}]),
        ]
    )

    preview = client.get(upload(client, files).location).text

    assert "agreements[0] (key bad)</td><td>kind</td>" in preview
    assert "agreements[1] (key worse)</td><td>parties</td>" in preview
    assert "agreements[2] (key worst)</td><td>milestones[0].title</td>" in preview
    assert "Confirm and import" not in preview
    assert keys() == set()


def test_a_file_that_is_not_json_is_refused_on_the_upload_page(client):
    response = upload(client, (io.BytesIO(b"{not json"), "broken.json"))

    assert response.status_code == 400
    assert "is not valid JSON (line 1 column 2)" in response.text


def test_confirming_writes_and_shows_the_result(app, client):
    preview = upload(client, as_file([agreement("new-one"), agreement("second")])).location

    done = confirm(app, client, preview)
    page = client.get(done.location).text

    assert done.location == preview
    assert keys() == {"new-one", "second"}
    assert "Import done: 2 agreement(s) created, 0 updated" in page
    assert 'href="/agreements/new-one"' in page
    assert 'http-equiv="refresh"' not in page


def test_the_import_is_audited_with_the_confirming_analyst(app, client):
    preview = upload(client, as_file([agreement("new-one")])).location

    confirm(app, client, preview)

    db.session.rollback()
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.record_type == "import")).one()
    assert (entry.actor_id, entry.actor) == (client.user.id, client.user.username)
    assert entry.changes["created"] == [None, ["new-one"]]


def staged_run(preview: str) -> ImportRun:
    db.session.rollback()  # see what the request or the job committed
    return db.session.get(ImportRun, preview.rsplit("/", 1)[1])


def test_the_staged_document_is_dropped_after_the_import(app, client):
    preview = upload(client, as_file([agreement("new-one")])).location
    assert staged_run(preview).upload["document"]["agreements"][0]["key"] == "new-one"

    confirm(app, client, preview)

    run = staged_run(preview)
    assert (run.state, run.upload, run.preview) == ("done", None, None)
    assert run.result["created"] == ["new-one"]


def test_a_running_import_shows_a_page_that_refreshes_itself(app, client):
    preview = upload(client, as_file([agreement("new-one")])).location
    run = staged_run(preview)
    run.state, run.total, run.done = "running", 3, 1  # as a job on any server leaves it
    run.started_at = utcnow()
    db.session.commit()

    page = client.get(preview).text

    assert '<meta http-equiv="refresh" content="1">' in page
    assert "1 of 3 agreements" in page
    assert "<script>" not in page


def test_the_import_runs_in_its_own_thread_and_is_audited(app, client):
    preview = upload(client, as_file([agreement("new-one")])).location

    client.post(preview)
    job = import_job(app, preview.rsplit("/", 1)[1])
    wait(job)
    thread, job = job.thread, import_job(app, preview.rsplit("/", 1)[1])

    assert thread is not None and thread is not threading.current_thread()
    assert job.state == "done"
    assert keys() == {"new-one"}
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.record_type == "import")).one()
    assert entry.actor_id == client.user.id


def test_a_forged_confirm_of_an_invalid_upload_writes_nothing(client):
    preview = upload(client, as_file([agreement("good"), agreement("bad", status="nope")]))

    response = client.post(preview.location)

    assert response.status_code == 400
    assert keys() == set()


def test_an_upload_past_the_limit_is_refused_with_the_limit_and_advice(app, client):
    app.config["IMPORT_MAX_MB"] = 1
    big = agreement("big", summary="x" * (1024 * 1024 + 10))

    # Encoded in memory: the test client would spool a body this large to a temporary file.
    stream, name = as_file([big])
    boundary, body = encode_multipart({"files": FileStorage(stream, filename=name)})
    response = client.post(
        "/import", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )

    assert response.status_code == 413
    assert "larger than the limit of 1 MB" in response.text
    assert "Split the import into several smaller files" in response.text


def test_viewers_may_not_import(login_as):
    viewer = login_as("viewer")

    assert viewer.get("/import").status_code == 403
    assert upload(viewer, as_file([agreement()])).status_code == 403
    assert keys() == set()


def test_an_unknown_upload_id_is_not_found(client):
    assert client.get("/import/" + "0" * 32).status_code == 404
    assert client.get("/import/../secret_key").status_code == 404


def csv_set(tmp_path, agreements):
    folder = tmp_path / "csv"
    folder.mkdir()
    return write_csv_set({**FORMAT, "agreements": agreements}, folder)


def test_a_csv_set_uploaded_as_several_files_is_previewed_and_imported(app, client, tmp_path):
    paths = csv_set(tmp_path, [agreement("from-csv")])
    files = [(io.BytesIO(path.read_bytes()), path.name) for path in paths]

    preview = upload(client, *files).location
    assert "from-csv" in client.get(preview).text
    confirm(app, client, preview)

    assert keys() == {"from-csv"}


def test_a_zip_of_a_csv_set_is_accepted(client, tmp_path):
    paths = csv_set(tmp_path, [agreement("zipped")])
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in paths:
            bundle.write(path, f"export/{path.name}")
    archive.seek(0)

    preview = upload(client, (archive, "export.zip")).location

    assert "zipped" in client.get(preview).text


def test_csv_problems_name_the_file_and_row(client, tmp_path):
    paths = csv_set(tmp_path, [agreement("from-csv", kind="no-such-kind")])
    files = [(io.BytesIO(path.read_bytes()), path.name) for path in paths]

    preview = client.get(upload(client, *files).location).text

    assert "agreements.csv row 2</td><td>kind</td>" in preview


# The preview is worked out once, at upload


def test_reloading_the_preview_checks_the_upload_no_more(client, monkeypatch):
    calls = {"plan_import": 0, "planned_changes": 0}
    for name in calls:
        original = getattr(preview_module, name)

        def counted(*args, _original=original, _name=name):
            calls[_name] += 1
            return _original(*args)

        monkeypatch.setattr(preview_module, name, counted)

    preview = upload(client, as_file([agreement("new-one")])).location
    first, second = client.get(preview), client.get(preview)

    assert calls == {"plan_import": 1, "planned_changes": 1}
    for page in (first, second):
        assert page.status_code == 200
        assert re.search(r"new-one</td><td>Imported agreement</td>\s*<td>created", page.text)
        assert "Confirm and import" in page.text


def test_the_kept_preview_still_refuses_a_confirm_of_an_invalid_upload(app, client):
    preview = upload(client, as_file([agreement("bad", status="nope")])).location
    client.get(preview)

    response = confirm(app, client, preview)

    assert response.status_code == 400
    assert "nothing can be imported" in response.text
    assert keys() == set()


# An upload is its uploader's


def test_another_analyst_cannot_see_or_confirm_an_upload(app, client, login_as):
    preview = upload(client, as_file([agreement("new-one")])).location
    other = login_as("analyst")

    assert other.get(preview).status_code == 404
    assert confirm(app, other, preview).status_code == 404
    assert import_job(app, preview.rsplit("/", 1)[1]) is None
    assert keys() == set()
    assert client.get(preview).status_code == 200


def test_another_analyst_cannot_watch_an_import(app, client, login_as):
    preview = upload(client, as_file([agreement("new-one")])).location
    confirm(app, client, preview)

    assert login_as("analyst").get(preview).status_code == 404
    assert "Import done" in client.get(preview).text


def test_an_admin_may_see_and_confirm_an_analysts_upload(app, client, login_as):
    preview = upload(client, as_file([agreement("new-one")])).location
    admin = login_as("admin")

    assert "Confirm and import" in admin.get(preview).text
    assert confirm(app, admin, preview).status_code == 302
    assert "Import done" in admin.get(preview).text
    assert keys() == {"new-one"}


def test_the_staged_upload_names_its_uploader_by_id(client):
    preview = upload(client, as_file([agreement("new-one")])).location

    run = staged_run(preview)
    assert (run.user_id, run.uploaded_by) == (client.user.id, client.user.username)


def test_every_server_reads_the_progress_of_a_running_import(app, client, monkeypatch):
    """A process that does not run the import reads its heartbeat: from the row on
    PostgreSQL, from the file beside the database on SQLite (whose one writer it holds)."""
    paused, go_on = threading.Event(), threading.Event()
    apply = jobs.apply_plan

    def apply_and_pause(plans):
        result = apply(plans)
        if result.created == ["step-2"]:  # the third of four
            paused.set()
            go_on.wait(30)
        return result

    monkeypatch.setattr(jobs, "apply_plan", apply_and_pause)
    monkeypatch.setattr(jobs, "BEAT_EVERY", 0.02)
    preview = upload(client, as_file([agreement(f"step-{n}") for n in range(4)])).location
    upload_id = preview.rsplit("/", 1)[1]
    client.post(preview)
    running = jobs._local(app)[upload_id]
    try:
        assert paused.wait(30)
        monkeypatch.setattr(jobs, "_local", lambda app: {})  # another process: none in memory
        seen = wait_until(lambda: import_job(app, upload_id), lambda job: job.done == 2)
    finally:
        go_on.set()
        wait(running)

    assert (seen.state, seen.done, seen.total) == ("running", 2, 4)
    db.session.rollback()
    assert import_job(app, upload_id).state == "done"


def wait_until(read, ready, seconds: float = 10):
    """What ``read`` gives once ``ready`` holds for it; the last reading if it never does."""
    deadline = time.monotonic() + seconds
    found = read()
    while not ready(found) and time.monotonic() < deadline:
        time.sleep(0.02)
        db.session.rollback()  # read what others committed since
        found = read()
    return found


def test_an_import_whose_server_stopped_is_shown_as_interrupted(app, client):
    preview = upload(client, as_file([agreement("new-one")])).location
    run = staged_run(preview)
    run.state, run.total, run.done = "running", 3, 1
    run.started_at = utcnow() - STALE_AFTER - dt.timedelta(seconds=1)  # and no beat since
    db.session.commit()

    page = client.get(preview).text

    assert "The import was interrupted after 1 of 3 agreements" in page
    assert "Nothing of it was written" in page
    assert 'http-equiv="refresh"' not in page
    assert (staged_run(preview).state, staged_run(preview).upload) == ("interrupted", None)
    assert keys() == set()


def test_an_import_with_a_recent_heartbeat_is_still_running(app, client):
    preview = upload(client, as_file([agreement("new-one")])).location
    run = staged_run(preview)
    run.state, run.total, run.done = "running", 3, 0
    run.started_at = utcnow() - 10 * STALE_AFTER
    db.session.commit()
    progress_store(app).write(run.id, 2)  # as the server running it does every second

    page = client.get(preview).text

    assert "Importing: 2 of 3 agreements" in page
    assert staged_run(preview).state == "running"
