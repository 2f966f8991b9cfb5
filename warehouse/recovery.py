"""Bringing a warehouse left by a killed run back to a consistent state (run under the lock)."""

from __future__ import annotations

import duckdb

from warehouse.catalog import refresh_catalog
from warehouse.files import TMP_SUFFIX
from warehouse.layout import Layout
from warehouse.runlog import read_runs, write_run
from warehouse.snapshots import collect_garbage, read_current


def catalog_run_id(layout: Layout) -> str | None:
    """The run_id the catalog publishes, or None when there is no readable catalog."""
    try:
        con = duckdb.connect(str(layout.catalog), read_only=True)
    except duckdb.Error:
        return None
    try:
        row = con.execute("SELECT run_id FROM publication").fetchone()
        return str(row[0]) if row else None
    except duckdb.Error:
        return None
    finally:
        con.close()


def recover(layout: Layout, active_run: str, keep: int) -> list[str]:
    """Finish or undo what a killed run left, and say what was done.

    - the run CURRENT points to but still marked running: it did publish; record that;
    - a catalog that does not show CURRENT: rebuild it;
    - other runs still marked running: failed (interrupted);
    - staging folders, snapshots that were never published, temporary files: deleted.
    """
    notes: list[str] = []
    runs = {r.run_id: r for r in read_runs(layout)}
    current = read_current(layout)
    if current is not None:
        folder, manifest = current
        run = runs.get(manifest.run_id)
        if run is not None and run.status == "running":
            done = run.model_copy(
                update={
                    "status": "published",
                    "finished_at": manifest.created_at,
                    "message": "published; the process stopped before recording it",
                }
            )
            write_run(layout, done)
            runs[run.run_id] = done
            notes.append(f"run {run.run_id} had published: recorded")
        if catalog_run_id(layout) != manifest.run_id:
            refresh_catalog(layout, folder, manifest)
            notes.append(f"catalog rebuilt for {manifest.run_id}")
    for run in runs.values():
        if run.status == "running" and run.run_id != active_run:
            write_run(
                layout,
                run.model_copy(
                    update={
                        "status": "failed",
                        "message": "interrupted: the process stopped before finishing",
                    }
                ),
            )
            notes.append(f"run {run.run_id} marked failed (interrupted)")
    for tmp in [*layout.state.glob(f"**/*{TMP_SUFFIX}"), *layout.root.glob(f"{layout.catalog.name}.tmp-*")]:
        tmp.unlink(missing_ok=True)
        notes.append(f"removed {tmp.name}")
    published = {r.run_id for r in runs.values() if r.status == "published"}
    notes += [f"removed {p}" for p in collect_garbage(layout, keep, published, active_run=active_run)]
    return notes
