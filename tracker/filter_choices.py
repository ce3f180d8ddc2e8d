"""What the list pages' filters offer: the values the data holds, not every possible one.

A value already chosen stays on offer while it still exists (a party, a focus area of
the vocabulary, a member of the enum), so a shared link or a calendar feed keeps
working after the last record holding it is gone, and the form still shows the choice.
Finding what the data holds scans whole tables, so it is kept until the data changes
(tracker/stamped.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from tracker.extensions import db
from tracker.fields import Choices, options
from tracker.models import FocusArea, Pillar
from tracker.models.base import LabelledEnum
from tracker.models.party import Party, agreement_party, known_parties
from tracker.stamped import kept_until_the_data_changes


@kept_until_the_data_changes
def _named_parties() -> dict[str, str]:
    """Code to name of the parties some agreement names (a scan of every agreement's parties:
    kept until the data changes)."""
    named = select(agreement_party.c.party_code)
    rows = db.session.execute(select(Party.code, Party.name).where(Party.code.in_(named)))
    return {code: name for code, name in rows}


def party_options(chosen: Iterable[str] = ()) -> Choices:
    """The parties some agreement names, by name, as "Norway (NOR)"."""
    # A chosen party no agreement names (any more) stays on offer under its known name.
    known = known_parties()
    names = {code: known[code].name for code in chosen if code in known} | _named_parties()
    by_name = sorted(names.items(), key=lambda item: (item[1], item[0]))
    return options((code, f"{name} ({code})") for code, name in by_name)


@kept_until_the_data_changes
def _used_focus_areas() -> list[str]:
    used = select(FocusArea.name).where(FocusArea.id.in_(select(Pillar.focus_area_id)))
    return list(db.session.scalars(used))


def focus_area_options(chosen: Iterable[str] = ()) -> Choices:
    """The focus areas some pillar is about, by name (and any chosen one that exists)."""
    chosen = [name for name in chosen if name not in _used_focus_areas()]
    existing = db.session.scalars(select(FocusArea.name).where(FocusArea.name.in_(chosen)))
    return options((name, name) for name in sorted({*_used_focus_areas(), *existing}))


@kept_until_the_data_changes
def _held(column) -> set[str]:
    return {
        getattr(value, "value", value) for value in db.session.scalars(select(column).distinct())
    }


def enum_options(enum: type[LabelledEnum], column, chosen: Iterable[str] = ()) -> Choices:
    """The members of ``enum`` that ``column`` holds somewhere, in the enum's order."""
    wanted = _held(column) | set(chosen)
    return options((value, label) for value, label in enum.choices() if value in wanted)
