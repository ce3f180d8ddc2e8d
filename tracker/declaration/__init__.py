"""One declaration per record type: its form class.

A record type's form lists its fields once, in codebook order, with markers
for what the form does not take as input (``Derived``, ``Part``, ``Link``).
``Recorded`` marks what the tracker sets and the audit trail records.
The form class names its model and record type; everything else (the
interchange shape, the export record, CSV columns, audited fields, the
OpenAPI schema) is read from it here. Adding a field to a record type means
adding it to the model, a migration, this form and its templates.
"""

from __future__ import annotations

from typing import ClassVar

from werkzeug.datastructures import MultiDict

from tracker.declaration.kinds import (
    AMOUNT,
    DERIVED_DATE,
    FLAG,
    INTEGER,
    RECORDS,
    TEXT,
    TEXT_LIST,
)
from tracker.declaration.markers import Derived, Link, Part, Recorded
from tracker.declaration.reading import (
    DERIVED,
    INPUT,
    LINK,
    PART,
    RECORDED,
    ROWS,
    Declaration,
    FieldSpec,
    declaration_of,
    declared_types,
    register,
)
from tracker.declaration.records import (
    COLLECTION,
    DATE,
    REFERENCE,
    copy_values,
    date_fields,
    foreign_key,
    formdata,
    link_target,
    natural_key,
    plain,
    record_of,
    storage,
)

__all__ = [
    "AMOUNT",
    "COLLECTION",
    "DATE",
    "DERIVED",
    "DERIVED_DATE",
    "FLAG",
    "INPUT",
    "INTEGER",
    "LINK",
    "PART",
    "RECORDED",
    "RECORDS",
    "REFERENCE",
    "ROWS",
    "TEXT",
    "TEXT_LIST",
    "Declaration",
    "Declared",
    "Derived",
    "FieldSpec",
    "Link",
    "Part",
    "Recorded",
    "copy_values",
    "date_fields",
    "declaration_of",
    "declared_types",
    "foreign_key",
    "formdata",
    "link_target",
    "natural_key",
    "plain",
    "record_of",
    "storage",
]


class Declared:
    """Mixed into a record type's form class, which then declares that record type.

    The class sets ``record_type`` (its name in the audit trail) and ``model``;
    subclasses that only add page fields (``AttachedSourceForm``) declare nothing new.
    """

    record_type: ClassVar[str]
    model: ClassVar[type]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "record_type" in cls.__dict__:
            register(cls)

    @classmethod
    def declaration(cls) -> Declaration:
        return declaration_of(cls)

    @classmethod
    def for_record(cls, record, version: int | None = None, **page_fields) -> MultiDict:
        """The stored ``record`` as the input this form would post: where editing starts and
        what a conflict shows. ``page_fields``: input the form takes beside the record's own
        fields (where a source is attached). The version rides in the hidden field only: an
        export never carries it."""
        declaration = declaration_of(cls)
        data = formdata(record_of(declaration, record, parts=False), declaration)
        for name, value in page_fields.items():
            if value is not None:
                data[name] = str(value)
        if version is not None:
            data["version"] = str(version)
        return data
