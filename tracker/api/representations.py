"""What the API returns for a record: its interchange record, its version, and an id where
the record has no key of its own. Nested lists that have their own endpoints are left out."""

from __future__ import annotations

from tracker.agreements.forms import AgreementForm
from tracker.declaration import record_of
from tracker.focus_areas.forms import FocusAreaForm
from tracker.milestones.forms import MilestoneForm
from tracker.models import Agreement, FocusArea, Milestone, Pillar, Source
from tracker.pillars.forms import PillarForm
from tracker.sources.forms import SourceForm


def agreement_fields(agreement: Agreement) -> dict:
    return record_of(AgreementForm.declaration(), agreement, parts=False)


def agreement_json(agreement: Agreement) -> dict:
    return {**agreement_fields(agreement), "version": agreement.version}


def milestone_fields(milestone: Milestone) -> dict:
    return record_of(MilestoneForm.declaration(), milestone, parts=False)


def milestone_json(milestone: Milestone) -> dict:
    return {"id": milestone.id, **milestone_fields(milestone), "version": milestone.version}


def pillar_fields(pillar: Pillar) -> dict:
    return {**record_of(PillarForm.declaration(), pillar), "position": pillar.position}


def pillar_json(pillar: Pillar) -> dict:
    return {"id": pillar.id, **pillar_fields(pillar), "version": pillar.version}


def source_fields(source: Source, milestones_by_id: dict[int, Milestone]) -> dict:
    owner = milestones_by_id.get(source.milestone_id)
    record = record_of(SourceForm.declaration(), source)
    return {**record, "attached_to": owner.key if owner else None}


def source_json(source: Source, milestones_by_id: dict[int, Milestone]) -> dict:
    fields = source_fields(source, milestones_by_id)
    return {"id": source.id, **fields, "version": source.version}


def row_json(agreement: Agreement, rows: str, position: int) -> dict:
    """A signatory or commitment: part of its agreement, so it carries the agreement's version."""
    row = getattr(agreement, rows)[position]
    fields = agreement_fields(agreement)[rows][position]
    return {"position": position, "id": row.id, **fields, "version": agreement.version}


def focus_area_json(focus_area: FocusArea) -> dict:
    return {"id": focus_area.id, **record_of(FocusAreaForm.declaration(), focus_area)}


def party_json(party) -> dict:
    return {"code": party.code, "name": party.name, "kind": party.kind.value}
