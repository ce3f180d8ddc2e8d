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
