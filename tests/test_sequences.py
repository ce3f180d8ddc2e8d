"""Records made after `tracker generate` get fresh ids, on PostgreSQL as on SQLite.

Generated rows carry ids chosen by the generator. PostgreSQL hands out ids
from a sequence that knows nothing of them, so each test first makes records
the ordinary way (the sequence moves), then generates more with higher ids:
without care, the next ordinary record would draw an id already taken.
"""

from __future__ import annotations

from conftest import agreement_values, milestone_values
from sqlalchemy import func, select

from tracker.agreements.operations import create_agreement
from tracker.extensions import db
from tracker.milestones.operations import create_milestone
from tracker.models import Agreement, Milestone, Pillar, PillarStatus
from tracker.pillars.operations import create_pillar
from tracker.synthetic import generate


def highest_ids() -> dict:
    return {
        model: db.session.scalar(select(func.max(model.id)))
        for model in (Agreement, Pillar, Milestone)
    }


def make_ordinary_records(make_agreement) -> None:
    """An agreement, a pillar and a milestone with ids from the sequences, which move on."""
    make_agreement(key="made-first", pillars=["Air Defense"], milestones=[{"key": "first"}])


def test_after_generate_the_operations_create_agreements_pillars_and_milestones(make_agreement):
    make_ordinary_records(make_agreement)
    generate(3, seed=11)
    generated = highest_ids()

    agreement = create_agreement(agreement_values(key="made-after"))
    pillar = create_pillar(
        agreement,
        {
            "focus_area": "Training",
            "objective": "Train crews",
            "strategic_intent": "Readiness",
            "status": PillarStatus.ACTIVE,
            "position": None,
        },
    )
    milestone = create_milestone(agreement, milestone_values(key="after"))
    db.session.commit()

    assert agreement.id > generated[Agreement]
    assert pillar.id > generated[Pillar]
    assert milestone.id > generated[Milestone]


def test_after_tracker_generate_the_web_forms_create_agreements_pillars_and_milestones(
    client, runner, make_agreement
):
    make_ordinary_records(make_agreement)
    result = runner.invoke(args=["generate", "--agreements", "3", "--seed", "11"])
    assert result.exit_code == 0, result.output
    generated = highest_ids()

    made = [
        client.post(
            "/agreements/new",
            data={
                "key": "made-after",
                "title": "Made after generating",
                "kind": "treaty",
                "status": "signed",
                "parties": ["NOR", "UKR"],
                "signed_on": "2024-05",
            },
        ),
        client.post(
            "/agreements/made-after/pillars/new",
            data={
                "focus_area": "Training",
                "objective": "Train crews",
                "strategic_intent": "Readiness",
                "status": "active",
                "position": "",
            },
        ),
        client.post(
            "/agreements/made-after/milestones/new",
            data={
                "key": "after",
                "title": "Crews trained",
                "kind": "other",
                "status": "planned",
                "pillar": "",
                "due": "2026",
                "completed_on": "",
                "description": "",
            },
        ),
    ]

    assert [response.status_code for response in made] == [302, 302, 302]
    assert all(
        new > old for new, old in zip(highest_ids().values(), generated.values(), strict=True)
    )
