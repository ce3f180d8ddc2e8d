"""What the API returns for a record: its interchange record, its version, and an id where
the record has no key of its own. Nested lists that have their own endpoints are left out."""

from __future__ import annotations

from tracker.interchange.records import (
    agreement_record,
    milestone_record,
    pillar_record,
    source_record,
)
from tracker.models import Agreement, FocusArea, Milestone, Pillar, Source

AGREEMENT_PARTS = ("pillars", "milestones", "sources")  # each has its own endpoint


def agreement_fields(agreement: Agreement) -> dict:
    record = agreement_record(agreement, nested=False)
    del record["sources"]
    return record


def agreement_json(agreement: Agreement) -> dict:
    return {**agreement_fields(agreement), "version": agreement.version}


def milestone_fields(milestone: Milestone) -> dict:
    record = milestone_record(milestone)
    del record["sources"]
    return record


def milestone_json(milestone: Milestone) -> dict:
    return {"id": milestone.id, **milestone_fields(milestone), "version": milestone.version}


def pillar_fields(pillar: Pillar) -> dict:
    return {**pillar_record(pillar), "position": pillar.position}


def pillar_json(pillar: Pillar) -> dict:
    return {"id": pillar.id, **pillar_fields(pillar), "version": pillar.version}


def source_fields(source: Source, milestones_by_id: dict[int, Milestone]) -> dict:
    owner = milestones_by_id.get(source.milestone_id)
    return {**source_record(source), "attached_to": owner.key if owner else None}


def source_json(source: Source, milestones_by_id: dict[int, Milestone]) -> dict:
    fields = source_fields(source, milestones_by_id)
    return {"id": source.id, **fields, "version": source.version}


def row_json(agreement: Agreement, rows: str, position: int) -> dict:
    """A signatory or commitment: part of its agreement, so it carries the agreement's version."""
    row = getattr(agreement, rows)[position]
    fields = agreement_fields(agreement)[rows][position]
    return {"position": position, "id": row.id, **fields, "version": agreement.version}


def focus_area_json(focus_area: FocusArea) -> dict:
    return {"id": focus_area.id, "name": focus_area.name, "description": focus_area.description}


def party_json(party) -> dict:
    return {"code": party.code, "name": party.name, "kind": party.kind.value}
