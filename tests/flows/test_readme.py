"""The README's queries run on the seed warehouse, and its catalogue matches the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import PROJECT, query
from warehouse.schema import catalogue_markdown

README = (PROJECT / "README.md").read_text()
QUERIES = re.findall(r"```sql\n(.*?)```", README, flags=re.S)


def test_readme_has_the_example_queries() -> None:
    assert len(QUERIES) >= 5


@pytest.mark.parametrize("sql", QUERIES, ids=[f"query{i}" for i in range(len(QUERIES))])
def test_readme_query_runs_and_returns_rows(seed_warehouse: Path, sql: str) -> None:
    rows = query(seed_warehouse, sql)
    assert rows, "an example query should show something on the seed warehouse"


def test_readme_catalogue_is_the_generated_one() -> None:
    assert catalogue_markdown() in README


def test_readme_quick_start_is_make_run_and_make_test() -> None:
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = [line.split("#")[0].strip() for line in quick.split("```")[1].strip().splitlines()]
    assert commands == ["make run", "make test"]
    assert "make test" in (PROJECT / ".ci" / "run").read_text()
