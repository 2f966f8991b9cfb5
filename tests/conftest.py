"""Shared fixtures: one Prefect test harness per session and one warehouse built from seeds/."""

from __future__ import annotations

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT / "seeds"
SEED_FILE = "000_4224968f8fd26e4e.txt"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite tests/golden/* from the current output"
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A temporary Prefect server for the whole session (about 10 s to start)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="session")
def run_etl(prefect_harness: None) -> Any:
    """Call the ETL flow in-process under the harness: run_etl(seeds, warehouse, **options)."""
    from flows.etl import etl

    def call(seeds: Path, warehouse: Path, **kw: Any) -> dict[str, Any]:
        return etl(seeds=str(seeds), warehouse=str(warehouse), **kw)

    return call


@pytest.fixture(scope="session")
def seed_warehouse(run_etl: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse built once from the project's seeds/ folder (read-only for tests)."""
    wh = tmp_path_factory.mktemp("seed-warehouse")
    summary = run_etl(SEEDS, wh)
    assert summary["run"]["status"] == "published", summary
    return wh


def query(warehouse: Path, sql: str) -> list[tuple[Any, ...]]:
    """Rows of a query on a published warehouse (read-only)."""
    from warehouse.catalog import connect_published
    from warehouse.layout import Layout

    con = connect_published(Layout.at(warehouse))
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="session")
def harness_env(prefect_harness: None) -> dict[str, str]:
    """Environment for a `claimhouse` subprocess that uses the harness server (no server of its own,
    so a process killed with SIGKILL leaves no orphan server behind)."""
    from prefect.settings import PREFECT_API_URL

    return {
        **os.environ,
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }
