"""Checking an import costs in step with its size: no count of milestones pins the server.

Each milestone is checked against one graph of its agreement, built once:
its dependencies are looked up, not searched for in a list of all the keys,
and cycles are found once for the whole graph. The shortcut is proven equal
to checking each milestone on its own graph, as the web form does.
"""

from __future__ import annotations

import random
import time

import pytest

from tracker.interchange.importer import ImportFailed, plan_import
from tracker.milestones.dependencies import MilestoneGraph, find_cycle

MANY = 20_000
# Checking 20,000 milestones takes about 3 s on a 2-core machine, and took half an hour
# when each milestone's check looked at every other one: the bound is loose on purpose.
SECONDS_FOR_MANY = 60


def one_agreement(milestones: list[dict]) -> dict:
    return {
        "format": "defense-cooperation-tracker",
        "version": 1,
        "agreements": [
            {
                "key": "many-milestones",
                "title": "Many milestones",
                "kind": "treaty",
                "status": "signed",
                "parties": ["NOR", "UKR"],
                "milestones": milestones,
            }
        ],
    }


def milestone(number: int, depends_on: list[str], key: str | None = None) -> dict:
    return {
        "key": key or f"m-{number}",
        "title": f"Milestone {number}",
        "kind": "meeting",
        "depends_on": depends_on,
    }


def checked_in(document: dict) -> tuple[float, list, list]:
    """Seconds plan_import took, its plans, and its problems."""
    started = time.perf_counter()
    try:
        plans, problems = plan_import(document), []
    except ImportFailed as failure:
        plans, problems = [], failure.problems
    return time.perf_counter() - started, plans, problems


def test_twenty_thousand_milestones_of_one_agreement_are_checked_in_seconds(app):
    chain = [milestone(n, [f"m-{n - 1}", f"m-{n // 2}"] if n else []) for n in range(MANY)]

    seconds, plans, problems = checked_in(one_agreement(chain))

    assert problems == []
    assert len(plans[0].milestones) == MANY
    assert seconds < SECONDS_FOR_MANY


def test_twenty_thousand_faulty_milestones_are_each_reported_in_seconds(app):
    quarter = MANY // 4
    ring = [milestone(n, [f"m-{(n + 1) % quarter}"]) for n in range(quarter)]
    unknown = [milestone(n, ["nowhere"]) for n in range(quarter, 2 * quarter)]
    twins = [milestone(n, [f" m-{n - 1} ", ""], key="twin") for n in range(2 * quarter, MANY)]

    seconds, _, problems = checked_in(one_agreement(ring + unknown + twins))

    messages = [problem.message for problem in problems]
    assert messages.count("This would make a dependency cycle: m-0 → m-1 → … → m-0") == 1
    assert sum(m.startswith("This would make a dependency cycle") for m in messages) == quarter
    assert messages.count("“nowhere” is not a known choice.") == quarter
    assert messages.count("is used by another milestone.") == 2 * quarter
    assert seconds < SECONDS_FOR_MANY


PILLARS = 4_000
# 4,000 pillars of 4,000 new focus areas take about 1 s; each pillar's check once went
# through every focus area, which took 31 s.
SECONDS_FOR_PILLARS = 15


def test_four_thousand_pillars_of_new_focus_areas_are_checked_in_seconds(app):
    names = [f"Focus area {number}" for number in range(PILLARS)]
    document = one_agreement([])
    document["focus_areas"] = [{"name": name} for name in names]
    document["agreements"][0]["pillars"] = [{"focus_area": name} for name in names]

    seconds, plans, problems = checked_in(document)

    assert problems == []
    assert len(plans[0].pillars) == PILLARS
    assert seconds < SECONDS_FOR_PILLARS


def stored_cycles(depends_on: dict[str, list[str]]) -> dict[str, list[str] | None]:
    graph = MilestoneGraph(depends_on.items())
    return {key: graph.cycle(key, deps, stored_key=key) for key, deps in depends_on.items()}


def test_the_shared_graph_finds_the_cycles_each_milestone_would_find_alone():
    rng = random.Random(8)  # noqa: S311 - reproducible cases, not secrets
    for _ in range(500):
        keys = [f"k{n}" for n in range(rng.randint(1, 8))]
        depends_on = {key: rng.choices([*keys, "unknown"], k=rng.randint(0, 3)) for key in keys}

        alone = {key: find_cycle(depends_on, key) for key in keys}

        assert stored_cycles(depends_on) == alone, depends_on


def test_a_long_cycle_is_shown_by_its_first_step():
    ring = {f"m{n}": [f"m{(n + 1) % 500}"] for n in range(500)}

    assert stored_cycles(ring)["m7"] == ["m7", "m8", "…", "m7"]


def test_a_short_cycle_within_a_large_graph_is_shown_whole():
    depends_on = {f"m{n}": [f"m{n + 1}"] for n in range(10_000)}
    depends_on["m9999"] = ["m9998"]

    assert stored_cycles(depends_on)["m9999"] == ["m9999", "m9998", "m9999"]
    assert stored_cycles(depends_on)["m0"] is None


@pytest.mark.parametrize(("stored_key", "expected"), [(None, ["a", "b"]), ("a", ["b"])])
def test_the_choices_are_the_other_milestones_in_order(stored_key, expected):
    graph = MilestoneGraph([("b", []), ("a", [])])

    assert graph.keys(stored_key) == expected
    assert graph.has("a", besides=stored_key) == (stored_key != "a")
