"""What the list pages' filters offer: the values the data holds, not every possible one.

A value already chosen stays on offer while it still exists (a party, a focus area of
the vocabulary, a member of the enum), so a shared link or a calendar feed keeps
working after the last record holding it is gone, and the form still shows the choice.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import or_, select

from tracker.extensions import db
from tracker.fields import Choices, options
from tracker.models import FocusArea, Pillar
from tracker.models.base import LabelledEnum
from tracker.models.party import Party, agreement_party, known_parties


def party_options(chosen: Iterable[str] = ()) -> Choices:
    """The parties some agreement names, by name, as "Norway (NOR)"."""
    named = select(agreement_party.c.party_code)
    chosen = list(chosen)
    stored = {
        party.code: party.name
        for party in db.session.scalars(
            select(Party).where(or_(Party.code.in_(named), Party.code.in_(chosen)))
        )
    }
    # A chosen party no agreement names yet may not have a row: the known list names it.
    known = known_parties()
    stored |= {code: known[code].name for code in chosen if code in known and code not in stored}
    by_name = sorted(stored.items(), key=lambda item: (item[1], item[0]))
    return options((code, f"{name} ({code})") for code, name in by_name)


def focus_area_options(chosen: Iterable[str] = ()) -> Choices:
    """The focus areas some pillar is about, by name."""
    names = db.session.scalars(
        select(FocusArea.name)
        .where(
            or_(FocusArea.id.in_(select(Pillar.focus_area_id)), FocusArea.name.in_(list(chosen)))
        )
        .order_by(FocusArea.name)
    )
    return options((name, name) for name in names)


def enum_options(enum: type[LabelledEnum], column, chosen: Iterable[str] = ()) -> Choices:
    """The members of ``enum`` that ``column`` holds somewhere, in the enum's order."""
    held = {enum(value).value for value in db.session.scalars(select(column).distinct())}
    wanted = held | set(chosen)
    return options((value, label) for value, label in enum.choices() if value in wanted)
