"""Absolute URLs for readers outside the browser: calendar apps follow a feed's links.

They are built from the configured base URL (TRACKER_BASE_URL), or, behind a
trusted proxy (TRACKER_BEHIND_PROXY=1), from the host the proxy forwards. Never
from the request's own Host header: anyone can send any Host, and a feed link
made from it would point subscribers at their host.
"""

from __future__ import annotations

from flask import current_app, url_for

DEFAULT_BASE_URL = "http://127.0.0.1:5000"


def external_url(endpoint: str, **values) -> str:
    base = current_app.config["BASE_URL"]
    if base is None and current_app.config["BEHIND_PROXY"]:
        return url_for(endpoint, _external=True, **values)  # ProxyFix has set the host
    return (base or DEFAULT_BASE_URL).rstrip("/") + url_for(endpoint, **values)
