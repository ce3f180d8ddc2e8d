"""Sums in words a reader can check: "EUR 6.40 bn", and what a total leaves out."""

from __future__ import annotations

from decimal import Decimal

from tracker.commitments.totals import Total

SCALES = ((Decimal(10**9), "bn"), (Decimal(10**6), "m"))


def money(amount: Decimal | float | None, currency: str) -> str:
    """ "EUR 6.40 bn", "NOK 350.0 m", "USD 12,500": three significant figures from a
    million up, the exact sum below. The CSV keeps every digit."""
    if amount is None:
        return "—"
    amount = Decimal(str(amount))
    for scale, word in SCALES:
        if abs(amount) >= scale:
            value = amount / scale
            places = 2 if abs(value) < 10 else 1 if abs(value) < 100 else 0
            return f"{currency} {value:,.{places}f} {word}"
    return f"{currency} {amount:,.0f}"


def total_text(total: Total, currency: str) -> str:
    """The total, then what it leaves out or bounds, in plain words."""
    if total.empty:
        return "—"
    parts = [money(total.amount, currency)] if total.amount or not total.missing else []
    parts += [
        f"{money(amount, code)} without a rate to {currency}"
        for code, amount in sorted(total.missing.items())
    ]
    text = " + ".join(parts)
    bounds = []
    if total.ceilings:
        bounds.append(f"{money(total.ceilings, currency)} stated as “up to”")
    if total.floors:
        bounds.append(f"{money(total.floors, currency)} as “at least”")
    return f"{text} (of which {', '.join(bounds)})" if bounds else text
