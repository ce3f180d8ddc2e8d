"""Form fields and validators shared by every feature's forms."""

from __future__ import annotations

import difflib
import re
from functools import cached_property
from urllib.parse import urlsplit

import pycountry
from markupsafe import Markup, escape
from wtforms import (
    DecimalField,
    Field,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import Length, NumberRange, Optional, StopValidation, ValidationError
from wtforms.widgets import HiddenInput

from tracker import dates
from tracker.dates import ApproximateDate
from tracker.spelling import other_spelling

KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TAG_PATTERN = re.compile(r"^[\w][\w .&/+-]*$")
ALLOWED_URL_SCHEMES = ("http", "https")
RESERVED_KEYS = {"new"}  # would clash with the /…/new pages


class ApproximateDateField(StringField):
    """An EDTF date. ``data`` is the text; ``approximate`` the parsed date or None."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("description", f"EDTF, e.g. {dates.EXAMPLES}")
        super().__init__(label, validators, **kwargs)
        self.approximate: ApproximateDate | None = None

    def process_data(self, value):
        self.data = str(value) if value is not None else ""

    def process_formdata(self, valuelist):
        if valuelist:
            self.data = (valuelist[0] or "").strip()

    def pre_validate(self, form):
        try:
            self.approximate = dates.parse_or_none(self.data)
        except dates.InvalidDate as error:
            raise ValidationError(str(error)) from error


class WholeNumberField(IntegerField):
    """A whole number typed in a form. One longer than any record needs is refused before its
    validators run: WTForms' range check overflows on a number of 400 digits."""

    MAX_DIGITS = 9

    def process_formdata(self, valuelist):
        if valuelist and len((valuelist[0] or "").strip().lstrip("+-")) > self.MAX_DIGITS:
            self.data = None
            raise ValueError(f"Not a whole number of at most {self.MAX_DIGITS} digits.")
        super().process_formdata(valuelist)


class SumField(DecimalField):
    """A sum of money or a share typed in a form: one clear message for anything that is
    not a plain number ("3.02bn", "1,5"), saying how to write it."""

    def process_formdata(self, valuelist):
        if not valuelist or not (valuelist[0] or "").strip():
            self.data = None  # left blank: Optional() or a required check says what follows
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(
                "Write a plain number, e.g. 3020000000 or 0.25: no words, no thousands separators."
            ) from None

    def pre_validate(self, form):
        if self.process_errors:  # said once already: no range check of a number not read
            raise StopValidation()


class PositionField(WholeNumberField):
    """Where a record goes among its siblings: an instruction to the save, not a field of
    the record (its order is what the interchange format's lists keep)."""


class AsStatedField(StringField):
    """The source's own words for the date beside it ("in the coming months"); a blank is
    None. Kept as evidence: the EDTF date is the analyst's reading of these words."""

    def __init__(self, label="As stated", validators=None, **kwargs):
        kwargs.setdefault("description", "The source's own words, e.g. “in the coming months”")
        super().__init__(label, validators or [Optional(), Length(max=200)], **kwargs)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.data = (self.data or "").strip() or None


class VersionField(WholeNumberField):
    """The version of the record a form was opened on, sent back in a hidden field.

    Optional in the form, so the importer can update by key without one. The
    web edit and delete pages and the API refuse a save without it (see
    tracker/conflicts.py).
    """

    widget = HiddenInput()

    def __init__(self, label="Version", validators=None, **kwargs):
        super().__init__(label, validators or [Optional(), NumberRange(min=1)], **kwargs)


class Choices(list):
    """Select options that answer "is this value allowed?" in constant time. One list can
    serve every form of an import: checking N records against N choices stays linear."""

    @cached_property
    def allowed(self) -> frozenset:
        return frozenset(choice.value for choice in self)


def options(pairs, blank: str | None = None) -> Choices:
    """Select options from (value, label) pairs, optionally after a blank "" option."""
    first = [SelectChoice("", blank)] if blank is not None else []
    return Choices(first + [SelectChoice(value, label) for value, label in pairs])


class ChoiceField(SelectField):
    """A select that names the refused value and the allowed ones."""

    def pre_validate(self, form):
        choices = (
            self.choices
            if isinstance(self.choices, Choices)
            else options((choice.value, choice.label) for choice in self.choices or [])
        )
        if self.data not in choices.allowed:
            raise ValidationError(_unknown(self.data, [c.value for c in choices if c.value]))


class MultiChoiceField(SelectMultipleField):
    """Several values of one name, blanks dropped, unknown ones named in the error."""

    def process_formdata(self, valuelist):
        self.data = [value.strip() for value in valuelist if value and value.strip()]

    def pre_validate(self, form):
        allowed = [choice.value for choice in self.choices or []]
        for value in self.data or []:
            if value not in allowed:
                raise ValidationError(_unknown(value, allowed))


def _unknown(value, allowed: list[str]) -> str:
    hint = closest_choice(value, allowed)
    did_you_mean = f" Did you mean {hint}?" if hint else ""
    if not allowed:  # a filter offering only what the data holds, and it holds none yet
        return f"“{value}” is not a known choice, and there is nothing to choose yet."
    if len(allowed) <= 12:
        return f"“{value}” is not one of: {', '.join(allowed)}.{did_you_mean}"
    return f"“{value}” is not a known choice.{did_you_mean}"


def closest_choice(value, allowed: list[str]) -> str | None:
    """The allowed value the person most likely meant: the same in other letter case or
    spelling ("Air Defence" for "Air Defense"), a country's three-letter code for its
    two-letter one ("UA" for "UKR"), or one a letter or two away."""
    if not isinstance(value, str) or not value.strip():
        return None
    typed = value.strip().lower()
    folded = {choice.lower(): choice for choice in allowed}
    respelt = " ".join(other_spelling(word) or word for word in typed.split())
    for candidate in (typed, respelt):
        if candidate in folded:
            return folded[candidate]
    country = pycountry.countries.get(alpha_2=typed.upper()) if len(typed) == 2 else None
    if country is not None and country.alpha_3 in allowed:
        return country.alpha_3
    close = difflib.get_close_matches(typed, list(folded), n=1, cutoff=0.8)
    return folded[close[0]] if close else None


class TagListField(Field):
    """Tags typed as one comma-separated line; ``data`` is the list of tags."""

    widget = StringField.widget

    def process_data(self, value):
        self.data = [getattr(tag, "name", tag) for tag in (value or [])]

    def process_formdata(self, valuelist):
        if valuelist:
            parts = (part.strip() for part in (valuelist[0] or "").split(","))
            self.data = list(dict.fromkeys(part for part in parts if part))

    def _value(self):
        return ", ".join(self.data or [])

    def pre_validate(self, form):
        for tag in self.data or []:
            if len(tag) > 50:
                raise ValidationError(f"Tag “{tag[:20]}…” is longer than 50 characters.")
            if not TAG_PATTERN.match(tag):
                raise ValidationError(
                    f"Tag “{tag}” may use letters, digits, spaces and _ . & / + - only."
                )


class PartySlotsWidget:
    """One <select> per party slot, all of one name, so any number of parties can be given."""

    def __init__(self, slots: int = 4):
        self.slots = slots

    def __call__(self, field, **kwargs):
        chosen = list(field.data or [])
        count = max(self.slots, len(chosen) + 1)
        html = []
        for index in range(count):
            current = chosen[index] if index < len(chosen) else ""
            slot_id = f"{field.id}-{index}"
            options = "".join(
                f'<option value="{escape(choice.value)}"'
                f"{' selected' if choice.value == current else ''}>{escape(choice.label)}</option>"
                for choice in [SelectChoice("", "—"), *field.choices]
            )
            html.append(
                f'<span class="slot"><label for="{slot_id}">Party {index + 1}</label>'
                f'<select id="{slot_id}" name="{field.name}">{options}</select></span>'
            )
        return Markup('<div class="slots">' + "".join(html) + "</div>")  # noqa: S704 - every value above went through escape()


def validate_key(value: str) -> None:
    if not KEY_PATTERN.match(value or ""):
        raise ValidationError(
            "Use lower-case letters, digits and single hyphens, e.g. nor-ukr-2024-declaration."
        )
    if value in RESERVED_KEYS:
        raise ValidationError(f"“{value}” is reserved; choose another key.")


def validate_url(value: str | None) -> None:
    """Only web links: a javascript: or data: URL in a page would run in the reader's browser."""
    if not value:
        return
    parts = urlsplit(value)
    if parts.scheme.lower() not in ALLOWED_URL_SCHEMES:
        raise ValidationError("Only http:// and https:// links are allowed.")
    if not parts.netloc:
        raise ValidationError("The link has no host, e.g. https://www.regjeringen.no/…")
    if any(char.isspace() for char in value):
        raise ValidationError("A link cannot contain spaces.")


def validate_currency(value: str | None) -> None:
    if value and pycountry.currencies.get(alpha_3=value) is None:
        raise ValidationError(f"“{value}” is not an ISO 4217 currency code, e.g. NOK, EUR, USD.")


class FilledRow:
    """Required once any field of its repeated row is filled; an unused spare row is
    skipped, as ``Optional`` would skip it."""

    field_flags: dict = {}

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field):
        if not _blank(field.data):
            return
        field.errors[:] = []
        raise StopValidation(None if is_blank(form) else self.message)


def _blank(data) -> bool:
    return data is None or data == [] or (isinstance(data, str) and not data.strip())


def is_blank(form) -> bool:
    """True when every field of a repeated row was left empty (an unused spare row). A
    select that starts on a value (a commitment's stage) is empty while it keeps it."""
    return all(
        field.data in (None, "", []) or (field.default is not None and field.data == field.default)
        for field in form
    )
