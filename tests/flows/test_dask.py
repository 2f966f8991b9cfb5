"""The distributed path: the flow's tasks on a real Dask LocalCluster with two worker processes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import query
from tests.flows.test_etl import make_seeds, snapshot


@pytest.mark.slow
def test_flow_on_a_dask_cluster_gives_the_same_rows(
    run_etl: Any, harness_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from distributed import Client, LocalCluster

    from flows.etl import DASK_IN_FLIGHT, etl_on_dask

    seeds = make_seeds(tmp_path)
    run_etl(seeds, tmp_path / "local", workers=1, batch_size=1)
    # workers inherit the environment: they must reach the same Prefect server as this process
    monkeypatch.setenv("PREFECT_API_URL", harness_env["PREFECT_API_URL"])
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, Client(cluster) as client:
        summary = etl_on_dask(cluster.scheduler_address)(
            seeds=str(seeds),
            warehouse=str(tmp_path / "dask"),
            batch_size=1,
            workers=1,
            max_in_flight=DASK_IN_FLIGHT,
        )
        worker_pids = set(client.run(lambda: __import__("os").getpid()).values())
    assert summary["run"]["status"] == "published"
    assert len(worker_pids) == 2
    local, dask = snapshot(tmp_path / "local"), snapshot(tmp_path / "dask")
    assert {t: v for t, v in local.items() if t != "documents"} == {
        t: v for t, v in dask.items() if t != "documents"
    }
    assert query(tmp_path / "dask", "SELECT count(*) FROM documents") == [(4,)]
