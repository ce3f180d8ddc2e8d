"""Concurrent edits: a save never overwrites a change its form did not show.

Agreements, pillars, milestones and sources carry a ``version`` (SQLAlchemy's
``version_id_col``). Their edit and delete pages send the version they were
opened on in a hidden field. A post naming an older version gets the conflict
page (409) and writes nothing. The UPDATE itself names the version it read as
well, which catches a save landing between this check and the write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NamedTuple

from flask import abort, make_response, render_template, request
from sqlalchemy.orm.exc import ObjectDeletedError, StaleDataError
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, FieldList, SelectMultipleField
from wtforms.widgets import HiddenInput

from tracker.extensions import db
from tracker.views_common import ConfirmForm

StoredInput = Callable[[object], MultiDict]  # a record as its form's input


class Row(NamedTuple):
    label: str
    yours: list[str]
    current: list[str]
    differs: bool


def is_stale(record, posted_version: int | None) -> bool:
    """True when the form was opened on an older version of the record.

    No version means no check here: the importer updates by key and sends
    none. The web pages (``unless_changed``) and the API refuse a missing one.
    """
    return posted_version is not None and posted_version != record.version


@contextmanager
def unless_changed(record, form, stored: StoredInput) -> Iterator[None]:
    """Run the save in the block, unless ``record`` changed since ``form`` was opened.

    If it did, nothing is written and the conflict page answers instead.
    ``stored(record)`` gives the record's current values for that page.
    """
    # A web form always sends the version it was opened on: a post without one (a stale
    # page cached from before versions, a hand-made request) cannot prove it saw the record.
    if form.version.data is None or is_stale(record, form.version.data):
        abort(conflict_response(record, form, stored))
    try:
        yield
    except StaleDataError:  # another save landed between the check and the write
        db.session.rollback()
        abort(conflict_response(record, form, stored))


def conflict_response(record, form, stored: StoredInput):
    """The conflict page: the user's values next to the current ones, status 409."""
    try:
        current = stored(record)
    except ObjectDeletedError:  # deleted by someone else in the meantime
        current = None
    deleting = isinstance(form, ConfirmForm)
    rows = _current_rows(current) if deleting else _rows(form, request.form, current)
    page = render_template(
        "conflict.html",
        noun=type(record).__name__.lower(),
        deleting=deleting,
        deleted=current is None,
        rows=rows,
        reload_url=request.path,
    )
    return make_response(page, 409)


def _rows(form, posted: MultiDict, current: MultiDict | None) -> list[Row]:
    rows = []
    for field in form:
        if isinstance(field.widget, HiddenInput) or field.type == "SubmitField":
            continue
        if isinstance(field, BooleanField):  # an unticked box posts nothing: that is a "no"
            yours, theirs = [_ticked(posted, field.name)], [_ticked(current, field.name)]
            rows.append(Row(field.label.text, yours, theirs, yours != theirs))
            continue
        # A field the page shows but never posts (an agreement's key) was not edited;
        # an emptied multiple choice or row list posts nothing, and was.
        if field.name not in posted and not isinstance(field, FieldList | SelectMultipleField):
            continue
        yours = _lines(posted, field.name)
        theirs = _lines(current, field.name) if current is not None else []
        if isinstance(field, SelectMultipleField):  # a set: the order chosen does not matter
            yours, theirs = sorted(yours), sorted(theirs)
        rows.append(
            Row(
                field.label.text,
                _labels(field, yours),
                _labels(field, theirs),
                current is not None and yours != theirs,
            )
        )
    return rows


def _ticked(data: MultiDict | None, name: str) -> str:
    return "yes" if data is not None and data.get(name) else "no"


def _current_rows(current: MultiDict | None) -> list[Row]:
    """A delete posts no values: the page shows the record as it is now."""
    current = current or MultiDict()
    names = dict.fromkeys(key.split("-", 1)[0] for key in current if key != "version")
    return [
        Row(name.replace("_", " ").capitalize(), [], _lines(current, name), False) for name in names
    ]


def _lines(data: MultiDict, name: str) -> list[str]:
    """The non-blank values of a field; for a list of rows, one line per filled row."""
    prefix = f"{name}-"
    rows: dict[int, list[str]] = {}
    for key, value in data.items(multi=True):
        index = key[len(prefix) :].split("-", 1)[0]
        if key.startswith(prefix) and index.isdigit():  # e.g. signatories-0-name
            rows.setdefault(int(index), []).append(value.strip())
    if rows:
        return [
            " · ".join(filter(None, values)) for _, values in sorted(rows.items()) if any(values)
        ]
    return [value for value in data.getlist(name) if value.strip()]


def _labels(field, values: list[str]) -> list[str]:
    """Chosen options by their label (“Norway (NOR)”), as the form shows them."""
    if not hasattr(field, "iter_choices"):
        return values
    labels = {str(choice.value): choice.label for choice in field.iter_choices()}
    return [labels.get(value, value) for value in values]
