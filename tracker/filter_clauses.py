"""WHERE clauses the list filters share: an agreement naming any of some parties, or with a
pillar in any of some focus areas. Several values of a filter mean any of them."""

from __future__ import annotations

from sqlalchemy import exists

from tracker.models import Agreement, FocusArea, Pillar
from tracker.models.party import agreement_party


def names_any_party(codes: list[str]):
    """The agreement names one of ``codes`` among its parties."""
    return exists().where(
        agreement_party.c.agreement_id == Agreement.id,
        agreement_party.c.party_code.in_(codes),
    )


def has_pillar_in_any(focus_areas: list[str]):
    """The agreement has a pillar about one of ``focus_areas`` (by name)."""
    return exists().where(
        Pillar.agreement_id == Agreement.id,
        Pillar.focus_area_id == FocusArea.id,
        FocusArea.name.in_(focus_areas),
    )
