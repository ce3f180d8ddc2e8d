"""Read-side queries for the provision vocabulary."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from itertools import groupby

from flask import g
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import Provision


def provisions_by_category() -> list[tuple[str, list[Provision]]]:
    """Every provision, in categories; categories and provisions in the matrix's order (the
    order they were added in, the default set first)."""
    first = (
        select(Provision.category, func.min(Provision.position).label("first"))
        .group_by(Provision.category)
        .subquery()
    )
    provisions = db.session.scalars(
        select(Provision)
        .join(first, first.c.category == Provision.category)
        .order_by(first.c.first, Provision.position, Provision.id)
    )
    return [
        (category, list(group)) for category, group in groupby(provisions, lambda p: p.category)
    ]


def categories() -> list[str]:
    return [category for category, _ in provisions_by_category()]


def provision_names() -> list[str]:
    """The vocabulary's names in the matrix's order, read once per request or job: every
    coding row of every agreement offers them."""
    if "provision_names" not in g:
        g.provision_names = [
            p.name for _, provisions in provisions_by_category() for p in provisions
        ]
    return g.provision_names


def forget_provision_names() -> None:
    g.pop("provision_names", None)


@contextmanager
def planned_provisions(names: list[str]) -> Iterator[None]:
    """While an import is checked, the vocabulary as it will be once the import has added
    the provisions its document brings along."""
    before = g.pop("provision_names", None)
    g.provision_names = names
    try:
        yield
    finally:
        g.pop("provision_names", None)
        if before is not None:
            g.provision_names = before


def provisions_named(names: set[str]) -> list[Provision]:
    return list(db.session.scalars(select(Provision).where(Provision.name.in_(names))))
