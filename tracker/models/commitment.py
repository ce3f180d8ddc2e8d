"""What a party commits to in an agreement: a sum or a share of GDP, and how to read it.

A sum is kept in its own currency. Its basis says whether it is paid once, every
year of its period, or once over the whole period; its qualifier whether it is
exact, a ceiling ("up to") or a floor ("at least"); its stage whether it is
pledged, allocated or delivered. The totals (tracker/commitments/totals.py)
read all of this, so no two of these ever get added up by mistake.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.base import LabelledEnum, approximate_date, enum_column
from tracker.models.party import Party

if TYPE_CHECKING:
    from tracker.models.agreement import Agreement


class CommitmentCategory(LabelledEnum):
    MILITARY = "military"
    FINANCIAL = "financial"
    HUMANITARIAN = "humanitarian"
    OTHER = "other"


class CommitmentStage(LabelledEnum):
    """How far the money has gone. Each stage is counted on its own: a delivery is
    usually part of an earlier pledge, so adding stages would count it twice."""

    PLEDGED = "pledged"
    ALLOCATED = "allocated"
    DELIVERED = "delivered"


class CommitmentBasis(LabelledEnum):
    ONE_OFF = "one_off"  # once, in the year its period starts (or the agreement's year)
    PER_YEAR = "per_year"  # the amount in every year of its period
    OVER_PERIOD = "over_period"  # the amount once, spread evenly over its period's years

    @property
    def label(self) -> str:
        return BASIS_LABELS[self]


BASIS_LABELS = {
    CommitmentBasis.ONE_OFF: "One-off",
    CommitmentBasis.PER_YEAR: "Per year",
    CommitmentBasis.OVER_PERIOD: "Total over the period",
}


class AmountQualifier(LabelledEnum):
    EXACT = "exact"
    UP_TO = "up_to"  # a ceiling: the amount may turn out lower
    AT_LEAST = "at_least"  # a floor: the amount may turn out higher


class Commitment(db.Model):
    __tablename__ = "commitment"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreement.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    party_code: Mapped[str] = mapped_column(ForeignKey("party.code"))
    description: Mapped[str] = mapped_column(Text)
    # Not stated when None: an analyst has not said, which is not "other".
    category: Mapped[CommitmentCategory | None] = enum_column(CommitmentCategory, nullable=True)
    stage: Mapped[CommitmentStage] = enum_column(CommitmentStage, default=CommitmentStage.PLEDGED)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(20, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    basis: Mapped[CommitmentBasis] = enum_column(CommitmentBasis, default=CommitmentBasis.ONE_OFF)
    qualifier: Mapped[AmountQualifier] = enum_column(AmountQualifier, default=AmountQualifier.EXACT)
    # Percent of the party's GDP ("0.25" is 0.25 %), given instead of an amount.
    gdp_share: Mapped[Decimal | None] = mapped_column(Numeric(7, 4))
    period = approximate_date("period")

    agreement: Mapped[Agreement] = relationship(back_populates="commitments")
    party: Mapped[Party] = relationship()

    @property
    def label(self) -> str:
        return f"{self.party_code}: {self.description}"

    def __repr__(self) -> str:
        return f"<Commitment {self.party_code} {self.amount} {self.currency}>"
