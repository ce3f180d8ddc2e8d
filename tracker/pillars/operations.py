"""Changes to pillars. Plain values in, models out; the caller commits."""

from __future__ import annotations

from sqlalchemy import select

from tracker.declaration import copy_values
from tracker.extensions import db
from tracker.models import Agreement, FocusArea, Pillar
from tracker.pillars.forms import PillarForm


def focus_area_named(name: str) -> FocusArea:
    return db.session.scalars(select(FocusArea).where(FocusArea.name == name)).one()


def create_pillar(agreement: Agreement, values: dict) -> Pillar:
    with db.session.no_autoflush:  # the new row must not reach the database half-filled
        pillar = Pillar(agreement=agreement)
        db.session.add(pillar)
        return update_pillar(pillar, values)


def update_pillar(pillar: Pillar, values: dict) -> Pillar:
    position = values["position"]
    if position is None:
        position = pillar.position if pillar.id else len(pillar.agreement.pillars) - 1
    focus_area = focus_area_named(values["focus_area"])
    if pillar.focus_area is not focus_area:
        pillar.focus_area = focus_area
    copy_values(PillarForm.declaration(), pillar, values)
    if pillar.position != position:
        pillar.position = position
    db.session.flush()
    return pillar


def delete_pillar(pillar: Pillar) -> None:
    """Its milestones stay, without a pillar."""
    for milestone in list(pillar.milestones):
        milestone.pillar = None
    db.session.delete(pillar)
    db.session.flush()
