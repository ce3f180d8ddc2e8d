"""Static files: linked by a hash of their bytes, kept by browsers for a year under that URL."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from flask import url_for

from tracker.config import ROOT

IMMUTABLE = "public, max-age=31536000, immutable"


def fingerprint_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def static_url(app, filename: str) -> str:
    with app.test_request_context():
        return url_for("static", filename=filename)


def fetch(client, url: str):
    response = client.get(url)
    response.get_data()  # kept, then the file closed: static files hold it open until closed
    response.close()
    return response


@pytest.fixture
def site_css(app, monkeypatch, tmp_path):
    """A static folder of one file, site.css, that the test may rewrite."""
    monkeypatch.setattr(app, "static_folder", str(tmp_path))
    path = tmp_path / "site.css"
    path.write_bytes(b"body { color: black; }")
    return path


def test_every_static_link_in_a_page_carries_its_files_fingerprint(client, make_agreement):
    make_agreement()  # the dashboard draws its charts, so it links charts.js too
    page = client.get("/").get_data(as_text=True)

    links = dict(re.findall(r'"/static/([^"?]+)(?:\?v=([0-9a-f]+))?"', page))

    assert {"css/app.css", "js/charts.js", "favicon.svg"} <= links.keys()
    for filename, version in links.items():
        assert version == fingerprint_of((ROOT / "static" / filename).read_bytes()), filename


def test_the_fingerprinted_url_is_cached_for_a_year_for_everyone(client):
    version = fingerprint_of((ROOT / "static" / "css" / "app.css").read_bytes())

    response = fetch(client, f"/static/css/app.css?v={version}")

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == IMMUTABLE
    # A session read would add "Vary: Cookie", and the browser would ask again each visit.
    assert "Cookie" not in response.headers.get("Vary", "")
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("query", ["", "?v=", "?v=000000000000"], ids=["none", "empty", "wrong"])
def test_a_url_without_the_files_fingerprint_is_revalidated(anonymous, query):
    response = fetch(anonymous, f"/static/css/app.css{query}")

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"


def test_changing_a_files_bytes_changes_its_fingerprint(app, site_css):
    before = static_url(app, "site.css")
    site_css.write_bytes(b"body { color: navy; background: white; }")
    after = static_url(app, "site.css")

    assert before == f"/static/site.css?v={fingerprint_of(b'body { color: black; }')}"
    assert after == f"/static/site.css?v={fingerprint_of(site_css.read_bytes())}"
    assert before != after


def test_a_url_from_before_a_change_no_longer_gets_the_long_cache(app, anonymous, site_css):
    """A page cached from an older release must not pin the old file's URL for a year."""
    before = static_url(app, "site.css")
    site_css.write_bytes(b"body { color: navy; background: white; }")

    stale = fetch(anonymous, before)
    current = fetch(anonymous, static_url(app, "site.css"))

    assert stale.status_code == 200
    assert stale.get_data() == site_css.read_bytes()
    assert stale.headers["Cache-Control"] == "no-cache"
    assert current.headers["Cache-Control"] == IMMUTABLE


def test_a_missing_file_gets_no_fingerprint_and_a_404(app, anonymous):
    assert not (Path(app.static_folder) / "css" / "missing.css").exists()

    url = static_url(app, "css/missing.css")

    assert url == "/static/css/missing.css"
    assert fetch(anonymous, url).status_code == 404
