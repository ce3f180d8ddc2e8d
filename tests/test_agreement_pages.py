"""Agreement pages: create, edit and delete through the web forms, and every refusal."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal
from urllib.parse import parse_qs

import pytest
from helpers import count, errors_next_to, post_edit
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from tracker.dates import ApproximateDate
from tracker.extensions import db
from tracker.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Commitment,
    Milestone,
    Pillar,
    Reliability,
    Signatory,
    Source,
)
from tracker.models.milestone import milestone_dependency
from tracker.sources.operations import create_source

KEY = "nor-ukr-2024"


def agreement_form(**changes) -> MultiDict:
    """What a browser posts for a valid new agreement; a list value repeats its name."""
    data = MultiDict(
        {
            "key": KEY,
            "title": "Norway–Ukraine declaration",
            "kind": "joint_declaration",
            "status": "signed",
            "signed_on": "2024-05",
            "signed_at": "Oslo",
            "in_force_on": "",
            "ends_on": "",
            "duration_years": "10",
            "summary": "Drones and air defence.",
            "tags": "drones, air defence",
            "signatories-0-name": "Jonas Gahr Støre",
            "signatories-0-role": "Prime Minister",
            "signatories-0-party": "NOR",
        }
    )
    data.setlist("parties", ["NOR", "UKR", "", ""])  # the page has four party slots
    for name, value in changes.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return data


def stored_title(key: str) -> str | None:
    with db.engine.connect() as connection:
        return connection.scalar(select(Agreement.title).where(Agreement.key == key))


def reload(key: str) -> Agreement:
    db.session.expire_all()
    return db.session.scalars(select(Agreement).where(Agreement.key == key)).one()


# Creating


def test_creating_an_agreement_saves_it_and_opens_its_page(client):
    response = client.post("/agreements/new", data=agreement_form())

    assert response.status_code == 302
    assert response.headers["Location"] == f"/agreements/{KEY}"
    agreement = reload(KEY)
    assert agreement.title == "Norway–Ukraine declaration"
    assert agreement.partner_codes == ["NOR", "UKR"]
    assert [(s.name, s.role, s.party_code) for s in agreement.signatories] == [
        ("Jonas Gahr Støre", "Prime Minister", "NOR")
    ]
    assert [tag.name for tag in agreement.tags] == ["air defence", "drones"]
    assert agreement.signed_on.text == "2024-05"
    assert agreement.signed_on.earliest == dt.date(2024, 5, 1)
    assert agreement.signed_on.latest == dt.date(2024, 5, 31)
    assert agreement.duration_years == 10
    assert "Norway–Ukraine declaration" in client.get(response.headers["Location"]).text


def test_a_commitment_keeps_its_amount_in_its_own_currency(client):
    client.post(
        "/agreements/new",
        data=agreement_form(
            **{
                "commitments-0-party": "NOR",
                "commitments-0-description": "Drone funding",
                "commitments-0-amount": "1000000.50",
                "commitments-0-currency": "nok",
                "commitments-0-period": "2024/2026",
            }
        ),
    )

    [commitment] = reload(KEY).commitments
    assert (commitment.party_code, commitment.amount, commitment.currency) == (
        "NOR",
        Decimal("1000000.50"),
        "NOK",
    )
    assert commitment.period.earliest == dt.date(2024, 1, 1)
    assert commitment.period.latest == dt.date(2026, 12, 31)


def test_blank_signatory_and_commitment_rows_are_skipped(client):
    client.post(
        "/agreements/new",
        data=agreement_form(
            **{
                "signatories-1-name": "",
                "signatories-1-party": "",
                "commitments-0-party": "",
            }
        ),
    )

    agreement = reload(KEY)
    assert len(agreement.signatories) == 1
    assert agreement.commitments == []


# Editing


def test_the_edit_form_starts_from_the_stored_agreement(client, make_agreement):
    make_agreement(key=KEY, title="Stored title", tags=["drones", "training"])

    page = client.get(f"/agreements/{KEY}/edit").text

    assert 'value="Stored title"' in page
    assert 'value="2024-05-31"' in page
    assert 'value="drones, training"' in page
    assert 'value="Jonas Gahr Støre"' in page


def test_editing_an_agreement_saves_the_changes(client, make_agreement):
    make_agreement(key=KEY)
    data = agreement_form(
        title="Renamed",
        status="in_force",
        parties=["NOR", "SWE", "UKR"],
        tags="industry",
        in_force_on="2024-06-01",
    )
    del data["key"]  # the edit page shows the key as text, not as an input

    response = post_edit(client, f"/agreements/{KEY}/edit", data)

    assert response.status_code == 302
    assert response.headers["Location"] == f"/agreements/{KEY}"
    agreement = reload(KEY)
    assert agreement.title == "Renamed"
    assert agreement.status is AgreementStatus.IN_FORCE
    assert agreement.partner_codes == ["NOR", "SWE", "UKR"]
    assert [tag.name for tag in agreement.tags] == ["industry"]
    assert agreement.in_force_on.earliest == dt.date(2024, 6, 1)


def test_emptying_a_signatory_row_removes_the_signatory(client, make_agreement):
    make_agreement(key=KEY)

    post_edit(
        client,
        f"/agreements/{KEY}/edit",
        agreement_form(
            **{
                "signatories-0-name": "",
                "signatories-0-role": "",
                "signatories-0-party": "",
            }
        ),
    )

    assert reload(KEY).signatories == []
    assert count(Signatory) == 0


def test_an_agreement_key_never_changes_on_edit(client, make_agreement):
    make_agreement(key=KEY)

    post_edit(client, f"/agreements/{KEY}/edit", agreement_form(key="another-key"))

    assert stored_title(KEY) == "Norway–Ukraine declaration"
    assert stored_title("another-key") is None


# Deleting


def test_deleting_asks_for_confirmation_first(client, make_agreement):
    make_agreement(key=KEY)

    response = client.get(f"/agreements/{KEY}/delete")

    assert response.status_code == 200
    assert "Delete the agreement" in html.unescape(response.text)
    assert count(Agreement) == 1


def test_deleting_an_agreement_takes_everything_that_belongs_to_it(client, make_agreement):
    agreement = make_agreement(
        key=KEY,
        pillars=["Air Defense"],
        commitments=[
            {
                "party": "NOR",
                "description": "Funding",
                "amount": Decimal(5),
                "currency": "EUR",
                "period": None,
            }
        ],
        milestones=[
            {"key": "first", "pillar": "Air Defense"},
            {"key": "second", "depends_on": ["first"]},
        ],
    )
    source = {
        "url": "https://www.regjeringen.no/a",
        "title": None,
        "publisher": None,
        "published_on": None,
        "reliability": Reliability.OFFICIAL,
    }
    create_source(agreement, source)
    create_source(agreement.milestones[0], source)
    db.session.commit()
    make_agreement(key="other-agreement", signatories=[])

    response = post_edit(client, f"/agreements/{KEY}/delete", {})

    assert response.status_code == 302
    assert response.headers["Location"] == "/agreements"
    assert stored_title(KEY) is None
    assert stored_title("other-agreement") is not None
    for model in (Signatory, Commitment, Source, milestone_dependency):
        assert count(model) == 0, model
    assert (count(Pillar), count(Milestone)) == (1, 0)  # the other agreement's one pillar


# Refusals: every bad input is named next to its field, and nothing is saved


def _post_new(client, **changes):
    response = client.post("/agreements/new", data=agreement_form(**changes))
    assert response.status_code == 200
    assert "Nothing was saved" in response.text
    assert count(Agreement) == 0
    return response


ROW = {"commitments-0-party": "NOR", "commitments-0-description": "Funding"}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param({"title": "x" * 301}, "title", "longer than 300", id="title-too-long"),
        pytest.param(
            {"summary": "x" * 10001}, "summary", "longer than 10000", id="summary-too-long"
        ),
        pytest.param({"kind": "bogus"}, "kind", "“bogus” is not one of", id="unknown-kind"),
        pytest.param({"status": "bogus"}, "status", "“bogus” is not one of", id="unknown-status"),
        pytest.param(
            {"parties": ["NOR", "XXX"]},
            "parties",
            "“XXX” is not a known choice",
            id="unknown-party",
        ),
        pytest.param(
            {"parties": ["NOR"]}, "parties", "at least two distinct parties", id="one-party"
        ),
        pytest.param(
            {"parties": ["NOR", "NOR"]}, "parties", "A party is listed twice", id="same-party-twice"
        ),
        pytest.param(
            {"signatories-0-party": "SWE"},
            "signatories-0-party",
            "SWE is not one of this agreement's parties",
            id="signatory-of-a-non-party",
        ),
        pytest.param(
            {**ROW, "commitments-0-party": "SWE"},
            "commitments-0-party",
            "SWE is not one of this agreement's parties",
            id="commitment-of-a-non-party",
        ),
        pytest.param(
            {**ROW, "commitments-0-amount": "5", "commitments-0-currency": "XYZ"},
            "commitments-0-currency",
            "not an ISO 4217 currency",
            id="unknown-currency",
        ),
        pytest.param(
            {**ROW, "commitments-0-amount": "5"},
            "commitments-0-currency",
            "An amount needs its currency",
            id="amount-without-currency",
        ),
        pytest.param(
            {"signed_on": "2024-06", "in_force_on": "2024-05"},
            "in_force_on",
            "cannot be before signature",
            id="in-force-before-signature",
        ),
        pytest.param({"ends_on": "2020"}, "ends_on", "cannot be before", id="ends-before-start"),
        pytest.param({"key": "Not A Key"}, "key", "lower-case letters", id="malformed-key"),
        pytest.param({"tags": "drones, <b>"}, "tags", "may use letters", id="malformed-tag"),
    ],
)
def test_bad_agreement_input_is_refused_next_to_its_field(client, changes, field, message):
    response = _post_new(client, **changes)

    assert message in errors_next_to(response, field)


@pytest.mark.parametrize("field", ["signed_on", "in_force_on", "ends_on", "commitments-0-period"])
def test_an_invalid_date_is_refused_with_an_example_next_to_its_own_field(client, field):
    response = _post_new(client, **{**ROW, field: "2024-13-45"})

    assert "“2024-13-45” is not an EDTF date" in errors_next_to(response, field)
    assert "2026-21" in errors_next_to(response, field)
    assert response.text.count('class="errors"') == 1  # no other field is blamed


def test_a_refused_form_keeps_what_was_typed(client):
    response = _post_new(client, title="My careful title", signed_on="2024-13-45")

    assert 'value="2024-13-45"' in response.text
    assert 'value="My careful title"' in response.text
    assert '<option value="UKR" selected>' in response.text


def test_a_second_agreement_cannot_take_a_used_key(client, make_agreement):
    make_agreement(key=KEY, title="The first one")

    response = client.post("/agreements/new", data=agreement_form(title="The second one"))

    assert response.status_code == 200
    assert f"already has the key “{KEY}”" in errors_next_to(response, "key")
    assert count(Agreement) == 1
    assert stored_title(KEY) == "The first one"


def test_a_refused_edit_changes_nothing(client, make_agreement):
    make_agreement(key=KEY, title="Kept title")

    response = post_edit(
        client, f"/agreements/{KEY}/edit", agreement_form(title="New title", parties=["NOR"])
    )

    assert response.status_code == 200
    assert "at least two distinct parties" in errors_next_to(response, "parties")
    assert stored_title(KEY) == "Kept title"


# Cross-site request forgery


def test_creating_without_the_form_token_is_refused(app, client):
    response = client.post("/agreements/new", data=agreement_form(), csrf=False)

    assert response.status_code == 400
    assert count(Agreement) == 0


def test_deleting_without_the_form_token_is_refused(app, client, make_agreement):
    make_agreement(key=KEY)

    response = client.post(f"/agreements/{KEY}/delete", csrf=False)

    assert response.status_code == 400
    assert count(Agreement) == 1


def test_creating_with_the_token_of_the_new_agreement_form_is_accepted(app, client):
    page = client.get("/agreements/new").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    response = client.post("/agreements/new", data=agreement_form(csrf_token=token), csrf=False)

    assert response.status_code == 302
    assert count(Agreement) == 1


# The list: pages, sorting, filters and search, all kept in the URL


def listed(response) -> list[str]:
    return re.findall(r'<td><a href="/agreements/[^"]+">([^<]*)</a></td>', response.text)


def test_the_list_is_paged_and_the_next_link_keeps_the_filters(app, client, make_agreement):
    app.config["AGREEMENTS_PER_PAGE"] = 2
    for letter in "EDCBA":
        make_agreement(
            key=f"treaty-{letter.lower()}", title=f"Treaty {letter}", kind=AgreementKind.TREATY
        )
    make_agreement(key="declaration", title="Treaty F, a declaration")

    response = client.get("/agreements?kind=treaty&sort=title&page=2")

    assert listed(response) == ["Treaty C", "Treaty D"]
    assert "5 agreements, page 2 of 3" in response.text
    next_link = re.search(r'<a href="([^"]+)" rel="next">', response.text).group(1)
    path, _, query = html.unescape(next_link).partition("?")
    assert path == "/agreements"
    assert parse_qs(query) == {"kind": ["treaty"], "sort": ["title"], "page": ["3"]}


def test_the_list_can_be_sorted_by_title(client, make_agreement):
    for key, title, signed in [
        ("b", "Bravo", "2020"),
        ("c", "Charlie", "2024"),
        ("a", "Alpha", "2022"),
    ]:
        make_agreement(key=key, title=title, signed_on=ApproximateDate.parse(signed))

    assert listed(client.get("/agreements")) == ["Charlie", "Alpha", "Bravo"]
    assert listed(client.get("/agreements?sort=title")) == ["Alpha", "Bravo", "Charlie"]


@pytest.fixture
def two_agreements(make_agreement):
    make_agreement(key="nor-ukr", title="Drones with Ukraine", pillars=["Drone Production"])
    make_agreement(
        key="fin-swe",
        title="Nordic treaty",
        parties=["FIN", "SWE"],
        signatories=[],
        kind=AgreementKind.TREATY,
        status=AgreementStatus.IN_FORCE,
        pillars=["Air Defense"],
        summary="Shared RADARS.",
    )


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("party=SWE", ["Nordic treaty"]),
        ("party=UKR", ["Drones with Ukraine"]),
        ("kind=treaty", ["Nordic treaty"]),
        ("status=signed", ["Drones with Ukraine"]),
        ("focus_area=Air+Defense", ["Nordic treaty"]),
        ("q=drone+production", ["Drones with Ukraine"]),  # its pillar
        ("q=radars", ["Nordic treaty"]),
        ("party=SWE&kind=joint_declaration", []),
    ],
)
def test_the_list_shows_only_agreements_matching_every_filter(
    client, two_agreements, query, titles
):
    assert listed(client.get(f"/agreements?{query}")) == titles


def test_search_treats_percent_and_underscore_as_plain_characters(client, make_agreement):
    for key, title in [
        ("a", "Up 100% in 2025"),
        ("b", "Up 1000 in 2025"),
        ("c", "Drone_swarm"),
        ("d", "DroneXswarm"),
    ]:
        make_agreement(key=key, title=title, tags=[])

    assert listed(client.get("/agreements", query_string={"q": "100%"})) == ["Up 100% in 2025"]
    assert listed(client.get("/agreements", query_string={"q": "drone_swarm"})) == ["Drone_swarm"]


def test_an_unknown_filter_value_is_reported_not_a_server_error(client, two_agreements):
    response = client.get("/agreements?kind=bogus")

    assert response.status_code == 200
    assert "“bogus” is not one of" in errors_next_to(response, "kind")
    assert "Some filters were not understood" in response.text
    assert sorted(listed(response)) == ["Drones with Ukraine", "Nordic treaty"]


def test_a_failed_save_keeps_exactly_the_rows_the_person_had(client):
    page = client.get("/agreements/new").text
    rows = {
        name: len(re.findall(rf'name="{name}-\d+-party"', page))
        for name in ("signatories", "commitments")
    }

    # As a browser posts the page: one signatory filled in, every other row blank.
    blank = {f"signatories-{i}-name": "" for i in range(1, rows["signatories"])}
    blank |= {f"commitments-{i}-description": "" for i in range(rows["commitments"])}
    for _ in range(3):
        page = client.post("/agreements/new", data=agreement_form(key="", **blank)).text

    assert "Nothing was saved" in page
    assert {
        name: len(re.findall(rf'name="{name}-\d+-party"', page))
        for name in ("signatories", "commitments")
    } == rows
