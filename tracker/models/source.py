"""Sources: where a claim about an agreement or a milestone comes from."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.models.base import LabelledEnum, TimestampMixin, approximate_date, enum_column


class Reliability(LabelledEnum):
    OFFICIAL = "official"
    REPORTED = "reported"
    UNCONFIRMED = "unconfirmed"


class Source(TimestampMixin, db.Model):
    """Belongs to exactly one agreement or one milestone."""

    __tablename__ = "source"
    __table_args__ = (
        CheckConstraint("(agreement_id IS NULL) <> (milestone_id IS NULL)", name="one_owner"),
        CheckConstraint("url IS NOT NULL OR title IS NOT NULL", name="url_or_title"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreement.id", ondelete="CASCADE"), index=True
    )
    milestone_id: Mapped[int | None] = mapped_column(
        ForeignKey("milestone.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    url: Mapped[str | None] = mapped_column(String(2000))
    title: Mapped[str | None] = mapped_column(String(500))
    publisher: Mapped[str | None] = mapped_column(String(200))
    published_on = approximate_date("published_on")
    reliability: Mapped[Reliability] = enum_column(Reliability, default=Reliability.REPORTED)
    # Optimistic locking: an UPDATE names the version it read, so a stale save fails.
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    @property
    def label(self) -> str:
        return self.title or self.url or ""
