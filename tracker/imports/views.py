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
from tracker.imports.preview import planned_changes
from tracker.imports.reading import where_of
from tracker.imports.staging import stage, staged
from tracker.interchange.importer import ImportFailed, plan_import
from tracker.models import Role

bp = Blueprint("imports", __name__, url_prefix="/import")


@bp.url_value_preprocessor
def _import_size_limit(_endpoint, _values):
    # Runs before every before_request hook, so before the CSRF check parses the body.
    request.max_content_length = int(current_app.config["IMPORT_MAX_MB"] * 1024 * 1024)


@bp.route("", methods=["GET", "POST"])
@require_role(Role.ANALYST)
def upload():
    form = UploadForm()
    if form.validate_on_submit():
        upload_id = stage(form.upload, current_user.username)
        return redirect(url_for(".show_import", upload_id=upload_id))
    return render_template("imports/upload.html", form=form,
                           limit=current_app.config["IMPORT_MAX_MB"])


@bp.route("/<upload_id>", methods=["GET", "POST"])
@require_role(Role.ANALYST)
def show_import(upload_id):
    """The preview until confirmed; then the job's progress, and its result."""
    job = import_job(current_app._get_current_object(), upload_id)
    if job is not None:
        return render_template("imports/progress.html", job=job)
    upload = staged(upload_id)
    if upload is None:
        abort(404, "This upload is gone: it was imported, or not confirmed within an hour. "
                   "Upload the file again.")
    form = ConfirmImportForm()
    problems = _problems(upload)
    if form.validate_on_submit() and not problems:
        db.session.rollback()  # the job writes in its own session; hold no transaction here
        start_import(current_app._get_current_object(), upload_id, upload,
                     current_user.id, current_user.username)
        return redirect(url_for(".show_import", upload_id=upload_id))
    status = 400 if request.method == "POST" else 200
    return render_template("imports/preview.html", upload=upload, upload_id=upload_id,
                           rows=planned_changes(upload.document), problems=problems,
                           form=form), status


def _problems(upload) -> list:
    """Every problem plan_import finds, placed at its CSV file and row when there is one."""
    try:
        plan_import(upload.document)
    except ImportFailed as failure:
        where = where_of(upload.rows)
        return [where.place(problem) for problem in failure.problems]
    finally:
        db.session.rollback()  # validation reads only; end its transaction
    return []
