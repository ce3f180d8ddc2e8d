"""Milestones: dated steps of an agreement, optionally under one of its pillars."""

from __future__ import annotations

import datetime as dt

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
    and_,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from tracker.dates import estimate_or_none
from tracker.extensions import db
from tracker.models.base import (
    LabelledEnum,
    TimestampMixin,
    approximate_date,
    as_stated,
    enum_column,
)
from tracker.models.source import Source


class MilestoneKind(LabelledEnum):
    TECHNICAL_DELEGATION = "technical_delegation"
    LEGAL_FRAMEWORK = "legal_framework"
    SITE_SELECTION = "site_selection"
    PRODUCTION_START = "production_start"
    FIRST_DELIVERY = "first_delivery"
    FUNDING_DECISION = "funding_decision"
    MEETING = "meeting"
    OTHER = "other"


class MilestoneStatus(LabelledEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DELAYED = "delayed"
    CANCELLED = "cancelled"


CLOSED_STATUSES = (MilestoneStatus.DONE, MilestoneStatus.CANCELLED)

milestone_dependency = Table(
    "milestone_dependency",
    db.metadata,
    Column("milestone_id", ForeignKey("milestone.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "depends_on_id",
        ForeignKey("milestone.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class Milestone(TimestampMixin, db.Model):
    __tablename__ = "milestone"
    NATURAL_KEY = "key"  # unique within its agreement: how the others name it
    __table_args__ = (
        UniqueConstraint("agreement_id", "key"),
        # The dashboard's counts read these indexes instead of the table.
        Index("ix_milestone_pillar_status", "pillar_id", "status"),
        Index("ix_milestone_status_due", "status", "due_latest", "due_earliest"),
        Index("ix_milestone_updated_at", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreement.id", ondelete="CASCADE"), index=True
    )
    pillar_id: Mapped[int | None] = mapped_column(
        ForeignKey("pillar.id", ondelete="SET NULL"), index=True
    )
    key: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[MilestoneKind] = enum_column(MilestoneKind)
    status: Mapped[MilestoneStatus] = enum_column(MilestoneStatus, index=True)
    due = approximate_date("due")
    due_as_stated = as_stated("due")
    completed_on = approximate_date("completed_on")
    completed_on_as_stated = as_stated("completed_on")
    description: Mapped[str] = mapped_column(Text, default="")
    # The order analysts gave (entered, imported or rearranged), never a prerequisite after a
    # milestone that depends on it: pages and exports list milestones by it.
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The due date as first planned, and how many days its best estimate has moved since:
    # kept on every save so the dashboard can count and rank slips in SQL.
    first_due_edtf: Mapped[str | None] = mapped_column(String(64))
    first_due_latest: Mapped[dt.date | None] = mapped_column(Date)
    first_due_estimate: Mapped[dt.date | None] = mapped_column(Date)
    slip_days: Mapped[int] = mapped_column(Integer, default=0, server_default="0", index=True)
    # Optimistic locking: an UPDATE names the version it read, so a stale save fails.
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    agreement: Mapped[Agreement] = relationship(back_populates="milestones")  # noqa: F821
    pillar: Mapped[Pillar | None] = relationship(back_populates="milestones")  # noqa: F821
    depends_on: Mapped[list[Milestone]] = relationship(
        secondary=milestone_dependency,
        primaryjoin=lambda: Milestone.id == milestone_dependency.c.milestone_id,
        secondaryjoin=lambda: Milestone.id == milestone_dependency.c.depends_on_id,
        order_by=lambda: Milestone.key,
        back_populates="dependents",
    )
    dependents: Mapped[list[Milestone]] = relationship(
        secondary=milestone_dependency,
        primaryjoin=lambda: Milestone.id == milestone_dependency.c.depends_on_id,
        secondaryjoin=lambda: Milestone.id == milestone_dependency.c.milestone_id,
        order_by=lambda: Milestone.key,
        back_populates="depends_on",
    )
    sources: Mapped[list[Source]] = relationship(
        cascade="all, delete-orphan", order_by=Source.position, passive_deletes=True
    )

    @validates("pillar")
    def _pillar_of_same_agreement(self, _key, pillar):
        # The forms already refuse this; the model refuses it too, for any other caller.
        foreign = self.agreement is not None and pillar is not None
        if foreign and pillar.agreement is not self.agreement:
            raise ValueError("A milestone's pillar must belong to the milestone's agreement.")
        return pillar

    @validates("depends_on")
    def _dependency_of_same_agreement(self, _key, other):
        if self.agreement is not None and other.agreement is not self.agreement:
            raise ValueError("A milestone can only depend on milestones of its own agreement.")
        return other

    @property
    def label(self) -> str:
        return self.title

    def is_overdue(self, today: dt.date) -> bool:
        """Not closed, and even the latest possible due day has passed."""
        return (
            self.status not in CLOSED_STATUSES
            and self.due is not None
            and self.due.latest is not None
            and self.due.latest < today
        )

    @classmethod
    def overdue_clause(cls, today: dt.date):
        """The same rule as is_overdue(), as SQL."""
        return and_(
            cls.status.not_in(CLOSED_STATUSES),
            cls.due_latest.is_not(None),
            cls.due_latest < today,
        )

    @classmethod
    def due_soon_clause(cls, today: dt.date, days: int):
        """Not closed, and the best estimate of the due day falls within the next ``days``."""
        return and_(
            cls.status.not_in(CLOSED_STATUSES),
            cls.due_estimate.between(today, today + dt.timedelta(days=days)),
        )


@event.listens_for(Milestone, "before_insert")
@event.listens_for(Milestone, "before_update")
def _track_slip(_mapper, _connection, milestone: Milestone) -> None:
    """Remember the first due date, and how far the best estimate has slipped since."""
    if milestone.first_due_edtf is None and milestone.due is not None:
        milestone.first_due_edtf = milestone.due.text
        milestone.first_due_latest = milestone.due.latest
        milestone.first_due_estimate = milestone.due.estimate
    if milestone.first_due_estimate is None and milestone.first_due_edtf is not None:
        milestone.first_due_estimate = estimate_or_none(milestone.first_due_edtf)
    current = milestone.due.estimate if milestone.due is not None else None
    first = milestone.first_due_estimate
    milestone.slip_days = (current - first).days if current and first else 0
