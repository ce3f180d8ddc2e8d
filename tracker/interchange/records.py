"""Records as interchange objects: the codebook's field names and JSON types.

The same dictionaries pre-fill the edit forms, so what a form shows is
exactly what an export would write.
"""

from __future__ import annotations

from tracker.models import Agreement, Milestone, Pillar, Source


def _text(value) -> str | None:
    return str(value) if value is not None else None


def _iso(day) -> str | None:
    return day.isoformat() if day is not None else None


def agreement_record(agreement: Agreement, nested: bool = True) -> dict:
    record = {
        "key": agreement.key,
        "title": agreement.title,
        "kind": agreement.kind.value,
        "status": agreement.status.value,
        "parties": agreement.partner_codes,
        "signed_on": _text(agreement.signed_on),
        "signed_on_as_stated": agreement.signed_on_as_stated,
        "signed_at": agreement.signed_at,
        "in_force_on": _text(agreement.in_force_on),
        "in_force_on_as_stated": agreement.in_force_on_as_stated,
        "ends_on": _text(agreement.ends_on),
        "ends_on_as_stated": agreement.ends_on_as_stated,
        "duration_years": agreement.duration_years,
        "end_earliest": _iso(agreement.end_earliest),
        "end_latest": _iso(agreement.end_latest),
        "end_estimate": _iso(agreement.end_estimate),
        "summary": agreement.summary,
        "last_verified_on": agreement.last_verified_on.isoformat()
        if agreement.last_verified_on else None,
        "signatories": [
            {"name": s.name, "role": s.role, "party": s.party_code} for s in agreement.signatories
        ],
        "commitments": [
            {
                "party": c.party_code,
                "description": c.description,
                "amount": c.amount,
                "currency": c.currency,
                "period": _text(c.period),
            }
            for c in agreement.commitments
        ],
        "sources": [source_record(s) for s in agreement.sources],
        "tags": [tag.name for tag in agreement.tags],
    }
    if nested:
        record["pillars"] = [pillar_record(p) for p in agreement.pillars]
        record["milestones"] = [milestone_record(m) for m in agreement.milestones]
    return record


def pillar_record(pillar: Pillar) -> dict:
    return {
        "focus_area": pillar.focus_area.name,
        "objective": pillar.objective,
        "strategic_intent": pillar.strategic_intent,
        "status": pillar.status.value,
    }


def milestone_record(milestone: Milestone) -> dict:
    return {
        "key": milestone.key,
        "title": milestone.title,
        "kind": milestone.kind.value,
        "pillar": milestone.pillar.focus_area.name if milestone.pillar else None,
        "status": milestone.status.value,
        "due": _text(milestone.due),
        "due_as_stated": milestone.due_as_stated,
        "completed_on": _text(milestone.completed_on),
        "completed_on_as_stated": milestone.completed_on_as_stated,
        "depends_on": [other.key for other in milestone.depends_on],
        "description": milestone.description,
        "sources": [source_record(s) for s in milestone.sources],
    }


def source_record(source: Source) -> dict:
    return {
        "url": source.url,
        "title": source.title,
        "publisher": source.publisher,
        "published_on": _text(source.published_on),
        "reliability": source.reliability.value,
    }
