"""A stored record as its interchange record, and an interchange record as form input.

Both follow the declaration; the model is asked only how it stores each
declared field: a plain column, an EDTF date (a composite), a link to one
record or a list of records. Linked records are named by their natural key
(a party's code, a milestone's key, a pillar's focus area).
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from functools import cache
from operator import attrgetter

from sqlalchemy import inspect
from werkzeug.datastructures import MultiDict
from wtforms import SelectMultipleField

from tracker.declaration.kinds import RECORDS, TEXT_LIST
from tracker.declaration.reading import (
    DERIVED,
    PART,
    ROWS,
    Declaration,
    FieldSpec,
    declared_types,
)

COLUMN, DATE, REFERENCE, COLLECTION = "column", "approximate date", "reference", "collection"


def natural_key(record):
    """How other records and the interchange format name ``record``."""
    return attrgetter(record.NATURAL_KEY)(record)


@cache
def storage(model: type, name: str) -> tuple[str, str]:
    """How ``model`` stores the declared field ``name``: (how, attribute to read).

    A link to a record whose natural key is its primary key (a party) is read
    from the foreign key column: the value is there without loading the record.
    """
    mapper = inspect(model)
    if name in mapper.composites:
        return DATE, name
    relationship = mapper.relationships.get(name)
    if relationship is None:
        return COLUMN, name
    if relationship.uselist:
        return COLLECTION, name
    target = relationship.mapper
    (column,) = relationship.local_columns
    keys = [key.key for key in target.primary_key]
    if keys == [getattr(target.class_, "NATURAL_KEY", None)]:
        return COLUMN, mapper.get_property_by_column(column).key
    return REFERENCE, name


def foreign_key(model: type, name: str) -> str:
    """The attribute of the column a link ``name`` is stored in."""
    mapper = inspect(model)
    (column,) = mapper.relationships[name].local_columns
    return mapper.get_property_by_column(column).key


def link_target(model: type, name: str) -> tuple[str, type]:
    """For a ``Link`` field: the attribute of the foreign key column to table ``name`` and
    the model it points at (a source's milestone_id and Milestone)."""
    mapper = inspect(model)
    for column in mapper.columns:
        for key in column.foreign_keys:
            if key.column.table.name == name:
                target = next(
                    other.class_
                    for other in mapper.registry.mappers
                    if other.local_table is key.column.table
                )
                return mapper.get_property_by_column(column).key, target
    raise LookupError(f"{model.__name__} has no link to {name}")


def plain(value):
    """A stored value as the interchange format writes it (amounts stay Decimal)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def stored_value(declaration: Declaration, spec: FieldSpec, record):
    how, attribute = storage(declaration.model, spec.name)
    value = getattr(record, attribute)
    if spec.role in (ROWS, PART):
        nested = spec.nested
        return [record_of(nested, item) for item in value]
    if how == DATE:
        return str(value) if value is not None else None
    if how == REFERENCE:
        return natural_key(value) if value is not None else None
    if how == COLLECTION:
        return [natural_key(item) for item in value]
    return plain(value)


def record_of(declaration: Declaration, record, parts: bool = True) -> dict:
    """The record as its interchange object, every field in codebook order (None: not set).
    ``parts=False`` leaves out the nested records that have pages of their own."""
    return {
        spec.name: stored_value(declaration, spec, record)
        for spec in declaration.interchange
        if parts or spec.role != PART
    }


def copy_values(declaration: Declaration, record, values: dict) -> None:
    """Set each field of ``values`` that the record keeps in a column of its own, where it
    changes; links and lists (parties, a milestone's pillar) are the caller's to set."""
    for spec in declaration.inputs:
        how, attribute = storage(declaration.model, spec.name)
        if (
            how in (COLUMN, DATE)
            and not spec.secret
            and spec.name in values
            and getattr(record, attribute) != values[spec.name]
        ):
            setattr(record, attribute, values[spec.name])


def date_fields() -> frozenset[str]:
    """The names of every record type's EDTF dates."""
    return _date_fields(len(declared_types()))  # read again once more types are declared


@cache
def _date_fields(_declared: int) -> frozenset[str]:
    return frozenset(
        spec.name
        for form in declared_types().values()
        for spec in form.declaration().inputs
        if storage(form.model, spec.name)[0] == DATE
    )


def formdata(value: dict, declaration: Declaration, prefix: str = "") -> MultiDict:
    """The object as the form input a browser would have posted for it."""
    data = MultiDict()
    for spec in declaration.interchange:
        item = value.get(spec.name)
        if item is None or spec.role in (DERIVED, PART):
            continue
        key = f"{prefix}{spec.name}"
        if spec.kind == RECORDS:
            for index, element in enumerate(item):
                data.update(formdata(element, spec.nested, f"{key}-{index}-"))
        elif spec.kind == TEXT_LIST:
            for element in _list_input(spec, item):
                data.add(key, element)
        else:
            data.add(key, str(item))
    return data


def _list_input(spec: FieldSpec, items: list[str]) -> list[str]:
    """A free list (tags) is typed as one comma-separated line; a choice list as one value
    per select."""
    return items if issubclass(spec.field_class, SelectMultipleField) else [", ".join(items)]
