"""Export the whole tracker as one interchange document: the importer's exact inverse.

The output is deterministic, so that export → import into an empty
database → export gives the same bytes: agreements by key, nested lists in
their stored order, fields in the codebook's order, amounts as exact
decimal text, and no export time unless asked for. The audit trail, record
versions and derived columns (date bounds, slips) are not part of it.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from sqlalchemy import select

from tracker.agreement_parts import EVERY_PART
from tracker.agreements.forms import AgreementForm
from tracker.cutoff.queries import current_cutoff
from tracker.declaration import AMOUNT, RECORDS, Declaration, record_of
from tracker.extensions import db
from tracker.focus_areas.forms import FocusAreaForm
from tracker.interchange import shape
from tracker.models import Agreement, ExchangeRate
from tracker.provisions.forms import ProvisionForm
from tracker.provisions.queries import provisions_named
from tracker.rates.forms import ExchangeRateForm


def export_document(exported_at: dt.datetime | None = None) -> dict:
    """Every agreement as the codebook's document; ``exported_at`` only when given."""
    document = {"format": shape.FORMAT, "version": shape.VERSION}
    if exported_at is not None:
        document["exported_at"] = exported_at.isoformat().replace("+00:00", "Z")
    cutoff = current_cutoff()
    if cutoff is not None:  # how current the data is travels with it; an import ignores it
        document["data_as_of"] = cutoff.as_of.isoformat()
    agreements = _all_agreements()
    # The vocabulary the pillars use travels along, so a database that lacks an
    # analyst-added focus area can still take the document.
    used = {pillar.focus_area for agreement in agreements for pillar in agreement.pillars}
    vocabulary = FocusAreaForm.declaration()
    document["focus_areas"] = [
        # A vocabulary entry leaves out what it does not say, blank text included.
        _in_codebook_order(
            {name: value or None for name, value in record_of(vocabulary, area).items()}, vocabulary
        )
        for area in sorted(used, key=lambda area: area.name)
    ]
    coded = {coding.provision for agreement in agreements for coding in agreement.provisions}
    vocabulary = ProvisionForm.declaration()
    provisions = [
        _in_codebook_order(
            {name: value or None for name, value in record_of(vocabulary, provision).items()},
            vocabulary,
        )
        for provision in sorted(provisions_named(coded), key=lambda provision: provision.name)
    ]
    if provisions:  # the provisions the codings use, so another tracker can take them
        document["provisions"] = provisions
    rates = _exchange_rates()
    if rates:  # the totals another tracker shows depend on them
        document["exchange_rates"] = rates
    declaration = AgreementForm.declaration()
    document["agreements"] = [
        _in_codebook_order(record_of(declaration, agreement), declaration)
        for agreement in agreements
    ]
    return document


def _exchange_rates() -> list[dict]:
    declaration = ExchangeRateForm.declaration()
    rates = db.session.scalars(
        select(ExchangeRate).order_by(ExchangeRate.on, ExchangeRate.base, ExchangeRate.quote)
    )
    return [
        _in_codebook_order(
            {name: value or None for name, value in record_of(declaration, rate).items()},
            declaration,
        )
        for rate in rates
    ]


def document_text(document: dict) -> str:
    """The document as a JSON file: UTF-8 text, two-space indent, a newline at the end."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _all_agreements() -> list[Agreement]:
    query = select(Agreement).options(*EVERY_PART)
    # Sorted here, not in SQL: a database collation may order "a-b" and "ab" either way.
    return sorted(db.session.scalars(query), key=lambda agreement: agreement.key)


def _in_codebook_order(record: dict, declaration: Declaration) -> dict:
    """The record's fields in the codebook's order, leaving out those that are not set."""
    ordered = {}
    for spec in declaration.interchange:
        value = record.get(spec.name)
        if value is None:
            continue
        if spec.kind == RECORDS:
            value = [_in_codebook_order(item, spec.nested) for item in value]
        elif spec.kind == AMOUNT:
            value = exact_amount(value)
        ordered[spec.name] = value
    return ordered


def exact_amount(amount) -> str:
    """A decimal as text, with at least two places and every further digit it has: JSON
    numbers would round large amounts, and a rate or a share of GDP has more places."""
    text = f"{Decimal(str(amount)).normalize():f}"
    whole, _, places = text.partition(".")
    return f"{whole}.{places.ljust(2, '0')}"
