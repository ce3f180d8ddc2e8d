"""Dependency graphs between milestones of one agreement."""

from __future__ import annotations

from collections import deque


def find_cycle(graph: dict[str, list[str]], start: str) -> list[str] | None:
    """Return a path start → … → start if ``start`` depends on itself, else None.

    ``graph`` maps each milestone key to the keys it depends on. A breadth-first
    search finds the shortest such cycle, without recursion, so long chains work.
    """
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        key = queue.popleft()
        for dependency in graph.get(key, []):
            if dependency == start:
                path = [key]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [start, *reversed(path[:-1]), start] if key != start else [start, start]
            if dependency not in came_from:
                came_from[dependency] = key
                queue.append(dependency)
    return None
