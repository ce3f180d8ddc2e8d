"""The matrix's numbers: one page of agreements with their codings, and each provision's
coverage over every agreement the filters match."""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import aliased

from tracker.agreements.queries import filtered_agreements
from tracker.extensions import db
from tracker.models import Agreement, CodingValue, ProvisionCoding

# Present first when sorting by a provision; not coded (no row) last.
RANK = {CodingValue.PRESENT: 0, CodingValue.PARTIAL: 1, CodingValue.ABSENT: 2}
NOT_CODED_RANK = 3


class Coverage(NamedTuple):
    present: int
    partial: int
    absent: int
    total: int  # agreements the filters match

    @property
    def not_coded(self) -> int:
        return self.total - self.present - self.partial - self.absent


def matching(party=(), kind=(), status=(), sort: str = "") -> Select:
    """The agreements of the matrix (several values of a filter: any of them), ordered by
    title or by a provision's value."""
    query = filtered_agreements(party=party, kind=kind, status=status).order_by(None)
    if sort and sort != "title":
        coding = aliased(ProvisionCoding)
        rank = case(
            *((coding.value == value, order) for value, order in RANK.items()),
            else_=NOT_CODED_RANK,
        )
        query = query.outerjoin(
            coding, (coding.agreement_id == Agreement.id) & (coding.provision == sort)
        ).order_by(rank, Agreement.title, Agreement.id)
    else:
        query = query.order_by(Agreement.title, Agreement.id)
    return query


def codings_of(agreement_ids: list[int]) -> dict[tuple[int, str], ProvisionCoding]:
    rows = db.session.scalars(
        select(ProvisionCoding).where(ProvisionCoding.agreement_id.in_(agreement_ids))
    )
    return {(coding.agreement_id, coding.provision): coding for coding in rows}


def coverage(query: Select) -> dict[str, Coverage]:
    """Per provision, how many of the matching agreements code it present, partial, absent."""
    ids = query.with_only_columns(Agreement.id).order_by(None).subquery()
    total = db.session.scalar(select(func.count()).select_from(ids))
    counts: dict[str, dict] = defaultdict(dict)
    for provision, value, count in db.session.execute(
        select(ProvisionCoding.provision, ProvisionCoding.value, func.count())
        .where(ProvisionCoding.agreement_id.in_(select(ids.c.id)))
        .group_by(ProvisionCoding.provision, ProvisionCoding.value)
    ):
        counts[provision][value] = count
    return defaultdict(
        lambda: Coverage(0, 0, 0, total),
        {
            provision: Coverage(
                found.get(CodingValue.PRESENT, 0),
                found.get(CodingValue.PARTIAL, 0),
                found.get(CodingValue.ABSENT, 0),
                total,
            )
            for provision, found in counts.items()
        },
    )
