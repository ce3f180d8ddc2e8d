"""Static files (app.css, charts.js …) behind fingerprinted URLs, cached for a year.

Sent without Cache-Control, every static file cost a returning browser a 304
round trip before a page could run its scripts. Every URL ``url_for("static", ...)``
builds now carries a short hash of the file's bytes (``?v=3f2a9c1b0d4e``), so a
changed file is a new URL and the answer to the current one may be kept for a
year, as plotly.js's is. A URL without ``v``, or with one the file no longer
has (a page cached from an older release), is answered as before, with
``no-cache``: the browser revalidates it, and a stale file is never pinned.

A file is hashed once per process for each size and modification time it has:
the stat is cheap, and a file edited while a development server runs gets a new
URL instead of being kept under its old one.
"""

from __future__ import annotations

import hashlib
import os
import stat
from functools import lru_cache

from flask import Flask, Response, current_app, request
from werkzeug.security import safe_join

from tracker.assets.views import ONE_YEAR

FINGERPRINT_LENGTH = 12  # hex digits of sha256: a collision between two releases is no risk


def fingerprint(folder: str, filename: str) -> str | None:
    """The hash of ``filename`` under ``folder``, or None when there is no such file."""
    path = safe_join(folder, filename)
    if path is None:
        return None
    try:
        found = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(found.st_mode):
        return None
    return _digest(path, found.st_mtime_ns, found.st_size)


@lru_cache(maxsize=512)
def _digest(path: str, mtime_ns: int, size: int) -> str:
    """Keyed on the file's size and time too, so a rewritten file is hashed again."""
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()[:FINGERPRINT_LENGTH]


def add_fingerprint(endpoint: str, values: dict) -> None:
    """Give every static URL its file's hash, so no template has to ask for it."""
    if endpoint != "static" or "v" in values or "filename" not in values:
        return
    version = fingerprint(current_app.static_folder, values["filename"])
    if version is not None:
        values["v"] = version


def cache_static_file(response: Response) -> Response:
    """A year for the URL that names the file's current hash; revalidation otherwise."""
    if request.endpoint != "static" or response.status_code >= 400:
        return response
    current = fingerprint(current_app.static_folder, request.view_args["filename"])
    if current is not None and request.args.get("v") == current:
        response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    else:
        response.headers["Cache-Control"] = "no-cache"
    return response


def init_app(app: Flask) -> None:
    app.url_defaults(add_fingerprint)
    app.after_request(cache_static_file)
