"""Adding commitments up honestly, without the database: plain facts in, totals out.

- A sum is split into yearly shares by its basis: a one-off falls in one year, a sum per
  year in every year of its period, a total over a period evenly over its years.
- A share is converted into the reporting currency only through a rate an analyst
  entered; a share without one is kept apart, by currency, and never added in.
- Stages are totalled apart: a delivery is usually part of an earlier pledge.
- "Up to" and "at least" amounts are added in, and the total says how much of it is a
  ceiling or a floor.
- A share of GDP is no sum: it is listed, never added.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from tracker.dates import parse_or_none, stated_bounds
from tracker.models import AmountQualifier, CommitmentBasis, CommitmentStage
from tracker.periods import years_of

ZERO = Decimal(0)


class CommitmentFacts(NamedTuple):
    """One commitment as the totals read it."""

    id: int
    agreement_key: str
    party_code: str
    party_name: str
    description: str
    category: str | None
    stage: str
    basis: str
    qualifier: str
    amount: Decimal | None
    currency: str | None
    gdp_share: Decimal | None
    period: str | None
    agreement_date: dt.date | None  # its agreement's signing, estimated: a one-off's year else


class Share(NamedTuple):
    """The part of a commitment that falls in one year, in its own currency."""

    facts: CommitmentFacts
    year: int | None  # None: neither the commitment nor its agreement is dated
    amount: Decimal


class RateRow(NamedTuple):
    base: str
    quote: str
    rate: Decimal
    on: dt.date
    source: str | None = None


class Conversion(NamedTuple):
    factor: Decimal  # reporting-currency units per unit of the share's currency
    rate: RateRow | None  # None when the share is in the reporting currency already


def shares(facts: CommitmentFacts) -> list[Share]:
    """The commitment's sum split into yearly shares; none for a share of GDP."""
    if facts.amount is None or facts.currency is None:
        return []
    period = _readable(facts.period)
    years = years_of(period)
    basis = facts.basis
    if basis == CommitmentBasis.PER_YEAR.value and years:
        return [Share(facts, year, facts.amount) for year in years]
    if basis == CommitmentBasis.OVER_PERIOD.value and years:
        part = facts.amount / len(years)
        return [Share(facts, year, part) for year in years]
    signed = facts.agreement_date
    year = _first_year(period) or (signed.year if signed else None)
    return [Share(facts, year, facts.amount)]


def _readable(text: str | None):
    try:
        return parse_or_none(text)
    except ValueError:  # a stored date the grammar no longer reads: undated, not an error
        return None


def _first_year(date) -> int | None:
    if date is None:
        return None
    first, last = stated_bounds(date.text)
    start = first or last
    return start.year if start else None


class Rates:
    """The analysts' rates, read for one reporting currency."""

    def __init__(self, rows: list[RateRow], currency: str):
        self.currency = currency
        self._by_currency: dict[str, list[tuple[dt.date, Decimal, RateRow]]] = defaultdict(list)
        for row in rows:
            if row.rate <= 0:
                continue
            if row.quote == currency and row.base != currency:
                self._by_currency[row.base].append((row.on, row.rate, row))
            elif row.base == currency and row.quote != currency:
                self._by_currency[row.quote].append((row.on, 1 / row.rate, row))

    def conversion(self, currency: str, year: int | None) -> Conversion | None:
        """How a share of ``year`` in ``currency`` converts: through the rate dated nearest
        the middle of that year (the later one of two as near), or None without a rate.
        An undated share takes the latest rate."""
        if currency == self.currency:
            return Conversion(Decimal(1), None)
        candidates = self._by_currency.get(currency)
        if not candidates:
            return None
        if year is None:
            _on, factor, row = max(candidates, key=lambda item: item[0])
        else:
            middle = dt.date(year, 7, 1)
            _on, factor, row = min(
                candidates, key=lambda item: (abs((item[0] - middle).days), -item[0].toordinal())
            )
        return Conversion(factor, row)


@dataclass
class Total:
    """A sum in the reporting currency, and what could not be added to it."""

    amount: Decimal = ZERO
    ceilings: Decimal = ZERO  # the part stated as "up to"
    floors: Decimal = ZERO  # the part stated as "at least"
    missing: dict[str, Decimal] = field(default_factory=dict)  # no rate: currency → sum
    commitments: set = field(default_factory=set)

    def add(self, share: Share, conversion: Conversion | None) -> None:
        self.commitments.add(share.facts.id)
        if conversion is None:
            currency = share.facts.currency
            self.missing[currency] = self.missing.get(currency, ZERO) + share.amount
            return
        amount = share.amount * conversion.factor
        self.amount += amount
        if share.facts.qualifier == AmountQualifier.UP_TO.value:
            self.ceilings += amount
        elif share.facts.qualifier == AmountQualifier.AT_LEAST.value:
            self.floors += amount

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def empty(self) -> bool:
        return not self.commitments


STAGES = tuple(stage.value for stage in CommitmentStage)


@dataclass
class Totals:
    """Every total the commitments page shows, each kept per stage."""

    currency: str
    by_donor: dict[tuple[str, str], dict[str, Total]]
    by_year: dict[int | None, dict[str, Total]]
    by_category: dict[str | None, dict[str, Total]]
    by_stage: dict[str, Total]
    gdp_shares: list[CommitmentFacts]
    converted: list[tuple[Share, Conversion | None]]

    @property
    def missing_currencies(self) -> list[str]:
        return sorted({c for total in self.by_stage.values() for c in total.missing})


def _per_stage() -> dict[str, Total]:
    return {stage: Total() for stage in STAGES}


def add_up(commitments: list[CommitmentFacts], rates: Rates) -> Totals:
    by_donor: dict = defaultdict(_per_stage)
    by_year: dict = defaultdict(_per_stage)
    by_category: dict = defaultdict(_per_stage)
    by_stage = _per_stage()
    converted = []
    gdp_shares = []
    for facts in commitments:
        if facts.gdp_share is not None and facts.amount is None:
            gdp_shares.append(facts)
            continue
        for share in shares(facts):
            conversion = rates.conversion(facts.currency, share.year)
            converted.append((share, conversion))
            stage = facts.stage
            by_donor[(facts.party_code, facts.party_name)][stage].add(share, conversion)
            by_year[share.year][stage].add(share, conversion)
            by_category[facts.category][stage].add(share, conversion)
            by_stage[stage].add(share, conversion)
    return Totals(
        rates.currency,
        dict(by_donor),
        dict(by_year),
        dict(by_category),
        by_stage,
        gdp_shares,
        converted,
    )
