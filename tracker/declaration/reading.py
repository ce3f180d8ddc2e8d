"""A record type's declaration, read from its form class.

Every other layer asks the declaration instead of listing fields: the
interchange shape and its required fields, the export record, the CSV
columns, the audited fields, the OpenAPI schema and the fields an operation
copies onto the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property

from wtforms import (
    BooleanField,
    DecimalField,
    FieldList,
    IntegerField,
    PasswordField,
    SelectMultipleField,
    SubmitField,
)
from wtforms.fields.core import UnboundField
from wtforms.validators import DataRequired, InputRequired

from tracker.declaration.kinds import (
    AMOUNT,
    DERIVED_DATE,
    FLAG,
    INTEGER,
    RECORDS,
    TEXT,
    TEXT_LIST,
)
from tracker.declaration.markers import Derived, Link, Marker, Part, Recorded
from tracker.fields import ChoiceField, FilledRow, PositionField, TagListField, VersionField

# How a field comes to have its value.
INPUT = "input"  # typed in the record's own form
ROWS = "rows"  # rows typed in the record's own form (an agreement's signatories)
PART = "part"  # records with their own forms, nested in the interchange record
DERIVED = "derived"  # computed by the tracker on save; read-only
LINK = "link"  # the record it hangs under; only the audit trail names it
RECORDED = "recorded"  # set by the tracker; only the audit trail names it

# Input that steers a save but is no field of the record: where it goes, which version.
NOT_RECORD_FIELDS = (VersionField, PositionField, SubmitField)
REQUIRING = (DataRequired, InputRequired, FilledRow)

_DECLARED: dict[str, type] = {}


def declared_types() -> dict[str, type]:
    """Every record type's form class by record type, as the feature packages declared them."""
    return dict(_DECLARED)


def register(form: type) -> None:
    _DECLARED[form.record_type] = form


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str
    role: str
    label: str = ""
    required: bool = False
    secret: bool = False
    choices: object = None  # the select's options, or a callable making them
    nested_form: type | None = None  # rows and parts: the form class declaring them
    field_class: type | None = None  # the WTForms field a person types it in

    @property
    def nested(self) -> Declaration | None:
        """The declaration of the records a ROWS or PART field holds."""
        return declaration_of(self.nested_form) if self.nested_form is not None else None

    def vocabulary(self) -> list[str] | None:
        """The values a select allows (blank excluded), when the form fixes them."""
        choices = self.choices() if callable(self.choices) else self.choices
        if choices is None:
            return None
        values = (choice.value if hasattr(choice, "value") else choice[0] for choice in choices)
        return [value for value in values if value]


@dataclass(frozen=True)
class Declaration:
    record_type: str
    model: type
    form: type
    fields: tuple[FieldSpec, ...]

    @cached_property
    def by_name(self) -> dict[str, FieldSpec]:
        return {spec.name: spec for spec in self.fields}

    @cached_property
    def interchange(self) -> tuple[FieldSpec, ...]:
        """The fields of its interchange record, in codebook order."""
        return tuple(spec for spec in self.fields if spec.role not in (LINK, RECORDED))

    @cached_property
    def own(self) -> tuple[FieldSpec, ...]:
        """Interchange fields that are values of the record itself, not records nested in it:
        its CSV file's columns, and what an API resource of it carries."""
        return tuple(spec for spec in self.interchange if spec.kind != RECORDS)

    @cached_property
    def required(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.interchange if spec.required)

    @cached_property
    def audited(self) -> tuple[FieldSpec, ...]:
        """What the audit trail records: every value of the record, not what is derived
        from it, nor the nested records (each is audited as a record of its own)."""
        return tuple(spec for spec in self.fields if spec.role in (INPUT, LINK, RECORDED))

    @cached_property
    def inputs(self) -> tuple[FieldSpec, ...]:
        return tuple(spec for spec in self.fields if spec.role == INPUT)

    def names(self, fields=None) -> list[str]:
        return [spec.name for spec in (self.interchange if fields is None else fields)]


def declaration_of(form: type) -> Declaration:
    """The declaration of the record type ``form`` is for: a page's subclass that adds
    fields of its own (where a source is attached) declares nothing new."""
    declaring = next(cls for cls in form.__mro__ if "record_type" in cls.__dict__)
    return _read(declaring)


@cache
def _read(form: type) -> Declaration:
    placed = []
    for name in dir(form):
        value = getattr(form, name, None)
        if not name.startswith("_") and isinstance(value, UnboundField | Marker):
            placed.append((value.creation_counter, name, value))
    fields = tuple(
        spec for _, name, value in sorted(placed) if (spec := _spec(name, value)) is not None
    )
    return Declaration(form.record_type, form.model, form, fields)


def _spec(name: str, value) -> FieldSpec | None:
    if isinstance(value, Derived):
        return FieldSpec(name, DERIVED_DATE, DERIVED, value.label)
    if isinstance(value, Part):
        return FieldSpec(name, RECORDS, PART, value.label, nested_form=value.form)
    if isinstance(value, Link):
        return FieldSpec(name, TEXT, LINK, value.label)
    if isinstance(value, Recorded):
        return FieldSpec(name, TEXT, RECORDED, value.label)
    field_class = value.field_class
    if issubclass(field_class, NOT_RECORD_FIELDS):
        return None
    label = str(value.args[0] if value.args else value.kwargs.get("label", ""))
    if issubclass(field_class, FieldList):
        row = value.args[0] if value.args else value.kwargs["unbound_field"]
        return FieldSpec(name, RECORDS, ROWS, label, nested_form=row.args[0])
    return FieldSpec(
        name,
        _kind(field_class),
        INPUT,
        label,
        required=_required(value),
        secret=issubclass(field_class, PasswordField),
        choices=value.kwargs.get("choices"),
        field_class=field_class,
    )


KINDS: tuple[tuple[type, str], ...] = (
    (IntegerField, INTEGER),
    (DecimalField, AMOUNT),
    (SelectMultipleField, TEXT_LIST),
    (TagListField, TEXT_LIST),
    (BooleanField, FLAG),
)


def _kind(field_class: type) -> str:
    return next((kind for base, kind in KINDS if issubclass(field_class, base)), TEXT)


def _validators(value: UnboundField) -> list:
    given = value.kwargs.get("validators")
    if given is None and len(value.args) > 1:
        given = value.args[1]
    return list(given or [])


def _required(value: UnboundField) -> bool:
    """Required: a validator demands it, or a select has neither a default nor a blank."""
    if any(isinstance(validator, REQUIRING) for validator in _validators(value)):
        return True
    if issubclass(value.field_class, ChoiceField) and "default" not in value.kwargs:
        choices = value.kwargs.get("choices")
        if callable(choices):
            choices = choices()
        return not any(not getattr(choice, "value", "x") for choice in choices or [])
    return False
