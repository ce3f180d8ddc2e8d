"""Account management input (admins only)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from tracker.auth.operations import MIN_PASSWORD_LENGTH, user_named
from tracker.declaration import Declared, Recorded
from tracker.fields import ChoiceField, VersionField, options
from tracker.models import Role, User


class UserForm(Declared, FlaskForm):
    """An account's declaration. Each page takes part of it: see the two forms below."""

    record_type, model = "user", User

    username = StringField("Username", validators=[DataRequired(), Length(max=80)])
    password = PasswordField(
        "Password",
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
        description=f"At least {MIN_PASSWORD_LENGTH} characters; tell it to the person directly.",
        render_kw={"autocomplete": "new-password"},
    )
    role = ChoiceField("Role", choices=options(Role.choices()), default="viewer")
    active = BooleanField("Active (may log in)")
    must_change_password = Recorded("Must choose a new password at the next login")
    version = VersionField()


class NewUserForm(UserForm):
    active = version = None

    def validate_username(self, field):
        if user_named(field.data.strip()) is not None:
            raise ValidationError(f"The user “{field.data.strip()}” exists already.")


class EditUserForm(UserForm):
    username = password = None
    role = ChoiceField("Role", choices=options(Role.choices()))  # no default: never guessed
