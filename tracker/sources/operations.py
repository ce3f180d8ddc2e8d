"""Changes to sources. Plain values in, models out; the caller commits."""

from __future__ import annotations

from tracker.declaration import copy_values
from tracker.extensions import db
from tracker.models import Agreement, Milestone, Source
from tracker.sources.forms import SourceForm


def create_source(owner: Agreement | Milestone, values: dict) -> Source:
    with db.session.no_autoflush:  # the new row must not reach the database half-filled
        source = Source(position=len(owner.sources))
        owner.sources.append(source)
        return update_source(source, values)


def update_source(source: Source, values: dict) -> Source:
    copy_values(SourceForm.declaration(), source, values)
    db.session.flush()
    return source


def move_source(source: Source, owner: Agreement | Milestone) -> None:
    """Attach the source to another record of the same agreement."""
    if isinstance(owner, Agreement):
        source.milestone_id, source.agreement_id = None, owner.id
    else:
        source.agreement_id, source.milestone_id = None, owner.id
    db.session.flush()


def replace_sources(owner: Agreement | Milestone, all_values: list[dict]) -> None:
    """Make the owner's sources match the list, keeping rows by position."""
    for position, values in enumerate(all_values):
        if position < len(owner.sources):
            update_source(owner.sources[position], values)
        else:
            create_source(owner, values)
    for source in owner.sources[len(all_values) :]:
        db.session.delete(source)
    db.session.flush()


def delete_source(source: Source) -> None:
    db.session.delete(source)
    db.session.flush()
