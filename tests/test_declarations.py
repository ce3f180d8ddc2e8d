"""Each record type is declared once (its form class), and every layer names its fields.

A record filled in every field goes in through the importer; what comes out
of each layer (the form, the export, the CSV header, the audit trail, the
OpenAPI schema) must name exactly the fields its declaration names.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlalchemy import select

from tracker.agreements.forms import AgreementForm
from tracker.api.body import resource_fields
from tracker.api.openapi import build_spec
from tracker.auth.operations import reset_password
from tracker.auth.tokens import create_api_token, revoke_token
from tracker.declaration import (
    DERIVED,
    INPUT,
    LINK,
    RECORDED,
    RECORDS,
    ROWS,
    declaration_of,
    declared_types,
)
from tracker.extensions import db
from tracker.fields import PositionField, VersionField
from tracker.focal_party.operations import set_focal_party
from tracker.interchange import shape
from tracker.interchange.csv_tables import BOUNDS, COLUMNS, header
from tracker.interchange.exporter import export_document
from tracker.interchange.importer import apply_plan, plan_import
from tracker.milestones.dependencies import MilestoneGraph
from tracker.models import AuditEntry
from tracker.provisions.operations import create_provision

TRACKER = Path(__file__).resolve().parent.parent / "tracker"
RECORD_TYPES = {
    "token",
    "agreement",
    "signatory",
    "commitment",
    "pillar",
    "milestone",
    "source",
    "focus_area",
    "focal_party",
    "agreement_link",
    "provision",
    "provision_coding",
    "exchange_rate",
    "user",
}
RATE = {
    "on": "2024-05-31",
    "base": "EUR",
    "rate": "11.71875",
    "quote": "NOK",
    "source": "https://unn.ua/en/news/security-agreement-with-norway-text-published",
}
# Every field given (derived ones excepted), so every layer has something to show of each.
FULL = {
    "key": "full-record",
    "title": "Every field given",
    "kind": "security_agreement",
    "status": "in_force",
    "parties": ["NOR", "UKR"],
    "signed_on": "2024-06-11",
    "signed_on_as_stated": "on Tuesday",
    "signed_at": "Oslo",
    "in_force_on": "2024-07",
    "in_force_on_as_stated": "from July",
    "ends_on": "2034~",
    "ends_on_as_stated": "for ten years",
    "duration_years": 10,
    "summary": "All of it.",
    "last_verified_on": "2026-01-05",
    "signatories": [{"name": "Jonas Gahr Støre", "role": "Prime Minister", "party": "NOR"}],
    "commitments": [
        {
            "party": "NOR",
            "description": "Drone production",
            "category": "military",
            "stage": "allocated",
            "amount": "100.50",
            "currency": "NOK",
            "basis": "per_year",
            "qualifier": "up_to",
            "period": "2025/2027",
        },
        {
            "party": "NOR",
            "description": "A share of GDP",
            "stage": "pledged",
            "basis": "one_off",
            "qualifier": "at_least",
            "gdp_share": "0.125",
            "period": "2025",
        },
    ],
    "provisions": [
        {
            "provision": "NATO accession",
            "value": "partial",
            "reference": "Art. 2",
            "quote": "Norway supports Ukraine's path to NATO.",
            "source": "https://www.regjeringen.no/x",
        }
    ],
    "links": [
        {
            "relation": "implements",
            "target": "later-framework",
            "on": "2024-06",
            "note": "Its first implementing agreement.",
        }
    ],
    "sources": [
        {
            "url": "https://www.regjeringen.no/x",
            "title": "Declaration",
            "publisher": "Government of Norway",
            "published_on": "2024-06-11",
            "reliability": "official",
        }
    ],
    "tags": ["drones"],
    "pillars": [
        {
            "focus_area": "Full focus",
            "objective": "Build drones",
            "strategic_intent": "Industry",
            "status": "active",
        }
    ],
    "milestones": [
        {
            "key": "first",
            "title": "First",
            "kind": "meeting",
            "pillar": "Full focus",
            "status": "done",
            "due": "2025-03",
            "due_as_stated": "in spring",
            "completed_on": "2025-03-20",
            "completed_on_as_stated": "on 20 March",
            "depends_on": [],
            "description": "Met.",
            "sources": [
                {
                    "url": "https://example.org/m",
                    "title": "Report",
                    "publisher": "MoD",
                    "published_on": "2025-03-21",
                    "reliability": "reported",
                }
            ],
        },
        {
            "key": "second",
            "title": "Second",
            "kind": "first_delivery",
            "status": "planned",
            "due": "2026",
            "depends_on": ["first"],
            "description": "Next.",
        },
    ],
}
AREA = {"name": "Full focus", "description": "Only for this test."}
# The agreement FULL links to: it comes after it in the document, as an import may have it.
FRAMEWORK = {
    "key": "later-framework",
    "title": "The framework the full record implements",
    "kind": "framework_agreement",
    "status": "signed",
    "parties": ["NOR", "UKR"],
}


@pytest.fixture
def full(app, make_user):
    """The full record imported, an account whose password is reset and whose token is
    revoked, and a focal party named, as the audit trail saw them."""
    document = {
        "format": shape.FORMAT,
        "version": shape.VERSION,
        "focus_areas": [AREA],
        "exchange_rates": [RATE],
        "agreements": [FULL, FRAMEWORK],
    }
    apply_plan(plan_import(document))
    db.session.commit()
    user = make_user("analyst")
    token, _ = create_api_token(user, "sync")
    reset_password(user)
    revoke_token(token)
    set_focal_party({"party_code": "UKR"})
    create_provision({"name": "Full provision", "category": "Full", "description": "All of it"})
    db.session.commit()
    return export_document()


def declared(record_type: str):
    return declared_types()[record_type].declaration()


def test_every_record_type_is_declared_once(app):
    assert set(declared_types()) == RECORD_TYPES
    models = [form.declaration().model for form in declared_types().values()]
    assert len(models) == len(set(models))


FORM_CONTEXT = {
    "milestone": {"pillars": [], "milestones": MilestoneGraph([])},
    "pillar": {"focus_areas": []},
}


@pytest.mark.parametrize("record_type", sorted(RECORD_TYPES))
def test_the_form_takes_what_its_declaration_says_a_person_types(app, record_type):
    declaration = declared(record_type)
    form = declaration.form(meta={"csrf": False}, **FORM_CONTEXT.get(record_type, {}))
    typed = {
        name
        for name, field in form._fields.items()
        if not isinstance(field, VersionField | PositionField)
    }

    assert typed == {spec.name for spec in declaration.fields if spec.role in (INPUT, ROWS)}


def _exported(document: dict) -> dict[str, dict]:
    """One exported object of each record type the interchange format carries."""
    agreement = document["agreements"][0]
    return {
        "agreement": agreement,
        "signatory": agreement["signatories"][0],
        "commitment": agreement["commitments"][0],
        "agreement_link": agreement["links"][0],
        "provision_coding": agreement["provisions"][0],
        "pillar": agreement["pillars"][0],
        "milestone": agreement["milestones"][0],
        "source": agreement["sources"][0],
        "focus_area": document["focus_areas"][0],
        "exchange_rate": document["exchange_rates"][0],
    }


# Accounts, tokens and the focal party are the tracker's own settings, not exported data.
# The provision vocabulary travels once codings use it.
@pytest.mark.parametrize(
    "record_type", sorted(RECORD_TYPES - {"user", "token", "focal_party", "provision"})
)
def test_the_export_record_names_its_declared_fields_in_codebook_order(full, record_type):
    exported = _exported(full)[record_type]
    names = declared(record_type).names()
    if record_type == "commitment":  # an amount or a share of GDP: the second has the share
        share = full["agreements"][0]["commitments"][1]
        assert list(share) == [name for name in names if name in share]
        names = [name for name in names if name != "gdp_share"]

    assert list(exported) == names


CSV_FILES = {
    "agreement": "agreements.csv",
    "signatory": "signatories.csv",
    "commitment": "commitments.csv",
    "pillar": "pillars.csv",
    "milestone": "milestones.csv",
    "source": "sources.csv",
}


@pytest.mark.parametrize("record_type", sorted(CSV_FILES))
def test_the_csv_header_names_its_declared_fields_and_the_join_keys(app, record_type):
    declaration = declared(record_type)
    file = CSV_FILES[record_type]
    bounds = {name + suffix for name in COLUMNS[file] for suffix in BOUNDS}
    columns = [name for name in header(file) if name not in bounds]
    joins = {"agreement_key", "milestone_key"}
    own = [spec.name for spec in declaration.own]
    if record_type == "milestone":  # a milestone's key is the milestone_key column
        own.remove("key")

    assert [name for name in columns if name not in joins] == own
    assert [n for n in columns if n in joins] == [n for n in COLUMNS[file] if n in joins]


@pytest.mark.parametrize("record_type", sorted(RECORD_TYPES))
def test_the_audit_trail_records_every_declared_value_of_a_record(full, record_type):
    declaration = declared(record_type)
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.record_type == record_type))
    # Over every entry of the type: the first milestone depends on nothing, only a
    # milestone's source names its milestone, and a token is revoked after it is made.
    recorded = {name for entry in entries for name in entry.changes}

    assert recorded == {
        spec.name for spec in declaration.fields if spec.role in (INPUT, LINK, RECORDED)
    }
    assert not recorded & {spec.name for spec in declaration.fields if spec.role == DERIVED}


API_RESOURCES = {
    "agreement": "Agreement",
    "milestone": "Milestone",
    "pillar": "Pillar",
    "source": "Source",
    "signatory": "Signatory",
    "commitment": "Commitment",
    "focus_area": "FocusAreaNew",
}
API_EXTRAS = {"id", "version", "position", "attached_to"}  # the API's own, beside the record


@pytest.mark.parametrize("record_type", sorted(API_RESOURCES))
def test_the_openapi_schema_names_the_declared_fields_an_endpoint_takes(app, record_type):
    declaration = declared(record_type)
    schema = build_spec(app)["components"]["schemas"][API_RESOURCES[record_type]]
    fields = resource_fields(declaration)

    assert [name for name in schema["properties"] if name not in API_EXTRAS] == [
        spec.name for spec in fields
    ]
    assert [spec.name for spec in fields if spec.kind == RECORDS] == [
        spec.name for spec in declaration.fields if spec.role == ROWS
    ]


def test_a_page_subclass_declares_nothing_new(app):
    attached = declared_types()["source"]
    page_form = next(form for form in attached.__subclasses__())

    assert declaration_of(page_form) is attached.declaration()


def test_the_declared_order_is_the_codebook_order(app):
    assert AgreementForm.declaration().names()[-8:] == [
        "signatories",
        "commitments",
        "links",
        "provisions",
        "sources",
        "tags",
        "pillars",
        "milestones",
    ]


# No module but a record type's model, its declaration and the sample generator lists
# that record type's fields: a literal list, tuple, set or dict of three or more of them.
LISTING_ALLOWED = {"synthetic.py"}


def _allowed(path: Path) -> bool:
    relative = path.relative_to(TRACKER)
    if relative.parts[0] == "models" or relative.name in LISTING_ALLOWED:
        return True
    declaring = {
        Path(form.__module__.replace(".", "/") + ".py").relative_to("tracker")
        for form in declared_types().values()
    }
    return relative in declaring


def listings(path: Path, fields: dict[str, set[str]], root: Path = TRACKER) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            items = node.elts
        elif isinstance(node, ast.Dict):
            items = [key for key in node.keys if key is not None]
        else:
            continue
        names = {
            item.value
            for item in items
            if isinstance(item, ast.Constant) and isinstance(item.value, str)
        }
        for record_type, declared_names in fields.items():
            listed = names & declared_names
            if len(listed) >= 3:
                found.append(
                    f"{path.relative_to(root)}:{node.lineno} lists {record_type} "
                    f"fields {sorted(listed)}"
                )
    return found


def test_no_other_module_lists_a_record_types_fields(app):
    fields = {
        record_type: set(form.declaration().names(form.declaration().fields))
        for record_type, form in declared_types().items()
    }
    found = [
        problem
        for path in sorted(TRACKER.rglob("*.py"))
        if not _allowed(path)
        for problem in listings(path, fields)
    ]

    assert found == []


def test_the_listing_check_finds_a_list_of_fields(tmp_path):
    module = tmp_path / "listing.py"
    module.write_text(
        'COLUMNS = ["key", "title", "signed_at"]\nSORT = ("key", "title")\n', encoding="utf-8"
    )

    assert listings(module, {"agreement": {"key", "title", "signed_at"}}, tmp_path) == [
        "listing.py:1 lists agreement fields ['key', 'signed_at', 'title']"
    ]
