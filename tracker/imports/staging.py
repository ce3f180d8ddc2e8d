"""Uploads kept on the server between preview and confirm: instance/imports/<id>.json.

Each is kept with its preview, worked out once at upload, and with the id
of the analyst who uploaded it.

Never in the cookie: a document can be megabytes, and the session cookie is
readable by its holder. Each file is deleted once its import ran, and any
file older than STAGED_LIFETIME is swept away at the next upload.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from tracker.imports.preview import Preview
from tracker.imports.reading import Upload
from tracker.models.base import utcnow

STAGED_LIFETIME = 3600  # seconds: an hour to read the preview and confirm
UPLOAD_ID = re.compile(r"^[0-9a-f]{32}$")


def staging_folder() -> Path:
    folder = current_app.config.get("IMPORT_FOLDER") or Path(current_app.instance_path) / "imports"
    return Path(folder)


def _path(upload_id: str) -> Path | None:
    # Only our own ids name a file: nothing from the URL reaches the file system otherwise.
    return staging_folder() / f"{upload_id}.json" if UPLOAD_ID.match(upload_id) else None


@dataclass
class StagedImport:
    upload: Upload
    preview: Preview
    user_id: int  # whose upload it is: only they, and admins, may see and confirm it
    uploaded_by: str


def stage(upload: Upload, preview: Preview, user_id: int, username: str) -> str:
    """Keep the upload and its preview for the person who uploaded it; return its new id."""
    sweep()
    folder = staging_folder()
    folder.mkdir(parents=True, exist_ok=True)
    upload_id = secrets.token_hex(16)
    content = {
        "name": upload.name,
        "user_id": user_id,
        "uploaded_by": username,
        "uploaded_at": utcnow().isoformat(),
        "document": upload.document,
        "rows": upload.rows,
        "preview": preview.as_json(),
    }
    _path(upload_id).write_text(json.dumps(content), encoding="utf-8")
    return upload_id


def staged(upload_id: str) -> StagedImport | None:
    path = _path(upload_id)
    if path is None or not path.exists():
        return None
    content = json.loads(path.read_text(encoding="utf-8"))
    if "preview" not in content:  # staged before previews were kept: upload it again
        return None
    return StagedImport(
        Upload(content["name"], content["document"], content["rows"]),
        Preview.from_json(content["preview"]),
        content["user_id"],
        content["uploaded_by"],
    )


def discard(upload_id: str) -> None:
    path = _path(upload_id)
    if path is not None:
        path.unlink(missing_ok=True)


def sweep(now: float | None = None) -> None:
    """Delete uploads nobody confirmed within the lifetime."""
    folder = staging_folder()
    if not folder.is_dir():
        return
    limit = (now or time.time()) - STAGED_LIFETIME
    for path in folder.glob("*.json"):
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
