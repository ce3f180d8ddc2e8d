"""An exchange rate an analyst entered: what one unit of a currency was worth on a day.

Rates convert commitments into the reporting currency for totals, and nothing
else: the commitments themselves stay in the currency they were made in.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Date, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.models.base import TimestampMixin


class ExchangeRate(TimestampMixin, db.Model):
    """1 ``base`` = ``rate`` ``quote`` on ``on``, e.g. 1 EUR = 11.71875 NOK on 2024-05-31.
    It converts both ways: the tracker never needs a second row for the inverse."""

    __tablename__ = "exchange_rate"
    __table_args__ = (UniqueConstraint("base", "quote", "on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    base: Mapped[str] = mapped_column(String(3))
    quote: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal] = mapped_column(Numeric(24, 10))
    on: Mapped[dt.date] = mapped_column(Date, index=True)
    source: Mapped[str | None] = mapped_column(Text)  # where the rate was read

    def factor(self, base: str, quote: str) -> Decimal:
        """What 1 ``base`` is worth in ``quote`` by this rate, read either way round."""
        return self.rate if (self.base, self.quote) == (base, quote) else 1 / self.rate

    @property
    def label(self) -> str:
        return f"1 {self.base} = {self.rate.normalize():f} {self.quote} on {self.on.isoformat()}"

    def __repr__(self) -> str:
        return f"<ExchangeRate {self.label}>"
