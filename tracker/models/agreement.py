"""Agreements and what belongs only to them: signatories, commitments, links, tags."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.dates import ApproximateDate
from tracker.extensions import db
from tracker.models.base import (
    LabelledEnum,
    TimestampMixin,
    approximate_date,
    as_stated,
    enum_column,
)
from tracker.models.party import Party, agreement_party

if TYPE_CHECKING:  # a module of its own, with its categories, stages and bases
    from tracker.models.commitment import Commitment


class AgreementKind(LabelledEnum):
    JOINT_DECLARATION = "joint_declaration"
    SECURITY_AGREEMENT = "security_agreement"
    DEFENSE_COOPERATION_AGREEMENT = "defense_cooperation_agreement"
    MEMORANDUM_OF_UNDERSTANDING = "memorandum_of_understanding"
    LETTER_OF_INTENT = "letter_of_intent"
    FRAMEWORK_AGREEMENT = "framework_agreement"
    TREATY = "treaty"
    CONTRACT = "contract"
    OTHER = "other"


class AgreementStatus(LabelledEnum):
    UNDER_NEGOTIATION = "under_negotiation"
    SIGNED = "signed"
    IN_FORCE = "in_force"
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    TERMINATED = "terminated"


agreement_tag = Table(
    "agreement_tag",
    db.metadata,
    Column("agreement_id", ForeignKey("agreement.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class LinkRelation(LabelledEnum):
    """How an agreement stands to another: read "this agreement <relation> the other"."""

    AMENDS = "amends"
    SUPERSEDES = "supersedes"
    IMPLEMENTS = "implements"
    EXTENDS = "extends"
    RELATES_TO = "relates_to"

    @property
    def inverse(self) -> str:
        """The relation read from the other agreement: "amended by" …"""
        return INVERSE_RELATIONS[self]


INVERSE_RELATIONS = {
    LinkRelation.AMENDS: "Amended by",
    LinkRelation.SUPERSEDES: "Superseded by",
    LinkRelation.IMPLEMENTS: "Implemented by",
    LinkRelation.EXTENDS: "Extended by",
    LinkRelation.RELATES_TO: "Relates to",
}


class CodingValue(LabelledEnum):
    """Whether an agreement contains a provision. "Not coded" is no coding at all: an
    analyst has not looked yet, which is not the same as "absent"."""

    PRESENT = "present"
    PARTIAL = "partial"
    ABSENT = "absent"


class Tag(db.Model):
    __tablename__ = "tag"
    NATURAL_KEY = "name"  # how the interchange format and the audit trail name it

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)

    def __repr__(self) -> str:
        return f"<Tag {self.name!r}>"


class Agreement(TimestampMixin, db.Model):
    __tablename__ = "agreement"
    __table_args__ = (Index("ix_agreement_updated_at", "updated_at"),)  # "recently changed"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(300), index=True)
    kind: Mapped[AgreementKind] = enum_column(AgreementKind, index=True)
    status: Mapped[AgreementStatus] = enum_column(AgreementStatus, index=True)
    signed_on = approximate_date("signed_on")
    signed_on_as_stated = as_stated("signed_on")
    in_force_on = approximate_date("in_force_on")
    in_force_on_as_stated = as_stated("in_force_on")
    ends_on = approximate_date("ends_on")
    ends_on_as_stated = as_stated("ends_on")
    duration_years: Mapped[int | None] = mapped_column(Integer)
    # Derived on every save from ends_on, or start + duration_years: the end as SQL can filter it.
    end_earliest: Mapped[dt.date | None] = mapped_column(Date, index=True)
    end_latest: Mapped[dt.date | None] = mapped_column(Date, index=True)
    end_estimate: Mapped[dt.date | None] = mapped_column(Date, index=True)
    signed_at: Mapped[str | None] = mapped_column(String(200))
    # The day an analyst last confirmed the record against its sources.
    last_verified_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    # Optimistic locking: an UPDATE names the version it read, so a stale save fails.
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    parties: Mapped[list[Party]] = relationship(
        secondary=agreement_party, order_by=Party.code, back_populates="agreements"
    )
    tags: Mapped[list[Tag]] = relationship(secondary=agreement_tag, order_by=Tag.name)
    signatories: Mapped[list[Signatory]] = relationship(
        back_populates="agreement",
        cascade="all, delete-orphan",
        order_by="Signatory.position",
        passive_deletes=True,
    )
    commitments: Mapped[list[Commitment]] = relationship(
        back_populates="agreement",
        cascade="all, delete-orphan",
        order_by="Commitment.position",
        passive_deletes=True,
    )
    links: Mapped[list[AgreementLink]] = relationship(
        back_populates="agreement",
        cascade="all, delete-orphan",
        order_by="AgreementLink.position",
        passive_deletes=True,
    )
    provisions: Mapped[list[ProvisionCoding]] = relationship(
        back_populates="agreement",
        cascade="all, delete-orphan",
        order_by="ProvisionCoding.position",
        passive_deletes=True,
    )
    pillars: Mapped[list[Pillar]] = relationship(  # noqa: F821
        back_populates="agreement",
        cascade="all, delete-orphan",
        order_by="Pillar.position",
        passive_deletes=True,
    )
    milestones: Mapped[list[Milestone]] = relationship(  # noqa: F821
        back_populates="agreement",
        cascade="all, delete-orphan",
        order_by="(Milestone.position, Milestone.id)",
        passive_deletes=True,
    )
    sources: Mapped[list[Source]] = relationship(  # noqa: F821
        cascade="all, delete-orphan", order_by="Source.position", passive_deletes=True
    )

    @property
    def start(self) -> ApproximateDate | None:
        """When the agreement took effect: entry into force, else signature."""
        return self.in_force_on or self.signed_on

    @property
    def end_bounds(self) -> tuple[dt.date | None, dt.date | None] | None:
        """Earliest and latest possible end: ends_on, else start plus duration_years."""
        return end_window(self.start, self.ends_on, self.duration_years)

    @property
    def label(self) -> str:
        """What the audit trail and pages call it."""
        return self.title

    @property
    def partner_codes(self) -> list[str]:
        return [party.code for party in self.parties]


def end_window(
    start: ApproximateDate | None, ends_on: ApproximateDate | None, duration_years: int | None
) -> tuple[dt.date | None, dt.date | None] | None:
    """The end as given, else the start plus the duration; None when open-ended."""
    if ends_on is not None:
        return ends_on.earliest, ends_on.latest
    if duration_years and start is not None:
        return add_years(start.earliest, duration_years), add_years(start.latest, duration_years)
    return None


@event.listens_for(Agreement, "before_insert")
@event.listens_for(Agreement, "before_update")
def _store_end(_mapper, _connection, agreement: Agreement) -> None:
    agreement.end_earliest, agreement.end_latest = agreement.end_bounds or (None, None)
    agreement.end_estimate = end_estimate(
        agreement.start, agreement.ends_on, agreement.duration_years
    )


def end_estimate(
    start: ApproximateDate | None, ends_on: ApproximateDate | None, duration_years: int | None
) -> dt.date | None:
    """The best estimate of the end: that of ends_on, else of the start plus the duration."""
    if ends_on is not None:
        return ends_on.estimate
    if duration_years and start is not None:
        return add_years(start.estimate, duration_years)
    return None


def add_years(day: dt.date | None, years: int) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


class Signatory(db.Model):
    __tablename__ = "signatory"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreement.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(200))
    party_code: Mapped[str] = mapped_column(ForeignKey("party.code"))

    agreement: Mapped[Agreement] = relationship(back_populates="signatories")
    party: Mapped[Party] = relationship()

    @property
    def label(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<Signatory {self.name!r} {self.party_code}>"


class AgreementLink(db.Model):
    """A typed relation to another agreement, named by its key: keys are never renamed, and
    the other agreement may come later in the same import."""

    __tablename__ = "agreement_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreement.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    relation: Mapped[LinkRelation] = enum_column(LinkRelation)
    target: Mapped[str] = mapped_column("target_key", String(80), index=True)
    on = approximate_date("on")
    note: Mapped[str | None] = mapped_column(Text)

    agreement: Mapped[Agreement] = relationship(back_populates="links")

    @property
    def label(self) -> str:
        return f"{self.relation.label.lower()} {self.target}"

    def __repr__(self) -> str:
        return f"<AgreementLink {self.relation.value} {self.target}>"


class ProvisionCoding(db.Model):
    """Whether, where and in which words the agreement contains a provision of the
    vocabulary, named by its name (as the interchange format names it)."""

    __tablename__ = "provision_coding"
    __table_args__ = (UniqueConstraint("agreement_id", "provision_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreement.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    provision: Mapped[str] = mapped_column(
        "provision_name", String(120), ForeignKey("provision.name"), index=True
    )
    value: Mapped[CodingValue] = enum_column(CodingValue)
    reference: Mapped[str | None] = mapped_column(String(200))  # article or paragraph
    quote: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(2000))  # where the quote was read

    agreement: Mapped[Agreement] = relationship(back_populates="provisions")

    @property
    def label(self) -> str:
        return f"{self.provision}: {self.value.value}"
