"""Markup promises: every control is labelled and described truthfully; user text is escaped."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tracker.extensions import db
from tracker.models import MilestoneStatus, Reliability
from tracker.sources.operations import create_source

KEY = "nor-ukr-test"
SCRIPT = "<script>alert(1)</script>"

FORM_PAGES = [
    "/agreements/new",
    "/agreements/{key}/edit",
    "/agreements/{key}/milestones/new",
    "/agreements/{key}/milestones/first-drones/edit",
    "/agreements/{key}/pillars/new",
    "/agreements/{key}/pillars/{pillar}/edit",
    "/agreements/{key}/sources/new",
    "/agreements/{key}/sources/{source}/edit",
    "/focus-areas/",
    "/agreements",  # the filter form
]


class Page(HTMLParser):
    """The form controls of a page, the text of its labels, and every id it defines."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.controls: list[dict] = []
        self.labels: dict[str, str] = {}
        self.ids: set[str] = set()
        self._label: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "label":
            self._label = attrs.get("for") or ""
            self.labels.setdefault(self._label, "")
        visible = attrs.get("type") not in ("hidden", "submit")
        if tag in ("input", "select", "textarea") and visible:
            self.controls.append(attrs)

    def handle_endtag(self, tag):
        if tag == "label":
            self._label = None

    def handle_data(self, data):
        if self._label is not None:
            self.labels[self._label] += data


@pytest.fixture
def records(make_agreement):
    """One of each record, so every edit form can be opened; returns the URL parts."""
    agreement = make_agreement(
        key=KEY,
        pillars=["Air Defense"],
        milestones=[{"key": "first-drones", "pillar": "Air Defense"}],
    )
    source = create_source(
        agreement,
        {
            "url": "https://example.org/",
            "title": "A source",
            "publisher": None,
            "published_on": None,
            "reliability": Reliability.OFFICIAL,
        },
    )
    db.session.commit()
    return {"key": KEY, "pillar": agreement.pillars[0].id, "source": source.id}


def form_pages(client, records):
    for path in FORM_PAGES:
        response = client.get(path.format(**records))
        assert response.status_code == 200, path
        yield path, Page(response.text)


@pytest.mark.parametrize("path", FORM_PAGES)
def test_every_visible_form_control_has_a_label(client, records, path):
    response = client.get(path.format(**records))
    page = Page(response.text)

    assert page.controls, "the page has a form"
    for control in page.controls:
        name = control.get("name")
        assert control.get("id"), f"{name} has no id for a label to point at"
        assert page.labels.get(control["id"], "").strip(), f"{name} has no <label for>"


def test_field_descriptions_point_at_text_that_exists(client, records):
    missing = [
        (path, control.get("name"), reference)
        for path, page in form_pages(client, records)
        for control in page.controls
        for reference in control.get("aria-describedby", "").split()
        if reference not in page.ids
    ]

    assert missing == []


def test_only_fields_with_errors_are_marked_invalid(client, records):
    marked = [
        (path, control.get("name"), control["aria-invalid"])
        for path, page in form_pages(client, records)
        for control in page.controls
        if "aria-invalid" in control
    ]

    assert marked == []


def test_a_field_with_an_error_points_at_its_message(client):
    response = client.post("/agreements/new", data={"key": "x", "title": "x" * 301})
    page = Page(response.text)

    [title] = [control for control in page.controls if control.get("name") == "title"]
    assert title["aria-invalid"] == "true"
    assert "title-error" in title["aria-describedby"].split()
    assert "title-error" in page.ids


# User text is shown as text, never run as markup


@pytest.fixture
def hostile_agreement(make_agreement):
    make_agreement(
        key=KEY,
        title=SCRIPT,
        summary=SCRIPT,
        signed_at=SCRIPT,
        signatories=[{"name": SCRIPT, "role": SCRIPT, "party": "NOR"}],
        milestones=[
            {
                "key": "first-drones",
                "title": SCRIPT,
                "description": SCRIPT,
                "status": MilestoneStatus.PLANNED,
            }
        ],
    )


@pytest.mark.parametrize(
    "path",
    [
        "/agreements",
        f"/agreements/{KEY}",
        "/parties/NOR",
        f"/agreements/{KEY}/edit",
        f"/agreements/{KEY}/milestones/first-drones",
        f"/agreements/{KEY}/milestones/first-drones/edit",
        f"/agreements/{KEY}/delete",
    ],
)
def test_user_text_is_escaped(client, hostile_agreement, path):
    response = client.get(path)

    assert response.status_code == 200
    assert SCRIPT not in response.text
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_a_refused_form_escapes_what_was_typed(client):
    response = client.post(
        "/agreements/new", data={"key": "x", "title": SCRIPT, "signed_on": SCRIPT}
    )

    assert response.status_code == 200
    assert SCRIPT not in response.text
    assert "<script>alert" not in response.text
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in response.text
