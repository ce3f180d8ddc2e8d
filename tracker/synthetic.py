"""Synthetic agreements for benchmarks and demos: `tracker generate --agreements N`.

The data is valid by construction (known parties, vocabulary focus areas,
EDTF dates the tracker parses, acyclic dependencies) and is written with bulk
inserts, because 20,000 agreements through the forms would take minutes. It
is seeded, so the same N and seed give the same database.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

from sqlalchemy import func, insert, select

from tracker.dates import ApproximateDate
from tracker.extensions import db
from tracker.models import (
    Agreement,
    AgreementKind,
    AgreementLink,
    AgreementStatus,
    AmountQualifier,
    Commitment,
    CommitmentBasis,
    CommitmentCategory,
    CommitmentStage,
    FocusArea,
    LinkRelation,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    Party,
    Pillar,
    PillarStatus,
    Reliability,
    Signatory,
    Source,
    known_parties,
)
from tracker.models.agreement import end_estimate, end_window
from tracker.models.milestone import milestone_dependency
from tracker.models.party import agreement_party
from tracker.search.index import refresh
from tracker.sequences import advance_id_sequences

RELATIONS = list(LinkRelation)

# Frequent partners first: real agreement data is dominated by a few states.
HUBS = [
    "UKR",
    "USA",
    "GBR",
    "DEU",
    "FRA",
    "POL",
    "NOR",
    "SWE",
    "NLD",
    "DNK",
    "CAN",
    "JPN",
    "ITA",
    "ESP",
    "FIN",
    "EST",
    "LTU",
    "LVA",
    "CZE",
    "ROU",
    "TUR",
    "KOR",
    "AUS",
    "NATO",
    "EU",
]
BATCH = 2000


def _date_columns(name: str, text: str | None) -> dict:
    date = ApproximateDate.parse(text) if text is not None else None
    columns = ("edtf", "earliest", "latest", "estimate")
    values = date.__composite_values__() if date else (None,) * len(columns)
    return {f"{name}_{column}": value for column, value in zip(columns, values, strict=True)}


def _approximate(rng: random.Random, around: dt.date) -> str:
    """An EDTF date near ``around``, in the mix of precisions analysts really write."""
    roll = rng.random()
    if roll < 0.35:
        return around.isoformat()
    if roll < 0.6:
        return f"{around:%Y-%m}"
    if roll < 0.7:
        return f"{around.year}-{21 + (around.month % 12) // 3}"
    if roll < 0.8:
        return f"{around:%Y-%m}~"
    if roll < 0.88:
        return f"{around.year}?"
    end = around + dt.timedelta(days=rng.randint(30, 240))
    return f"{around:%Y-%m}/{end:%Y-%m}"


def generate(
    count: int,
    seed: int = 1,
    today: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Insert ``count`` agreements with pillars, milestones, signatories and sources."""
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    today = today or dt.date.today()
    focus_areas = list(db.session.scalars(select(FocusArea.id)))
    codes = list(known_parties())
    weights = [40 if code in HUBS else 1 for code in codes]
    _ensure_parties(codes)
    offset = db.session.scalar(select(func.coalesce(func.max(Agreement.id), 0)))
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        _insert_batch(rng, offset + made, size, codes, weights, focus_areas, today)
        # Core inserts pass the session's listeners by: index the batch here.
        refresh(db.session, range(offset + made + 1, offset + made + size + 1))
        made += size
        if progress:
            progress(made)
    advance_id_sequences()
    db.session.commit()
    return made


def _ensure_parties(codes: list[str]) -> None:
    existing = set(db.session.scalars(select(Party.code)))
    rows = [
        {"code": p.code, "name": p.name, "kind": p.kind}
        for p in known_parties().values()
        if p.code not in existing
    ]
    if rows:
        db.session.execute(insert(Party), rows)


