"""Parties: states (ISO 3166-1 alpha-3, from pycountry) and international organisations."""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

import pycountry
from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.base import LabelledEnum, enum_column

ORGANISATIONS = {
    "EU": "European Union",
    "NATO": "North Atlantic Treaty Organization",
    "UN": "United Nations",
    "OSCE": "Organization for Security and Co-operation in Europe",
    "AU": "African Union",
    "ASEAN": "Association of Southeast Asian Nations",
}


class PartyKind(LabelledEnum):
    STATE = "state"
    ORGANISATION = "organisation"


class KnownParty(NamedTuple):
    code: str
    name: str
    kind: PartyKind


@cache
def known_parties() -> dict[str, KnownParty]:
    """Every party an agreement may name, by code, states first by name."""
    states = sorted(
        (
            KnownParty(c.alpha_3, getattr(c, "common_name", c.name), PartyKind.STATE)
            for c in pycountry.countries
        ),
        key=lambda party: party.name,
    )
    organisations = [
        KnownParty(code, name, PartyKind.ORGANISATION) for code, name in ORGANISATIONS.items()
    ]
    return {party.code: party for party in [*states, *organisations]}


agreement_party = Table(
    "agreement_party",
    db.metadata,
    Column(
        "agreement_id",
        ForeignKey("agreement.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("party_code", ForeignKey("party.code"), primary_key=True, index=True),
)


class Party(db.Model):
    __tablename__ = "party"
    NATURAL_KEY = "code"  # how the interchange format and the audit trail name it

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[PartyKind] = enum_column(PartyKind)

    agreements: Mapped[list[Agreement]] = relationship(  # noqa: F821
        secondary=agreement_party, back_populates="parties", viewonly=True
    )

    def __repr__(self) -> str:
        return f"<Party {self.code}>"
