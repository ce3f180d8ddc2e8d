"""Naming the focal party: one of the parties in the agreements, or none."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectChoice

from tracker.declaration import Declared
from tracker.fields import ChoiceField, options
from tracker.focal_party.queries import parties_in_agreements
from tracker.models import FocalParty


def focal_choices() -> list[SelectChoice]:
    parties = options((p.code, f"{p.name} ({p.code})") for p in parties_in_agreements())
    return [SelectChoice("", "None: every party counts as a partner"), *parties]


class FocalPartyForm(Declared, FlaskForm):
    record_type, model = "focal_party", FocalParty

    party_code = ChoiceField(
        "Focal party",
        choices=focal_choices,
        default="",
        description="The party the tracker follows. Partner charts then show its "
        "counterparts in its agreements, not the party itself.",
    )

    @classmethod
    def for_row(cls, row: FocalParty | None, **kwargs) -> FocalPartyForm:
        return cls(data={"party_code": row.party_code if row else ""}, **kwargs)

    def values(self) -> dict:
        return {"party_code": self.party_code.data or None}
