"""Dependency cycles between milestones are found, whatever their length."""

from tracker.milestones.dependencies import find_cycle


def test_no_cycle_in_a_chain():
    assert find_cycle({"a": ["b"], "b": ["c"], "c": []}, start="a") is None


def test_a_milestone_cannot_depend_on_itself():
    assert find_cycle({"a": ["a"]}, start="a") == ["a", "a"]


def test_a_long_cycle_is_reported_as_a_path():
    graph = {"a": ["b"], "b": ["c"], "c": ["a"]}
    assert find_cycle(graph, start="a") == ["a", "b", "c", "a"]


def test_a_cycle_elsewhere_is_not_blamed_on_this_milestone():
    graph = {"a": ["b"], "b": ["c"], "c": ["b"]}
    assert find_cycle(graph, start="a") is None


def test_a_deep_chain_does_not_exhaust_the_stack():
    graph = {f"m{i}": [f"m{i + 1}"] for i in range(5000)}
    graph["m5000"] = ["m0"]
    assert find_cycle(graph, start="m0")[-1] == "m0"
