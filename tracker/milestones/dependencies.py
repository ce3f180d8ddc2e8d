"""Dependency graphs between milestones of one agreement."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Iterator
from itertools import islice

# Dependencies a search may follow to show the shortest cycle through one milestone. The
# search runs for each milestone on a cycle, so it is bounded: a longer cycle is shown
# shortened, and a document of 100,000 milestones in one ring is checked in seconds.
CYCLE_SEARCH_LIMIT = 100


def find_cycle(
    graph: dict[str, list[str]], start: str, limit: int | None = None
) -> list[str] | None:
    """Return a path start → … → start if ``start`` depends on itself, else None.

    ``graph`` maps each milestone key to the keys it depends on. A breadth-first
    search finds the shortest such cycle, without recursion, so long chains work.
    With ``limit``, it gives up (None) after following that many dependencies.
    """
    came_from: dict[str, str] = {}
    queue = deque([start])
    followed = 0
    while queue:
        key = queue.popleft()
        for dependency in graph.get(key, []):
            followed += 1
            if limit is not None and followed > limit:
                return None
            if dependency == start:
                path = [key]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [start, *reversed(path[:-1]), start] if key != start else [start, start]
            if dependency not in came_from:
                came_from[dependency] = key
                queue.append(dependency)
    return None


def dependency_keys(values: Iterable[str]) -> list[str]:
    """The keys a milestone depends on as its form reads them: trimmed, blanks dropped."""
    return [value.strip() for value in values if value and value.strip()]


class MilestoneGraph:
    """One agreement's milestones, each key with the keys it depends on.

    Every milestone form of the agreement checks against the same graph, so
    checking N milestones costs about N, not N²: a key is looked up, never
    searched for in a list, the keys are sorted once, and the milestones that
    sit on a cycle are found once for the whole graph.
    """

    def __init__(self, milestones: Iterable[tuple[str, Iterable[str]]]):
        milestones = [(key, dependency_keys(depends_on)) for key, depends_on in milestones]
        self.depends_on = dict(milestones)
        # Two milestones of one key: that is refused, and which one the others mean is unknown.
        self.duplicated = {key for key, n in Counter(key for key, _ in milestones).items() if n > 1}
        self._sorted: list[str] | None = None
        self._component: dict[str, int] | None = None

    def has(self, key: str, besides: str | None = None) -> bool:
        """Whether ``key`` names a milestone other than the one stored as ``besides``."""
        return key != besides and key in self.depends_on

    def keys(self, besides: str | None = None, up_to: int | None = None) -> list[str]:
        """Every key but ``besides`` in order, or only the first ``up_to`` of them."""
        if self._sorted is None:
            self._sorted = sorted(self.depends_on)
        return list(islice((key for key in self._sorted if key != besides), up_to))

    def cycle(
        self, key: str, depends_on: list[str], stored_key: str | None = None
    ) -> list[str] | None:
        """The cycle key → … → key that saving this milestone would make, or None.

        The milestone is stored as ``stored_key`` (None: a new one) and would be
        saved as ``key``, depending on ``depends_on``; the others still name it
        by its stored key, so a rename is followed.
        """
        if key in self.duplicated:
            return None
        if key == stored_key and list(depends_on) == self.depends_on.get(key):
            return self._stored_cycle(key)
        graph = {
            other: [key if dep == stored_key else dep for dep in deps]
            for other, deps in self.depends_on.items()
            if other != stored_key
        }
        graph[key] = list(depends_on)
        return find_cycle(graph, key)

    def _stored_cycle(self, key: str) -> list[str] | None:
        """The graph's own shortest cycle through ``key``: searched only when there is one."""
        component = self._components()
        on_cycle = [dep for dep in self.depends_on[key] if component.get(dep) == component[key]]
        if not on_cycle:
            return None
        return find_cycle(self.depends_on, key, CYCLE_SEARCH_LIMIT) or [key, on_cycle[0], "…", key]

    def _components(self) -> dict[str, int]:
        """Each key's strongly connected component (Tarjan's algorithm, without recursion).

        Two keys share a component when each depends, through others, on the
        other: a key is on a cycle when it depends on a key of its own component.
        """
        if self._component is not None:
            return self._component
        graph = self.depends_on
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        stack: list[str] = []
        on_stack: set[str] = set()
        component: dict[str, int] = {}
        work: list[tuple[str, Iterator[str]]] = []  # the depth-first path, each with its next

        def visit(key: str) -> None:
            index[key] = low[key] = len(index)
            stack.append(key)
            on_stack.add(key)
            work.append((key, iter(graph[key])))

        for root in graph:
            if root in index:
                continue
            visit(root)
            while work:
                key, dependencies = work[-1]
                for dependency in dependencies:
                    if dependency not in graph:
                        continue
                    if dependency not in index:
                        visit(dependency)
                        break
                    if dependency in on_stack:
                        low[key] = min(low[key], index[dependency])
                else:
                    work.pop()
                    if work:
                        parent = work[-1][0]
                        low[parent] = min(low[parent], low[key])
                    if low[key] == index[key]:
                        while True:
                            member = stack.pop()
                            on_stack.discard(member)
                            component[member] = index[key]
                            if member == key:
                                break
        self._component = component
        return component


def prerequisites_first(items: list, needs) -> list:
    """``items`` in their order, each moved just after the last of what it needs
    (``needs(item)``: the items it depends on). Iterative, so a chain of 100,000
    milestones is as safe as a short one; a cycle, which the forms refuse, is cut."""
    members, placed, order = set(items), set(), []
    for start in items:
        if start in placed:
            continue
        stack, on_path = [(start, iter(needs(start)))], {start}
        while stack:
            item, pending = stack[-1]
            for prerequisite in pending:
                if (
                    prerequisite in members
                    and prerequisite not in placed
                    and prerequisite not in on_path
                ):
                    stack.append((prerequisite, iter(needs(prerequisite))))
                    on_path.add(prerequisite)
                    break
            else:
                stack.pop()
                on_path.discard(item)
                placed.add(item)
                order.append(item)
    return order
