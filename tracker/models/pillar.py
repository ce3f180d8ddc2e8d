"""Pillars: an agreement's lines of effort, each in one focus area."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.base import LabelledEnum, TimestampMixin, enum_column
from tracker.models.focus_area import FocusArea


class PillarStatus(LabelledEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    COMPLETED = "completed"


class Pillar(TimestampMixin, db.Model):
    """One per focus area and agreement, so "the agreement's Air Defense pillar" is unambiguous."""

    __tablename__ = "pillar"
    NATURAL_KEY = "focus_area.name"  # one pillar per focus area and agreement
    __table_args__ = (UniqueConstraint("agreement_id", "focus_area_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreement.id", ondelete="CASCADE"), index=True
    )
    focus_area_id: Mapped[int] = mapped_column(ForeignKey("focus_area.id"), index=True)
    objective: Mapped[str] = mapped_column(String(500), default="")
    strategic_intent: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[PillarStatus] = enum_column(PillarStatus, default=PillarStatus.PLANNED)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Optimistic locking: an UPDATE names the version it read, so a stale save fails.
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    agreement: Mapped[Agreement] = relationship(back_populates="pillars")  # noqa: F821
    focus_area: Mapped[FocusArea] = relationship(lazy="joined")
    milestones: Mapped[list[Milestone]] = relationship(  # noqa: F821
        back_populates="pillar", passive_deletes=True
    )

    @property
    def label(self) -> str:
        return self.focus_area.name if self.focus_area else ""

    def __repr__(self) -> str:
        return f"<Pillar {self.id} {self.focus_area.name if self.focus_area else ''!r}>"
