"""Published states kept on disk: listing them and rolling back to one."""

from __future__ import annotations

from typing import Any

from warehouse.catalog import refresh_catalog
from warehouse.layout import Layout
from warehouse.lock import WarehouseLock
from warehouse.runlog import read_runs
from warehouse.snapshots import list_snapshots, point_to, read_current


def history(layout: Layout) -> list[dict[str, Any]]:
    """One row per snapshot on disk, newest first, with its run's figures and whether it is current."""
    current = read_current(layout)
    current_id = current[1].run_id if current else None
    runs = {r.run_id: r for r in read_runs(layout)}
    out = []
    for m in reversed(list_snapshots(layout)):
        run = runs.get(m.run_id)
        out.append(
            {
                "run_id": m.run_id,
                "current": m.run_id == current_id,
                "created_at": m.created_at.isoformat(timespec="seconds"),
                "status": run.status if run else None,
                "files_seen": run.files_seen if run else None,
                "files_loaded": run.files_loaded if run else None,
                "documents": m.rows.get("documents"),
                "claims": m.rows.get("claims"),
                "pipeline_version": m.pipeline_version,
            }
        )
    return out


def rollback(layout: Layout, run_id: str, wait_seconds: float = 0.0) -> None:
    """Publish an earlier snapshot again: the pointer and the catalog move to it, atomically.

    The next run then compares the seeds with that state (its manifest is the ledger)."""
    with WarehouseLock(layout.lock, f"rollback to {run_id}", wait_seconds=wait_seconds):
        folder, manifest = point_to(layout, run_id)
        refresh_catalog(layout, folder, manifest)
