"""Import on the web: upload, preview (changes and problems), confirm, watch it run."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from tracker.auth.access import require_role
from tracker.extensions import db
from tracker.imports.forms import ConfirmImportForm, UploadForm
from tracker.imports.jobs import import_job, start_import
from tracker.imports.preview import preview_import
from tracker.imports.staging import stage, staged
from tracker.models import Role

bp = Blueprint("imports", __name__, url_prefix="/import")
GONE = (
    "This upload is gone: it was imported, or not confirmed within an hour. Upload the file again."
)


@bp.url_value_preprocessor
def _import_size_limit(_endpoint, _values):
    # Runs before every before_request hook, so before the CSRF check parses the body.
    request.max_content_length = int(current_app.config["IMPORT_MAX_MB"] * 1024 * 1024)


@bp.route("", methods=["GET", "POST"])
@require_role(Role.ANALYST)
def upload():
    form = UploadForm()
    if form.validate_on_submit():
        preview = preview_import(form.upload)
        upload_id = stage(form.upload, preview, current_user.id, current_user.username)
        db.session.commit()
        return redirect(url_for(".show_import", upload_id=upload_id))
    status = 400 if request.method == "POST" else 200  # the refused upload, and why
    return render_template(
        "imports/upload.html", form=form, limit=current_app.config["IMPORT_MAX_MB"]
    ), status


@bp.route("/<upload_id>", methods=["GET", "POST"])
@require_role(Role.ANALYST)
def show_import(upload_id):
    """The preview until confirmed; then the job's progress, and its result."""
    job = import_job(current_app._get_current_object(), upload_id)
    if job is not None:
        _only_theirs(job.user_id)
        return render_template("imports/progress.html", job=job)
    found = staged(upload_id)
    if found is None:
        abort(404, GONE)
    _only_theirs(found.user_id)
    form = ConfirmImportForm()
    if form.validate_on_submit() and not found.preview.problems:
        # Claimed once: a second confirmation, here or on another server, finds it running.
        start_import(
            current_app._get_current_object(),
            upload_id,
            found,
            current_user.id,
            current_user.username,
        )
        return redirect(url_for(".show_import", upload_id=upload_id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "imports/preview.html",
        upload=found.upload,
        upload_id=upload_id,
        preview=found.preview,
        form=form,
    ), status


def _only_theirs(user_id: int) -> None:
    """Another analyst's upload does not exist for them: its id is no key to it."""
    if user_id != current_user.id and not current_user.can(Role.ADMIN):
        abort(404, GONE)
