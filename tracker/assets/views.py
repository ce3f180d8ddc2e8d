"""plotly.js, served from the installed plotly package: no CDN, cached for a year.

The URL carries plotly's version, so a new plotly is a new URL and the long
cache can never serve a stale copy. The file is gzipped once per process:
compressing 4.8 MB on every request would cost more than serving it.
"""

from __future__ import annotations

import gzip
from functools import cache
from importlib.resources import files

import plotly
from flask import Blueprint, Response, abort, request

bp = Blueprint("assets", __name__, url_prefix="/assets")

PLOTLY_VERSION = plotly.__version__
ONE_YEAR = 365 * 24 * 3600


@cache
def _plotly_bytes() -> tuple[bytes, bytes]:
    raw = files("plotly").joinpath("package_data", "plotly.min.js").read_bytes()
    return raw, gzip.compress(raw, compresslevel=9, mtime=0)


@bp.get("/plotly-<version>.min.js")
def plotly_js(version: str):
    if version != PLOTLY_VERSION:
        abort(404)
    raw, packed = _plotly_bytes()
    gzipped = "gzip" in request.headers.get("Accept-Encoding", "")
    response = Response(packed if gzipped else raw, mimetype="text/javascript")
    if gzipped:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    response.set_etag(f"plotly-{PLOTLY_VERSION}-{'gz' if gzipped else 'raw'}")
    return response.make_conditional(request)
