"""The compaction plan: which parts are merged, rewritten or dropped."""

from __future__ import annotations

from warehouse.compaction import Part, Policy, plan

POLICY = Policy(small_bytes=100, max_small_parts=2, max_hidden_fraction=0.5, max_group_bytes=1000)


def part(name: str, *, year: int = 2020, size: int = 10, docs: int = 4, hidden: int = 0) -> Part:
    return Part(
        year, name, {"documents": f"documents/{name}"}, size, docs, frozenset(f"d{i}" for i in range(hidden))
    )


def names(groups: list[list[Part]]) -> list[list[str]]:
    return [[p.name for p in g] for g in groups]


def test_small_parts_are_merged_only_past_the_limit() -> None:
    assert plan([part("a"), part("b")], POLICY) == ([], [])
    groups, dropped = plan([part("a"), part("b"), part("c")], POLICY)
    assert names(groups) == [["a", "b", "c"]] and dropped == []


def test_years_are_merged_separately() -> None:
    parts = [part(n, year=y) for y in (2019, 2020) for n in "abc"] + [part("d", year=2021)]
    groups, _ = plan(parts, POLICY)
    assert sorted(names(groups)) == [["a", "b", "c"], ["a", "b", "c"]]
    assert {g[0].year for g in groups} == {2019, 2020}


def test_large_parts_are_left_alone() -> None:
    groups, _ = plan([part("a", size=500), part("b", size=500), part("c", size=500)], POLICY)
    assert groups == []


def test_a_mostly_hidden_part_is_rewritten_even_alone() -> None:
    groups, _ = plan([part("a", size=500, hidden=2), part("b", size=500, hidden=1)], POLICY)
    assert names(groups) == [["a"]]


def test_a_fully_hidden_part_is_dropped_not_rewritten() -> None:
    groups, dropped = plan([part("a", hidden=4), part("b")], POLICY)
    assert groups == [] and [p.name for p in dropped] == ["a"]


def test_groups_are_bounded_in_bytes() -> None:
    parts = [part(n, size=90) for n in "abcdefghijklmnopqrstuvwxyz"]  # 26 x 90 bytes, 1000 per group
    groups, _ = plan(parts, Policy(small_bytes=100, max_small_parts=2, max_group_bytes=1000))
    assert [len(g) for g in groups] == [11, 11, 4]
    assert sum(groups, []) == parts
