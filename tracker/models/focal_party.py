"""The focal party: the party the tracker follows (Ukraine, say), one row for the whole tracker.

With one named, partner charts show its counterparts only, so the party that
is in every agreement no longer fills them.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.base import TimestampMixin
from tracker.models.party import Party


class FocalParty(TimestampMixin, db.Model):
    __tablename__ = "focal_party"
    NATURAL_KEY = "party_code"  # how the audit trail names it

    id: Mapped[int] = mapped_column(primary_key=True)
    party_code: Mapped[str | None] = mapped_column(String(8), ForeignKey("party.code"))
    party: Mapped[Party | None] = relationship()

    @property
    def label(self) -> str:
        return self.party_code or "none"
