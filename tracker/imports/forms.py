"""The upload form: which files, read into one document. The records themselves are
checked afterwards by plan_import, the importer's one rule set."""

from __future__ import annotations

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import MultipleFileField
from wtforms.validators import ValidationError

from tracker.imports.reading import WHAT_TO_UPLOAD, Upload, read_upload
from tracker.interchange.importer import ImportFailed


class UploadForm(FlaskForm):
    files = MultipleFileField(
        "Files",
        render_kw={"accept": ".json,.csv,.zip"},
        description="One .json interchange file, the .csv files of a CSV set (select them "
        "together), or a .zip holding either.",
    )
    upload: Upload | None = None

    def validate_files(self, field):
        chosen = [(f.filename, f.read()) for f in field.data or [] if f and f.filename]
        if not chosen:
            raise ValidationError(WHAT_TO_UPLOAD)
        limit = int(current_app.config["IMPORT_MAX_MB"] * 1024 * 1024)
        try:
            self.upload = read_upload(chosen, limit)
        except ImportFailed as failure:
            messages = [str(problem) for problem in failure.problems]
            field.errors.extend(messages[:-1])
            raise ValidationError(messages[-1]) from None


class ConfirmImportForm(FlaskForm):
    """Only its CSRF token: the upload it confirms is named by the URL."""
