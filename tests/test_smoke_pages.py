"""Every page of the sample agreement renders."""

import pytest

from tracker.cli import SAMPLE
from tracker.extensions import db
from tracker.interchange.importer import apply_plan, plan_import, read_document

KEY = "nor-ukr-2026-joint-declaration"


@pytest.fixture
def sample(app):
    apply_plan(plan_import(read_document(SAMPLE)))
    db.session.commit()


@pytest.mark.parametrize(
    "path",
    [
        "/agreements",
        f"/agreements/{KEY}",
        f"/agreements/{KEY}/edit",
        "/agreements/new",
        "/parties/",
        "/parties/NOR",
        "/focus-areas/",
        f"/agreements/{KEY}/milestones/first-drones",
        f"/agreements/{KEY}/milestones/first-drones/edit",
        f"/agreements/{KEY}/milestones/new",
        f"/agreements/{KEY}/pillars/new",
        f"/agreements/{KEY}/sources/new",
    ],
)
def test_page_renders(client, sample, path):
    response = client.get(path)
    assert response.status_code == 200, response.text[:500]
    assert "<h1" in response.text


@pytest.mark.parametrize(
    "path",
    [
        f"/agreements/{KEY}/sources/99999999999/edit",
        f"/agreements/{KEY}/pillars/4294967296/edit",
        "/users/2147483648",
    ],
)
def test_an_id_too_large_for_the_database_is_not_found(client, sample, path):
    assert client.get(path).status_code == 404
