"""Focus areas: the controlled vocabulary that makes pillars comparable across agreements."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.models.base import TimestampMixin


class FocusArea(TimestampMixin, db.Model):
    __tablename__ = "focus_area"
    NATURAL_KEY = "name"  # how the interchange format and the audit trail name it

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")

    @property
    def label(self) -> str:
        return self.name
