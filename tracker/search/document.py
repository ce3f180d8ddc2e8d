"""An agreement's search text: every text of the agreement and of its parts, in one body.

What an analyst may look for is whatever they typed anywhere: a tag, a pillar's
objective, the place of signature, a signatory, a milestone, a source, a
commitment's description or sum, a coded provision's quote, a link's note.
"""

from __future__ import annotations

import re
from decimal import Decimal

from sqlalchemy import select

from tracker.agreement_parts import EVERY_PART
from tracker.extensions import db
from tracker.models import Agreement


def agreements_with_parts(ids) -> list[Agreement]:
    return list(
        db.session.scalars(select(Agreement).where(Agreement.id.in_(ids)).options(*EVERY_PART))
    )


def _number(value: Decimal | None) -> str | None:
    """A sum as people type it: 0.25, 75000000000, not 0.2500 or 75000000000.00."""
    return None if value is None else f"{value.normalize():f}"


def body(agreement: Agreement) -> str:
    """The agreement's texts, one a line; empty values left out."""
    texts = [
        agreement.key,
        agreement.title,
        agreement.summary,
        agreement.signed_at,
        agreement.signed_on_as_stated,
        agreement.in_force_on_as_stated,
        agreement.ends_on_as_stated,
        *(f"{party.name} {party.code}" for party in agreement.parties),
        *(tag.name for tag in agreement.tags),
    ]
    for signatory in agreement.signatories:
        texts += [signatory.name, signatory.role]
    for commitment in agreement.commitments:
        texts += [commitment.description, commitment.currency]
        texts += [_number(commitment.amount), _number(commitment.gdp_share)]
    for pillar in agreement.pillars:
        texts += [pillar.focus_area.name, pillar.objective, pillar.strategic_intent]
    for milestone in agreement.milestones:
        texts += [milestone.title, milestone.description]
        texts += [milestone.due_as_stated, milestone.completed_on_as_stated]
        texts += [text for source in milestone.sources for text in _source_texts(source)]
    texts += [text for source in agreement.sources for text in _source_texts(source)]
    for coding in agreement.provisions:
        texts += [coding.provision, coding.reference, coding.quote]
    texts += [link.note for link in agreement.links]
    return "\n".join(text for text in texts if text)


def _source_texts(source) -> list[str | None]:
    # The link's words apart too: PostgreSQL reads a URL as one token, not as "regjeringen".
    link_words = " ".join(re.findall(r"[^\W_]+", source.url)) if source.url else None
    return [source.title, source.publisher, source.url, link_words]
