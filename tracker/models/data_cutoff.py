"""How current the data is: the cut-off date an admin sets, one row for the whole tracker."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.models.base import TimestampMixin


class DataCutoff(TimestampMixin, db.Model):
    """ "Data as of DATE": the day up to which the records are known to be complete."""

    __tablename__ = "data_cutoff"

    id: Mapped[int] = mapped_column(primary_key=True)
    as_of: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(200))
