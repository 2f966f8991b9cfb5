"""Snapshots: a published state is a folder of Parquet parts and a manifest; CURRENT points to one.

Publishing = renaming the audited staging folder into snapshots/ and atomically replacing the
CURRENT pointer. Unchanged parts of the previous snapshot are hard-linked, not copied, so every
snapshot is self-contained and garbage collection is deleting folders.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel, ConfigDict

from warehouse.faults import fault_point
from warehouse.files import atomic_write_bytes, fsync_dir, write_parquet
from warehouse.layout import Layout


class Manifest(BaseModel):
    """What a snapshot holds: its Parquet parts per table (paths relative to the snapshot)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    run_id: str
    pipeline_version: str
    created_at: dt.datetime
    tables: dict[str, list[str]]
    rows: dict[str, int]
    sources: dict[str, str]  # source_path -> content_sha256 of every loaded document (the ledger)
    added: dict[str, list[str]] = {}  # the parts this snapshot's run wrote (the rest was carried over)
    deleted: str | None = None  # Parquet file of (part, doc_id) rows hidden from the carried-over parts
    compaction: dict[str, int] = {}  # parts merged, merged parts written, parts dropped by this run


def snapshot_dir(layout: Layout, run_id: str) -> Path:
    return layout.snapshots / run_id


def read_current(layout: Layout) -> tuple[Path, Manifest] | None:
    """The published snapshot folder and its manifest, or None before the first publish."""
    try:
        run_id = json.loads(layout.current.read_text())["run_id"]
    except FileNotFoundError:
        return None
    folder = snapshot_dir(layout, run_id)
    return folder, read_manifest(folder)


def read_manifest(folder: Path) -> Manifest:
    return Manifest.model_validate_json((folder / "manifest.json").read_text())


def write_manifest(folder: Path, manifest: Manifest) -> None:
    atomic_write_bytes(folder / "manifest.json", manifest.model_dump_json(indent=1).encode())


DELETED = "deleted.parquet"


def carry_over(
    prev: Path, manifest: Manifest, staging: Path, drop: Sequence[tuple[str, str]]
) -> tuple[dict[str, list[str]], set[tuple[str, str]]]:
    """Bring the previous snapshot's parts into staging by hard link, never rewriting them.

    ``drop`` lists (part file name, doc_id) of the rows replaced or deleted by this run; with the
    previous snapshot's own list they make the rows to hide (a deletion vector that the views
    anti-join: a 1 % change rewrites no part). Returns the parts per table and the hidden rows.
    """
    kept: dict[str, list[str]] = {}
    src, dst = str(prev), str(staging)
    folders: set[str] = set()
    for table, parts in manifest.tables.items():
        kept[table] = []
        for rel in parts:  # plain strings: a warehouse holds thousands of parts
            folder = os.path.dirname(rel)
            if folder not in folders:
                os.makedirs(os.path.join(dst, folder), exist_ok=True)
                folders.add(folder)
            os.link(os.path.join(src, rel), os.path.join(dst, rel))
            kept[table].append(rel)
    return kept, set(drop) | hidden_rows(prev, manifest)


def hidden_rows(folder: Path, manifest: Manifest) -> set[tuple[str, str]]:
    """The (part file name, doc_id) rows a snapshot's deletion vector hides."""
    if not manifest.deleted:
        return set()
    t = pq.read_table(folder / manifest.deleted)
    return set(zip(t.column("part").to_pylist(), t.column("doc_id").to_pylist(), strict=True))


def write_deleted(staging: Path, rows: set[tuple[str, str]]) -> str | None:
    """Write the deletion vector of a staged snapshot; None when no row is hidden."""
    if not rows:
        return None
    ordered = sorted(rows)
    table = pa.table({"part": [p for p, _ in ordered], "doc_id": [d for _, d in ordered]})
    write_parquet(table, staging / DELETED)
    return DELETED


def promote(layout: Layout, run_id: str) -> Path:
    """Publish a staged snapshot: one rename of its folder, then one atomic pointer swap."""
    staged, final = layout.staging / run_id, snapshot_dir(layout, run_id)
    os.rename(staged, final)
    fsync_dir(layout.snapshots)
    fault_point("after_rename")
    atomic_write_bytes(layout.current, json.dumps({"run_id": run_id}).encode())
    return final


def collect_garbage(
    layout: Layout, keep: int, published: set[str], active_run: str | None = None
) -> list[str]:
    """Delete staging folders of other runs, snapshots of runs that never published (a run killed
    between its rename and its pointer swap), and all but the newest ``keep`` published snapshots.
    The current snapshot is always kept."""
    removed = []
    for d in sorted(layout.staging.glob("*")):
        if d.name != active_run:
            shutil.rmtree(d, ignore_errors=True)
            removed.append(f"staging/{d.name}")
    current = read_current(layout)
    current_id = current[1].run_id if current else None
    snaps = sorted(d.name for d in layout.snapshots.glob("*") if d.is_dir() and d.name != current_id)
    good = [s for s in snaps if s in published]
    doomed = [s for s in snaps if s not in published] + good[: max(len(good) - max(keep - 1, 0), 0)]
    for name in doomed:
        shutil.rmtree(layout.snapshots / name, ignore_errors=True)
        removed.append(f"snapshots/{name}")
    return removed


def list_snapshots(layout: Layout) -> list[Manifest]:
    """The manifests of the snapshots on disk, oldest first."""
    return [read_manifest(d) for d in sorted(layout.snapshots.glob("*")) if (d / "manifest.json").exists()]


def point_to(layout: Layout, run_id: str) -> tuple[Path, Manifest]:
    """Make an existing snapshot the published one (rollback)."""
    folder = snapshot_dir(layout, run_id)
    if not (folder / "manifest.json").exists():
        raise FileNotFoundError(f"no snapshot {run_id} in {layout.snapshots}")
    manifest = read_manifest(folder)
    atomic_write_bytes(layout.current, json.dumps({"run_id": run_id}).encode())
    return folder, manifest
