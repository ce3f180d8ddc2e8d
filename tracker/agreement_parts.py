"""Loading an agreement with every part of it, in a few queries whatever the count: what
an export writes and what the search index reads."""

from __future__ import annotations

from sqlalchemy.orm import selectinload

from tracker.models import Agreement, Milestone, Pillar

EVERY_PART = (
    selectinload(Agreement.parties),
    selectinload(Agreement.tags),
    selectinload(Agreement.signatories),
    selectinload(Agreement.commitments),
    selectinload(Agreement.links),
    selectinload(Agreement.provisions),
    selectinload(Agreement.sources),
    selectinload(Agreement.pillars).selectinload(Pillar.focus_area),
    selectinload(Agreement.milestones).selectinload(Milestone.depends_on),
    selectinload(Agreement.milestones).selectinload(Milestone.sources),
    selectinload(Agreement.milestones)
    .selectinload(Milestone.pillar)
    .selectinload(Pillar.focus_area),
)
