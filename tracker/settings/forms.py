"""A person's own settings: naming a new API token, changing their password."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from tracker.auth.operations import MIN_PASSWORD_LENGTH
from tracker.declaration import Declared, Recorded
from tracker.models import AccessToken, User


class NewTokenForm(Declared, FlaskForm):
    """An access token's declaration: its name is typed; the rest the tracker sets."""

    record_type, model = "token", AccessToken

    name = StringField(
        "Name",
        validators=[Optional(), Length(max=80)],
        description="What the token is for, e.g. “nightly sync”",
    )
    kind = Recorded("Kind")
    user = Recorded("Whose")
    revoked_at = Recorded("Revoked at")


class ChangePasswordForm(FlaskForm):
    """A person's own new password, given with the current one."""

    current_password = PasswordField(
        "Current password",
        validators=[DataRequired()],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        "New password",
        validators=[
            DataRequired(),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=f"A password needs {MIN_PASSWORD_LENGTH} to 200 characters.",
            ),
        ],
        description=f"At least {MIN_PASSWORD_LENGTH} characters.",
        render_kw={"autocomplete": "new-password"},
    )
    repeat_password = PasswordField(
        "New password, again",
        validators=[DataRequired(), EqualTo("new_password", "The two new passwords differ.")],
        render_kw={"autocomplete": "new-password"},
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def validate_current_password(self, field):
        if not self.user.check_password(field.data):
            raise ValidationError("This is not your current password.")

    def validate_new_password(self, field):
        if self.user.check_password(field.data):
            raise ValidationError("Choose a password other than the current one.")