def _insert_batch(rng, first_id, size, codes, weights, focus_areas, today) -> None:
    now = dt.datetime.now(dt.UTC)
    stamps = {"created_at": now, "updated_at": now}
    agreements, links, signatories, pillars, milestones, deps, sources = [], [], [], [], [], [], []
    commitments = []  # one agreement in three: its first party commits
    related, keys = [], {}  # one agreement in ten links to the one before it
    pillar_id = _next_id(Pillar)
    milestone_id = _next_id(Milestone)
    for number in range(first_id + 1, first_id + size + 1):
        parties = _distinct(rng, codes, weights, 2 if rng.random() < 0.9 else 3)
        signed = today - dt.timedelta(days=rng.randint(-120, 3650))
        status = _status(rng, signed, today)
        kind = rng.choice(list(AgreementKind))
        negotiating = status is AgreementStatus.UNDER_NEGOTIATION
        signed_text = None if negotiating else _approximate(rng, signed)
        duration = rng.choice([None, None, 5, 10])
        start = ApproximateDate.parse(signed_text) if signed_text else None
        end_earliest, end_latest = end_window(start, None, duration) or (None, None)
        agreements.append(
            {
                "id": number,
                "key": f"{'-'.join(parties).lower()}-{number}",
                "title": f"{kind.label} on defence cooperation no. {number}",
                "kind": kind,
                "status": status,
                **_date_columns("signed_on", signed_text),
                **_date_columns("in_force_on", None),
                **_date_columns("ends_on", None),
                "duration_years": duration,
                "end_earliest": end_earliest,
                "end_latest": end_latest,
                "end_estimate": end_estimate(start, None, duration),
                "signed_at": None,
                "summary": "Synthetic agreement for benchmarks.",
                **stamps,
            }
        )
        keys[number] = agreements[-1]["key"]
        if number % 10 == 0 and number - 1 in keys:
            related.append(
                {
                    "agreement_id": number,
                    "position": 0,
                    "relation": RELATIONS[(number // 10) % len(RELATIONS)],
                    "target_key": keys[number - 1],
                    **_date_columns("on", None),
                    "note": None,
                }
            )
        links += [{"agreement_id": number, "party_code": code} for code in parties]
        if number % 3 == 0:
            commitments.append(_commitment(rng, number, parties[0], signed))
        signatories += [
            {
                "agreement_id": number,
                "position": i,
                "name": f"Signatory {number}-{i}",
                "role": "Minister of Defence",
                "party_code": code,
            }
            for i, code in enumerate(parties)
        ]
        sources.append(
            {
                "agreement_id": number,
                "milestone_id": None,
                "position": 0,
                "url": f"https://example.org/agreements/{number}",
                "title": f"Announcement {number}",
                "publisher": "Synthetic",
                "reliability": Reliability.OFFICIAL,
                **_date_columns("published_on", None),
                **stamps,
            }
        )
        areas = rng.sample(focus_areas, rng.randint(1, 4))
        lane_ids = []
        for position, area in enumerate(areas):
            pillar_id += 1
            lane_ids.append(pillar_id)
            pillars.append(
                {
                    "id": pillar_id,
                    "agreement_id": number,
                    "focus_area_id": area,
                    "objective": "Objective",
                    "strategic_intent": "Intent",
                    "status": rng.choice(list(PillarStatus)),
                    "position": position,
                    **stamps,
                }
            )
        previous = None
        for index in range(rng.randint(1, 6)):
            milestone_id += 1
            due = signed + dt.timedelta(days=rng.randint(30, 900))
            state = _milestone_status(rng, due, today)
            done = state is MilestoneStatus.DONE
            due_text = _approximate(rng, due)
            # Delayed milestones were first planned earlier: the plan slipped.
            slip = rng.randint(20, 300) if state is MilestoneStatus.DELAYED else 0
            first_text = _approximate(rng, due - dt.timedelta(days=slip)) if slip else due_text
            first = ApproximateDate.parse(first_text)
            milestones.append(
                {
                    "id": milestone_id,
                    "agreement_id": number,
                    "pillar_id": rng.choice(lane_ids) if rng.random() < 0.85 else None,
                    "key": f"step-{index + 1}",
                    "title": f"Step {index + 1} of agreement {number}",
                    "position": index,
                    "kind": rng.choice(list(MilestoneKind)),
                    "status": state,
                    **_date_columns("due", due_text),
                    "first_due_edtf": first_text,
                    "first_due_latest": first.latest,
                    "first_due_estimate": first.estimate,
                    "slip_days": (ApproximateDate.parse(due_text).estimate - first.estimate).days,
                    **_date_columns("completed_on", min(due, today).isoformat() if done else None),
                    "description": "",
                    **stamps,
                }
            )
            if previous and rng.random() < 0.5:
                deps.append({"milestone_id": milestone_id, "depends_on_id": previous})
            previous = milestone_id
    for model, rows in (
        (Agreement, agreements),
        (agreement_party, links),
        (Signatory, signatories),
        (Commitment, commitments),
        (AgreementLink, related),
        (Source, sources),
        (Pillar, pillars),
        (Milestone, milestones),
        (milestone_dependency, deps),
    ):
        if rows:
            # Core inserts: the ORM's per-row bookkeeping would triple the run time.
            db.session.execute(insert(getattr(model, "__table__", model)), rows)


CURRENCIES = ["EUR", "EUR", "USD", "NOK", "GBP", "SEK", "PLN"]
# How often each stage, basis and qualifier is drawn: most commitments are exact pledges.
STAGE_WEIGHTS = {
    CommitmentStage.PLEDGED: 6,
    CommitmentStage.ALLOCATED: 1,
    CommitmentStage.DELIVERED: 3,
}
BASIS_WEIGHTS = {
    CommitmentBasis.ONE_OFF: 6,
    CommitmentBasis.PER_YEAR: 2,
    CommitmentBasis.OVER_PERIOD: 2,
}
QUALIFIER_WEIGHTS = {
    AmountQualifier.EXACT: 7,
    AmountQualifier.UP_TO: 2,
    AmountQualifier.AT_LEAST: 1,
}


def _weighted(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _commitment(rng, number: int, party: str, signed: dt.date) -> dict:
    """A sum in millions, now and then per year or over a few years, or a share of GDP."""
    basis = _weighted(rng, BASIS_WEIGHTS)
    first = signed.year
    if basis is CommitmentBasis.ONE_OFF:
        period = str(first) if rng.random() < 0.5 else None
    else:
        period = f"{first}/{first + rng.randint(1, 4)}"
    share = rng.random() < 0.03
    return {
        "agreement_id": number,
        "position": 0,
        "party_code": party,
        "description": f"Support under agreement {number}",
        "category": rng.choice([*CommitmentCategory, None]),
        "stage": _weighted(rng, STAGE_WEIGHTS),
        "amount": None if share else Decimal(rng.randint(1, 2000) * 1_000_000),
        "currency": None if share else rng.choice(CURRENCIES),
        "basis": basis,
        "qualifier": _weighted(rng, QUALIFIER_WEIGHTS),
        "gdp_share": Decimal("0.25") if share else None,
        **_date_columns("period", period),
    }


def _next_id(model) -> int:
    db.session.flush()
    return db.session.scalar(select(func.coalesce(func.max(model.id), 0)))


def _distinct(rng, codes, weights, count) -> list[str]:
    chosen: list[str] = []
    while len(chosen) < count:
        code = rng.choices(codes, weights)[0]
        if code not in chosen:
            chosen.append(code)
    return sorted(chosen)


def _status(rng, signed: dt.date, today: dt.date) -> AgreementStatus:
    if signed > today:
        return AgreementStatus.UNDER_NEGOTIATION
    return rng.choices(
        [
            AgreementStatus.SIGNED,
            AgreementStatus.IN_FORCE,
            AgreementStatus.SUSPENDED,
            AgreementStatus.EXPIRED,
            AgreementStatus.TERMINATED,
        ],
        [30, 55, 5, 7, 3],
    )[0]


def _milestone_status(rng, due: dt.date, today: dt.date) -> MilestoneStatus:
    if due > today:
        return rng.choices([MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS], [70, 30])[0]
    return rng.choices(
        [
            MilestoneStatus.DONE,
            MilestoneStatus.DELAYED,
            MilestoneStatus.PLANNED,
            MilestoneStatus.CANCELLED,
        ],
        [60, 20, 15, 5],
    )[0]
