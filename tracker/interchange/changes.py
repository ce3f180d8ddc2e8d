"""What importing a record would change in the agreement stored under its key.

The stored agreement is read as its interchange record (record_of, what the
export writes), the incoming one as the import's forms read it (as_read: a
field left out takes the form's default, text is trimmed), and both are
compared by meaning, as the importer would store them: a blank is the same
as an absent field, amounts compare as numbers, the text lists (parties,
tags, dependencies) are stored sorted, and derived fields are ignored, since
the import works them out again. An import of an agreement's own export
therefore changes nothing. The importer (importer.py) and the web preview
ask the same question here, so the preview's "unchanged" is the import's.

Nested lists are named with what changes in them: the records that have a
key of their own (milestones, and pillars by focus area) as added, removed
or changed, each changed one with its changed fields; the others (sources,
commitments …) as entries added and removed, for they are replaced whole.
A list whose order changes says so: its entries are stored in the
document's order, milestones each after what it depends on.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from sqlalchemy import select

from tracker.agreement_parts import EVERY_PART
from tracker.agreements.forms import AgreementForm
from tracker.declaration import (
    AMOUNT,
    DERIVED,
    DERIVED_DATE,
    RECORDS,
    TEXT_LIST,
    Declaration,
    record_of,
)
from tracker.declaration import FieldSpec as Spec
from tracker.extensions import db
from tracker.milestones.dependencies import prerequisites_first
from tracker.models import Agreement

NAMED_AT_MOST = 10  # keys named per kind of change; a large file names the rest by number
KEYS_PER_QUERY = 500  # well under every database's limit of bound parameters


@dataclass
class FieldChange:
    name: str  # the field's name in the interchange file
    before: str
    after: str
    detail: str = ""  # for a nested list: "1 changed, 2 added"

    @property
    def summary(self) -> str:
        return f"{self.name} ({self.detail})" if self.detail else self.name


def changes_to(agreement: Agreement, item: dict) -> list[FieldChange]:
    """What importing the agreement object ``item`` would change in the stored agreement
    (loaded with every part: see stored_agreements)."""
    declaration = AgreementForm.declaration()
    return agreement_changes(declaration, record_of(declaration, agreement), item)


def agreement_changes(declaration: Declaration, stored: dict, incoming: dict) -> list[FieldChange]:
    """Each field of the agreement the import would change, in codebook order; none when
    the import would leave it as it is."""
    incoming = as_read(declaration, incoming)
    changes = []
    for spec in _compared(declaration):
        before, after = (
            comparable(spec, stored.get(spec.name)),
            comparable(spec, incoming.get(spec.name)),
        )
        if before == after:
            continue
        if spec.kind == RECORDS and all(isinstance(v or [], list) for v in (before, after)):
            parts = _list_parts(spec, before or [], after or [])
            if parts:  # else only the order differs, and the import puts it back
                changes.append(_list_change(spec.name, before or [], after or [], parts))
        else:
            changes.append(FieldChange(spec.name, _shown(before), _shown(after)))
    return changes


def stored_agreements(keys: list[str]) -> dict[str, Agreement]:
    """The stored agreements of these keys with all their parts, in a few queries for each
    few hundred keys rather than several for each agreement."""
    found = {}
    for start in range(0, len(keys), KEYS_PER_QUERY):
        query = (
            select(Agreement)
            .where(Agreement.key.in_(keys[start : start + KEYS_PER_QUERY]))
            .options(*EVERY_PART)
        )
        found.update((agreement.key, agreement) for agreement in db.session.scalars(query))
    return found


def as_read(declaration: Declaration, record):
    """The record as the import's forms read it (formdata, then the form): a field left
    out takes the form's default, the field's filters apply (a currency is upper-cased),
    and text is trimmed, as every form does before it keeps a value. A select given
    stray spaces is refused by its form, so trimming it here hides nothing an import
    would store. Nested records are read by their own forms."""
    if not isinstance(record, dict):
        return record
    read = dict(record)
    for spec in _compared(declaration):
        value = record.get(spec.name)
        if spec.kind == RECORDS:
            if isinstance(value, list):
                read[spec.name] = [as_read(spec.nested, item) for item in value]
            continue
        default, filters = _input_rules(declaration.form, spec.name)
        if value is None:
            value = default() if callable(default) else default
        if isinstance(value, str):
            for apply in filters:
                value = apply(value)
        if spec.kind == TEXT_LIST and isinstance(value, list):
            value = [item for item in map(_trimmed, value) if item != ""]
        read[spec.name] = _trimmed(value)
    return read


@cache
def _input_rules(form: type, name: str) -> tuple[object, tuple]:
    """The default and the filters the form declares its field ``name`` with."""
    kwargs = getattr(getattr(form, name, None), "kwargs", {})
    return kwargs.get("default"), tuple(kwargs.get("filters") or ())


def _trimmed(value):
    return value.strip() if isinstance(value, str) else value


def comparable(spec: Spec, value):
    """The value as the importer would store it, in a form that compares by meaning:
    None for a blank, nested records as {name: value} of the fields they set."""
    if value in (None, "", []):
        return None
    if spec.kind == RECORDS and isinstance(value, list):
        return [_comparable_record(spec.nested, item) for item in value]
    if spec.kind == TEXT_LIST and isinstance(value, list):
        return sorted(value, key=str)
    if spec.kind == AMOUNT and not isinstance(value, bool):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return value  # the import refuses it; compared as it is written
        return number if number.is_finite() else value
    return value


def _comparable_record(declaration: Declaration, item) -> object:
    if not isinstance(item, dict):
        return item
    values = {spec.name: comparable(spec, item.get(spec.name)) for spec in _compared(declaration)}
    return {name: value for name, value in values.items() if value is not None}


def _compared(declaration: Declaration) -> list[Spec]:
    """The fields an import sets: not those the tracker derives on save."""
    return [
        spec
        for spec in declaration.interchange
        if spec.role != DERIVED and spec.kind != DERIVED_DATE
    ]


@dataclass
class _Part:
    """One kind of change to a list: "2 changed (a: due; b: title)", or "reordered"."""

    label: str
    count: int | None = None
    names: tuple[str, ...] = ()

    @property
    def short(self) -> str:
        return self.label if self.count is None else f"{self.count} {self.label}"

    @property
    def named(self) -> str:
        return f"{self.short} ({_listed(self.names)})" if self.names else self.short


def _list_parts(spec: Spec, before: list, after: list) -> list[_Part]:
    key = _item_key(spec)
    return _keyed_parts(spec, key, before, after) if key else _unkeyed_parts(before, after)


def _list_change(name: str, before: list, after: list, parts: list[_Part]) -> FieldChange:
    return FieldChange(
        name,
        _count(before),
        f"{_count(after)}: " + "; ".join(part.named for part in parts),
        ", ".join(part.short for part in parts),
    )


def _item_key(spec: Spec) -> str | None:
    """The field naming each nested record, for records that have one (a milestone's key,
    a pillar's focus area)."""
    natural = getattr(spec.nested.model, "NATURAL_KEY", None)
    return natural.split(".")[0] if natural else None


def _keyed_parts(spec: Spec, key: str, before: list, after: list) -> list[_Part]:
    old = {_key_of(item, key): item for item in before}
    new = {_key_of(item, key): item for item in after}
    changed = [
        f"{k}: {', '.join(_changed_fields(old[k], new[k]))}"
        for k in new
        if k in old and old[k] != new[k]
    ]
    parts = [
        _Part(label, len(names), tuple(names))
        for label, names in (
            ("changed", changed),
            ("added", [str(k) for k in new if k not in old]),
            ("removed", [str(k) for k in old if k not in new]),
        )
        if names
    ]
    if [k for k in old if k in new] != [k for k in _stored_order(spec, new) if k in old]:
        parts.append(_Part("reordered"))
    return parts


def _stored_order(spec: Spec, records: dict) -> list:
    """The keys in the order the import would store them: the document's, each milestone
    after the milestones it depends on (as put_in_order does)."""
    if "depends_on" not in spec.nested.by_name:
        return list(records)

    def needs(key):
        record = records[key]
        depends_on = record.get("depends_on") if isinstance(record, dict) else None
        return [other for other in depends_on or [] if other in records and other != key]

    return prerequisites_first(list(records), needs)


def _unkeyed_parts(before: list, after: list) -> list[_Part]:
    """Entries without a key of their own are replaced whole: those of the import that are
    not stored yet are added, and the stored ones it lacks are removed."""
    old, new = Counter(map(_frozen, before)), Counter(map(_frozen, after))
    parts = [
        _Part(label, count)
        for label, count in (
            ("added", sum((new - old).values())),
            ("removed", sum((old - new).values())),
        )
        if count
    ]
    return parts or [_Part("reordered")]  # the same entries, in another order


def _key_of(item, key: str):
    return _frozen(item.get(key)) if isinstance(item, dict) else _frozen(item)


def _changed_fields(old, new) -> list[str]:
    if not isinstance(old, dict) or not isinstance(new, dict):
        return ["all"]
    return [name for name in {**old, **new} if old.get(name) != new.get(name)]


def _frozen(value):
    """A hashable value equal to another exactly when the two values are equal."""
    if isinstance(value, dict):
        return tuple(sorted((str(name), _frozen(item)) for name, item in value.items()))
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    return value


def _listed(keys: list[str]) -> str:
    shown = ", ".join(keys[:NAMED_AT_MOST])
    more = len(keys) - NAMED_AT_MOST
    return f"{shown} and {more} more" if more > 0 else shown


def _count(items: list) -> str:
    return str(len(items)) if items else "none"


def _shown(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)
