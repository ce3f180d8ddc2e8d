"""Changes to agreements. Plain values in, models out; the caller commits."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tracker.agreements.forms import AgreementForm
from tracker.agreements.row_forms import CodingForm, CommitmentForm, LinkForm, SignatoryForm
from tracker.declaration import Declared, copy_values
from tracker.extensions import db
from tracker.models import Agreement, Party, Tag, known_parties


def ensure_party(code: str) -> Party:
    """The party row for a known code, created the first time an agreement names it."""
    party = db.session.get(Party, code)
    if party is None:
        known = known_parties()[code]
        party = Party(code=known.code, name=known.name, kind=known.kind)
        db.session.add(party)
    return party


def ensure_tags(names: list[str]) -> list[Tag]:
    existing = {tag.name: tag for tag in db.session.scalars(select(Tag).where(Tag.name.in_(names)))}
    tags = []
    for name in names:
        tag = existing.get(name)
        if tag is None:
            tag = existing[name] = Tag(name=name)
            db.session.add(tag)
        tags.append(tag)
    return tags


def create_agreement(values: dict) -> Agreement:
    # No autoflush: the new row must not reach the database half-filled.
    with db.session.no_autoflush:
        agreement = Agreement()
        db.session.add(agreement)
        return update_agreement(agreement, values)


def update_agreement(agreement: Agreement, values: dict) -> Agreement:
    """Make the agreement match ``values`` (as returned by AgreementForm.values())."""
    # No autoflush: every change stays pending until it is seen below, so a change to
    # the parties, tags or rows alone still counts as a change to the agreement.
    with db.session.no_autoflush:
        copy_values(AgreementForm.declaration(), agreement, values)
        agreement.parties = [ensure_party(code) for code in values["parties"]]
        agreement.tags = ensure_tags(values["tags"])
        _replace_rows(agreement.signatories, values["signatories"], SignatoryForm)
        _replace_rows(agreement.commitments, values["commitments"], CommitmentForm)
        if "links" in values:  # values made before links existed leave them as they are
            _replace_rows(agreement.links, values["links"], LinkForm)
        if "provisions" in values:
            _replace_rows(agreement.provisions, values["provisions"], CodingForm)
        rows = [*agreement.signatories, *agreement.commitments, *agreement.links]
        rows += agreement.provisions
        if db.session.is_modified(agreement) or any(map(db.session.is_modified, rows)):
            agreement.touch()
    db.session.flush()
    return agreement


def _replace_rows(rows: list, new_values: list[dict], form: type[Declared]) -> None:
    """Update rows in place by position, add new ones, drop the rest: ids stay stable."""
    declaration = form.declaration()
    for position, row_values in enumerate(new_values):
        if position < len(rows):
            row = rows[position]
        else:
            row = declaration.model(position=position)
            rows.append(row)
        copy_values(declaration, row, row_values)
    del rows[len(new_values) :]


def delete_agreement(agreement: Agreement) -> None:
    db.session.delete(agreement)
    db.session.flush()


def mark_verified(agreement: Agreement, day: dt.date) -> Agreement:
    """Record that the agreement was checked against its sources on ``day``."""
    if agreement.last_verified_on != day:
        agreement.last_verified_on = day
    db.session.flush()
    return agreement
