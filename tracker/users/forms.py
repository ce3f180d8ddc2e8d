"""Account management input (admins only)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from tracker.auth.operations import MIN_PASSWORD_LENGTH, user_named
from tracker.fields import ChoiceField, VersionField, options
from tracker.models import Role


class NewUserForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired(), Length(max=80)])
    password = PasswordField(
        "Password", validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
        description=f"At least {MIN_PASSWORD_LENGTH} characters; tell it to the person directly.",
        render_kw={"autocomplete": "new-password"},
    )
    role = ChoiceField("Role", choices=options(Role.choices()), default="viewer")

    def validate_username(self, field):
        if user_named(field.data.strip()) is not None:
            raise ValidationError(f"The user “{field.data.strip()}” exists already.")


class EditUserForm(FlaskForm):
    role = ChoiceField("Role", choices=options(Role.choices()))
    active = BooleanField("Active (may log in)")
    version = VersionField()
