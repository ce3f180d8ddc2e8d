"""What every model shares: timestamps, a readable repr, enum and date columns."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Date, DateTime, String
from sqlalchemy import Enum as SqlEnum
from sqlalchemy.orm import Composite, Mapped, composite, mapped_column

from tracker import dates


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class LabelledEnum(enum.Enum):
    """A status or kind: stored by value, shown by label."""

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


def enum_column(enum_class: type[LabelledEnum], **kwargs) -> Mapped:
    """A VARCHAR holding the enum's value, with a CHECK constraint on both databases."""
    column_type = SqlEnum(
        enum_class,
        name=enum_class.__name__.lower(),
        native_enum=False,
        create_constraint=True,
        length=40,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
    return mapped_column(column_type, **kwargs)


def approximate_date(name: str) -> Composite[dates.ApproximateDate | None]:
    """An EDTF date as entered, its earliest and latest day (its window, for filters) and
    its best estimate (for sorting and counting), all indexed."""
    return composite(
        dates.from_columns,
        mapped_column(f"{name}_edtf", String(dates.MAX_LENGTH), nullable=True),
        mapped_column(f"{name}_earliest", Date, nullable=True, index=True),
        mapped_column(f"{name}_latest", Date, nullable=True, index=True),
        mapped_column(f"{name}_estimate", Date, nullable=True, index=True),
    )


AS_STATED_LENGTH = 200


def as_stated(name: str) -> Mapped[str | None]:
    """The source's own words for a date ("in the coming months"), beside the EDTF date that
    an analyst made of them: the window is a reading, the words are the evidence."""
    return mapped_column(f"{name}_as_stated", String(AS_STATED_LENGTH), nullable=True)


class TimestampMixin:
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    def touch(self) -> None:
        """Count a change to the record's collections or rows as a change to the record.

        SQLAlchemy raises ``version`` (and ``updated_at``) only when a column of
        the record's own row changes. A new party or an edited signatory is an
        edit of the agreement too: without this, a form opened before it could
        save over it unnoticed.
        """
        self.updated_at = utcnow()

    def __repr__(self) -> str:
        label = getattr(self, "key", None) or getattr(self, "title", "")
        return f"<{type(self).__name__} {getattr(self, 'id', None)} {label!r}>"
