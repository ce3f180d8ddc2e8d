"""Reading commitments and exchange rates for the totals: two queries, whatever the size."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from tracker.commitments.totals import CommitmentFacts, RateRow, Rates, Totals, add_up
from tracker.extensions import db
from tracker.models import Agreement, Commitment, ExchangeRate, Party
from tracker.stamped import kept_until_the_data_changes


def commitment_facts(exclude_party: str | None = None) -> list[CommitmentFacts]:
    """Every commitment with a sum or a share of GDP, in a stable order."""
    query = (
        select(
            Commitment.id,
            Agreement.key,
            Commitment.party_code,
            Party.name,
            Commitment.description,
            Commitment.category,
            Commitment.stage,
            Commitment.basis,
            Commitment.qualifier,
            Commitment.amount,
            Commitment.currency,
            Commitment.gdp_share,
            Commitment.period_edtf,
            Agreement.signed_on_estimate,
        )
        .join(Agreement, Agreement.id == Commitment.agreement_id)
        .join(Party, Party.code == Commitment.party_code)
        .where(Commitment.amount.is_not(None) | Commitment.gdp_share.is_not(None))
        .order_by(Agreement.key, Commitment.position, Commitment.id)
    )
    if exclude_party:
        query = query.where(Commitment.party_code != exclude_party)
    return [
        CommitmentFacts(
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            row[5].value if row[5] else None,
            row[6].value,
            row[7].value,
            row[8].value,
            *row[9:],
        )
        for row in db.session.execute(query)
    ]


def rate_rows() -> list[RateRow]:
    rate = ExchangeRate
    query = select(rate.base, rate.quote, rate.rate, rate.on, rate.source).order_by(
        rate.on, rate.base, rate.quote
    )
    return [RateRow(*row) for row in db.session.execute(query)]


def reporting_currency() -> str:
    return current_app.config["REPORTING_CURRENCY"]


def reporting_currencies() -> list[str]:
    """The currencies totals can be shown in: the configured one, and any a rate names."""
    named = {code for row in rate_rows() for code in (row.base, row.quote)}
    return sorted(named | {reporting_currency()})


@kept_until_the_data_changes
def totals(currency: str | None = None, exclude_party: str | None = None) -> Totals:
    rates = Rates(rate_rows(), currency or reporting_currency())
    return add_up(commitment_facts(exclude_party), rates)
