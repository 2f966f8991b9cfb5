"""Crash and concurrency safety with real `claimhouse run` processes.

Each crash test kills a run with SIGKILL at a fault-injection point (warehouse/faults.py), then
checks that readers still see one complete published state and that the next run recovers.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from flows.cli import main
from tests.conftest import PROJECT, query
from tests.flows.test_etl import ARTICLE, make_seeds
from warehouse.faults import POINTS

CLI = [sys.executable, "-m", "flows.cli"]


def start_run(
    seeds: Path, wh: Path, env: dict[str, str], *extra: str, fault: str = ""
) -> subprocess.Popen[str]:
    env = {**env, "CLAIMHOUSE_FAULT": fault} if fault else dict(env)
    return subprocess.Popen(
        [*CLI, "run", "--seeds", str(seeds), "--warehouse", str(wh), *extra],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(p: subprocess.Popen[str], timeout: float = 120) -> tuple[int, str, str]:
    out, err = p.communicate(timeout=timeout)
    return p.returncode, out, err


def visible_files_exist(wh: Path) -> bool:
    """Every Parquet file the catalog's views name exists and reads completely."""
    for (table,) in query(wh, "SELECT view_name FROM duckdb_views() WHERE NOT internal"):
        query(wh, f"SELECT count(*) FROM {table}")
    return True


@pytest.mark.slow
@pytest.mark.parametrize("point", POINTS)
def test_sigkill_leaves_the_published_state_and_the_next_run_recovers(
    point: str, run_etl: Any, harness_env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds, wh = make_seeds(tmp_path), tmp_path / "wh"
    first = run_etl(seeds, wh)["run"]["run_id"]
    (seeds / "more" / "001_0000000000000001.txt").write_text(ARTICLE.format(day=1, n=42, word="crashed"))
    code, _, err = finish(start_run(seeds, wh, harness_env, fault=point))
    assert code == -9, err[-2000:]
    # readers see one complete state: the old one, or (killed after the pointer swap) still the old catalog
    assert query(wh, "SELECT run_id FROM publication") == [(first,)]
    assert visible_files_exist(wh)
    assert main(["check", "--warehouse", str(wh)]) == 0
    capsys.readouterr()
    # the next run cleans up and completes
    summary = run_etl(seeds, wh)
    assert summary["run"]["status"] == "published"
    statuses = [s for (s,) in query(wh, "SELECT status FROM runs ORDER BY run_id")]
    assert statuses == ["published", "published" if point == "after_pointer" else "failed", "published"]
    assert not list((wh / "state" / "staging").iterdir())
    assert not list(wh.rglob("*.tmp")) and not list(wh.glob("warehouse.duckdb.tmp-*"))
    assert [t for (t,) in query(wh, "SELECT text FROM documents WHERE doc_id = '0000000000000001'")][0].find(
        "42"
    ) > 0
    assert main(["check", "--warehouse", str(wh)]) == 0


@pytest.mark.slow
def test_two_concurrent_runs_never_corrupt_the_warehouse(
    run_etl: Any, harness_env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds, wh = make_seeds(tmp_path), tmp_path / "wh"
    run_etl(seeds, wh)
    holder = start_run(seeds, wh, harness_env, fault="after_load:pause=6")
    lock = wh / "state" / "lock"
    deadline = time.monotonic() + 60
    while b"pid" not in (lock.read_bytes() if lock.exists() else b""):
        assert time.monotonic() < deadline and holder.poll() is None, "the first run never took the lock"
        time.sleep(0.1)
    refused = finish(start_run(seeds, wh, harness_env))
    waiter = start_run(seeds, wh, harness_env, "--wait", "60")
    assert refused[0] == 3 and "another run holds the warehouse lock" in refused[2]
    assert "Traceback" not in refused[2]
    assert finish(holder)[0] == 0
    assert finish(waiter)[0] == 0
    statuses = [s for (s,) in query(wh, "SELECT status FROM runs ORDER BY run_id")]
    assert statuses == ["published"] * 3
    assert main(["check", "--warehouse", str(wh)]) == 0
