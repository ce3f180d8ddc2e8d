"""What a record type's form declares besides the fields a person types.

The form class of a record type is its one declaration: its WTForms fields
are the fields a person types, and these markers, placed among them in
codebook order, add what the form does not take as input. WTForms ignores
them; ``tracker.declaration.reading`` reads them in the order they were
written, interleaved with the fields.
"""

from __future__ import annotations

from wtforms.fields.core import UnboundField


def _next_place() -> int:
    """A place in the same sequence WTForms numbers fields by, so markers keep their order."""
    UnboundField.creation_counter += 1
    return UnboundField.creation_counter


class Marker:
    def __init__(self, label: str = ""):
        self.label = label
        self.creation_counter = _next_place()


class Derived(Marker):
    """A day the tracker derives on every save (e.g. the end of an agreement): exported and
    shown, never read back."""


class Part(Marker):
    """Records of another type nested in this one's interchange record, each with its own
    form and pages (an agreement's pillars, milestones and sources)."""

    def __init__(self, form: type, label: str = ""):
        super().__init__(label)
        self.form = form


class Recorded(Marker):
    """A value the tracker sets, never typed in the form, that the audit trail records (an
    account that must choose a new password, a token's revocation). Not interchange data."""


class Link(Marker):
    """The record this one hangs under, recorded by the audit trail under its natural key.
    The interchange format says it by nesting instead (a milestone's sources)."""
