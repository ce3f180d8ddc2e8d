"""Read-side queries for parties: who signs with whom, counted in SQL."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased, selectinload

from tracker.extensions import db
from tracker.models import Agreement, Party
from tracker.models.party import agreement_party


def parties_with_counts() -> list[tuple[Party, int]]:
    """Every party named by an agreement, with how many agreements name it."""
    count = func.count(agreement_party.c.agreement_id)
    query = (
        select(Party, count)
        .join(agreement_party, agreement_party.c.party_code == Party.code)
        .group_by(Party.code)
        .order_by(count.desc(), Party.name)
    )
    return list(db.session.execute(query).all())


def partners_of(code: str) -> list[tuple[Party, int]]:
    """The parties that share agreements with ``code``, most shared first."""
    mine, theirs = aliased(agreement_party), aliased(agreement_party)
    count = func.count(mine.c.agreement_id)
    query = (
        select(Party, count)
        .join(theirs, theirs.c.party_code == Party.code)
        .join(mine, mine.c.agreement_id == theirs.c.agreement_id)
        .where(mine.c.party_code == code, Party.code != code)
        .group_by(Party.code)
        .order_by(count.desc(), Party.name)
    )
    return list(db.session.execute(query).all())


def agreements_of(code: str) -> Select:
    """The party's agreements, newest first, with their parties loaded in one query."""
    return (
        select(Agreement)
        .join(agreement_party, agreement_party.c.agreement_id == Agreement.id)
        .where(agreement_party.c.party_code == code)
        .order_by(Agreement.signed_on_estimate.desc().nulls_last(), Agreement.id)
        .options(selectinload(Agreement.parties))
    )
