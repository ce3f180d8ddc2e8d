"""plotly.js for the charts: no CDN, cached for a year.

The tracker draws scatter and bar traces only, and plotly's own cartesian
bundle (static/vendor/plotly.js-cartesian, 1.5 MB) holds them; the
full bundle in the installed plotly package is 4.8 MB, and evaluating it was
most of a first visit's wait. The cartesian bundle is served only while its
plotly.js version is the one the installed plotly package ships (the figures
it writes are for that version); otherwise the package's full bundle is.

The URL carries plotly's version and the bundle's name, so a new plotly or a
new bundle is a new URL and the long cache can never serve a stale copy. The
file is gzipped once per process: compressing it on every request would cost
more than serving it.
"""

from __future__ import annotations

import gzip
import logging
import re
from functools import cache
from importlib.resources import files
from typing import NamedTuple

import plotly
from flask import Blueprint, Response, abort, request
from plotly.offline import get_plotlyjs_version

from tracker.config import ROOT

bp = Blueprint("assets", __name__, url_prefix="/assets")
log = logging.getLogger(__name__)

ONE_YEAR = 365 * 24 * 3600
CARTESIAN = ROOT / "static" / "vendor" / "plotly.js-cartesian" / "plotly-cartesian.min.js"
_HEADER_VERSION = re.compile(rb"plotly\.js (?:\([^)]*\) )?v(\d+\.\d+\.\d+)")


class Bundle(NamedTuple):
    name: str  # in the URL: "<plotly version>-<name>"
    raw: bytes
    packed: bytes  # gzipped


def bundle_version(source: bytes) -> str | None:
    """The plotly.js version a bundle's header names ("plotly.js (cartesian - minified) v4.1.1")."""
    found = _HEADER_VERSION.search(source[:400])
    return found.group(1).decode() if found else None


@cache
def plotly_bundle() -> Bundle:
    """The cartesian bundle when it matches the installed plotly, else the package's full one."""
    wanted = get_plotlyjs_version()
    if CARTESIAN.exists():
        raw = CARTESIAN.read_bytes()
        if bundle_version(raw) == wanted:
            return Bundle("cartesian", raw, gzip.compress(raw, compresslevel=9, mtime=0))
        log.warning(
            "static/vendor/plotly.js-cartesian is plotly.js %s, the installed plotly needs %s: "
            "serving the full bundle (make plotly-bundle fetches a matching one)",
            bundle_version(raw),
            wanted,
        )
    raw = files("plotly").joinpath("package_data", "plotly.min.js").read_bytes()
    return Bundle("full", raw, gzip.compress(raw, compresslevel=9, mtime=0))


def plotly_asset_version() -> str:
    """The URL's version segment: plotly's version and the bundle served."""
    return f"{plotly.__version__}-{plotly_bundle().name}"


@bp.get("/plotly-<version>.min.js")
def plotly_js(version: str):
    bundle = plotly_bundle()
    if version != plotly_asset_version():
        abort(404)
    gzipped = "gzip" in request.headers.get("Accept-Encoding", "")
    response = Response(bundle.packed if gzipped else bundle.raw, mimetype="text/javascript")
    if gzipped:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    response.set_etag(f"plotly-{version}-{'gz' if gzipped else 'raw'}")
    return response.make_conditional(request)
