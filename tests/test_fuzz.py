"""No input is a server error: nasty text in every form field, filter and API body field.

The nasty values: NUL characters, lone surrogates (as %-escapes and JSON
escapes, the ways they can travel), broken %-escapes, huge numbers, very long
strings, quotes, ``../``, newlines, control characters, dates past the
calendar. The fields come from the form classes and the interchange specs
themselves, so a field added later is fuzzed too.

Each target first gets every nasty value in all its fields at once (a field
that cannot read a value fails whatever the others hold), then a fixed,
derandomized handful of Hypothesis examples that change one or two fields of
otherwise valid input, so the value reaches the database. Both run on SQLite
and on PostgreSQL; every answer must be below 500, and a target's server
errors are reported together.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Callable
from decimal import Decimal
from types import SimpleNamespace
from typing import NamedTuple

import pytest
from conftest import PASSWORD, milestone_values
from flask import got_request_exception
from flask_wtf import FlaskForm
from fuzz_values import (
    NASTY,
    NUMBERS,
    RAW_BODIES,
    SWEEP,
    body_changes,
    posted_names,
    spec_of,
    url_changes,
    urlencoded,
)
from hypothesis import Phase, given, settings
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

import tracker
from tracker.agreements.forms import AgreementFilterForm, AgreementForm
from tracker.agreements.row_forms import CommitmentForm, SignatoryForm
from tracker.api.body import resource_fields
from tracker.audit.forms import AuditFilterForm
from tracker.auth.forms import LoginForm
from tracker.cutoff.forms import CutoffForm
from tracker.extensions import db
from tracker.feeds.forms import FeedLinkForm, RevokeForm
from tracker.focal_party.forms import FocalPartyForm
from tracker.focus_areas.forms import FocusAreaForm
from tracker.imports.forms import ConfirmImportForm, UploadForm
from tracker.milestones.forms import MilestoneForm
from tracker.milestones.operations import create_milestone
from tracker.models import Agreement, Milestone, Pillar, Reliability, Source
from tracker.pillars.forms import PillarForm
from tracker.provisions.forms import ProvisionForm
from tracker.rates.forms import ExchangeRateForm
from tracker.settings.forms import ChangePasswordForm, NewTokenForm
from tracker.sources.forms import AttachedSourceForm, SourceForm
from tracker.sources.operations import create_source
from tracker.timeline.forms import TimelineFilterForm
from tracker.users.forms import EditUserForm, NewUserForm
from tracker.views_common import ConfirmForm

EXAMPLES = 20
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
)
KEY = "fuzz-target"
FORM = "application/x-www-form-urlencoded"


# The records every target works on


@pytest.fixture
def world(make_agreement, make_user):
    agreement = make_agreement(
        key=KEY,
        pillars=["Drone Production"],
        commitments=[
            {
                "party": "NOR",
                "description": "Aid",
                "amount": Decimal(1),
                "currency": "NOK",
                "period": None,
            }
        ],
    )
    milestone = create_milestone(agreement, milestone_values(key="first-drones"))
    source = create_source(
        agreement,
        {
            "url": None,
            "title": "Source",
            "publisher": None,
            "published_on": None,
            "reliability": Reliability.REPORTED,
        },
    )
    make_agreement(key="fuzz-delete", pillars=[])
    db.session.commit()
    return SimpleNamespace(
        agreement=agreement.id,
        pillar=agreement.pillars[0].id,
        milestone=milestone.id,
        source=source.id,
        user=make_user("viewer").id,
    )


def current(model, record_id: int, column: str = "version"):
    """A column as committed now (the fuzz's own saves move versions and keys on)."""
    db.session.rollback()
    return db.session.scalar(select(getattr(model, column)).where(model.id == record_id))


def version_field(model, record_id: int) -> dict:
    return {"version": str(current(model, record_id))}


@pytest.fixture
def server_errors(app):
    """Every 5xx answer with its request and exception, to report a target's all at once."""
    found: list[str] = []
    last: list[BaseException] = []

    def remember(_sender, exception, **_extra):
        last.append(exception)

    def check(request: str, response) -> None:
        if response.status_code >= 500:
            cause = repr(last[-1])[:200] if last else "no exception"
            found.append(f"{response.status_code} for {request[:200]!r}: {cause}")
        last.clear()

    with got_request_exception.connected_to(remember, app):
        yield SimpleNamespace(found=found, check=check)


# Web forms: every field of each form, over otherwise valid input


class FormTarget(NamedTuple):
    name: str
    form: type
    path: Callable[[SimpleNamespace], str]
    values: Callable[[SimpleNamespace], dict]


def agreement_input(world, key: str = "fuzz-new") -> dict:
    return {
        "key": key,
        "title": "Fuzzed agreement",
        "kind": "treaty",
        "status": "signed",
        "parties": ["NOR", "UKR"],
        "signed_on": "2024-05",
        "duration_years": "10",
        "tags": "drones",
        "signatories-0-name": "A. Signatory",
        "signatories-0-party": "NOR",
        "commitments-0-party": "NOR",
        "commitments-0-description": "Aid",
        "commitments-0-amount": "100",
        "commitments-0-currency": "NOK",
    }


def milestone_input(world) -> dict:
    return {
        "key": "fuzz-milestone",
        "title": "Fuzzed",
        "kind": "other",
        "status": "planned",
        "pillar": "Drone Production",
        "due": "2026",
        "depends_on": ["first-drones"],
    }


def pillar_input(world) -> dict:
    return {
        "focus_area": "Air Defense",
        "objective": "Objective",
        "status": "active",
        "strategic_intent": "Intent",
        "position": "0",
    }


def source_input(world) -> dict:
    return {
        "url": "https://example.org/a",
        "title": "Title",
        "publisher": "Publisher",
        "published_on": "2024-05",
        "reliability": "official",
        "attached_to": "first-drones",
    }


def milestone_path(world) -> str:
    return f"/agreements/{KEY}/milestones/{current(Milestone, world.milestone, 'key')}/edit"


FORM_TARGETS = [
    FormTarget("new agreement", AgreementForm, lambda w: "/agreements/new", agreement_input),
    FormTarget(
        "edit agreement",
        AgreementForm,
        lambda w: f"/agreements/{KEY}/edit",
        lambda w: {**agreement_input(w, KEY), **version_field(Agreement, w.agreement)},
    ),
    FormTarget(
        "delete agreement",
        ConfirmForm,
        lambda w: "/agreements/fuzz-delete/delete",
        lambda w: {"version": "1"},
    ),
    FormTarget("new pillar", PillarForm, lambda w: f"/agreements/{KEY}/pillars/new", pillar_input),
    FormTarget(
        "edit pillar",
        PillarForm,
        lambda w: f"/agreements/{KEY}/pillars/{w.pillar}/edit",
        lambda w: {
            **pillar_input(w),
            "focus_area": "Drone Production",
            **version_field(Pillar, w.pillar),
        },
    ),
    FormTarget(
        "new milestone",
        MilestoneForm,
        lambda w: f"/agreements/{KEY}/milestones/new",
        milestone_input,
    ),
    FormTarget(
        "edit milestone",
        MilestoneForm,
        milestone_path,
        lambda w: {
            **milestone_input(w),
            "key": current(Milestone, w.milestone, "key"),
            "depends_on": [],
            **version_field(Milestone, w.milestone),
        },
    ),
    FormTarget(
        "new source", AttachedSourceForm, lambda w: f"/agreements/{KEY}/sources/new", source_input
    ),
    FormTarget(
        "edit source",
        AttachedSourceForm,
        lambda w: f"/agreements/{KEY}/sources/{w.source}/edit",
        lambda w: {**source_input(w), **version_field(Source, w.source)},
    ),
    FormTarget(
        "focus area",
        FocusAreaForm,
        lambda w: "/focus-areas/",
        lambda w: {"name": "Fuzzing", "description": "Made by the fuzz test"},
    ),
    FormTarget(
        "new user",
        NewUserForm,
        lambda w: "/users/",
        lambda w: {"username": "fuzzed", "password": "a long enough password", "role": "viewer"},
    ),
    FormTarget(
        "edit user",
        EditUserForm,
        lambda w: f"/users/{w.user}",
        lambda w: {"role": "analyst", "active": "y"},
    ),
    FormTarget(
        "settings token", NewTokenForm, lambda w: "/settings/", lambda w: {"name": "laptop"}
    ),
    FormTarget(
        "change password",
        ChangePasswordForm,
        lambda w: "/settings/password",
        lambda w: {
            "current_password": PASSWORD,
            "new_password": "another long password",
            "repeat_password": "another long password",
        },
    ),
    FormTarget("calendar link", FeedLinkForm, lambda w: "/calendar", lambda w: {"name": "phone"}),
    FormTarget(
        "data cut-off",
        CutoffForm,
        lambda w: "/data-cutoff",
        lambda w: {"as_of": "2026-11-01", "note": "fuzzed"},
    ),
    FormTarget(
        "provision",
        ProvisionForm,
        lambda w: "/provisions/",
        lambda w: {"name": "Fuzzed provision", "category": "Other"},
    ),
    FormTarget(
        "exchange rate",
        ExchangeRateForm,
        lambda w: "/rates/",
        lambda w: {"on": "2024-05-31", "base": "EUR", "rate": "11.7", "quote": "NOK"},
    ),
    FormTarget(
        "focal party", FocalPartyForm, lambda w: "/focal-party", lambda w: {"party_code": "NOR"}
    ),
]


NOT_FUZZED = {
    LoginForm: "a NUL there is recorded as a failed login, not refused (tests/test_login.py)",
    UploadForm: "a file: its content is the importer's to check (tests/test_web_import.py)",
    ConfirmImportForm: "a CSRF token only",
    RevokeForm: "a CSRF token only",
}


def every_web_form() -> set[type]:
    for module in pkgutil.walk_packages(tracker.__path__, "tracker."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    found, unseen = set(), [FlaskForm]
    while unseen:
        for form in unseen.pop().__subclasses__():
            found.add(form)
            unseen.append(form)
    return found


def test_every_web_form_is_fuzzed_or_says_why_not():
    fuzzed = {target.form for target in FORM_TARGETS}
    unclassified = {
        form.__name__
        for form in every_web_form() - NOT_FUZZED.keys()
        if not any(issubclass(other, form) for other in fuzzed)
    }

    assert unclassified == set(), "add these forms to FORM_TARGETS, or to NOT_FUZZED"


@pytest.mark.parametrize("target", FORM_TARGETS, ids=lambda target: target.name)
def test_no_form_input_is_a_server_error(login_as, world, server_errors, target):
    admin = login_as("admin")
    names = posted_names(target.form)
    assert names, f"{target.form.__name__} has no fields to fuzz"

    def post(changes: dict) -> None:
        data = MultiDict(target.values(world))
        for name, value in changes.items():
            data.setlist(name, [value])
        data["csrf_token"] = admin.form_token()
        path, body = target.path(world), urlencoded(data.items(multi=True))
        server_errors.check(f"POST {path} {body}", admin.post(path, data=body, content_type=FORM))

    for value in SWEEP:
        post(dict.fromkeys(names, value))
    FUZZ(given(url_changes(names))(post))()
    assert not server_errors.found, "\n".join(server_errors.found)


# Query strings: every filter of the list pages and the API lists, and the paging


def names_of(*form_classes, extra=()) -> tuple[str, ...]:
    return (*(name for form in form_classes for name in posted_names(form)), *extra)


class QueryTarget(NamedTuple):
    path: str
    names: tuple[str, ...]
    method: str = "GET"


PAGING = ("page", "per_page")
QUERY_TARGETS = [
    QueryTarget("/agreements", names_of(AgreementFilterForm, extra=["page"])),
    QueryTarget("/agreements.csv", names_of(AgreementFilterForm)),
    QueryTarget("/timeline", names_of(TimelineFilterForm, extra=["page"])),
    QueryTarget("/calendar", names_of(TimelineFilterForm)),
    QueryTarget("/calendar.ics", names_of(TimelineFilterForm, extra=["token"])),
    QueryTarget("/audit", names_of(AuditFilterForm, extra=["page"])),
    QueryTarget("/audit.csv", names_of(AuditFilterForm)),
    QueryTarget("/parties/NOR", ("page",)),
    QueryTarget("/api/v1/agreements", names_of(AgreementFilterForm, extra=PAGING)),
    *(
        QueryTarget(f"/api/v1/agreements/{KEY}/{part}", PAGING)
        for part in ("milestones", "pillars", "sources", "signatories", "commitments")
    ),
    QueryTarget("/api/v1/parties", PAGING),
    QueryTarget("/api/v1/focus-areas", PAGING),
    QueryTarget("/api/v1/agreements/fuzz-delete", ("version",), "DELETE"),
]


@pytest.mark.parametrize(
    "target", QUERY_TARGETS, ids=lambda target: f"{target.method} {target.path}"
)
def test_no_query_string_is_a_server_error(login_as, api_as, world, server_errors, target):
    client = api_as("admin") if target.path.startswith("/api/") else login_as("admin")

    def ask(args: dict) -> None:
        url = f"{target.path}?{urlencoded(args.items())}"
        server_errors.check(f"{target.method} {url}", client.open(url, method=target.method))

    for value in SWEEP:
        ask(dict.fromkeys(target.names, value))
    FUZZ(given(url_changes(target.names))(ask))()
    assert not server_errors.found, "\n".join(server_errors.found)


# API bodies: every field of each record the API takes, nested rows included


class BodyTarget(NamedTuple):
    name: str
    path: Callable[[SimpleNamespace], str]
    spec: dict
    values: Callable[[SimpleNamespace], dict]

    @property
    def method(self) -> str:
        return self.name.split()[0]


API = f"/api/v1/agreements/{KEY}"
AGREEMENT_BODY = spec_of(AgreementForm.declaration(), resource_fields(AgreementForm.declaration()))
MILESTONE_FIELDS = spec_of(
    MilestoneForm.declaration(), resource_fields(MilestoneForm.declaration())
)
NEW_ROWS = {
    "signatories": (spec_of(SignatoryForm.declaration()), {"name": "Fuzzed", "party": "NOR"}),
    "commitments": (
        spec_of(CommitmentForm.declaration()),
        {"party": "NOR", "description": "Fuzzed"},
    ),
}


def agreement_version(world) -> dict:
    return {"version": current(Agreement, world.agreement)}


BODY_TARGETS = [
    BodyTarget(
        "POST agreement",
        lambda w: "/api/v1/agreements",
        AGREEMENT_BODY,
        lambda w: {
            "key": "fuzz-api",
            "title": "Fuzzed",
            "kind": "treaty",
            "status": "signed",
            "parties": ["NOR", "UKR"],
        },
    ),
    BodyTarget("PATCH agreement", lambda w: API, AGREEMENT_BODY, agreement_version),
    BodyTarget(
        "POST milestone",
        lambda w: f"{API}/milestones",
        MILESTONE_FIELDS,
        lambda w: {"key": "fuzz-api", "title": "Fuzzed", "kind": "other"},
    ),
    BodyTarget(
        "PATCH milestone",
        lambda w: f"{API}/milestones/{current(Milestone, w.milestone, 'key')}",
        MILESTONE_FIELDS,
        lambda w: {"version": current(Milestone, w.milestone)},
    ),
    BodyTarget(
        "POST pillar",
        lambda w: f"{API}/pillars",
        spec_of(PillarForm.declaration()),
        lambda w: {"focus_area": "Air Defense"},
    ),
    BodyTarget(
        "PATCH pillar",
        lambda w: f"{API}/pillars/Drone%20Production",
        spec_of(PillarForm.declaration()),
        lambda w: {"version": current(Pillar, w.pillar)},
    ),
    BodyTarget(
        "POST source",
        lambda w: f"{API}/sources",
        spec_of(SourceForm.declaration()),
        lambda w: {"title": "Fuzzed"},
    ),
    BodyTarget(
        "PATCH source",
        lambda w: f"{API}/sources/{w.source}",
        spec_of(SourceForm.declaration()),
        lambda w: {"version": current(Source, w.source)},
    ),
    *(
        BodyTarget(
            f"POST {rows}", lambda w, rows=rows: f"{API}/{rows}", spec, lambda w, valid=valid: valid
        )
        for rows, (spec, valid) in NEW_ROWS.items()
    ),
    *(
        BodyTarget(f"PATCH {rows}", lambda w, rows=rows: f"{API}/{rows}/0", spec, agreement_version)
        for rows, (spec, _) in NEW_ROWS.items()
    ),
    BodyTarget(
        "POST focus area",
        lambda w: "/api/v1/focus-areas",
        spec_of(FocusAreaForm.declaration()),
        lambda w: {"name": "Fuzzing"},
    ),
]


@pytest.mark.parametrize("target", BODY_TARGETS, ids=lambda target: target.name)
def test_no_api_body_is_a_server_error(api_as, world, server_errors, target):
    client = api_as("admin")

    def send(changes: dict | bytes) -> None:
        path = target.path(world)
        if isinstance(changes, bytes):
            body = changes
        else:
            body = json.dumps({**target.values(world), **changes}).encode()
        response = client.open(
            path, method=target.method, data=body, content_type="application/json"
        )
        server_errors.check(f"{target.method} {path} {body[:200]!r}", response)

    for value in [*NASTY, *NUMBERS, *RAW_BODIES]:
        send(value if isinstance(value, bytes) else dict.fromkeys(target.spec, value))
    FUZZ(given(body_changes(target.spec))(send))()
    assert not server_errors.found, "\n".join(server_errors.found)
