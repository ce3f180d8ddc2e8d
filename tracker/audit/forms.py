"""The audit log's filters: a GET form, so a filtered log can be shared as a link."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from wtforms import DateField, Form
from wtforms.validators import Optional, ValidationError

from tracker.audit.queries import NO_USER
from tracker.audit.values import record_types
from tracker.extensions import db
from tracker.fields import ChoiceField, options
from tracker.models import User


def record_type_label(record_type: str) -> str:
    return record_type.replace("_", " ").capitalize()


# A day's entries end at the next midnight, and the calendar's last day has none.
LAST_DAY = dt.date.max - dt.timedelta(days=1)


def before_the_last_day(form, field) -> None:
    if field.data is not None and field.data > LAST_DAY:
        raise ValidationError(f"Choose a day up to {LAST_DAY.isoformat()}.")


class AuditFilterForm(Form):
    user = ChoiceField("User", choices=options([], "Anyone"), default="")
    record_type = ChoiceField(
        "Record type",
        choices=lambda: options(
            ((name, record_type_label(name)) for name in record_types()), "Any"
        ),
        default="",
    )
    date_from = DateField("From (UTC)", validators=[Optional()])
    date_to = DateField("To (UTC)", validators=[Optional(), before_the_last_day])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        users = db.session.execute(select(User.id, User.username).order_by(User.username))
        self.user.choices = options(
            [
                *((str(user_id), name) for user_id, name in users),
                (NO_USER, "Command line or system"),
            ],
            "Anyone",
        )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        start, end = self.date_from.data, self.date_to.data
        if start and end and start > end:
            self.date_to.errors.append("The range ends before it starts.")
            return False
        return valid

    def filters(self) -> dict:
        """The valid filters as plain values for the query (blank means any)."""
        return {
            "user": self.user.data or "",
            "record_type": self.record_type.data or "",
            "date_from": self.date_from.data,
            "date_to": self.date_to.data,
        }
