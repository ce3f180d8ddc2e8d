"""One exchange rate: 1 unit of a currency in another, on a day, with where it was read."""

from __future__ import annotations

import datetime as dt

from flask_wtf import FlaskForm
from sqlalchemy import and_, or_, select
from wtforms import DateField, DecimalField, StringField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from tracker.declaration import Declared
from tracker.extensions import db
from tracker.fields import validate_currency
from tracker.models import ExchangeRate


def _code(value):
    return value.strip().upper() if value else value


class ExchangeRateForm(Declared, FlaskForm):
    record_type, model = "exchange_rate", ExchangeRate

    on = DateField(
        "On",
        validators=[DataRequired("Give the day the rate is for, e.g. 2024-05-31.")],
        description="The day the rate was published for, e.g. an ECB reference rate's day",
    )
    base = StringField(
        "1 unit of",
        validators=[DataRequired("Name the currency, e.g. EUR."), Length(min=3, max=3)],
        filters=[_code],
        default="EUR",
        description="ISO 4217, e.g. EUR",
    )
    rate = DecimalField(
        "Is worth",
        places=None,
        validators=[
            InputRequired("Give the rate, e.g. 11.4."),
            NumberRange(min=0.0000000001, max=10**12, message="A rate is above zero."),
        ],
    )
    quote = StringField(
        "Of",
        validators=[DataRequired("Name the other currency, e.g. NOK."), Length(min=3, max=3)],
        filters=[_code],
        description="ISO 4217, e.g. NOK",
    )
    source = StringField(
        "Source",
        validators=[Optional(), Length(max=2000)],
        description="Where the rate was read, e.g. the ECB reference rates",
    )

    def validate_on(self, field):
        if field.data and field.data > dt.date.today():
            raise ValidationError("A rate cannot be dated in the future.")

    def validate_base(self, field):
        validate_currency(field.data)

    def validate_quote(self, field):
        validate_currency(field.data)
        if field.data and field.data == self.base.data:
            raise ValidationError("A rate converts between two different currencies.")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and self.stored_rate() is not None:
            self.on.errors.append(
                f"There is a rate between {self.base.data} and {self.quote.data} on "
                f"{self.on.data.isoformat()} already: delete it first to enter another."
            )
            return False
        return valid

    def stored_rate(self) -> ExchangeRate | None:
        """The rate stored for the pair on that day, either way round: 1 NOK in EUR converts
        1 EUR into NOK too, so two would disagree."""
        base, quote = self.base.data, self.quote.data
        if not (base and quote and self.on.data):
            return None
        same = or_(
            and_(ExchangeRate.base == base, ExchangeRate.quote == quote),
            and_(ExchangeRate.base == quote, ExchangeRate.quote == base),
        )
        return db.session.scalars(
            select(ExchangeRate).where(same, ExchangeRate.on == self.on.data)
        ).first()

    def values(self) -> dict:
        return {
            "on": self.on.data,
            "base": self.base.data,
            "rate": self.rate.data,
            "quote": self.quote.data,
            "source": (self.source.data or "").strip() or None,
        }
