"""Provisions: the coded clauses agreements are compared by (NATO accession, a special
tribunal …), grouped in categories, as published comparisons of security agreements code them."""

from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.models.base import TimestampMixin


class Provision(TimestampMixin, db.Model):
    __tablename__ = "provision"
    NATURAL_KEY = "name"  # how the interchange format and the audit trail name it

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    category: Mapped[str] = mapped_column(String(80), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)  # its place in the matrix

    @property
    def label(self) -> str:
        return self.name
